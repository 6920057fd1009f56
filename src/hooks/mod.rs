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

/// The host page's address without its fragment: where an e-mailed link leads back to, and the
/// source page recorded with a webinar registration.
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}
