use kiosque_protocol::{Access, AccessDecision};
use yew::prelude::*;

use super::gate;
use super::paywall::GateProps;
use crate::hooks::use_gate;
use crate::i18n::Text;
use crate::options::FailurePolicy;
use crate::state::Phase;

/// `data-kiosque="paywall" data-mode="client"`: the page already holds the whole article (its
/// own content, shown through a slot). The server decides; a reader who may not read it sees
/// the beginning, cut short by CSS, and the wall. The text is in the page, so this mode can
/// be bypassed; the server mode cannot.
#[component]
pub fn ClientGate(props: &GateProps) -> Html {
    let gate = use_gate::<AccessDecision>(&props.source, &props.on_event);
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
                    { gate::notices(&notices, &props.texts, &gate.on_sign_out) }
                    if opened { <slot /> } else { { clipped } }
                    { gate::wall(&decision.access, decision.meter.as_ref(), &props.texts, &gate.on_signed_in) }
                </div>
            }
        }
        // No answer: the page's own content is the fallback, unless the publisher chose closed.
        Phase::Failed(_) if props.on_failure == FailurePolicy::Closed => html! {
            <div class="kq-article">
                { clipped }
                <p class="kq-notice" role="alert">{ props.texts.get(Text::Unavailable) }</p>
            </div>
        },
        Phase::Failed(_) => html! { <slot /> },
    }
}
