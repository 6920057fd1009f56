//! The client's network address, for rate limits: an extractor the public API and the
//! console share.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

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
