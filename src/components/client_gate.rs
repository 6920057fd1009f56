use kiosque_protocol::{Access, AccessDecision, AccessLevel};
use yew::prelude::*;

use super::gate;
use super::use_gate::{use_gate, GateSource};
use crate::host_events::WidgetEvent;
use crate::i18n::Lang;
use crate::options::FailurePolicy;
use crate::state::Phase;

#[derive(Properties, PartialEq)]
pub struct ClientGateProps {
    pub api: AttrValue,
    pub site: AttrValue,
    pub article: AttrValue,
    /// `data-access`: the level the page claims for its article.
    pub level: AccessLevel,
    pub lang: Lang,
    pub timeout_ms: u32,
    #[prop_or_default]
    pub entitlement: Option<AttrValue>,
    #[prop_or_default]
    pub on_failure: FailurePolicy,
    pub on_event: Callback<WidgetEvent>,
}

/// `data-kiosque="paywall" data-mode="client"`: the page already holds the whole article (its
/// own content, shown through a slot). The server decides; a reader who may not read it sees
/// the beginning, cut short by CSS, and the wall. The text is in the page, so this mode can
/// be bypassed; the server mode cannot.
#[component]
pub fn ClientGate(props: &ClientGateProps) -> Html {
    let source = GateSource {
        api: props.api.clone(),
        site: props.site.clone(),
        article: props.article.clone(),
        level: props.level,
        entitlement: props.entitlement.clone(),
        timeout_ms: props.timeout_ms,
    };
    let gate = use_gate::<AccessDecision>(&source, &props.on_event);
    let clipped = html! { <div class="kq-clip"><slot /></div> };
    match &gate.state.phase {
        // Closed while the server decides: no flash of text that is then taken away.
        Phase::Loading => html! { <div aria-busy="true">{ clipped }</div> },
        Phase::Ready(decision) => {
            let opened = matches!(decision.access, Access::Full { .. });
            let notices = gate::Notices {
                account: decision.account.as_ref(),
                entitlement_refused: decision.entitlement_error.is_some(),
                meter: decision.meter.as_ref(),
                opened,
            };
            html! {
                <div class="kq-article">
                    { gate::notices(&notices, props.lang, &gate.on_sign_out) }
                    if opened { <slot /> } else { { clipped } }
                    { gate::wall(&decision.access, decision.meter.as_ref(), props.lang, &gate.on_signed_in) }
                </div>
            }
        }
        // No answer: the page's own content is the fallback, unless the publisher chose closed.
        Phase::Failed(_) if props.on_failure == FailurePolicy::Closed => html! {
            <div class="kq-article">
                { clipped }
                <p class="kq-notice" role="alert">{ props.lang.strings().unavailable }</p>
            </div>
        },
        Phase::Failed(_) => html! { <slot /> },
    }
}
