//! View: one small component a file. Components render state and send actions; their requests
//! are made by `hooks` (through `api`, the only HTTP), and they touch the host page only
//! through `host_events`.

mod app;
mod article_view;
mod client_gate;
mod gate;
mod offer_card;
mod offer_slot;
mod paywall;
mod paywall_box;
mod questions;
mod registration_form;
#[cfg(feature = "survey")]
mod survey;
mod teasers;
mod webinar;
mod webinar_form;
mod webinar_session;

pub use app::{App, AppProps};
pub use article_view::{ArticleView, ArticleViewProps};
pub use client_gate::ClientGate;
pub use offer_card::OfferCard;
pub use offer_slot::{announce_offers, offer_slot};
pub use paywall::PaywallPlaceholder;
pub use paywall_box::PaywallBox;
pub use registration_form::RegistrationForm;
#[cfg(feature = "survey")]
pub use survey::SurveyPlaceholder;
pub use teasers::Teasers;
pub use webinar::Webinar;
