//! Webinars for readers: a series with its sessions and seats left, and registration. The
//! pages the mailed links open are in `webinar_links`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use kiosque_protocol::{
    ApiError, ErrorCode, RegistrationRequest, RegistrationResult, RegistrationStatus, WebinarSeries,
};

use super::extract::{IdempotencyKey, Json, Path};
use crate::client_ip::ClientIp;
use crate::error::AppError;
use crate::store::{Limit, NewRegistration, Registered, SessionRow, SignedUp, Site};
use crate::webinars::{self, SessionMail};
use crate::AppState;

/// A session of the site, or `404 session_not_found`.
pub(super) async fn session(
    state: &AppState,
    site: &Site,
    id: &str,
) -> Result<SessionRow, AppError> {
    state
        .store
        .webinar_session(&site.id, id)
        .await?
        .ok_or_else(|| no_session(id))
}

fn no_session(id: &str) -> AppError {
    AppError::not_found(ErrorCode::SessionNotFound, format!("no session {id:?}"))
}

/// A series, its sessions (seats left, whether registration is open) and the consent texts.
#[utoipa::path(
    get,
    path = "/v1/sites/{site}/webinars/{series}",
    params(("site" = String, Path, description = "Site id"), ("series" = String, Path, description = "Series id"), ("Accept-Language" = Option<String>, Header, description = "The placeholder's language (`fr`, `en`; the widget sends it): the publisher's texts (paywall box, offers, consent texts) in it, else in the site's language"),),
    responses(
        (status = 200, description = "The series", body = WebinarSeries),
        (status = 404, description = "`site_not_found`, `series_not_found`", body = ApiError),
    )
)]
pub async fn get_series(
    State(state): State<AppState>,
    Path((site_id, series_id)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Result<axum::Json<WebinarSeries>, AppError> {
    let lang = super::reader::accepted_lang(&headers);
    Ok(axum::Json(
        series_answer(&state, &site_id, &series_id, lang).await?,
    ))
}

/// A series of the site as readers get it, or `404 site_not_found` / `series_not_found`.
async fn series_answer(
    state: &AppState,
    site_id: &str,
    series_id: &str,
    lang: Option<kiosque_protocol::Lang>,
) -> Result<WebinarSeries, AppError> {
    let site = super::site(state, site_id).await?;
    webinars::series_view(&state.store, &site, series_id, lang, Utc::now())
        .await?
        .ok_or_else(|| {
            AppError::not_found(
                ErrorCode::SeriesNotFound,
                format!("no series {series_id:?}"),
            )
        })
}

/// The answer to a sign-up, with the seats the session has left now (read after the
/// sign-up), so the form can show them.
async fn answer(
    state: &AppState,
    site: &str,
    session: &str,
    status: RegistrationStatus,
) -> Result<Response, AppError> {
    let seats_left = state
        .store
        .webinar_session(site, session)
        .await?
        .and_then(|s| s.seats_left());
    Ok(answered(status, seats_left))
}

/// The `201` of a sign-up: the status and the session's seats left.
fn answered(status: RegistrationStatus, seats_left: Option<u32>) -> Response {
    let result = RegistrationResult {
        status,
        created: true,
        seats_left,
    };
    (StatusCode::CREATED, axum::Json(result)).into_response()
}

fn registration_closed() -> AppError {
    AppError::new(
        StatusCode::CONFLICT,
        ErrorCode::RegistrationClosed,
        "registration is closed",
    )
}

fn idempotency_conflict() -> AppError {
    AppError::new(
        StatusCode::CONFLICT,
        ErrorCode::IdempotencyConflict,
        "this Idempotency-Key was used for another address",
    )
}

/// Registers for a session: confirmed while seats remain, then waitlisted (or `409
/// session_full` without a waitlist); `pending` until the reader confirms by the mailed link
/// when the series asks for double opt-in. The same address again gets its existing
/// registration (200), never a second one, and its mail again (at most every 10 minutes). A
/// retry with the same `Idempotency-Key` gets the first answer again and sends nothing.
#[utoipa::path(
    post,
    path = "/v1/sites/{site}/webinars/sessions/{session}/registrations",
    params(
        ("site" = String, Path, description = "Site id"),
        ("session" = String, Path, description = "Session id"),
        ("Accept-Language" = Option<String>, Header, description = "The placeholder's language (`fr`, `en`; the widget sends it): the publisher's texts (paywall box, offers, consent texts) in it, else in the site's language"),
        ("Idempotency-Key" = Option<String>, Header, description = "The widget's key for this submission (8–100 of `A-Z a-z 0-9 - _`); a retry with the same key gets the first answer again", pattern = "^[A-Za-z0-9_-]{8,100}$"),
    ),
    request_body = RegistrationRequest,
    responses(
        (status = 201, description = "Registered; an address already registered gets the answer a new one would get now (its mail sent again at most every 10 minutes), so the answer tells nothing about it; a retried Idempotency-Key gets the first answer again", body = RegistrationResult),
        (status = 400, description = "`invalid_fields` (see `fields`), `invalid_request` (also a malformed Idempotency-Key)", body = ApiError),
        (status = 404, description = "`session_not_found`", body = ApiError),
        (status = 409, description = "`session_full`, `registration_closed`, `idempotency_conflict` (the key was used for another address)", body = ApiError),
        (status = 429, description = "`rate_limited` (per network address, and per e-mail address: 10 an hour)", body = ApiError),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    Path((site_id, session_id)): Path<(String, String)>,
    ClientIp(ip): ClientIp,
    IdempotencyKey(key): IdempotencyKey,
    headers: axum::http::HeaderMap,
    Json(request): Json<RegistrationRequest>,
) -> Result<Response, AppError> {
    let site = super::site(&state, &site_id).await?;
    // Read for its dates and its mails, from the read cache: the writer decides the seats.
    let session = state
        .store
        .session_to_sign_up(&site.id, &session_id)
        .await?
        .ok_or_else(|| no_session(&session_id))?;
    // A retry whose first answer was lost gets that answer again, before anything that could
    // have changed since (closing time, consent versions, rate limits) is looked at.
    let email = crate::accounts::normalise_email(&request.email);
    if let (Some(key), Some(email)) = (&key, &email) {
        match state
            .store
            .idempotent_answer(&site.id, &session.id, key, email)
            .await?
        {
            Some(Registered::Replayed(status)) => {
                return answer(&state, &site.id, &session.id, status).await
            }
            Some(_) => return Err(idempotency_conflict()),
            None => {}
        }
    }
    let view = webinars::session_view(&session, Utc::now())?;
    if !view.registration_open {
        return Err(registration_closed());
    }
    // The texts this reader was shown, in their language: what they agreed to is recorded.
    let lang = super::reader::accepted_lang(&headers);
    let (processing, marketing) = webinars::consents(&state.store, &site, lang).await?;
    let series = state.store.series(&site.id, &session.series_id).await?;
    let questions = series.as_ref().map_or(&[][..], |s| &s.questions[..]);
    let valid = webinars::validate(&request, questions, &processing, &marketing)
        .map_err(AppError::invalid_fields)?;
    let (max, window_secs) = webinars::SIGNUPS_PER_ADDRESS;
    let limits = vec![
        Limit {
            key: format!("signup:ip:{}:{ip}", site.id),
            max: state.config.signups_per_ip_per_hour,
            window_secs: 3600,
        },
        Limit {
            key: crate::store::address_counter("signup", &site.id, &valid.email),
            max,
            window_secs,
        },
    ];
    if let Some(reason) = webinars::suspicion(&request.website, request.fill_ms) {
        super::auth::limits(&state, limits).await?;
        // A normal-looking answer: nothing tells a bot it was caught.
        tracing::warn!(site = %site.id, session = %session.id, reason, "suspected automated sign-up");
        let now = Utc::now().timestamp();
        state
            .store
            .record_suspected(&site.id, &session.id, &valid.email, reason, &ip, now)
            .await?;
        return answer(&state, &site.id, &session.id, RegistrationStatus::Confirmed).await;
    }

    let mails = SessionMail::new(&state.server_origin, &site, &session)?;
    let registration = NewRegistration {
        site: site.id.clone(),
        session: session.id.clone(),
        form: valid,
        idempotency_key: key,
        limits,
        double_opt_in: series.is_some_and(|s| s.double_opt_in),
        now: Utc::now().timestamp(),
    };
    let SignedUp {
        registered,
        seats_left,
    } = state.store.register(registration, mails).await?;
    // The seats left as the sign-up's own decision left them: no read after it.
    match registered {
        Registered::Created(status) => {
            state.mail_queued.queued();
            Ok(answered(status, seats_left))
        }
        // The answer a new registration would get: the mail (sent again at most every ten
        // minutes) is the only place the person's real status is told.
        Registered::Existing {
            resent,
            new_would_get,
            ..
        } => {
            if resent {
                state.mail_queued.queued();
            }
            match new_would_get {
                Some(status) => Ok(answered(status, seats_left)),
                None => Err(AppError::new(
                    StatusCode::CONFLICT,
                    ErrorCode::SessionFull,
                    "this session is full",
                )),
            }
        }
        Registered::Replayed(status) => Ok(answered(status, seats_left)),
        Registered::KeyConflict => Err(idempotency_conflict()),
        Registered::RateLimited { retry_after } => Err(super::auth::rate_limited(retry_after)),
        Registered::Full => Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::SessionFull,
            "this session is full",
        )),
        Registered::Closed => Err(registration_closed()),
    }
}
