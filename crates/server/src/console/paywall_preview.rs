//! Preview of the paywall's texts before they are saved: the real widget, on desktop and phone
//! widths, fed by a preview API that answers like the public one with the typed texts. The
//! texts travel in the preview API's path (base64url JSON), so nothing is stored for a
//! preview and the widget's own URL scheme (`{api}/v1/sites/…`) is kept.

use axum::extract::{Path, State};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kiosque_protocol::Access;

use super::paywall::{form, Settings};
use super::{page, ConsoleError, ConsoleForm, ConsoleUser};
use crate::access::{article_page, Reader};
use crate::html::escape;
use crate::store::PaywallTexts;
use crate::AppState;

/// Typed texts longer than this are not previewed (a URL must stay reasonable).
const MAX_ENCODED: usize = 4096;

/// `POST /admin/sites/{site}/mur/apercu`: the form again, with the preview under it.
pub async fn preview(
    Path(site): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    let lang = user.lang;
    let typed = Settings::from_fields(&fields);
    let (frames, errors) = match typed.check(lang) {
        Ok((texts, _, _)) => {
            let encoded =
                URL_SAFE_NO_PAD.encode(serde_json::to_vec(&texts).map_err(anyhow::Error::from)?);
            if encoded.len() > MAX_ENCODED {
                return Err(ConsoleError::Status(StatusCode::PAYLOAD_TOO_LARGE, lang));
            }
            let src = escape(&format!("/admin/sites/{site}/mur/cadre/{encoded}"));
            let frames = format!(
                r#"<div class="previews"><iframe class="desktop" src="{src}" title="{d}" width="960" height="720"></iframe><iframe class="mobile" src="{src}" title="{m}" width="375" height="720"></iframe></div>"#,
                d = lang.pick("Aperçu sur ordinateur", "Desktop preview"),
                m = lang.pick("Aperçu sur mobile", "Mobile preview"),
            );
            (frames, super::Errors::default())
        }
        Err(errors) => (String::new(), errors),
    };
    let main = format!("{}{frames}", form(&user, &site, &typed, &errors));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let title = lang.pick("Aperçu du mur", "Paywall preview");
    let mut response = (status, page(&user, title, &errors, &main)).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    Ok(response)
}

fn decode(encoded: &str) -> Option<PaywallTexts> {
    if encoded.len() > MAX_ENCODED {
        return None;
    }
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(encoded).ok()?).ok()
}

/// `GET /admin/sites/{site}/mur/cadre/{texts}`: a gated article in the real widget.
pub async fn frame(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, encoded)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    decode(&encoded).ok_or(ConsoleError::Status(StatusCode::BAD_REQUEST, user.lang))?;
    let article = super::preview::gated_article(&state, &site)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let api = format!(
        "{}/admin/sites/{site}/mur/cadre/{encoded}/api",
        state.server_origin
    );
    // data-consent="required" and never given: a marketer's preview sends no analytics event,
    // so the figures count readers only.
    let html = format!(
        r#"<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<script src="/kiosque.js" data-site="{site}" data-api="{api}" data-consent="required" async></script></head>
<body><div data-kiosque="paywall" data-article="{article}"></div></body></html>"#,
        lang = user.lang.code(),
        title = user.lang.pick("Aperçu", "Preview"),
        site = escape(&site),
        api = escape(&api),
        article = escape(&article),
    );
    let mut response = Html(html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
             style-src 'self'; img-src 'self'; frame-ancestors 'self'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    Ok(response)
}

/// `GET …/mur/cadre/{texts}/api/v1/sites/{site}/articles/{slug}`: the public answer for an
/// anonymous reader (teaser only), with the typed texts in its paywall.
pub async fn api_article(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, encoded, _site_again, slug)): Path<(String, String, String, String)>,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    let texts = decode(&encoded).ok_or(ConsoleError::Status(StatusCode::BAD_REQUEST, user.lang))?;
    let row = state
        .store
        .site(&site)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let article = state
        .store
        .article(&site, &slug)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let mut page = article_page(
        &state.store,
        &row,
        article,
        &Reader::default(),
        crate::unix_now(),
    )
    .await?;
    if let Access::Teaser { paywall, .. } = &mut page.access {
        let offers = std::mem::take(&mut paywall.offers);
        *paywall = texts.with_offers(offers);
    }
    Ok(axum::Json(page).into_response())
}
