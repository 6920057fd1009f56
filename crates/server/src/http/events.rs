//! Analytics events from the loader: batched, deduplicated by their id, sent only after
//! consent where the site asks for it (the loader's job, see README).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use kiosque_protocol::{ApiError, ErrorCode, EventBatch, EventsAccepted, FieldError};

use super::extract::Path;
use super::reader::ReaderHeaders;
use crate::client_ip::ClientIp;
use crate::error::AppError;
use crate::AppState;

const MAX_EVENTS: usize = 100;

fn is_id(value: &str, min: usize) -> bool {
    (min..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Records a batch of events. The body is JSON, sent as `application/json` or as `text/plain`
/// (what `navigator.sendBeacon` sends, to stay a simple cross-origin request). Only pages on
/// the site's allowed origins (or this server's own) may send them: a browser always says its
/// page's `Origin` on a POST, so no page elsewhere on the web can inflate a site's figures.
#[utoipa::path(
    post,
    path = "/v1/sites/{site}/events",
    params(("site" = String, Path, description = "Site id")),
    request_body = EventBatch,
    responses(
        (status = 200, description = "Recorded; `accepted` counts the events not seen before", body = EventsAccepted),
        (status = 400, description = "`invalid_request`, `invalid_fields`", body = ApiError),
        (status = 403, description = "`origin_not_allowed`: no `Origin`, or one the site does not allow", body = ApiError),
        (status = 415, description = "`invalid_request`: a body that is neither `application/json` nor `text/plain`", body = ApiError),
        (status = 404, description = "`site_not_found`", body = ApiError),
        (status = 429, description = "`rate_limited`", body = ApiError),
    )
)]
pub async fn post_events(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    ReaderHeaders(reader): ReaderHeaders,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<axum::Json<EventsAccepted>, AppError> {
    let site = super::site(&state, &site_id).await?;
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let allowed = origin
        .is_some_and(|o| o == &*state.server_origin || site.allowed_origins.iter().any(|a| a == o));
    if !allowed {
        return Err(AppError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OriginNotAllowed,
            "events are accepted only from the site's allowed origins",
        ));
    }
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if !matches!(media.as_deref(), Some("application/json" | "text/plain")) {
        return Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::InvalidRequest,
            "send the batch as application/json or text/plain",
        ));
    }
    let limit = (state.config.event_batches_per_ip_per_hour, 3600);
    super::auth::limit(&state, format!("events:ip:{}:{ip}", site.id), limit).await?;
    let batch: EventBatch = serde_json::from_slice(&body).map_err(|e| {
        AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
            e.to_string(),
        )
    })?;
    if batch.events.len() > MAX_EVENTS {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
            format!("at most {MAX_EVENTS} events per batch"),
        ));
    }
    let mut errors = Vec::new();
    for (i, e) in batch.events.iter().enumerate() {
        let mut wrong = |name: &str| {
            errors.push(FieldError {
                field: format!("events.{i}.{name}"),
                code: "invalid_id".into(),
            })
        };
        if !is_id(&e.id, 8) {
            wrong("id");
        }
        for (name, value) in [
            ("offer", &e.offer),
            ("variant", &e.variant),
            ("series", &e.series),
            ("session", &e.session),
        ] {
            if value.as_deref().is_some_and(|v| !is_id(v, 1)) {
                wrong(name);
            }
        }
    }
    if let Some(reader) = &batch.reader {
        if !kiosque_protocol::is_valid_reader_id(reader) {
            errors.push(FieldError {
                field: "reader".into(),
                code: "invalid_reader_id".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    let reader = reader.anonymous_id.or(batch.reader);
    let accepted = state
        .store
        .record_events(
            &site.id,
            reader.as_deref(),
            &batch.events,
            crate::unix_now(),
        )
        .await?;
    Ok(axum::Json(EventsAccepted {
        accepted: accepted as u32,
    }))
}
