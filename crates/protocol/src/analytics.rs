use serde::{Deserialize, Serialize};

wire_enum! {
    /// What a reader did, as the loader reports it. Conversions are not in this list: the
    /// server records them itself when they happen there (a registration, a subscriber's first
    /// visit after clicking an offer), so an ad blocker cannot hide them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum EventKind {
        /// A webinar placeholder was shown (`series`).
        View = "view",
        /// An offer was shown (`offer`, `variant`).
        Impression = "impression",
        /// An offer's link was followed (`offer`, `variant`).
        Click = "click",
        /// A reader started filling a webinar form (`series`).
        FormStart = "form_start",
        /// A webinar form was sent (`series`, `session`).
        FormSubmit = "form_submit",
        /// A reader met the paywall (the loader's `kiosque:paywall-shown`): the top of the
        /// offers' funnel.
        WallView = "wall_view",
    }
}

/// One event. `id` is the sender's (8–64 characters of `A-Z a-z 0-9 - _`): the same event
/// sent twice counts once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{8,64}$"))]
    pub id: String,
    pub kind: EventKind,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,64}$"))]
    pub offer: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,64}$"))]
    pub variant: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,64}$"))]
    pub series: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,64}$"))]
    pub session: Option<String>,
}

/// `POST /v1/sites/{site}/events` (JSON, sent as `text/plain` by `navigator.sendBeacon` too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventBatch {
    /// At most 100.
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub events: Vec<Event>,
    /// The reader id, for beacons (which cannot send the `x-kiosque-reader` header).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{16,64}$"))]
    pub reader: Option<String>,
}

/// How many of the batch's events were new (the others had been received already).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventsAccepted {
    pub accepted: u32,
}
