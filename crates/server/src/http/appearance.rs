//! The site's look and the widget's texts for the loader: the widget's CSS custom properties
//! and default scheme as set in the console, and every text in the reader's language with the
//! marketer's overrides merged in. Public and revalidated by its `ETag`: it holds nothing
//! about readers, and what a marketer saves is served on the next page view.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use kiosque_protocol::{ApiError, Lang, SiteLook};

use super::extract::{Path, Query};
use crate::accounts::sha256_hex;
use crate::error::AppError;
use crate::look::{site_look, LookQuery};
use crate::AppState;

#[utoipa::path(
    get,
    path = "/v1/sites/{site}/appearance",
    params(("site" = String, Path, description = "Site id"), LookQuery),
    responses(
        (status = 200, description = "The site's look and the widget's texts, with an `ETag`", body = SiteLook),
        (status = 304, description = "Unchanged since the `If-None-Match` tag"),
        (status = 404, description = "`site_not_found`", body = ApiError),
    )
)]
pub async fn get_appearance(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    Query(query): Query<LookQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let site = super::site(&state, &site_id).await?;
    let lang = Lang::from_tag(query.lang.as_deref().unwrap_or(&site.lang));
    let json = serde_json::to_string(&site_look(&site, lang)).map_err(AppError::internal)?;
    // Browsers keep it but ask again each time (`no-cache`); an unchanged answer is a bodiless
    // 304, and a change made in the console reaches the next page view.
    let etag = format!("\"{}\"", &sha256_hex(&json)[..32]);
    let cache = [
        (header::CACHE_CONTROL, "public, no-cache".to_owned()),
        (header::ETAG, etag.clone()),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag));
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    let json_type = [(header::CONTENT_TYPE, "application/json")];
    Ok((cache, json_type, json).into_response())
}
