//! Offers a page places outside the paywall: inline blocks and banners.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use kiosque_protocol::{ApiError, ErrorCode, PlacedOffers};
use serde::Deserialize;

use super::extract::{Path, Query};
use super::reader::ReaderHeaders;
use crate::access::{self, ArticleRef};
use crate::error::AppError;
use crate::offers::Placement;
use crate::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlacedQuery {
    /// `inline` or `banner` (paywall offers come with the article).
    #[param(pattern = "^(inline|banner)$")]
    placement: String,
    /// The article the page is about, for targeting by section, tag and access level.
    article: Option<String>,
}

/// The reader's offers for an inline block or a banner. Read-only: no meter read is used.
#[utoipa::path(
    get,
    path = "/v1/sites/{site}/offers",
    params(
        ("site" = String, Path, description = "Site id"),
        PlacedQuery,
        ("x-kiosque-reader" = Option<String>, Header, description = "Anonymous reader id", pattern = "^[A-Za-z0-9_-]{16,64}$"),
        ("reader" = Option<String>, Query, description = "The reader id in place of `x-kiosque-reader`: a GET with no header but `Accept` and `Accept-Language` needs no CORS preflight", pattern = "^[A-Za-z0-9_-]{16,64}$"),
        ("x-kiosque-entitlement" = Option<String>, Header, description = "Entitlement token"),
        ("Accept-Language" = Option<String>, Header, description = "The placeholder's language (`fr`, `en`): the offers' texts in it where the marketer translated them"),
    ),
    responses(
        (status = 200, description = "The offers, best first; none for a subscriber", body = PlacedOffers),
        (status = 400, description = "`invalid_request` (placement), `invalid_reader_id`", body = ApiError),
        (status = 404, description = "`site_not_found`", body = ApiError),
    )
)]
pub async fn get_offers(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    Query(query): Query<PlacedQuery>,
    ReaderHeaders(reader): ReaderHeaders,
) -> Result<Json<PlacedOffers>, AppError> {
    let placement = match query.placement.as_str() {
        "inline" => Placement::Inline,
        "banner" => Placement::Banner,
        other => {
            return Err(AppError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidRequest,
                format!("placement must be inline or banner, not {other:?}"),
            ))
        }
    };
    let site = super::site(&state, &site_id).await?;
    let stored = match &query.article {
        Some(slug) => state.store.article(&site.id, slug).await?,
        None => None,
    };
    let article = stored.as_deref().map(ArticleRef::of);
    let offers = access::placed_offers(
        &state.store,
        &site,
        placement,
        article,
        &reader,
        crate::unix_now(),
    )
    .await?;
    Ok(Json(PlacedOffers { offers }))
}
