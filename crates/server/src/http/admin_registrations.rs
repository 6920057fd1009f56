//! The admin API's registrations: listing them (JSON and CSV) and acting on one: cancel,
//! approve a pending one, promote a waitlisted one. Each action answers the registration as it
//! is after the change, and mails whoever the change concerns.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use kiosque_protocol::{AdminRegistration, ApiError, ErrorCode, RegistrationStatus};
use serde::Deserialize;

use super::extract::{Path, Query};
use crate::error::AppError;
use crate::store::RegistrationRow;
use crate::webinars::manage::{self, Action, Refusal};
use crate::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegistrationsQuery {
    /// Only `confirmed`, `waitlisted`, `pending` or `cancelled` registrations.
    status: Option<RegistrationStatus>,
}

fn admin_view(r: RegistrationRow) -> AdminRegistration {
    AdminRegistration {
        id: r.id,
        email: r.email,
        first_name: r.first_name,
        last_name: r.last_name,
        organisation: r.organisation,
        job_title: r.job_title,
        status: r.status,
        consent_processing_version: r.consent_processing_version,
        consent_processing_text: r.consent_processing_text,
        consent_marketing_version: r.consent_marketing_version,
        consent_marketing_text: r.consent_marketing_text,
        source_page: r.source_page,
        answers: r.answers,
        created_at: r.created_at,
    }
}

/// A session's registrations, oldest first (the waitlist order).
#[utoipa::path(
    get,
    path = "/v1/admin/sites/{site}/webinars/sessions/{session}/registrations",
    params(("site" = String, Path), ("session" = String, Path), RegistrationsQuery),
    responses(
        (status = 200, description = "Registrations", body = Vec<AdminRegistration>),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`session_not_found`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn registrations(
    State(state): State<AppState>,
    Path((site_id, session)): Path<(String, String)>,
    Query(query): Query<RegistrationsQuery>,
    headers: HeaderMap,
) -> Result<axum::Json<Vec<AdminRegistration>>, AppError> {
    let site = super::admin::authorize(&state, &site_id, &headers).await?;
    let session = super::webinars::session(&state, &site, &session).await?;
    let rows = state
        .store
        .registrations(&site.id, &session.id, query.status)
        .await?;
    Ok(axum::Json(rows.into_iter().map(admin_view).collect()))
}

/// The same as CSV (UTF-8 with a BOM, for spreadsheets). Cells starting with `=`, `+`, `-`,
/// `@`, tab or carriage return are prefixed with `'` so no spreadsheet runs them as formulas.
#[utoipa::path(
    get,
    path = "/v1/admin/sites/{site}/webinars/sessions/{session}/registrations.csv",
    params(("site" = String, Path), ("session" = String, Path)),
    responses(
        (status = 200, description = "text/csv"),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`session_not_found`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn registrations_csv(
    State(state): State<AppState>,
    Path((site_id, session)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let site = super::admin::authorize(&state, &site_id, &headers).await?;
    let session = super::webinars::session(&state, &site, &session).await?.id;
    let rows = state.store.registrations(&site.id, &session, None).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                manage::csv_disposition(&session),
            ),
        ],
        manage::registrations_csv(&rows),
    )
        .into_response())
}

fn registration_not_found(id: i64) -> AppError {
    AppError::not_found(
        ErrorCode::RegistrationNotFound,
        format!("no registration {id} on this site"),
    )
}

fn conflict(code: ErrorCode, message: impl Into<String>) -> AppError {
    AppError::new(StatusCode::CONFLICT, code, message)
}

/// What every action does around its own change (`manage::act`: the registration's session,
/// still to come unless cancelling, its mails, the change): the key first, then the
/// registration as it is after the change, or the refusal as an error code.
async fn act(
    state: &AppState,
    (site_id, id): (String, i64),
    headers: &HeaderMap,
    action: Action,
) -> Result<axum::Json<AdminRegistration>, AppError> {
    let site = super::admin::authorize(state, &site_id, headers).await?;
    match manage::act(
        &state.store,
        &state.mail_queued,
        &state.server_origin,
        &site,
        id,
        action,
    )
    .await?
    {
        Ok(()) => {}
        Err(Refusal::Unknown) => return Err(registration_not_found(id)),
        Err(Refusal::NoSession) => {
            return Err(AppError::not_found(
                ErrorCode::SessionNotFound,
                "the registration's session is gone",
            ))
        }
        Err(Refusal::Closed) => {
            return Err(conflict(
                ErrorCode::RegistrationClosed,
                "the session is cancelled or over",
            ))
        }
        Err(Refusal::NotPending) => {
            return Err(conflict(
                ErrorCode::RegistrationNotPending,
                "only a pending registration can be approved",
            ))
        }
        Err(Refusal::NotWaitlisted) => {
            return Err(conflict(
                ErrorCode::RegistrationNotWaitlisted,
                "only a waitlisted registration can be promoted",
            ))
        }
        Err(Refusal::Full) => {
            let message = match action {
                Action::Approve => "no seat and no waitlist",
                _ => "no seat is free",
            };
            return Err(conflict(ErrorCode::SessionFull, message));
        }
    }
    let row = state.store.registration(&site.id, id).await?;
    let row = row.ok_or_else(|| registration_not_found(id))?;
    Ok(axum::Json(admin_view(row)))
}

/// Cancels one registration: its seat goes to the first waitlisted (who is mailed), and a
/// reader who was confirmed or waitlisted gets a notice. Cancelling it again changes nothing.
#[utoipa::path(
    post,
    path = "/v1/admin/sites/{site}/webinars/registrations/{id}/cancel",
    params(("site" = String, Path), ("id" = i64, Path, description = "Registration id")),
    responses(
        (status = 200, description = "The registration, cancelled", body = AdminRegistration),
        (status = 400, description = "`invalid_request` (id not a number)", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`registration_not_found`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn cancel_registration(
    State(state): State<AppState>,
    Path(path): Path<(String, i64)>,
    headers: HeaderMap,
) -> Result<axum::Json<AdminRegistration>, AppError> {
    act(&state, path, &headers, Action::Cancel).await
}

/// Approves a pending (double opt-in) registration: the admin vouches for the reader, so the
/// link's expiry does not matter. It goes through the capacity decision like a direct sign-up
/// (confirmed, else waitlisted, else `409 session_full` and it stays pending), and the reader
/// gets the confirmation with the calendar file, or the waitlist mail.
#[utoipa::path(
    post,
    path = "/v1/admin/sites/{site}/webinars/registrations/{id}/approve",
    params(("site" = String, Path), ("id" = i64, Path, description = "Registration id")),
    responses(
        (status = 200, description = "The registration, confirmed or waitlisted", body = AdminRegistration),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`registration_not_found`", body = ApiError),
        (status = 409, description = "`registration_not_pending`, `session_full`, `registration_closed`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn approve_registration(
    State(state): State<AppState>,
    Path(path): Path<(String, i64)>,
    headers: HeaderMap,
) -> Result<axum::Json<AdminRegistration>, AppError> {
    act(&state, path, &headers, Action::Approve).await
}

/// Promotes a chosen waitlisted registration when a seat is free (after a capacity increase,
/// say), and mails it the calendar file. Never more confirmed than the capacity.
#[utoipa::path(
    post,
    path = "/v1/admin/sites/{site}/webinars/registrations/{id}/promote",
    params(("site" = String, Path), ("id" = i64, Path, description = "Registration id")),
    responses(
        (status = 200, description = "The registration, confirmed", body = AdminRegistration),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`registration_not_found`", body = ApiError),
        (status = 409, description = "`registration_not_waitlisted`, `session_full` (no seat free), `registration_closed`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn promote_registration(
    State(state): State<AppState>,
    Path(path): Path<(String, i64)>,
    headers: HeaderMap,
) -> Result<axum::Json<AdminRegistration>, AppError> {
    act(&state, path, &headers, Action::Promote).await
}
