//! What the loader tells a component about its placeholder and its script tag.

use serde::Deserialize;

use kiosque_protocol::AccessLevel;

use crate::i18n::Lang;

/// The kinds of placeholder, from `data-kiosque="…"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceholderKind {
    /// An article's body, with the paywall when the reader is not entitled.
    Paywall,
    /// A list of article teasers.
    Teasers,
}

/// `data-layout` of a teaser list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    #[default]
    List,
    Grid,
    Compact,
}

/// Options as the loader sends them (JSON): `{"kind","site","api","lang","article"}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MountOptions {
    pub kind: PlaceholderKind,
    pub site: String,
    /// API base URL, without trailing slash.
    pub api: String,
    #[serde(default)]
    pub lang: Lang,
    /// `data-article`: the article slug, for `paywall`.
    #[serde(default)]
    pub article: Option<String>,
    /// Milliseconds before a request is given up and the failure policy applied.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u32,
    /// The publisher's entitlement token for a subscriber (`setEntitlement`, `data-entitlement`).
    #[serde(default)]
    pub entitlement: Option<String>,
    /// A session the loader got from an e-mailed sign-in link when storage is blocked.
    #[serde(default)]
    pub session: Option<String>,
    /// `data-mode`: `server` (default, the backend sends the text) or `client` (the page holds
    /// it and the widget only gates it).
    #[serde(default)]
    pub mode: Mode,
    /// `data-access`: in client mode, the level the page claims for its article.
    #[serde(default)]
    pub access: Option<AccessLevel>,
    /// Teasers: `data-section`, `data-tag`, `data-related` (an article slug), `data-layout`,
    /// `data-limit` (per page), `data-link` (where a teaser leads; `{slug}` is replaced).
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(default)]
    pub related: Option<String>,
    #[serde(default)]
    pub layout: Layout,
    #[serde(default)]
    pub limit: Option<u32>,
    /// `data-link` split around `{slug}` by the loader: what comes before and after it.
    #[serde(default)]
    pub link: Option<(String, String)>,
    /// What a reader sees when the backend fails (`data-on-failure`).
    #[serde(default)]
    pub on_failure: FailurePolicy,
}

/// `data-on-failure`: `fallback` shows the placeholder's own content (default); `closed`
/// shows only a short notice, for publishers whose placeholder holds nothing meant for all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailurePolicy {
    #[default]
    Fallback,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Server,
    Client,
}

fn default_timeout_ms() -> u32 {
    5000
}

impl MountOptions {
    /// Parses and checks the options; the error names what the publisher must fix.
    pub fn from_json(json: &str) -> Result<MountOptions, String> {
        let mut options: MountOptions =
            crate::json::parse(json).map_err(|e| format!("invalid placeholder options: {e}"))?;
        options.api = options.api.trim_end_matches('/').to_owned();
        if options.site.is_empty() {
            return Err("the script tag has no data-site".into());
        }
        if options.kind == PlaceholderKind::Paywall
            && options.article.as_deref().unwrap_or("").is_empty()
        {
            return Err("a paywall placeholder needs data-article=\"slug\"".into());
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_loader_options() {
        let o = MountOptions::from_json(
            r#"{"kind":"paywall","site":"demo","api":"http://x/","lang":"en-GB","article":"a"}"#,
        )
        .unwrap();
        assert_eq!(o.api, "http://x");
        assert_eq!(o.lang, Lang::En);
        assert_eq!(o.timeout_ms, 5000);
        assert_eq!(o.on_failure, FailurePolicy::Fallback);
        assert_eq!(o.entitlement, None);
    }

    #[test]
    fn explains_what_is_missing() {
        let err =
            MountOptions::from_json(r#"{"kind":"paywall","site":"demo","api":"x"}"#).unwrap_err();
        assert!(err.contains("data-article"), "{err}");
        let err =
            MountOptions::from_json(r#"{"kind":"carousel","site":"demo","api":"x"}"#).unwrap_err();
        assert!(err.contains("carousel"), "{err}");
    }
}
