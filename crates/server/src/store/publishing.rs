//! Articles written by the publisher's systems (admin API, feeds), sections, and feeds.
//!
//! Every write runs on a task of its own: a CMS that hangs up mid-request must not cancel a
//! SQLite transaction halfway (sqlx's SQLite transactions are not cancel-safe).

use kiosque_protocol::{AdminArticle, AdminArticleSummary, ArticleMeta, Block, Image};
use sqlx::Row;

use super::content::{access_name, article_meta, stored_article, META_COLUMNS};
use super::Store;

/// An article checked and ready to store (`publishing::article_input`).
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRecord {
    pub slug: String,
    pub section_slug: String,
    /// The name a new section gets.
    pub section_name: String,
    pub kicker: String,
    pub title: String,
    pub standfirst: String,
    pub author: String,
    /// `YYYY-MM-DD`.
    pub published_at: String,
    pub access: kiosque_protocol::AccessLevel,
    pub tags: Vec<String>,
    pub image: Option<Image>,
    pub paywall_after: Option<u32>,
    pub body: Vec<Block>,
}

/// What a create-or-replace did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Created,
    /// It existed (perhaps unpublished: it is published again).
    Replaced,
}

/// A feed as the console and the command line list it.
#[derive(Debug, Clone)]
pub struct FeedRow {
    pub id: i64,
    pub url: String,
    pub access: kiosque_protocol::AccessLevel,
    pub every_secs: i64,
    pub section_slug: String,
    pub last_run_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_created: i64,
    pub last_updated: i64,
    pub next_run_at: i64,
}

/// A feed due for import, with its site.
#[derive(Debug, Clone)]
pub struct DueFeed {
    pub site_id: String,
    pub feed: FeedRow,
}

impl Store {
    /// Creates or replaces an article, creating its section if the site has none of that slug.
    pub async fn upsert_article(
        &self,
        site: &str,
        article: ArticleRecord,
    ) -> anyhow::Result<Upserted> {
        let store = self.clone();
        let site = site.to_owned();
        tokio::spawn(async move { store.upsert_article_now(&site, &article).await }).await?
    }

    async fn upsert_article_now(&self, site: &str, a: &ArticleRecord) -> anyhow::Result<Upserted> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO sections (site_id, slug, name) VALUES ($1, $2, $3) \
             ON CONFLICT (site_id, slug) DO NOTHING",
        )
        .bind(site)
        .bind(&a.section_slug)
        .bind(&a.section_name)
        .execute(&mut *tx)
        .await?;
        let existed: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM articles WHERE site_id = $1 AND slug = $2")
                .bind(site)
                .bind(&a.slug)
                .fetch_optional(&mut *tx)
                .await?;
        write_article(&mut tx, site, a).await?;
        tx.commit().await?;
        self.cache.forget(site);
        Ok(if existed.is_some() {
            Upserted::Replaced
        } else {
            Upserted::Created
        })
    }

    /// Unpublishes an article: gone from lists and the article API, its row kept. `false` when
    /// the site has no published article of that slug.
    pub async fn unpublish_article(
        &self,
        site: &str,
        slug: &str,
        now: i64,
    ) -> anyhow::Result<bool> {
        let updated = sqlx::query(
            "UPDATE articles SET unpublished_at = $1 \
             WHERE site_id = $2 AND slug = $3 AND unpublished_at IS NULL",
        )
        .bind(now)
        .bind(site)
        .bind(slug)
        .execute(&self.pool)
        .await?;
        self.cache.forget(site);
        Ok(updated.rows_affected() == 1)
    }

    /// One article with its whole body, published or not.
    pub async fn admin_article(
        &self,
        site: &str,
        slug: &str,
    ) -> anyhow::Result<Option<AdminArticle>> {
        let sql = format!(
            "SELECT {META_COLUMNS}, a.paywall_after, a.body, a.unpublished_at FROM articles a \
             JOIN sections s ON s.site_id = a.site_id AND s.slug = a.section_slug \
             WHERE a.site_id = $1 AND a.slug = $2"
        );
        let Some(row) = sqlx::query(&sql)
            .bind(site)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let stored = stored_article(&row)?;
        Ok(Some(AdminArticle {
            article: stored.meta,
            body: stored.body,
            paywall_after: stored.paywall_after.map(|n| n as u32),
            published: row.try_get::<Option<i64>, _>("unpublished_at")?.is_none(),
        }))
    }

    /// A page of the site's articles, newest first, unpublished ones included; and how many
    /// there are in all.
    pub async fn admin_articles(
        &self,
        site: &str,
        limit: u32,
        offset: u32,
    ) -> anyhow::Result<(Vec<AdminArticleSummary>, u64)> {
        let sql = format!(
            "SELECT {META_COLUMNS}, a.unpublished_at FROM articles a \
             JOIN sections s ON s.site_id = a.site_id AND s.slug = a.section_slug \
             WHERE a.site_id = $1 ORDER BY a.published_at DESC, a.slug LIMIT $2 OFFSET $3"
        );
        let rows = sqlx::query(&sql)
            .bind(site)
            .bind(i64::from(limit))
            .bind(i64::from(offset))
            .fetch_all(&self.pool)
            .await?;
        let articles = rows
            .iter()
            .map(|row| -> anyhow::Result<AdminArticleSummary> {
                let article: ArticleMeta = article_meta(row)?;
                Ok(AdminArticleSummary {
                    article,
                    published: row.try_get::<Option<i64>, _>("unpublished_at")?.is_none(),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE site_id = $1")
            .bind(site)
            .fetch_one(&self.pool)
            .await?;
        Ok((articles, total as u64))
    }

    /// Renames a section; `false` when the site has no section of that slug.
    pub async fn rename_section(&self, site: &str, slug: &str, name: &str) -> anyhow::Result<bool> {
        let updated = sqlx::query("UPDATE sections SET name = $1 WHERE site_id = $2 AND slug = $3")
            .bind(name)
            .bind(site)
            .bind(slug)
            .execute(&self.pool)
            .await?;
        self.cache.forget(site);
        Ok(updated.rows_affected() == 1)
    }

    /// Adds a feed, due at once, with its section; `None` when the site already has it (the
    /// existing feed's id).
    pub async fn add_feed(
        &self,
        site: &str,
        url: &str,
        access: kiosque_protocol::AccessLevel,
        every_secs: i64,
        section: (&str, &str),
        now: i64,
    ) -> anyhow::Result<Result<i64, i64>> {
        let mut tx = self.pool.begin().await?;
        if let Some(id) = sqlx::query_scalar("SELECT id FROM feeds WHERE site_id = $1 AND url = $2")
            .bind(site)
            .bind(url)
            .fetch_optional(&mut *tx)
            .await?
        {
            return Ok(Err(id));
        }
        sqlx::query(
            "INSERT INTO sections (site_id, slug, name) VALUES ($1, $2, $3) \
             ON CONFLICT (site_id, slug) DO NOTHING",
        )
        .bind(site)
        .bind(section.0)
        .bind(section.1)
        .execute(&mut *tx)
        .await?;
        // The same feed added at the same moment elsewhere is found, not a failure.
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO feeds (site_id, url, access, every_secs, section_slug, created_at, \
             next_run_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (site_id, url) DO NOTHING RETURNING id",
        )
        .bind(site)
        .bind(url)
        .bind(access_name(access))
        .bind(every_secs)
        .bind(section.0)
        .bind(now)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            let id = sqlx::query_scalar("SELECT id FROM feeds WHERE site_id = $1 AND url = $2")
                .bind(site)
                .bind(url)
                .fetch_one(&mut *tx)
                .await?;
            return Ok(Err(id));
        };
        tx.commit().await?;
        Ok(Ok(id))
    }

    /// Stops importing a feed (its articles stay); `false` when the site has no such feed.
    pub async fn remove_feed(&self, site: &str, id: i64) -> anyhow::Result<bool> {
        let deleted = sqlx::query("DELETE FROM feeds WHERE site_id = $1 AND id = $2")
            .bind(site)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected() == 1)
    }

    pub async fn feeds(&self, site: &str) -> anyhow::Result<Vec<FeedRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds WHERE site_id = $1 ORDER BY id"
        ))
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(feed_row).collect()
    }

    pub async fn feed(&self, site: &str, id: i64) -> anyhow::Result<Option<FeedRow>> {
        let row = sqlx::query(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds WHERE site_id = $1 AND id = $2"
        ))
        .bind(site)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(feed_row).transpose()
    }

    /// Feeds whose next import is due, oldest first.
    pub async fn due_feeds(&self, now: i64) -> anyhow::Result<Vec<DueFeed>> {
        let rows = sqlx::query(&format!(
            "SELECT site_id, {FEED_COLUMNS} FROM feeds WHERE next_run_at <= $1 \
             ORDER BY next_run_at LIMIT 100"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DueFeed {
                    site_id: row.try_get("site_id")?,
                    feed: feed_row(row)?,
                })
            })
            .collect()
    }

    /// The article a feed item became, and the hash of what was imported then.
    pub async fn feed_item(
        &self,
        feed: i64,
        guid: &str,
    ) -> anyhow::Result<Option<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT article_slug, content_hash FROM feed_items WHERE feed_id = $1 AND guid = $2",
        )
        .bind(feed)
        .bind(guid)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Stores an imported item's article and remembers which item it came from, in one
    /// transaction.
    pub async fn import_feed_item(
        &self,
        site: &str,
        feed: i64,
        guid: &str,
        content_hash: &str,
        article: ArticleRecord,
    ) -> anyhow::Result<Upserted> {
        let store = self.clone();
        let (site, guid, hash) = (site.to_owned(), guid.to_owned(), content_hash.to_owned());
        tokio::spawn(async move {
            // The article first (its own transaction), then the item: a crash between the two
            // imports the item again next time, into the same slug.
            let upserted = store.upsert_article_now(&site, &article).await?;
            sqlx::query(
                "INSERT INTO feed_items (feed_id, guid, article_slug, content_hash) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (feed_id, guid) \
                 DO UPDATE SET content_hash = excluded.content_hash",
            )
            .bind(feed)
            .bind(&guid)
            .bind(&article.slug)
            .bind(&hash)
            .execute(&store.pool)
            .await?;
            Ok(upserted)
        })
        .await?
    }

    /// Records an import's outcome and when the next one is due.
    pub async fn feed_ran(
        &self,
        feed: i64,
        now: i64,
        outcome: Result<(i64, i64), &str>,
        next_run_at: i64,
    ) -> anyhow::Result<()> {
        let query = match outcome {
            Ok((created, updated)) => sqlx::query(
                "UPDATE feeds SET last_run_at = $1, last_error = NULL, last_created = $2, \
                 last_updated = $3, next_run_at = $4 WHERE id = $5",
            )
            .bind(now)
            .bind(created)
            .bind(updated),
            Err(error) => sqlx::query(
                "UPDATE feeds SET last_run_at = $1, last_error = $2, next_run_at = $3 WHERE id = $4",
            )
            .bind(now)
            .bind(error.to_owned()),
        };
        query
            .bind(next_run_at)
            .bind(feed)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Makes a feed due now (the console's *Importer maintenant*); `false` if there is none.
    pub async fn feed_due_now(&self, site: &str, id: i64, now: i64) -> anyhow::Result<bool> {
        let updated =
            sqlx::query("UPDATE feeds SET next_run_at = $1 WHERE site_id = $2 AND id = $3")
                .bind(now)
                .bind(site)
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(updated.rows_affected() == 1)
    }
}

/// Inserts or replaces one article row (published); its section must exist.
pub(super) async fn write_article(
    conn: &mut sqlx::AnyConnection,
    site: &str,
    a: &ArticleRecord,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO articles (site_id, slug, section_slug, kicker, title, standfirst, \
         author, published_at, access, paywall_after, body, tags, image_url, image_alt, \
         unpublished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL) \
         ON CONFLICT (site_id, slug) DO UPDATE SET section_slug = excluded.section_slug, \
         kicker = excluded.kicker, title = excluded.title, standfirst = excluded.standfirst, \
         author = excluded.author, published_at = excluded.published_at, \
         access = excluded.access, paywall_after = excluded.paywall_after, \
         body = excluded.body, tags = excluded.tags, image_url = excluded.image_url, \
         image_alt = excluded.image_alt, unpublished_at = NULL",
    )
    .bind(site)
    .bind(&a.slug)
    .bind(&a.section_slug)
    .bind(&a.kicker)
    .bind(&a.title)
    .bind(&a.standfirst)
    .bind(&a.author)
    .bind(&a.published_at)
    .bind(access_name(a.access))
    .bind(a.paywall_after.map(i64::from))
    .bind(serde_json::to_string(&a.body)?)
    .bind(serde_json::to_string(&a.tags)?)
    .bind(a.image.as_ref().map(|i| i.url.as_str()))
    .bind(a.image.as_ref().map_or("", |i| i.alt.as_str()))
    .execute(conn)
    .await?;
    Ok(())
}

const FEED_COLUMNS: &str = "id, url, access, every_secs, section_slug, last_run_at, last_error, \
     last_created, last_updated, next_run_at";

fn feed_row(row: &sqlx::any::AnyRow) -> anyhow::Result<FeedRow> {
    let access: String = row.try_get("access")?;
    Ok(FeedRow {
        id: row.try_get("id")?,
        url: row.try_get("url")?,
        access: serde_json::from_value(serde_json::Value::String(access))?,
        every_secs: row.try_get("every_secs")?,
        section_slug: row.try_get("section_slug")?,
        last_run_at: row.try_get("last_run_at")?,
        last_error: row.try_get("last_error")?,
        last_created: row.try_get("last_created")?,
        last_updated: row.try_get("last_updated")?,
        next_run_at: row.try_get("next_run_at")?,
    })
}
