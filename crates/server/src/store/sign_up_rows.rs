//! The statements of a batch of sign-ups (`sign_ups.rs` decides them): what the batch reads
//! before its decisions, in a few statements whatever its size, and what it writes after them.

use std::collections::HashMap;

use anyhow::anyhow;
use kiosque_protocol::RegistrationStatus;
use sqlx::AnyConnection;

use super::mail::{enqueue_all, ComposedMail, NewMail};
use super::placeholders;
use super::registrations::NewRegistration;
use super::seats::{fresh_secret, News, SessionMails};

/// A sign-up and the mails of its session: what a batch is made of.
pub(super) struct SignUp {
    pub registration: NewRegistration,
    pub mails: Box<dyn SessionMails + Send + Sync>,
}

/// A session, as read for its sign-ups and as their decisions leave it.
pub(super) struct Session {
    pub(super) capacity: Option<i64>,
    pub(super) waitlist: bool,
    pub(super) status: String,
    pub(super) series: String,
    pub(super) confirmed: i64,
    pub(super) next_position: i64,
}

/// A registration row of an address that signs up, as read or as this batch left it.
pub(super) struct Row {
    /// `None` for a row this batch creates (it has no id before its insert).
    pub(super) id: Option<i64>,
    pub(super) status: String,
    pub(super) first_name: String,
    pub(super) created_at: i64,
    pub(super) last_mailed: i64,
}

/// A registration this batch writes.
pub(super) struct Created {
    pub(super) index: usize,
    pub(super) status: RegistrationStatus,
    pub(super) token: String,
    pub(super) cancel_hash: String,
    pub(super) confirm_hash: Option<String>,
    pub(super) position: Option<i64>,
}

/// A registration whose mail goes again.
pub(super) struct Resent {
    pub(super) index: usize,
    pub(super) id: i64,
    pub(super) status: RegistrationStatus,
    pub(super) first_name: String,
    pub(super) now: i64,
}

pub(super) type Address = (String, String, String);

/// `(site, session) IN (VALUES …)` for each distinct pair, from parameter `first` on.
fn pairs<'a>(regs: &'a [&'a NewRegistration], first: usize) -> (String, Vec<(&'a str, &'a str)>) {
    let mut distinct: Vec<(&str, &str)> = regs
        .iter()
        .map(|r| (r.site.as_str(), r.session.as_str()))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    (placeholders(distinct.len(), 2, first), distinct)
}

/// The batch's sessions, with the next place in each one's queue. On PostgreSQL they are
/// locked first, in one order (so two servers' batches never wait on each other in a circle),
/// and read after the lock: what is read is what the decisions may rely on.
pub(super) async fn read_sessions(
    conn: &mut AnyConnection,
    regs: &[&NewRegistration],
) -> anyhow::Result<HashMap<(String, String), Session>> {
    let (values, distinct) = pairs(regs, 1);
    if super::on_postgres(conn) {
        let lock = format!(
            "SELECT 1 FROM webinar_sessions WHERE (site_id, id) IN (VALUES {values}) \
             ORDER BY site_id, id FOR NO KEY UPDATE"
        );
        let mut query = sqlx::query(&lock);
        for (site, session) in &distinct {
            query = query.bind(*site).bind(*session);
        }
        query.fetch_all(&mut *conn).await?;
    }
    type SessionRow = (
        String,
        String,
        Option<i64>,
        super::Flag,
        String,
        String,
        i64,
        i64,
    );
    let sql = format!(
        "SELECT s.site_id, s.id, s.capacity, s.waitlist, s.status, s.series_id, s.confirmed, \
         (SELECT COALESCE(MAX(q.queue_position), 0) + 1 FROM webinar_registrations q \
          WHERE q.site_id = s.site_id AND q.session_id = s.id) \
         FROM webinar_sessions s WHERE (s.site_id, s.id) IN (VALUES {values})"
    );
    let mut query = sqlx::query_as::<_, SessionRow>(&sql);
    for (site, session) in &distinct {
        query = query.bind(*site).bind(*session);
    }
    Ok(query
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(
            |(site, id, capacity, waitlist, status, series, confirmed, next)| {
                let session = Session {
                    capacity,
                    waitlist: waitlist.0,
                    status,
                    series,
                    confirmed,
                    next_position: next,
                };
                ((site, id), session)
            },
        )
        .collect())
}

/// The rows of the addresses that sign up, each once.
pub(super) async fn read_rows(
    conn: &mut AnyConnection,
    regs: &[&NewRegistration],
) -> anyhow::Result<HashMap<Address, Row>> {
    let values = placeholders(regs.len(), 3, 1);
    let sql = format!(
        "SELECT site_id, session_id, email, id, status, first_name, created_at, \
         CASE WHEN resent_at > updated_at THEN resent_at ELSE updated_at END \
         FROM webinar_registrations WHERE (site_id, session_id, email) IN (VALUES {values})"
    );
    type RowRead = (String, String, String, i64, String, String, i64, i64);
    let mut query = sqlx::query_as::<_, RowRead>(&sql);
    for r in regs {
        query = query.bind(&r.site).bind(&r.session).bind(&r.form.email);
    }
    Ok(query
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(
            |(site, session, email, id, status, first_name, created_at, mailed)| {
                let row = Row {
                    id: Some(id),
                    status,
                    first_name,
                    created_at,
                    last_mailed: mailed,
                };
                ((site, session, email), row)
            },
        )
        .collect())
}

/// Who used the batch's idempotency keys, and the status their first answer gave.
pub(super) async fn read_keys(
    conn: &mut AnyConnection,
    regs: &[&NewRegistration],
) -> anyhow::Result<HashMap<Address, (String, Option<String>)>> {
    let keyed: Vec<(&NewRegistration, &String)> = regs
        .iter()
        .filter_map(|r| Some((*r, r.idempotency_key.as_ref()?)))
        .collect();
    if keyed.is_empty() {
        return Ok(HashMap::new());
    }
    let values = placeholders(keyed.len(), 3, 1);
    let sql = format!(
        "SELECT site_id, session_id, idempotency_key, email, idempotency_status \
         FROM webinar_registrations \
         WHERE (site_id, session_id, idempotency_key) IN (VALUES {values})"
    );
    let mut query = sqlx::query_as::<_, (String, String, String, String, Option<String>)>(&sql);
    for (r, key) in &keyed {
        query = query.bind(&r.site).bind(&r.session).bind(*key);
    }
    Ok(query
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(site, session, key, email, status)| ((site, session, key), (email, status)))
        .collect())
}

/// Writes what the batch decided: the registrations, the mails sent again, then every mail
/// and conversion.
pub(super) async fn write(
    conn: &mut AnyConnection,
    batch: &[SignUp],
    sessions: &HashMap<(String, String), Session>,
    created: &[Created],
    resent: &[Resent],
) -> anyhow::Result<()> {
    let mut mails: Vec<(usize, ComposedMail)> = Vec::new();
    for again in resent {
        let token = resend(conn, again).await?;
        let mail = batch[again.index].mails.news(
            News::of(again.status),
            &again.first_name,
            again.id,
            &token,
        );
        mails.push((again.index, mail));
    }
    if created.is_empty() && mails.is_empty() {
        return Ok(());
    }
    let ids = insert(conn, batch, created).await?;
    for c in created {
        let r = &batch[c.index].registration;
        let id = ids[&c.index];
        let mail = batch[c.index]
            .mails
            .news(News::of(c.status), &r.form.first_name, id, &c.token);
        mails.push((c.index, mail));
    }
    let now = batch.iter().map(|s| s.registration.now).max().unwrap_or(0);
    let queued: Vec<NewMail> = mails
        .iter()
        .map(|(i, (subject, body, attachment))| {
            let r = &batch[*i].registration;
            NewMail {
                site: &r.site,
                to: &r.form.email,
                subject,
                body,
                attachment: attachment.clone(),
            }
        })
        .collect();
    enqueue_all(conn, &queued, now).await?;
    // The webinar conversions, recorded here so no ad blocker can hide them.
    if created.is_empty() {
        return Ok(());
    }
    let values = placeholders(created.len(), 6, 1);
    let sql = format!(
        "INSERT INTO conversions (site_id, kind, key, series_id, session_id, at) \
         VALUES {values} ON CONFLICT (site_id, key) DO NOTHING"
    );
    let mut query = sqlx::query(&sql);
    for c in created {
        let r = &batch[c.index].registration;
        let session = &sessions[&(r.site.clone(), r.session.clone())];
        let id = ids[&c.index];
        query = query
            .bind(&r.site)
            .bind("registration")
            .bind(format!("registration:{id}"))
            .bind(&session.series)
            .bind(&r.session)
            .bind(r.now);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// Inserts the batch's new registrations in one statement (a cancelled row, or a pending one
/// whose link expired, is reused: an address keeps one row per session); their ids, by
/// index in the batch.
async fn insert(
    conn: &mut AnyConnection,
    batch: &[SignUp],
    created: &[Created],
) -> anyhow::Result<HashMap<usize, i64>> {
    if created.is_empty() {
        return Ok(HashMap::new());
    }
    let values = placeholders(created.len(), 21, 1);
    let sql = format!(
        "INSERT INTO webinar_registrations (site_id, session_id, email, first_name, last_name, \
         organisation, job_title, status, consent_processing_version, consent_processing_text, \
         consent_marketing_version, consent_marketing_text, source_page, answers, \
         cancel_token_hash, confirm_token_hash, idempotency_key, idempotency_status, queue_position, \
         created_at, updated_at) VALUES {values} \
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
         RETURNING site_id, session_id, email, id"
    );
    let mut query = sqlx::query_as::<_, (String, String, String, i64)>(&sql);
    for c in created {
        let r = &batch[c.index].registration;
        query = query
            .bind(&r.site)
            .bind(&r.session)
            .bind(&r.form.email)
            .bind(&r.form.first_name)
            .bind(&r.form.last_name)
            .bind(&r.form.organisation)
            .bind(&r.form.job_title)
            .bind(c.status.as_str())
            .bind(i64::from(r.form.consent_processing.version))
            .bind(&r.form.consent_processing.text)
            .bind(
                r.form
                    .consent_marketing
                    .as_ref()
                    .map(|c| i64::from(c.version)),
            )
            .bind(r.form.consent_marketing.as_ref().map(|c| &c.text))
            .bind(&r.form.source_page)
            .bind(serde_json::to_string(&r.form.answers)?)
            .bind(&c.cancel_hash)
            .bind(&c.confirm_hash)
            .bind(&r.idempotency_key)
            .bind(r.idempotency_key.as_ref().map(|_| c.status.as_str()))
            .bind(c.position)
            .bind(r.now)
            .bind(r.now);
    }
    // `RETURNING` gives the rows in no promised order: matched by their address.
    let returned: HashMap<Address, i64> = query
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(site, session, email, id)| ((site, session, email), id))
        .collect();
    created
        .iter()
        .map(|c| {
            let r = &batch[c.index].registration;
            let address = (r.site.clone(), r.session.clone(), r.form.email.clone());
            let id = returned
                .get(&address)
                .ok_or_else(|| anyhow!("registration {} not returned", r.form.email))?;
            Ok((c.index, *id))
        })
        .collect()
}

/// Gives a registration whose mail goes again fresh secrets: only their hashes are stored, so
/// the old links cannot be written into a new mail, and they stop working. The new link's
/// secret (the confirmation link's when pending, else the cancellation link's).
async fn resend(conn: &mut AnyConnection, again: &Resent) -> anyhow::Result<String> {
    let (cancel_token, cancel_hash) = fresh_secret();
    let (confirm_token, confirm_hash) = fresh_secret();
    let pending = again.status == RegistrationStatus::Pending;
    sqlx::query(
        "UPDATE webinar_registrations SET cancel_token_hash = $1, \
         confirm_token_hash = COALESCE($2, confirm_token_hash), resent_at = $3 WHERE id = $4",
    )
    .bind(cancel_hash)
    .bind(pending.then_some(confirm_hash))
    .bind(again.now)
    .bind(again.id)
    .execute(&mut *conn)
    .await?;
    Ok(if pending { confirm_token } else { cancel_token })
}
