//! A questionnaire's form: the answers, the address and its consent when the survey asks for
//! them, and where the submission stands. Pure state, as the webinar form: nothing typed is
//! ever dropped, and a submission keeps its idempotency key until it is answered or changed.

use std::rc::Rc;

use kiosque_protocol::{Answer, FieldError, Question, Survey, SurveyAnswerRequest};
use yew::Reducible;

use super::answers::{apply, blank_answers, check_answers, given_answers, AnswerAction};
use super::webinar_form::{plausible_email, Failure};

/// The field names the server gives the address and its consent.
pub const SURVEY_EMAIL: &str = "email";
pub const SURVEY_CONSENT: &str = "consent";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SurveyPhase {
    #[default]
    Editing,
    Sending,
    /// Saved; `replaced`: it replaced the reader's earlier answers.
    Done {
        replaced: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SurveyForm {
    /// One answer per question of the survey, in its order.
    pub answers: Vec<Answer>,
    pub email: String,
    pub consent: bool,
    /// The honeypot: people never see it, bots fill it.
    pub website: String,
    pub errors: Vec<FieldError>,
    pub failure: Option<Failure>,
    pub phase: SurveyPhase,
    /// The key of the submission under way: a retry reuses it; any change starts a new one.
    pub key: Option<String>,
    /// Refusals so far: the view moves the focus to the first wrong field each time.
    pub refusals: u32,
    /// When the form appeared (ms since the epoch): the fill time tells people from bots.
    pub shown_at: f64,
    /// The reader had answered before: the form holds their answers, to change.
    pub answered_before: bool,
}

pub enum SurveyAction {
    /// The survey arrived: its questions, the reader's earlier answers, shown at `.2` (ms).
    Start(Vec<Question>, Option<Vec<Answer>>, f64),
    Answer(AnswerAction),
    Email(String),
    Consent(bool),
    Honeypot(String),
    /// Found wrong here (nothing sent) or by the server: back to editing, errors on fields.
    Invalid(Vec<FieldError>),
    /// On its way, with this key.
    Sending(String),
    /// Saved (whether it replaced earlier answers), or why not.
    Answered(Result<bool, Failure>),
    /// After a save, the reader changes their answers again.
    Edit,
}

impl SurveyForm {
    /// The first problem with a field, by its server name.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.code.as_str())
    }

    /// Everything wrong, by the server's rules and codes; empty when it may go.
    pub fn check(&self, survey: &Survey) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_answers(&survey.questions, &self.answers, &mut errors);
        if survey.email_consent.is_some() {
            let email = self.email.trim();
            let code = if email.is_empty() {
                Some("required")
            } else if !plausible_email(email) {
                Some("invalid_email")
            } else {
                None
            };
            if let Some(code) = code {
                errors.push(error(SURVEY_EMAIL, code));
            }
            if !self.consent {
                errors.push(error(SURVEY_CONSENT, "consent_required"));
            }
        }
        errors
    }

    /// The request body for `survey`, sent at `now` (ms).
    pub fn request(&self, survey: &Survey, now: f64) -> SurveyAnswerRequest {
        let asked = survey.email_consent.as_ref();
        SurveyAnswerRequest {
            answers: given_answers(&self.answers),
            email: if asked.is_some() {
                self.email.trim().to_owned()
            } else {
                String::new()
            },
            consent_version: asked.filter(|_| self.consent).map(|c| c.version),
            website: self.website.clone(),
            fill_ms: Some((now - self.shown_at).clamp(0.0, u32::MAX as f64) as u32),
        }
    }
}

fn error(field: &str, code: &str) -> FieldError {
    FieldError {
        field: field.to_owned(),
        code: code.to_owned(),
    }
}

impl Reducible for SurveyForm {
    type Action = SurveyAction;

    fn reduce(self: Rc<Self>, action: SurveyAction) -> Rc<Self> {
        let mut next = (*self).clone();
        // A change clears its field's error and the banner, and makes a new submission (a
        // retry of the old one would be answered with what was sent before).
        let mut edited = |field: &str| {
            next.errors.retain(|e| e.field != field);
            next.failure = None;
            next.key = None;
        };
        match action {
            SurveyAction::Start(questions, earlier, shown_at) => {
                return Rc::new(SurveyForm {
                    answers: blank_answers(&questions, earlier.as_deref().unwrap_or_default()),
                    answered_before: earlier.is_some(),
                    shown_at,
                    ..SurveyForm::default()
                })
            }
            SurveyAction::Answer(action) => {
                let field = apply(&mut next.answers, action);
                edited(&field);
            }
            SurveyAction::Email(email) => {
                edited(SURVEY_EMAIL);
                next.email = email;
            }
            SurveyAction::Consent(on) => {
                edited(SURVEY_CONSENT);
                next.consent = on;
            }
            SurveyAction::Honeypot(value) => next.website = value,
            SurveyAction::Invalid(errors) => {
                next.phase = SurveyPhase::Editing;
                next.errors = errors;
                next.failure = None;
                next.refusals += 1;
            }
            SurveyAction::Sending(key) => {
                next.key = Some(key);
                next.phase = SurveyPhase::Sending;
                next.errors.clear();
                next.failure = None;
            }
            SurveyAction::Answered(Ok(replaced)) => {
                next.phase = SurveyPhase::Done { replaced };
                next.key = None;
                next.answered_before = true;
            }
            SurveyAction::Answered(Err(failure)) => {
                next.phase = SurveyPhase::Editing;
                next.failure = Some(failure);
            }
            SurveyAction::Edit => next.phase = SurveyPhase::Editing,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::{ConsentText, QuestionKind, SurveyState};

    fn survey(asks_email: bool) -> Survey {
        Survey {
            id: "pratiques".into(),
            title: "Vos pratiques".into(),
            introduction: String::new(),
            questions: vec![
                Question {
                    id: "note".into(),
                    label: "Votre aisance".into(),
                    kind: QuestionKind::Scale,
                    required: true,
                    choices: vec![],
                },
                Question {
                    id: "avis".into(),
                    label: "Vos attentes".into(),
                    kind: QuestionKind::LongText,
                    required: false,
                    choices: vec![],
                },
            ],
            state: SurveyState::Open,
            opens_at: None,
            closes_at: None,
            email_consent: asks_email.then(|| ConsentText {
                version: 3,
                text: "J’accepte.".into(),
            }),
            results_note: String::new(),
            series: None,
            results: None,
            your_answers: None,
        }
    }

    fn started(survey: &Survey, earlier: Option<Vec<Answer>>) -> Rc<SurveyForm> {
        Rc::new(SurveyForm::default()).reduce(SurveyAction::Start(
            survey.questions.clone(),
            earlier,
            1_000.0,
        ))
    }

    #[test]
    fn mistakes_are_found_before_sending_and_typing_clears_them() {
        let s = survey(true);
        let form = started(&s, None).reduce(SurveyAction::Email("pas une adresse".into()));
        let codes: Vec<_> = form
            .check(&s)
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect();
        assert_eq!(
            codes,
            [
                "answers.note:required",
                "email:invalid_email",
                "consent:consent_required"
            ]
        );
        let errors = form.check(&s);
        let form = form
            .reduce(SurveyAction::Invalid(errors))
            .reduce(SurveyAction::Answer(AnswerAction::Scale(0, 4)));
        assert_eq!(form.error("answers.note"), None, "typing clears its error");
        assert_eq!(
            form.error("email"),
            Some("invalid_email"),
            "the others stay"
        );
        assert_eq!(form.refusals, 1);
    }

    #[test]
    fn the_request_carries_the_answers_and_the_consent_version() {
        let s = survey(true);
        let form = started(&s, None)
            .reduce(SurveyAction::Answer(AnswerAction::Scale(0, 5)))
            .reduce(SurveyAction::Answer(AnswerAction::Text(1, "  ".into())))
            .reduce(SurveyAction::Email(" zoe@exemple.fr ".into()))
            .reduce(SurveyAction::Consent(true));
        assert!(form.check(&s).is_empty());
        let request = form.request(&s, 13_000.0);
        assert_eq!(request.answers.len(), 1, "a blank text is no answer");
        assert_eq!(request.answers[0].scale, Some(5));
        assert_eq!(request.email, "zoe@exemple.fr");
        assert_eq!(request.consent_version, Some(3));
        assert_eq!(request.fill_ms, Some(12_000));
        // An anonymous survey sends no address, whatever was typed.
        let anonymous = survey(false);
        assert_eq!(form.request(&anonymous, 13_000.0).email, "");
        assert_eq!(form.request(&anonymous, 13_000.0).consent_version, None);
    }

    #[test]
    fn earlier_answers_come_back_and_a_change_makes_a_new_submission() {
        let s = survey(false);
        let earlier = vec![Answer {
            question: "note".into(),
            scale: Some(2),
            ..Answer::default()
        }];
        let form = started(&s, Some(earlier));
        assert!(form.answered_before);
        assert_eq!(form.answers[0].scale, Some(2));
        let sending = form.reduce(SurveyAction::Sending("cle-0000001".into()));
        // Lost on the way: the same key for the retry...
        let lost = sending.reduce(SurveyAction::Answered(Err(Failure::Network)));
        assert_eq!(lost.key.as_deref(), Some("cle-0000001"));
        assert_eq!(lost.answers[0].scale, Some(2), "nothing typed is lost");
        // ...unless the reader changes an answer: then it is another submission.
        let changed = lost.reduce(SurveyAction::Answer(AnswerAction::Scale(0, 3)));
        assert_eq!(changed.key, None);
        let done = changed
            .reduce(SurveyAction::Sending("cle-0000002".into()))
            .reduce(SurveyAction::Answered(Ok(true)));
        assert_eq!(done.phase, SurveyPhase::Done { replaced: true });
        assert_eq!(done.reduce(SurveyAction::Edit).phase, SurveyPhase::Editing);
    }
}
