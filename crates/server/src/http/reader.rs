//! Who is asking: the reader headers the widget sends, checked once for every handler.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use kiosque_protocol::{is_valid_reader_id, ErrorCode, ENTITLEMENT_HEADER, READER_HEADER};

use crate::access::Reader;
use crate::error::AppError;

pub struct ReaderHeaders(pub Reader);

/// The client's network address, for rate limits. Behind a reverse proxy this is the proxy's.
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(ClientIp(ip))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ReaderHeaders {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        let anonymous_id = match parts.headers.get(READER_HEADER) {
            None => None,
            Some(value) => {
                let id = value
                    .to_str()
                    .ok()
                    .filter(|id| is_valid_reader_id(id))
                    .ok_or_else(|| {
                        AppError::new(
                            StatusCode::BAD_REQUEST,
                            ErrorCode::InvalidReaderId,
                            format!(
                                "{READER_HEADER} must be 16 to 64 characters of A-Z a-z 0-9 - _"
                            ),
                        )
                    })?;
                Some(id.to_owned())
            }
        };
        let entitlement = parts
            .headers
            .get(ENTITLEMENT_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        let session = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        // Phones and tablets say "Mobi" (or "Android", "iPad") in their User-Agent; enough
        // to aim an offer at small screens.
        let mobile = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ua| ["Mobi", "Android", "iPad"].iter().any(|m| ua.contains(m)));
        Ok(ReaderHeaders(Reader {
            anonymous_id,
            entitlement,
            session,
            mobile,
        }))
    }
}
