use web_sys::Element;
use yew::prelude::*;

use kiosque_protocol::AccessLevel;

use super::{ClientGate, Endpoint, PaywallPlaceholder, STYLE};
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
    let content = match (o.kind, o.mode) {
        (PlaceholderKind::Paywall, Mode::Client) => html! {
            <ClientGate
                api={o.api.clone()}
                site={o.site.clone()}
                article={o.article.clone().unwrap_or_default()}
                level={o.access.unwrap_or(AccessLevel::Subscribers)}
                lang={o.lang}
                timeout_ms={o.timeout_ms}
                entitlement={o.entitlement.clone().map(AttrValue::from)}
                on_failure={o.on_failure}
                on_event={on_event.clone()}
            />
        },
        (PlaceholderKind::Paywall, Mode::Server) => html! {
            <PaywallPlaceholder
                api={o.api.clone()}
                site={o.site.clone()}
                article={o.article.clone().unwrap_or_default()}
                lang={o.lang}
                timeout_ms={o.timeout_ms}
                entitlement={o.entitlement.clone().map(AttrValue::from)}
                on_failure={o.on_failure}
                {on_event}
            />
        },
    };
    let endpoint = Endpoint {
        api: o.api.clone().into(),
        site: o.site.clone().into(),
        timeout_ms: o.timeout_ms,
    };
    html! {
        <ContextProvider<Endpoint> context={endpoint}>
            <style>{ STYLE }</style>
            <div class="kq">{ content }</div>
        </ContextProvider<Endpoint>>
    }
}
