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

/// The client's network address, for rate limits: the TCP peer's, or, when that peer is one
/// of `--trusted-proxies`, the last address in `X-Forwarded-For` that is not a trusted proxy.
pub struct ClientIp(pub String);

/// The client's address for a request from `peer` with these headers.
pub fn client_ip(
    peer: Option<std::net::IpAddr>,
    headers: &axum::http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> String {
    let Some(peer) = peer else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    // Each proxy appends the address it received from: read from the right, the first one
    // no trusted proxy vouches for is the client.
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .unwrap_or(&peer)
        .to_string()
}

impl FromRequestParts<crate::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        Ok(ClientIp(client_ip(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
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
            lang: accepted_lang(&parts.headers),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::client_ip;
    use axum::http::HeaderMap;

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let proxy: std::net::IpAddr = "10.0.0.2".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "6.6.6.6, 203.0.113.7, 10.0.0.9".parse().unwrap(),
        );
        let trusted = ["10.0.0.2".parse().unwrap(), "10.0.0.9".parse().unwrap()];
        assert_eq!(client_ip(Some(proxy), &headers, &trusted), "203.0.113.7");
        // Not from a trusted proxy: the header is the client's own claim, ignored.
        let other: std::net::IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(client_ip(Some(other), &headers, &trusted), "198.51.100.1");
        assert_eq!(
            client_ip(Some(proxy), &HeaderMap::new(), &trusted),
            "10.0.0.2"
        );
        assert_eq!(client_ip(None, &headers, &trusted), "unknown");
    }
}
