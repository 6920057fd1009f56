//! Webinar series and sessions, consent texts, and reminders. Registrations are in
//! `registrations` and `waitlist`.

use std::sync::Arc;

use kiosque_protocol::{ConsentText, Person, Question, ReplayAudience, SessionStatus};
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
    pub replay_url: Option<String>,
    /// Local wall-clock time in `time_zone`.
    pub replay_until: Option<String>,
    pub replay_audience: ReplayAudience,
    pub confirmed: u32,
}

#[derive(Debug, Clone)]
pub struct SeriesRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub questions: Vec<Question>,
    pub double_opt_in: bool,
}

impl SessionRow {
    /// Seats not taken yet (`None`: no limit).
    pub fn seats_left(&self) -> Option<u32> {
        self.capacity.map(|c| c.saturating_sub(self.confirmed))
    }
}

const SESSION_COLUMNS: &str = "s.id, s.series_id, s.title, s.description, s.starts_at, \
     s.ends_at, s.time_zone, s.registration_closes_at, s.capacity, s.waitlist, s.status, \
     s.hosts, s.speakers, s.points, s.replay_url, s.replay_until, s.replay_audience, \
     s.confirmed";

fn session_row(row: &sqlx::any::AnyRow) -> anyhow::Result<SessionRow> {
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
        waitlist: row.try_get::<super::Flag, _>("waitlist")?.0,
        status: serde_json::from_value(serde_json::Value::String(status))?,
        hosts: serde_json::from_str(row.try_get("hosts")?)?,
        speakers: serde_json::from_str(row.try_get("speakers")?)?,
        points: serde_json::from_str(row.try_get("points")?)?,
        replay_url: row.try_get("replay_url")?,
        replay_until: row.try_get("replay_until")?,
        replay_audience: ReplayAudience::from_wire(row.try_get("replay_audience")?)
            .ok_or_else(|| anyhow::anyhow!("unknown replay audience"))?,
        confirmed: u32::try_from(row.try_get::<i64, _>("confirmed")?)?,
    })
}

impl Store {
    /// A series and its sessions, in time order.
    pub async fn webinar_series(
        &self,
        site: &str,
        id: &str,
    ) -> anyhow::Result<Option<(SeriesRow, Vec<SessionRow>)>> {
        let Some(series) = self.series(site, id).await? else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM webinar_sessions s \
             WHERE s.site_id = $1 AND s.series_id = $2 ORDER BY s.starts_at, s.id"
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
        Ok(Some((Arc::unwrap_or_clone(series), sessions)))
    }

    /// A site's series, `(id, title, description)`, by title.
    pub async fn series_list(&self, site: &str) -> anyhow::Result<Vec<(String, String, String)>> {
        Ok(sqlx::query_as(
            "SELECT id, title, description FROM webinar_series WHERE site_id = $1 ORDER BY title, id",
        )
        .bind(site)
        .fetch_all(&self.pool)
        .await?)
    }

    /// A series' title alone (a questionnaire names the series it is linked to).
    pub async fn series_title(&self, site: &str, id: &str) -> anyhow::Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT title FROM webinar_series WHERE site_id = $1 AND id = $2")
                .bind(site)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// A series alone: its form's questions and whether it asks for double opt-in. From the
    /// read cache (`cache.rs`): every sign-up checks its form against it.
    pub async fn series(&self, site: &str, id: &str) -> anyhow::Result<Option<Arc<SeriesRow>>> {
        let read = async { Ok(self.series_row(site, id).await?.map(Arc::new)) };
        let key = super::cache::site_key(site, id);
        self.cache.read_through(&self.cache.series, key, read).await
    }

    async fn series_row(&self, site: &str, id: &str) -> anyhow::Result<Option<SeriesRow>> {
        let row = sqlx::query(
            "SELECT id, title, description, questions, double_opt_in FROM webinar_series \
             WHERE site_id = $1 AND id = $2",
        )
        .bind(site)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(SeriesRow {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            questions: serde_json::from_str(row.try_get("questions")?)?,
            double_opt_in: row.try_get::<super::Flag, _>("double_opt_in")?.0,
        }))
    }

    /// A session as a sign-up checks it (dates, status, what its mails say), from the read
    /// cache: its seats may be [`super::FRESH_FOR`] old, so nothing is decided on them (the
    /// writer reads them again). Anything that shows seats reads [`Store::webinar_session`].
    pub async fn session_to_sign_up(
        &self,
        site: &str,
        id: &str,
    ) -> anyhow::Result<Option<Arc<SessionRow>>> {
        let read = async { Ok(self.webinar_session(site, id).await?.map(Arc::new)) };
        let key = super::cache::site_key(site, id);
        self.cache
            .read_through(&self.cache.sessions, key, read)
            .await
    }

    pub async fn webinar_session(
        &self,
        site: &str,
        id: &str,
    ) -> anyhow::Result<Option<SessionRow>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM webinar_sessions s WHERE s.site_id = $1 AND s.id = $2"
        );
        let row = sqlx::query(&sql)
            .bind(site)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(session_row).transpose()
    }

    /// The newest consent texts as a reader of `lang` reads them (the site's language's text
    /// where there is no translation): `(processing, marketing)`. From the read cache: a
    /// version published on another server reaches this one's forms within
    /// [`super::FRESH_FOR`], and a sign-up records the version its form showed.
    pub async fn consent_texts(
        &self,
        site: &str,
        lang: Option<kiosque_protocol::Lang>,
    ) -> anyhow::Result<(Option<ConsentText>, Option<ConsentText>)> {
        let read = async { Ok(Arc::new(self.current_consents(site).await?)) };
        let consents = &self.cache.consents;
        let current = self
            .cache
            .read_through(consents, site.to_owned(), read)
            .await?;
        let read = |c: &Option<ConsentVersion>| {
            c.as_ref().map(|c| ConsentText {
                version: c.version,
                text: lang
                    .and_then(|l| c.translations.get(l.as_str()))
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or(&c.text)
                    .clone(),
            })
        };
        Ok((read(&current.0), read(&current.1)))
    }

    /// The newest consent texts with their translations: `(processing, marketing)`.
    pub async fn current_consents(
        &self,
        site: &str,
    ) -> anyhow::Result<(Option<ConsentVersion>, Option<ConsentVersion>)> {
        let latest = |kind: &'static str| async move {
            let row: Option<(i64, String, String)> = sqlx::query_as(
                "SELECT version, text, translations FROM consent_texts \
                 WHERE site_id = $1 AND kind = $2 ORDER BY version DESC LIMIT 1",
            )
            .bind(site)
            .bind(kind)
            .fetch_optional(&self.pool)
            .await?;
            anyhow::Ok(match row {
                Some((version, text, translations)) => Some(ConsentVersion {
                    version: u32::try_from(version)?,
                    text,
                    translations: serde_json::from_str(&translations)?,
                }),
                None => None,
            })
        };
        Ok((latest("processing").await?, latest("marketing").await?))
    }
}

/// A consent text's newest version, in the site's language and its translations.
#[derive(Debug, Clone)]
pub struct ConsentVersion {
    pub version: u32,
    pub text: String,
    pub translations: super::Translations<String>,
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
             WHERE r.site_id = $1 AND r.session_id = $2 AND r.status = 'confirmed' AND r.created_at < $3 \
             AND NOT EXISTS (SELECT 1 FROM webinar_reminders m WHERE m.registration_id = r.id AND m.kind = $4) \
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
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO webinar_reminders (registration_id, kind, sent_at) VALUES ($1, $2, $3) \
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
