//! Seats changing hands: a cancellation (by the reader's link or by an admin) frees a seat for
//! the first waitlisted registrant, and an admin can promote a chosen one. One immediate
//! transaction each, with the mails they cause.

use kiosque_protocol::RegistrationStatus;
use sqlx::AnyConnection;

use super::seats::{
    find, find_locked, queue, seats, settle, News, RegistrationRef, SessionMails, Target,
};
use super::Store;

/// What a cancellation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancellation {
    Unknown,
    AlreadyCancelled,
    /// Cancelled; `promoted`: a waitlisted registrant got the seat.
    Done {
        promoted: bool,
    },
}

/// What promoting a chosen waitlisted registration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Promotion {
    Unknown,
    NotWaitlisted(RegistrationStatus),
    /// No seat free (or the session is no longer scheduled): nothing changed.
    Full,
    Done,
}

/// If a seat is free in a scheduled session, gives it to the first in the waitlist (by when
/// they took their place) and queues their mail; inside the caller's transaction.
pub(super) async fn promote_first(
    conn: &mut AnyConnection,
    site: &str,
    session: &str,
    now: i64,
    mails: &impl SessionMails,
) -> anyhow::Result<bool> {
    let seats = seats(conn, site, session).await?;
    if !seats.free || !seats.scheduled {
        return Ok(false);
    }
    let first: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM webinar_registrations WHERE site_id = $1 AND session_id = $2 \
         AND status = 'waitlisted' ORDER BY queue_position LIMIT 1",
    )
    .bind(site)
    .bind(session)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = first else {
        return Ok(false);
    };
    let Some(r) = find(conn, site, Target::Id(id)).await? else {
        return Ok(false);
    };
    let confirmed = RegistrationStatus::Confirmed;
    settle(conn, site, &r, confirmed, News::Promoted, now, mails).await?;
    Ok(true)
}

impl Store {
    /// Cancels a registration (once) and gives a freed seat to the first waitlisted. With
    /// `notify` (an admin cancelled it), a reader who was confirmed or waitlisted is told; a
    /// pending one never confirmed their address, so is not written to.
    pub async fn cancel_registration(
        &self,
        site: &str,
        target: Target<'_>,
        notify: bool,
        now: i64,
        mails: &impl SessionMails,
    ) -> anyhow::Result<Cancellation> {
        let mut tx = self.begin_write().await?;
        let Some(r) = find_locked(&mut tx, site, target).await? else {
            return Ok(Cancellation::Unknown);
        };
        if r.status == RegistrationStatus::Cancelled {
            return Ok(Cancellation::AlreadyCancelled);
        }
        sqlx::query(
            "UPDATE webinar_registrations SET status = 'cancelled', updated_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(r.id)
        .execute(&mut *tx)
        .await?;
        let was_registered = matches!(
            r.status,
            RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted
        );
        if notify && was_registered {
            queue(&mut tx, site, &r.email, mails.cancelled(&r.first_name), now).await?;
        }
        let promoted = promote_first(&mut tx, site, &r.session_id, now, mails).await?;
        tx.commit().await?;
        Ok(Cancellation::Done { promoted })
    }

    /// Confirms a chosen waitlisted registration if a seat is free, and mails it the calendar
    /// file; one immediate transaction, so never more confirmed than the capacity.
    pub async fn promote_registration(
        &self,
        site: &str,
        id: i64,
        now: i64,
        mails: &impl SessionMails,
    ) -> anyhow::Result<Promotion> {
        let mut tx = self.begin_write().await?;
        let Some(r): Option<RegistrationRef> = find_locked(&mut tx, site, Target::Id(id)).await?
        else {
            return Ok(Promotion::Unknown);
        };
        if r.status != RegistrationStatus::Waitlisted {
            return Ok(Promotion::NotWaitlisted(r.status));
        }
        let seats = seats(&mut tx, site, &r.session_id).await?;
        if !seats.free || !seats.scheduled {
            return Ok(Promotion::Full);
        }
        let confirmed = RegistrationStatus::Confirmed;
        settle(&mut tx, site, &r, confirmed, News::Promoted, now, mails).await?;
        tx.commit().await?;
        Ok(Promotion::Done)
    }
}
