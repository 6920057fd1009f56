//! What every reader's request reads, kept in memory for a moment: a site's row, its
//! published offers and its articles; for sign-ups, the webinar session, its series and the
//! consent texts. A viral article is thousands of requests a second for the same few rows;
//! reading and parsing them each time was most of a metered read's cost (BENCHMARKS.md,
//! "metered reads"), and three of a sign-up's four reads before the writer.
//!
//! Staleness is bounded. A store method that changes a site, its offers or its articles
//! calls [`ReadCache::forget`] once its transaction is committed, so this process reads its
//! own writes at once; a read that was in flight across that write is not kept (the
//! generation it started in has passed). Another server on the same database sees them after
//! at most [`FRESH_FOR`] (the README's "The server" says so). The meter, accounts, login
//! sessions, entitlement revocations and seats are never cached: they are decided in the
//! database (a webinar session's row is kept for its description and dates; the writer reads
//! its seats and its status again when it decides a sign-up).
//!
//! moka rather than a map of our own: bounded, concurrent, expiring entries is its whole job.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use moka::sync::Cache;

use kiosque_protocol::SurveyResults;

use super::{ConsentVersion, SeriesRow, SessionRow, Site, StoredArticle};
use crate::offers::OfferSpec;

/// How long an entry is trusted: the longest another server's change can go unseen here.
pub const FRESH_FOR: Duration = Duration::from_secs(2);

/// Sites remembered (an unknown id is remembered as unknown, within the same bound).
const MAX_SITES: u64 = 1_000;
/// Articles remembered, all sites together: the hot ones, a few MB at most.
const MAX_ARTICLES: u64 = 2_000;

pub type PublishedOffers = Arc<Vec<(String, OfferSpec)>>;

/// A site's newest consent texts: `(processing, marketing)`.
pub type CurrentConsents = Arc<(Option<ConsentVersion>, Option<ConsentVersion>)>;

/// The caches are named by the store's readers: `self.cache.read_through(&self.cache.sites, …)`.
pub(super) struct ReadCache {
    pub(super) sites: Cache<String, Option<Arc<Site>>>,
    pub(super) offers: Cache<String, PublishedOffers>,
    /// Keyed `site \n slug` ([`site_key`]): one allocation per lookup, no tuple.
    pub(super) articles: Cache<String, Option<Arc<StoredArticle>>>,
    /// A survey's public results, keyed `site \n survey`: every reader's view of a survey
    /// whose results are out shows them, and counting reads every answer.
    pub(super) survey_results: Cache<String, Arc<SurveyResults>>,
    /// Webinar series and sessions, keyed `site \n id`: what a sign-up checks its form
    /// against, never its seats.
    pub(super) series: Cache<String, Option<Arc<SeriesRow>>>,
    pub(super) sessions: Cache<String, Option<Arc<SessionRow>>>,
    pub(super) consents: Cache<String, CurrentConsents>,
    /// Counts `forget`s: a row read before one must not be kept after it.
    generation: AtomicU64,
}

impl ReadCache {
    pub fn new() -> Self {
        ReadCache {
            sites: expiring(MAX_SITES),
            offers: expiring(MAX_SITES),
            articles: expiring(MAX_ARTICLES),
            survey_results: expiring(MAX_SITES),
            series: expiring(MAX_ARTICLES),
            sessions: expiring(MAX_ARTICLES),
            consents: expiring(MAX_SITES),
            generation: AtomicU64::new(0),
        }
    }

    /// `key`'s entry in `cache`, else what `read` reads from the database, kept unless a
    /// write came while it was read: the generation is checked after the insert too, so a
    /// `forget` between the check and the insert cannot leave it behind.
    pub async fn read_through<V, F>(
        &self,
        cache: &Cache<String, V>,
        key: String,
        read: F,
    ) -> anyhow::Result<V>
    where
        V: Clone + Send + Sync + 'static,
        F: Future<Output = anyhow::Result<V>>,
    {
        if let Some(known) = cache.get(&key) {
            return Ok(known);
        }
        let read_in = self.generation.load(Ordering::Acquire);
        let value = read.await?;
        let unchanged = || self.generation.load(Ordering::Acquire) == read_in;
        if unchanged() {
            cache.insert(key.clone(), value.clone());
            if !unchanged() {
                cache.invalidate(&key);
            }
        }
        Ok(value)
    }

    /// After a write to `site`'s row, offers, articles, webinars or consent texts. What is
    /// keyed within a site is forgotten for every site: writes are rare next to reads, and a
    /// miss costs one query.
    pub fn forget(&self, site: &str) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.sites.invalidate(site);
        self.offers.invalidate(site);
        self.consents.invalidate(site);
        self.articles.invalidate_all();
        self.survey_results.invalidate_all();
        self.series.invalidate_all();
        self.sessions.invalidate_all();
    }
}

fn expiring<V: Clone + Send + Sync + 'static>(max: u64) -> Cache<String, V> {
    Cache::builder()
        .max_capacity(max)
        .time_to_live(FRESH_FOR)
        .build()
}

/// A key within a site (an article's slug, a survey's id: neither has a newline).
pub(super) fn site_key(site: &str, name: &str) -> String {
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

    #[tokio::test]
    async fn a_read_from_before_a_write_is_not_kept() {
        let cache = ReadCache::new();
        let read = cache
            .read_through(&cache.offers, "demo".into(), async {
                cache.forget("demo"); // the write commits while the row is read
                Ok(offers("old"))
            })
            .await
            .unwrap();
        assert_eq!(read[0].0, "old", "the reader gets what it read");
        assert!(
            cache.offers.get("demo").is_none(),
            "read before the write: not kept"
        );

        let new = async { Ok(offers("new")) };
        cache
            .read_through(&cache.offers, "demo".into(), new)
            .await
            .unwrap();
        let again = async { Err(anyhow::anyhow!("read again")) };
        let kept = cache.read_through(&cache.offers, "demo".into(), again);
        assert_eq!(kept.await.unwrap()[0].0, "new", "kept: not read again");
        cache.forget("demo");
        assert!(cache.offers.get("demo").is_none(), "forgotten by the write");
    }
}
