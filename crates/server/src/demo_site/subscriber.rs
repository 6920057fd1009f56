//! The demo's "publisher backend": it knows who its subscribers are (here, whoever pressed
//! "Simuler un abonnement") and vouches for them with a short-lived entitlement token,
//! exactly as a real publisher's site would with its own sign-in.

use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::entitlement::{sign, Claims};
use crate::store::Site;

const COOKIE_NAME: &str = "demo_abonne";
/// Demo tokens live 15 minutes; the page renders a fresh one on each view.
const TOKEN_LIFETIME_SECS: i64 = 15 * 60;

pub fn is_signed_in(headers: &HeaderMap) -> bool {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim() == format!("{COOKIE_NAME}=1"))
}

/// A token for the demo subscriber, if the site has an entitlement key.
pub fn token(site: &Site, now: i64) -> Option<String> {
    let key = site.entitlement_key.as_ref()?;
    let claims = Claims {
        aud: site.id.clone(),
        sub: "demo-abonne".into(),
        iat: now,
        exp: now + TOKEN_LIFETIME_SECS,
        scope: None,
    };
    Some(sign(&claims, key.as_bytes()))
}

pub async fn sign_in(headers: HeaderMap) -> Response {
    back(
        &headers,
        &format!("{COOKIE_NAME}=1; Path=/; HttpOnly; SameSite=Lax"),
    )
}

pub async fn sign_out(headers: HeaderMap) -> Response {
    back(
        &headers,
        &format!("{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    )
}

/// Sends the reader back to the page they were on (same site only).
fn back(headers: &HeaderMap, cookie: &str) -> Response {
    let target = headers
        .get("referer")
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("/articles/").map(|i| r[i..].to_owned()))
        .filter(|path| !path.contains("//") && !path.contains('\\'))
        .unwrap_or_else(|| "/".to_owned());
    let mut response = StatusCode::SEE_OTHER.into_response();
    let h = response.headers_mut();
    if let (Ok(location), Ok(cookie)) = (
        HeaderValue::from_str(&target),
        HeaderValue::from_str(cookie),
    ) {
        h.insert(LOCATION, location);
        h.insert(SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_demo_cookie() {
        let mut headers = HeaderMap::new();
        assert!(!is_signed_in(&headers));
        headers.insert(COOKIE, HeaderValue::from_static("a=b; demo_abonne=1"));
        assert!(is_signed_in(&headers));
        headers.insert(COOKIE, HeaderValue::from_static("demo_abonne=0"));
        assert!(!is_signed_in(&headers));
    }
}
