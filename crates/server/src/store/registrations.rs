//! Sign-up: a new registration (pending with double opt-in, else through the capacity
//! decision), idempotency keys, and the mail sent again when the same address signs up again.

use kiosque_protocol::RegistrationStatus;
use sqlx::AnyConnection;

use super::accounts::{count_hits, Limit};
use super::seats::{expired, fresh_secret, parse_status, queue, News, Seats, SessionMails};
use super::Store;
use crate::webinars::{ValidRegistration, RESEND_AFTER_SECS};

/// What the store needs to record a registration (owned: it is handed to the writer).
pub struct NewRegistration {
    pub site: String,
    pub session: String,
    /// The form, as validated.
    pub form: ValidRegistration,
    pub idempotency_key: Option<String>,
    /// Counted first, in the same transaction: over any of them, nothing else is written.
    pub limits: Vec<Limit>,
    /// The series asks for double opt-in: the registration waits, pending and seatless, for
    /// its reader to confirm.
    pub double_opt_in: bool,
    pub now: i64,
}

/// What `register` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    Created(RegistrationStatus),
    /// The address was registered already: its registration, whether its mail went again,
    /// and what a new registration would get now (`None`: full, no waitlist), which is all
    /// the answer may say: otherwise anyone could learn whether an address is registered.
    Existing {
        status: RegistrationStatus,
        resent: bool,
        new_would_get: Option<RegistrationStatus>,
    },
    /// The idempotency key was used before by the same address: the status the first answer
    /// gave, nothing written.
    Replayed(RegistrationStatus),
    /// The idempotency key was used before by another address: nothing written.
    KeyConflict,
    /// Full, and the session has no waitlist: nothing written.
    Full,
    /// Over one of the request's rate limits: nothing written but the count.
    RateLimited {
        retry_after: i64,
    },
}

/// The answer a request with `key` gets if the key was used before: the first answer again for
/// the same address, a conflict for another.
async fn key_answer(
    conn: &mut AnyConnection,
    site: &str,
    session: &str,
    key: &str,
    email: &str,
) -> anyhow::Result<Option<Registered>> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT email, idempotency_status FROM webinar_registrations \
         WHERE site_id = $1 AND session_id = $2 AND idempotency_key = $3",
    )
    .bind(site)
    .bind(session)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        None => None,
        Some((owner, _)) if owner != email => Some(Registered::KeyConflict),
        Some((_, status)) => {
            let status = status.as_deref().unwrap_or("confirmed");
            Some(Registered::Replayed(parse_status(status)?))
        }
    })
}

impl Store {
    /// If `key` was used for this session before: the answer a retry gets (see `register`,
    /// which checks again inside its transaction for retries that race the first request).
    pub async fn idempotent_answer(
        &self,
        site: &str,
        session: &str,
        key: &str,
        email: &str,
    ) -> anyhow::Result<Option<Registered>> {
        let mut conn = self.pool.acquire().await?;
        key_answer(&mut conn, site, session, key, email).await
    }

    /// Records a registration and queues its mail, in the writer's next batch (so a spike of
    /// sign-ups shares its commits): pending with double opt-in, else through the capacity
    /// decision. The same address again gets its registration, never a second one, and its
    /// current mail again at most every `RESEND_AFTER_SECS` since the last; a pending
    /// registration whose link expired is reused as a new one. Answered once on disk.
    pub async fn register<M>(&self, r: NewRegistration, mails: M) -> anyhow::Result<Registered>
    where
        M: SessionMails + Send + Sync + 'static,
    {
        self.write(Box::new(move |conn| {
            Box::pin(async move { register_on(conn, &r, &mails).await })
        }))
        .await
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
             VALUES ($1, $2, $3, $4, $5, $6)",
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
}

/// A registration, on the writer's connection (see `Store::register`).
async fn register_on(
    tx: &mut AnyConnection,
    r: &NewRegistration,
    mails: &impl SessionMails,
) -> anyhow::Result<Registered> {
    super::seats::lock_session(tx, &r.site, &r.session).await?;
    if let Some(key) = &r.idempotency_key {
        if let Some(answer) = key_answer(tx, &r.site, &r.session, key, &r.form.email).await? {
            return Ok(answer);
        }
    }
    if let Some(retry_after) = count_hits(tx, &r.limits, r.now).await? {
        return Ok(Registered::RateLimited { retry_after });
    }
    // One statement for all the decision reads: the writer runs sign-ups one after the
    // other, so each round trip counts (BENCHMARKS.md).
    type Row = (
        Option<i64>,
        super::Flag,
        String,
        i64,
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
        i64,
        i64,
    );
    let row: Row = sqlx::query_as(
        "SELECT s.capacity, s.waitlist, s.status, s.confirmed, \
         (SELECT COALESCE(MAX(q.queue_position), 0) + 1 FROM webinar_registrations q \
          WHERE q.site_id = s.site_id AND q.session_id = s.id), \
         e.id, e.status, e.first_name, COALESCE(e.created_at, 0), \
         COALESCE(CASE WHEN e.resent_at > e.updated_at THEN e.resent_at ELSE e.updated_at END, 0) \
         FROM webinar_sessions s LEFT JOIN webinar_registrations e \
         ON e.site_id = s.site_id AND e.session_id = s.id AND e.email = $1 \
         WHERE s.site_id = $2 AND s.id = $3",
    )
    .bind(&r.form.email)
    .bind(&r.site)
    .bind(&r.session)
    .fetch_one(&mut *tx)
    .await?;
    let (capacity, waitlist, session_status, confirmed, next_position) =
        (row.0, row.1, row.2, row.3, row.4);
    let seats = Seats::of(capacity, waitlist.0, &session_status, confirmed);
    let existing = match (row.5, row.6, row.7) {
        (Some(id), Some(status), Some(first_name)) => Some((id, status, first_name, row.8, row.9)),
        _ => None,
    };
    if let Some((id, status, first_name, created_at, last_mailed)) = existing {
        let status = parse_status(&status)?;
        // A cancelled registration signs up anew (the row is reused), as does a pending one
        // whose link expired; any other is kept as it is.
        let kept = match status {
            RegistrationStatus::Cancelled => false,
            RegistrationStatus::Pending => !expired(created_at, r.now),
            _ => true,
        };
        if kept {
            let resent = r.now - last_mailed >= RESEND_AFTER_SECS;
            let new_would_get = match seats.place() {
                Some(_) if r.double_opt_in => Some(RegistrationStatus::Pending),
                placed => placed,
            };
            if resent {
                resend(
                    tx,
                    &r.site,
                    id,
                    status,
                    &first_name,
                    &r.form.email,
                    r.now,
                    mails,
                )
                .await?;
            }
            return Ok(Registered::Existing {
                status,
                resent,
                new_would_get,
            });
        }
    }
    // With double opt-in the seat is decided when the reader confirms; but a session that
    // is full and keeps no waitlist is refused now rather than after a pointless mail.
    let status = match seats.place() {
        None => return Ok(Registered::Full),
        Some(_) if r.double_opt_in => RegistrationStatus::Pending,
        Some(status) => status,
    };
    let (cancel_token, cancel_hash) = fresh_secret();
    let (confirm_token, confirm_hash) = fresh_secret();
    let pending = status == RegistrationStatus::Pending;
    let position = if pending { None } else { Some(next_position) };
    // No row for the address yet, or a cancelled or expired pending one: that row is
    // reused, so the address keeps one row per session.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO webinar_registrations (site_id, session_id, email, first_name, last_name, \
         organisation, job_title, status, consent_processing_version, consent_processing_text, \
         consent_marketing_version, consent_marketing_text, source_page, answers, \
         cancel_token_hash, confirm_token_hash, idempotency_key, idempotency_status, queue_position, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) \
         ON CONFLICT (site_id, session_id, email) DO UPDATE SET \
         first_name = excluded.first_name, last_name = excluded.last_name, \
         organisation = excluded.organisation, job_title = excluded.job_title, \
         status = excluded.status, \
         consent_processing_version = excluded.consent_processing_version, \
         consent_processing_text = excluded.consent_processing_text, \
         consent_marketing_version = excluded.consent_marketing_version, \
         consent_marketing_text = excluded.consent_marketing_text, \
         source_page = excluded.source_page, answers = excluded.answers, \
         cancel_token_hash = excluded.cancel_token_hash, \
         confirm_token_hash = excluded.confirm_token_hash, \
         idempotency_key = excluded.idempotency_key, \
         idempotency_status = excluded.idempotency_status, queue_position = excluded.queue_position, \
         resent_at = NULL, created_at = excluded.created_at, updated_at = excluded.updated_at \
         RETURNING id",
    )
    .bind(&r.site)
    .bind(&r.session)
    .bind(&r.form.email)
    .bind(&r.form.first_name)
    .bind(&r.form.last_name)
    .bind(&r.form.organisation)
    .bind(&r.form.job_title)
    .bind(status.as_str())
    .bind(i64::from(r.form.consent_processing.version))
    .bind(&r.form.consent_processing.text)
    .bind(r.form.consent_marketing.as_ref().map(|c| i64::from(c.version)))
    .bind(r.form.consent_marketing.as_ref().map(|c| &c.text))
    .bind(&r.form.source_page)
    .bind(serde_json::to_string(&r.form.answers)?)
    .bind(cancel_hash)
    .bind(pending.then_some(confirm_hash))
    .bind(&r.idempotency_key)
    .bind(r.idempotency_key.as_ref().map(|_| status.as_str()))
    .bind(position)
    .bind(r.now)
    .bind(r.now)
    .fetch_one(&mut *tx)
    .await?;
    let token = if pending { confirm_token } else { cancel_token };
    let mail = mails.news(News::of(status), &r.form.first_name, id, &token);
    queue(tx, &r.site, &r.form.email, mail, r.now).await?;
    // The webinar conversion, recorded here so no ad blocker can hide it.
    sqlx::query(
        "INSERT INTO conversions (site_id, kind, key, series_id, session_id, at) \
         SELECT site_id, 'registration', 'registration:' || $1, series_id, id, $2 \
         FROM webinar_sessions WHERE site_id = $3 AND id = $4 \
         ON CONFLICT (site_id, key) DO NOTHING",
    )
    .bind(id)
    .bind(r.now)
    .bind(&r.site)
    .bind(&r.session)
    .execute(&mut *tx)
    .await?;
    Ok(Registered::Created(status))
}

/// Sends a registration's current mail again. Its links' secrets are stored only as hashes,
/// so the old links cannot be written into a new mail: fresh secrets replace them (the
/// cancellation link, and the confirmation link when pending), and the old links stop working.
async fn resend(
    conn: &mut AnyConnection,
    site: &str,
    id: i64,
    status: RegistrationStatus,
    first_name: &str,
    email: &str,
    now: i64,
    mails: &impl SessionMails,
) -> anyhow::Result<()> {
    let (cancel_token, cancel_hash) = fresh_secret();
    let (confirm_token, confirm_hash) = fresh_secret();
    let pending = status == RegistrationStatus::Pending;
    sqlx::query(
        "UPDATE webinar_registrations SET cancel_token_hash = $1, \
         confirm_token_hash = COALESCE($2, confirm_token_hash), resent_at = $3 WHERE id = $4",
    )
    .bind(cancel_hash)
    .bind(pending.then_some(confirm_hash))
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let token = if pending { confirm_token } else { cancel_token };
    let mail = mails.news(News::of(status), first_name, id, &token);
    queue(conn, site, email, mail, now).await
}
