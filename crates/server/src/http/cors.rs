//! CORS per site: only the origins a site lists may call `/v1/sites/{site}/…` from a browser.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::{OriginalUri, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::AppState;

/// How long a browser may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

pub async fn per_site(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(origin) = request.headers().get(header::ORIGIN).cloned() else {
        return next.run(request).await;
    };
    // Inside a nested router the path is stripped: read the site from the original URI.
    let path = match request.extensions().get::<OriginalUri>() {
        Some(original) => original.path().to_owned(),
        None => request.uri().path().to_owned(),
    };
    let allowed = match site_of(&path) {
        Some(site) => match state.store.allowed_origins(site).await {
            Ok(Some(origins)) => {
                let origin = origin.to_str().unwrap_or("");
                let allowed = origins.iter().any(|allowed| allowed == origin);
                if !allowed && origin != &*state.server_origin {
                    warn_refused(site, origin);
                }
                allowed
            }
            Ok(None) => false,
            Err(err) => return AppError::from(err).into_response(),
        },
        None => false,
    };
    let is_preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);

    let mut response = if is_preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("origin"));
    if allowed {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if is_preflight {
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(
                    "content-type, authorization, x-kiosque-reader, x-kiosque-entitlement, idempotency-key",
                ),
            );
            headers.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(PREFLIGHT_MAX_AGE),
            );
        }
    }
    response
}

/// How often the refusal of one origin for one site is logged.
const WARN_EVERY: Duration = Duration::from_secs(60);
/// Past this many remembered (site, origin) pairs the memory is cleared: a flood of made-up
/// origins costs a few more log lines, never unbounded memory.
const WARNED_MAX: usize = 10_000;

/// Logs that a page on `origin` was refused, naming the command that allows it: the first
/// thing a publisher setting up a site needs to read. At most once a minute per origin.
fn warn_refused(site: &str, origin: &str) {
    static WARNED: OnceLock<Mutex<HashMap<(String, String), Instant>>> = OnceLock::new();
    let now = Instant::now();
    {
        let mut warned = WARNED
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = (site.to_owned(), origin.to_owned());
        if warned
            .get(&key)
            .is_some_and(|at| now.duration_since(*at) < WARN_EVERY)
        {
            return;
        }
        if warned.len() >= WARNED_MAX {
            warned.clear();
        }
        warned.insert(key, now);
    }
    let printable: String = origin
        .chars()
        .take(200)
        .filter(|c| !c.is_control())
        .collect();
    tracing::warn!(
        site,
        origin = %printable,
        "a browser on {printable} was refused the API of site {site:?}: that origin is not \
         allowed; allow it with `kiosque-server site origins {site} --add {printable}` (or in \
         the console, or PUT /v1/admin/sites/{site}/origins)"
    );
}

/// `/v1/sites/{site}/…` → `site`, whether or not the router already stripped `/v1`.
fn site_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/v1").unwrap_or(path);
    let rest = rest.strip_prefix("/sites/")?;
    rest.split('/').next().filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::site_of;

    #[test]
    fn finds_the_site_segment() {
        assert_eq!(site_of("/v1/sites/demo/articles/x"), Some("demo"));
        assert_eq!(site_of("/sites/demo/articles"), Some("demo"));
        assert_eq!(site_of("/v1/openapi.json"), None);
        assert_eq!(site_of("/v1/sites//articles"), None);
    }
}
