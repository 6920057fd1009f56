//! The admin API's readers' rights: a publisher's systems find what a site holds about an
//! address, export it, erase it, and read the record of erasures. Addresses travel in POST
//! bodies, never in URLs (which access logs keep).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use kiosque_protocol::{ApiError, Erasure, ErrorCode, PersonalData, PersonalDataRequest};

use super::admin::{authorize, bearer};
use super::extract::{Json, Path};
use crate::error::AppError;
use crate::{accounts, personal_data, AppState};

fn invalid_email() -> AppError {
    AppError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidEmail,
        "`email` is not an e-mail address",
    )
}

/// Everything the site holds about an address and the reader ids its account signed in
/// from: what, where, since when, under which consent. The same document is the export.
#[utoipa::path(
    post,
    path = "/v1/admin/sites/{site}/personal-data",
    params(("site" = String, Path)),
    request_body = PersonalDataRequest,
    responses(
        (status = 200, description = "What is held (an empty `items` when nothing)", body = PersonalData),
        (status = 400, description = "`invalid_email`, `invalid_request`", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn find(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
    Json(request): Json<PersonalDataRequest>,
) -> Result<axum::Json<PersonalData>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    let data = personal_data::find(&state, &site, &request.email)
        .await?
        .ok_or_else(invalid_email)?;
    Ok(axum::Json(data))
}

/// Erases an address: deleted, or anonymised where the figures count it, in one transaction;
/// a seat it held in a session to come goes to the first waitlisted (who is mailed). The
/// erasure is recorded with the key's name, never the address. Erasing an address the site
/// holds nothing about is recorded too, with nothing erased.
#[utoipa::path(
    post,
    path = "/v1/admin/sites/{site}/personal-data/erase",
    params(("site" = String, Path)),
    request_body = PersonalDataRequest,
    responses(
        (status = 200, description = "What was erased", body = Erasure),
        (status = 400, description = "`invalid_email`, `invalid_request`", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn erase(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
    Json(request): Json<PersonalDataRequest>,
) -> Result<axum::Json<Erasure>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    let email = accounts::normalise_email(&request.email).ok_or_else(invalid_email)?;
    let key = bearer(&headers).unwrap_or_default();
    let name = state
        .store
        .api_key_name(&site.id, &accounts::sha256_hex(key))
        .await?
        .unwrap_or_default();
    let erasure = personal_data::erase(&state, &site, &email, &format!("api-key:{name}")).await?;
    Ok(axum::Json(erasure))
}

/// The record of the site's erasures, newest first: who asked, when, how many records of
/// each kind; never an address.
#[utoipa::path(
    get,
    path = "/v1/admin/sites/{site}/erasures",
    params(("site" = String, Path)),
    responses(
        (status = 200, description = "The erasures", body = Vec<Erasure>),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn erasures(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
) -> Result<axum::Json<Vec<Erasure>>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    Ok(axum::Json(state.store.erasures(&site.id).await?))
}
