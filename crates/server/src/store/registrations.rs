//! Sign-up: a new registration (pending with double opt-in, else through the capacity
//! decision), idempotency keys, and the mail sent again when the same address signs up again.

use kiosque_protocol::RegistrationStatus;
use sqlx::AnyConnection;

use super::accounts::Limit;
use super::seats::parse_status;
use super::Store;
use crate::webinars::ValidRegistration;

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
    /// The session is no longer scheduled (cancelled after the request checked it; a request
    /// reads it from the read cache): nothing written.
    Closed,
    /// Over one of the request's rate limits: nothing written but the count.
    RateLimited {
        retry_after: i64,
    },
}

/// What `register` did, and the seats its session had left once it was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedUp {
    pub registered: Registered,
    /// `None`: no limit.
    pub seats_left: Option<u32>,
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
