//! What every live preview shares: the page that frames the widget at desktop and phone widths,
//! the framed page that runs the real loader and wasm on a gated article, and the preview API's
//! answer as the public API gives it to an anonymous reader (teaser only, so gated text never
//! reaches a preview either). Only these pages relax the console's CSP and frame policy.

use super::phrases::Phrase;
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use kiosque_protocol::{AccessLevel, ArticlePage};
use maud::{html, Markup, DOCTYPE};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::{form_page, ConsoleError, ConsoleUser, Errors, Lang};
use crate::access::{article_page, Reader};
use crate::AppState;

/// A console page that frames previews: the console's policy plus `frame-src 'self'`, and
/// `connect-src 'self'` for `console.js` to renew the previews as the form is typed in.
pub fn framing(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             frame-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

/// A typed draft longer than this, encoded, is not previewed (a URL must stay reasonable).
const MAX_ENCODED: usize = 8192;

/// A typed draft as a path segment (base64url JSON): previews store nothing, and the widget's
/// own URL scheme (`{api}/v1/sites/…`) is kept under it.
pub fn encode_draft<T: serde::Serialize>(draft: &T, lang: Lang) -> Result<String, ConsoleError> {
    let encoded = URL_SAFE_NO_PAD.encode(serde_json::to_vec(draft).map_err(anyhow::Error::from)?);
    if encoded.len() > MAX_ENCODED {
        return Err(ConsoleError::Status(StatusCode::PAYLOAD_TOO_LARGE, lang));
    }
    Ok(encoded)
}

/// The draft back from its path segment; a 400 when it is not one.
pub fn decode_draft<T: serde::de::DeserializeOwned>(
    encoded: &str,
    lang: Lang,
) -> Result<T, ConsoleError> {
    (encoded.len() <= MAX_ENCODED)
        .then(|| URL_SAFE_NO_PAD.decode(encoded).ok())
        .flatten()
        .and_then(|json| serde_json::from_slice(&json).ok())
        .ok_or(ConsoleError::Status(StatusCode::BAD_REQUEST, lang))
}

/// An editor with its preview frames under it (`main`), or with its errors: 400.
pub fn preview_page(user: &ConsoleUser, title: &str, errors: &Errors, main: &str) -> Response {
    framing(form_page(user, title, errors, main))
}

/// The previews of an editor's page, which `console.js` renews as the editor's form is
/// typed in (posting it to the form's *Prévisualiser* address and taking this region of the
/// answer): `frames`, or nothing while the form has mistakes.
pub fn live_previews(lang: Lang, frames: Markup) -> Markup {
    html! {
        div #apercu data-stale=(lang.say(Phrase::ThePreviewWaitsFor)) {
            p.live-status role="status" {}
            div.live-frames { (frames) }
        }
    }
}

/// The desktop (960 px, shown smaller) and phone (375 px) frames of `src`, side by side;
/// `what` completes their titles ("variante b"), if anything. Without script each frame is
/// 720 px high; `console.js` fits them to their content.
pub fn frame_pair(src: &str, lang: Lang, what: &str) -> String {
    let title = |base: &str| {
        if what.is_empty() {
            base.to_owned()
        } else {
            format!("{base}, {what}")
        }
    };
    html! {
        div class="previews" {
            figure class="frame" {
                figcaption { (lang.say(Phrase::Desktop960PxWide)) }
                div class="viewport" {
                    iframe class="desktop" src=(src) title=(title(lang.say(Phrase::DesktopPreview)))
                        width="960" height="720" {}
                }
            }
            figure class="frame" {
                figcaption { (lang.say(Phrase::Phone375PxWide)) }
                iframe class="mobile" src=(src) title=(title(lang.say(Phrase::MobilePreview)))
                    width="375" height="720" {}
            }
        }
    }
    .into_string()
}

/// What the framed page puts around the widget.
pub struct Framed<'a> {
    pub site: &'a str,
    pub title: &'a str,
    /// The preview API's base URL; `None`: the public API.
    pub api: Option<&'a str>,
    /// Custom properties set on the placeholder, as a page would (checked by the caller).
    pub style: &'a str,
    /// `data-theme` of the placeholder.
    pub scheme: Option<&'a str>,
    pub placeholder: Placeholder<'a>,
}

/// What the framed page shows.
#[derive(Debug, Clone, Copy)]
pub enum Placeholder<'a> {
    /// The site's newest gated article, with its paywall.
    GatedArticle,
    /// A webinar series' sessions and sign-up form.
    Series(&'a str),
    /// An `offers` placeholder of this placement (`inline`, `banner`).
    Offers(&'a str),
    /// A questionnaire.
    Survey(&'a str),
}

/// The framed page of a preview whose API is `{frame}/api` on this server (`frame`: the
/// framed page's own path).
pub async fn preview_frame(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    title: &str,
    frame: &str,
    placeholder: Placeholder<'_>,
) -> Result<Response, ConsoleError> {
    let api = format!("{}{frame}/api", state.server_origin);
    let framed = Framed {
        site,
        title,
        api: Some(&api),
        style: "",
        scheme: None,
        placeholder,
    };
    widget_page(state, user, framed).await
}

/// The framed page: the real loader on one placeholder. It asks for consent that
/// is never given, so a marketer's preview sends no analytics event and the figures count
/// readers only.
pub async fn widget_page(
    state: &AppState,
    user: &ConsoleUser,
    framed: Framed<'_>,
) -> Result<Response, ConsoleError> {
    // The placeholder's kind, then the one attribute naming what it shows.
    let (kind, series, placement, article, survey) = match framed.placeholder {
        Placeholder::Series(series) => ("webinar", Some(series), None, None, None),
        Placeholder::Offers(placement) => ("offers", None, Some(placement), None, None),
        Placeholder::Survey(survey) => ("survey", None, None, None, Some(survey)),
        Placeholder::GatedArticle => {
            let article = gated_article(state, framed.site)
                .await?
                .ok_or(ConsoleError::NotFound(user.lang))?;
            ("paywall", None, None, Some(article), None)
        }
    };
    let style = (!framed.style.is_empty()).then_some(framed.style);
    let html = html! {
        (DOCTYPE)
        html lang=(user.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (framed.title) }
                script src="/kiosque.js" data-site=(framed.site) data-api=[framed.api]
                    data-consent="required" async {}
            }
            body {
                div data-kiosque=(kind) data-series=[series] data-placement=[placement]
                    data-article=[article] data-survey=[survey] style=[style] data-theme=[framed.scheme] {}
            }
        }
    }
    .into_string();
    let mut response = Html(html).into_response();
    let headers = response.headers_mut();
    // Inline styles only when the page sets the typed look on its placeholder.
    let policy = if framed.style.is_empty() {
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
         style-src 'self'; img-src 'self'; frame-ancestors 'self'; base-uri 'none'"
    } else {
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
         style-src 'self' 'unsafe-inline'; img-src 'self'; frame-ancestors 'self'; base-uri 'none'"
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    Ok(response)
}

/// The newest subscriber-only article of the site (else registered-only): what a paywall
/// preview shows.
async fn gated_article(state: &AppState, site: &str) -> anyhow::Result<Option<String>> {
    let articles = state
        .store
        .list_articles(
            site,
            &Default::default(),
            50,
            &crate::store::Page::default(),
        )
        .await?
        .unwrap_or_default();
    Ok([AccessLevel::Subscribers, AccessLevel::Registered]
        .iter()
        .find_map(|level| articles.iter().find(|a| a.access == *level))
        .map(|a| a.slug.clone()))
}

/// The public API's answer for `slug` to an anonymous reader without a reader id (the meter
/// cannot open it, so a gated article is cut to its teaser), for a preview to adjust;
/// `teaser_blocks` replaces the site's saved number of public paragraphs.
pub async fn anonymous_page(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    slug: &str,
    teaser_blocks: Option<usize>,
) -> Result<ArticlePage, ConsoleError> {
    let mut row = state
        .store
        .site(site)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    // The paywall page's typed "public paragraphs", before they are saved.
    if let Some(blocks) = teaser_blocks {
        std::sync::Arc::make_mut(&mut row).teaser_blocks = blocks;
    }
    let article = state
        .store
        .article(site, slug)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    Ok(article_page(
        &state.store,
        &row,
        &article,
        &Reader::default(),
        crate::unix_now(),
    )
    .await?)
}

/// `…/api/v1/sites/{site}/appearance` under a preview's API: the public answer (the saved
/// look and texts), which the loader fetches before it mounts the widget.
pub async fn api_look(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(params): Path<HashMap<String, String>>,
    Query(query): Query<crate::look::LookQuery>,
) -> Result<Response, ConsoleError> {
    let site = params.get("site").map(String::as_str).unwrap_or_default();
    let row = user.managed_site(&state, site).await?;
    let lang = kiosque_protocol::Lang::from_tag(query.lang.as_deref().unwrap_or(&row.lang));
    Ok(axum::Json(crate::look::site_look(&row, lang)).into_response())
}

/// `…/api/v1/sites/{site}/articles/{slug}` under a preview's API that changes nothing in the
/// answer (the look's preview): the wall as an anonymous reader meets it, never the whole
/// article the marketer's own browser might still have free.
pub async fn api_article(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(params): Path<HashMap<String, String>>,
) -> Result<Response, ConsoleError> {
    let site = params.get("site").map(String::as_str).unwrap_or_default();
    let slug = params.get("slug").map(String::as_str).unwrap_or_default();
    user.require_site(site)?;
    Ok(axum::Json(anonymous_page(&state, &user, site, slug, None).await?).into_response())
}
