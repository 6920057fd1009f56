//! axum's extractors with our JSON error as their rejection.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::http::StatusCode;
use kiosque_protocol::{is_valid_idempotency_key, ErrorCode, IDEMPOTENCY_HEADER};

use crate::error::AppError;

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct Path<T>(pub T);

/// A JSON body. Read as JSON first (type, size and syntax checked by axum), then as `T`: a
/// whole number written as `2367.0` is a whole number (JSON Schema says so, and clients
/// generated from the OpenAPI document may write it so), whatever serde thinks of floats.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        let axum::Json(mut value) =
            axum::Json::<serde_json::Value>::from_request(request, state).await?;
        whole_numbers(&mut value);
        serde_json::from_value(value).map(Json).map_err(|err| {
            AppError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidRequest,
                format!("the JSON body is not what this operation takes: {err}"),
            )
        })
    }
}

/// Floats without a fractional part, within the integers' range, become integers.
fn whole_numbers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                *value = serde_json::Value::from(f as i64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// The `Idempotency-Key` header, if sent: 8 to 100 characters of `A-Z a-z 0-9 - _`, else
/// `400 invalid_request`.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        let Some(value) = parts.headers.get(IDEMPOTENCY_HEADER) else {
            return Ok(IdempotencyKey(None));
        };
        match value.to_str() {
            Ok(key) if is_valid_idempotency_key(key) => Ok(IdempotencyKey(Some(key.to_owned()))),
            _ => Err(AppError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidRequest,
                "Idempotency-Key must be 8 to 100 characters of A-Z a-z 0-9 - _",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::whole_numbers;

    #[test]
    fn whole_floats_become_integers_and_others_stay() {
        let mut v = serde_json::json!({"a": 2367.0, "b": [1.5, -3.0], "c": 1e300, "d": 7});
        whole_numbers(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"a": 2367, "b": [1.5, -3], "c": 1e300, "d": 7})
        );
    }
}

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
            rejection.body_text(),
        )
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        let status = match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => {
                return AppError::from_status(StatusCode::PAYLOAD_TOO_LARGE)
            }
            StatusCode::UNSUPPORTED_MEDIA_TYPE => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::BAD_REQUEST,
        };
        AppError::new(status, ErrorCode::InvalidRequest, rejection.body_text())
    }
}
