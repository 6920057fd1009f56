//! Live preview of an offer: the real widget (the same loader and wasm readers get) shows each
//! variant where readers get it (a gated article's wall, or an offers placeholder), alone, so
//! its card is there at once, in a desktop and a phone frame side by side. The saved draft
//! (`GET …/apercu`) or what is typed in the editor, unsaved (`POST …/apercu`, the editor's
//! *Prévisualiser*): each frame carries its variant in its path (base64url JSON, as the other
//! previews do), so nothing is stored for a preview. The widget is pointed at a preview API
//! under the frame, which answers as the public API would for an anonymous reader (teaser
//! only: the gated text never reaches the preview either), so nothing here is a mock-up.

use super::phrases::Phrase;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kiosque_protocol::Access;
use maud::{html, Markup, PreEscaped};

use super::offer_form;
use super::offers::edit_page;
use super::widget_frame::{
    anonymous_page, decode_draft, encode_draft, frame_pair, framing, live_previews, preview_frame,
    Placeholder,
};
use super::{form_page, page, ConsoleError, ConsoleForm, ConsoleUser, Errors, Lang};
use crate::offers::{OfferSpec, Placement};
use crate::AppState;

async fn saved_draft(
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

/// Each variant of `spec` in its pair of frames, under its heading.
fn frames(site: &str, id: &str, spec: &OfferSpec, lang: Lang) -> Result<Markup, ConsoleError> {
    let mut sections = Vec::with_capacity(spec.variants.len());
    for v in &spec.variants {
        let alone = OfferSpec {
            variants: vec![v.clone()],
            ..spec.clone()
        };
        let src = format!(
            "/admin/sites/{site}/offres/{id}/cadre/{}",
            encode_draft(&alone, lang)?
        );
        let what = format!("{} {}", lang.say(Phrase::VariantInText), v.id);
        sections.push((v, frame_pair(&src, lang, &what)));
    }
    Ok(html! {
        @for (v, pair) in sections {
            section id=(format!("variante-{}", v.id)) class="preview" {
                h2 { (lang.say(Phrase::Variant)) " " (v.id) " — " (v.title) }
                // Built by `frame_pair` with maud: its values are escaped there.
                (PreEscaped(pair))
            }
        }
    })
}

/// `GET /admin/sites/{site}/offres/{id}/apercu`: the saved draft, every variant.
pub async fn preview(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    let spec = saved_draft(&state, &user, &site, &id).await?;
    let lang = user.lang;
    let variants = frames(&site, &id, &spec, lang)?;
    let main = html! {
        p { (lang.say(Phrase::TheWidgetAsReaders)) }
        p { a href=(format!("/admin/sites/{site}/offres/{id}")) { (lang.say(Phrase::BackToTheOffer)) } }
        (variants)
    };
    let title = format!("{} — {}", lang.say(Phrase::PreviewHeading), spec.name);
    Ok(framing(
        page(&user, &title, &Errors::default(), &main.into_string()).into_response(),
    ))
}

/// `POST /admin/sites/{site}/offres/{id}/apercu`: what is typed, unsaved, previewed above the
/// editor that still holds it; with mistakes, the editor and their messages (400).
pub async fn preview_typed(
    State(state): State<AppState>,
    Path((site, id)): Path<(String, String)>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    saved_draft(&state, &user, &site, &id).await?;
    let lang = user.lang;
    let (spec, errors) = offer_form::parse(&fields, lang);
    let previews = if errors.is_empty() {
        Some(frames(&site, &id, &spec, lang)?)
    } else {
        None
    };
    let editor = edit_page(&state, &user, &site, &id, &spec, &errors).await?;
    let main = html! {
        p class="notice" { (lang.say(Phrase::PreviewOfWhatIs)) }
        (live_previews(lang, previews.unwrap_or_default()))
        // The editor's HTML, built by the offers module with its values escaped.
        (PreEscaped(editor))
    };
    let title = format!("{} — {}", lang.say(Phrase::PreviewHeading), spec.name);
    Ok(framing(form_page(
        &user,
        &title,
        &errors,
        &main.into_string(),
    )))
}

/// The one-variant spec a frame carries, checked like a saved one.
fn framed_spec(user: &ConsoleUser, site: &str, encoded: &str) -> Result<OfferSpec, ConsoleError> {
    user.require_site(site)?;
    let spec: OfferSpec = decode_draft(encoded, user.lang)?;
    if spec.variants.len() != 1 || !spec.check().is_empty() {
        return Err(ConsoleError::Status(StatusCode::BAD_REQUEST, user.lang));
    }
    Ok(spec)
}

/// `GET /admin/sites/{site}/offres/{id}/cadre/{variant}`: the page inside a frame.
pub async fn frame(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id, encoded)): Path<(String, String, String)>,
) -> Result<Response, ConsoleError> {
    let spec = framed_spec(&user, &site, &encoded)?;
    let frame = format!("/admin/sites/{site}/offres/{id}/cadre/{encoded}");
    // An offer is previewed where readers get it: in the paywall, or in an offers placeholder.
    let placeholder = match spec.placement {
        Placement::Paywall => Placeholder::GatedArticle,
        other => Placeholder::Offers(other.as_str()),
    };
    preview_frame(&state, &user, &site, &spec.name, &frame, placeholder).await
}

/// The framed variant as readers of the site's language would get it.
async fn framed_offer(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    id: &str,
    encoded: &str,
) -> Result<kiosque_protocol::Offer, ConsoleError> {
    let spec = framed_spec(user, site, encoded)?;
    let lang = state
        .store
        .site(site)
        .await?
        .map_or(kiosque_protocol::Lang::default(), |s| s.lang());
    Ok(spec.for_reader(id, &spec.variants[0], lang))
}

/// `GET …/cadre/{variant}/api/v1/sites/{site}/offers`: the variant, as the offers placeholder
/// of its placement gets it.
pub async fn api_offers(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id, encoded, _site_again)): Path<(String, String, String, String)>,
) -> Result<Response, ConsoleError> {
    let offers = vec![framed_offer(&state, &user, &site, &id, &encoded).await?];
    Ok(axum::Json(kiosque_protocol::PlacedOffers { offers }).into_response())
}

/// `GET …/cadre/{variant}/api/v1/sites/{site}/articles/{slug}`: the public API's answer for
/// an anonymous reader without free articles, with the variant as the wall's only offer.
pub async fn api_article(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id, encoded, _site_again, slug)): Path<(String, String, String, String, String)>,
) -> Result<Response, ConsoleError> {
    let offer = framed_offer(&state, &user, &site, &id, &encoded).await?;
    let mut page = anonymous_page(&state, &user, &site, &slug, None).await?;
    if let Access::Teaser { paywall, .. } = &mut page.access {
        paywall.offers = vec![offer];
    }
    Ok(axum::Json(page).into_response())
}
