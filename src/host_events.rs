//! Events for the host page: `CustomEvent`s dispatched on the placeholder, bubbling and
//! composed, so a page can listen on the element or on `document`. Never personal data.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WidgetEvent {
    /// `kiosque:ready`: content rendered.
    Ready,
    /// `kiosque:paywall-shown`: a reader met the paywall on `article`.
    PaywallShown { article: String },
    /// `kiosque:error`: loading failed; `code` is one of `FetchError::code`.
    Error { code: &'static str },
    /// `kiosque:offer-impression`: the reader was shown `offer` (its id), in its A/B
    /// `variant`, in `placement`.
    OfferImpression {
        offer: String,
        variant: String,
        placement: &'static str,
    },
    /// `kiosque:offer-click`: the reader followed `offer`'s link.
    OfferClick {
        offer: String,
        variant: String,
        placement: &'static str,
    },
    /// `kiosque:entitlement-refused`: the token given by `setEntitlement` was refused
    /// (`code`: `entitlement_expired`, `entitlement_invalid`, …); time to issue a new one.
    EntitlementRefused { code: &'static str },
    /// `kiosque:webinar-registered`: a reader registered for `session` of `series`; `status`
    /// is `confirmed`, or `pending` until they confirm by e-mail (double opt-in).
    WebinarRegistered {
        series: String,
        session: String,
        status: &'static str,
    },
    /// `kiosque:webinar-waitlisted`: the session was full; the reader is on its waiting list.
    WebinarWaitlisted { series: String, session: String },
    /// `kiosque:webinar-failed`: a registration did not go through (`code`: `session_full`,
    /// `registration_closed`, `network`, `rate_limited`, `server`). Not sent for mistakes in
    /// the form, which the reader corrects.
    WebinarFailed {
        series: String,
        session: String,
        code: &'static str,
    },
    #[cfg(feature = "survey")]
    /// `kiosque:survey-answered`: a reader's answers to `survey` are saved; `replaced` (a
    /// boolean): they replaced the reader's earlier ones. No answer or address in
    /// it: the page's analytics get no personal data from us.
    SurveyAnswered { survey: String, replaced: bool },
    #[cfg(feature = "survey")]
    /// `kiosque:survey-failed`: answers did not go through (`code`: `survey_not_open`,
    /// `network`, `rate_limited`, `server`); not sent for mistakes the reader corrects.
    SurveyFailed { survey: String, code: &'static str },
}

impl WidgetEvent {
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Ready => "kiosque:ready",
            WidgetEvent::PaywallShown { .. } => "kiosque:paywall-shown",
            WidgetEvent::Error { .. } => "kiosque:error",
            WidgetEvent::EntitlementRefused { .. } => "kiosque:entitlement-refused",
            WidgetEvent::OfferImpression { .. } => "kiosque:offer-impression",
            WidgetEvent::OfferClick { .. } => "kiosque:offer-click",
            WidgetEvent::WebinarRegistered { .. } => "kiosque:webinar-registered",
            WidgetEvent::WebinarWaitlisted { .. } => "kiosque:webinar-waitlisted",
            WidgetEvent::WebinarFailed { .. } => "kiosque:webinar-failed",
            #[cfg(feature = "survey")]
            WidgetEvent::SurveyAnswered { .. } => "kiosque:survey-answered",
            #[cfg(feature = "survey")]
            WidgetEvent::SurveyFailed { .. } => "kiosque:survey-failed",
        }
    }

    fn detail(&self) -> JsValue {
        let detail = js_sys::Object::new();
        let set = |key: &str, value: &str| {
            let _ = js_sys::Reflect::set(&detail, &key.into(), &value.into());
        };
        match self {
            WidgetEvent::Ready => {}
            WidgetEvent::PaywallShown { article } => set("article", article),
            WidgetEvent::Error { code } | WidgetEvent::EntitlementRefused { code } => {
                set("code", code)
            }
            WidgetEvent::OfferImpression {
                offer,
                variant,
                placement,
            }
            | WidgetEvent::OfferClick {
                offer,
                variant,
                placement,
            } => {
                set("offer", offer);
                set("variant", variant);
                set("placement", placement);
            }
            WidgetEvent::WebinarRegistered {
                series,
                session,
                status,
            } => {
                set("series", series);
                set("session", session);
                set("status", status);
            }
            WidgetEvent::WebinarWaitlisted { series, session } => {
                set("series", series);
                set("session", session);
            }
            WidgetEvent::WebinarFailed {
                series,
                session,
                code,
            } => {
                set("series", series);
                set("session", session);
                set("code", code);
            }
            #[cfg(feature = "survey")]
            WidgetEvent::SurveyAnswered { survey, replaced } => {
                set("survey", survey);
                let _ = js_sys::Reflect::set(&detail, &"replaced".into(), &(*replaced).into());
            }
            #[cfg(feature = "survey")]
            WidgetEvent::SurveyFailed { survey, code } => {
                set("survey", survey);
                set("code", code);
            }
        }
        detail.into()
    }
}

/// Dispatches `event` on the placeholder. A listener that throws cannot reach us: the browser
/// reports it and goes on.
pub fn dispatch(host: &Element, event: &WidgetEvent) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&event.detail());
    if let Ok(custom) = CustomEvent::new_with_event_init_dict(event.name(), &init) {
        let _ = host.dispatch_event(&custom);
    }
}
