use kiosque_protocol::{Offer, RichBlock, Span};
use yew::prelude::*;

use crate::hooks::Endpoint;
use crate::host_events::WidgetEvent;

#[derive(Properties, PartialEq)]
pub struct OfferCardProps {
    pub offer: Offer,
    /// Where it is shown (`paywall`, `inline`, `banner`), for the click event.
    #[prop_or("paywall")]
    pub placement: &'static str,
}

/// Only web links leave the widget: a `javascript:` or `data:` URL is never made clickable,
/// whatever the backend sends.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[component]
pub fn OfferCard(props: &OfferCardProps) -> Html {
    let o = &props.offer;
    let endpoint = use_context::<Endpoint>();
    {
        // A card on the wall counts one impression when it appears (the best at once, the
        // others each time the reader opens them); placed offers are announced by the loader.
        let (offer, variant, placement) = (o.id.clone(), o.variant.clone(), props.placement);
        let endpoint = endpoint.clone();
        use_effect_with((), move |_| {
            if let (Some(endpoint), "paywall") = (endpoint, placement) {
                endpoint.events.emit(WidgetEvent::OfferImpression {
                    offer,
                    variant,
                    placement,
                });
            }
        });
    }
    let on_click = {
        let (offer, variant, placement) = (o.id.clone(), o.variant.clone(), props.placement);
        Callback::from(move |_: MouseEvent| {
            if let Some(endpoint) = &endpoint {
                endpoint.events.emit(WidgetEvent::OfferClick {
                    offer: offer.clone(),
                    variant: variant.clone(),
                    placement,
                });
            }
        })
    };
    html! {
        <li class={classes!("kq-offer", o.badge.is_some().then_some("kq-offer-featured"))}>
            if let Some(badge) = &o.badge {
                <p class="kq-badge">{ badge }</p>
            }
            <h4 class="kq-offer-title">{ &o.title }</h4>
            <p class="kq-offer-headline">{ &o.headline }</p>
            <p class="kq-price"><strong>{ &o.price }</strong>{ " " }<span>{ &o.period }</span></p>
            <div class="kq-offer-description">
                { for o.description.iter().map(rich_block) }
            </div>
            <ul class="kq-offer-benefits">
                { for o.benefits.iter().map(|b| html! { <li>{ b }</li> }) }
            </ul>
            if is_web_link(&o.cta_url) {
                <a class="kq-button" href={checkout_url(&o.cta_url)} target="_top" rel="noopener" onclick={on_click}>{ &o.cta_label }</a>
            }
        </li>
    }
}

/// A block of the description, built element by element: the widget never hands a string to
/// the HTML parser, whatever the backend sends.
fn rich_block(block: &RichBlock) -> Html {
    match block {
        RichBlock::Paragraph(spans) => html! { <p>{ runs(spans) }</p> },
        RichBlock::List(items) => html! {
            <ul>{ for items.iter().map(|item| html! { <li>{ runs(item) }</li> }) }</ul>
        },
    }
}

/// Runs of text with their marks; consecutive runs with the same web link make one link.
fn runs(spans: &[Span]) -> Html {
    spans
        .chunk_by(|a, b| a.link == b.link)
        .map(|group| {
            let marked = group.iter().map(|span| {
                let mut node = html! { { span.text.clone() } };
                if span.em {
                    node = html! { <em>{ node }</em> };
                }
                if span.strong {
                    node = html! { <strong>{ node }</strong> };
                }
                node
            });
            match &group[0].link {
                Some(href) if is_web_link(href) => html! {
                    <a href={href.clone()} target="_blank" rel="noopener">{ for marked }</a>
                },
                _ => html! { <>{ for marked }</> },
            }
        })
        .collect()
}

/// The checkout link with the reader's page as `return_url`, so the publisher's checkout can
/// bring them back to the article they were reading.
fn checkout_url(url: &str) -> String {
    let page = encoded_page_url();
    if page.is_empty() {
        return url.to_owned();
    }
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let separator = if base.contains('?') { '&' } else { '?' };
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    format!("{base}{separator}return_url={page}{fragment}")
}

#[cfg(target_arch = "wasm32")]
fn encoded_page_url() -> String {
    let page = crate::hooks::page_url();
    if page.is_empty() {
        return page;
    }
    js_sys::encode_uri_component(&page).into()
}

/// On the server (the first paint, `crate::first_paint`) the reader's page is not known: the
/// loader puts its address where this mark is, as the widget would have (`www/loader/paint.js`).
#[cfg(not(target_arch = "wasm32"))]
fn encoded_page_url() -> String {
    crate::first_paint::PAGE_MARK.to_owned()
}

#[cfg(test)]
mod tests {
    use super::is_web_link;

    #[test]
    fn only_web_links_are_clickable() {
        assert!(is_web_link("https://abonnement.example.org/annuel"));
        assert!(is_web_link("HTTP://x"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link(" data:text/html,x"));
        assert!(!is_web_link("/relative"));
    }
}
