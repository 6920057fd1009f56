//! The one error type of the HTTP layer: every failure becomes a status and a JSON
//! `ApiError { code, message }`.

use axum::extract::rejection::PathRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kiosque_protocol::{ApiError, ErrorCode, FieldError};

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    /// Seconds, for `Retry-After` on a 429.
    pub retry_after: Option<i64>,
    /// With `invalid_fields`.
    pub fields: Vec<FieldError>,
}

impl AppError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            status,
            code,
            message: message.into(),
            retry_after: None,
            fields: Vec::new(),
        }
    }

    /// `400 invalid_fields`, saying which fields and why.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        AppError {
            fields,
            ..Self::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidFields,
                "some fields are invalid",
            )
        }
    }

    /// Adds `Retry-After` (a 429's wait, in seconds).
    pub fn with_retry_after(self, seconds: i64) -> Self {
        AppError {
            retry_after: Some(seconds),
            ..self
        }
    }

    pub fn not_found(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// Logs the cause and answers with a generic message: internals never reach clients.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "internal error",
        )
    }

    /// The error a bare status (from a middleware layer) stands for.
    pub fn from_status(status: StatusCode) -> Self {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => (ErrorCode::RouteNotFound, "no such route"),
            StatusCode::METHOD_NOT_ALLOWED => {
                (ErrorCode::MethodNotAllowed, "method not allowed here")
            }
            StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::PayloadTooLarge, "request body too large"),
            StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => {
                (ErrorCode::Timeout, "request took too long")
            }
            s if s.is_client_error() => (ErrorCode::InvalidRequest, "invalid request"),
            _ => (ErrorCode::Internal, "internal error"),
        };
        Self::new(status, code, message)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = ApiError {
            code: self.code,
            message: self.message,
            fields: self.fields,
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::internal(err)
    }
}

impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        AppError::internal(format!("{err:#}"))
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
            rejection.body_text(),
        )
    }
}
