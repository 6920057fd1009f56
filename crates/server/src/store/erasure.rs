//! Erasing a person (RGPD article 17): in one immediate transaction, everything tied to an
//! address and to the reader ids its account signed in from is deleted, or anonymised where
//! the figures count it, and the erasure is recorded without the address.
//!
//! - Deleted: the account, its sessions and reader ids, sign-in codes, data requests, mails
//!   (waiting ones are never sent), meter reads, suspected sign-ups, the address's counters.
//! - Anonymised: webinar registrations (the address becomes a marker, names and free-text
//!   answers are emptied; status, choices and consent texts stay so seat counts and figures
//!   stay right), questionnaire answers (a fresh marker replaces the reader id, address and
//!   consent go, free text goes), analytics events and conversions (their reader id goes).
//! - A seat the person held in a session still to come is cancelled and given to the first
//!   waitlisted, with their mail, as a cancellation by link would.

use std::collections::HashMap;

use kiosque_protocol::{ErasedCount, Erasure, HeldKind, RegistrationStatus, SessionStatus};

use super::personal_data::{address_counters, erased_marker, without_free_text, Person};
use super::seats::{lock_session, parse_status, SessionMails};
use super::Store;

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Erased {
    Done(Erasure),
    /// The person holds a place in a session to come that the caller gave no mails for (they
    /// signed up meanwhile): nothing was changed; ask again (`sessions_to_free` names it now).
    NeedsSessions,
}

impl Store {
    /// The sessions still to come in which `email` holds a place (confirmed, waitlisted or
    /// pending): an erasure cancels those, and needs their mails for whoever gets the seat.
    pub async fn sessions_to_free(
        &self,
        site: &str,
        email: &str,
        now: i64,
    ) -> anyhow::Result<Vec<String>> {
        let mut conn = self.pool.acquire().await?;
        let now = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
        let mut to_free = Vec::new();
        for (_, session, status, _) in places(&mut conn, site, email).await? {
            if held(&status)? && still_to_come(&mut conn, site, &session, now).await? {
                to_free.push(session);
            }
        }
        to_free.sort();
        to_free.dedup();
        Ok(to_free)
    }

    /// Erases `email` on `site` as `asked_by` asked (never the address: see `Erasure`).
    /// `mails` writes the mails of each session in `sessions_to_free`.
    pub async fn erase_personal_data<M: SessionMails>(
        &self,
        site: &str,
        email: &str,
        asked_by: &str,
        now: i64,
        mails: &HashMap<String, M>,
    ) -> anyhow::Result<Erased> {
        let mut tx = self.begin_write().await?;
        let conn = &mut *tx;
        let person = Person::find(conn, site, email).await?;
        let mut counts: Vec<(HeldKind, u64)> = Vec::new();
        let (mut seats_freed, mut promoted) = (0u32, 0u32);

        // Places in sessions to come are given up first, as a cancellation would.
        let places = places(conn, site, email).await?;
        let instant = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
        for (id, session, status, _) in &places {
            if !held(status)? || !still_to_come(conn, site, session, instant).await? {
                continue;
            }
            let Some(mails) = mails.get(session) else {
                // Dropped without a commit: nothing changed.
                return Ok(Erased::NeedsSessions);
            };
            lock_session(conn, site, session).await?;
            sqlx::query(
                "UPDATE webinar_registrations SET status = 'cancelled', updated_at = $1 \
                 WHERE id = $2",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            if parse_status(status)? == RegistrationStatus::Confirmed {
                seats_freed += 1;
                if super::waitlist::promote_first(conn, site, session, now, mails).await? {
                    promoted += 1;
                }
            }
        }
        for (id, _, _, answers) in &places {
            // A fresh cancellation secret: the mailed links stop working.
            let (_, cancel_hash) = super::seats::fresh_secret();
            sqlx::query(
                "UPDATE webinar_registrations SET email = $1, first_name = '', last_name = '', \
                 organisation = '', job_title = '', answers = $2, source_page = '', \
                 cancel_token_hash = $3, confirm_token_hash = NULL, idempotency_key = NULL, \
                 idempotency_status = NULL, updated_at = $4 WHERE id = $5",
            )
            .bind(erased_marker(id))
            .bind(without_free_text(answers))
            .bind(cancel_hash)
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        }
        add(&mut counts, HeldKind::Registration, places.len() as u64);

        let readers: Vec<&str> = person.readers.iter().map(|(r, _)| r.as_str()).collect();
        let n = anonymise_survey_answers(conn, site, email, &readers, now).await?;
        add(&mut counts, HeldKind::SurveyAnswer, n);

        let n = sqlx::query(
            "DELETE FROM webinar_suspected_registrations WHERE site_id = $1 AND email = $2",
        )
        .bind(site)
        .bind(email)
        .execute(&mut *conn)
        .await?;
        add(
            &mut counts,
            HeldKind::SuspectedRegistration,
            n.rows_affected(),
        );
        // Queued before mails named their site: taken as this site's.
        let n = sqlx::query(
            "DELETE FROM mail_queue WHERE recipient = $1 AND (site_id = $2 OR site_id IS NULL)",
        )
        .bind(email)
        .bind(site)
        .execute(&mut *conn)
        .await?;
        add(&mut counts, HeldKind::Mail, n.rows_affected());
        for key in person.meter_keys() {
            let n = sqlx::query("DELETE FROM meter_reads WHERE site_id = $1 AND reader = $2")
                .bind(site)
                .bind(&key)
                .execute(&mut *conn)
                .await?;
            add(&mut counts, HeldKind::Read, n.rows_affected());
        }
        for reader in &readers {
            let n = sqlx::query(
                "UPDATE events SET reader_id = NULL WHERE site_id = $1 AND reader_id = $2",
            )
            .bind(site)
            .bind(reader)
            .execute(&mut *conn)
            .await?;
            add(&mut counts, HeldKind::Event, n.rows_affected());
            // A subscription's key names its reader: it becomes the row's own marker.
            let n = sqlx::query(
                "UPDATE conversions SET reader_id = NULL, key = 'erased:' || CAST(id AS TEXT) \
                 WHERE site_id = $1 AND reader_id = $2",
            )
            .bind(site)
            .bind(reader)
            .execute(&mut *conn)
            .await?;
            add(&mut counts, HeldKind::Conversion, n.rows_affected());
        }
        for key in address_counters(site, email) {
            let n = sqlx::query("DELETE FROM rate_limits WHERE key = $1")
                .bind(&key)
                .execute(&mut *conn)
                .await?;
            add(&mut counts, HeldKind::Counter, n.rows_affected());
        }
        for (kind, table) in [
            (HeldKind::SignIn, "login_challenges"),
            (HeldKind::DataRequest, "data_requests"),
        ] {
            let n = sqlx::query(&format!(
                "DELETE FROM {table} WHERE site_id = $1 AND email = $2"
            ))
            .bind(site)
            .bind(email)
            .execute(&mut *conn)
            .await?;
            add(&mut counts, kind, n.rows_affected());
        }
        if let Some((account, _)) = person.account {
            for (kind, sql) in [
                (
                    HeldKind::Session,
                    "DELETE FROM sessions WHERE account_id = $1",
                ),
                (
                    HeldKind::ReaderId,
                    "DELETE FROM account_readers WHERE account_id = $1",
                ),
                (HeldKind::Account, "DELETE FROM accounts WHERE id = $1"),
            ] {
                let n = sqlx::query(sql).bind(account).execute(&mut *conn).await?;
                add(&mut counts, kind, n.rows_affected());
            }
        }

        counts.retain(|(_, n)| *n > 0);
        counts.sort();
        let erased: Vec<ErasedCount> = counts
            .into_iter()
            .map(|(kind, count)| ErasedCount {
                kind,
                count: u32::try_from(count).unwrap_or(u32::MAX),
            })
            .collect();
        let record = serde_json::json!({
            "erased": erased,
            "seats_freed": seats_freed,
            "promoted": promoted,
        });
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO erasures (site_id, asked_by, at, erased) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(site)
        .bind(asked_by)
        .bind(now)
        .bind(record.to_string())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Erased::Done(Erasure {
            id,
            asked_by: asked_by.into(),
            at: now,
            erased,
            seats_freed,
            promoted,
        }))
    }

    /// The record of `site`'s erasures, newest first.
    pub async fn erasures(&self, site: &str) -> anyhow::Result<Vec<Erasure>> {
        let rows: Vec<(i64, String, i64, String)> = sqlx::query_as(
            "SELECT id, asked_by, at, erased FROM erasures WHERE site_id = $1 \
             ORDER BY at DESC, id DESC",
        )
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, asked_by, at, erased)| {
                #[derive(serde::Deserialize)]
                struct Record {
                    erased: Vec<ErasedCount>,
                    seats_freed: u32,
                    promoted: u32,
                }
                let r: Record = serde_json::from_str(&erased)?;
                Ok(Erasure {
                    id,
                    asked_by,
                    at,
                    erased: r.erased,
                    seats_freed: r.seats_freed,
                    promoted: r.promoted,
                })
            })
            .collect()
    }
}

/// Adds `n` records of `kind` to the erasure's counts.
fn add(counts: &mut Vec<(HeldKind, u64)>, kind: HeldKind, n: u64) {
    match counts.iter_mut().find(|(k, _)| *k == kind) {
        Some((_, total)) => *total += n,
        None => counts.push((kind, n)),
    }
}

/// The person's registrations: `(id, session, status, answers)`.
async fn places(
    conn: &mut sqlx::AnyConnection,
    site: &str,
    email: &str,
) -> anyhow::Result<Vec<(i64, String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, session_id, status, answers FROM webinar_registrations \
         WHERE site_id = $1 AND email = $2 ORDER BY id",
    )
    .bind(site)
    .bind(email)
    .fetch_all(&mut *conn)
    .await?)
}

/// Whether a registration in `status` holds a place (or waits for one).
fn held(status: &str) -> anyhow::Result<bool> {
    Ok(matches!(
        parse_status(status)?,
        RegistrationStatus::Confirmed
            | RegistrationStatus::Waitlisted
            | RegistrationStatus::Pending
    ))
}

/// Whether `session` is scheduled and not over at `now`.
async fn still_to_come(
    conn: &mut sqlx::AnyConnection,
    site: &str,
    session: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<bool> {
    let (status, ends_at, zone): (String, String, String) = sqlx::query_as(
        "SELECT status, ends_at, time_zone FROM webinar_sessions WHERE site_id = $1 AND id = $2",
    )
    .bind(site)
    .bind(session)
    .fetch_one(&mut *conn)
    .await?;
    Ok(status == SessionStatus::Scheduled.as_str()
        && crate::webinars::instant(&ends_at, &zone)? > now)
}

/// Questionnaire answers given with `email` or under `readers`: a fresh marker replaces the
/// reader id (the answer still counts once), the address, consent and free text go.
async fn anonymise_survey_answers(
    conn: &mut sqlx::AnyConnection,
    site: &str,
    email: &str,
    readers: &[&str],
    now: i64,
) -> anyhow::Result<u64> {
    let mut rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT survey_id, reader, answers FROM survey_answers WHERE site_id = $1 AND email = $2",
    )
    .bind(site)
    .bind(email)
    .fetch_all(&mut *conn)
    .await?;
    for reader in readers {
        let more: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT survey_id, reader, answers FROM survey_answers \
             WHERE site_id = $1 AND reader = $2 AND (email IS NULL OR email <> $3)",
        )
        .bind(site)
        .bind(reader)
        .bind(email)
        .fetch_all(&mut *conn)
        .await?;
        rows.extend(more);
    }
    for (survey, reader, answers) in &rows {
        sqlx::query(
            "UPDATE survey_answers SET reader = $1, email = NULL, consent_version = NULL, \
             consent_text = NULL, idempotency_key = NULL, answers = $2, updated_at = $3 \
             WHERE site_id = $4 AND survey_id = $5 AND reader = $6",
        )
        .bind(erased_marker(crate::accounts::new_secret()))
        .bind(without_free_text(answers))
        .bind(now)
        .bind(site)
        .bind(survey)
        .bind(reader)
        .execute(&mut *conn)
        .await?;
    }
    Ok(rows.len() as u64)
}
