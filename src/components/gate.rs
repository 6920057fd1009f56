//! What surrounds an article once the server has decided: the notices above it (account,
//! refused entitlement, meter) and the wall below a teaser. Shared by the server-mode and the
//! client-mode placeholders.

use kiosque_protocol::{Access, Account, MeterState, Session, Wall};
use yew::prelude::*;

use super::{PaywallBox, RegistrationForm};
use crate::i18n::{Text, Texts};

pub struct Notices<'a> {
    pub account: Option<&'a Account>,
    pub entitlement_refused: bool,
    pub meter: Option<&'a MeterState>,
    /// Whether the reader can read the article (the meter notice reads differently).
    pub opened: bool,
}

pub fn notices(n: &Notices, t: &Texts, on_sign_out: &Callback<()>) -> Html {
    html! {
        <>
            if let Some(account) = n.account {
                <p class="kq-account">
                    { t.fill(Text::SignedInAs, &[("email", &account.email)]) }{ " " }
                    <button type="button" class="kq-link" onclick={on_sign_out.reform(|_| ())}>
                        { t.get(Text::SignOut) }
                    </button>
                </p>
            }
            if n.entitlement_refused {
                <p class="kq-notice kq-notice-warning" role="status">{ t.get(Text::EntitlementRefused) }</p>
            }
            if let Some(meter) = n.meter {
                <p class="kq-notice kq-meter" role="status">{ t.meter_notice(meter, n.opened) }</p>
            }
        </>
    }
}

/// After a teaser: the registration form, or the subscription box (with the offer of a free
/// account when the server says registering would open more articles).
pub fn wall(
    access: &Access,
    meter: Option<&MeterState>,
    t: &Texts,
    on_signed_in: &Callback<Session>,
) -> Html {
    let Access::Teaser {
        wall,
        paywall,
        register_for,
    } = access
    else {
        return Html::default();
    };
    let period_days = meter.map(|m| m.period_days).unwrap_or(30);
    match wall {
        Wall::Registration => html! {
            <RegistrationForm texts={t.clone()} on_signed_in={on_signed_in.clone()} />
        },
        Wall::Subscription => html! {
            <>
                <PaywallBox paywall={paywall.clone()} texts={t.clone()} />
                if let Some(n) = register_for {
                    <RegistrationForm texts={t.clone()} register_for={Some((*n, period_days))}
                        on_signed_in={on_signed_in.clone()} />
                }
            </>
        },
    }
}
