//! What is kept and for how long: the purge that deletes what has outlived its use. Each
//! period is a `serve` flag (see `config::Retention` and the README's privacy section).

use super::Store;

const DAY: i64 = 86_400;

/// How long each kind of record is kept, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Analytics events (offer impressions and clicks, webinar views…) and server-recorded
    /// conversions.
    pub events_days: i64,
    /// Sent or given-up mails (recipient, time, error: their content is dropped on sending).
    pub mail_days: i64,
}

/// What one purge deleted, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub rate_limits: u64,
    pub meter_reads: u64,
    pub challenges: u64,
    /// Readers' data requests whose link expired.
    pub data_requests: u64,
    pub sessions: u64,
    pub console_sessions: u64,
    pub console_failures: u64,
    pub events: u64,
    pub mails: u64,
}

impl Purged {
    pub fn total(&self) -> u64 {
        self.rate_limits
            + self.meter_reads
            + self.challenges
            + self.data_requests
            + self.sessions
            + self.console_sessions
            + self.console_failures
            + self.events
            + self.mails
    }
}

/// Console sessions end 7 days after sign-in at the latest (`console::session`).
const CONSOLE_SESSION_SECS: i64 = 7 * DAY;
/// Rate-limit windows and sign-in failures count over an hour at most: a day is plenty.
const COUNTERS_SECS: i64 = DAY;

impl Store {
    /// Deletes what has outlived its use as of `now`. Each statement is its own short write,
    /// on a task a dropped caller cannot cancel.
    pub async fn purge(&self, now: i64, keep: Retention) -> anyhow::Result<Purged> {
        let store = self.clone();
        tokio::spawn(async move { store.purge_now(now, keep).await }).await?
    }

    async fn purge_now(&self, now: i64, keep: Retention) -> anyhow::Result<Purged> {
        let run = |sql: &'static str, before: i64| async move {
            anyhow::Ok(
                sqlx::query(sql)
                    .bind(before)
                    .execute(&self.pool)
                    .await?
                    .rows_affected(),
            )
        };
        Ok(Purged {
            rate_limits: run(
                "DELETE FROM rate_limits WHERE window_start < $1",
                now - COUNTERS_SECS,
            )
            .await?,
            // A read counts for its site's period only; past it, the meter never looks at it.
            meter_reads: sqlx::query(
                "DELETE FROM meter_reads WHERE read_at < $1 - 86400 * \
                 (SELECT meter_period_days FROM sites WHERE sites.id = meter_reads.site_id)",
            )
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected(),
            challenges: run(
                "DELETE FROM login_challenges WHERE expires_at < $1",
                now - DAY,
            )
            .await?,
            data_requests: run("DELETE FROM data_requests WHERE expires_at < $1", now).await?,
            sessions: run("DELETE FROM sessions WHERE expires_at < $1", now).await?,
            console_sessions: run(
                "DELETE FROM console_sessions WHERE created_at < $1",
                now - CONSOLE_SESSION_SECS,
            )
            .await?,
            console_failures: run(
                "DELETE FROM console_login_failures WHERE at < $1",
                now - COUNTERS_SECS,
            )
            .await?,
            events: run(
                "DELETE FROM events WHERE at < $1",
                now - keep.events_days * DAY,
            )
            .await?
                + run(
                    "DELETE FROM conversions WHERE at < $1",
                    now - keep.events_days * DAY,
                )
                .await?,
            mails: run(
                "DELETE FROM mail_queue WHERE status IN ('sent', 'failed') \
                 AND COALESCE(sent_at, next_attempt_at) < $1",
                now - keep.mail_days * DAY,
            )
            .await?,
        })
    }
}
