use yew::platform::spawn_local;
use yew::prelude::*;

use super::ArticleView;
use crate::api::{self, Credentials};
use crate::host_events::WidgetEvent;
use crate::i18n::Lang;
use crate::options::FailurePolicy;
use crate::reader_id::reader_id;
use crate::state::{ArticleAction, ArticleState, Phase};

#[derive(Properties, PartialEq)]
pub struct PaywallPlaceholderProps {
    pub api: AttrValue,
    pub site: AttrValue,
    pub article: AttrValue,
    pub lang: Lang,
    pub timeout_ms: u32,
    #[prop_or_default]
    pub entitlement: Option<AttrValue>,
    #[prop_or_default]
    pub on_failure: FailurePolicy,
    pub on_event: Callback<WidgetEvent>,
}

/// `data-kiosque="paywall"`: loads the article with the server's access decision and shows
/// the body, or the teaser and the subscription box.
#[component]
pub fn PaywallPlaceholder(props: &PaywallPlaceholderProps) -> Html {
    let state = use_reducer(ArticleState::default);

    {
        let dispatcher = state.dispatcher();
        let key = (
            props.api.clone(),
            props.site.clone(),
            props.article.clone(),
            props.entitlement.clone(),
            props.timeout_ms,
            state.attempt,
        );
        use_effect_with(
            key,
            move |(api, site, article, entitlement, timeout_ms, _)| {
                let credentials = Credentials {
                    reader_id: reader_id(site),
                    entitlement: entitlement.as_ref().map(|t| t.to_string()),
                };
                let (api, site, article, timeout_ms) =
                    (api.clone(), site.clone(), article.clone(), *timeout_ms);
                spawn_local(async move {
                    let action =
                        match api::article(&api, &site, &article, &credentials, timeout_ms).await {
                            Ok(page) => ArticleAction::Loaded(page),
                            Err(err) => ArticleAction::Failed(err),
                        };
                    dispatcher.dispatch(action);
                });
            },
        );
    }

    {
        let on_event = props.on_event.clone();
        use_effect_with(state.clone(), move |state| {
            for event in state.events() {
                on_event.emit(event);
            }
        });
    }

    let strings = props.lang.strings();
    match &state.phase {
        Phase::Loading => html! {
            <div class="kq-loading" role="status" aria-busy="true">
                <span class="kq-sr">{ strings.loading }</span>
                <div class="kq-skeleton" aria-hidden="true"></div>
                <div class="kq-skeleton" aria-hidden="true"></div>
                <div class="kq-skeleton kq-skeleton-short" aria-hidden="true"></div>
            </div>
        },
        Phase::Ready(page) => html! { <ArticleView page={page.clone()} lang={props.lang} /> },
        Phase::Failed(err) => {
            let message = if err.code() == "article_not_found" {
                strings.not_found
            } else if props.on_failure == FailurePolicy::Closed {
                strings.unavailable
            } else {
                strings.load_failed
            };
            let dispatcher = state.dispatcher();
            let retry =
                Callback::from(move |_: MouseEvent| dispatcher.dispatch(ArticleAction::Retry));
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
                    <button type="button" class="kq-button kq-button-secondary" onclick={retry}>
                        { strings.retry }
                    </button>
                </div>
            }
        }
    }
}
