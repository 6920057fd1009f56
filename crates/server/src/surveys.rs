//! Questionnaires (surveys): checking what a marketer saves and what a reader answers, where
//! a survey stands at a given time, and what readers see of it. SQL is in `store::surveys`;
//! HTTP in `http::surveys` (readers) and `http::admin_surveys`; the console's pages in
//! `console::surveys*`.

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use kiosque_protocol::{
    ConsentText, FieldError, Survey, SurveyAnswerRequest, SurveyInput, SurveySeries, SurveyState,
};

use crate::store::{Store, SurveyInstants, SurveyRow};
use crate::webinars::instant;
use crate::webinars::manage::{valid_id, Saved};

/// The longest introduction and consent text, in characters.
const INTRODUCTION_MAX: usize = 2000;
const TITLE_MAX: usize = 200;
/// Answers from one network address to one site's surveys, an hour.
pub const ANSWERS_PER_IP_PER_HOUR: u32 = 60;

fn field_error(field: &str, code: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
    }
}

/// Checks a survey as a marketer saves it; the instants its local times name. `series`:
/// whether the linked series (if any) is one of the site's.
pub fn check(input: &SurveyInput, series_known: bool) -> Result<SurveyInstants, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = input.title.trim();
    if title.is_empty() {
        errors.push(field_error("title", "required"));
    } else if title.chars().count() > TITLE_MAX {
        errors.push(field_error("title", "too_long"));
    }
    if input.introduction.chars().count() > INTRODUCTION_MAX {
        errors.push(field_error("introduction", "too_long"));
    }
    errors.extend(crate::questions::check_questions(&input.questions));
    if input.questions.is_empty() {
        errors.push(field_error("questions", "required"));
    }
    let mut at = SurveyInstants::default();
    if input.time_zone.parse::<Tz>().is_err() {
        errors.push(field_error("time_zone", "unknown_time_zone"));
    } else {
        let mut local = |field: &str, value: &Option<String>| match value.as_deref() {
            None | Some("") => None,
            Some(value) => match instant(value, &input.time_zone) {
                Ok(t) => Some(t.timestamp()),
                Err(_) => {
                    errors.push(field_error(field, "invalid_time"));
                    None
                }
            },
        };
        at.opens_at = local("opens_at", &input.opens_at);
        at.closes_at = local("closes_at", &input.closes_at);
        at.results_from = local("results_from", &input.results_from);
        if let (Some(opens), Some(closes)) = (at.opens_at, at.closes_at) {
            if closes <= opens {
                errors.push(field_error("closes_at", "before_start"));
            }
        }
    }
    if input.ask_email && input.email_consent.trim().is_empty() {
        errors.push(field_error("email_consent", "required"));
    } else if input.email_consent.chars().count() > INTRODUCTION_MAX {
        errors.push(field_error("email_consent", "too_long"));
    }
    if input.series.is_some() && !series_known {
        errors.push(field_error("series", "unknown_series"));
    }
    if errors.is_empty() {
        Ok(at)
    } else {
        Err(errors)
    }
}

/// Creates or replaces a survey, after checking its id (`id`: `invalid_id`: `a-z 0-9 -`),
/// its fields and its series; the console and the admin API both save through here.
pub async fn save(
    store: &Store,
    site: &str,
    id: &str,
    input: &SurveyInput,
) -> anyhow::Result<Result<Saved, Vec<FieldError>>> {
    if !valid_id(id) {
        return Ok(Err(vec![field_error("id", "invalid_id")]));
    }
    let series_known = match &input.series {
        Some(series) => store.series(site, series).await?.is_some(),
        None => true,
    };
    let at = match check(input, series_known) {
        Ok(at) => at,
        Err(errors) => return Ok(Err(errors)),
    };
    let created = store
        .upsert_survey(site, id, input, at, Utc::now().timestamp())
        .await?;
    Ok(Ok(if created {
        Saved::Created
    } else {
        Saved::Updated
    }))
}

/// `saved` as `typed` would make it (at the instants `at` its dates name): a preview's survey.
pub fn typed_row(saved: &SurveyRow, typed: &SurveyInput, at: SurveyInstants) -> SurveyRow {
    let consent = typed.email_consent.trim();
    SurveyRow {
        id: saved.id.clone(),
        title: typed.title.trim().to_owned(),
        introduction: typed.introduction.trim().to_owned(),
        questions: typed.questions.clone(),
        time_zone: typed.time_zone.clone(),
        opens_at: typed.opens_at.clone(),
        closes_at: typed.closes_at.clone(),
        results_from: typed.results_from.clone(),
        opens_at_unix: at.opens_at,
        closes_at_unix: at.closes_at,
        results_from_unix: at.results_from,
        ask_email: typed.ask_email,
        email_consent: consent.to_owned(),
        // A changed text would be saved as the next version.
        email_consent_version: saved.email_consent_version
            + u32::from(consent != saved.email_consent),
        results_note: typed.results_note.trim().to_owned(),
        series_id: typed.series.clone(),
    }
}

/// Where `survey` stands at `now` (unix seconds).
pub fn state(survey: &SurveyRow, now: i64) -> SurveyState {
    if survey.opens_at_unix.is_some_and(|t| now < t) {
        SurveyState::Upcoming
    } else if survey.closes_at_unix.is_some_and(|t| now >= t) {
        SurveyState::Closed
    } else {
        SurveyState::Open
    }
}

fn rfc3339(unix: Option<i64>) -> Option<String> {
    unix.and_then(|t| Utc.timestamp_opt(t, 0).single())
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// Where a view's results are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// The readers' count, shared for `FRESH_FOR` (`Store::survey_results`).
    ForReaders,
    /// Counted now, with the survey's own questions: a preview's typed ones, which must
    /// neither read nor fill the readers' count of the saved survey.
    Now,
}

/// What a reader gets of `survey` at `now`: its questions once open, the results once out,
/// and `reader`'s own answers if they gave some.
pub async fn survey_view(
    store: &Store,
    site: &str,
    survey: &SurveyRow,
    reader: Option<&str>,
    now: i64,
    counted: Counted,
) -> anyhow::Result<Survey> {
    let state = state(survey, now);
    let results = match (survey.results_from_unix, counted) {
        (Some(from), Counted::ForReaders) if now >= from => {
            Some((*store.survey_results(site, survey).await?).clone())
        }
        (Some(from), Counted::Now) if now >= from => {
            let sets = store.survey_answer_sets(site, &survey.id).await?;
            Some(crate::store::count_results(&survey.questions, &sets))
        }
        _ => None,
    };
    let series = match &survey.series_id {
        Some(id) => store
            .series_title(site, id)
            .await?
            .map(|title| SurveySeries {
                id: id.clone(),
                title,
            }),
        None => None,
    };
    let your_answers = match reader {
        Some(reader) if state != SurveyState::Upcoming => {
            store
                .reader_survey_answers(site, &survey.id, reader)
                .await?
        }
        _ => None,
    };
    Ok(Survey {
        id: survey.id.clone(),
        title: survey.title.clone(),
        introduction: survey.introduction.clone(),
        questions: if state == SurveyState::Upcoming {
            Vec::new()
        } else {
            survey.questions.clone()
        },
        state,
        opens_at: rfc3339(survey.opens_at_unix),
        closes_at: rfc3339(survey.closes_at_unix),
        email_consent: survey.ask_email.then(|| ConsentText {
            version: survey.email_consent_version,
            text: survey.email_consent.clone(),
        }),
        results_note: survey.results_note.clone(),
        series,
        results,
        your_answers,
    })
}

/// A reader's answer as checked: the answers kept, and the address with the consent it was
/// given under (when the survey asks for one).
pub struct ValidAnswer {
    pub answers: Vec<kiosque_protocol::Answer>,
    pub email: Option<(String, u32, String)>,
}

/// Checks every field of a reader's answer and says all that is wrong at once.
pub fn check_answer(
    request: &SurveyAnswerRequest,
    survey: &SurveyRow,
) -> Result<ValidAnswer, Vec<FieldError>> {
    let mut errors = Vec::new();
    let answers = match crate::questions::check_answers(&request.answers, &survey.questions) {
        Ok(answers) => answers,
        Err(mut wrong) => {
            errors.append(&mut wrong);
            Vec::new()
        }
    };
    let mut email = None;
    if survey.ask_email {
        let address = crate::accounts::normalise_email(&request.email);
        if request.email.trim().is_empty() {
            errors.push(field_error("email", "required"));
        } else if address.is_none() {
            errors.push(field_error("email", "invalid_email"));
        }
        match request.consent_version {
            None => errors.push(field_error("consent", "consent_required")),
            Some(v) if v != survey.email_consent_version => {
                errors.push(field_error("consent", "stale_consent"))
            }
            Some(v) => email = address.map(|a| (a, v, survey.email_consent.clone())),
        }
    }
    if errors.is_empty() {
        Ok(ValidAnswer { answers, email })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::{Question, QuestionKind};

    fn input() -> SurveyInput {
        SurveyInput {
            title: "Vos pratiques numériques".into(),
            questions: vec![Question {
                id: "outils".into(),
                label: "Vos outils".into(),
                kind: QuestionKind::Scale,
                required: true,
                choices: vec![],
            }],
            time_zone: "Europe/Paris".into(),
            opens_at: Some("2026-12-01T09:00:00".into()),
            closes_at: Some("2026-12-14T18:00:00".into()),
            ..SurveyInput::default()
        }
    }

    #[test]
    fn dates_are_instants_in_the_zone_and_close_after_they_open() {
        let at = check(&input(), true).unwrap();
        // 09:00 in Paris in winter is 08:00 UTC.
        assert_eq!(
            rfc3339(at.opens_at).as_deref(),
            Some("2026-12-01T08:00:00Z")
        );
        let mut wrong = input();
        wrong.closes_at = Some("2026-11-30T09:00:00".into());
        wrong.ask_email = true;
        wrong.series = Some("inconnue".into());
        wrong.results_from = Some("demain".into());
        let codes: Vec<_> = check(&wrong, false)
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect();
        assert_eq!(
            codes,
            [
                "results_from:invalid_time",
                "closes_at:before_start",
                "email_consent:required",
                "series:unknown_series"
            ]
        );
    }

    #[test]
    fn a_survey_opens_then_closes() {
        let at = check(&input(), true).unwrap();
        let row = SurveyRow {
            id: "s".into(),
            title: String::new(),
            introduction: String::new(),
            questions: vec![],
            time_zone: "Europe/Paris".into(),
            opens_at: None,
            closes_at: None,
            results_from: None,
            opens_at_unix: at.opens_at,
            closes_at_unix: at.closes_at,
            results_from_unix: None,
            ask_email: false,
            email_consent: String::new(),
            email_consent_version: 0,
            results_note: String::new(),
            series_id: None,
        };
        let opens = at.opens_at.unwrap();
        let closes = at.closes_at.unwrap();
        assert_eq!(state(&row, opens - 1), SurveyState::Upcoming);
        assert_eq!(state(&row, opens), SurveyState::Open);
        assert_eq!(state(&row, closes - 1), SurveyState::Open);
        assert_eq!(state(&row, closes), SurveyState::Closed);
    }
}
