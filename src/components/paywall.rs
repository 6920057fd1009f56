use kiosque_protocol::ArticlePage;
use yew::prelude::*;

use super::ArticleView;
use crate::hooks::{use_gate, GateSource};
use crate::host_events::WidgetEvent;
use crate::i18n::{Text, Texts};
use crate::options::FailurePolicy;
use crate::state::Phase;

/// What both paywall placeholders (server and client mode) are given.
#[derive(Properties, PartialEq)]
pub struct GateProps {
    pub source: GateSource,
    pub texts: Texts,
    #[prop_or_default]
    pub on_failure: FailurePolicy,
    pub on_event: Callback<WidgetEvent>,
}

/// `data-kiosque="paywall"`: loads the article with the server's access decision and shows
/// the body, or the teaser and the wall.
#[component]
pub fn PaywallPlaceholder(props: &GateProps) -> Html {
    let gate = use_gate::<ArticlePage>(&props.source, &props.on_event);

    let t = &props.texts;
    match &gate.state.phase {
        Phase::Loading => html! {
            <div class="kq-loading" role="status" aria-busy="true">
                <span class="kq-sr">{ t.get(Text::Loading) }</span>
                <div class="kq-skeleton" aria-hidden="true"></div>
                <div class="kq-skeleton" aria-hidden="true"></div>
                <div class="kq-skeleton kq-skeleton-short" aria-hidden="true"></div>
            </div>
        },
        Phase::Ready(page) => html! {
            <ArticleView page={page.clone()} texts={t.clone()}
                on_signed_in={gate.on_signed_in.clone()} on_sign_out={gate.on_sign_out.clone()} />
        },
        Phase::Failed(code) => {
            let message = if *code == "article_not_found" {
                t.get(Text::NotFound)
            } else if props.on_failure == FailurePolicy::Closed {
                t.get(Text::Unavailable)
            } else {
                t.get(Text::LoadFailed)
            };
            html! {
                <div class="kq-error" role="alert">
                    if props.on_failure == FailurePolicy::Closed {
                        <p>{ message }</p>
                    } else {
                        // The publisher's own fallback content, if the placeholder has any.
                        <slot>
                            <p>{ message }</p>
                        </slot>
                    }
                    <button type="button" class="kq-button kq-button-secondary" onclick={gate.retry.clone()}>
                        { t.get(Text::Retry) }
                    </button>
                </div>
            }
        }
    }
}
