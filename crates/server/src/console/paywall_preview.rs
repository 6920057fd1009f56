//! Preview of the paywall's texts before they are saved: the real widget, on desktop and phone
//! widths, fed by a preview API that answers like the public one with the typed texts. The
//! texts travel in the preview API's path (base64url JSON), so nothing is stored for a
//! preview and the widget's own URL scheme (`{api}/v1/sites/…`) is kept.

use super::phrases::Phrase;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kiosque_protocol::Access;
use maud::{html, PreEscaped};

use super::paywall::{form, Settings};
use super::widget_frame::{
    anonymous_page, decode_draft, encode_draft, frame_pair, live_previews, preview_frame,
    preview_page, Placeholder,
};
use super::{ConsoleError, ConsoleForm, ConsoleUser};
use crate::store::PaywallTexts;
use crate::AppState;

/// What a wall's preview frame carries: the typed texts and number of public paragraphs.
#[derive(serde::Serialize, serde::Deserialize)]
struct Typed {
    texts: PaywallTexts,
    teaser_blocks: usize,
}

/// `POST /admin/sites/{site}/mur/apercu`: the form again, with the preview under it.
pub async fn preview(
    Path(site): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    let lang = user.lang;
    let typed = Settings::from_fields(&fields);
    let (frames, errors) = match typed.check(lang) {
        Ok(checked) => {
            let typed = Typed {
                texts: checked.texts,
                teaser_blocks: checked.teaser_blocks,
            };
            let encoded = encode_draft(&typed, lang)?;
            let src = format!("/admin/sites/{site}/mur/cadre/{encoded}");
            (frame_pair(&src, lang, ""), super::Errors::default())
        }
        Err(errors) => (String::new(), errors),
    };
    let main = html! {
        (form(&user, &site, &typed, &errors))
        // `frame_pair`'s HTML, every value in it escaped.
        (live_previews(lang, PreEscaped(frames)))
    };
    let title = lang.say(Phrase::PaywallPreview);
    Ok(preview_page(&user, title, &errors, &main.into_string()))
}

/// `GET /admin/sites/{site}/mur/cadre/{texts}`: a gated article in the real widget.
pub async fn frame(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, encoded)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    decode_draft::<Typed>(&encoded, user.lang)?;
    let frame = format!("/admin/sites/{site}/mur/cadre/{encoded}");
    let title = user.lang.say(Phrase::PreviewHeading);
    preview_frame(
        &state,
        &user,
        &site,
        title,
        &frame,
        Placeholder::GatedArticle,
    )
    .await
}

/// `GET …/mur/cadre/{texts}/api/v1/sites/{site}/articles/{slug}`: the public answer for an
/// anonymous reader (teaser only), cut after the typed number of public paragraphs, with the
/// typed texts in its paywall.
pub async fn api_article(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, encoded, _site_again, slug)): Path<(String, String, String, String)>,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    let Typed {
        texts,
        teaser_blocks,
    } = decode_draft(&encoded, user.lang)?;
    let mut page = anonymous_page(&state, &user, &site, &slug, Some(teaser_blocks)).await?;
    if let Access::Teaser { paywall, .. } = &mut page.access {
        // The texts typed are the site's own: in its language, as a reader would get them.
        let lang = match state.store.site(&site).await? {
            Some(row) => row.lang(),
            None => return Err(ConsoleError::NotFound(user.lang)),
        };
        let offers = std::mem::take(&mut paywall.offers);
        *paywall = crate::store::paywall_box(texts, offers, lang);
    }
    Ok(axum::Json(page).into_response())
}
