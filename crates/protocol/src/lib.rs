//! Wire types of the Kiosque HTTP API (`/v1`).
//!
//! This crate is the one definition of the contract: the widget deserialises these types, the
//! reference server serialises them and derives its OpenAPI document from them (feature
//! `openapi`). Any backend that speaks these shapes can serve the widget.

#[macro_use]
mod wire_enum;

mod account;
mod analytics;
mod appearance;
mod article;
mod error;
mod offer;
mod paint;
mod personal_data;
mod publishing;
#[cfg(feature = "openapi")]
pub mod schemas;
mod survey;
mod texts;
mod webinar;

pub use account::{Account, LoginStart, LoginStarted, LoginVerify, Session};
pub use analytics::{Event, EventBatch, EventKind, EventsAccepted};
pub use appearance::Appearance;
pub use article::{
    Access, AccessDecision, AccessLevel, ArticleAnswer, ArticleList, ArticleMeta, ArticlePage,
    Block, GrantReason, Image, MeterState, Section, TeaserFilter, Wall,
};
pub use error::{ApiError, ErrorCode};
pub use offer::{Offer, Paywall, PlacedOffers, RichBlock, Span};
pub use paint::PaintNode;
pub use personal_data::{
    ErasedCount, Erasure, HeldConsent, HeldField, HeldItem, HeldKind, PersonalData,
    PersonalDataRequest,
};
pub use publishing::{
    AdminArticle, AdminArticleList, AdminArticleSummary, AllowedOrigins, ArticleInput,
    PaywallSettings, PaywallTexts, SectionInput,
};
pub use survey::{
    AdminSurveyAnswer, OptionCount, QuestionResult, Survey, SurveyAnswerRequest,
    SurveyAnswerResult, SurveyInput, SurveyResults, SurveySeries, SurveyState,
};
pub use texts::{Lang, SiteLook, Text, TextGroup, CATALOGUE};
pub use webinar::{
    AdminRegistration, Answer, ConsentInput, ConsentText, FieldError, Person, Question,
    QuestionKind, RegistrationRequest, RegistrationResult, RegistrationStatus, ReplayAudience,
    ReplayRequest, SeriesInput, SessionInput, SessionStatus, WebinarSeries, WebinarSession,
};

/// Request header carrying the anonymous reader id the widget keeps in first-party storage:
/// 16 to 64 characters of `A-Z a-z 0-9 - _`.
pub const READER_HEADER: &str = "x-kiosque-reader";

/// Query parameter carrying the same reader id on a GET, in place of the header: a browser's
/// GET with no header but CORS-safelisted ones (`Accept`, `Accept-Language`) is sent without a
/// preflight, and a preflight is cached per URL, so the header cost a new reader one more
/// round trip on every article they opened.
pub const READER_PARAM: &str = "reader";

/// Request header of a webinar registration: the widget's key for one submission (8 to 100
/// characters of `A-Z a-z 0-9 - _`). A retry with the same key and body gets the first answer
/// again instead of a second registration or a second mail.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// Request header carrying the publisher's signed entitlement token (see the README).
pub const ENTITLEMENT_HEADER: &str = "x-kiosque-entitlement";

/// Path of the sign-in routes (`start`, `verify`, `session`), relative to the API base URL.
pub fn auth_path(site: &str, step: &str) -> String {
    format!("{API_PREFIX}/sites/{}/auth/{step}", encode_segment(site))
}

/// Whether `id` has the shape of a reader id (the widget makes 22 characters of base64url).
pub fn is_valid_reader_id(id: &str) -> bool {
    (16..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `key` has the shape of an idempotency key: 8 to 100 characters of
/// `A-Z a-z 0-9 - _` (a UUID fits).
pub fn is_valid_idempotency_key(key: &str) -> bool {
    (8..=100).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Path prefix of every API route.
pub const API_PREFIX: &str = "/v1";

/// Path of one article with its access decision, relative to the API base URL.
pub fn article_path(site: &str, slug: &str) -> String {
    format!(
        "{API_PREFIX}/sites/{}/articles/{}",
        encode_segment(site),
        encode_segment(slug)
    )
}

/// Path of the access decision alone (client-side mode), relative to the API base URL.
pub fn access_path(site: &str, slug: &str, level: AccessLevel) -> String {
    format!(
        "{API_PREFIX}/sites/{}/access/{}?level={}",
        encode_segment(site),
        encode_segment(slug),
        level.as_str()
    )
}

/// Path of the newest articles of a site, relative to the API base URL.
pub fn articles_path(site: &str) -> String {
    format!("{API_PREFIX}/sites/{}/articles", encode_segment(site))
}

/// Path of one page of teasers: the first, or the one after the page whose `next` this is.
pub fn teasers_path(site: &str, filter: &TeaserFilter, limit: u32, after: Option<&str>) -> String {
    let mut path = format!("{}?limit={limit}", articles_path(site));
    if let Some(after) = after {
        path.push_str(&format!("&after={}", encode_segment(after)));
    }
    for (name, value) in [
        ("section", &filter.section),
        ("tag", &filter.tag),
        ("related", &filter.related),
    ] {
        if let Some(value) = value {
            path.push_str(&format!("&{name}={}", encode_segment(value)));
        }
    }
    path
}

/// Path of a webinar series (its sessions and form), relative to the API base URL.
pub fn webinar_path(site: &str, series: &str) -> String {
    format!(
        "{API_PREFIX}/sites/{}/webinars/{}",
        encode_segment(site),
        encode_segment(series)
    )
}

/// `GET` a survey (`PUT …/answer`: the reader's answer).
pub fn survey_path(site: &str, survey: &str) -> String {
    format!(
        "{API_PREFIX}/sites/{}/surveys/{}",
        encode_segment(site),
        encode_segment(survey)
    )
}

/// Path that takes registrations for one session, relative to the API base URL.
pub fn registrations_path(site: &str, session: &str) -> String {
    format!(
        "{API_PREFIX}/sites/{}/webinars/sessions/{}/registrations",
        encode_segment(site),
        encode_segment(session)
    )
}

/// Percent-encodes one path segment, so identifiers taken from a host page's attributes can
/// never change the shape of the URL (`../`, `?`, `#`).
pub fn encode_segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teaser_paths_carry_encoded_filters() {
        let filter = TeaserFilter {
            tag: Some("protection de l’enfance".into()),
            ..TeaserFilter::default()
        };
        assert_eq!(
            teasers_path("demo", &filter, 5, Some("2026-11-20T08:00:00Z~un-article")),
            "/v1/sites/demo/articles?limit=5&after=2026-11-20T08%3A00%3A00Z~un-article\
             &tag=protection%20de%20l%E2%80%99enfance"
        );
        assert_eq!(
            teasers_path("demo", &TeaserFilter::default(), 5, None),
            "/v1/sites/demo/articles?limit=5"
        );
    }

    #[test]
    fn idempotency_keys_are_checked() {
        assert!(is_valid_idempotency_key("0f8c2a9e-4b1d-4c3e"));
        assert!(!is_valid_idempotency_key("short"));
        assert!(!is_valid_idempotency_key("has spaces in it"));
        assert!(!is_valid_idempotency_key(&"k".repeat(101)));
    }

    #[test]
    fn reader_ids_are_checked() {
        assert!(is_valid_reader_id("AbCdEfGhIjKlMnOpQrStUv"));
        assert!(!is_valid_reader_id("short"));
        assert!(!is_valid_reader_id("has spaces in it, sixteen+"));
        assert!(!is_valid_reader_id(&"x".repeat(65)));
    }

    #[test]
    fn paths_encode_hostile_identifiers() {
        assert_eq!(
            article_path("demo", "un-article"),
            "/v1/sites/demo/articles/un-article"
        );
        assert_eq!(
            article_path("demo", "../admin?x=1"),
            "/v1/sites/demo/articles/%2E%2E%2Fadmin%3Fx%3D1"
        );
        assert_eq!(articles_path("dé mo"), "/v1/sites/d%C3%A9%20mo/articles");
        assert_eq!(
            webinar_path("demo", "cycle/../x"),
            "/v1/sites/demo/webinars/cycle%2F%2E%2E%2Fx"
        );
        assert_eq!(
            registrations_path("demo", "s1"),
            "/v1/sites/demo/webinars/sessions/s1/registrations"
        );
    }
}

/// Whether a text is blank: white space and control characters only (U+FEFF included, which
/// JavaScript counts as a space). The OpenAPI document's `NOT_BLANK` pattern says the same.
pub fn blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c.is_control() || c == '\u{feff}')
}

#[cfg(test)]
mod blank_tests {
    use super::blank;

    #[test]
    fn blank_is_white_space_and_control_characters() {
        for text in [
            "",
            " ",
            "\t\n",
            "\u{1c}",
            "\u{85}",
            "\u{a0}\u{3000}",
            "\u{feff}",
            "\u{1}",
        ] {
            assert!(blank(text), "{text:?}");
        }
        for text in ["a", " a ", "\u{200b}", "é"] {
            assert!(!blank(text), "{text:?}");
        }
    }
}
