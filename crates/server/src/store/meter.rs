//! The free-article meter and entitlement revocations.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use sqlx::{AnyConnection, AnyPool, Executor};
use tokio::sync::{mpsc, oneshot};

use super::{Backend, Store};

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
/// (Two bound values a read in the batch's first query: far below SQLite's 32,766.)
const BATCH: usize = 512;

/// The meter's writer: one task that takes every waiting read, decides them one after the
/// other in one immediate transaction and commits them together, then answers each. A viral
/// article's thousands of new readers a second then cost one commit (one fsync) per batch
/// instead of one each; the decisions stay exact (one at a time, inside the transaction, so a
/// reader never gets more than the allowance), and a read is answered only once it is on disk.
/// A request that goes away leaves its read to the writer, so no transaction is ever cut.
///
/// On PostgreSQL, where several servers may decide for the same reader at once, the batch
/// first locks its readers (transaction-scoped advisory locks, taken in one order so two
/// batches never wait on each other in a circle).
pub(super) fn spawn_meter_writer(pool: AnyPool, backend: Backend) -> mpsc::Sender<PendingRead> {
    let (sender, mut waiting) = mpsc::channel::<PendingRead>(4 * BATCH);
    super::writer::on_own_thread("kiosque-meter", async move {
        // A connection of its own, kept between batches: no check of a pooled connection
        // before each batch, and its page cache stays warm (only a change by another
        // connection makes SQLite drop it). Taken again after an error, in case it was the
        // cause.
        let mut conn: Option<AnyConnection> = None;
        let mut batch = Vec::with_capacity(BATCH);
        while waiting.recv_many(&mut batch, BATCH).await > 0 {
            let decided = match &mut conn {
                Some(c) => decide_guarded(c, backend, &batch).await,
                None => match pool.acquire().await {
                    Ok(c) => decide_guarded(conn.insert(c.detach()), backend, &batch).await,
                    Err(err) => Err(err.into()),
                },
            };
            if decided.is_err() {
                conn = None;
            }
            match decided {
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

/// A batch's decisions; a batch that fails or panics leaves nothing behind (its transaction is
/// rolled back) and fails alone (else the writer would be gone for every later read).
async fn decide_guarded(
    conn: &mut AnyConnection,
    backend: Backend,
    batch: &[PendingRead],
) -> anyhow::Result<Vec<MeterOutcome>> {
    let decided = match AssertUnwindSafe(decide(conn, backend, batch))
        .catch_unwind()
        .await
    {
        Ok(decided) => decided,
        Err(_) => Err(anyhow::anyhow!("the meter's batch panicked")),
    };
    if decided.is_err() {
        let _ = conn.execute("ROLLBACK").await;
    }
    decided
}

/// An article a reader read, as the meter's table has it.
struct PastRead {
    slug: String,
    at: i64,
    /// Whether it uses up the allowance (reads moved from before sign-in do not).
    counted: bool,
}

/// Decides a batch in two trips to the connection's thread, whatever its size: the
/// transaction's start with what its readers read in their periods, then the decisions one
/// after the other in memory (a read granted early in the batch counts for a later one of the
/// same reader), then the granted reads in one insert with the commit.
async fn decide(
    conn: &mut AnyConnection,
    backend: Backend,
    batch: &[PendingRead],
) -> anyhow::Result<Vec<MeterOutcome>> {
    let since = batch.iter().map(|r| r.period_start).min().unwrap_or(0);
    let pairs = (0..batch.len())
        .map(|i| format!("(${}, ${})", 2 * i + 2, 2 * i + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let select = format!(
        "SELECT site_id, reader, slug, read_at, counted FROM meter_reads \
         WHERE read_at > $1 AND (site_id, reader) IN (VALUES {pairs})"
    );
    let readers = match backend {
        // One trip: the write lock and the reads.
        Backend::Sqlite => format!("BEGIN IMMEDIATE; {select}"),
        Backend::Postgres => {
            conn.execute("BEGIN").await?;
            let readers = batch.iter().map(|r| (r.site.as_str(), r.reader.as_str()));
            lock_readers(conn, readers).await?;
            select
        }
    };
    let mut query = sqlx::query_as(&readers).bind(since);
    for r in batch {
        query = query.bind(&r.site).bind(&r.reader);
    }
    let rows: Vec<(String, String, String, i64, i64)> = query.fetch_all(&mut *conn).await?;
    // (site, reader) → the articles read.
    let mut read: HashMap<(String, String), Vec<PastRead>> = HashMap::new();
    for (site, reader, slug, at, counted) in rows {
        read.entry((site, reader)).or_default().push(PastRead {
            slug,
            at,
            counted: counted != 0,
        });
    }
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut granted_now = Vec::new();
    for r in batch {
        let reads = read.entry((r.site.clone(), r.reader.clone())).or_default();
        let in_period = |p: &&PastRead| p.at > r.period_start;
        let already = reads.iter().filter(in_period).any(|p| p.slug == r.slug);
        let mut used = u32::try_from(reads.iter().filter(in_period).filter(|p| p.counted).count())?;
        let granted = if already {
            true
        } else if used < r.allowance {
            // A read of an earlier period is replaced, as the insert below does.
            reads.retain(|p| p.slug != r.slug);
            reads.push(PastRead {
                slug: r.slug.clone(),
                at: r.now,
                counted: true,
            });
            granted_now.push(r);
            used += 1;
            true
        } else {
            false
        };
        outcomes.push(MeterOutcome { granted, used });
    }
    if granted_now.is_empty() {
        conn.execute("COMMIT").await?;
    } else {
        let rows = (0..granted_now.len())
            .map(|i| {
                format!(
                    "(${}, ${}, ${}, ${})",
                    4 * i + 1,
                    4 * i + 2,
                    4 * i + 3,
                    4 * i + 4
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let upsert = format!(
            "INSERT INTO meter_reads (site_id, reader, slug, read_at) VALUES {rows} \
             ON CONFLICT (site_id, reader, slug) DO UPDATE SET read_at = excluded.read_at, \
             counted = 1"
        );
        // On SQLite the commit travels with the insert (one trip); PostgreSQL prepares
        // statements with parameters one at a time.
        let insert = match backend {
            Backend::Sqlite => format!("{upsert}; COMMIT"),
            Backend::Postgres => upsert,
        };
        let mut query = sqlx::query(&insert);
        for r in &granted_now {
            query = query
                .bind(&r.site)
                .bind(&r.reader)
                .bind(&r.slug)
                .bind(r.now);
        }
        query.execute(&mut *conn).await?;
        if backend == Backend::Postgres {
            conn.execute("COMMIT").await?;
        }
    }
    Ok(outcomes)
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
            "SELECT revoked_at FROM entitlement_revocations WHERE site_id = $1 AND subject = $2",
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
            "INSERT INTO entitlement_revocations (site_id, subject, revoked_at) VALUES ($1, $2, $3) \
             ON CONFLICT (site_id, subject) \
             DO UPDATE SET revoked_at = CASE WHEN excluded.revoked_at > entitlement_revocations.revoked_at \
             THEN excluded.revoked_at ELSE entitlement_revocations.revoked_at END",
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
    tx: &mut sqlx::AnyConnection,
    site: &str,
    reader: &str,
    period_start: i64,
) -> anyhow::Result<u32> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM meter_reads \
         WHERE site_id = $1 AND reader = $2 AND read_at > $3 AND counted = 1",
    )
    .bind(site)
    .bind(reader)
    .bind(period_start)
    .fetch_one(&mut *tx)
    .await?;
    Ok(u32::try_from(count)?)
}

/// Moves `from`'s reads to `to` inside the caller's transaction, as reads that do not count
/// (`counted = 0`): reading them again in their period is free, and the allowance `to` gets is
/// whole. A read both have keeps the newer time, and counts only if that time is `to`'s own
/// read; what is left of `from` is removed.
pub(super) async fn merge_reads(
    tx: &mut sqlx::AnyConnection,
    site: &str,
    from: &str,
    to: &str,
) -> anyhow::Result<()> {
    if super::on_postgres(tx) {
        lock_readers(tx, [(site, from), (site, to)].into_iter()).await?;
    }
    sqlx::query(
        "INSERT INTO meter_reads (site_id, reader, slug, read_at, counted) \
         SELECT site_id, $1, slug, read_at, 0 FROM meter_reads WHERE site_id = $2 AND reader = $3 \
         ON CONFLICT (site_id, reader, slug) DO UPDATE SET \
         counted = CASE WHEN excluded.read_at > meter_reads.read_at THEN 0 \
         ELSE meter_reads.counted END, \
         read_at = CASE WHEN excluded.read_at > meter_reads.read_at \
         THEN excluded.read_at ELSE meter_reads.read_at END",
    )
    .bind(to)
    .bind(site)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM meter_reads WHERE site_id = $1 AND reader = $2")
        .bind(site)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// On PostgreSQL, locks readers' meters until the transaction ends (transaction-scoped
/// advisory locks on `site reader`), in one order whoever takes them, so two transactions never
/// wait on each other in a circle. Every decision or merge of a reader's reads takes it first.
async fn lock_readers<'a>(
    conn: &mut AnyConnection,
    readers: impl Iterator<Item = (&'a str, &'a str)>,
) -> anyhow::Result<()> {
    let mut keys: Vec<String> = readers
        .map(|(site, reader)| format!("{site} {reader}"))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let values = (1..=keys.len())
        .map(|i| format!("(${i})"))
        .collect::<Vec<_>>()
        .join(", ");
    // The subquery's order is the order the locks are taken in (`OFFSET 0` keeps it).
    let lock = format!(
        "SELECT pg_advisory_xact_lock(h) FROM (SELECT hashtextextended(k, 0) AS h \
         FROM (VALUES {values}) AS v(k) ORDER BY h OFFSET 0) AS ordered"
    );
    let mut query = sqlx::query(&lock);
    for key in &keys {
        query = query.bind(key);
    }
    query.fetch_all(&mut *conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store with the demo site, in a folder that lives as long as the returned guard.
    async fn demo_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let url = super::super::test_database_url(&dir).await;
        let store = Store::connect(&url).await.unwrap();
        store.load_demo_content().await.unwrap();
        (dir, store)
    }

    fn read(reader: &str, slug: &str, now: i64) -> PendingRead {
        PendingRead {
            site: "demo".into(),
            reader: reader.into(),
            slug: slug.into(),
            now,
            period_start: now - 100,
            allowance: 2,
            reply: oneshot::channel().0,
        }
    }

    #[tokio::test]
    async fn a_batch_decides_each_read_as_if_alone_in_turn() {
        let (_dir, store) = demo_store().await;
        // The writer's own connection, kept from batch to batch.
        let mut conn = store.pool.acquire().await.unwrap().detach();
        // Long ago, in an earlier period: read again, it counts again.
        let old = decide(&mut conn, store.backend, &[read("ana", "a", 10)])
            .await
            .unwrap();
        assert_eq!(
            old,
            [MeterOutcome {
                granted: true,
                used: 1
            }]
        );

        let batch = [
            read("ana", "a", 1_000),
            read("ana", "a", 1_000),
            read("ana", "b", 1_000),
            read("ana", "c", 1_000),
            read("ana", "b", 1_000),
            read("bob", "c", 1_000),
        ];
        let outcomes = decide(&mut conn, store.backend, &batch).await.unwrap();
        let decided: Vec<(bool, u32)> = outcomes.iter().map(|o| (o.granted, o.used)).collect();
        assert_eq!(
            decided,
            [
                (true, 1),  // the old read of `a` is in an earlier period: counted anew
                (true, 1),  // the same article again: granted, not counted twice
                (true, 2),  // the allowance reached
                (false, 2), // one too many
                (true, 2),  // read already: still open
                (true, 1),  // another reader
            ]
        );
        // What was written is what was decided: the next batch sees it.
        let next = decide(&mut conn, store.backend, &[read("ana", "c", 1_001)])
            .await
            .unwrap();
        assert_eq!(
            next,
            [MeterOutcome {
                granted: false,
                used: 2
            }]
        );
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meter_reads")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(rows, 3, "ana: a (moved to now) and b; bob: c");
    }

    #[tokio::test]
    async fn reads_moved_to_an_account_stay_free_and_count_nothing() {
        let (_dir, store) = demo_store().await;
        let mut conn = store.pool.acquire().await.unwrap().detach();
        // The account read `a` long ago; the anonymous reader read `a` and `b` now.
        decide(&mut conn, store.backend, &[read("acct", "a", 10)])
            .await
            .unwrap();
        let anonymous = [read("anon", "a", 1_000), read("anon", "b", 1_000)];
        decide(&mut conn, store.backend, &anonymous).await.unwrap();
        // Merged on another connection, as a sign-in does: the writer's sees it.
        let mut other = store.pool.acquire().await.unwrap();
        merge_reads(&mut other, "demo", "anon", "acct")
            .await
            .unwrap();
        drop(other);

        let reads = ["a", "b", "c", "d", "e"].map(|slug| read("acct", slug, 1_000));
        let outcomes = decide(&mut conn, store.backend, &reads).await.unwrap();
        let decided: Vec<(bool, u32)> = outcomes.iter().map(|o| (o.granted, o.used)).collect();
        // `a` and `b` came along (free, not counted); the allowance of 2 is whole.
        assert_eq!(
            decided,
            [(true, 0), (true, 0), (true, 1), (true, 2), (false, 2)]
        );
        assert_eq!(store.meter_used("demo", "acct", 900).await.unwrap(), 2);
    }

    #[tokio::test]
    async fn a_failed_batch_leaves_the_kept_connection_ready_for_the_next() {
        let (_dir, store) = demo_store().await;
        let mut conn = store.pool.acquire().await.unwrap().detach();
        // A read for a site that does not exist: its insert fails inside the transaction.
        let mut stranger = read("ana", "a", 1_000);
        stranger.site = "no-such-site".into();
        assert!(decide_guarded(&mut conn, store.backend, &[stranger])
            .await
            .is_err());
        // Rolled back: the same connection starts the next batch, and nothing was kept.
        let next = decide_guarded(&mut conn, store.backend, &[read("ana", "a", 1_000)])
            .await
            .unwrap();
        assert_eq!(
            next,
            [MeterOutcome {
                granted: true,
                used: 1
            }]
        );
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meter_reads")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(rows, 1);
    }
}
