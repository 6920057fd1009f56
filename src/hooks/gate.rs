//! The hook both paywall placeholders share: load the server's decision (with the article, or
//! alone), keep the reader's identity in step with it, and tell the host page.

use std::future::Future;

use kiosque_protocol::{AccessDecision, AccessLevel, Account, ArticlePage, Session};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, Credentials, FetchError, Handed};
use crate::host_events::WidgetEvent;
use crate::identity;
use crate::state::{Decided, LoadAction, LoadState, Phase};
use crate::wire::Decode;

/// What to ask the backend about.
#[derive(Clone, Debug, PartialEq)]
pub struct GateSource {
    pub api: AttrValue,
    pub site: AttrValue,
    pub article: AttrValue,
    /// The level the page claims (client mode); the server's own level wins when it knows the
    /// article.
    pub level: AccessLevel,
    pub entitlement: Option<AttrValue>,
    pub timeout_ms: u32,
    pub lang: kiosque_protocol::Lang,
    /// The first answer, if the loader already asked (server mode): no request of our own.
    pub handed: Option<Handed>,
}

/// An answer that carries a decision for a reader.
pub trait Gated: Decided + Decode + Sized {
    fn account(&self) -> Option<&Account>;
    fn load(
        source: GateSource,
        credentials: Credentials,
    ) -> impl Future<Output = Result<Self, FetchError>>;
}

impl Gated for ArticlePage {
    fn account(&self) -> Option<&Account> {
        self.account.as_ref()
    }
    async fn load(s: GateSource, credentials: Credentials) -> Result<Self, FetchError> {
        api::article(&s.api, &s.site, &s.article, &credentials, s.timeout_ms).await
    }
}

impl Gated for AccessDecision {
    fn account(&self) -> Option<&Account> {
        self.account.as_ref()
    }
    async fn load(s: GateSource, credentials: Credentials) -> Result<Self, FetchError> {
        api::access(
            &s.api,
            &s.site,
            &s.article,
            s.level,
            &credentials,
            s.timeout_ms,
        )
        .await
    }
}

pub struct Gate<T: Gated> {
    pub state: UseReducerHandle<LoadState<T>>,
    /// A reader signed in through the registration form: keep the session, load again.
    pub on_signed_in: Callback<Session>,
    /// Forget the session at once, tell the server (best effort), load again.
    pub on_sign_out: Callback<()>,
    pub retry: Callback<MouseEvent>,
}

/// A session the server no longer knows (expired, signed out elsewhere) is forgotten.
fn forget_stale_session<T: Gated>(site: &str, had_session: bool, answer: &T) {
    if had_session && answer.account().is_none() {
        identity::forget_session(site);
    }
}

#[hook]
pub fn use_gate<T: Gated>(source: &GateSource, on_event: &Callback<WidgetEvent>) -> Gate<T> {
    // The loader's answer, when it sent one, is the first state: the box is in the first
    // render, without a loading frame before it.
    let state = use_reducer({
        let handed = source.handed.clone();
        move || {
            LoadState::<T>::first(
                handed
                    .as_ref()
                    .map(|h| api::read_handed::<T>(h).map_err(|e| e.code())),
            )
        }
    });
    {
        let dispatcher = state.dispatcher();
        let first = state.clone();
        use_effect_with((source.clone(), state.attempt), move |(source, attempt)| {
            let site = source.site.clone();
            if *attempt == 0 && source.handed.is_some() {
                // Nothing to ask, only the loader's answer to heed.
                if let Phase::Ready(answer) = &first.phase {
                    forget_stale_session(&site, identity::session(&site).is_some(), &**answer);
                }
                return;
            }
            let credentials = Credentials {
                reader_id: identity::reader_id(&site),
                entitlement: source.entitlement.as_ref().map(|t| t.to_string()),
                session: identity::session(&site),
                idempotency_key: None,
                lang: Some(source.lang),
            };
            let source = source.clone();
            spawn_local(async move {
                let had_session = credentials.session.is_some();
                let action = match T::load(source, credentials).await {
                    Ok(answer) => {
                        forget_stale_session(&site, had_session, &answer);
                        LoadAction::Loaded(answer)
                    }
                    Err(err) => LoadAction::Failed(err.code()),
                };
                dispatcher.dispatch(action);
            });
        });
    }
    {
        let on_event = on_event.clone();
        let article = source.article.clone();
        // The loader told the host page about the answer it painted: not twice.
        let painted = matches!(source.handed, Some(Handed::Answer { painted: true, .. }));
        use_effect_with(state.clone(), move |state| {
            if painted && state.attempt == 0 {
                return;
            }
            for event in state.events(&article) {
                on_event.emit(event);
            }
        });
    }
    let on_signed_in = {
        let (site, dispatcher) = (source.site.clone(), state.dispatcher());
        Callback::from(move |session: Session| {
            identity::set_session(&site, &session.token);
            dispatcher.dispatch(LoadAction::Retry);
        })
    };
    let on_sign_out = {
        let (source, dispatcher) = (source.clone(), state.dispatcher());
        Callback::from(move |()| {
            let credentials = Credentials {
                session: identity::session(&source.site),
                ..Credentials::default()
            };
            identity::forget_session(&source.site);
            let (source, dispatcher) = (source.clone(), dispatcher.clone());
            spawn_local(async move {
                let _ =
                    api::sign_out(&source.api, &source.site, &credentials, source.timeout_ms).await;
                dispatcher.dispatch(LoadAction::Retry);
            });
        })
    };
    let retry = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(LoadAction::Retry))
    };
    Gate {
        state,
        on_signed_in,
        on_sign_out,
        retry,
    }
}
