//! Live preview of an offer being edited: the real widget (the same loader and wasm readers
//! get) renders a gated article of the site with the draft's variant as its only offer, in a
//! desktop and a phone-sized frame. The widget is pointed at a preview API under the console,
//! which answers as the public API would for an anonymous reader (teaser only: the gated text
//! never reaches the preview either), so nothing here is a mock-up.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kiosque_protocol::Access;

use super::widget_frame::{anonymous_page, frame_pair, framing, preview_frame, Placeholder};
use super::{page, ConsoleError, ConsoleUser, Errors};
use crate::html::escape;
use crate::offers::{OfferSpec, Placement};
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
            let what = format!("{} {}", lang.pick("variante", "variant"), v.id);
            format!(
                r#"<section id="variante-{v}"><h2>{label} {v} — {headline}</h2>{frames}</section>"#,
                v = escape(&v.id),
                label = lang.pick("Variante", "Variant"),
                headline = escape(&v.headline),
                frames = frame_pair(&src, lang, &what),
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
    Ok(framing(
        page(&user, &title, &Errors::default(), &main).into_response(),
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
    let frame = format!("/admin/sites/{site}/offres/{id}/apercu/{variant}");
    // An offer is previewed where readers get it: in the paywall, or in an offers placeholder.
    let placeholder = match spec.placement {
        Placement::Paywall => Placeholder::GatedArticle,
        other => Placeholder::Offers(other.as_str()),
    };
    preview_frame(&state, &user, &site, &spec.name, &frame, placeholder).await
}

/// The draft offer `id` as readers of its `variant` would get it.
async fn draft_offer(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    id: &str,
    variant: &str,
) -> Result<kiosque_protocol::Offer, ConsoleError> {
    let spec = draft(state, user, site, id).await?;
    let chosen = spec
        .variants
        .iter()
        .find(|v| v.id == variant)
        .ok_or(ConsoleError::NotFound(user.lang))?;
    // In the site's language, as its readers mostly get it.
    let lang = state
        .store
        .site(site)
        .await?
        .map_or(kiosque_protocol::Lang::default(), |s| s.lang());
    Ok(spec.for_reader(id, chosen, lang))
}

/// `GET …/apercu/{variant}/api/v1/sites/{site}/offers`: the draft variant, as the offers
/// placeholder of its placement gets it.
pub async fn api_offers(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id, variant, _site_again)): Path<(String, String, String, String)>,
) -> Result<Response, ConsoleError> {
    let offers = vec![draft_offer(&state, &user, &site, &id, &variant).await?];
    Ok(axum::Json(kiosque_protocol::PlacedOffers { offers }).into_response())
}

/// `GET …/apercu/{variant}/api/v1/sites/{site}/articles/{slug}`: the public API's answer for
/// an anonymous reader without free articles, with the draft variant as the only offer.
pub async fn api_article(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id, variant, _site_again, slug)): Path<(String, String, String, String, String)>,
) -> Result<Response, ConsoleError> {
    let offer = draft_offer(&state, &user, &site, &id, &variant).await?;
    let mut page = anonymous_page(&state, &user, &site, &slug).await?;
    if let Access::Teaser { paywall, .. } = &mut page.access {
        paywall.offers = vec![offer];
    }
    Ok(axum::Json(page).into_response())
}
