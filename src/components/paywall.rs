use kiosque_protocol::Session;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::ArticleView;
use crate::api::{self, Credentials};
use crate::host_events::WidgetEvent;
use crate::i18n::Lang;
use crate::identity;
use crate::options::FailurePolicy;
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
/// the body, or the teaser and the wall.
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
                    reader_id: identity::reader_id(site),
                    entitlement: entitlement.as_ref().map(|t| t.to_string()),
                    session: identity::session(site),
                };
                let (api, site, article, timeout_ms) =
                    (api.clone(), site.clone(), article.clone(), *timeout_ms);
                spawn_local(async move {
                    let result =
                        api::article(&api, &site, &article, &credentials, timeout_ms).await;
                    let action = match result {
                        Ok(page) => {
                            // A session the server no longer knows (expired, signed out elsewhere).
                            if credentials.session.is_some() && page.account.is_none() {
                                identity::forget_session(&site);
                            }
                            ArticleAction::Loaded(page)
                        }
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
        Phase::Ready(page) => {
            let site = props.site.clone();
            let dispatcher = state.dispatcher();
            let on_signed_in = Callback::from(move |session: Session| {
                identity::set_session(&site, &session.token);
                dispatcher.dispatch(ArticleAction::Retry);
            });
            let on_sign_out = sign_out(props, state.dispatcher());
            html! {
                <ArticleView page={page.clone()} lang={props.lang} {on_signed_in} {on_sign_out} />
            }
        }
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

/// Forgets the session at once, tells the server (best effort) and loads the article again.
fn sign_out(
    props: &PaywallPlaceholderProps,
    dispatcher: UseReducerDispatcher<ArticleState>,
) -> Callback<()> {
    let (api, site, timeout_ms) = (props.api.clone(), props.site.clone(), props.timeout_ms);
    Callback::from(move |()| {
        let credentials = Credentials {
            session: identity::session(&site),
            ..Credentials::default()
        };
        identity::forget_session(&site);
        let (api, site, dispatcher) = (api.clone(), site.clone(), dispatcher.clone());
        spawn_local(async move {
            let _ = api::sign_out(&api, &site, &credentials, timeout_ms).await;
            dispatcher.dispatch(ArticleAction::Retry);
        });
    })
}
