//! Hooks: where the view meets the backend. Each one owns a placeholder's requests (through
//! `api`, the only HTTP), turns answers and failures into `state` actions, and tells the host
//! page (`host_events`); components render what a hook hands them and call no `api::` of
//! their own.

mod gate;
mod sign_in;
#[cfg(feature = "survey")]
mod survey;
mod teasers;
mod webinar;

pub use gate::{use_gate, Gate, GateSource, Gated};
pub use sign_in::use_sign_in;
#[cfg(feature = "survey")]
pub use survey::{use_survey, SurveyData};
pub use teasers::{use_teasers, TeaserSource};
pub use webinar::{use_webinar, Loaded, WebinarData};

use yew::AttrValue;

/// Where this placeholder's backend is, and where its events go: given by `App` as a context
/// to the components and hooks deeper down (forms, offers).
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub api: AttrValue,
    pub site: AttrValue,
    pub timeout_ms: u32,
    /// The placeholder's language, for the publisher's texts the server sends.
    pub lang: kiosque_protocol::Lang,
    pub events: yew::Callback<crate::host_events::WidgetEvent>,
}

/// A lost answer is retried after these pauses (ms), with the same idempotency key, before the
/// reader is told; they can then send again, still with the same key.
const RETRY_PAUSES_MS: [u32; 2] = [1000, 3000];

/// The answer of `send` (a webinar sign-up, a questionnaire's answers), sent again after each
/// of `RETRY_PAUSES_MS` while it is lost (the network, a timeout). Shared since the module with
/// every kind has room for it (it cost 100 B of brotli when it had 46 B left).
async fn sent_with_retries<T, F>(send: impl Fn() -> F) -> Result<T, crate::api::FetchError>
where
    F: std::future::Future<Output = Result<T, crate::api::FetchError>>,
{
    use crate::api::FetchError;
    let mut answer = send().await;
    for pause in RETRY_PAUSES_MS {
        if !matches!(answer, Err(FetchError::Network | FetchError::Timeout)) {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(pause).await;
        answer = send().await;
    }
    answer
}

/// The host page's address without its fragment: where an e-mailed link leads back to, and the
/// source page recorded with a webinar registration.
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}
