use serde::{Deserialize, Serialize};

use crate::account::Account;
use crate::error::ErrorCode;
use crate::offer::Paywall;

wire_enum! {
    /// Who may read an article in full.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum AccessLevel {
        /// Everyone.
        Free = "free",
        /// Readers with a free account.
        Registered = "registered",
        /// Paying subscribers.
        Subscribers = "subscribers",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section {
    pub slug: String,
    pub name: String,
}

/// Everything about an article that is public whatever its access level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleMeta {
    pub slug: String,
    pub section: Section,
    /// Short label above the title, such as "Interview".
    pub kicker: String,
    pub title: String,
    /// The chapeau: always public.
    pub standfirst: String,
    pub author: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published_at: String,
    pub access: AccessLevel,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The teaser's picture, if the article has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
}

/// A picture: an absolute http(s) URL and its text alternative (empty: decorative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Image {
    pub url: String,
    #[serde(default)]
    pub alt: String,
}

/// One block of an article body: `{"paragraph": "…"}`. Text is plain text: the widget never
/// renders it as HTML. (Externally tagged on purpose: internally tagged enums make serde
/// buffer every object, which costs the widget's download several kilobytes.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Paragraph(String),
    Heading(String),
    /// An interviewer's question in a Q&A article.
    Question(String),
    Quote(String),
}

impl Block {
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph(text)
            | Block::Heading(text)
            | Block::Question(text)
            | Block::Quote(text) => text,
        }
    }
}

/// The server's decision for this reader and article: `{"full": {…}}` or `{"teaser": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// `body` is the whole article.
    Full { reason: GrantReason },
    /// `body` is only the public teaser, cut on the server; the rest was never sent.
    Teaser {
        wall: Wall,
        paywall: Paywall,
        /// For an anonymous reader behind the subscription wall: registered readers get this
        /// many free articles per period, so a free account is worth offering.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        register_for: Option<u32>,
    },
}

wire_enum! {
    /// Why the reader may read the whole article.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum GrantReason {
        /// The article is free.
        Free = "free",
        /// One of the reader's free articles of the period (counted by the meter).
        Meter = "meter",
        /// The article is for registered readers and the reader has an account.
        Registered = "registered",
        /// The publisher vouched for a subscriber (entitlement token).
        Subscriber = "subscriber",
    }
}

wire_enum! {
    /// What stands between the reader and the rest of the article.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Wall {
        /// A free account opens it.
        Registration = "registration",
        /// Only a subscription opens it.
        Subscription = "subscription",
    }
}

/// Where a metered reader stands in the current period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeterState {
    /// Free gated articles per period for this kind of reader.
    pub allowance: u32,
    /// Distinct gated articles read in the current period (this one included).
    pub used: u32,
    pub remaining: u32,
    pub period_days: u32,
}

/// `GET /v1/sites/{site}/articles/{slug}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticlePage {
    pub article: ArticleMeta,
    pub body: Vec<Block>,
    pub access: Access,
    /// Present when the reader is metered (an anonymous reader id, or an account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meter: Option<MeterState>,
    /// The signed-in reader; absent when no valid session was sent (a stored session the
    /// server no longer knows should be forgotten).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
    /// Set when an entitlement token was sent but refused (`entitlement_expired`, …); the
    /// reader is then treated as not entitled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entitlement_error: Option<ErrorCode>,
}

/// `GET /v1/sites/{site}/articles/{slug}`: the page, and with `?paint=true` the widget's first
/// render of it (inside its container: the wall, or the article in full) for the loader to show
/// while the widget loads, with the look of that container; none with a refused entitlement.
/// (The widget reads the page alone: its decoder skips `paint` and `appearance`.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleAnswer {
    #[serde(flatten)]
    pub page: ArticlePage,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schemas::paint))]
    pub paint: Option<Vec<crate::PaintNode>>,
    /// With a paint: the site's look it was painted with (as `GET …/appearance` gives it), so
    /// the loader shows the paint without waiting for that request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<crate::Appearance>,
}

/// `GET /v1/sites/{site}/access/{slug}?level=…`: the decision alone, for pages that carry the
/// article's text themselves (client-side mode). For an article the backend knows, its own
/// access level applies whatever `level` says. (Its fields repeat `ArticlePage`'s rather than
/// being `#[serde(flatten)]`ed into it: flattening makes serde buffer every object, which the
/// widget's download pays for.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessDecision {
    pub access: Access,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meter: Option<MeterState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entitlement_error: Option<ErrorCode>,
}

/// `GET /v1/sites/{site}/articles`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleList {
    pub articles: Vec<ArticleMeta>,
    /// What to send as `after` for the next page ("Voir plus"), an opaque text; absent on the
    /// last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Which teasers to list: newest, of a section, with a tag, or related to an article (same
/// section, that article left out). At most one filter is used, in that order of priority.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeaserFilter {
    pub section: Option<String>,
    pub tag: Option<String>,
    pub related: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_are_serde_names() {
        fn check<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
            all: &[T],
            name: fn(&T) -> &'static str,
        ) {
            for v in all {
                assert_eq!(serde_json::to_value(v).unwrap(), name(v));
                assert_eq!(&serde_json::from_value::<T>(name(v).into()).unwrap(), v);
            }
        }
        check(AccessLevel::ALL, |v| v.as_str());
        check(GrantReason::ALL, |v| v.as_str());
        check(Wall::ALL, |v| v.as_str());
        assert_eq!(Wall::from_wire("subscription"), Some(Wall::Subscription));
        assert_eq!(Wall::from_wire("Subscription"), None);
    }

    #[test]
    fn access_and_blocks_are_tagged_by_their_key() {
        let full = serde_json::to_value(Access::Full {
            reason: GrantReason::Meter,
        })
        .unwrap();
        assert_eq!(full, serde_json::json!({ "full": { "reason": "meter" } }));
        let block: Block = serde_json::from_str(r#"{"question":"Pourquoi ?"}"#).unwrap();
        assert_eq!(block.text(), "Pourquoi ?");
    }
}
