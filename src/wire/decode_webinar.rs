//! [`Decode`] for the webinar types the widget reads: a series with its sessions and form, a
//! registration's answer, and the field errors of a refused one.

use kiosque_protocol::{
    ConsentText, FieldError, Person, Question, QuestionKind, RegistrationResult,
    RegistrationStatus, SessionStatus, WebinarSeries, WebinarSession,
};

use super::{Decode, Value};

decode_by_name!(QuestionKind, RegistrationStatus, SessionStatus);

impl Decode for Person {
    fn decode(v: &Value) -> Option<Self> {
        Some(Person {
            name: v.req("name")?,
            role: v.req("role")?,
        })
    }
}

impl Decode for WebinarSession {
    fn decode(v: &Value) -> Option<Self> {
        Some(WebinarSession {
            id: v.req("id")?,
            title: v.req("title")?,
            description: v.req("description")?,
            starts_at: v.req("starts_at")?,
            ends_at: v.req("ends_at")?,
            time_zone: v.req("time_zone")?,
            capacity: v.opt("capacity")?,
            seats_left: v.opt("seats_left")?,
            waitlist: v.req("waitlist")?,
            status: v.req("status")?,
            registration_open: v.req("registration_open")?,
            hosts: v.req("hosts")?,
            speakers: v.req("speakers")?,
            points: v.req("points")?,
            replay_url: v.opt("replay_url")?,
        })
    }
}

impl Decode for ConsentText {
    fn decode(v: &Value) -> Option<Self> {
        Some(ConsentText {
            version: v.req("version")?,
            text: v.req("text")?,
        })
    }
}

impl Decode for Question {
    fn decode(v: &Value) -> Option<Self> {
        Some(Question {
            id: v.req("id")?,
            label: v.req("label")?,
            kind: v.req("kind")?,
            required: v.or_default("required")?,
            choices: v.or_default("choices")?,
        })
    }
}

impl Decode for WebinarSeries {
    fn decode(v: &Value) -> Option<Self> {
        Some(WebinarSeries {
            id: v.req("id")?,
            title: v.req("title")?,
            description: v.req("description")?,
            sessions: v.req("sessions")?,
            questions: v.or_default("questions")?,
            double_opt_in: v.or_default("double_opt_in")?,
            consent_processing: v.req("consent_processing")?,
            consent_marketing: v.req("consent_marketing")?,
        })
    }
}

impl Decode for RegistrationResult {
    fn decode(v: &Value) -> Option<Self> {
        Some(RegistrationResult {
            status: v.req("status")?,
            created: v.req("created")?,
            seats_left: v.opt("seats_left")?,
        })
    }
}

impl Decode for FieldError {
    fn decode(v: &Value) -> Option<Self> {
        Some(FieldError {
            field: v.req("field")?,
            code: v.req("code")?,
        })
    }
}
