//! The question engine webinar forms and questionnaires share: the questions a marketer
//! writes (checked when saved) and the answers readers send (checked against them). Field
//! names are the API's: `questions.<i>.<part>` for a question, `answers.<id>` for an answer.

use kiosque_protocol::{Answer, FieldError, Question, QuestionKind};

use crate::webinars::clean;

/// A short text's answer, at most.
const SHORT_MAX: usize = 500;
/// A long text's answer, at most.
const LONG_MAX: usize = 2000;
/// A scale goes from 1 to this.
pub const SCALE_MAX: u8 = 5;

fn field_error(field: String, code: &str) -> FieldError {
    FieldError {
        field,
        code: code.into(),
    }
}

/// Questions as a marketer saves them: unique ids of `A-Z a-z 0-9 - _`, a label, and at
/// least two choices for the choice kinds.
pub fn check_questions(questions: &[Question]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        let field = format!("questions.{i}");
        let duplicate = questions[..i].iter().any(|other| other.id == q.id);
        let id_ok = !q.id.is_empty()
            && q.id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok || duplicate {
            let code = if duplicate { "duplicate" } else { "invalid_id" };
            errors.push(field_error(format!("{field}.id"), code));
        }
        if q.label.trim().is_empty() {
            errors.push(field_error(format!("{field}.label"), "required"));
        }
        let needs_choices = matches!(
            q.kind,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice
        );
        if needs_choices && q.choices.iter().filter(|c| !c.trim().is_empty()).count() < 2 {
            errors.push(field_error(format!("{field}.choices"), "at_least_two"));
        }
    }
    errors
}

/// Answers checked against the questions: required ones answered, choices among the offered
/// ones (one for a single choice), a scale within 1–5, text cleaned (a long text keeps its
/// lines) and bounded. Only answers to known questions, each in its kind's field, come back.
pub fn check_answers(
    answers: &[Answer],
    questions: &[Question],
) -> Result<Vec<Answer>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut valid = Vec::new();
    let mut error = |id: &str, code: &str| errors.push(field_error(format!("answers.{id}"), code));
    for answer in answers {
        if !questions.iter().any(|q| q.id == answer.question) {
            error(&answer.question, "unknown_question");
        }
    }
    for q in questions {
        let given = answers.iter().find(|a| a.question == q.id);
        let only = |answer: Answer| Answer {
            question: q.id.clone(),
            ..answer
        };
        let text = |cleaned: String| {
            (!cleaned.is_empty()).then(|| {
                only(Answer {
                    text: Some(cleaned),
                    ..Answer::default()
                })
            })
        };
        let cleaned = given.and_then(|a| match q.kind {
            QuestionKind::ShortText => text(clean(a.text.as_deref().unwrap_or(""))),
            QuestionKind::LongText => text(clean_lines(a.text.as_deref().unwrap_or(""))),
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => (!a.choices.is_empty())
                .then(|| {
                    only(Answer {
                        choices: a.choices.clone(),
                        ..Answer::default()
                    })
                }),
            QuestionKind::Checkbox => a.checked.filter(|c| *c).map(|c| {
                only(Answer {
                    checked: Some(c),
                    ..Answer::default()
                })
            }),
            QuestionKind::Scale => a.scale.map(|n| {
                only(Answer {
                    scale: Some(n),
                    ..Answer::default()
                })
            }),
        });
        let Some(answer) = cleaned else {
            if q.required {
                error(&q.id, "required");
            }
            continue;
        };
        // An option not offered, or one given twice (it would count twice in the results).
        let bad_choice = answer
            .choices
            .iter()
            .enumerate()
            .any(|(i, c)| !q.choices.contains(c) || answer.choices[..i].contains(c));
        let max = if q.kind == QuestionKind::LongText {
            LONG_MAX
        } else {
            SHORT_MAX
        };
        if bad_choice || (q.kind == QuestionKind::SingleChoice && answer.choices.len() > 1) {
            error(&q.id, "invalid_choice");
        } else if answer.scale.is_some_and(|n| !(1..=SCALE_MAX).contains(&n)) {
            error(&q.id, "out_of_range");
        } else if answer
            .text
            .as_ref()
            .is_some_and(|t| t.chars().count() > max)
        {
            error(&q.id, "too_long");
        } else {
            valid.push(answer);
        }
    }
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(errors)
    }
}

/// A long text cleaned line by line (each as `clean` does), empty lines between paragraphs
/// kept single.
fn clean_lines(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines().map(clean) {
        if !line.is_empty() || lines.last().is_some_and(|l| !l.is_empty()) {
            lines.push(line);
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, kind: QuestionKind, required: bool) -> Question {
        Question {
            id: id.into(),
            label: id.into(),
            kind,
            required,
            choices: vec!["Oui".into(), "Non".into()],
        }
    }

    #[test]
    fn a_scale_is_from_one_to_five_and_a_long_text_keeps_its_paragraphs() {
        let questions = [
            question("note", QuestionKind::Scale, true),
            question("avis", QuestionKind::LongText, false),
        ];
        let answer = |scale, text: &str| {
            vec![
                Answer {
                    question: "note".into(),
                    scale,
                    ..Answer::default()
                },
                Answer {
                    question: "avis".into(),
                    text: Some(text.into()),
                    ..Answer::default()
                },
            ]
        };
        let valid = check_answers(
            &answer(Some(4), " Un\u{7}  avis\n\n\n\nsur  deux\n\n"),
            &questions,
        )
        .unwrap();
        assert_eq!(valid[0].scale, Some(4));
        assert_eq!(valid[1].text.as_deref(), Some("Un avis\n\nsur deux"));
        let wrong =
            check_answers(&answer(Some(6), &"x".repeat(LONG_MAX + 1)), &questions).unwrap_err();
        let codes: Vec<_> = wrong
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("answers.note", "out_of_range"),
                ("answers.avis", "too_long")
            ]
        );
        let missing = check_answers(&answer(None, ""), &questions).unwrap_err();
        assert_eq!(missing[0].code, "required");
        // A long text of its full length is taken.
        assert!(check_answers(&answer(Some(1), &"x".repeat(LONG_MAX)), &questions).is_ok());
    }

    #[test]
    fn questions_need_ids_labels_and_two_choices() {
        let mut single = question("q", QuestionKind::SingleChoice, false);
        single.choices = vec!["Seule".into(), " ".into()];
        let questions = [single, question("q", QuestionKind::Scale, false)];
        let codes: Vec<_> = check_questions(&questions)
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("questions.0.choices".to_owned(), "at_least_two".to_owned()),
                ("questions.1.id".to_owned(), "duplicate".to_owned())
            ]
        );
    }

    #[test]
    fn answers_are_checked_against_the_questions() {
        let question = |id: &str, kind, required| Question {
            id: id.into(),
            label: id.into(),
            kind,
            required,
            choices: vec!["A".into(), "B".into()],
        };
        let questions = [
            question("structure", QuestionKind::SingleChoice, true),
            question("themes", QuestionKind::MultipleChoice, false),
            question("note", QuestionKind::ShortText, false),
            question("premiere", QuestionKind::Checkbox, false),
        ];
        let answer = |id: &str, choices: &[&str]| Answer {
            question: id.into(),
            choices: choices.iter().map(|c| c.to_string()).collect(),
            ..Answer::default()
        };
        let wrong = check_answers(
            &[
                answer("structure", &["A", "B"]),
                answer("intrus", &["A"]),
                answer("themes", &["A", "A"]),
            ],
            &questions,
        )
        .unwrap_err();
        let codes: Vec<(&str, &str)> = wrong
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("answers.intrus", "unknown_question"),
                ("answers.structure", "invalid_choice"),
                ("answers.themes", "invalid_choice")
            ]
        );
        let missing = check_answers(&[], &questions).unwrap_err();
        assert_eq!(missing[0].field, "answers.structure");
        assert_eq!(missing[0].code, "required");
        let note = Answer {
            question: "note".into(),
            text: Some("  Une\nquestion ".into()),
            ..Answer::default()
        };
        let unchecked = Answer {
            question: "premiere".into(),
            checked: Some(false),
            ..Answer::default()
        };
        let valid = check_answers(
            &[
                answer("structure", &["B"]),
                answer("themes", &["A", "B"]),
                note,
                unchecked,
            ],
            &questions,
        )
        .unwrap();
        assert_eq!(valid.len(), 3, "an unticked checkbox is no answer");
        assert_eq!(valid[2].text.as_deref(), Some("Une question"));
    }
}
