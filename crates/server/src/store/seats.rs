//! The capacity decision and the moves it makes, shared by sign-ups, double opt-in
//! confirmations, admin approvals and promotions. Each change is written together with the mail
//! it causes, in one immediate transaction: SQLite runs those one at a time, so the seats
//! counted are the seats taken, and no mail goes out for a change that was not made.

use kiosque_protocol::RegistrationStatus;
use sqlx::AnyConnection;

use super::mail::{enqueue, ComposedMail, NewMail};
use super::Store;
use crate::webinars::PENDING_TTL_SECS;

/// What a registration's mail tells its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum News {
    /// Double opt-in: confirm with the link (the token is the confirmation secret).
    Pending,
    /// Confirmed, with the calendar file (the token is the cancellation secret, as below).
    Confirmed,
    Waitlisted,
    /// A seat went to them from the waitlist.
    Promoted,
}

impl News {
    pub(super) fn of(status: RegistrationStatus) -> News {
        match status {
            RegistrationStatus::Pending => News::Pending,
            RegistrationStatus::Waitlisted => News::Waitlisted,
            _ => News::Confirmed,
        }
    }
}

/// Writes the mails of one session's registrations. The store calls it inside its
/// transactions with the fresh secret of the link the mail carries: only hashes of secrets are
/// stored, so a mail can only carry a link made at the moment it is written.
pub trait SessionMails {
    fn news(&self, news: News, first_name: &str, registration_id: i64, token: &str)
        -> ComposedMail;
    /// The notice to a registrant whose registration the organiser cancelled.
    fn cancelled(&self, first_name: &str) -> ComposedMail;
}

/// A registration, as the actions on it need it.
#[derive(Debug, Clone)]
pub struct RegistrationRef {
    pub id: i64,
    pub session_id: String,
    pub status: RegistrationStatus,
    pub email: String,
    pub first_name: String,
    /// The page the form was on, as the form sent it (not checked).
    pub source_page: String,
    pub created_at: i64,
}

impl RegistrationRef {
    /// Whether a pending registration's confirmation link has expired at `now`.
    pub fn confirm_link_expired(&self, now: i64) -> bool {
        expired(self.created_at, now)
    }
}

/// How an action names its registration.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    Id(i64),
    /// The hash of the secret in a cancellation link.
    CancelLink(&'a str),
    /// The hash of the secret in a double opt-in link.
    ConfirmLink(&'a str),
}

/// A fresh link secret and the hash stored for it.
pub(super) fn fresh_secret() -> (String, String) {
    let token = crate::accounts::new_secret();
    let hash = crate::accounts::sha256_hex(&token);
    (token, hash)
}

/// Queues `mail` for `to` inside the caller's transaction.
pub(super) async fn queue(
    conn: &mut AnyConnection,
    site: &str,
    to: &str,
    (subject, body, attachment): ComposedMail,
    now: i64,
) -> anyhow::Result<()> {
    let mail = NewMail {
        site,
        to,
        subject: &subject,
        body: &body,
        attachment,
    };
    enqueue(conn, mail, now).await
}

/// Locks a session's row until the transaction ends, on PostgreSQL: every decision about its
/// seats (a sign-up, an approval, a cancellation, a promotion, a new capacity) takes it first,
/// so they happen one after the other, as SQLite's single writer makes them happen. Nothing
/// to do on SQLite, whose write transactions already run one at a time.
pub(super) async fn lock_session(
    conn: &mut AnyConnection,
    site: &str,
    session: &str,
) -> anyhow::Result<()> {
    if super::on_postgres(conn) {
        sqlx::query(
            "SELECT 1 FROM webinar_sessions WHERE site_id = $1 AND id = $2 FOR NO KEY UPDATE",
        )
        .bind(site)
        .bind(session)
        .fetch_optional(&mut *conn)
        .await?;
    }
    Ok(())
}

/// `find`, its session locked first (`lock_session`), then read again: what is read after the
/// lock is what the decision may rely on.
pub(super) async fn find_locked(
    conn: &mut AnyConnection,
    site: &str,
    target: Target<'_>,
) -> anyhow::Result<Option<RegistrationRef>> {
    if super::on_postgres(conn) {
        let Some(r) = find(conn, site, target).await? else {
            return Ok(None);
        };
        lock_session(conn, site, &r.session_id).await?;
    }
    find(conn, site, target).await
}

pub(super) async fn find(
    conn: &mut AnyConnection,
    site: &str,
    target: Target<'_>,
) -> anyhow::Result<Option<RegistrationRef>> {
    let column = match target {
        Target::Id(_) => "id",
        Target::CancelLink(_) => "cancel_token_hash",
        Target::ConfirmLink(_) => "confirm_token_hash",
    };
    let sql = format!(
        "SELECT id, session_id, status, email, first_name, source_page, created_at \
         FROM webinar_registrations \
         WHERE site_id = $1 AND {column} = $2"
    );
    let query =
        sqlx::query_as::<_, (i64, String, String, String, String, String, i64)>(&sql).bind(site);
    let query = match target {
        Target::Id(id) => query.bind(id),
        Target::CancelLink(hash) | Target::ConfirmLink(hash) => query.bind(hash),
    };
    let Some((id, session_id, status, email, first_name, source_page, created_at)) =
        query.fetch_optional(&mut *conn).await?
    else {
        return Ok(None);
    };
    Ok(Some(RegistrationRef {
        id,
        session_id,
        status: parse_status(&status)?,
        email,
        first_name,
        source_page,
        created_at,
    }))
}

pub(super) fn parse_status(name: &str) -> anyhow::Result<RegistrationStatus> {
    RegistrationStatus::from_wire(name)
        .ok_or_else(|| anyhow::anyhow!("unknown registration status {name:?}"))
}

/// A session's seats, read inside the caller's transaction.
pub(super) struct Seats {
    pub free: bool,
    pub waitlist: bool,
    pub scheduled: bool,
}

pub(super) async fn seats(
    conn: &mut AnyConnection,
    site: &str,
    session: &str,
) -> anyhow::Result<Seats> {
    let (capacity, super::Flag(waitlist), status, confirmed): (
        Option<i64>,
        super::Flag,
        String,
        i64,
    ) = sqlx::query_as(
        // `confirmed` is kept by triggers (migration 0020).
        "SELECT capacity, waitlist, status, confirmed FROM webinar_sessions \
         WHERE site_id = $1 AND id = $2",
    )
    .bind(site)
    .bind(session)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Seats::of(capacity, waitlist, &status, confirmed))
}

impl Seats {
    /// From a session row's `capacity, waitlist, status, confirmed`.
    pub fn of(capacity: Option<i64>, waitlist: bool, status: &str, confirmed: i64) -> Seats {
        Seats {
            free: capacity.is_none_or(|c| confirmed < c),
            waitlist,
            scheduled: status == "scheduled",
        }
    }

    /// The capacity decision: confirmed while seats remain, then waitlisted; `None` when full
    /// without a waitlist. Direct sign-ups, double opt-in confirmations and admin approvals all
    /// go through it, inside their immediate transaction: never more confirmed than the
    /// capacity.
    pub fn place(&self) -> Option<RegistrationStatus> {
        if self.free {
            Some(RegistrationStatus::Confirmed)
        } else if self.waitlist {
            Some(RegistrationStatus::Waitlisted)
        } else {
            None
        }
    }
}

/// The capacity decision (`Seats::place`) for `session`, read inside the caller's transaction.
pub(super) async fn place(
    conn: &mut AnyConnection,
    site: &str,
    session: &str,
) -> anyhow::Result<Option<RegistrationStatus>> {
    Ok(seats(conn, site, session).await?.place())
}

/// The next place in a session's queue, inside the caller's immediate transaction.
pub(super) async fn next_position(
    conn: &mut AnyConnection,
    site: &str,
    session: &str,
) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(MAX(queue_position), 0) + 1 FROM webinar_registrations \
         WHERE site_id = $1 AND session_id = $2",
    )
    .bind(site)
    .bind(session)
    .fetch_one(&mut *conn)
    .await?)
}

/// Gives a registration its new `status` and a fresh cancellation link, and queues the mail
/// with that link, inside the caller's transaction. It gets a queue position the first time it
/// takes a place; a promotion keeps the one it has.
pub(super) async fn settle(
    conn: &mut AnyConnection,
    site: &str,
    r: &RegistrationRef,
    status: RegistrationStatus,
    news: News,
    now: i64,
    mails: &impl SessionMails,
) -> anyhow::Result<()> {
    let (token, hash) = fresh_secret();
    let position = next_position(conn, site, &r.session_id).await?;
    sqlx::query(
        "UPDATE webinar_registrations SET status = $1, cancel_token_hash = $2, \
         queue_position = COALESCE(queue_position, $3), updated_at = $4 WHERE id = $5",
    )
    .bind(status.as_str())
    .bind(hash)
    .bind(position)
    .bind(now)
    .bind(r.id)
    .execute(&mut *conn)
    .await?;
    let mail = mails.news(news, &r.first_name, r.id, &token);
    queue(conn, site, &r.email, mail, now).await
}

/// Whether a pending registration made at `created_at` can no longer be confirmed at `now`.
pub(super) fn expired(created_at: i64, now: i64) -> bool {
    now - created_at >= PENDING_TTL_SECS
}

/// What confirming (reader's link) or approving (admin) a pending registration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    Unknown,
    /// Not pending (any more): its status now.
    NotPending(RegistrationStatus),
    /// The link is older than `PENDING_TTL_SECS`.
    Expired,
    /// Full without a waitlist: it stays pending.
    Full,
    Done(RegistrationStatus),
}

impl Store {
    /// Takes a pending registration through the capacity decision and mails the outcome
    /// (confirmation with the calendar file, or the waitlist), in one immediate transaction.
    /// The reader's link honours the expiry (`check_expiry`); an admin vouching for the reader
    /// does not need to.
    pub async fn approve(
        &self,
        site: &str,
        target: Target<'_>,
        check_expiry: bool,
        now: i64,
        mails: &impl SessionMails,
    ) -> anyhow::Result<Approval> {
        let mut tx = self.begin_write().await?;
        let Some(r) = find_locked(&mut tx, site, target).await? else {
            return Ok(Approval::Unknown);
        };
        if r.status != RegistrationStatus::Pending {
            return Ok(Approval::NotPending(r.status));
        }
        if check_expiry && expired(r.created_at, now) {
            return Ok(Approval::Expired);
        }
        let Some(status) = place(&mut tx, site, &r.session_id).await? else {
            return Ok(Approval::Full);
        };
        settle(&mut tx, site, &r, status, News::of(status), now, mails).await?;
        tx.commit().await?;
        Ok(Approval::Done(status))
    }

    /// The registration an action names, if any.
    pub async fn registration_ref(
        &self,
        site: &str,
        target: Target<'_>,
    ) -> anyhow::Result<Option<RegistrationRef>> {
        let mut conn = self.pool.acquire().await?;
        find(&mut conn, site, target).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The session's kept count against a count of its rows.
    async fn counts(store: &Store, session: &str) -> (i64, i64) {
        sqlx::query_as(
            "SELECT s.confirmed, (SELECT COUNT(*) FROM webinar_registrations r \
             WHERE r.site_id = s.site_id AND r.session_id = s.id AND r.status = 'confirmed') \
             FROM webinar_sessions s WHERE s.site_id = 'demo' AND s.id = $1",
        )
        .bind(session)
        .fetch_one(&store.pool)
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn the_kept_seat_count_follows_every_kind_of_write() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("kiosque.db").display());
        let store = Store::connect(&url).await.unwrap();
        store.load_demo_content().await.unwrap();
        let (session, other): (String, String) =
            sqlx::query_as("SELECT MIN(id), MAX(id) FROM webinar_sessions WHERE site_id = 'demo'")
                .fetch_one(&store.pool)
                .await
                .unwrap();
        assert_ne!(session, other);
        let run = |sql: &'static str| {
            let pool = store.pool.clone();
            async move { sqlx::query(sql).execute(&pool).await.unwrap() }
        };
        let insert = |email: &str, status: &str, session: &str| {
            let pool = store.pool.clone();
            let (email, status, session) =
                (email.to_owned(), status.to_owned(), session.to_owned());
            async move {
                sqlx::query(
                    "INSERT INTO webinar_registrations (site_id, session_id, email, first_name, \
                     last_name, status, consent_processing_version, consent_processing_text, \
                     cancel_token_hash, created_at, updated_at) \
                     VALUES ('demo', $1, $2, 'A', 'B', $3, 1, 'ok', hex(randomblob(8)), 0, 0) \
                     ON CONFLICT (site_id, session_id, email) DO UPDATE SET status = excluded.status",
                )
                .bind(session)
                .bind(email)
                .bind(status)
                .execute(&pool)
                .await
                .unwrap();
            }
        };
        let before = counts(&store, &session).await;
        assert_eq!(before.0, before.1, "the migration counted what was there");
        insert("a@exemple.fr", "confirmed", &session).await;
        insert("b@exemple.fr", "waitlisted", &session).await;
        insert("c@exemple.fr", "pending", &session).await;
        assert_eq!(counts(&store, &session).await, (before.0 + 1, before.0 + 1));
        // Promoted, confirmed by its link, cancelled, signed up again (an upsert).
        run("UPDATE webinar_registrations SET status = 'confirmed' WHERE email = 'b@exemple.fr'")
            .await;
        run("UPDATE webinar_registrations SET status = 'confirmed' WHERE email = 'c@exemple.fr'")
            .await;
        run("UPDATE webinar_registrations SET status = 'cancelled' WHERE email = 'a@exemple.fr'")
            .await;
        insert("a@exemple.fr", "confirmed", &session).await;
        assert_eq!(counts(&store, &session).await, (before.0 + 3, before.0 + 3));
        // Moved to another session, then erased.
        let other_before = counts(&store, &other).await;
        sqlx::query(
            "UPDATE webinar_registrations SET session_id = $1 WHERE email = 'a@exemple.fr'",
        )
        .bind(&other)
        .execute(&store.pool)
        .await
        .unwrap();
        assert_eq!(counts(&store, &session).await, (before.0 + 2, before.0 + 2));
        assert_eq!(
            counts(&store, &other).await,
            (other_before.0 + 1, other_before.0 + 1)
        );
        run("DELETE FROM webinar_registrations WHERE email = 'b@exemple.fr'").await;
        let after = counts(&store, &session).await;
        assert_eq!(after, (before.0 + 1, before.0 + 1));
    }
}
