//! Who is asking: the reader headers the widget sends (the reader id also as the `reader`
//! query parameter of a GET), checked once for every handler.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use kiosque_protocol::{
    is_valid_reader_id, ErrorCode, ENTITLEMENT_HEADER, READER_HEADER, READER_PARAM,
};

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
        // The header or the query parameter (see READER_PARAM), each checked when sent.
        let checked = |given: Option<&str>| match given {
            Some(id) if !is_valid_reader_id(id) => Err(AppError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidReaderId,
                format!(
                    "{READER_HEADER} and ?{READER_PARAM}= must be 16 to 64 characters \
                     of A-Z a-z 0-9 - _"
                ),
            )),
            _ => Ok(given.map(str::to_owned)),
        };
        let header = match parts.headers.get(READER_HEADER) {
            None => None,
            Some(value) => checked(Some(value.to_str().unwrap_or("")))?,
        };
        let param = parts.uri.query().and_then(|query| {
            url::form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == READER_PARAM)
                .map(|(_, id)| id.into_owned())
        });
        let param = checked(param.as_deref())?;
        // Both sent (the widget never does): the header, as before the parameter existed.
        let anonymous_id = header.or(param);
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
