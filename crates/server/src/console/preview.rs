//! Live preview of an offer being edited: the real widget (the same loader and wasm readers
//! get) renders a gated article of the site with the draft's variant as its only offer, in a
//! desktop and a phone-sized frame. The widget is pointed at a preview API under the console,
//! which answers as the public API would for an anonymous reader (teaser only: the gated text
//! never reaches the preview either), so nothing here is a mock-up.

use axum::extract::{Path, State};
use axum::http::header::{self, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use kiosque_protocol::{Access, AccessLevel};

use super::{page, ConsoleError, ConsoleUser, Errors};
use crate::access::{article_page, Reader};
use crate::html::escape;
use crate::offers::OfferSpec;
use crate::AppState;

async fn draft(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    id: &str,
) -> Result<OfferSpec, ConsoleError> {
    user.require_site(site)?;
    state
        .store
        .offer_for_editing(site, id)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))
}

/// Lets the preview page be framed by the console and run the widget (its own script and
/// wasm, its API calls to this server): the console's other pages keep their strict policy.
fn framable(mut response: Response, policy: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    response
}

/// `GET /admin/sites/{site}/offres/{id}/apercu`: every variant, on a desktop and a phone width.
pub async fn preview(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    let spec = draft(&state, &user, &site, &id).await?;
    let lang = user.lang;
    let frames: String = spec
        .variants
        .iter()
        .map(|v| {
            let src = format!("/admin/sites/{site}/offres/{id}/apercu/{}", v.id);
            format!(
                r#"<section id="variante-{v}"><h2>{label} {v} — {headline}</h2><div class="previews">
<iframe class="desktop" src="{src}" title="{desktop} {v}" width="960" height="720"></iframe>
<iframe class="mobile" src="{src}" title="{mobile} {v}" width="375" height="720"></iframe></div></section>"#,
                v = escape(&v.id),
                label = lang.pick("Variante", "Variant"),
                headline = escape(&v.headline),
                src = escape(&src),
                desktop = lang.pick("Aperçu sur ordinateur, variante", "Desktop preview, variant"),
                mobile = lang.pick("Aperçu sur mobile, variante", "Mobile preview, variant"),
            )
        })
        .collect();
    let main = format!(
        r#"<p>{note}</p><p><a href="/admin/sites/{site}/offres/{id}">{back}</a></p>{frames}"#,
        note = lang.pick(
            "Le widget tel que les lecteurs le verront, avec le brouillon : ouvrez « Découvrez nos offres » dans chaque cadre.",
            "The widget as readers will see it, with the draft: open the offers in each frame.",
        ),
        site = escape(&site),
        id = escape(&id),
        back = lang.pick("Retour à l’offre", "Back to the offer"),
    );
    let title = format!("{} — {}", lang.pick("Aperçu", "Preview"), spec.name);
    let response = page(&user, &title, &Errors::default(), &main).into_response();
    Ok(framable(
        response,
        "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ))
}

/// `GET /admin/sites/{site}/offres/{id}/apercu/{variant}`: the page inside a frame.
pub async fn frame(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id, variant)): Path<(String, String, String)>,
) -> Result<Response, ConsoleError> {
    let spec = draft(&state, &user, &site, &id).await?;
    if !spec.variants.iter().any(|v| v.id == variant) {
        return Err(ConsoleError::NotFound(user.lang));
    }
    let article = gated_article(&state, &site)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let api = format!(
        "{}/admin/sites/{site}/offres/{id}/apercu/{variant}/api",
        state.server_origin
    );
    // data-consent="required" and never given: a marketer's preview sends no analytics event,
    // so the figures count readers only.
    let html = format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><script src="/kiosque.js" data-site="{site}" data-api="{api}" data-consent="required" async></script></head>
<body><div data-kiosque="paywall" data-article="{article}"></div></body></html>"#,
        lang = user.lang.code(),
        title = escape(&spec.name),
        site = escape(&site),
        api = escape(&api),
        article = escape(&article),
    );
    Ok(framable(
        Html(html).into_response(),
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
         style-src 'self'; img-src 'self'; frame-ancestors 'self'; base-uri 'none'",
    ))
}

/// The newest subscriber-only article of the site (else registered-only): what a paywall
/// preview shows.
pub(super) async fn gated_article(state: &AppState, site: &str) -> anyhow::Result<Option<String>> {
    let articles = state
        .store
        .list_articles(site, &Default::default(), 50, 0)
        .await?
        .unwrap_or_default();
    Ok([AccessLevel::Subscribers, AccessLevel::Registered]
        .iter()
        .find_map(|level| articles.iter().find(|a| a.access == *level))
        .map(|a| a.slug.clone()))
}

/// `GET …/apercu/{variant}/api/v1/sites/{site}/articles/{slug}`: the public API's answer for
/// an anonymous reader without free articles, with the draft variant as the only offer.
pub async fn api_article(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id, variant, _site_again, slug)): Path<(String, String, String, String, String)>,
) -> Result<Response, ConsoleError> {
    let spec = draft(&state, &user, &site, &id).await?;
    let chosen = spec
        .variants
        .iter()
        .find(|v| v.id == variant)
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let site_row = state
        .store
        .site(&site)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let article = state
        .store
        .article(&site, &slug)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    // No reader id: the meter cannot open it, so a gated article is cut to its teaser.
    let mut page = article_page(
        &state.store,
        &site_row,
        article,
        &Reader::default(),
        crate::unix_now(),
    )
    .await?;
    if let Access::Teaser { paywall, .. } = &mut page.access {
        paywall.offers = vec![spec.for_reader(&id, chosen)];
    }
    Ok(axum::Json(page).into_response())
}
