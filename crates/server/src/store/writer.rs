//! The writer: one task that commits many requests' writes together (group commit).
//!
//! SQLite takes one writer at a time. With a transaction per request, a spike of sign-ups
//! queues on the write lock: each waiter sleeps in SQLite's busy handler (1, 2, 5 … 100 ms),
//! and each commit is one fsync. Here every write waits in one queue; the writer takes all
//! that wait (up to `BATCH`), runs them one after the other in one immediate transaction,
//! each in a savepoint of its own, commits once, and only then answers each. So:
//! - a spike costs one fsync per batch, not per request, and no one sleeps on the lock;
//! - each job sees the ones before it in the batch, so decisions (a seat, a rate limit) stay
//!   exact, as if the jobs had run in turn;
//! - a job that fails rolls back its own savepoint only, and its error is its answer;
//! - an answer is sent only once the batch is on disk: an acknowledged write is durable;
//! - a request that goes away leaves its job to the writer, so no transaction is ever cut
//!   halfway (sqlx's transaction start is not cancel-safe).
//!
//! On PostgreSQL the same, each server with its writer: the jobs' statements lock what they
//! decide on (a session's row), so decisions stay exact across servers too; a batch holds its
//! locks until its one commit, so a hot row (a viral webinar's session) is taken once a batch,
//! not once a sign-up (measured: one transaction a sign-up, each waiting for the previous
//! one's commit on that row, gave 378 sign-ups/s; BENCHMARKS.md). A job that another
//! server's batch deadlocks with fails alone: its savepoint is rolled back, the others'
//! locks are kept.
//!
//! The meter has a writer of its own (`meter.rs`), which decides a whole batch in three
//! statements instead of one job at a time. Sign-ups are decided the same way, a batch of them
//! in one job of this writer (`sign_ups.rs`).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;

use anyhow::anyhow;
use futures_util::FutureExt;
use sqlx::{AnyConnection, AnyPool, Executor};

use super::Backend;
use tokio::sync::{mpsc, oneshot};

/// A job's work: it runs on the writer's connection, inside the batch's transaction.
pub(super) type Work<T> =
    Box<dyn for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, anyhow::Result<T>> + Send>;
pub(super) type BoxFuture<'c, T> = Pin<Box<dyn Future<Output = T> + Send + 'c>>;

/// Jobs committed together, at most.
const BATCH: usize = 256;

/// A job of any result type, as the writer sees it.
trait Job: Send {
    /// Runs the work; whether it succeeded (else its savepoint is rolled back).
    fn run<'c>(&'c mut self, conn: &'c mut AnyConnection) -> BoxFuture<'c, bool>;
    /// Answers the caller once the batch is committed (or could not be).
    fn answer(self: Box<Self>, committed: Result<(), String>);
}

struct Typed<T> {
    work: Option<Work<T>>,
    outcome: Option<anyhow::Result<T>>,
    reply: oneshot::Sender<anyhow::Result<T>>,
}

impl<T: Send> Job for Typed<T> {
    fn run<'c>(&'c mut self, conn: &'c mut AnyConnection) -> BoxFuture<'c, bool> {
        Box::pin(async move {
            let Some(work) = self.work.take() else {
                return false;
            };
            // A job that panics is a failed job: its savepoint is rolled back, its caller gets
            // an error, and the writer goes on (else every later write would find it gone).
            let outcome = match AssertUnwindSafe(work(conn)).catch_unwind().await {
                Ok(outcome) => outcome,
                Err(_) => Err(anyhow!("the write panicked")),
            };
            let ok = outcome.is_ok();
            self.outcome = Some(outcome);
            ok
        })
    }

    fn answer(self: Box<Self>, committed: Result<(), String>) {
        let answer = match (self.outcome, committed) {
            // Its own failure is the job's answer: it wrote nothing, whatever the batch did.
            (Some(Err(err)), _) => Err(err),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (Some(Ok(_)), Err(err)) => Err(anyhow!("the batch was not committed: {err}")),
            (None, Err(err)) => Err(anyhow!("the batch failed before this job ran: {err}")),
            (None, Ok(())) => Err(anyhow!("the job did not run")),
        };
        let _ = self.reply.send(answer);
    }
}

/// Where writes are sent (`Store::write`).
#[derive(Clone)]
pub(super) struct Writer {
    jobs: mpsc::Sender<Box<dyn Job>>,
}

impl Writer {
    /// Starts the writer on a thread of its own, with the connection it keeps.
    pub(super) fn spawn(pool: AnyPool, backend: Backend) -> Writer {
        let (jobs, waiting) = mpsc::channel::<Box<dyn Job>>(4 * BATCH);
        on_own_thread("kiosque-writer", run(pool, backend, waiting));
        Writer { jobs }
    }

    /// Runs `work` in the writer's next batch; its result once that batch is on disk.
    pub(super) async fn write<T: Send + 'static>(&self, work: Work<T>) -> anyhow::Result<T> {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(Typed {
            work: Some(work),
            outcome: None,
            reply,
        });
        let stopped = || anyhow!("the database writer has stopped");
        self.jobs.send(job).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// Runs `task` on a thread and runtime of its own. Each statement of a writer's batch is a
/// hop to sqlx's connection thread and back; on the server's runtime the writer waited behind
/// the requests' tasks at every hop (measured: 3.5 ms of savepoints a batch there, 1 ms
/// here). Everything waits on a writer during a spike, so the writer must not wait.
pub(super) fn on_own_thread(name: &str, task: impl Future<Output = ()> + Send + 'static) {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a writer's runtime")
                .block_on(task)
        })
        .expect("a writer's thread");
}

/// The writer's loop: takes what waits, commits it, answers; until every sender is gone.
async fn run(pool: AnyPool, backend: Backend, mut waiting: mpsc::Receiver<Box<dyn Job>>) {
    // A connection of its own, kept between batches (taking one from the pool checks it
    // first, a round trip a batch); taken again after an error, in case it was the cause.
    let mut conn: Option<AnyConnection> = None;
    let mut batch = Vec::with_capacity(BATCH);
    while waiting.recv_many(&mut batch, BATCH).await > 0 {
        let committed = match &mut conn {
            Some(c) => commit(c, backend, &mut batch).await,
            None => match pool.acquire().await {
                Ok(c) => commit(conn.insert(c.detach()), backend, &mut batch).await,
                Err(err) => Err(err.into()),
            },
        }
        .map_err(|e| format!("{e:#}"));
        if let Err(err) = &committed {
            tracing::error!(error = %err, jobs = batch.len(), "write batch failed");
            conn = None;
        }
        for job in batch.drain(..) {
            job.answer(committed.clone());
        }
    }
}

/// One batch: every job in a savepoint of its own, one commit.
///
/// Each statement sent is a round trip to sqlx's connection thread, and the jobs run one after
/// the other, so the savepoints travel with their neighbours: `RELEASE job; SAVEPOINT job`
/// between two jobs is one trip instead of two (a sign-up is 6 trips instead of 7). A failed
/// job's writes are taken back with `ROLLBACK TO job`, which leaves the savepoint open for the
/// next job; `COMMIT` releases the last one. (sqlx's nested `Transaction`s would send each
/// savepoint statement alone.) No job starts a transaction of its own.
async fn commit(
    conn: &mut AnyConnection,
    backend: Backend,
    batch: &mut [Box<dyn Job>],
) -> anyhow::Result<()> {
    // SQLite takes its write lock at once; PostgreSQL's statements lock rows as they go.
    let begin = match backend {
        Backend::Sqlite => "BEGIN IMMEDIATE; SAVEPOINT job",
        Backend::Postgres => "BEGIN; SAVEPOINT job",
    };
    conn.execute(begin).await?;
    let done = run_jobs(conn, batch).await;
    if done.is_err() {
        // Nothing of the batch is kept; the caller also takes a new connection.
        let _ = conn.execute("ROLLBACK").await;
    }
    done
}

async fn run_jobs(conn: &mut AnyConnection, batch: &mut [Box<dyn Job>]) -> anyhow::Result<()> {
    for job in batch.iter_mut() {
        let next = if job.run(conn).await {
            "RELEASE job; SAVEPOINT job"
        } else {
            "ROLLBACK TO job"
        };
        conn.execute(next).await?;
    }
    conn.execute("COMMIT").await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database of one table; a file, since each connection the `Any` pool opens to
    /// `sqlite::memory:` is a database of its own.
    async fn pool() -> (tempfile::TempDir, AnyPool) {
        sqlx::any::install_default_drivers();
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (v INTEGER PRIMARY KEY)")
            .execute(&pool)
            .await
            .unwrap();
        (dir, pool)
    }

    fn insert(v: i64) -> Work<i64> {
        Box::new(move |conn| {
            Box::pin(async move {
                sqlx::query("INSERT INTO t (v) VALUES ($1)")
                    .bind(v)
                    .execute(&mut *conn)
                    .await?;
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM t")
                    .fetch_one(&mut *conn)
                    .await?)
            })
        })
    }

    /// Inserts `first`, then `v` (the job fails there if `v` is taken).
    fn insert_after(first: i64, v: i64) -> Work<i64> {
        Box::new(move |conn| {
            Box::pin(async move {
                sqlx::query("INSERT INTO t (v) VALUES ($1)")
                    .bind(first)
                    .execute(&mut *conn)
                    .await?;
                insert(v)(conn).await
            })
        })
    }

    #[tokio::test]
    async fn jobs_of_a_batch_see_each_other_and_a_failure_stays_its_own() {
        let (_dir, pool) = pool().await;
        let writer = Writer::spawn(pool.clone(), Backend::Sqlite);
        // Sent together, so they share a batch. The fourth job writes 100, then fails on 7:
        // its savepoint takes its 100 back, and the others are kept.
        let jobs = vec![
            insert(1),
            insert(2),
            insert(7),
            insert_after(100, 7),
            insert(8),
            insert(9),
        ];
        let answers = futures::future::join_all(jobs.into_iter().map(|w| writer.write(w))).await;
        assert!(answers[3].is_err(), "{answers:?}");
        let counts: Vec<i64> = answers.into_iter().filter_map(Result::ok).collect();
        // Each job saw every row written before it, and nothing of the failed one.
        assert_eq!(counts, vec![1, 2, 3, 4, 5]);
        let stored: Vec<i64> = sqlx::query_scalar("SELECT v FROM t ORDER BY v")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(stored, vec![1, 2, 7, 8, 9]);
    }

    #[tokio::test]
    async fn a_job_that_panics_fails_alone_and_the_writer_goes_on() {
        let (_dir, pool) = pool().await;
        let writer = Writer::spawn(pool.clone(), Backend::Sqlite);
        let panics: Work<i64> = Box::new(|conn| {
            Box::pin(async move {
                sqlx::query("INSERT INTO t (v) VALUES (5)")
                    .execute(&mut *conn)
                    .await?;
                panic!("a bug in a job");
            })
        });
        let jobs = vec![insert(1), panics, insert(2)];
        let answers = futures::future::join_all(jobs.into_iter().map(|w| writer.write(w))).await;
        assert!(answers[1]
            .as_ref()
            .is_err_and(|e| e.to_string().contains("panicked")));
        assert_eq!(
            (answers[0].as_ref().ok(), answers[2].as_ref().ok()),
            (Some(&1), Some(&2))
        );
        assert_eq!(
            writer.write(insert(3)).await.unwrap(),
            3,
            "later writes work"
        );
        let stored: Vec<i64> = sqlx::query_scalar("SELECT v FROM t ORDER BY v")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(stored, vec![1, 2, 3], "the panicked job's row rolled back");
    }

    #[tokio::test]
    async fn a_caller_that_goes_away_leaves_its_write_done() {
        let (_dir, pool) = pool().await;
        let writer = Writer::spawn(pool.clone(), Backend::Sqlite);
        // The writer is held busy, so the next job waits in its queue.
        let (release, held) = oneshot::channel::<()>();
        let busy = tokio::spawn({
            let writer = writer.clone();
            async move {
                let work: Work<()> = Box::new(move |_conn| {
                    Box::pin(async move {
                        let _ = held.await;
                        Ok(())
                    })
                });
                writer.write(work).await
            }
        });
        tokio::task::yield_now().await;
        // Its caller gives up (a reader hanging up): the future is dropped once queued.
        let gave_up = tokio::time::timeout(
            std::time::Duration::from_millis(50),
            writer.write(insert(41)),
        )
        .await;
        assert!(gave_up.is_err(), "answered while the writer was busy");
        release.send(()).unwrap();
        busy.await.unwrap().unwrap();
        assert_eq!(writer.write(insert(42)).await.unwrap(), 2);
        let stored: Vec<i64> = sqlx::query_scalar("SELECT v FROM t ORDER BY v")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(stored, vec![41, 42]);
    }
}
