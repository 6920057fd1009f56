//! The free-article meter and entitlement revocations.

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use super::Store;

/// The result of asking the meter for one gated article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeterOutcome {
    /// Whether this read is one of the reader's free articles (counted now or earlier).
    pub granted: bool,
    /// Distinct articles counted in the period, after this read.
    pub used: u32,
}

/// One gated read waiting for the meter's writer.
pub(super) struct PendingRead {
    site: String,
    reader: String,
    slug: String,
    now: i64,
    period_start: i64,
    allowance: u32,
    reply: oneshot::Sender<Result<MeterOutcome, String>>,
}

/// Reads decided in one transaction, at most.
const BATCH: usize = 512;

/// The meter's writer: one task that takes every waiting read, decides them one after the
/// other in one immediate transaction and commits them together, then answers each. A viral
/// article's thousands of new readers a second then cost one commit (one fsync) per batch
/// instead of one each; the decisions stay exact (one at a time, inside the transaction, so a
/// reader never gets more than the allowance), and a read is answered only once it is on disk.
/// A request that goes away leaves its read to the writer, so no transaction is ever cut.
pub(super) fn spawn_meter_writer(pool: SqlitePool) -> mpsc::Sender<PendingRead> {
    let (sender, mut waiting) = mpsc::channel::<PendingRead>(4 * BATCH);
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(BATCH);
        while waiting.recv_many(&mut batch, BATCH).await > 0 {
            match decide(&pool, &batch).await {
                Ok(outcomes) => {
                    for (read, outcome) in batch.drain(..).zip(outcomes) {
                        let _ = read.reply.send(Ok(outcome));
                    }
                }
                Err(err) => {
                    let err = format!("{err:#}");
                    for read in batch.drain(..) {
                        let _ = read.reply.send(Err(err.clone()));
                    }
                }
            }
        }
    });
    sender
}

async fn decide(pool: &SqlitePool, batch: &[PendingRead]) -> anyhow::Result<Vec<MeterOutcome>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for read in batch {
        outcomes.push(decide_one(&mut *tx, read).await?);
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn decide_one(
    tx: &mut sqlx::SqliteConnection,
    r: &PendingRead,
) -> anyhow::Result<MeterOutcome> {
    let already: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM meter_reads \
         WHERE site_id = ? AND reader = ? AND slug = ? AND read_at > ?)",
    )
    .bind(&r.site)
    .bind(&r.reader)
    .bind(&r.slug)
    .bind(r.period_start)
    .fetch_one(&mut *tx)
    .await?;
    let mut used = count_reads(&mut *tx, &r.site, &r.reader, r.period_start).await?;
    let granted = if already {
        true
    } else if used < r.allowance {
        sqlx::query(
            "INSERT INTO meter_reads (site_id, reader, slug, read_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT (site_id, reader, slug) DO UPDATE SET read_at = excluded.read_at",
        )
        .bind(&r.site)
        .bind(&r.reader)
        .bind(&r.slug)
        .bind(r.now)
        .execute(&mut *tx)
        .await?;
        used += 1;
        true
    } else {
        false
    };
    Ok(MeterOutcome { granted, used })
}

impl Store {
    /// Counts a free read of `slug` by `reader` if the reader has reads left in the period
    /// that starts at `period_start`. Reading an article already counted in the period is
    /// granted and not counted again. Decided by the meter's writer (above), so concurrent
    /// reads can never exceed the allowance.
    pub async fn meter_read(
        &self,
        site: &str,
        reader: &str,
        slug: &str,
        now: i64,
        period_start: i64,
        allowance: u32,
    ) -> anyhow::Result<MeterOutcome> {
        let (reply, answer) = oneshot::channel();
        let read = PendingRead {
            site: site.to_owned(),
            reader: reader.to_owned(),
            slug: slug.to_owned(),
            now,
            period_start,
            allowance,
            reply,
        };
        let stopped = || anyhow::anyhow!("the meter's writer has stopped");
        self.meter.send(read).await.map_err(|_| stopped())?;
        answer
            .await
            .map_err(|_| stopped())?
            .map_err(anyhow::Error::msg)
    }

    /// Distinct articles `reader` read free since `period_start`, without counting one.
    pub async fn meter_used(
        &self,
        site: &str,
        reader: &str,
        period_start: i64,
    ) -> anyhow::Result<u32> {
        let mut conn = self.pool.acquire().await?;
        count_reads(&mut conn, site, reader, period_start).await
    }

    /// When the publisher last revoked `subject`'s entitlements, if ever.
    pub async fn entitlement_revoked_at(
        &self,
        site: &str,
        subject: &str,
    ) -> anyhow::Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT revoked_at FROM entitlement_revocations WHERE site_id = ? AND subject = ?",
        )
        .bind(site)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Refuses from now on every token of `subject` issued at or before `at`.
    pub async fn revoke_entitlements(
        &self,
        site: &str,
        subject: &str,
        at: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO entitlement_revocations (site_id, subject, revoked_at) VALUES (?, ?, ?) \
             ON CONFLICT (site_id, subject) \
             DO UPDATE SET revoked_at = MAX(revoked_at, excluded.revoked_at)",
        )
        .bind(site)
        .bind(subject)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

async fn count_reads(
    tx: &mut sqlx::SqliteConnection,
    site: &str,
    reader: &str,
    period_start: i64,
) -> anyhow::Result<u32> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM meter_reads WHERE site_id = ? AND reader = ? AND read_at > ?",
    )
    .bind(site)
    .bind(reader)
    .bind(period_start)
    .fetch_one(&mut *tx)
    .await?;
    Ok(u32::try_from(count)?)
}

/// Moves `from`'s reads to `to` inside the caller's transaction. A read both have keeps the
/// newer time; what is left of `from` is removed.
pub(super) async fn merge_reads(
    tx: &mut sqlx::SqliteConnection,
    site: &str,
    from: &str,
    to: &str,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO meter_reads (site_id, reader, slug, read_at) \
         SELECT site_id, ?, slug, read_at FROM meter_reads WHERE site_id = ? AND reader = ? \
         ON CONFLICT (site_id, reader, slug) DO UPDATE SET read_at = MAX(read_at, excluded.read_at)",
    )
    .bind(to)
    .bind(site)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM meter_reads WHERE site_id = ? AND reader = ?")
        .bind(site)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
