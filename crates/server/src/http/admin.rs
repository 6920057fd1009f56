//! The admin API: a publisher's own systems manage a site with an API key
//! (`Authorization: Bearer <key>`, made by `kiosque-server site api-key`): series, sessions,
//! consent texts, cancelling a session, replays. Registrations hold personal data, so they are
//! only ever served by the admin API (`admin_registrations`).

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use kiosque_protocol::{
    ApiError, ConsentInput, ConsentText, ErrorCode, ReplayRequest, SeriesInput, SessionInput,
};

use super::extract::{Json, Path};
use crate::error::AppError;
use crate::store::Site;
use crate::webinars::manage::{self, Saved, SessionRefused};
use crate::{accounts, AppState};

/// The site, if the request carries one of its live API keys; `401 unauthorized` otherwise
/// (the same answer for an unknown site, so keys cannot be probed site by site).
pub(super) async fn authorize(
    state: &AppState,
    site_id: &str,
    headers: &HeaderMap,
) -> Result<std::sync::Arc<Site>, AppError> {
    let unauthorized = || {
        AppError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "a valid API key for this site is required",
        )
    };
    let key = bearer(headers).ok_or_else(unauthorized)?;
    if !state
        .store
        .api_key_valid(site_id, &accounts::sha256_hex(key))
        .await?
    {
        return Err(unauthorized());
    }
    state.store.site(site_id).await?.ok_or_else(unauthorized)
}

/// The API key a request carries (`Authorization: Bearer <key>`).
pub(super) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|k| !k.is_empty())
}

/// Cancels a session: registration closes, and everyone registered is told by e-mail.
#[utoipa::path(
    post,
    path = "/v1/admin/sites/{site}/webinars/sessions/{session}/cancel",
    params(("site" = String, Path), ("session" = String, Path)),
    responses(
        (status = 204, description = "Cancelled, notices queued"),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`session_not_found` (or not scheduled)", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn cancel_session(
    State(state): State<AppState>,
    Path((site_id, session_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    let session = super::webinars::session(&state, &site, &session_id).await?;
    if !manage::cancel_session(&state.store, &state.mail_queued, &site, &session).await? {
        return Err(AppError::not_found(
            ErrorCode::SessionNotFound,
            "no scheduled session to cancel",
        ));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Sets the replay link; confirmed registrants get it by e-mail the first time.
#[utoipa::path(
    put,
    path = "/v1/admin/sites/{site}/webinars/sessions/{session}/replay",
    params(("site" = String, Path), ("session" = String, Path)),
    request_body = ReplayRequest,
    responses(
        (status = 200, description = "`{\"mailed\": n}`"),
        (status = 400, description = "`invalid_fields` (url must be http(s))", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`session_not_found`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn set_replay(
    State(state): State<AppState>,
    Path((site_id, session_id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(request): Json<ReplayRequest>,
) -> Result<axum::Json<serde_json::Value>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    if accounts::origin_of(&request.url).is_none() {
        return Err(AppError::invalid_fields(vec![
            kiosque_protocol::FieldError {
                field: "url".into(),
                code: "invalid_url".into(),
            },
        ]));
    }
    let session = super::webinars::session(&state, &site, &session_id).await?;
    if let Some(until) = &request.until {
        if crate::webinars::instant(until, &session.time_zone).is_err() {
            return Err(AppError::invalid_fields(vec![
                kiosque_protocol::FieldError {
                    field: "until".into(),
                    code: "invalid_time".into(),
                },
            ]));
        }
    }
    let mail = |first_name: &str| {
        (
            format!("Rediffusion : {}", session.title),
            format!(
                "Bonjour {first_name},\n\nLa rediffusion du webinaire « {} » est en ligne :\n{}\n\n{}\n",
                session.title, request.url, site.name
            ),
        )
    };
    let now = crate::unix_now();
    let mailed = state
        .store
        .set_replay(&site.id, &session.id, &request, now, mail)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::SessionNotFound, "no such session"))?;
    if mailed > 0 {
        state.mail_queued.queued();
    }
    Ok(axum::Json(serde_json::json!({ "mailed": mailed })))
}

/// Creates or replaces a series (title, description, questions, double opt-in).
#[utoipa::path(
    put,
    path = "/v1/admin/sites/{site}/webinars/{series}",
    params(("site" = String, Path), ("series" = String, Path)),
    request_body = SeriesInput,
    responses(
        (status = 201, description = "Created"),
        (status = 200, description = "Replaced"),
        (status = 400, description = "`invalid_fields`", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn put_series(
    State(state): State<AppState>,
    Path((site_id, series)): Path<(String, String)>,
    headers: HeaderMap,
    Json(input): Json<SeriesInput>,
) -> Result<StatusCode, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    match manage::save_series(&state.store, &site.id, &series, &input).await? {
        Ok(Saved::Created) => Ok(StatusCode::CREATED),
        Ok(Saved::Updated) => Ok(StatusCode::OK),
        Err(errors) => Err(AppError::invalid_fields(errors)),
    }
}

/// Creates or replaces a session of a series. A capacity below the seats already confirmed is
/// refused (`invalid_fields`, `capacity`: `below_confirmed`): cancel registrations first.
#[utoipa::path(
    put,
    path = "/v1/admin/sites/{site}/webinars/{series}/sessions/{session}",
    params(("site" = String, Path), ("series" = String, Path), ("session" = String, Path)),
    request_body = SessionInput,
    responses(
        (status = 201, description = "Created"),
        (status = 200, description = "Replaced"),
        (status = 400, description = "`invalid_fields`", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`series_not_found`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn put_session(
    State(state): State<AppState>,
    Path((site_id, series, session)): Path<(String, String, String)>,
    headers: HeaderMap,
    Json(input): Json<SessionInput>,
) -> Result<StatusCode, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    match manage::save_session(&state.store, &site.id, &series, &session, &input).await? {
        Ok(Saved::Created) => Ok(StatusCode::CREATED),
        Ok(Saved::Updated) => Ok(StatusCode::OK),
        Err(SessionRefused::NoSuchSeries) => Err(AppError::not_found(
            ErrorCode::SeriesNotFound,
            format!("no series {series:?}"),
        )),
        Err(SessionRefused::Fields(errors)) => Err(AppError::invalid_fields(errors)),
    }
}

/// A new version of a consent text (`processing` or `marketing`); forms show it from now on,
/// and registrations keep the version their reader agreed to.
#[utoipa::path(
    post,
    path = "/v1/admin/sites/{site}/consents/{kind}",
    params(("site" = String, Path), ("kind" = String, Path, description = "`processing` or `marketing`", pattern = "^(processing|marketing)$")),
    request_body = ConsentInput,
    responses(
        (status = 201, description = "The new version", body = ConsentText),
        (status = 400, description = "`invalid_fields`", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn post_consent(
    State(state): State<AppState>,
    Path((site_id, kind)): Path<(String, String)>,
    headers: HeaderMap,
    Json(input): Json<ConsentInput>,
) -> Result<(StatusCode, axum::Json<ConsentText>), AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    match manage::publish_consent(
        &state.store,
        &site.id,
        &kind,
        &input.text,
        &input.translations,
    )
    .await?
    {
        Ok(consent) => Ok((StatusCode::CREATED, axum::Json(consent))),
        Err(errors) => Err(AppError::invalid_fields(errors)),
    }
}
