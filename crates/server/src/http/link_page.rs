//! The page a link in a mail opens (cancelling, confirming): in the site's name and look, about
//! one webinar session, with at most one button and a way back to the publisher's site.
//! French, like the mails that carry the links.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use kiosque_protocol::Appearance;
use sha2::{Digest, Sha256};

use crate::french::typeset;
use crate::html::escape;
use crate::store::Site;

/// The one button of a page: it posts the link's site and secret back to the same address.
pub struct Action<'a> {
    pub label: &'a str,
    pub site: &'a str,
    pub token: &'a str,
}

pub struct LinkPage<'a> {
    pub status: StatusCode,
    /// The site the link names; `None` when it names none (the page is then plain).
    pub site: Option<&'a Site>,
    pub title: &'a str,
    /// Plain text: the page typesets and escapes it.
    pub text: &'a str,
    /// The session's title and when it takes place.
    pub session: Option<(&'a str, &'a str)>,
    pub action: Option<Action<'a>>,
    /// A page of the publisher's site (see `back_link`).
    pub back: Option<String>,
}

/// The look every page starts from; the widget's own defaults, so the page matches it.
const BASE: &str = ":root{--accent:#b3123b;--accent-text:#fff;--text:#1f2328;--muted:#57606a;\
--background:#fff;--surface:#f6f4ef;--border:#d8d4cc;--radius:6px;\
--font:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}";
const DARK: &str = "--text:#e6edf3;--background:#0d1117;--surface:#161b22;--border:#30363d;\
--muted:#a5b0bc;--accent:#ff8fa8;--accent-text:#0d1117";
const LAYOUT: &str = "body{margin:0;background:var(--background);color:var(--text);\
font:18px/1.6 var(--font)}\
header{border-bottom:1px solid var(--border);padding:.9rem 1rem}\
header p{margin:0 auto;max-width:36rem;font-weight:700;font-size:1.2rem}\
main{max-width:36rem;margin:2rem auto 3rem;padding:0 1rem}\
h1{font-size:1.6rem;line-height:1.25;margin:0 0 1rem}\
.session{background:var(--surface);border-left:4px solid var(--accent);\
border-radius:var(--radius);padding:.75rem 1rem;margin:1.25rem 0}\
.session p{margin:0}.session .title{font-weight:700}\
button{font:inherit;font-weight:600;background:var(--accent);color:var(--accent-text);border:0;\
border-radius:var(--radius);padding:.65rem 1.4rem;min-height:44px;cursor:pointer}\
a{color:var(--accent)}\
button:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}\
.back{margin-top:2rem}";

/// The stylesheet for `site`: the base, then the colours, radius and font set in the console
/// (each value checked again before it goes into CSS), or the dark palette the widget uses.
pub(super) fn stylesheet(look: Option<&Appearance>) -> String {
    let mut css = String::from(BASE);
    if let Some(look) = look {
        let wrong = look.invalid_fields();
        let own: String = look
            .properties()
            .into_iter()
            .filter(|(name, _)| !wrong.contains(name))
            .filter_map(|(name, value)| value.as_ref().map(|v| format!("--{name}:{v};")))
            .collect();
        css += &format!(":root{{{own}}}");
    }
    match look.and_then(|l| l.scheme.as_deref()) {
        Some("dark") => css += &format!(":root{{{DARK}}}"),
        Some("auto") => css += &format!("@media (prefers-color-scheme:dark){{:root{{{DARK}}}}}"),
        _ => {}
    }
    css + LAYOUT
}

/// Where "back to the site" leads: the page the reader signed up on, when it is on one of the
/// site's origins (or on this server, which serves the demo pages); else the site's first
/// origin. A page address the form sent is never linked to as it is: it must be one of those.
pub fn back_link(site: &Site, source_page: &str, server_origin: &str) -> Option<String> {
    let ours =
        |origin: &str| site.allowed_origins.iter().any(|o| o == origin) || origin == server_origin;
    if let Ok(url) = url::Url::parse(source_page) {
        let origin = url.origin().ascii_serialization();
        if matches!(url.scheme(), "https" | "http") && ours(&origin) {
            return Some(url.to_string());
        }
    }
    site.allowed_origins
        .iter()
        .find(|o| o.starts_with("https://") || o.starts_with("http://"))
        .map(|o| format!("{o}/"))
}

impl IntoResponse for LinkPage<'_> {
    fn into_response(self) -> Response {
        let text = |t: &str| escape(&typeset(t));
        let css = stylesheet(self.site.map(|s| &s.appearance));
        let masthead = self
            .site
            .map(|s| format!("<header><p>{}</p></header>", text(&s.name)))
            .unwrap_or_default();
        let session = self
            .session
            .map(|(title, when)| {
                format!(
                    r#"<div class="session"><p class="title">{}</p><p>{}</p></div>"#,
                    text(title),
                    text(when)
                )
            })
            .unwrap_or_default();
        let form = self
            .action
            .map(|a| {
                format!(
                    r#"<form method="post"><input type="hidden" name="site" value="{}"><input type="hidden" name="jeton" value="{}"><button type="submit">{}</button></form>"#,
                    escape(a.site),
                    escape(a.token),
                    text(a.label)
                )
            })
            .unwrap_or_default();
        // "sur" takes any name as it is ("sur Le Fil Social"), where "à" would not.
        let back = match (self.site, &self.back) {
            (Some(site), Some(href)) => format!(
                r#"<p class="back"><a href="{}">Retourner sur {}</a></p>"#,
                escape(href),
                text(&site.name)
            ),
            _ => String::new(),
        };
        let site_name = self
            .site
            .map(|s| format!(" – {}", s.name))
            .unwrap_or_default();
        let html = format!(
            r#"<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>{title}{site_name}</title><style>{css}</style></head>
<body>{masthead}<main><h1>{title}</h1><p>{body}</p>{session}{form}{back}</main></body></html>"#,
            title = text(self.title),
            site_name = escape(&typeset(&site_name)),
            body = text(self.text),
        );
        secure(self.status, html, &css)
    }
}

/// A page of ours answered with its guards: only its own stylesheet (`css`, inline) applies
/// and nothing runs; no referrer, no cache, no frame.
pub(super) fn secure(status: StatusCode, html: String, css: &str) -> Response {
    {
        let style_hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css));
        // The stylesheet is allowed by its hash and nothing else runs. The address holds the
        // link's secret: no referrer carries it to the publisher's site or anywhere else.
        let policy = format!(
            "default-src 'none'; style-src 'sha256-{style_hash}'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'"
        );
        let mut response = (status, Html(html)).into_response();
        let headers = response.headers_mut();
        if let Ok(policy) = HeaderValue::from_str(&policy) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_takes_the_sites_look_and_drops_what_is_unsafe() {
        let look = Appearance {
            accent: Some("#0a5c36".into()),
            font: Some("Georgia, serif".into()),
            border: Some("red; } body { display: none".into()),
            scheme: Some("auto".into()),
            ..Appearance::default()
        };
        let css = stylesheet(Some(&look));
        assert!(
            css.contains(":root{--accent:#0a5c36;--font:Georgia, serif;}"),
            "{css}"
        );
        assert!(!css.contains("display: none"));
        assert!(css.contains("@media (prefers-color-scheme:dark){:root{--text:#e6edf3"));
        assert!(!stylesheet(None).contains("prefers-color-scheme"));
    }
}
