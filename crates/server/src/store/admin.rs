//! Admin API keys, and the registrations a site's admins manage.

use kiosque_protocol::RegistrationStatus;
use sqlx::Row;

use super::mail::{enqueue, NewMail};
use super::Store;

/// A registration as admins see it (personal data: admin API only).
#[derive(Debug, Clone)]
pub struct RegistrationRow {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub organisation: String,
    pub job_title: String,
    pub status: RegistrationStatus,
    pub consent_processing_version: i64,
    /// The exact text the reader agreed to, in the language it was shown in.
    pub consent_processing_text: String,
    pub consent_marketing_version: Option<i64>,
    pub consent_marketing_text: Option<String>,
    pub source_page: String,
    pub answers: Vec<kiosque_protocol::Answer>,
    pub created_at: i64,
}

const REGISTRATION_COLUMNS: &str = "id, email, first_name, last_name, organisation, job_title, \
     status, consent_processing_version, consent_processing_text, consent_marketing_version, \
     consent_marketing_text, source_page, answers, created_at";

fn registration_row(row: &sqlx::any::AnyRow) -> anyhow::Result<RegistrationRow> {
    Ok(RegistrationRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        organisation: row.try_get("organisation")?,
        job_title: row.try_get("job_title")?,
        status: super::seats::parse_status(row.try_get("status")?)?,
        consent_processing_version: row.try_get("consent_processing_version")?,
        consent_processing_text: row.try_get("consent_processing_text")?,
        consent_marketing_text: row.try_get("consent_marketing_text")?,
        consent_marketing_version: row.try_get("consent_marketing_version")?,
        source_page: row.try_get("source_page")?,
        answers: serde_json::from_str(row.try_get("answers")?)?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    pub async fn create_api_key(
        &self,
        site: &str,
        name: &str,
        key_hash: &str,
        now: i64,
    ) -> anyhow::Result<bool> {
        let super::Flag(exists) =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sites WHERE id = $1)")
                .bind(site)
                .fetch_one(&self.pool)
                .await?;
        if !exists {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO api_keys (site_id, name, key_hash, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(site)
        .bind(name)
        .bind(key_hash)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(true)
    }

    /// The name given to a live key of `site` (by hash), for the records of what it did.
    pub async fn api_key_name(&self, site: &str, key_hash: &str) -> anyhow::Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT name FROM api_keys WHERE site_id = $1 AND key_hash = $2 AND revoked_at IS NULL",
        )
        .bind(site)
        .bind(key_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Whether the key (by hash) is a live key of `site`.
    pub async fn api_key_valid(&self, site: &str, key_hash: &str) -> anyhow::Result<bool> {
        let super::Flag(valid) = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM api_keys WHERE site_id = $1 AND key_hash = $2 AND revoked_at IS NULL)",
        )
        .bind(site)
        .bind(key_hash)
        .fetch_one(&self.pool)
        .await?;
        Ok(valid)
    }

    /// How many registrations each session of `site` has, per status: one grouped query, so a
    /// page listing every session reads counts, not rows.
    pub async fn registration_counts(
        &self,
        site: &str,
    ) -> anyhow::Result<Vec<(String, RegistrationStatus, usize)>> {
        let rows = sqlx::query(
            "SELECT session_id, status, COUNT(*) AS n FROM webinar_registrations \
             WHERE site_id = $1 GROUP BY session_id, status",
        )
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let status = super::seats::parse_status(row.try_get("status")?)?;
                let n: i64 = row.try_get("n")?;
                Ok((row.try_get("session_id")?, status, usize::try_from(n)?))
            })
            .collect()
    }

    /// A session's registrations in the order they took their place (the waitlist order),
    /// then the pending ones by when they signed up; optionally one status.
    pub async fn registrations(
        &self,
        site: &str,
        session: &str,
        status: Option<RegistrationStatus>,
    ) -> anyhow::Result<Vec<RegistrationRow>> {
        let sql = format!(
            "SELECT {REGISTRATION_COLUMNS} FROM webinar_registrations \
             WHERE site_id = $1 AND session_id = $2 AND ($3 IS NULL OR status = $4) \
             ORDER BY queue_position IS NULL, queue_position, id"
        );
        let rows = sqlx::query(&sql)
            .bind(site)
            .bind(session)
            .bind(status.map(RegistrationStatus::as_str))
            .bind(status.map(RegistrationStatus::as_str))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(registration_row).collect()
    }

    /// One registration of the site, by id.
    pub async fn registration(
        &self,
        site: &str,
        id: i64,
    ) -> anyhow::Result<Option<RegistrationRow>> {
        let sql = format!(
            "SELECT {REGISTRATION_COLUMNS} FROM webinar_registrations WHERE site_id = $1 AND id = $2"
        );
        let row = sqlx::query(&sql)
            .bind(site)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(registration_row).transpose()
    }

    /// Cancels a whole session and queues one notice per registrant still registered, in one
    /// transaction. `false` when there is no such scheduled session.
    pub async fn cancel_session(
        &self,
        site: &str,
        session: &str,
        now: i64,
        notice: impl Fn(&str) -> (String, String),
    ) -> anyhow::Result<bool> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE webinar_sessions SET status = 'cancelled' WHERE site_id = $1 AND id = $2 AND status = 'scheduled'",
        )
        .bind(site)
        .bind(session)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(false);
        }
        mail_registrants(
            &mut tx,
            site,
            session,
            "'confirmed', 'waitlisted'",
            now,
            notice,
        )
        .await?;
        tx.commit().await?;
        self.cache.forget(site);
        Ok(true)
    }

    /// Sets a session's replay and queues the link for every confirmed registrant, once (a
    /// second call changes the link without mailing again). `None` when there is no session.
    pub async fn set_replay(
        &self,
        site: &str,
        session: &str,
        replay: &kiosque_protocol::ReplayRequest,
        now: i64,
        mail: impl Fn(&str) -> (String, String),
    ) -> anyhow::Result<Option<usize>> {
        let mut tx = self.begin_write().await?;
        // The first replay (none before) is set and mailed in one conditional update, so two
        // calls at once never mail twice: the second waits, then finds a replay already set.
        let set = |first_only: &'static str| {
            format!(
                "UPDATE webinar_sessions SET replay_url = $1, replay_until = $2, \
                 replay_audience = $3 WHERE site_id = $4 AND id = $5{first_only}"
            )
        };
        let mut mailed = None;
        for (condition, first) in [(" AND replay_url IS NULL", true), ("", false)] {
            let updated = sqlx::query(&set(condition))
                .bind(&replay.url)
                .bind(&replay.until)
                .bind(replay.audience.as_str())
                .bind(site)
                .bind(session)
                .execute(&mut *tx)
                .await?;
            if updated.rows_affected() > 0 {
                mailed = Some(if first {
                    mail_registrants(&mut tx, site, session, "'confirmed'", now, &mail).await?
                } else {
                    0
                });
                break;
            }
        }
        tx.commit().await?;
        self.cache.forget(site);
        Ok(mailed)
    }
}

/// What `upsert_session` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionSaved {
    Created,
    Updated,
    NoSuchSeries,
    /// The new capacity is below the seats already confirmed: nothing changed.
    BelowConfirmed(u32),
}

impl Store {
    /// Creates or replaces a series; `true` when it was created.
    pub async fn upsert_series(
        &self,
        site: &str,
        id: &str,
        input: &kiosque_protocol::SeriesInput,
    ) -> anyhow::Result<bool> {
        let super::Flag(existed) = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM webinar_series WHERE site_id = $1 AND id = $2)",
        )
        .bind(site)
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        sqlx::query(
            "INSERT INTO webinar_series (site_id, id, title, description, questions, double_opt_in) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (site_id, id) DO UPDATE SET title = excluded.title, \
             description = excluded.description, questions = excluded.questions, \
             double_opt_in = excluded.double_opt_in",
        )
        .bind(site)
        .bind(id)
        .bind(&input.title)
        .bind(&input.description)
        .bind(serde_json::to_string(&input.questions)?)
        .bind(i64::from(input.double_opt_in))
        .execute(&self.pool)
        .await?;
        self.cache.forget(site);
        Ok(!existed)
    }

    /// Creates or replaces a session of a series, in one transaction that also checks the
    /// capacity against the seats already confirmed.
    pub async fn upsert_session(
        &self,
        site: &str,
        series: &str,
        id: &str,
        input: &kiosque_protocol::SessionInput,
    ) -> anyhow::Result<SessionSaved> {
        let mut tx = self.begin_write().await?;
        // The confirmed seats read below stay true until the new capacity is written.
        super::seats::lock_session(&mut tx, site, id).await?;
        let super::Flag(series_exists) = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM webinar_series WHERE site_id = $1 AND id = $2)",
        )
        .bind(site)
        .bind(series)
        .fetch_one(&mut *tx)
        .await?;
        if !series_exists {
            return Ok(SessionSaved::NoSuchSeries);
        }
        let confirmed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM webinar_registrations WHERE site_id = $1 AND session_id = $2 AND status = 'confirmed'",
        )
        .bind(site)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(capacity) = input.capacity {
            if i64::from(capacity) < confirmed {
                return Ok(SessionSaved::BelowConfirmed(confirmed as u32));
            }
        }
        let super::Flag(existed) = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM webinar_sessions WHERE site_id = $1 AND id = $2)",
        )
        .bind(site)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO webinar_sessions (site_id, series_id, id, title, description, starts_at, ends_at, \
             time_zone, capacity, waitlist, hosts, speakers, points, registration_closes_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             ON CONFLICT (site_id, id) DO UPDATE SET series_id = excluded.series_id, \
             title = excluded.title, description = excluded.description, starts_at = excluded.starts_at, \
             ends_at = excluded.ends_at, time_zone = excluded.time_zone, capacity = excluded.capacity, \
             waitlist = excluded.waitlist, hosts = excluded.hosts, speakers = excluded.speakers, \
             points = excluded.points, registration_closes_at = excluded.registration_closes_at",
        )
        .bind(site)
        .bind(series)
        .bind(id)
        .bind(&input.title)
        .bind(&input.description)
        .bind(&input.starts_at)
        .bind(&input.ends_at)
        .bind(&input.time_zone)
        .bind(input.capacity.map(i64::from))
        .bind(i64::from(input.waitlist))
        .bind(serde_json::to_string(&input.hosts)?)
        .bind(serde_json::to_string(&input.speakers)?)
        .bind(serde_json::to_string(&input.points)?)
        .bind(&input.registration_closes_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.cache.forget(site);
        Ok(if existed {
            SessionSaved::Updated
        } else {
            SessionSaved::Created
        })
    }

    /// Adds a new version of a consent text; returns its version number.
    pub async fn add_consent_version(
        &self,
        site: &str,
        kind: &str,
        text: &str,
        translations: &super::Translations<String>,
        now: i64,
    ) -> anyhow::Result<u32> {
        let translations = serde_json::to_string(translations)?;
        // Two versions added at once may pick the same number (PostgreSQL runs them side by
        // side): the second then inserts nothing, and tries the next number.
        loop {
            let version: Option<i64> = sqlx::query_scalar(
                "INSERT INTO consent_texts (site_id, kind, version, text, created_at, translations) \
                 VALUES ($1, $2, (SELECT COALESCE(MAX(version), 0) + 1 FROM consent_texts \
                 WHERE site_id = $1 AND kind = $2), $3, $4, $5) \
                 ON CONFLICT (site_id, kind, version) DO NOTHING RETURNING version",
            )
            .bind(site)
            .bind(kind)
            .bind(text)
            .bind(now)
            .bind(&translations)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(version) = version {
                self.cache.forget(site);
                return Ok(u32::try_from(version)?);
            }
        }
    }
}

/// Queues one mail for each registrant of a session whose status is in `statuses` (an SQL
/// list of literals chosen by the caller, never input), inside the caller's transaction.
async fn mail_registrants(
    tx: &mut sqlx::AnyConnection,
    site: &str,
    session: &str,
    statuses: &'static str,
    now: i64,
    mail: impl Fn(&str) -> (String, String),
) -> anyhow::Result<usize> {
    let sql = format!(
        "SELECT email, first_name FROM webinar_registrations \
         WHERE site_id = $1 AND session_id = $2 AND status IN ({statuses}) \
         AND email NOT LIKE '{}%' ORDER BY id",
        super::ERASED
    );
    let people: Vec<(String, String)> = sqlx::query_as(&sql)
        .bind(site)
        .bind(session)
        .fetch_all(&mut *tx)
        .await?;
    for (email, first_name) in &people {
        let (subject, body) = mail(first_name);
        let message = NewMail {
            site,
            to: email,
            subject: &subject,
            body: &body,
            attachment: None,
        };
        enqueue(&mut *tx, message, now).await?;
    }
    Ok(people.len())
}
