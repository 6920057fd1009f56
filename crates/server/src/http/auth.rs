//! Sign-in for free accounts: ask for a code (`start`), then trade the code or the e-mailed
//! link for a session (`verify`); `DELETE session` signs out.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kiosque_protocol::{
    is_valid_reader_id, ApiError, ErrorCode, LoginStart, LoginStarted, LoginVerify, Session,
};

use super::extract::{Json, Path};
use super::reader::ReaderHeaders;
use crate::accounts::{self, CHALLENGE_TTL_SECS, MAX_CODE_ATTEMPTS, SESSION_TTL_SECS};
use crate::client_ip::ClientIp;
use crate::error::AppError;
use crate::store::{Limit, NewChallenge, NewMail, NewSession};
use crate::AppState;

/// Codes asked for one address: 3 per 15 minutes.
const PER_ADDRESS: (u32, i64) = (3, 15 * 60);
/// Codes asked from one network address: 20 per hour.
const STARTS_PER_IP: (u32, i64) = (20, 60 * 60);
/// Verification attempts from one network address: 30 per 15 minutes.
const VERIFIES_PER_IP: (u32, i64) = (30, 15 * 60);

pub(super) async fn limit(
    state: &AppState,
    key: String,
    (max, window): (u32, i64),
) -> Result<(), AppError> {
    let limit = Limit {
        key,
        max,
        window_secs: window,
    };
    limits(state, vec![limit]).await
}

/// Counts one hit on each of `limits`, together: `429 rate_limited` once over any of them.
pub(super) async fn limits(state: &AppState, limits: Vec<Limit>) -> Result<(), AppError> {
    match state.store.rate_limit(limits, crate::unix_now()).await? {
        None => Ok(()),
        Some(retry_after) => Err(rate_limited(retry_after)),
    }
}

/// The answer to a request over one of its rate limits.
pub(super) fn rate_limited(retry_after: i64) -> AppError {
    AppError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::RateLimited,
        format!("too many requests; try again in {retry_after} s"),
    )
    .with_retry_after(retry_after)
}

/// E-mails a one-time code and sign-in link. Answers the same whether or not the address has
/// an account; the account is created when the code is used.
#[utoipa::path(
    post,
    path = "/v1/sites/{site}/auth/start",
    params(("site" = String, Path, description = "Site id")),
    request_body = LoginStart,
    responses(
        (status = 202, description = "A code was sent if the address can receive mail", body = LoginStarted),
        (status = 400, description = "`invalid_email`, `invalid_return_url`, `invalid_reader_id`", body = ApiError),
        (status = 429, description = "`rate_limited` (see Retry-After)", body = ApiError),
    )
)]
pub async fn start(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    ClientIp(ip): ClientIp,
    Json(request): Json<LoginStart>,
) -> Result<(StatusCode, axum::Json<LoginStarted>), AppError> {
    let site = super::site(&state, &site_id).await?;
    let bad = |code, message: &str| AppError::new(StatusCode::BAD_REQUEST, code, message);
    let email = accounts::normalise_email(&request.email)
        .ok_or_else(|| bad(ErrorCode::InvalidEmail, "this is not an e-mail address"))?;
    let Some(return_url) = accounts::checked_return_url(
        &request.return_url,
        &site.allowed_origins,
        &state.server_origin,
    ) else {
        return Err(bad(
            ErrorCode::InvalidReturnUrl,
            "return_url must be a page of one of the site's allowed origins, without a backslash or a user name",
        ));
    };
    if let Some(id) = &request.reader_id {
        if !is_valid_reader_id(id) {
            return Err(bad(ErrorCode::InvalidReaderId, "invalid reader_id"));
        }
    }
    limit(&state, format!("start:ip:{}:{ip}", site.id), STARTS_PER_IP).await?;
    limit(
        &state,
        crate::store::address_counter("start", &site.id, &email),
        PER_ADDRESS,
    )
    .await?;

    let now = crate::unix_now();
    let code = accounts::new_code();
    let link_token = accounts::new_secret();
    let link_hash = accounts::sha256_hex(&link_token);
    let code_hash = accounts::code_hash(&link_hash, &code);
    let link = accounts::sign_in_link(&return_url, &link_token);
    let (subject, body) = accounts::sign_in_mail(&site.name, &code, &link);
    state
        .store
        .create_challenge(
            NewChallenge {
                site: &site.id,
                email: &email,
                code_hash: &code_hash,
                link_hash: &link_hash,
                reader_id: request.reader_id.as_deref(),
                now,
                expires_at: now + CHALLENGE_TTL_SECS,
            },
            NewMail {
                site: &site.id,
                to: &email,
                subject: &subject,
                body: &body,
                attachment: None,
            },
        )
        .await?;
    state.mail_queued.queued();
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(LoginStarted {
            expires_in_secs: CHALLENGE_TTL_SECS as u32,
        }),
    ))
}

/// Trades a code (with its e-mail address) or a link token for a session. Codes and links are
/// single-use and expire; five wrong codes lock the code.
#[utoipa::path(
    post,
    path = "/v1/sites/{site}/auth/verify",
    params(("site" = String, Path, description = "Site id")),
    request_body = LoginVerify,
    responses(
        (status = 200, description = "Signed in", body = Session),
        (status = 400, description = "`invalid_code` (wrong, expired or used), `invalid_request`", body = ApiError),
        (status = 429, description = "`too_many_attempts`, `rate_limited`", body = ApiError),
    )
)]
pub async fn verify(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    ClientIp(ip): ClientIp,
    Json(request): Json<LoginVerify>,
) -> Result<axum::Json<Session>, AppError> {
    let site = super::site(&state, &site_id).await?;
    limit(
        &state,
        format!("verify:ip:{}:{ip}", site.id),
        VERIFIES_PER_IP,
    )
    .await?;
    let invalid = || {
        AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidCode,
            "invalid, expired or used code",
        )
    };
    let locked = || {
        AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyAttempts,
            "too many wrong codes: ask for a new one",
        )
    };
    let now = crate::unix_now();
    let challenge = match (&request.link_token, &request.email, &request.code) {
        (Some(link), _, _) => state
            .store
            .open_challenge_by_link(&site.id, &accounts::sha256_hex(link.trim()), now)
            .await?
            .ok_or_else(invalid)?,
        (None, Some(email), Some(code)) => {
            let email = accounts::normalise_email(email).ok_or_else(invalid)?;
            let challenge = state
                .store
                .open_challenge_by_email(&site.id, &email, now)
                .await?
                .ok_or_else(invalid)?;
            if challenge.attempts >= MAX_CODE_ATTEMPTS {
                return Err(locked());
            }
            let expected = accounts::code_hash(&challenge.link_hash, code);
            if !accounts::same_hash(&expected, &challenge.code_hash) {
                let attempts = state.store.record_failed_attempt(challenge.id).await?;
                return Err(if attempts >= MAX_CODE_ATTEMPTS {
                    locked()
                } else {
                    invalid()
                });
            }
            challenge
        }
        _ => {
            return Err(AppError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidRequest,
                "send email and code, or link_token",
            ))
        }
    };
    let reader_id = request
        .reader_id
        .as_deref()
        .filter(|id| is_valid_reader_id(id));
    let token = accounts::new_secret();
    let expires_at = now + SESSION_TTL_SECS;
    let session = NewSession {
        token_hash: &accounts::sha256_hex(&token),
        expires_at,
    };
    state
        .store
        .complete_challenge(&site.id, &challenge, reader_id, session, now)
        .await?
        .ok_or_else(invalid)?;
    Ok(axum::Json(Session {
        token,
        email: challenge.email,
        expires_at,
    }))
}

/// Signs out: the session token stops working at once.
#[utoipa::path(
    delete,
    path = "/v1/sites/{site}/auth/session",
    params(("site" = String, Path, description = "Site id")),
    responses((status = 204, description = "Signed out (also when the session was unknown)")),
)]
pub async fn sign_out(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    ReaderHeaders(reader): ReaderHeaders,
) -> Result<Response, AppError> {
    let site = super::site(&state, &site_id).await?;
    if let Some(token) = &reader.session {
        state
            .store
            .delete_session(&site.id, &accounts::sha256_hex(token))
            .await?;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
