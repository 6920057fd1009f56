use serde::{Deserialize, Serialize};

/// A host or speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub name: String,
    pub role: String,
}

wire_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum SessionStatus {
        Scheduled = "scheduled",
        Cancelled = "cancelled",
        Ended = "ended",
    }
}

/// One session of a webinar series, as readers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebinarSession {
    pub id: String,
    pub title: String,
    pub description: String,
    /// RFC 3339 with the offset of `time_zone` at that date, e.g. `2026-12-03T15:30:00+01:00`.
    pub starts_at: String,
    pub ends_at: String,
    /// IANA time zone of the session.
    pub time_zone: String,
    /// `None`: unlimited.
    pub capacity: Option<u32>,
    /// `None` when unlimited.
    pub seats_left: Option<u32>,
    pub waitlist: bool,
    pub status: SessionStatus,
    /// Whether a registration would be taken now (scheduled, before the closing time).
    pub registration_open: bool,
    pub hosts: Vec<Person>,
    pub speakers: Vec<Person>,
    pub points: Vec<String>,
    /// The replay, when it is for everyone and still offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replay_url: Option<String>,
}

/// A consent text, versioned: the exact version a reader agreed to is stored with the
/// registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentText {
    pub version: u32,
    pub text: String,
}

/// A question the marketer adds to a series' form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    pub id: String,
    pub label: String,
    pub kind: QuestionKind,
    #[serde(default)]
    pub required: bool,
    /// For `single_choice` and `multiple_choice`.
    #[serde(default)]
    pub choices: Vec<String>,
}

wire_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum QuestionKind {
        ShortText = "short_text",
        SingleChoice = "single_choice",
        MultipleChoice = "multiple_choice",
        Checkbox = "checkbox",
        /// A whole number from 1 to 5 (`Answer::scale`).
        Scale = "scale",
        /// A text of several lines, up to 2,000 characters.
        LongText = "long_text",
    }
}

/// An answer: `text` for short and long text, `choices` for single (one) and multiple
/// choice, `checked` for a checkbox, `scale` (1 to 5) for a scale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub question: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub scale: Option<u8>,
}

/// `GET /v1/sites/{site}/webinars/{series}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebinarSeries {
    pub id: String,
    pub title: String,
    pub description: String,
    pub sessions: Vec<WebinarSession>,
    /// Extra questions of the form, in order.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Double opt-in: a registration stays `pending` (holding no seat) until the reader
    /// confirms it with the link mailed to them.
    #[serde(default)]
    pub double_opt_in: bool,
    /// Required to register.
    pub consent_processing: ConsentText,
    /// Optional, never pre-ticked.
    pub consent_marketing: ConsentText,
}

/// `POST /v1/sites/{site}/webinars/sessions/{session}/registrations`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationRequest {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub job_title: String,
    /// The version of the processing consent the reader ticked; required.
    pub consent_processing_version: Option<u32>,
    /// The version of the marketing consent, if the reader ticked it.
    #[serde(default)]
    pub consent_marketing_version: Option<u32>,
    /// The page the form was on.
    #[serde(default)]
    pub source_page: String,
    /// Answers to the series' questions.
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// Anti-spam: a field people never see and must leave empty.
    #[serde(default)]
    pub website: String,
    /// Anti-spam: milliseconds between the form appearing and being sent.
    #[serde(default)]
    pub fill_ms: Option<u32>,
}

wire_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum RegistrationStatus {
        Confirmed = "confirmed",
        Waitlisted = "waitlisted",
        Cancelled = "cancelled",
        /// Double opt-in: waiting for the reader to confirm with the mailed link; holds no seat.
        Pending = "pending",
    }
}

/// Answer to a registration: 201 when created, 200 when the address was already registered
/// (the same registration, never a second one). A retry carrying the same `Idempotency-Key`
/// gets the first answer again (201, `created: true`, the status it had then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationResult {
    pub status: RegistrationStatus,
    /// Whether this answer created the registration.
    pub created: bool,
    /// The session's seats left after this answer (`None`: no limit), so the form shows them
    /// without loading the series again.
    pub seats_left: Option<u32>,
}

/// A registration, for the site's admins (admin API only: it holds personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminRegistration {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub organisation: String,
    pub job_title: String,
    pub status: RegistrationStatus,
    pub consent_processing_version: i64,
    /// The exact processing consent text the reader agreed to, in the language shown.
    #[serde(default)]
    pub consent_processing_text: String,
    pub consent_marketing_version: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_marketing_text: Option<String>,
    pub source_page: String,
    pub answers: Vec<Answer>,
    /// Unix seconds.
    pub created_at: i64,
}

/// `PUT /v1/admin/sites/{site}/webinars/{series}`: creates or replaces a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub questions: Vec<Question>,
    /// New registrations stay `pending` until the reader confirms by the mailed link.
    #[serde(default)]
    pub double_opt_in: bool,
}

/// `PUT /v1/admin/sites/{site}/webinars/{series}/sessions/{session}`: creates or replaces a
/// session. Times are local wall-clock times (`2026-12-03T15:30:00`) in `time_zone` (IANA).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    /// `None`: unlimited.
    pub capacity: Option<u32>,
    #[serde(default)]
    pub waitlist: bool,
    /// Local time; default: when the session starts.
    #[serde(default)]
    pub registration_closes_at: Option<String>,
    #[serde(default)]
    pub hosts: Vec<Person>,
    #[serde(default)]
    pub speakers: Vec<Person>,
    #[serde(default)]
    pub points: Vec<String>,
}

/// `POST /v1/admin/sites/{site}/consents/{kind}`: a new version of a consent text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentInput {
    /// The text in the site's language; not blank.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schemas::not_blank))]
    pub text: String,
    /// The same text in other languages, by code (`{"en": "…"}`): readers of that language
    /// see it, and agree to it, under the same version.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = crate::schemas::consent_translations)
    )]
    pub translations: std::collections::BTreeMap<String, String>,
}

wire_enum! {
    /// Who may see a session's replay.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ReplayAudience {
        /// Only registrants: the link is mailed to them, never shown publicly.
        #[default]
        Registrants = "registrants",
        /// Everyone: the session's public view links to it too.
        Everyone = "everyone",
    }
}

/// `PUT …/sessions/{session}/replay`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplayRequest {
    /// http(s) link to the recording.
    pub url: String,
    /// Local date-time in the session's zone until which the replay is offered, if limited.
    #[serde(default)]
    pub until: Option<String>,
    /// Default: registrants only.
    #[serde(default)]
    pub audience: ReplayAudience,
}

/// One invalid field of a form, with a stable code (`required`, `invalid_email`, `too_long`,
/// `consent_required`, `stale_consent`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_is_a_wire_status_and_double_opt_in_defaults_to_off() {
        for &status in RegistrationStatus::ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for &status in SessionStatus::ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for &kind in QuestionKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert_eq!(RegistrationStatus::Pending.as_str(), "pending");
        let input: SeriesInput = serde_json::from_str(r#"{"title": "Cycle"}"#).unwrap();
        assert!(!input.double_opt_in);
        let input: SeriesInput =
            serde_json::from_str(r#"{"title": "Cycle", "double_opt_in": true}"#).unwrap();
        assert!(input.double_opt_in);
    }
}
