//! What every reader's request reads, kept in memory for a moment: a site's row, its
//! published offers and its articles. A viral article is thousands of requests a second for
//! the same few rows; reading and parsing them each time was most of a metered read's cost
//! (BENCHMARKS.md, "metered reads").
//!
//! Staleness is bounded. A store method that changes a site, its offers or its articles
//! calls [`ReadCache::forget`] once its transaction is committed, so this process reads its
//! own writes at once; a read that was in flight across that write is not kept (the
//! generation it started in has passed). Another server on the same database sees them after
//! at most [`FRESH_FOR`] (the README's "The server" says so). The meter, accounts, sessions,
//! entitlement revocations and seats are never cached: they are decided in the database.
//!
//! moka rather than a map of our own: bounded, concurrent, expiring entries is its whole job.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use moka::sync::Cache;

use kiosque_protocol::SurveyResults;

use super::{Site, StoredArticle};
use crate::offers::OfferSpec;

/// How long an entry is trusted: the longest another server's change can go unseen here.
pub const FRESH_FOR: Duration = Duration::from_secs(2);

/// Sites remembered (an unknown id is remembered as unknown, within the same bound).
const MAX_SITES: u64 = 1_000;
/// Articles remembered, all sites together: the hot ones, a few MB at most.
const MAX_ARTICLES: u64 = 2_000;

pub type PublishedOffers = Arc<Vec<(String, OfferSpec)>>;

pub(super) struct ReadCache {
    sites: Cache<String, Option<Arc<Site>>>,
    offers: Cache<String, PublishedOffers>,
    /// Keyed `site \n slug` (a slug has no newline): one allocation per lookup, no tuple.
    articles: Cache<String, Option<Arc<StoredArticle>>>,
    /// A survey's public results, keyed `site \n survey`: every reader's view of a survey
    /// whose results are out shows them, and counting reads every answer.
    survey_results: Cache<String, Arc<SurveyResults>>,
    /// Counts `forget`s: a row read before one must not be kept after it.
    generation: AtomicU64,
}

/// When a read from the database began, for [`ReadCache::keep_site`] and the like.
#[derive(Clone, Copy)]
pub(super) struct Generation(u64);

impl ReadCache {
    pub fn new() -> Self {
        ReadCache {
            sites: expiring(MAX_SITES),
            offers: expiring(MAX_SITES),
            articles: expiring(MAX_ARTICLES),
            survey_results: expiring(MAX_SITES),
            generation: AtomicU64::new(0),
        }
    }

    /// Taken before reading a row from the database, handed back to keep it.
    pub fn generation(&self) -> Generation {
        Generation(self.generation.load(Ordering::Acquire))
    }

    /// Keeps `value` read in generation `read_in`, unless a write came since: checked after
    /// the insert, so a `forget` between the check and the insert cannot leave it behind.
    fn keep<V: Clone + Send + Sync + 'static>(
        &self,
        cache: &Cache<String, V>,
        key: String,
        value: V,
        read_in: Generation,
    ) {
        if self.generation().0 != read_in.0 {
            return;
        }
        cache.insert(key.clone(), value);
        if self.generation().0 != read_in.0 {
            cache.invalidate(&key);
        }
    }

    pub fn site(&self, id: &str) -> Option<Option<Arc<Site>>> {
        self.sites.get(id)
    }

    pub fn keep_site(&self, id: &str, site: Option<Arc<Site>>, read_in: Generation) {
        self.keep(&self.sites, id.to_owned(), site, read_in);
    }

    pub fn offers(&self, site: &str) -> Option<PublishedOffers> {
        self.offers.get(site)
    }

    pub fn keep_offers(&self, site: &str, offers: PublishedOffers, read_in: Generation) {
        self.keep(&self.offers, site.to_owned(), offers, read_in);
    }

    pub fn article(&self, site: &str, slug: &str) -> Option<Option<Arc<StoredArticle>>> {
        self.articles.get(&site_key(site, slug))
    }

    pub fn keep_article(
        &self,
        site: &str,
        slug: &str,
        article: Option<Arc<StoredArticle>>,
        read_in: Generation,
    ) {
        self.keep(&self.articles, site_key(site, slug), article, read_in);
    }

    pub fn survey_results(&self, site: &str, survey: &str) -> Option<Arc<SurveyResults>> {
        self.survey_results.get(&site_key(site, survey))
    }

    pub fn keep_survey_results(
        &self,
        site: &str,
        survey: &str,
        results: Arc<SurveyResults>,
        read_in: Generation,
    ) {
        self.keep(
            &self.survey_results,
            site_key(site, survey),
            results,
            read_in,
        );
    }

    /// After a write to `site`'s row, offers or articles. Articles are forgotten for every
    /// site: writes are rare next to reads, and a miss costs one query.
    pub fn forget(&self, site: &str) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.sites.invalidate(site);
        self.offers.invalidate(site);
        self.articles.invalidate_all();
        self.survey_results.invalidate_all();
    }
}

fn expiring<V: Clone + Send + Sync + 'static>(max: u64) -> Cache<String, V> {
    Cache::builder()
        .max_capacity(max)
        .time_to_live(FRESH_FOR)
        .build()
}

/// A key within a site (an article's slug, a survey's id: neither has a newline).
fn site_key(site: &str, name: &str) -> String {
    format!("{site}\n{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offers(name: &str) -> PublishedOffers {
        Arc::new(vec![(
            name.to_owned(),
            serde_json::from_value(serde_json::json!({
                "name": name, "cta_url": "https://example.org", "variants": []
            }))
            .unwrap(),
        )])
    }

    #[test]
    fn a_read_from_before_a_write_is_not_kept() {
        let cache = ReadCache::new();
        let before = cache.generation();
        cache.forget("demo");
        cache.keep_offers("demo", offers("old"), before);
        assert!(
            cache.offers("demo").is_none(),
            "read before the write: not kept"
        );

        let after = cache.generation();
        cache.keep_offers("demo", offers("new"), after);
        assert_eq!(cache.offers("demo").unwrap()[0].0, "new");
        cache.forget("demo");
        assert!(cache.offers("demo").is_none(), "forgotten by the write");
    }
}
