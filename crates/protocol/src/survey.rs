//! Questionnaires: a survey's questions for readers, their answers, and the results once the
//! marketer makes them public. The questions are the webinar form's (`Question`), plus a
//! 1–5 scale and a long text.

use serde::{Deserialize, Serialize};

use crate::webinar::{Answer, ConsentText, Question};

wire_enum! {
    /// Where a survey stands for readers.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum SurveyState {
        /// Before its opening date: the questions are not shown yet.
        Upcoming = "upcoming",
        /// Answers are taken (and a reader's answer may be changed).
        Open = "open",
        /// After its closing date: no more answers.
        Closed = "closed",
    }
}

/// `GET /v1/sites/{site}/surveys/{survey}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Survey {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub introduction: String,
    /// Empty while `upcoming`.
    #[serde(default)]
    pub questions: Vec<Question>,
    pub state: SurveyState,
    /// RFC 3339 (UTC), if the survey has an opening date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
    /// Set when the marketer asks for an e-mail address: the consent the reader must tick to
    /// give it (its exact version is stored with the answer). Otherwise answers are anonymous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_consent: Option<ConsentText>,
    /// Where the results are told ("Résultats dévoilés lors du webinaire du 15 décembre").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub results_note: String,
    /// The webinar series that reveals the results, if linked: its id and title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<SurveySeries>,
    /// The results, from the date the marketer made them public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<SurveyResults>,
    /// This reader's answers (the reader id sent in `X-Kiosque-Reader`), if they answered:
    /// the form shows them, and sending again replaces them while the survey is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub your_answers: Option<Vec<Answer>>,
}

/// A webinar series a survey is linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveySeries {
    pub id: String,
    pub title: String,
}

/// The public results: how many answered, and for each choice question (single, multiple,
/// checkbox, scale) how many chose each option. Free texts are never public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyResults {
    pub answers: u32,
    pub questions: Vec<QuestionResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    /// The question's id.
    pub question: String,
    pub label: String,
    /// How many answered this question.
    pub answered: u32,
    /// Each option in the question's order (a scale: "1" to "5"; a checkbox: "yes"), with
    /// how many chose it.
    pub options: Vec<OptionCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionCount {
    pub option: String,
    pub count: u32,
}

/// `PUT /v1/sites/{site}/surveys/{survey}/answer` (with `X-Kiosque-Reader`): the reader's
/// answer, created or replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyAnswerRequest {
    pub answers: Vec<Answer>,
    /// Only when the survey asks for it (then required, with `consent_version`).
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub consent_version: Option<u32>,
    /// Anti-spam: a field people never see and must leave empty.
    #[serde(default)]
    pub website: String,
    /// Anti-spam: milliseconds between the form appearing and being sent.
    #[serde(default)]
    pub fill_ms: Option<u32>,
}

/// The answer to `SurveyAnswerRequest`: 201 when this reader had not answered, 200 when it
/// replaced their answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyAnswerResult {
    pub replaced: bool,
}

/// `PUT /v1/admin/sites/{site}/surveys/{survey}`: creates or replaces a survey. Dates are
/// local wall-clock times (`2026-12-15T09:00:00`) in `time_zone` (IANA), each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyInput {
    pub title: String,
    #[serde(default)]
    pub introduction: String,
    #[serde(default)]
    pub questions: Vec<Question>,
    pub time_zone: String,
    /// Before it, the placeholder says when the survey opens.
    #[serde(default)]
    pub opens_at: Option<String>,
    /// After it, no more answers.
    #[serde(default)]
    pub closes_at: Option<String>,
    /// From it, readers see the results (choice questions' shares); never, if unset.
    #[serde(default)]
    pub results_from: Option<String>,
    /// Asks readers for an e-mail address (then required, with `email_consent` ticked).
    #[serde(default)]
    pub ask_email: bool,
    /// The consent text readers tick to give their address; required with `ask_email`. A
    /// changed text is a new version.
    #[serde(default)]
    pub email_consent: String,
    #[serde(default)]
    pub results_note: String,
    /// A webinar series of the site that reveals the results.
    #[serde(default)]
    pub series: Option<String>,
}

/// A reader's answer, for the site's admins (admin API only: it may hold an address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminSurveyAnswer {
    /// The reader id the widget keeps (pseudonymous).
    pub reader: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_version: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_text: Option<String>,
    pub answers: Vec<Answer>,
    /// Unix seconds: first answered, last changed.
    pub created_at: i64,
    pub updated_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_wire_names_and_an_answer_request_needs_only_its_answers() {
        for &state in SurveyState::ALL {
            assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
        }
        let request: SurveyAnswerRequest =
            serde_json::from_str(r#"{"answers": [{"question": "q", "scale": 4}]}"#).unwrap();
        assert_eq!(request.answers[0].scale, Some(4));
        assert!(request.email.is_empty() && request.consent_version.is_none());
    }
}
