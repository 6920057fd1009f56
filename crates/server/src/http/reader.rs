//! Who is asking: the reader headers the widget sends, checked once for every handler.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use kiosque_protocol::{is_valid_reader_id, ErrorCode, ENTITLEMENT_HEADER, READER_HEADER};

use crate::access::Reader;
use crate::error::AppError;

pub struct ReaderHeaders(pub Reader);

/// The first language of `Accept-Language`, if it is one Kiosque speaks (`fr…`, `en…`); the
/// widget sends the placeholder's own. Any other: `None`, and the site's language is used.
pub fn accepted_lang(headers: &axum::http::HeaderMap) -> Option<kiosque_protocol::Lang> {
    let first = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)?
        .to_str()
        .ok()?
        .split([',', ';'])
        .next()?
        .trim();
    let primary = first.split(['-', '_']).next()?;
    kiosque_protocol::Lang::ALL
        .into_iter()
        .find(|l| primary.eq_ignore_ascii_case(l.as_str()))
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
            lang: accepted_lang(&parts.headers),
        }))
    }
}
