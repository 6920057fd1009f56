use kiosque_protocol::ArticlePage;
use yew::prelude::*;

use super::use_gate::{use_gate, GateSource};
use super::ArticleView;
use crate::host_events::WidgetEvent;
use crate::i18n::Lang;
use crate::options::FailurePolicy;
use crate::state::Phase;

/// What both paywall placeholders (server and client mode) are given.
#[derive(Properties, PartialEq)]
pub struct GateProps {
    pub source: GateSource,
    pub lang: Lang,
    #[prop_or_default]
    pub on_failure: FailurePolicy,
    pub on_event: Callback<WidgetEvent>,
}

/// `data-kiosque="paywall"`: loads the article with the server's access decision and shows
/// the body, or the teaser and the wall.
#[component]
pub fn PaywallPlaceholder(props: &GateProps) -> Html {
    let gate = use_gate::<ArticlePage>(&props.source, &props.on_event);

    let strings = props.lang.strings();
    match &gate.state.phase {
        Phase::Loading => html! {
            <div class="kq-loading" role="status" aria-busy="true">
                <span class="kq-sr">{ strings.loading }</span>
                <div class="kq-skeleton" aria-hidden="true"></div>
                <div class="kq-skeleton" aria-hidden="true"></div>
                <div class="kq-skeleton kq-skeleton-short" aria-hidden="true"></div>
            </div>
        },
        Phase::Ready(page) => html! {
            <ArticleView page={page.clone()} lang={props.lang}
                on_signed_in={gate.on_signed_in.clone()} on_sign_out={gate.on_sign_out.clone()} />
        },
        Phase::Failed(err) => {
            let message = if err.code() == "article_not_found" {
                strings.not_found
            } else if props.on_failure == FailurePolicy::Closed {
                strings.unavailable
            } else {
                strings.load_failed
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
                        { strings.retry }
                    </button>
                </div>
            }
        }
    }
}
