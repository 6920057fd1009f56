//! The answers to a marketer's questions, one per question in order: the part of a form the
//! webinar sign-up and the questionnaire share. Checked by the server's rules and codes
//! (`crates/server/src/questions.rs`) so the reader hears about a mistake before sending.

use kiosque_protocol::{Answer, FieldError, Question, QuestionKind};

/// The server's limits on a text answer.
const SHORT_MAX: usize = 500;
const LONG_MAX: usize = 2000;

/// The field name of a question's answer (`answers.<id>`, as the server names it).
pub fn answer_field(question: &str) -> String {
    format!("answers.{question}")
}

/// A change the reader makes to the answer of question `.0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerAction {
    /// The text of a short or long text.
    Text(usize, String),
    /// A choice of a multiple choice, on or off.
    Choice(usize, String, bool),
    /// The choice of a single choice.
    One(usize, String),
    Checked(usize, bool),
    Scale(usize, u8),
}

/// Empty answers for `questions`, or the reader's earlier ones where they gave some.
pub fn blank_answers(questions: &[Question], earlier: &[Answer]) -> Vec<Answer> {
    questions
        .iter()
        .map(|q| {
            earlier
                .iter()
                .find(|a| a.question == q.id)
                .cloned()
                .unwrap_or_else(|| Answer {
                    question: q.id.clone(),
                    ..Answer::default()
                })
        })
        .collect()
}

/// Applies `action` to `answers`; the field it changed (to clear its error).
pub fn apply(answers: &mut [Answer], action: AnswerAction) -> String {
    let i = match &action {
        AnswerAction::Text(i, _)
        | AnswerAction::Choice(i, _, _)
        | AnswerAction::One(i, _)
        | AnswerAction::Checked(i, _)
        | AnswerAction::Scale(i, _) => *i,
    };
    let answer = &mut answers[i];
    match action {
        AnswerAction::Text(_, text) => answer.text = Some(text),
        AnswerAction::Choice(_, choice, on) => {
            answer.choices.retain(|c| *c != choice);
            if on {
                answer.choices.push(choice);
            }
        }
        AnswerAction::One(_, choice) => answer.choices = vec![choice],
        AnswerAction::Checked(_, on) => answer.checked = Some(on),
        AnswerAction::Scale(_, n) => answer.scale = Some(n),
    }
    answer_field(&answer.question)
}

fn is_given(a: &Answer) -> bool {
    a.text.as_deref().is_some_and(|t| !t.trim().is_empty())
        || !a.choices.is_empty()
        || a.checked == Some(true)
        || a.scale.is_some()
}

/// What is wrong with the answers, added to `errors`: required ones missing, texts too long.
pub fn check_answers(questions: &[Question], answers: &[Answer], errors: &mut Vec<FieldError>) {
    for (q, a) in questions.iter().zip(answers) {
        let field = answer_field(&q.id);
        let long = a.text.as_deref().unwrap_or("").trim().chars().count()
            > if q.kind == QuestionKind::LongText {
                LONG_MAX
            } else {
                SHORT_MAX
            };
        let code = if q.required && !is_given(a) {
            "required"
        } else if long {
            "too_long"
        } else {
            continue;
        };
        errors.push(FieldError {
            field,
            code: code.to_owned(),
        });
    }
}

/// The answers to send: those the reader gave.
pub fn given_answers(answers: &[Answer]) -> Vec<Answer> {
    answers.iter().filter(|a| is_given(a)).cloned().collect()
}
