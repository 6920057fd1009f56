use kiosque_protocol::Paywall;
use yew::prelude::*;

use super::OfferCard;
use crate::i18n::{Text, Texts};

#[derive(Properties, PartialEq)]
pub struct PaywallBoxProps {
    pub paywall: Paywall,
    pub texts: Texts,
}

/// "Abonnement — Accédez à l’intégralité de nos contenus", what a subscription opens, the best
/// offer (the first: the server orders them by priority) with its price at once, and a button
/// that reveals the others in place.
#[component]
pub fn PaywallBox(props: &PaywallBoxProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let p = &props.paywall;
    let t = &props.texts;
    let shown = if *open { p.offers.len() } else { 1 };
    let offers = &p.offers[..shown.min(p.offers.len())];
    // As many columns as cards, up to three, so that no card is left alone on a row (the
    // stylesheet falls back to one column where they do not fit).
    let columns = match offers.len() {
        4 => 2,
        n => n.min(3),
    };
    html! {
        <section class="kq-paywall" aria-labelledby="kq-paywall-title">
            <p class="kq-paywall-kicker">{ &p.kicker }</p>
            <h2 class="kq-paywall-title" id="kq-paywall-title">{ &p.title }</h2>
            <ul class="kq-benefits">
                { for p.benefits.iter().map(|b| html! { <li>{ b }</li> }) }
            </ul>
            if !offers.is_empty() {
                <h3 class="kq-sr">{ t.get(Text::OffersHeading) }</h3>
                <ul id="kq-offers" class={format!("kq-offer-list kq-c{columns}")}>
                    { for offers.iter().map(|offer| html! { <OfferCard key={offer.id.clone()} offer={offer.clone()} /> }) }
                </ul>
            }
            if p.offers.len() > 1 {
                <button
                    type="button"
                    class="kq-button kq-button-secondary"
                    aria-expanded={(*open).to_string()}
                    aria-controls="kq-offers"
                    onclick={toggle}
                >
                    { if *open { t.get(Text::HideOffers) } else { p.cta_label.as_str() } }
                </button>
            }
        </section>
    }
}
