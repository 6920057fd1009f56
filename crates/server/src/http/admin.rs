//! The admin API: a publisher's own systems manage a site with an API key
//! (`Authorization: Bearer <key>`, made by `kiosque-server site api-key`): series, sessions,
//! consent texts, cancelling a session, replays. Registrations hold personal data, so they are
//! only ever served by the admin API (`admin_registrations`).

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use kiosque_protocol::{
    ApiError, ConsentInput, ConsentText, ErrorCode, FieldError, ReplayRequest, SeriesInput,
    SessionInput,
};

use super::extract::{Json, Path};
use crate::error::AppError;
use crate::store::{SessionSaved, Site};
use crate::webinars;
use crate::{accounts, AppState};

/// The site, if the request carries one of its live API keys; `401 unauthorized` otherwise
/// (the same answer for an unknown site, so keys cannot be probed site by site).
pub(super) async fn authorize(
    state: &AppState,
    site_id: &str,
    headers: &HeaderMap,
) -> Result<Site, AppError> {
    let unauthorized = || {
        AppError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "a valid API key for this site is required",
        )
    };
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(unauthorized)?;
    if !state
        .store
        .api_key_valid(site_id, &accounts::sha256_hex(key))
        .await?
    {
        return Err(unauthorized());
    }
    state.store.site(site_id).await?.ok_or_else(unauthorized)
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
    let notice = |first_name: &str| {
        (
            format!("Annulé : {}", session.title),
            format!(
                "Bonjour {first_name},\n\nNous sommes désolés : le webinaire « {} » est annulé. \
                 Votre inscription est close, vous n’avez rien à faire.\n\n{}\n",
                session.title, site.name
            ),
        )
    };
    let now = crate::unix_now();
    if !state
        .store
        .cancel_session(&site.id, &session.id, now, notice)
        .await?
    {
        return Err(AppError::not_found(
            ErrorCode::SessionNotFound,
            "no scheduled session to cancel",
        ));
    }
    state.mail_queued.queued();
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
    valid_id(&series)?;
    webinars::validate_series(&input).map_err(AppError::invalid_fields)?;
    let created = state.store.upsert_series(&site.id, &series, &input).await?;
    Ok(if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
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
    valid_id(&session)?;
    webinars::validate_session(&input).map_err(AppError::invalid_fields)?;
    match state
        .store
        .upsert_session(&site.id, &series, &session, &input)
        .await?
    {
        SessionSaved::Created => Ok(StatusCode::CREATED),
        SessionSaved::Updated => Ok(StatusCode::OK),
        SessionSaved::NoSuchSeries => Err(AppError::not_found(
            ErrorCode::SeriesNotFound,
            format!("no series {series:?}"),
        )),
        SessionSaved::BelowConfirmed(confirmed) => {
            Err(AppError::invalid_fields(vec![FieldError {
                field: "capacity".into(),
                code: format!("below_confirmed:{confirmed}"),
            }]))
        }
    }
}

/// A new version of a consent text (`processing` or `marketing`); forms show it from now on,
/// and registrations keep the version their reader agreed to.
#[utoipa::path(
    post,
    path = "/v1/admin/sites/{site}/consents/{kind}",
    params(("site" = String, Path), ("kind" = String, Path, description = "`processing` or `marketing`")),
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
    let mut errors = Vec::new();
    if kind != "processing" && kind != "marketing" {
        errors.push(FieldError {
            field: "kind".into(),
            code: "unknown_kind".into(),
        });
    }
    let text = webinars::clean(&input.text);
    if text.is_empty() {
        errors.push(FieldError {
            field: "text".into(),
            code: "required".into(),
        });
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    let version = state
        .store
        .add_consent_version(&site.id, &kind, &text, crate::unix_now())
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(ConsentText { version, text }),
    ))
}

/// Ids in admin paths become public identifiers: `a-z 0-9 -`, 1 to 64 characters.
fn valid_id(id: &str) -> Result<(), AppError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid_fields(vec![FieldError {
            field: "id".into(),
            code: "invalid_id".into(),
        }]))
    }
}
