//! Webinars: session times in their IANA zone, validating a registration, the calendar file and
//! the mails. SQL is in `store::webinars`; HTTP in `http::webinars`.

use anyhow::{anyhow, Context};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use kiosque_protocol::{
    Answer, ConsentText, FieldError, Question, QuestionKind, RegistrationRequest,
    RegistrationStatus,
};

/// A session's wall-clock time (`2026-12-03T15:30:00`) in `zone`, as an instant. A local time
/// that does not exist (skipped by a DST change) is an error; an ambiguous one takes the
/// earlier instant.
pub fn instant(local: &str, zone: &str) -> anyhow::Result<DateTime<Tz>> {
    let tz: Tz = zone
        .parse()
        .map_err(|_| anyhow!("unknown time zone {zone:?}"))?;
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")
        .with_context(|| format!("bad local time {local:?}"))?;
    tz.from_local_datetime(&naive)
        .earliest()
        .ok_or_else(|| anyhow!("{local} does not exist in {zone}"))
}

/// Below this, a form was filled by a machine, not a person.
pub const MIN_FILL_MS: u32 = 3000;

/// Why a sign-up looks automated, if it does.
pub fn suspicion(request: &RegistrationRequest) -> Option<&'static str> {
    if !request.website.trim().is_empty() {
        Some("honeypot")
    } else if request.fill_ms.is_some_and(|ms| ms < MIN_FILL_MS) {
        Some("too_fast")
    } else {
        None
    }
}

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
    let answers = match validate_answers(&request.answers, questions) {
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

/// Answers checked against the questions: required ones answered, choices among the offered
/// ones (one for a single choice), text cleaned and bounded. Field names are `answers.<id>`.
fn validate_answers(
    answers: &[Answer],
    questions: &[Question],
) -> Result<Vec<Answer>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut valid = Vec::new();
    let mut error = |id: &str, code: &str| {
        errors.push(FieldError {
            field: format!("answers.{id}"),
            code: code.into(),
        })
    };
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
        let cleaned = given.and_then(|a| match q.kind {
            QuestionKind::ShortText => {
                let text = clean(a.text.as_deref().unwrap_or(""));
                (!text.is_empty()).then(|| {
                    only(Answer {
                        text: Some(text),
                        ..Answer::default()
                    })
                })
            }
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
        });
        let Some(answer) = cleaned else {
            if q.required {
                error(&q.id, "required");
            }
            continue;
        };
        let bad_choice = answer.choices.iter().any(|c| !q.choices.contains(c));
        if bad_choice || (q.kind == QuestionKind::SingleChoice && answer.choices.len() > 1) {
            error(&q.id, "invalid_choice");
        } else if answer
            .text
            .as_ref()
            .is_some_and(|t| t.chars().count() > 500)
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
    for (i, q) in input.questions.iter().enumerate() {
        let field = format!("questions.{i}");
        let duplicate = input.questions[..i].iter().any(|other| other.id == q.id);
        let id_ok = !q.id.is_empty()
            && q.id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok || duplicate {
            error(
                format!("{field}.id"),
                if duplicate { "duplicate" } else { "invalid_id" },
            );
        }
        if q.label.trim().is_empty() {
            error(format!("{field}.label"), "required");
        }
        let needs_choices = matches!(
            q.kind,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice
        );
        if needs_choices && q.choices.iter().filter(|c| !c.trim().is_empty()).count() < 2 {
            error(format!("{field}.choices"), "at_least_two");
        }
    }
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

/// What a calendar file needs to know about a session.
pub struct CalendarEvent<'a> {
    /// Stable across resends: the same registration always gets the same UID.
    pub uid: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    pub stamp: DateTime<Utc>,
}

/// An iCalendar (RFC 5545) file with one event, in UTC times (no VTIMEZONE needed).
pub fn ics(event: &CalendarEvent) -> String {
    let utc = |t: &DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Kiosque//Webinaires//FR".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", event.uid),
        format!("DTSTAMP:{}", utc(&event.stamp)),
        format!("DTSTART:{}", utc(&event.starts)),
        format!("DTEND:{}", utc(&event.ends)),
        format!("SUMMARY:{}", ics_text(event.title)),
        format!("DESCRIPTION:{}", ics_text(event.description)),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

/// TEXT values: backslash, semicolon, comma and newlines escaped.
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines of at most 75 octets, continued with CRLF and a space, never inside a character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// The mail after a registration: confirmed (with the calendar file) or waitlisted.
pub fn registration_mail(
    site_name: &str,
    first_name: &str,
    session_title: &str,
    when: &str,
    status: RegistrationStatus,
    cancel_link: &str,
) -> (String, String) {
    match status {
        RegistrationStatus::Waitlisted => (
            format!("Liste d’attente : {session_title}"),
            format!(
                "Bonjour {first_name},\n\nLe webinaire « {session_title} » ({when}) est complet : vous êtes \
                 inscrit·e sur la liste d’attente. Nous vous écrirons dès qu’une place se libère.\n\n\
                 Pour vous retirer de la liste : {cancel_link}\n\n{site_name}\n"
            ),
        ),
        _ => (
            format!("Inscription confirmée : {session_title}"),
            format!(
                "Bonjour {first_name},\n\nVotre inscription au webinaire « {session_title} » ({when}) est \
                 confirmée. Le fichier joint l’ajoute à votre agenda.\n\n\
                 Si vous ne pouvez plus venir, libérez votre place : {cancel_link}\n\n{site_name}\n"
            ),
        ),
    }
}

/// The mail to the first waitlisted reader when a seat frees up.
pub fn promotion_mail(
    site_name: &str,
    first_name: &str,
    session_title: &str,
    when: &str,
    cancel_link: &str,
) -> (String, String) {
    (
        format!("Une place s’est libérée : {session_title}"),
        format!(
            "Bonjour {first_name},\n\nUne place s’est libérée : votre inscription au webinaire « {session_title} » \
             ({when}) est confirmée. Le fichier joint l’ajoute à votre agenda.\n\n\
             Si vous ne pouvez plus venir, libérez votre place : {cancel_link}\n\n{site_name}\n"
        ),
    )
}

/// "jeudi 3 décembre 2026, 15 h 30 – 17 h 00 (heure de Paris)" style, in French.
pub fn french_when(starts: &DateTime<Tz>, ends: &DateTime<Tz>) -> String {
    use crate::french::{DAYS, MONTHS};
    use chrono::{Datelike, Timelike};
    format!(
        "{} {} {} {}, {} h {:02} – {} h {:02} ({})",
        DAYS[starts.weekday().num_days_from_monday() as usize],
        starts.day(),
        MONTHS[starts.month0() as usize],
        starts.year(),
        starts.hour(),
        starts.minute(),
        ends.hour(),
        ends.minute(),
        starts.timezone().name(),
    )
}

/// The reminders, by kind: the day before, then the hour before.
const REMINDERS: [(&str, i64); 2] = [("day", 24 * 3600), ("hour", 3600)];

/// Which reminder is due `until_start` seconds before a session, if any: the hour reminder in
/// the last hour, the day reminder in the day before that.
pub fn reminder_due(until_start: i64) -> Option<(&'static str, i64)> {
    match until_start {
        s if s <= 0 => None,
        s if s <= REMINDERS[1].1 => Some(REMINDERS[1]),
        s if s <= REMINDERS[0].1 => Some(REMINDERS[0]),
        _ => None,
    }
}

pub fn reminder_mail(
    site_name: &str,
    first_name: &str,
    session_title: &str,
    when: &str,
    kind: &str,
) -> (String, String) {
    let soon = if kind == "hour" {
        "dans une heure"
    } else {
        "demain"
    };
    (
        format!("Rappel : « {session_title} » commence {soon}"),
        format!(
            "Bonjour {first_name},\n\nLe webinaire « {session_title} » commence {soon} : {when}.\n\n\
             Si vous ne pouvez plus venir, le lien de votre mail de confirmation libère votre place.\n\n{site_name}\n"
        ),
    )
}

/// Sends the reminders that are due, for every site, once each (the database remembers what
/// was sent, so restarts and several workers never send one twice).
pub async fn send_due_reminders(store: &crate::store::Store) -> anyhow::Result<usize> {
    let now = chrono::Utc::now();
    let mut queued = 0;
    for (site_id, session) in store.scheduled_sessions().await? {
        let starts = instant(&session.starts_at, &session.time_zone)?;
        let until = (starts.with_timezone(&chrono::Utc) - now).num_seconds();
        let Some((kind, window)) = reminder_due(until) else {
            continue;
        };
        let Some(site) = store.site(&site_id).await? else {
            continue;
        };
        let ends = instant(&session.ends_at, &session.time_zone)?;
        let when = french_when(&starts, &ends);
        // Who registered after the reminder time has just had the confirmation: no reminder.
        let window_opened = starts.timestamp() - window;
        for due in store
            .reminders_due(&site.id, &session.id, kind, window_opened)
            .await?
        {
            let (subject, body) =
                reminder_mail(&site.name, &due.first_name, &session.title, &when, kind);
            let mail = crate::store::NewMail {
                to: &due.email,
                subject: &subject,
                body: &body,
                attachment: None,
            };
            if store
                .send_reminder(due.registration_id, kind, mail, now.timestamp())
                .await?
            {
                queued += 1;
            }
        }
    }
    Ok(queued)
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
    fn the_right_reminder_is_due() {
        assert_eq!(reminder_due(3 * 24 * 3600), None);
        assert_eq!(reminder_due(20 * 3600).map(|r| r.0), Some("day"));
        assert_eq!(reminder_due(3600).map(|r| r.0), Some("hour"));
        assert_eq!(reminder_due(60).map(|r| r.0), Some("hour"));
        assert_eq!(reminder_due(0), None);
        assert_eq!(reminder_due(-60), None);
    }

    #[test]
    fn local_times_become_instants_in_their_zone() {
        let winter = instant("2026-12-03T15:30:00", "Europe/Paris").unwrap();
        assert_eq!(
            winter.with_timezone(&Utc).to_rfc3339(),
            "2026-12-03T14:30:00+00:00"
        );
        let summer = instant("2027-06-03T15:30:00", "Europe/Paris").unwrap();
        assert_eq!(
            summer.with_timezone(&Utc).to_rfc3339(),
            "2027-06-03T13:30:00+00:00"
        );
        assert!(
            instant("2027-03-28T02:30:00", "Europe/Paris").is_err(),
            "skipped by DST"
        );
        assert!(instant("2026-12-03T15:30:00", "Mars/Olympus").is_err());
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
        let wrong = validate_answers(
            &[answer("structure", &["A", "B"]), answer("intrus", &["A"])],
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
                ("answers.structure", "invalid_choice")
            ]
        );
        let missing = validate_answers(&[], &questions).unwrap_err();
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
        let valid = validate_answers(
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

    #[test]
    fn calendar_files_are_escaped_and_folded() {
        let starts = instant("2026-12-03T15:30:00", "Europe/Paris")
            .unwrap()
            .with_timezone(&Utc);
        let ends = instant("2026-12-03T17:00:00", "Europe/Paris")
            .unwrap()
            .with_timezone(&Utc);
        let text = ics(&CalendarEvent {
            uid: "reg-1@kiosque",
            title: "Numérique, droits; et \\ accès",
            description: &"Une description très longue. ".repeat(5),
            starts,
            ends,
            stamp: starts,
        });
        assert!(text.contains("DTSTART:20261203T143000Z\r\n"));
        assert!(text.contains("DTEND:20261203T160000Z\r\n"));
        assert!(text.contains("SUMMARY:Numérique\\, droits\\; et \\\\ accès\r\n"));
        assert!(text.lines().all(|l| l.trim_end_matches('\r').len() <= 75));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn french_dates_name_the_day_and_the_zone() {
        let starts = instant("2026-12-03T15:30:00", "Europe/Paris").unwrap();
        let ends = instant("2026-12-03T17:00:00", "Europe/Paris").unwrap();
        assert_eq!(
            french_when(&starts, &ends),
            "jeudi 3 décembre 2026, 15 h 30 – 17 h 00 (Europe/Paris)"
        );
    }
}
