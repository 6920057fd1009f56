//! What every reader's request reads, kept in memory for a moment: a site's row, its
//! published offers and its articles. A viral article is thousands of requests a second for
//! the same few rows; reading and parsing them each time was most of a metered read's cost
//! (BENCHMARKS.md, "metered reads").
//!
//! Staleness is bounded. A store method that changes a site, its offers or its articles
//! calls [`ReadCache::forget`] once its transaction is committed, so this process reads its
//! own writes at once. Another server on the same database sees them after at most
//! [`FRESH_FOR`] (the README's "Scaling out" says so). The meter, accounts, sessions,
//! entitlement revocations and seats are never cached: they are decided in the database.
//!
//! moka rather than a map of our own: bounded, concurrent, expiring entries is its whole job.

use std::sync::Arc;
use std::time::Duration;

use moka::sync::Cache;

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
}

impl ReadCache {
    pub fn new() -> Self {
        ReadCache {
            sites: expiring(MAX_SITES),
            offers: expiring(MAX_SITES),
            articles: expiring(MAX_ARTICLES),
        }
    }

    pub fn site(&self, id: &str) -> Option<Option<Arc<Site>>> {
        self.sites.get(id)
    }

    pub fn keep_site(&self, id: &str, site: Option<Arc<Site>>) {
        self.sites.insert(id.to_owned(), site);
    }

    pub fn offers(&self, site: &str) -> Option<PublishedOffers> {
        self.offers.get(site)
    }

    pub fn keep_offers(&self, site: &str, offers: PublishedOffers) {
        self.offers.insert(site.to_owned(), offers);
    }

    pub fn article(&self, site: &str, slug: &str) -> Option<Option<Arc<StoredArticle>>> {
        self.articles.get(&article_key(site, slug))
    }

    pub fn keep_article(&self, site: &str, slug: &str, article: Option<Arc<StoredArticle>>) {
        self.articles.insert(article_key(site, slug), article);
    }

    /// After a write to `site`'s row, offers or articles. Articles are forgotten for every
    /// site: writes are rare next to reads, and a miss costs one query.
    pub fn forget(&self, site: &str) {
        self.sites.invalidate(site);
        self.offers.invalidate(site);
        self.articles.invalidate_all();
    }
}

fn expiring<V: Clone + Send + Sync + 'static>(max: u64) -> Cache<String, V> {
    Cache::builder()
        .max_capacity(max)
        .time_to_live(FRESH_FOR)
        .build()
}

fn article_key(site: &str, slug: &str) -> String {
    format!("{site}\n{slug}")
}
