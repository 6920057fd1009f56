//! Accounts, sign-in challenges, sessions and rate-limit counters.

use std::collections::HashMap;

use sqlx::AnyConnection;

use super::mail::NewMail;
use super::Store;

/// An open (unused, unexpired) sign-in challenge.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub id: i64,
    pub email: String,
    pub code_hash: String,
    pub link_hash: String,
    pub attempts: i64,
    pub reader_id: Option<String>,
}

pub struct NewChallenge<'a> {
    pub site: &'a str,
    pub email: &'a str,
    pub code_hash: &'a str,
    pub link_hash: &'a str,
    pub reader_id: Option<&'a str>,
    pub now: i64,
    pub expires_at: i64,
}

/// What completing a challenge creates.
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub expires_at: i64,
}

const CHALLENGE_COLUMNS: &str = "id, email, code_hash, link_hash, attempts, reader_id";

fn challenge(row: &sqlx::any::AnyRow) -> Result<Challenge, sqlx::Error> {
    use sqlx::Row;
    Ok(Challenge {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        code_hash: row.try_get("code_hash")?,
        link_hash: row.try_get("link_hash")?,
        attempts: row.try_get("attempts")?,
        reader_id: row.try_get("reader_id")?,
    })
}

impl Store {
    /// Records the challenge and queues its e-mail in one transaction: both or neither.
    pub async fn create_challenge(
        &self,
        c: NewChallenge<'_>,
        mail: NewMail<'_>,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO login_challenges (site_id, email, code_hash, link_hash, reader_id, \
             created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.site)
        .bind(c.email)
        .bind(c.code_hash)
        .bind(c.link_hash)
        .bind(c.reader_id)
        .bind(c.now)
        .bind(c.expires_at)
        .execute(&mut *tx)
        .await?;
        super::mail::enqueue(&mut tx, mail, c.now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The newest open challenge for an address: older ones are superseded by it.
    pub async fn open_challenge_by_email(
        &self,
        site: &str,
        email: &str,
        now: i64,
    ) -> anyhow::Result<Option<Challenge>> {
        let sql = format!(
            "SELECT {CHALLENGE_COLUMNS} FROM login_challenges \
             WHERE site_id = $1 AND email = $2 AND used_at IS NULL AND expires_at > $3 \
             ORDER BY created_at DESC, id DESC LIMIT 1"
        );
        let row = sqlx::query(&sql)
            .bind(site)
            .bind(email)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(challenge).transpose()?)
    }

    pub async fn open_challenge_by_link(
        &self,
        site: &str,
        link_hash: &str,
        now: i64,
    ) -> anyhow::Result<Option<Challenge>> {
        let sql = format!(
            "SELECT {CHALLENGE_COLUMNS} FROM login_challenges \
             WHERE site_id = $1 AND link_hash = $2 AND used_at IS NULL AND expires_at > $3"
        );
        let row = sqlx::query(&sql)
            .bind(site)
            .bind(link_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(challenge).transpose()?)
    }

    /// Counts a wrong code; returns the attempts so far.
    pub async fn record_failed_attempt(&self, challenge_id: i64) -> anyhow::Result<i64> {
        Ok(sqlx::query_scalar(
            "UPDATE login_challenges SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts",
        )
        .bind(challenge_id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Uses the challenge (once: `None` if it was used meanwhile), creates the account if
    /// needed and a session, and moves the anonymous reader's meter history to the account.
    pub async fn complete_challenge(
        &self,
        site: &str,
        challenge: &Challenge,
        reader_id: Option<&str>,
        session: NewSession<'_>,
        now: i64,
    ) -> anyhow::Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        let used = sqlx::query(
            "UPDATE login_challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL",
        )
        .bind(now)
        .bind(challenge.id)
        .execute(&mut *tx)
        .await?;
        if used.rows_affected() == 0 {
            return Ok(None);
        }
        let account_id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts (site_id, email, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (site_id, email) DO UPDATE SET email = excluded.email RETURNING id",
        )
        .bind(site)
        .bind(&challenge.email)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, site_id, account_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(session.token_hash)
        .bind(site)
        .bind(account_id)
        .bind(now)
        .bind(session.expires_at)
        .execute(&mut *tx)
        .await?;
        let readers = [reader_id, challenge.reader_id.as_deref()];
        for reader in readers.into_iter().flatten() {
            // Remembered, so the account holder's data under this id can be found and erased.
            sqlx::query(
                "INSERT INTO account_readers (account_id, reader_id, first_seen) \
                 VALUES ($1, $2, $3) ON CONFLICT (account_id, reader_id) DO NOTHING",
            )
            .bind(account_id)
            .bind(reader)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            super::meter::merge_reads(
                &mut tx,
                site,
                &format!("anon:{reader}"),
                &format!("acct:{account_id}"),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Some(account_id))
    }

    /// The account of a live session: `(id, email)`.
    pub async fn session_account(
        &self,
        site: &str,
        token_hash: &str,
        now: i64,
    ) -> anyhow::Result<Option<(i64, String)>> {
        Ok(sqlx::query_as(
            "SELECT a.id, a.email FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.site_id = $1 AND s.token_hash = $2 AND s.expires_at > $3",
        )
        .bind(site)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn delete_session(&self, site: &str, token_hash: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE site_id = $1 AND token_hash = $2")
            .bind(site)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Counts one hit on each of `limits` in its window; `Some(seconds to wait)` once over
    /// any. Decided in the database, by the writer, so every server sharing it counts together.
    pub async fn rate_limit(&self, limits: Vec<Limit>, now: i64) -> anyhow::Result<Option<i64>> {
        self.write(Box::new(move |conn| {
            Box::pin(async move { count_hits(conn, &limits, now).await })
        }))
        .await
    }
}

/// A rate limit: at most `max` hits on `key` in a fixed window of `window_secs`.
#[derive(Debug, Clone)]
pub struct Limit {
    pub key: String,
    pub max: u32,
    pub window_secs: i64,
}

/// Counts one hit on each of `limits` in one statement; `Some(seconds to wait)` once over
/// any of them (the longest wait).
pub(super) async fn count_hits(
    conn: &mut AnyConnection,
    limits: &[Limit],
    now: i64,
) -> anyhow::Result<Option<i64>> {
    let hits: Vec<(&Limit, i64)> = limits.iter().map(|l| (l, 1)).collect();
    let counts = add_hits(conn, &hits, now).await?;
    Ok(limits
        .iter()
        .filter_map(|l| {
            let (count, window_start) = *counts.get(&l.key)?;
            l.wait(count, window_start, now)
        })
        .max())
}

/// Adds `n` hits to each limit's count in one statement (each key once); each key's count
/// after them, and the start of its window. A window over at `now` starts again at `now`
/// with the `n` hits alone, as `n` hits one after the other would leave it.
pub(super) async fn add_hits(
    conn: &mut AnyConnection,
    hits: &[(&Limit, i64)],
    now: i64,
) -> anyhow::Result<HashMap<String, (i64, i64)>> {
    if hits.is_empty() {
        return Ok(HashMap::new());
    }
    // Each row's window is picked by its key, `CASE key WHEN … THEN secs … END`, with the
    // parameters numbered after the rows'.
    let rows = super::placeholders(hits.len(), 3, 1);
    let first = 3 * hits.len() + 1;
    let window = (0..hits.len())
        .map(|i| format!(" WHEN ${} THEN ${}", first + 2 * i, first + 2 * i + 1))
        .collect::<String>();
    let window = format!("(CASE rate_limits.key{window} END)");
    // `excluded.window_start` is `now` and `excluded.count` the hits; the window is the
    // row's own, written back by the RETURNING below for the caller to match its limit.
    let sql = format!(
        "INSERT INTO rate_limits (key, window_start, count) VALUES {rows} \
         ON CONFLICT (key) DO UPDATE SET \
         count = CASE WHEN rate_limits.window_start <= excluded.window_start - {window} \
           THEN excluded.count ELSE rate_limits.count + excluded.count END, \
         window_start = CASE WHEN rate_limits.window_start <= excluded.window_start - {window} \
           THEN excluded.window_start ELSE rate_limits.window_start END \
         RETURNING key, count, window_start"
    );
    let mut query = sqlx::query_as(&sql);
    for (limit, n) in hits {
        query = query.bind(&limit.key).bind(now).bind(*n);
    }
    for (limit, _) in hits {
        query = query.bind(&limit.key).bind(limit.window_secs);
    }
    let rows: Vec<(String, i64, i64)> = query.fetch_all(&mut *conn).await?;
    Ok(rows
        .into_iter()
        .map(|(key, count, window_start)| (key, (count, window_start)))
        .collect())
}

impl Limit {
    /// Seconds to wait at `now` for a hit that brought the count to `count` in the window
    /// that started at `window_start`; `None` while within the limit.
    pub(super) fn wait(&self, count: i64, window_start: i64, now: i64) -> Option<i64> {
        (count > i64::from(self.max)).then(|| (window_start + self.window_secs - now).max(1))
    }
}
