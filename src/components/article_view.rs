use std::rc::Rc;

use kiosque_protocol::{Access, ArticlePage, Block, GrantReason, Session, Wall};
use yew::prelude::*;

use super::{PaywallBox, RegistrationForm};
use crate::i18n::Lang;
use crate::reader_actions;

#[derive(Properties, PartialEq)]
pub struct ArticleViewProps {
    pub page: Rc<ArticlePage>,
    pub lang: Lang,
    /// A reader signed in through the registration form.
    #[prop_or_default]
    pub on_signed_in: Callback<Session>,
    #[prop_or_default]
    pub on_sign_out: Callback<()>,
}

/// An article body as the server sent it: the whole text, or the teaser fading into the
/// subscription box. Text is rendered as text, never as HTML.
#[component]
pub fn ArticleView(props: &ArticleViewProps) -> Html {
    let page = &props.page;
    let gated = matches!(page.access, Access::Teaser { .. });
    let body_class = classes!("kq-body", gated.then_some("kq-body-teaser"));
    let strings = props.lang.strings();
    let meter_notice = page
        .meter
        .as_ref()
        .map(|meter| props.lang.meter_notice(meter, !gated));
    html! {
        <div class="kq-article">
            if let Some(account) = &page.account {
                <p class="kq-account">
                    { props.lang.signed_in_as(&account.email) }{ " " }
                    <button type="button" class="kq-link" onclick={props.on_sign_out.reform(|_| ())}>
                        { strings.sign_out }
                    </button>
                </p>
            }
            if page.entitlement_error.is_some() {
                <p class="kq-notice kq-notice-warning" role="status">{ strings.entitlement_refused }</p>
            }
            if let Some(notice) = meter_notice {
                <p class="kq-notice kq-meter" role="status">{ notice }</p>
            }
            <div class={body_class}>
                { for page.body.iter().map(block) }
            </div>
            { wall(page, props) }
            { reader_actions(page, props.lang) }
        </div>
    }
}

/// Print and download: subscriber features; others see them locked, with the reason.
fn reader_actions(page: &Rc<ArticlePage>, lang: Lang) -> Html {
    let strings = lang.strings();
    let subscriber = page.access
        == Access::Full {
            reason: GrantReason::Subscriber,
        };
    if subscriber {
        let for_download = page.clone();
        html! {
            <div class="kq-reader-actions">
                <button type="button" class="kq-action" onclick={Callback::from(|_| reader_actions::print())}>
                    { strings.print }
                </button>
                <button type="button" class="kq-action"
                    onclick={Callback::from(move |_| reader_actions::download(&for_download))}>
                    { strings.download }
                </button>
            </div>
        }
    } else {
        html! {
            <div class="kq-reader-actions">
                <button type="button" class="kq-action" aria-disabled="true" aria-describedby="kq-actions-locked">
                    { "🔒 " }{ strings.print }
                </button>
                <button type="button" class="kq-action" aria-disabled="true" aria-describedby="kq-actions-locked">
                    { "🔒 " }{ strings.download }
                </button>
                <p id="kq-actions-locked" class="kq-actions-note">{ strings.actions_locked }</p>
            </div>
        }
    }
}

/// What stands after a teaser: the registration form, or the subscription box (with the offer
/// of a free account when the server says registering would open more articles).
fn wall(page: &ArticlePage, props: &ArticleViewProps) -> Html {
    let Access::Teaser {
        wall,
        paywall,
        register_for,
    } = &page.access
    else {
        return Html::default();
    };
    let period_days = page.meter.map(|m| m.period_days).unwrap_or(30);
    match wall {
        Wall::Registration => html! {
            <RegistrationForm lang={props.lang} on_signed_in={props.on_signed_in.clone()} />
        },
        Wall::Subscription => html! {
            <>
                <PaywallBox paywall={paywall.clone()} lang={props.lang} />
                if let Some(n) = register_for {
                    <RegistrationForm lang={props.lang} register_for={Some((*n, period_days))}
                        on_signed_in={props.on_signed_in.clone()} />
                }
            </>
        },
    }
}

fn block(block: &Block) -> Html {
    match block {
        Block::Paragraph(text) => html! { <p>{ text }</p> },
        Block::Heading(text) => html! { <h2 class="kq-heading">{ text }</h2> },
        Block::Question(text) => html! { <p class="kq-question">{ text }</p> },
        Block::Quote(text) => {
            html! { <blockquote class="kq-quote"><p>{ text }</p></blockquote> }
        }
    }
}
