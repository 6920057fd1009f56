use kiosque_protocol::Paywall;
use yew::prelude::*;

use super::{Endpoint, OfferCard};
use crate::host_events::WidgetEvent;
use crate::i18n::{Text, Texts};

#[derive(Properties, PartialEq)]
pub struct PaywallBoxProps {
    pub paywall: Paywall,
    pub texts: Texts,
}

/// "Abonnement — Accédez à l’intégralité de nos contenus", what a subscription opens, and a
/// button that reveals the offers in place.
#[component]
pub fn PaywallBox(props: &PaywallBoxProps) -> Html {
    let open = use_state(|| false);
    let endpoint = use_context::<Endpoint>();
    {
        // Offers shown: one impression each, for the host page's analytics.
        let offers: Vec<(String, String)> = props
            .paywall
            .offers
            .iter()
            .map(|o| (o.id.clone(), o.variant.clone()))
            .collect();
        let events = endpoint.as_ref().map(|e| e.events.clone());
        use_effect_with(*open, move |open| {
            if let (true, Some(events)) = (*open, events) {
                for (offer, variant) in offers {
                    events.emit(WidgetEvent::OfferImpression {
                        offer,
                        variant,
                        placement: "paywall",
                    });
                }
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let p = &props.paywall;
    let t = &props.texts;
    let offers_id = "kq-offers";
    html! {
        <section class="kq-paywall" aria-labelledby="kq-paywall-title">
            <p class="kq-paywall-kicker">{ &p.kicker }</p>
            <h2 class="kq-paywall-title" id="kq-paywall-title">{ &p.title }</h2>
            <ul class="kq-benefits">
                { for p.benefits.iter().map(|b| html! { <li>{ b }</li> }) }
            </ul>
            <button
                type="button"
                class="kq-button"
                aria-expanded={(*open).to_string()}
                aria-controls={offers_id}
                onclick={toggle}
            >
                { if *open { t.get(Text::HideOffers) } else { p.cta_label.as_str() } }
            </button>
            <div id={offers_id} class="kq-offers" hidden={!*open}>
                if *open {
                    <h3 class="kq-sr">{ t.get(Text::OffersHeading) }</h3>
                    <ul class="kq-offer-list">
                        { for p.offers.iter().map(|offer| html! { <OfferCard key={offer.id.clone()} offer={offer.clone()} /> }) }
                    </ul>
                }
            </div>
        </section>
    }
}
