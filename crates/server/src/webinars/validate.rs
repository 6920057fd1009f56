//! Checking what readers and admins send: registration forms (with their answers), series and
//! sessions. Every wrong field is reported at once, with a stable code.

use chrono_tz::Tz;
use kiosque_protocol::{Answer, ConsentText, FieldError, Question, RegistrationRequest};

use super::instant;

/// A registration as validated: trimmed, normalised, consents checked against the current
/// texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    /// Only answers to known questions, cleaned; unanswered optional questions left out.
    pub answers: Vec<Answer>,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub organisation: String,
    pub job_title: String,
    pub consent_processing: ConsentText,
    pub consent_marketing: Option<ConsentText>,
    pub source_page: String,
}

const NAME_MAX: usize = 100;
const TEXT_MAX: usize = 200;

/// Control characters out, runs of white space folded: names go into e-mails.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks every field and says all that is wrong at once.
pub fn validate(
    request: &RegistrationRequest,
    questions: &[Question],
    processing: &ConsentText,
    marketing: &ConsentText,
) -> Result<ValidRegistration, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut error = |field: &str, code: &str| {
        errors.push(FieldError {
            field: field.into(),
            code: code.into(),
        })
    };
    let first_name = clean(&request.first_name);
    let last_name = clean(&request.last_name);
    let organisation = clean(&request.organisation);
    let job_title = clean(&request.job_title);
    for (field, value, max) in [
        ("first_name", &first_name, NAME_MAX),
        ("last_name", &last_name, NAME_MAX),
        ("organisation", &organisation, TEXT_MAX),
        ("job_title", &job_title, TEXT_MAX),
    ] {
        if value.is_empty() && (field == "first_name" || field == "last_name") {
            error(field, "required");
        } else if value.chars().count() > max {
            error(field, "too_long");
        }
    }
    let email = crate::accounts::normalise_email(&request.email);
    if request.email.trim().is_empty() {
        error("email", "required");
    } else if email.is_none() {
        error("email", "invalid_email");
    }
    match request.consent_processing_version {
        None => error("consent_processing", "consent_required"),
        Some(v) if v != processing.version => error("consent_processing", "stale_consent"),
        Some(_) => {}
    }
    let consent_marketing = match request.consent_marketing_version {
        None => None,
        Some(v) if v == marketing.version => Some(marketing.clone()),
        Some(_) => {
            error("consent_marketing", "stale_consent");
            None
        }
    };
    let answers = match crate::questions::check_answers(&request.answers, questions) {
        Ok(answers) => answers,
        Err(mut wrong) => {
            errors.append(&mut wrong);
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidRegistration {
        answers,
        email: email.unwrap_or_default(),
        first_name,
        last_name,
        organisation,
        job_title,
        consent_processing: processing.clone(),
        consent_marketing,
        source_page: request.source_page.chars().take(500).collect(),
    })
}

/// Checks a series as an admin sends it: a title, and questions with unique ids, labels, and
/// choices for the choice kinds.
pub fn validate_series(input: &kiosque_protocol::SeriesInput) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut error = |field: String, code: &str| {
        errors.push(FieldError {
            field,
            code: code.into(),
        })
    };
    if input.title.trim().is_empty() {
        error("title".into(), "required");
    }
    errors.extend(crate::questions::check_questions(&input.questions));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks a session as an admin sends it: a title, a known zone, local times that exist, the
/// end after the start, registration closing no later than the start, a positive capacity.
pub fn validate_session(input: &kiosque_protocol::SessionInput) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut error = |field: &str, code: &str| {
        errors.push(FieldError {
            field: field.into(),
            code: code.into(),
        })
    };
    if input.title.trim().is_empty() {
        error("title", "required");
    }
    if input.time_zone.parse::<Tz>().is_err() {
        error("time_zone", "unknown_time_zone");
    } else {
        let starts = instant(&input.starts_at, &input.time_zone);
        let ends = instant(&input.ends_at, &input.time_zone);
        if starts.is_err() {
            error("starts_at", "invalid_time");
        }
        if ends.is_err() {
            error("ends_at", "invalid_time");
        }
        if let (Ok(starts), Ok(ends)) = (&starts, &ends) {
            if ends <= starts {
                error("ends_at", "before_start");
            }
            if let Some(closes) = &input.registration_closes_at {
                match instant(closes, &input.time_zone) {
                    Err(_) => error("registration_closes_at", "invalid_time"),
                    Ok(closes) if closes > *starts => {
                        error("registration_closes_at", "after_start")
                    }
                    Ok(_) => {}
                }
            }
        }
    }
    if input.capacity == Some(0) {
        error("capacity", "must_be_positive");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consent(version: u32) -> ConsentText {
        ConsentText {
            version,
            text: "J’accepte.".into(),
        }
    }

    #[test]
    fn every_field_error_is_reported_at_once() {
        let request = RegistrationRequest {
            first_name: "  ".into(),
            last_name: "Martin".into(),
            email: "claire@exemple".into(),
            consent_processing_version: None,
            consent_marketing_version: Some(1),
            ..RegistrationRequest::default()
        };
        let errors = validate(&request, &[], &consent(2), &consent(3)).unwrap_err();
        let pairs: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("first_name", "required"),
                ("email", "invalid_email"),
                ("consent_processing", "consent_required"),
                ("consent_marketing", "stale_consent"),
            ]
        );
    }

    #[test]
    fn a_valid_registration_is_cleaned() {
        let request = RegistrationRequest {
            first_name: " Claire\r\nBcc: x ".into(),
            last_name: "Martin".into(),
            email: " Claire@Exemple.FR ".into(),
            consent_processing_version: Some(2),
            ..RegistrationRequest::default()
        };
        let valid = validate(&request, &[], &consent(2), &consent(3)).unwrap();
        assert_eq!(valid.first_name, "Claire Bcc: x");
        assert_eq!(valid.email, "claire@exemple.fr");
        assert_eq!(valid.consent_marketing, None, "never assumed");
    }
}
