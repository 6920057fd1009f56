//! `data-kiosque="offers"`: offers a page places outside the paywall, an inline block of
//! cards or a banner with the first one. The loader fetches them with the reader's id
//! (`GET /v1/sites/{site}/offers`) and passes them in the options, so this is a plain
//! function, with no request and no state: a component and a fetch of its own measured
//! 3.6 KB gzip, more than the download budget had left.

use kiosque_protocol::Offer;
use web_sys::Element;
use yew::prelude::*;

use super::OfferCard;
use crate::host_events::{dispatch, WidgetEvent};
use crate::i18n::{Text, Texts};

/// The offers, each in the reader's variant; nothing when none is aimed at the reader (a
/// subscriber gets none).
pub fn offer_slot(offers: &[Offer], placement: &'static str, texts: &Texts) -> Html {
    let shown = shown(offers, placement);
    if shown.is_empty() {
        return Html::default();
    }
    html! {
        <aside class={classes!("kq-placed", format!("kq-{placement}"))}
            aria-label={texts.get(Text::OffersHeading).to_owned()}>
            <ul class="kq-offer-list">
                { for shown.iter().map(|offer| html! {
                    <OfferCard key={offer.id.clone()} offer={offer.clone()} {placement} />
                }) }
            </ul>
        </aside>
    }
}

/// `kiosque:ready`, then one impression per offer shown.
pub fn announce_offers(host: &Element, offers: &[Offer], placement: &'static str) {
    dispatch(host, &WidgetEvent::Ready);
    for o in shown(offers, placement) {
        let event = WidgetEvent::OfferImpression {
            offer: o.id.clone(),
            variant: o.variant.clone(),
            placement,
        };
        dispatch(host, &event);
    }
}

/// What a placement shows: a banner has room for one offer, the best.
fn shown<'a>(offers: &'a [Offer], placement: &str) -> &'a [Offer] {
    match placement {
        "banner" => &offers[..offers.len().min(1)],
        _ => offers,
    }
}
