//! The only module that does HTTP: one request function with a timeout, and one error type.

use std::cell::Cell;
use std::rc::Rc;

use kiosque_protocol::{ApiError, ArticlePage, ErrorCode};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestInit, RequestMode, Response};

/// Why a request gave no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer: offline, DNS, CORS refusal, server down.
    Network,
    /// No answer within the timeout; the request was aborted.
    Timeout,
    /// The server answered with an error body.
    Api { status: u16, code: ErrorCode },
    /// The answer was not what the protocol says.
    Decode,
}

impl FetchError {
    /// Stable code for the host page's `kiosque:error` event.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::Network => "network",
            FetchError::Timeout => "timeout",
            FetchError::Api {
                code: ErrorCode::ArticleNotFound,
                ..
            } => "article_not_found",
            FetchError::Api {
                code: ErrorCode::SiteNotFound,
                ..
            } => "site_not_found",
            FetchError::Api { .. } => "server",
            FetchError::Decode => "decode",
        }
    }
}

/// Who the request is for: the headers the access decision reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Credentials {
    pub reader_id: Option<String>,
    pub entitlement: Option<String>,
}

/// `GET {api}/v1/sites/{site}/articles/{slug}`.
pub async fn article(
    api: &str,
    site: &str,
    slug: &str,
    credentials: &Credentials,
    timeout_ms: u32,
) -> Result<ArticlePage, FetchError> {
    let url = format!("{api}{}", kiosque_protocol::article_path(site, slug));
    get_json(&url, credentials, timeout_ms).await
}

async fn get_json<T: DeserializeOwned>(
    url: &str,
    credentials: &Credentials,
    timeout_ms: u32,
) -> Result<T, FetchError> {
    let controller = AbortController::new().map_err(|_| FetchError::Network)?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::Cors);
    init.set_signal(Some(&controller.signal()));
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| FetchError::Network)?;
    let headers = request.headers();
    let _ = headers.set("accept", "application/json");
    if let Some(id) = &credentials.reader_id {
        let _ = headers.set(kiosque_protocol::READER_HEADER, id);
    }
    if let Some(token) = &credentials.entitlement {
        let _ = headers.set(kiosque_protocol::ENTITLEMENT_HEADER, token);
    }

    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let timed_out = timed_out.clone();
        // Dropping the timer (when this function returns) cancels it.
        gloo_timers::callback::Timeout::new(timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let failed = |_| {
        if timed_out.get() {
            FetchError::Timeout
        } else {
            FetchError::Network
        }
    };

    let window = web_sys::window().ok_or(FetchError::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| FetchError::Decode)?;
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .ok_or(FetchError::Decode)?;
    if !response.ok() {
        let code = serde_json::from_str::<ApiError>(&text)
            .map(|e| e.code)
            .unwrap_or(ErrorCode::Unknown);
        return Err(FetchError::Api {
            status: response.status(),
            code,
        });
    }
    serde_json::from_str(&text).map_err(|_| FetchError::Decode)
}
