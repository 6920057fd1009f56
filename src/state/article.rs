use std::rc::Rc;

use kiosque_protocol::{Access, ArticlePage};
use yew::Reducible;

use crate::api::FetchError;
use crate::host_events::WidgetEvent;

/// The life of a paywall placeholder: loading, then the page or an error; retry starts over.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArticleState {
    pub phase: Phase,
    /// Bumped by each retry, so the loading effect runs again.
    pub attempt: u32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Phase {
    #[default]
    Loading,
    Ready(Rc<ArticlePage>),
    Failed(FetchError),
}

pub enum ArticleAction {
    Loaded(ArticlePage),
    Failed(FetchError),
    Retry,
}

impl Reducible for ArticleState {
    type Action = ArticleAction;

    fn reduce(self: Rc<Self>, action: ArticleAction) -> Rc<Self> {
        let phase = match action {
            ArticleAction::Loaded(page) => Phase::Ready(Rc::new(page)),
            ArticleAction::Failed(err) => Phase::Failed(err),
            ArticleAction::Retry if matches!(self.phase, Phase::Loading) => return self,
            ArticleAction::Retry => {
                return Rc::new(ArticleState {
                    phase: Phase::Loading,
                    attempt: self.attempt + 1,
                })
            }
        };
        Rc::new(ArticleState {
            phase,
            attempt: self.attempt,
        })
    }
}

impl ArticleState {
    /// What the host page should hear about the current phase.
    pub fn events(&self) -> Vec<WidgetEvent> {
        match &self.phase {
            Phase::Loading => Vec::new(),
            Phase::Ready(page) => {
                let mut events = Vec::new();
                if let Some(code) = page.entitlement_error {
                    events.push(WidgetEvent::EntitlementRefused {
                        code: code.as_str(),
                    });
                }
                events.push(match &page.access {
                    Access::Full { .. } => WidgetEvent::Ready,
                    Access::Teaser { .. } => WidgetEvent::PaywallShown {
                        article: page.article.slug.clone(),
                    },
                });
                events
            }
            Phase::Failed(err) => vec![WidgetEvent::Error { code: err.code() }],
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
        assert_eq!(state.events(), []);
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
            state.events(),
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
        let state =
            Rc::new(ArticleState::default()).reduce(ArticleAction::Failed(FetchError::Timeout));
        assert_eq!(state.events(), [WidgetEvent::Error { code: "timeout" }]);
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
        assert_eq!(state.events(), [WidgetEvent::Ready]);
    }
}
