//! The built front-end (`--static-dir`): the loader, the widget's glue and wasm, the demo
//! assets. These files are public by nature and fetched by publishers' pages on any origin,
//! so they are served as a CDN would serve them:
//!
//! - `Access-Control-Allow-Origin: *` and `Cross-Origin-Resource-Policy: cross-origin`: the
//!   loader loads the glue with `import()` and the wasm with `fetch`, both CORS requests;
//! - content-hashed names (`kiosque_widget.<16 hex>.js`, see `webpack.config.js`) are cached
//!   for a year, `immutable`: a new release has new names;
//! - everything else (the loader `kiosque.js` above all, whose name publishers embed) is
//!   `no-cache` with an `ETag`, so a browser or CDN revalidates it on each page view and gets a
//!   `304` while it is unchanged;
//! - the brotli or gzip file the build made is sent to a browser that accepts it, with
//!   `Vary: Accept-Encoding` so a shared cache keeps one copy per encoding.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "public, no-cache";

/// Adds the cache and cross-origin headers to what `ServeDir` answers, and answers a
/// revalidation of an unchanged file with `304` itself (`ServeDir` only knows dates).
pub async fn headers(State(dir): State<Arc<PathBuf>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let hashed = is_content_hashed(&path);
    let readable = matches!(*request.method(), Method::GET | Method::HEAD);
    let etag = if readable && !hashed {
        match file_under(&dir, &path) {
            Some(file) => etag_of(&file).await,
            None => None,
        }
    } else {
        None
    };
    let mut response = match &etag {
        Some(tag) if if_none_match(request.headers(), tag) => {
            StatusCode::NOT_MODIFIED.into_response()
        }
        _ => next.run(request).await,
    };
    let status = response.status();
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    if !headers
        .get_all(header::VARY)
        .iter()
        .any(|v| v.as_bytes().eq_ignore_ascii_case(b"accept-encoding"))
    {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        let cache = if hashed { IMMUTABLE } else { REVALIDATE };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        if let Some(tag) = etag.and_then(|t| HeaderValue::from_str(&t).ok()) {
            headers.insert(header::ETAG, tag);
        }
    }
    response
}

/// `…/name.<16 lower-case hex digits>.ext`: a file whose name changes with its content.
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.split('.');
    let (Some(_stem), Some(hash), Some(_ext), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    hash.len() == 16
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The file a request path names under `dir` (`index.html` for a folder), if it stays inside.
fn file_under(dir: &Path, path: &str) -> Option<PathBuf> {
    let mut file = dir.to_path_buf();
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(name) => file.push(name),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if path.ends_with('/') || file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

/// A weak tag from the file's length and modification time, as nginx makes them: a rebuilt
/// file gets a new tag without the server reading it. Weak, because the body may be sent
/// compressed.
async fn etag_of(file: &Path) -> Option<String> {
    let meta = tokio::fs::metadata(file).await.ok()?;
    if !meta.is_file() {
        return None;
    }
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("W/\"{:x}-{:x}\"", meta.len(), modified.as_nanos()))
}

fn if_none_match(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|candidate| {
            candidate == "*" || candidate.trim_start_matches("W/") == tag.trim_start_matches("W/")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_with_a_content_hash_are_immutable() {
        assert!(is_content_hashed("/kiosque_widget.0123456789abcdef.js"));
        assert!(is_content_hashed(
            "/kiosque_widget_bg.0123456789abcdef.wasm"
        ));
        assert!(!is_content_hashed("/kiosque.js"));
        assert!(!is_content_hashed("/kiosque_widget.js"));
        assert!(!is_content_hashed("/kiosque_widget.0123456789ABCDEF.js"));
        assert!(!is_content_hashed("/kiosque_widget.0123456789abcde.js"));
        assert!(!is_content_hashed("/a.0123456789abcdef.b.js"));
    }

    #[test]
    fn paths_never_leave_the_folder() {
        let dir = Path::new("/srv/dist");
        assert_eq!(
            file_under(dir, "/demo/demo.css"),
            Some(PathBuf::from("/srv/dist/demo/demo.css"))
        );
        assert_eq!(file_under(dir, "/../etc/passwd"), None);
        assert_eq!(file_under(dir, "/demo/../../x"), None);
    }

    #[test]
    fn revalidation_matches_weak_and_strong_forms() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"10-ff\""),
        );
        assert!(if_none_match(&headers, "W/\"10-ff\""));
        assert!(!if_none_match(&headers, "W/\"10-fe\""));
    }
}
