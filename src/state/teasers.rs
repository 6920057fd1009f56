//! A teaser list that grows page by page ("Voir plus").

use std::rc::Rc;

use kiosque_protocol::{ArticleList, ArticleMeta};
use yew::Reducible;

#[derive(Debug, Clone, PartialEq)]
pub struct TeaserState {
    pub items: Rc<Vec<ArticleMeta>>,
    /// The server's mark for the next page, while there is one.
    pub next: Option<String>,
    pub loading: bool,
    /// The last request failed (the host page was told why).
    pub failed: bool,
    /// Bumped to ask for the next page; the loading effect runs on it.
    pub requests: u32,
}

impl Default for TeaserState {
    fn default() -> Self {
        TeaserState {
            items: Rc::default(),
            next: None,
            loading: true,
            failed: false,
            requests: 0,
        }
    }
}

pub enum TeaserAction {
    Loaded(ArticleList),
    Failed,
    /// "Voir plus", or try again after an error.
    More,
}

impl TeaserState {
    /// Whether "Voir plus" has a page to add.
    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }
}

impl Reducible for TeaserState {
    type Action = TeaserAction;

    fn reduce(self: Rc<Self>, action: TeaserAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            TeaserAction::Loaded(page) => {
                let mut items = (*self.items).clone();
                items.extend(page.articles);
                next.items = Rc::new(items);
                next.next = page.next;
                next.loading = false;
                next.failed = false;
            }
            TeaserAction::Failed => {
                next.loading = false;
                next.failed = true;
            }
            TeaserAction::More if self.loading => return self,
            TeaserAction::More => {
                next.loading = true;
                next.failed = false;
                next.requests += 1;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::{AccessLevel, Section};

    fn article(slug: &str) -> ArticleMeta {
        ArticleMeta {
            slug: slug.into(),
            section: Section {
                slug: "s".into(),
                name: "S".into(),
            },
            kicker: String::new(),
            title: slug.into(),
            standfirst: String::new(),
            author: String::new(),
            published_at: "2026-11-01".into(),
            access: AccessLevel::Free,
            tags: Vec::new(),
            image: None,
        }
    }

    #[test]
    fn pages_append_and_more_waits_for_the_current_load() {
        let s = Rc::new(TeaserState::default());
        assert!(
            Rc::ptr_eq(&s, &s.clone().reduce(TeaserAction::More)),
            "busy: ignored"
        );
        let s = s.reduce(TeaserAction::Loaded(ArticleList {
            articles: vec![article("a"), article("b")],
            next: Some("b-mark".into()),
        }));
        assert_eq!(
            (s.next.as_deref(), s.has_more(), s.loading),
            (Some("b-mark"), true, false)
        );
        let s = s.reduce(TeaserAction::More);
        assert_eq!((s.loading, s.requests), (true, 1));
        let s = s.reduce(TeaserAction::Failed);
        assert_eq!(s.items.len(), 2, "what was shown stays");
        let s = s
            .reduce(TeaserAction::More)
            .reduce(TeaserAction::Loaded(ArticleList {
                articles: vec![article("c")],
                next: None,
            }));
        let slugs: Vec<&str> = s.items.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!((slugs, s.has_more()), (vec!["a", "b", "c"], false));
    }
}
