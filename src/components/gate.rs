//! What surrounds an article once the server has decided: the notices above it (account,
//! refused entitlement, meter) and the wall below a teaser. Shared by the server-mode and the
//! client-mode placeholders.

use kiosque_protocol::{Access, Account, MeterState, Session, Wall};
use yew::prelude::*;

use super::{PaywallBox, RegistrationForm};
use crate::i18n::Lang;

pub struct Notices<'a> {
    pub account: Option<&'a Account>,
    pub entitlement_refused: bool,
    pub meter: Option<&'a MeterState>,
    /// Whether the reader can read the article (the meter notice reads differently).
    pub opened: bool,
}

pub fn notices(n: &Notices, lang: Lang, on_sign_out: &Callback<()>) -> Html {
    let strings = lang.strings();
    html! {
        <>
            if let Some(account) = n.account {
                <p class="kq-account">
                    { lang.signed_in_as(&account.email) }{ " " }
                    <button type="button" class="kq-link" onclick={on_sign_out.reform(|_| ())}>
                        { strings.sign_out }
                    </button>
                </p>
            }
            if n.entitlement_refused {
                <p class="kq-notice kq-notice-warning" role="status">{ strings.entitlement_refused }</p>
            }
            if let Some(meter) = n.meter {
                <p class="kq-notice kq-meter" role="status">{ lang.meter_notice(meter, n.opened) }</p>
            }
        </>
    }
}

/// After a teaser: the registration form, or the subscription box (with the offer of a free
/// account when the server says registering would open more articles).
pub fn wall(
    access: &Access,
    meter: Option<&MeterState>,
    lang: Lang,
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
            <RegistrationForm {lang} on_signed_in={on_signed_in.clone()} />
        },
        Wall::Subscription => html! {
            <>
                <PaywallBox paywall={paywall.clone()} {lang} />
                if let Some(n) = register_for {
                    <RegistrationForm {lang} register_for={Some((*n, period_days))}
                        on_signed_in={on_signed_in.clone()} />
                }
            </>
        },
    }
}
