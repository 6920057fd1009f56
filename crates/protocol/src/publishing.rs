//! The admin API a publisher's own systems use to put a site's content and settings in
//! Kiosque: allowed origins, articles pushed from the CMS, sections. Server to server, with the
//! site's API key; the widget never reads these types.

use serde::{Deserialize, Serialize};

use crate::article::{ArticleMeta, Block, Image};

/// The origins (`scheme://host[:port]`) whose pages may call the site's public API from a
/// browser (CORS). `PUT` replaces the whole list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllowedOrigins {
    pub origins: Vec<String>,
}

/// An article as the CMS sends it: `PUT /v1/admin/sites/{site}/articles/{slug}` creates it or
/// replaces it whole. The body is HTML; the server keeps only allow-listed structure and text
/// (paragraphs, headings, quotes, `<p class="question">` for an interviewer's question, list
/// items), and drops everything else before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleInput {
    pub title: String,
    #[serde(default)]
    pub kicker: String,
    /// The chapeau, public whatever the access level.
    #[serde(default)]
    pub standfirst: String,
    /// The body as HTML.
    pub body_html: String,
    /// Who may read it in full: `free`, `registered` or `subscribers` (a string, so that a
    /// wrong level is reported as a field error like the others).
    pub access: String,
    /// The section's slug (`a-z`, `0-9`, `-`); a section the site does not have is created.
    pub section: String,
    /// The name readers see for a new section (default: the slug, capitalised); an existing
    /// section keeps its name (rename it with `PUT …/sections/{slug}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_name: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub author: String,
    /// `YYYY-MM-DD`, or an RFC 3339 date and time (its date is kept).
    pub published_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// How many body blocks stay public when the reader is not entitled (default: the site's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paywall_after: Option<u32>,
}

/// What the admin API answers about one article: everything stored, the whole body included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminArticle {
    pub article: ArticleMeta,
    pub body: Vec<Block>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paywall_after: Option<u32>,
    /// `false` once unpublished (`DELETE`): readers get `404 article_not_found`.
    pub published: bool,
}

/// A page of a site's articles, newest first, unpublished ones included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminArticleList {
    pub articles: Vec<AdminArticleSummary>,
    /// How many articles the site has in all.
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminArticleSummary {
    pub article: ArticleMeta,
    pub published: bool,
}

/// The texts of a site's subscription box (the paywall); the offers are added per reader.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaywallTexts {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub kicker: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schemas::benefits))]
    pub benefits: Vec<String>,
    /// The button that opens the offers.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub cta_label: String,
}

/// `GET`/`PUT /v1/admin/sites/{site}/paywall`: the box in the site's language, and in others
/// by code (`{"en": {…}}`), where each empty text falls back to the site's language's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaywallSettings {
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = crate::schemas::required_paywall_texts)
    )]
    pub texts: PaywallTexts,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = crate::schemas::paywall_translations)
    )]
    pub translations: std::collections::BTreeMap<String, PaywallTexts>,
}

/// `PUT /v1/admin/sites/{site}/sections/{slug}`: the name readers see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionInput {
    /// One line, not blank, 120 characters at most.
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = crate::schemas::section_name)
    )]
    pub name: String,
}
