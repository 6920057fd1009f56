//! Readers' rights (RGPD articles 15 and 17): what a site holds about one e-mail address, as
//! one document, and the record of an erasure. The admin API and the console search, export
//! and erase with these; the reader's own page shows the same document.

use serde::{Deserialize, Serialize};

wire_enum! {
    /// A kind of record that holds personal data.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum HeldKind {
        /// The free account (address, creation date).
        Account = "account",
        /// A live sign-in on a browser.
        Session = "session",
        /// A sign-in code or link that was mailed.
        SignIn = "sign_in",
        /// An anonymous reader id the account signed in from.
        ReaderId = "reader_id",
        /// A webinar registration: name, organisation, answers, consents.
        Registration = "registration",
        /// A sign-up set aside as likely automated (with the network address it came from).
        SuspectedRegistration = "suspected_registration",
        /// A questionnaire's answers.
        SurveyAnswer = "survey_answer",
        /// A mail written to the address (waiting, sent or given up).
        Mail = "mail",
        /// An article counted by the meter.
        Read = "read",
        /// An analytics event of the reader (an offer seen or followed, a form started).
        Event = "event",
        /// A subscription attributed to an offer the reader followed.
        Conversion = "conversion",
        /// A counter against abuse keyed by the address (kept a day at most).
        Counter = "counter",
        /// A request of the reader to see their data.
        DataRequest = "data_request",
    }
}

/// `POST /v1/admin/sites/{site}/personal-data` and `…/personal-data/erase`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalDataRequest {
    pub email: String,
}

/// Everything a site holds about one address and the reader ids linked to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalData {
    pub site: String,
    /// The site's name, as its readers know it.
    pub site_name: String,
    /// The address, as searched (trimmed, lower case).
    pub email: String,
    /// Unix seconds: when this document was made.
    pub generated_at: i64,
    /// The anonymous reader ids found for the address: those its account signed in from, and
    /// those its questionnaire answers were given under.
    pub reader_ids: Vec<String>,
    /// Oldest first within each kind, kinds in `HeldKind`'s order.
    pub items: Vec<HeldItem>,
}

/// One record: what it is, where it is kept, since when, under which consent, and its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldItem {
    pub kind: HeldKind,
    /// The table it is kept in.
    pub place: String,
    /// What it is about: a webinar session, a questionnaire, an article, a mail's subject.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub about: String,
    /// Unix seconds: when it was first recorded.
    pub since: i64,
    /// The consents given with it, with the exact text agreed to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<HeldConsent>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<HeldField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldConsent {
    /// `processing` (needed for the registration), `marketing` (the publisher's news), or
    /// `survey_email` (being written to about a questionnaire).
    pub kind: String,
    pub version: u32,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldField {
    /// Machine name (`first_name`, `status`, `answer:<question id>`…).
    pub name: String,
    pub value: String,
}

/// The record of one erasure: never the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Erasure {
    pub id: i64,
    /// `reader` (confirmed by a mailed link), `console:<user e-mail>` or `api-key:<name>`.
    pub asked_by: String,
    /// Unix seconds.
    pub at: i64,
    /// How many records of each kind were deleted or anonymised.
    pub erased: Vec<ErasedCount>,
    /// Confirmed seats in sessions still to come, freed.
    pub seats_freed: u32,
    /// Waitlisted people who got a freed seat (and its mail).
    pub promoted: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasedCount {
    pub kind: HeldKind,
    pub count: u32,
}

impl PersonalData {
    /// How many records of `kind` the document lists.
    pub fn count(&self, kind: HeldKind) -> usize {
        self.items.iter().filter(|i| i.kind == kind).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_travel_as_snake_case_names() {
        let json = serde_json::to_string(&HeldKind::SuspectedRegistration).unwrap();
        assert_eq!(json, "\"suspected_registration\"");
        for kind in HeldKind::ALL {
            assert_eq!(HeldKind::from_wire(kind.as_str()), Some(*kind));
        }
    }
}
