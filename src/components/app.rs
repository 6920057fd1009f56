use web_sys::Element;
use yew::prelude::*;

use kiosque_protocol::{AccessLevel, TeaserFilter};

#[cfg(feature = "survey")]
use super::SurveyPlaceholder;
use super::{offer_slot, ClientGate, PaywallPlaceholder, Teasers, Webinar};
use crate::hooks::{Endpoint, GateSource};
use crate::host_events::{self, WidgetEvent};
use crate::options::{Mode, MountOptions, PlaceholderKind};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The placeholder element on the host page (events are dispatched on it).
    pub host: Element,
    pub options: MountOptions,
}

/// The root of one placeholder: the stylesheet, a themed wrapper, the kind's component.
#[component]
pub fn App(props: &AppProps) -> Html {
    let on_event = {
        let host = props.host.clone();
        Callback::from(move |event: WidgetEvent| host_events::dispatch(&host, &event))
    };
    let o = &props.options;
    // Each arm is in the module only with its kind's feature; `mount` refuses the others.
    let content = match (o.kind, o.mode) {
        #[cfg(feature = "paywall")]
        (PlaceholderKind::Paywall, mode) => {
            let source = GateSource {
                api: o.api.clone().into(),
                site: o.site.clone().into(),
                article: o.article.clone().unwrap_or_default().into(),
                level: o.access.unwrap_or(AccessLevel::Subscribers),
                entitlement: o.entitlement.clone().map(AttrValue::from),
                timeout_ms: o.timeout_ms,
                lang: o.texts.lang(),
                handed: o.answer.clone(),
            };
            match mode {
                Mode::Client => html! {
                    <ClientGate {source} texts={o.texts.clone()} on_failure={o.on_failure} on_event={on_event.clone()} />
                },
                Mode::Server => html! {
                    <PaywallPlaceholder {source} texts={o.texts.clone()} on_failure={o.on_failure} on_event={on_event.clone()} />
                },
            }
        }
        #[cfg(feature = "teasers")]
        (PlaceholderKind::Teasers, _) => {
            let filter = TeaserFilter {
                section: o.section.clone(),
                tag: o.tag.clone(),
                related: o.related.clone(),
            };
            html! {
                <Teasers api={o.api.clone()} site={o.site.clone()} {filter} layout={o.layout}
                    limit={o.limit.unwrap_or(6).clamp(1, 50)}
                    link={o.link.clone().unwrap_or_else(|| ("/articles/".to_owned(), String::new()))}
                    texts={o.texts.clone()} timeout_ms={o.timeout_ms} on_event={on_event.clone()} />
            }
        }
        #[cfg(feature = "offers")]
        (PlaceholderKind::Offers, _) => offer_slot(&o.offers, o.placement, &o.texts),
        #[cfg(feature = "webinar")]
        (PlaceholderKind::Webinar, _) => html! {
            <Webinar series={o.series.clone().unwrap_or_default()}
                session={o.session_id.clone().map(AttrValue::from)} texts={o.texts.clone()} />
        },
        #[cfg(feature = "survey")]
        (PlaceholderKind::Survey, _) => html! {
            <SurveyPlaceholder survey={o.survey.clone().unwrap_or_default()} texts={o.texts.clone()} />
        },
        // A module of some kinds only: `mount` refused the others already.
        #[cfg(not(all(feature = "every-kind", feature = "survey")))]
        _ => Html::default(),
    };
    let endpoint = Endpoint {
        api: o.api.clone().into(),
        site: o.site.clone().into(),
        timeout_ms: o.timeout_ms,
        lang: o.texts.lang(),
        events: on_event,
    };
    html! {
        <ContextProvider<Endpoint> context={endpoint}>
            <div class="kq">{ content }</div>
        </ContextProvider<Endpoint>>
    }
}
