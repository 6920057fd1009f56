//! The site's look for the loader: the widget's CSS custom properties and default scheme, as
//! set in the console. Public and cacheable: it holds nothing about readers.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use kiosque_protocol::{ApiError, Appearance};

use super::extract::Path;
use crate::error::AppError;
use crate::AppState;

#[utoipa::path(
    get,
    path = "/v1/sites/{site}/appearance",
    params(("site" = String, Path, description = "Site id")),
    responses(
        (status = 200, description = "The site's look", body = Appearance),
        (status = 404, description = "`site_not_found`", body = ApiError),
    )
)]
pub async fn get_appearance(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let site = super::site(&state, &site_id).await?;
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=300")],
        axum::Json(site.appearance),
    ))
}
