use std::rc::Rc;

use kiosque_protocol::{Access, AccessDecision, ArticlePage, ErrorCode};
use yew::Reducible;

use crate::host_events::WidgetEvent;

/// What a placeholder loads: an article with its decision, or the decision alone.
pub trait Decided: PartialEq + 'static {
    fn access(&self) -> &Access;
    fn entitlement_error(&self) -> Option<ErrorCode>;
}

impl Decided for ArticlePage {
    fn access(&self) -> &Access {
        &self.access
    }
    fn entitlement_error(&self) -> Option<ErrorCode> {
        self.entitlement_error
    }
}

impl Decided for AccessDecision {
    fn access(&self) -> &Access {
        &self.access
    }
    fn entitlement_error(&self) -> Option<ErrorCode> {
        self.entitlement_error
    }
}

/// The life of a placeholder: loading, then the answer or an error; retry starts over.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadState<T> {
    pub phase: Phase<T>,
    /// Bumped by each retry, so the loading effect runs again.
    pub attempt: u32,
}

impl<T> Default for LoadState<T> {
    /// Loading, nothing in hand yet.
    fn default() -> Self {
        LoadState::first(None)
    }
}

impl<T> LoadState<T> {
    /// Where a placeholder starts: loading, or the answer already in hand.
    pub fn first(answer: Option<Result<T, &'static str>>) -> Self {
        let phase = match answer {
            None => Phase::Loading,
            Some(Ok(value)) => Phase::Ready(Rc::new(value)),
            Some(Err(code)) => Phase::Failed(code),
        };
        LoadState { phase, attempt: 0 }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Phase<T> {
    Loading,
    Ready(Rc<T>),
    /// No answer to show: the `kiosque:error` code of why (`article_not_found`, `timeout`…).
    Failed(&'static str),
}

pub enum LoadAction<T> {
    Loaded(T),
    /// The `kiosque:error` code of the failure.
    Failed(&'static str),
    Retry,
}

/// A paywall placeholder in server mode.
pub type ArticleState = LoadState<ArticlePage>;
pub type ArticleAction = LoadAction<ArticlePage>;

impl<T: Decided> Reducible for LoadState<T> {
    type Action = LoadAction<T>;

    fn reduce(self: Rc<Self>, action: LoadAction<T>) -> Rc<Self> {
        let phase = match action {
            LoadAction::Loaded(value) => Phase::Ready(Rc::new(value)),
            LoadAction::Failed(code) => Phase::Failed(code),
            LoadAction::Retry if matches!(self.phase, Phase::Loading) => return self,
            LoadAction::Retry => {
                return Rc::new(LoadState {
                    phase: Phase::Loading,
                    attempt: self.attempt + 1,
                })
            }
        };
        Rc::new(LoadState {
            phase,
            attempt: self.attempt,
        })
    }
}

impl<T: Decided> LoadState<T> {
    /// What the host page should hear about the current phase of the placeholder of `article`.
    pub fn events(&self, article: &str) -> Vec<WidgetEvent> {
        match &self.phase {
            Phase::Loading => Vec::new(),
            Phase::Ready(value) => {
                let mut events = Vec::new();
                if let Some(code) = value.entitlement_error() {
                    events.push(WidgetEvent::EntitlementRefused {
                        code: code.as_str(),
                    });
                }
                events.push(match value.access() {
                    Access::Full { .. } => WidgetEvent::Ready,
                    Access::Teaser { .. } => WidgetEvent::PaywallShown {
                        article: article.to_owned(),
                    },
                });
                events
            }
            Phase::Failed(code) => vec![WidgetEvent::Error { code }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::{AccessLevel, ArticleMeta, ErrorCode, GrantReason, Section, Wall};

    fn page(access: Access) -> ArticlePage {
        ArticlePage {
            article: ArticleMeta {
                slug: "a".into(),
                section: Section {
                    slug: "s".into(),
                    name: "S".into(),
                },
                kicker: String::new(),
                title: "T".into(),
                standfirst: String::new(),
                author: String::new(),
                published_at: "2026-11-01".into(),
                access: AccessLevel::Subscribers,
                tags: Vec::new(),
                image: None,
            },
            body: Vec::new(),
            access,
            meter: None,
            account: None,
            entitlement_error: None,
        }
    }

    #[test]
    fn loads_then_reports_the_paywall() {
        let state = Rc::new(ArticleState::default());
        assert_eq!(state.events("a"), []);
        let paywall = kiosque_protocol::Paywall {
            kicker: "Abonnement".into(),
            title: "t".into(),
            benefits: vec![],
            cta_label: "c".into(),
            offers: vec![],
        };
        let mut refused = page(Access::Teaser {
            wall: Wall::Subscription,
            paywall,
            register_for: None,
        });
        refused.entitlement_error = Some(ErrorCode::EntitlementExpired);
        let state = state.reduce(ArticleAction::Loaded(refused));
        assert_eq!(
            state.events("a"),
            [
                WidgetEvent::EntitlementRefused {
                    code: "entitlement_expired"
                },
                WidgetEvent::PaywallShown {
                    article: "a".into()
                }
            ]
        );
    }

    #[test]
    fn retry_after_a_failure_loads_again() {
        let state = Rc::new(ArticleState::default()).reduce(ArticleAction::Failed("timeout"));
        assert_eq!(state.events("a"), [WidgetEvent::Error { code: "timeout" }]);
        let state = state.reduce(ArticleAction::Retry);
        assert_eq!(state.phase, Phase::Loading);
        assert_eq!(state.attempt, 1);
        // A second retry while loading changes nothing (no double request).
        let again = state.clone().reduce(ArticleAction::Retry);
        assert!(Rc::ptr_eq(&state, &again));
    }

    #[test]
    fn a_full_article_is_just_ready() {
        let full = page(Access::Full {
            reason: GrantReason::Meter,
        });
        let state = Rc::new(ArticleState::default()).reduce(ArticleAction::Loaded(full));
        assert_eq!(state.events("a"), [WidgetEvent::Ready]);
    }
}
