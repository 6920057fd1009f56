//! Preview of the paywall's texts before they are saved: the real widget, on desktop and phone
//! widths, fed by a preview API that answers like the public one with the typed texts. The
//! texts travel in the preview API's path (base64url JSON), so nothing is stored for a
//! preview and the widget's own URL scheme (`{api}/v1/sites/…`) is kept.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kiosque_protocol::Access;

use super::paywall::{form, Settings};
use super::widget_frame::{anonymous_page, frame_pair, framing, widget_page, Framed};
use super::{page, ConsoleError, ConsoleForm, ConsoleUser};
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
            let src = format!("/admin/sites/{site}/mur/cadre/{encoded}");
            let frames = frame_pair(&src, lang, "");
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
    Ok(framing(
        (status, page(&user, title, &errors, &main)).into_response(),
    ))
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
    let api = format!(
        "{}/admin/sites/{site}/mur/cadre/{encoded}/api",
        state.server_origin
    );
    let framed = Framed {
        site: &site,
        title: user.lang.pick("Aperçu", "Preview"),
        api: Some(&api),
        style: "",
        scheme: None,
    };
    widget_page(&state, &user, framed).await
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
    let mut page = anonymous_page(&state, &user, &site, &slug).await?;
    if let Access::Teaser { paywall, .. } = &mut page.access {
        let offers = std::mem::take(&mut paywall.offers);
        *paywall = texts.with_offers(offers);
    }
    Ok(axum::Json(page).into_response())
}
