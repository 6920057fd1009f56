//! Webinar series, sessions and registrations.

use kiosque_protocol::{ConsentText, Person, Question, RegistrationStatus, SessionStatus};
use sqlx::Row;

use super::mail::{enqueue, NewMail};
use super::Store;

/// A session as stored, with how many seats are taken.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub id: String,
    pub series_id: String,
    pub title: String,
    pub description: String,
    /// Local wall-clock times in `time_zone`.
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub registration_closes_at: Option<String>,
    pub capacity: Option<u32>,
    pub waitlist: bool,
    pub status: SessionStatus,
    pub hosts: Vec<Person>,
    pub speakers: Vec<Person>,
    pub points: Vec<String>,
    pub confirmed: u32,
}

#[derive(Debug, Clone)]
pub struct SeriesRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub questions: Vec<Question>,
}

/// What the store needs to record a registration.
pub struct NewRegistration<'a> {
    pub site: &'a str,
    pub session: &'a str,
    pub email: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub organisation: &'a str,
    pub job_title: &'a str,
    pub consent_processing: &'a ConsentText,
    pub consent_marketing: Option<&'a ConsentText>,
    pub source_page: &'a str,
    /// JSON array of the validated answers.
    pub answers: &'a str,
    pub cancel_token_hash: &'a str,
    pub now: i64,
}

/// The registration's state after `register`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    Created(RegistrationStatus),
    /// The address was registered already: nothing written.
    Existing(RegistrationStatus),
    /// Full, and the session has no waitlist: nothing written.
    Full,
}

/// Who was promoted when a seat freed up.
#[derive(Debug, Clone)]
pub struct Promoted {
    pub email: String,
    pub first_name: String,
    pub registration_id: i64,
    /// A fresh cancellation link for them (the old one was in the waitlist mail).
    pub cancel_link: String,
}

/// What a cancellation did.
#[derive(Debug, Clone)]
pub struct Cancelled {
    pub session: String,
    pub promoted: Option<Promoted>,
}

const SESSION_COLUMNS: &str = "s.id, s.series_id, s.title, s.description, s.starts_at, \
     s.ends_at, s.time_zone, s.registration_closes_at, s.capacity, s.waitlist, s.status, \
     s.hosts, s.speakers, s.points, \
     (SELECT COUNT(*) FROM webinar_registrations r WHERE r.site_id = s.site_id \
      AND r.session_id = s.id AND r.status = 'confirmed') AS confirmed";

fn session_row(row: &sqlx::sqlite::SqliteRow) -> anyhow::Result<SessionRow> {
    let capacity: Option<i64> = row.try_get("capacity")?;
    let status: String = row.try_get("status")?;
    Ok(SessionRow {
        id: row.try_get("id")?,
        series_id: row.try_get("series_id")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
        time_zone: row.try_get("time_zone")?,
        registration_closes_at: row.try_get("registration_closes_at")?,
        capacity: capacity.map(u32::try_from).transpose()?,
        waitlist: row.try_get("waitlist")?,
        status: serde_json::from_value(serde_json::Value::String(status))?,
        hosts: serde_json::from_str(row.try_get("hosts")?)?,
        speakers: serde_json::from_str(row.try_get("speakers")?)?,
        points: serde_json::from_str(row.try_get("points")?)?,
        confirmed: u32::try_from(row.try_get::<i64, _>("confirmed")?)?,
    })
}

fn parse_status(name: &str) -> anyhow::Result<RegistrationStatus> {
    Ok(serde_json::from_value(serde_json::Value::String(
        name.to_owned(),
    ))?)
}

impl Store {
    pub async fn webinar_series(
        &self,
        site: &str,
        id: &str,
    ) -> anyhow::Result<Option<(SeriesRow, Vec<SessionRow>)>> {
        let series = sqlx::query(
            "SELECT id, title, description, questions FROM webinar_series WHERE site_id = ? AND id = ?",
        )
        .bind(site)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(series) = series else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM webinar_sessions s \
             WHERE s.site_id = ? AND s.series_id = ? ORDER BY s.starts_at, s.id"
        );
        let rows = sqlx::query(&sql)
            .bind(site)
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        let sessions = rows
            .iter()
            .map(session_row)
            .collect::<anyhow::Result<_>>()?;
        Ok(Some((
            SeriesRow {
                id: series.try_get("id")?,
                title: series.try_get("title")?,
                description: series.try_get("description")?,
                questions: serde_json::from_str(series.try_get("questions")?)?,
            },
            sessions,
        )))
    }

    pub async fn webinar_session(
        &self,
        site: &str,
        id: &str,
    ) -> anyhow::Result<Option<SessionRow>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM webinar_sessions s WHERE s.site_id = ? AND s.id = ?"
        );
        let row = sqlx::query(&sql)
            .bind(site)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(session_row).transpose()
    }

    /// The questions of a session's series.
    pub async fn series_questions(
        &self,
        site: &str,
        series: &str,
    ) -> anyhow::Result<Vec<Question>> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT questions FROM webinar_series WHERE site_id = ? AND id = ?")
                .bind(site)
                .bind(series)
                .fetch_optional(&self.pool)
                .await?;
        Ok(match json {
            Some(json) => serde_json::from_str(&json)?,
            None => Vec::new(),
        })
    }

    /// The newest consent texts: `(processing, marketing)`.
    pub async fn consent_texts(
        &self,
        site: &str,
    ) -> anyhow::Result<(Option<ConsentText>, Option<ConsentText>)> {
        let latest = |kind: &'static str| async move {
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT version, text FROM consent_texts WHERE site_id = ? AND kind = ? \
                 ORDER BY version DESC LIMIT 1",
            )
            .bind(site)
            .bind(kind)
            .fetch_optional(&self.pool)
            .await?;
            anyhow::Ok(match row {
                Some((version, text)) => Some(ConsentText {
                    version: u32::try_from(version)?,
                    text,
                }),
                None => None,
            })
        };
        Ok((latest("processing").await?, latest("marketing").await?))
    }

    /// Records a registration, confirmed while seats remain, then waitlisted (or refused when
    /// the session has no waitlist), and queues its mail, all in one immediate transaction:
    /// never more confirmed than the capacity, never two registrations for one address.
    /// `mail` composes the mail for the status decided here.
    pub async fn register(
        &self,
        r: NewRegistration<'_>,
        capacity: Option<u32>,
        waitlist: bool,
        mail: impl FnOnce(RegistrationStatus, i64) -> (String, String, Option<super::Attachment>),
    ) -> anyhow::Result<Registered> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let existing: Option<String> = sqlx::query_scalar(
            "SELECT status FROM webinar_registrations WHERE site_id = ? AND session_id = ? AND email = ?",
        )
        .bind(r.site)
        .bind(r.session)
        .bind(r.email)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(status) = existing {
            return Ok(Registered::Existing(parse_status(&status)?));
        }
        let confirmed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM webinar_registrations \
             WHERE site_id = ? AND session_id = ? AND status = 'confirmed'",
        )
        .bind(r.site)
        .bind(r.session)
        .fetch_one(&mut *tx)
        .await?;
        let status = match capacity {
            Some(capacity) if confirmed >= i64::from(capacity) => {
                if !waitlist {
                    return Ok(Registered::Full);
                }
                RegistrationStatus::Waitlisted
            }
            _ => RegistrationStatus::Confirmed,
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO webinar_registrations (site_id, session_id, email, first_name, last_name, \
             organisation, job_title, status, consent_processing_version, consent_processing_text, \
             consent_marketing_version, consent_marketing_text, source_page, cancel_token_hash, \
             created_at, updated_at, answers) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(r.site)
        .bind(r.session)
        .bind(r.email)
        .bind(r.first_name)
        .bind(r.last_name)
        .bind(r.organisation)
        .bind(r.job_title)
        .bind(status.as_str())
        .bind(r.consent_processing.version)
        .bind(&r.consent_processing.text)
        .bind(r.consent_marketing.map(|c| c.version))
        .bind(r.consent_marketing.map(|c| &c.text))
        .bind(r.source_page)
        .bind(r.cancel_token_hash)
        .bind(r.now)
        .bind(r.now)
        .bind(r.answers)
        .fetch_one(&mut *tx)
        .await?;
        let (subject, body, attachment) = mail(status, id);
        enqueue(
            &mut tx,
            NewMail {
                to: r.email,
                subject: &subject,
                body: &body,
                attachment,
            },
            r.now,
        )
        .await?;
        tx.commit().await?;
        Ok(Registered::Created(status))
    }

    /// Cancels the registration of that link (once), and if it held a seat, gives the seat to
    /// the first waitlisted registrant and queues their mail; one transaction. `None` when the
    /// link is unknown or already used.
    pub async fn cancel_registration(
        &self,
        site: &str,
        cancel_token_hash: &str,
        now: i64,
        cancel_link: impl FnOnce(&str) -> String,
        promotion_mail: impl FnOnce(&Promoted) -> (String, String, Option<super::Attachment>),
    ) -> anyhow::Result<Option<Cancelled>> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let session: Option<String> = sqlx::query_scalar(
            "UPDATE webinar_registrations SET status = 'cancelled', updated_at = ? \
             WHERE site_id = ? AND cancel_token_hash = ? AND status <> 'cancelled' RETURNING session_id",
        )
        .bind(now)
        .bind(site)
        .bind(cancel_token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(session) = session else {
            return Ok(None);
        };
        let mut promoted = None;
        let confirmed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM webinar_registrations WHERE site_id = ? AND session_id = ? AND status = 'confirmed'",
        )
        .bind(site)
        .bind(&session)
        .fetch_one(&mut *tx)
        .await?;
        let capacity: Option<i64> = sqlx::query_scalar(
            "SELECT capacity FROM webinar_sessions WHERE site_id = ? AND id = ?",
        )
        .bind(site)
        .bind(&session)
        .fetch_one(&mut *tx)
        .await?;
        if capacity.is_none_or(|c| confirmed < c) {
            let token = crate::accounts::new_secret();
            let next: Option<(i64, String, String)> = sqlx::query_as(
                "UPDATE webinar_registrations SET status = 'confirmed', updated_at = ?, \
                 cancel_token_hash = ? \
                 WHERE id = (SELECT id FROM webinar_registrations WHERE site_id = ? AND session_id = ? \
                 AND status = 'waitlisted' ORDER BY id LIMIT 1) RETURNING id, email, first_name",
            )
            .bind(now)
            .bind(crate::accounts::sha256_hex(&token))
            .bind(site)
            .bind(&session)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((registration_id, email, first_name)) = next {
                let who = Promoted {
                    email,
                    first_name,
                    registration_id,
                    cancel_link: cancel_link(&token),
                };
                let (subject, body, attachment) = promotion_mail(&who);
                enqueue(
                    &mut tx,
                    NewMail {
                        to: &who.email,
                        subject: &subject,
                        body: &body,
                        attachment,
                    },
                    now,
                )
                .await?;
                promoted = Some(who);
            }
        }
        tx.commit().await?;
        Ok(Some(Cancelled { session, promoted }))
    }

    /// Keeps a suspected bot's sign-up aside: no seat, no mail.
    pub async fn record_suspected(
        &self,
        site: &str,
        session: &str,
        email: &str,
        reason: &str,
        ip: &str,
        now: i64,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO webinar_suspected_registrations (site_id, session_id, email, reason, ip, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(site)
        .bind(session)
        .bind(email)
        .bind(reason)
        .bind(ip)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session of the registration a cancellation link belongs to.
    pub async fn registration_session(
        &self,
        site: &str,
        cancel_token_hash: &str,
    ) -> anyhow::Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT session_id FROM webinar_registrations WHERE site_id = ? AND cancel_token_hash = ?",
        )
        .bind(site)
        .bind(cancel_token_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Counts by status for a session: `(confirmed, waitlisted, cancelled)`.
    pub async fn registration_counts(
        &self,
        site: &str,
        session: &str,
    ) -> anyhow::Result<(u32, u32, u32)> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) FROM webinar_registrations WHERE site_id = ? AND session_id = ? GROUP BY status",
        )
        .bind(site)
        .bind(session)
        .fetch_all(&self.pool)
        .await?;
        let count = |name: &str| {
            rows.iter()
                .find(|(s, _)| s == name)
                .map_or(0, |(_, n)| *n as u32)
        };
        Ok((count("confirmed"), count("waitlisted"), count("cancelled")))
    }
}

/// A confirmed registrant still to be reminded.
#[derive(Debug, Clone)]
pub struct ReminderDue {
    pub registration_id: i64,
    pub email: String,
    pub first_name: String,
}

impl Store {
    /// Every scheduled session of every site: `(site, session)`.
    pub async fn scheduled_sessions(&self) -> anyhow::Result<Vec<(String, SessionRow)>> {
        let sql = format!(
            "SELECT s.site_id AS site_id, {SESSION_COLUMNS} FROM webinar_sessions s WHERE s.status = 'scheduled'"
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| Ok((row.try_get("site_id")?, session_row(row)?)))
            .collect()
    }

    /// Confirmed registrants of a session who registered before `registered_before` and have
    /// not had the `kind` reminder.
    pub async fn reminders_due(
        &self,
        site: &str,
        session: &str,
        kind: &str,
        registered_before: i64,
    ) -> anyhow::Result<Vec<ReminderDue>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT r.id, r.email, r.first_name FROM webinar_registrations r \
             WHERE r.site_id = ? AND r.session_id = ? AND r.status = 'confirmed' AND r.created_at < ? \
             AND NOT EXISTS (SELECT 1 FROM webinar_reminders m WHERE m.registration_id = r.id AND m.kind = ?) \
             ORDER BY r.id",
        )
        .bind(site)
        .bind(session)
        .bind(registered_before)
        .bind(kind)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(registration_id, email, first_name)| ReminderDue {
                registration_id,
                email,
                first_name,
            })
            .collect())
    }

    /// Records the reminder and queues its mail together, once: `false` if it was sent already
    /// (another worker, a restart).
    pub async fn send_reminder(
        &self,
        registration_id: i64,
        kind: &str,
        mail: NewMail<'_>,
        now: i64,
    ) -> anyhow::Result<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let inserted = sqlx::query(
            "INSERT INTO webinar_reminders (registration_id, kind, sent_at) VALUES (?, ?, ?) \
             ON CONFLICT (registration_id, kind) DO NOTHING",
        )
        .bind(registration_id)
        .bind(kind)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            enqueue(&mut tx, mail, now).await?;
        }
        tx.commit().await?;
        Ok(inserted == 1)
    }
}
