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
use crate::store::{Approval, Cancellation, Promotion, RegistrationRow, SessionRow, Site, Target};
use crate::webinars::SessionMail;
use crate::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
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
        consent_marketing_version: r.consent_marketing_version,
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
    let rows = state
        .store
        .registrations(&site.id, &session, query.status)
        .await?;
    Ok(axum::Json(rows.into_iter().map(admin_view).collect()))
}

/// The same as CSV (UTF-8 with a BOM, for spreadsheets). Cells starting with `=`, `+`, `-`,
/// `@`, tab or carriage return are prefixed with `'` so no spreadsheet runs them as formulas.
#[utoipa::path(
    get,
    path = "/v1/admin/sites/{site}/webinars/sessions/{session}/registrations.csv",
    params(("site" = String, Path), ("session" = String, Path)),
    responses((status = 200, description = "text/csv"), (status = 401, description = "`unauthorized`", body = ApiError)),
    security(("api_key" = []))
)]
pub async fn registrations_csv(
    State(state): State<AppState>,
    Path((site_id, session)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let site = super::admin::authorize(&state, &site_id, &headers).await?;
    let rows = state.store.registrations(&site.id, &session, None).await?;
    let mut csv = String::from("\u{feff}id,email,first_name,last_name,organisation,job_title,status,consent_processing_version,consent_marketing_version,source_page,created_at\r\n");
    for r in rows.into_iter().map(admin_view) {
        let cells = [
            r.id.to_string(),
            r.email,
            r.first_name,
            r.last_name,
            r.organisation,
            r.job_title,
            r.status.as_str().to_owned(),
            r.consent_processing_version.to_string(),
            r.consent_marketing_version
                .map(|v| v.to_string())
                .unwrap_or_default(),
            r.source_page,
            r.created_at.to_string(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    let disposition = format!("attachment; filename=\"inscriptions-{session}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                disposition.replace(['\r', '\n'], ""),
            ),
        ],
        csv,
    )
        .into_response())
}

/// One CSV cell: formula-looking text neutralised, then quoted when needed.
pub fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
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

/// The session of a registration of the site, or `404 registration_not_found`.
async fn session_of(state: &AppState, site: &Site, id: i64) -> Result<SessionRow, AppError> {
    let registration = state
        .store
        .registration_ref(&site.id, Target::Id(id))
        .await?
        .ok_or_else(|| registration_not_found(id))?;
    super::webinars::session(state, site, &registration.session_id).await
}

/// What every action does around its own change: the key, the registration's session (seats
/// only change hands in a session still to come, `409 registration_closed` otherwise, unless
/// `any_session`), the mails of that session; then the registration as it is after the change.
async fn act(
    state: &AppState,
    (site_id, id): (String, i64),
    headers: &HeaderMap,
    any_session: bool,
    change: impl AsyncFnOnce(&Site, &SessionMail<'_>, i64) -> Result<(), AppError>,
) -> Result<axum::Json<AdminRegistration>, AppError> {
    let site = super::admin::authorize(state, &site_id, headers).await?;
    let session = session_of(state, &site, id).await?;
    if !any_session && session.status != kiosque_protocol::SessionStatus::Scheduled {
        return Err(conflict(
            ErrorCode::RegistrationClosed,
            "the session is cancelled or over",
        ));
    }
    let mails = SessionMail::new(&state.server_origin, &site, &session)?;
    change(&site, &mails, crate::unix_now()).await?;
    // Whatever the change mailed is queued; waking the worker when it mailed nobody is free.
    state.mail_queued.queued();
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
    let id = path.1;
    act(&state, path, &headers, true, async |site, mails, now| {
        let target = Target::Id(id);
        let cancelled = state
            .store
            .cancel_registration(&site.id, target, true, now, mails);
        match cancelled.await? {
            Cancellation::Done { .. } | Cancellation::AlreadyCancelled => Ok(()),
            Cancellation::Unknown => Err(registration_not_found(id)),
        }
    })
    .await
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
    let id = path.1;
    act(&state, path, &headers, false, async |site, mails, now| {
        let approved = state
            .store
            .approve(&site.id, Target::Id(id), false, now, mails);
        match approved.await? {
            Approval::Done(_) => Ok(()),
            // Without the expiry check the store never answers `Expired`; both mean "not now".
            Approval::NotPending(_) | Approval::Expired => Err(conflict(
                ErrorCode::RegistrationNotPending,
                "only a pending registration can be approved",
            )),
            Approval::Full => Err(conflict(ErrorCode::SessionFull, "no seat and no waitlist")),
            Approval::Unknown => Err(registration_not_found(id)),
        }
    })
    .await
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
    let id = path.1;
    act(&state, path, &headers, false, async |site, mails, now| {
        let promoted = state.store.promote_registration(&site.id, id, now, mails);
        match promoted.await? {
            Promotion::Done => Ok(()),
            Promotion::NotWaitlisted(_) => Err(conflict(
                ErrorCode::RegistrationNotWaitlisted,
                "only a waitlisted registration can be promoted",
            )),
            Promotion::Full => Err(conflict(ErrorCode::SessionFull, "no seat is free")),
            Promotion::Unknown => Err(registration_not_found(id)),
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_never_become_formulas() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv_cell("+33 6 12"), "'+33 6 12");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("Dupont, Claire"), "\"Dupont, Claire\"");
        assert_eq!(csv_cell("Claire"), "Claire");
    }
}
