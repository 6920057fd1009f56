//! A teaser list's pages: the first on mount, the next on "Voir plus" (the state's `requests`).

use kiosque_protocol::TeaserFilter;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::host_events::WidgetEvent;
use crate::state::{TeaserAction, TeaserState};

/// What to list, and where from.
#[derive(Clone, Debug, PartialEq)]
pub struct TeaserSource {
    pub api: AttrValue,
    pub site: AttrValue,
    pub filter: TeaserFilter,
    /// Teasers per page.
    pub limit: u32,
    pub timeout_ms: u32,
}

/// The list's state; dispatch `TeaserAction::More` for the next page (or to try again).
/// The host page hears `ready` with the first page, `error` with its code on a failure.
#[hook]
pub fn use_teasers(
    source: TeaserSource,
    on_event: &Callback<WidgetEvent>,
) -> UseReducerHandle<TeaserState> {
    let state = use_reducer(TeaserState::default);
    let dispatcher = state.dispatcher();
    let after = state.next.clone();
    let on_event = on_event.clone();
    use_effect_with((source, state.requests), move |(s, _)| {
        let s = s.clone();
        spawn_local(async move {
            let answer = api::teasers(
                &s.api,
                &s.site,
                &s.filter,
                s.limit,
                after.as_deref(),
                s.timeout_ms,
            )
            .await;
            match answer {
                Ok(page) => {
                    if after.is_none() {
                        on_event.emit(WidgetEvent::Ready);
                    }
                    dispatcher.dispatch(TeaserAction::Loaded(page));
                }
                Err(err) => {
                    on_event.emit(WidgetEvent::Error { code: err.code() });
                    dispatcher.dispatch(TeaserAction::Failed);
                }
            }
        });
    });
    state
}
