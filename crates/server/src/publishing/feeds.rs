//! RSS and Atom feeds imported as articles, on a schedule.
//!
//! An item becomes an article keyed by its guid (RSS) or id (Atom): the full text from
//! `content:encoded` or Atom `content`, else the summary, sanitised like a pushed body. A
//! changed item updates its article in place (same slug); an unchanged one is left alone. A
//! feed that cannot be fetched or parsed changes nothing: its error is recorded for the console
//! and the log, and the next attempt comes at the feed's usual interval.

use std::time::Duration;

use kiosque_protocol::Block;
use sha2::{Digest, Sha256};

use super::{publication_date, sanitise, slugify};
use crate::store::{ArticleRecord, FeedRow, Store, Upserted};

/// Largest feed document read, in bytes.
const MAX_FEED_BYTES: usize = 5 * 1024 * 1024;
/// How long one fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(20);
/// How often the worker looks for due feeds.
const POLL_EVERY: Duration = Duration::from_secs(15);
/// Shortest interval between two imports of one feed.
pub const MIN_EVERY_SECS: i64 = 60;

/// What one import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    /// Items with neither a title nor any text.
    pub skipped: i64,
}

/// `15m`, `2h`, `1d`, `90s` (or plain seconds) → seconds; at least [`MIN_EVERY_SECS`].
pub fn parse_every(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let (number, unit) = match raw.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => raw.split_at(at),
        None => (raw, "s"),
    };
    let number: i64 = number.parse().ok()?;
    let seconds = number.checked_mul(match unit {
        "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    })?;
    (MIN_EVERY_SECS..=30 * 86_400)
        .contains(&seconds)
        .then_some(seconds)
}

/// Fetches and parses the feed, then stores its items. `Err` is the reason, for people: the
/// feed was not read and nothing changed.
pub async fn import(store: &Store, site: &str, feed: &FeedRow) -> Result<Report, String> {
    let document = fetch(&feed.url).await?;
    let parsed = feed_rs::parser::parse(document.as_slice())
        .map_err(|err| format!("not an RSS or Atom feed: {err}"))?;
    let mut report = Report::default();
    for entry in &parsed.entries {
        let Some((guid, record)) = item_record(feed, entry) else {
            report.skipped += 1;
            continue;
        };
        let hash = content_hash(&record);
        let known = store
            .feed_item(feed.id, &guid)
            .await
            .map_err(|err| format!("database: {err}"))?;
        let record = match known {
            Some((_, stored_hash)) if stored_hash == hash => {
                report.unchanged += 1;
                continue;
            }
            Some((slug, _)) => ArticleRecord { slug, ..record },
            None => record,
        };
        match store
            .import_feed_item(site, feed.id, &guid, &hash, record)
            .await
            .map_err(|err| format!("database: {err}"))?
        {
            Upserted::Created => report.created += 1,
            Upserted::Replaced => report.updated += 1,
        }
    }
    Ok(report)
}

async fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let client = reqwest::Client::builder()
        .timeout(FETCH_TIMEOUT)
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!(
            "kiosque-server/",
            env!("CARGO_PKG_VERSION"),
            " (feed import)"
        ))
        .build()
        .map_err(|err| format!("cannot make an HTTP client: {err}"))?;
    let mut response = client
        .get(url)
        .header(
            reqwest::header::ACCEPT,
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        )
        .send()
        .await
        .map_err(|err| format!("cannot fetch {url}: {}", error_chain(&err)))?;
    if !response.status().is_success() {
        return Err(format!("{url} answered {}", response.status()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| format!("reading {url}: {}", error_chain(&err)))?
    {
        if body.len() + chunk.len() > MAX_FEED_BYTES {
            return Err(format!("{url} is larger than {MAX_FEED_BYTES} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The error and its causes on one line ("connection refused" is in a source, not the top).
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Plain text of a feed's text field, which may be HTML.
fn plain_text(html: &str) -> String {
    sanitise::html_to_blocks(html)
        .iter()
        .map(Block::text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An item as an article of the feed's section and access level; `None` when it has no title
/// and no text to show.
fn item_record(feed: &FeedRow, entry: &feed_rs::model::Entry) -> Option<(String, ArticleRecord)> {
    let full_text = entry.content.as_ref().and_then(|c| c.body.as_deref());
    let summary = entry.summary.as_ref().map(|s| s.content.as_str());
    let body = sanitise::html_to_blocks(full_text.or(summary).unwrap_or(""));
    let title: String = entry
        .title
        .as_ref()
        .map(|t| plain_text(&t.content))
        .unwrap_or_default()
        .chars()
        .take(super::MAX_TITLE)
        .collect();
    if title.is_empty() || body.is_empty() {
        return None;
    }
    // The summary is the public standfirst only beside a full text; alone it is the body.
    let standfirst: String = match (full_text, summary) {
        (Some(_), Some(summary)) => plain_text(summary)
            .chars()
            .take(super::MAX_STANDFIRST)
            .collect(),
        _ => String::new(),
    };
    let guid = entry.id.clone();
    let digest = hex(&Sha256::digest(guid.as_bytes()));
    let stem = slugify(&title, 100);
    let slug = if stem.is_empty() {
        format!("article-{}", &digest[..8])
    } else {
        format!("{stem}-{}", &digest[..6])
    };
    let date = entry
        .published
        .or(entry.updated)
        .unwrap_or_else(chrono::Utc::now);
    let tags = entry
        .categories
        .iter()
        .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
        .map(|t| t.trim().chars().take(super::MAX_TAG).collect::<String>())
        .filter(|t| !t.is_empty())
        .take(super::MAX_TAGS)
        .collect();
    let author = entry
        .authors
        .iter()
        .filter_map(|a| a.name.as_deref())
        .collect::<Vec<_>>()
        .join(", ")
        .chars()
        .take(super::MAX_AUTHOR)
        .collect();
    let record = ArticleRecord {
        slug,
        section_slug: feed.section_slug.clone(),
        section_name: super::section_name_of(&feed.section_slug),
        kicker: String::new(),
        title,
        standfirst,
        author,
        published_at: publication_date(&date.to_rfc3339()).unwrap_or_default(),
        access: feed.access,
        tags,
        image: None,
        paywall_after: None,
        body: body.into_iter().take(super::MAX_BLOCKS).collect(),
    };
    Some((guid, record))
}

/// What decides whether an item changed: everything imported but the slug.
fn content_hash(record: &ArticleRecord) -> String {
    let ArticleRecord {
        slug: _,
        section_slug,
        section_name: _,
        kicker,
        title,
        standfirst,
        author,
        published_at,
        access,
        tags,
        image: _,
        paywall_after: _,
        body,
    } = record;
    let value = serde_json::json!([
        section_slug,
        kicker,
        title,
        standfirst,
        author,
        published_at,
        access,
        tags,
        body
    ]);
    hex(&Sha256::digest(value.to_string().as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs one due feed and records the outcome; logs it either way.
pub async fn run_one(store: &Store, site: &str, feed: &FeedRow) -> Result<Report, String> {
    let now = crate::unix_now();
    let outcome = import(store, site, feed).await;
    let next = now + feed.every_secs.max(MIN_EVERY_SECS);
    let recorded = match &outcome {
        Ok(report) => {
            tracing::info!(
                site,
                feed = %feed.url,
                created = report.created,
                updated = report.updated,
                unchanged = report.unchanged,
                skipped = report.skipped,
                "feed imported"
            );
            store
                .feed_ran(feed.id, now, Ok((report.created, report.updated)), next)
                .await
        }
        Err(reason) => {
            tracing::warn!(site, feed = %feed.url, %reason, "feed import failed; nothing changed");
            store.feed_ran(feed.id, now, Err(reason), next).await
        }
    };
    if let Err(err) = recorded {
        tracing::error!(site, feed = %feed.url, error = %err, "could not record a feed import");
    }
    outcome
}

/// Imports every feed when it is due, for as long as the server runs. `wake` makes it look at
/// once (a feed added or asked for in the console).
/// With several servers on one database, one imports: the one holding the `feeds` job, which
/// it renews before each feed (an import takes 20 s at most). If it dies, another takes the
/// job once the lease ends.
pub fn spawn_worker(store: Store, wake: std::sync::Arc<tokio::sync::Notify>) {
    tokio::spawn(async move {
        loop {
            match store.due_feeds(crate::unix_now()).await {
                Ok(due) => {
                    for item in due {
                        if !holds_feeds(&store).await {
                            break;
                        }
                        let _ = run_one(&store, &item.site_id, &item.feed).await;
                    }
                }
                Err(err) => tracing::error!(error = %err, "cannot read the feeds due"),
            }
            let _ = tokio::time::timeout(POLL_EVERY, wake.notified()).await;
        }
    });
}

/// Takes or renews the `feeds` job for this server, for the longest import and a poll more.
async fn holds_feeds(store: &Store) -> bool {
    let secs = (FETCH_TIMEOUT + POLL_EVERY).as_secs() as i64 + 5;
    match store.hold_job("feeds", crate::unix_now(), secs).await {
        Ok(held) => held,
        Err(err) => {
            tracing::error!(error = %err, "feeds: cannot take the job");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::AccessLevel;

    #[test]
    fn intervals_read_like_people_write_them() {
        assert_eq!(parse_every("15m"), Some(900));
        assert_eq!(parse_every("2h"), Some(7200));
        assert_eq!(parse_every("1d"), Some(86_400));
        assert_eq!(parse_every("300"), Some(300));
        assert_eq!(parse_every("30s"), None, "under a minute");
        assert_eq!(parse_every("3w"), None);
        assert_eq!(parse_every(""), None);
        assert_eq!(parse_every("99999999999999999999d"), None);
    }

    fn feed() -> FeedRow {
        FeedRow {
            id: 1,
            url: "http://127.0.0.1/feed.xml".into(),
            access: AccessLevel::Subscribers,
            every_secs: 900,
            section_slug: "actualites".into(),
            last_run_at: None,
            last_error: None,
            last_created: 0,
            last_updated: 0,
            next_run_at: 0,
        }
    }

    #[test]
    fn rss_items_become_sanitised_articles() {
        let rss = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Le Journal</title><link>https://journal.example/</link><description>x</description>
<item><guid>https://journal.example/?p=1</guid><title>L’été &amp; les foyers</title>
<description>Le chapeau public.</description>
<content:encoded><![CDATA[<p>Premier.</p><script>alert(1)</script><p onclick="x()">Second <a href="javascript:alert(2)">lien</a>.</p>]]></content:encoded>
<category>Logement</category><pubDate>Mon, 30 Nov 2026 08:00:00 +0000</pubDate></item>
<item><guid>empty</guid><title></title><description></description></item>
</channel></rss>"#;
        let parsed = feed_rs::parser::parse(rss.as_bytes()).unwrap();
        let (guid, record) = item_record(&feed(), &parsed.entries[0]).unwrap();
        assert_eq!(guid, "https://journal.example/?p=1");
        assert_eq!(record.title, "L’été & les foyers");
        assert_eq!(record.standfirst, "Le chapeau public.");
        assert_eq!(
            record.body,
            vec![
                Block::Paragraph("Premier.".into()),
                Block::Paragraph("Second lien.".into())
            ]
        );
        assert_eq!(record.published_at, "2026-11-30");
        assert_eq!(record.tags, ["Logement"]);
        assert!(
            record.slug.starts_with("l-ete-les-foyers-"),
            "{}",
            record.slug
        );
        assert_eq!(record.access, AccessLevel::Subscribers);
        assert!(item_record(&feed(), &parsed.entries[1]).is_none());
    }
}
