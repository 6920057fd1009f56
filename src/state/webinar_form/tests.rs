use super::*;
use kiosque_protocol::{ConsentText, QuestionKind, WebinarSeries};

fn questions() -> Vec<Question> {
    vec![
        Question {
            id: "structure".into(),
            label: "Votre structure".into(),
            kind: QuestionKind::SingleChoice,
            required: true,
            choices: vec!["CCAS".into(), "Association".into()],
        },
        Question {
            id: "themes".into(),
            label: "Sujets".into(),
            kind: QuestionKind::MultipleChoice,
            required: false,
            choices: vec!["A".into(), "B".into()],
        },
        Question {
            id: "premiere".into(),
            label: "Premier webinaire".into(),
            kind: QuestionKind::Checkbox,
            required: false,
            choices: vec![],
        },
    ]
}

fn series() -> WebinarSeries {
    WebinarSeries {
        id: "s".into(),
        title: "S".into(),
        description: String::new(),
        sessions: vec![],
        questions: questions(),
        double_opt_in: false,
        consent_processing: ConsentText {
            version: 3,
            text: "Traitement".into(),
        },
        consent_marketing: ConsentText {
            version: 1,
            text: "Marketing".into(),
        },
    }
}

fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect()
}

fn filled() -> Rc<WebinarForm> {
    Rc::new(WebinarForm::new(&questions()))
        .reduce(FormAction::Input(Field::FirstName, "Claire".into()))
        .reduce(FormAction::Input(Field::LastName, "Martin".into()))
        .reduce(FormAction::Input(
            Field::Email,
            " claire@exemple.fr ".into(),
        ))
        .reduce(FormAction::Answer(AnswerAction::One(
            0,
            "Association".into(),
        )))
        .reduce(FormAction::Answer(AnswerAction::One(0, "CCAS".into())))
        .reduce(FormAction::ConsentProcessing(true))
}

#[test]
fn an_empty_form_names_every_required_field_with_the_servers_codes() {
    let form = WebinarForm::new(&questions());
    assert_eq!(
        codes(&form.check(&questions())),
        vec![
            ("first_name", "required"),
            ("last_name", "required"),
            ("email", "required"),
            ("answers.structure", "required"),
            ("consent_processing", "consent_required"),
        ]
    );
    assert!(filled().check(&questions()).is_empty());
}

#[test]
fn a_mistake_is_reported_then_cleared_by_correcting_it_and_nothing_typed_is_lost() {
    let form = filled().reduce(FormAction::Input(Field::Email, "claire@exemple".into()));
    let errors = form.check(&questions());
    assert_eq!(codes(&errors), vec![("email", "invalid_email")]);
    let form = form.reduce(FormAction::Invalid(errors));
    assert_eq!(form.error("email"), Some("invalid_email"));
    assert_eq!(form.value(Field::FirstName), "Claire");
    let form = form.reduce(FormAction::Input(Field::Email, "claire@exemple.fr".into()));
    assert_eq!(form.error("email"), None);
    assert!(form.check(&questions()).is_empty());
}

#[test]
fn limits_match_the_servers() {
    let form = filled()
        .reduce(FormAction::Input(Field::LastName, "x".repeat(101)))
        .reduce(FormAction::Input(Field::JobTitle, "é".repeat(200)));
    assert_eq!(
        codes(&form.check(&questions())),
        vec![("last_name", "too_long")]
    );
}

#[test]
fn the_request_carries_consent_versions_and_only_given_answers() {
    let form = filled()
        .reduce(FormAction::Answer(AnswerAction::Choice(
            1,
            "A".into(),
            true,
        )))
        .reduce(FormAction::Answer(AnswerAction::Choice(
            1,
            "B".into(),
            true,
        )))
        .reduce(FormAction::Answer(AnswerAction::Choice(
            1,
            "A".into(),
            false,
        )))
        .reduce(FormAction::Answer(AnswerAction::Checked(2, false)));
    let request = form
        .clone()
        .reduce(FormAction::Start(questions(), 1000.0))
        .reduce(FormAction::Input(Field::Email, "x@y.fr".into()))
        .request(&series(), String::new(), 5200.5);
    assert_eq!(request.fill_ms, Some(4200));
    assert_eq!(request.first_name, "", "a new series starts an empty form");
    let request = form.request(&series(), "https://exemple.fr/w".into(), 4200.0);
    assert_eq!(request.email, "claire@exemple.fr");
    assert_eq!(request.consent_processing_version, Some(3));
    assert_eq!(
        request.consent_marketing_version, None,
        "never ticked for the reader"
    );
    let answered: Vec<_> = request
        .answers
        .iter()
        .map(|a| (a.question.as_str(), a.choices.clone()))
        .collect();
    assert_eq!(
        answered,
        vec![
            ("structure", vec!["CCAS".to_string()]),
            ("themes", vec!["B".to_string()])
        ]
    );
    assert_eq!(request.fill_ms, Some(4200));
    let request =
        form.reduce(FormAction::ConsentMarketing(true))
            .request(&series(), String::new(), 0.0);
    assert_eq!(request.consent_marketing_version, Some(1));
}

#[test]
fn a_lost_answer_keeps_the_key_and_the_values_a_new_address_gets_a_new_key() {
    let form = filled()
        .reduce(FormAction::Sending("key-1".into()))
        .reduce(FormAction::Answered(Err(Failure::Network)));
    assert_eq!(form.failure, Some(Failure::Network));
    assert_eq!(form.phase, Phase::Editing);
    assert_eq!(
        form.key.as_deref(),
        Some("key-1"),
        "a retry is the same submission"
    );
    assert_eq!(form.value(Field::LastName), "Martin");
    let form = form.reduce(FormAction::Input(Field::LastName, "Martin-Roy".into()));
    assert_eq!(form.key.as_deref(), Some("key-1"));
    let form = form.reduce(FormAction::Input(Field::Email, "autre@exemple.fr".into()));
    assert_eq!(form.key, None, "another address is another registration");
}

#[test]
fn server_answers_become_field_errors_failures_or_the_result() {
    let form = filled().reduce(FormAction::Sending("k".into()));
    let refused = form.clone().reduce(FormAction::Invalid(vec![FieldError {
        field: "answers.structure".into(),
        code: "invalid_choice".into(),
    }]));
    assert_eq!(refused.error("answers.structure"), Some("invalid_choice"));
    assert_eq!(refused.key.as_deref(), Some("k"));
    assert_eq!(
        refused.phase,
        Phase::Editing,
        "the reader can correct and send again"
    );
    let full = form
        .clone()
        .reduce(FormAction::Answered(Err(Failure::Full)));
    assert_eq!(full.failure, Some(Failure::Full));
    let done = form.reduce(FormAction::Answered(Ok(RegistrationStatus::Waitlisted)));
    assert_eq!(done.phase, Phase::Done(RegistrationStatus::Waitlisted));
    assert_eq!(done.key, None);
}
