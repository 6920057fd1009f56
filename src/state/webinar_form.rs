//! The webinar sign-up form: what the reader typed, what is wrong with it, and where the
//! submission stands. Pure state: nothing typed is ever dropped, whatever fails, and a
//! submission keeps its idempotency key until the server has answered it.

use std::rc::Rc;

use kiosque_protocol::{
    Answer, FieldError, Question, RegistrationRequest, RegistrationStatus, WebinarSeries,
};
use yew::Reducible;

use super::answers::{apply, blank_answers, check_answers, given_answers, AnswerAction};

/// The server's limits (`crates/server/src/webinars.rs`), checked here first so the reader
/// hears about them before sending.
const NAME_MAX: usize = 100;
const TEXT_MAX: usize = 200;

/// The reader's own fields, named as the server names them in `FieldError::field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    FirstName,
    LastName,
    Email,
    Organisation,
    JobTitle,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Organisation,
        Field::JobTitle,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Email => "email",
            Field::Organisation => "organisation",
            Field::JobTitle => "job_title",
        }
    }
}

pub const CONSENT_PROCESSING: &str = "consent_processing";
pub const CONSENT_MARKETING: &str = "consent_marketing";

/// Why a submission did not register the reader (beyond field errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer even after the automatic retries; sending again is safe (same key).
    Network,
    /// No seat left and no waitlist.
    Full,
    /// Registration closed meanwhile (closing time, cancelled).
    Closed,
    RateLimited,
    Server,
}

impl Failure {
    /// The code in the host page's `kiosque:webinar-failed` event.
    pub fn code(self) -> &'static str {
        match self {
            Failure::Network => "network",
            Failure::Full => "session_full",
            Failure::Closed => "registration_closed",
            Failure::RateLimited => "rate_limited",
            Failure::Server => "server",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    Editing,
    Sending,
    /// Registered (confirmed, waitlisted, or pending the e-mailed confirmation).
    Done(RegistrationStatus),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WebinarForm {
    pub fields: [String; 5],
    /// One answer per question of the series, in the same order.
    pub answers: Vec<Answer>,
    pub consent_processing: bool,
    pub consent_marketing: bool,
    /// The honeypot: people never see it, bots fill it.
    pub website: String,
    pub errors: Vec<FieldError>,
    pub failure: Option<Failure>,
    pub phase: Phase,
    /// The idempotency key of the submission under way, bound to the address: a retry reuses
    /// it; a new address starts a new registration, so it gets a new key.
    pub key: Option<String>,
    /// How many submissions were refused for their fields: the view moves the focus to the
    /// first wrong field each time.
    pub refusals: u32,
    /// When the form appeared (ms since the epoch): the fill time tells people from bots.
    pub shown_at: f64,
}

pub enum FormAction {
    /// The series arrived: an empty form for its questions, shown at `.1` (ms).
    Start(Vec<Question>, f64),
    Input(Field, String),
    /// An answer to one of the series' questions.
    Answer(AnswerAction),
    ConsentProcessing(bool),
    ConsentMarketing(bool),
    Honeypot(String),
    /// Checked here and found wrong (nothing was sent), or refused by the server for these
    /// fields: back to editing, with each error tied to its field.
    Invalid(Vec<FieldError>),
    /// On its way, with this key.
    Sending(String),
    /// The server's answer, beyond field errors (see `Invalid`).
    Answered(Result<RegistrationStatus, Failure>),
}

impl WebinarForm {
    /// An empty form for a series' questions.
    pub fn new(questions: &[Question]) -> Self {
        WebinarForm {
            answers: blank_answers(questions, &[]),
            ..WebinarForm::default()
        }
    }

    pub fn value(&self, field: Field) -> &str {
        &self.fields[field as usize]
    }

    /// The first problem with a field, by its server name.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.code.as_str())
    }

    /// Everything wrong with the form, by the server's rules and codes; empty when it may go.
    pub fn check(&self, questions: &[Question]) -> Vec<FieldError> {
        let error = |field: &str, code: &str| FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
        };
        let mut errors = Vec::new();
        for field in Field::ALL {
            let value = self.value(field).trim();
            let max = match field {
                Field::FirstName | Field::LastName => NAME_MAX,
                _ => TEXT_MAX,
            };
            let required = matches!(field, Field::FirstName | Field::LastName | Field::Email);
            let code = if value.is_empty() && required {
                "required"
            } else if value.chars().count() > max {
                "too_long"
            } else if field == Field::Email && !plausible_email(value) {
                "invalid_email"
            } else {
                continue;
            };
            errors.push(error(field.name(), code));
        }
        check_answers(questions, &self.answers, &mut errors);
        if !self.consent_processing {
            errors.push(error(CONSENT_PROCESSING, "consent_required"));
        }
        errors
    }

    /// The request body for `series`, sent at `now` (ms).
    pub fn request(
        &self,
        series: &WebinarSeries,
        source_page: String,
        now: f64,
    ) -> RegistrationRequest {
        let fill_ms = (now - self.shown_at).clamp(0.0, u32::MAX as f64) as u32;
        let text = |field| self.value(field).trim().to_owned();
        RegistrationRequest {
            first_name: text(Field::FirstName),
            last_name: text(Field::LastName),
            email: text(Field::Email),
            organisation: text(Field::Organisation),
            job_title: text(Field::JobTitle),
            consent_processing_version: self
                .consent_processing
                .then_some(series.consent_processing.version),
            consent_marketing_version: self
                .consent_marketing
                .then_some(series.consent_marketing.version),
            source_page,
            answers: given_answers(&self.answers),
            website: self.website.clone(),
            fill_ms: Some(fill_ms),
        }
    }
}

pub(super) fn plausible_email(email: &str) -> bool {
    email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !email.contains(' ')
    })
}

impl Reducible for WebinarForm {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut next = (*self).clone();
        // Typing clears the field's error and the banner; the values are never touched by
        // anything but the reader.
        let mut edited = |field: &str| {
            next.errors.retain(|e| e.field != field);
            next.failure = None;
        };
        match action {
            FormAction::Start(questions, shown_at) => {
                return Rc::new(WebinarForm {
                    shown_at,
                    ..WebinarForm::new(&questions)
                })
            }
            FormAction::Input(field, value) => {
                edited(field.name());
                if field == Field::Email && value.trim() != next.value(Field::Email).trim() {
                    next.key = None;
                }
                next.fields[field as usize] = value;
            }
            FormAction::Answer(action) => {
                let field = apply(&mut next.answers, action);
                edited(&field);
            }
            FormAction::ConsentProcessing(on) => {
                edited(CONSENT_PROCESSING);
                next.consent_processing = on;
            }
            FormAction::ConsentMarketing(on) => {
                edited(CONSENT_MARKETING);
                next.consent_marketing = on;
            }
            FormAction::Honeypot(value) => next.website = value,
            FormAction::Invalid(errors) => {
                next.phase = Phase::Editing;
                next.errors = errors;
                next.failure = None;
                next.refusals += 1;
            }
            FormAction::Sending(key) => {
                next.key = Some(key);
                next.phase = Phase::Sending;
                next.errors.clear();
                next.failure = None;
            }
            FormAction::Answered(answer) => {
                next.phase = Phase::Editing;
                match answer {
                    Ok(status) => {
                        next.phase = Phase::Done(status);
                        next.key = None;
                    }
                    Err(failure) => next.failure = Some(failure),
                }
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;
