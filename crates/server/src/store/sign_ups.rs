//! Sign-ups decided a batch at a time.
//!
//! Every statement the writer sends is a trip to sqlx's connection thread and back, about
//! 80 µs on this machine under load, and the writer runs its jobs one after the other: a
//! sign-up decided alone took six trips, and the writer was the limit (BENCHMARKS.md). Here
//! the sign-ups that wait are decided together, in one job of the writer:
//! - the reads for all of them: their sessions, their addresses' rows, their idempotency keys;
//! - one statement for all their rate limits;
//! - every decision in memory, one after the other, each seeing the ones before it (a seat
//!   taken, a row created), as if they had run in turn;
//! - one insert of the registrations, one of their mails, one of their conversions.
//!
//! About eight trips a batch, whatever its size. The job runs in the writer's transaction, so
//! it is exact against every other write, and answered once on disk. If it fails, each
//! sign-up is decided again alone, so one bad sign-up fails alone, as before.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use anyhow::anyhow;
use kiosque_protocol::RegistrationStatus;
use sqlx::AnyConnection;
use tokio::sync::{mpsc, oneshot};

use super::accounts::{add_hits, Limit};
use super::registrations::{NewRegistration, Registered, SignedUp};
use super::seats::{expired, fresh_secret, parse_status, Seats, SessionMails};
use super::sign_up_rows::{
    read_keys, read_rows, read_sessions, write, Created, Resent, Row, Session, SignUp,
};
use super::writer::Writer;
use super::Store;
use crate::webinars::RESEND_AFTER_SECS;

type Waiting = (SignUp, oneshot::Sender<anyhow::Result<SignedUp>>);

/// Sign-ups decided together, at most (21 bound values each in the registrations' insert:
/// far below SQLite's 32,766).
const BATCH: usize = 256;

/// Where sign-ups are sent (`Store::register`).
#[derive(Clone)]
pub(super) struct SignUps {
    waiting: mpsc::Sender<Waiting>,
}

impl SignUps {
    /// Starts the task that hands the writer the sign-ups waiting, a batch at a time.
    pub(super) fn spawn(writer: Writer) -> SignUps {
        let (waiting, queue) = mpsc::channel(4 * BATCH);
        // A thread of its own, as the writer's: on the server's runtime it would wait behind
        // the requests it is answering.
        super::writer::on_own_thread("kiosque-sign-ups", hand_over(writer, queue));
        SignUps { waiting }
    }

    /// Decides `sign_up` in the next batch; its outcome once that batch is on disk.
    pub(super) async fn decide(&self, sign_up: SignUp) -> anyhow::Result<SignedUp> {
        let (reply, answer) = oneshot::channel();
        let stopped = || anyhow!("the sign-ups' writer has stopped");
        self.waiting
            .send((sign_up, reply))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

impl Store {
    /// Records a registration and queues its mail, decided with the other sign-ups waiting (a
    /// spike shares its statements and its commits): pending with double opt-in, else through
    /// the capacity decision. The same address again gets its registration, never a second
    /// one, and its current mail again at most every `RESEND_AFTER_SECS` since the last; a
    /// pending registration whose link expired is reused as a new one. Answered once on disk.
    pub async fn register<M>(&self, r: NewRegistration, mails: M) -> anyhow::Result<SignedUp>
    where
        M: SessionMails + Send + Sync + 'static,
    {
        let sign_up = SignUp {
            registration: r,
            mails: Box::new(mails),
        };
        self.sign_ups.decide(sign_up).await
    }
}

/// Takes what waits, has the writer decide it, answers; until every sender is gone.
async fn hand_over(writer: Writer, mut queue: mpsc::Receiver<Waiting>) {
    let mut waiting = Vec::with_capacity(BATCH);
    loop {
        if waiting.is_empty() {
            if queue.recv_many(&mut waiting, BATCH).await == 0 {
                return;
            }
        } else {
            while waiting.len() < BATCH {
                match queue.try_recv() {
                    Ok(next) => waiting.push(next),
                    Err(_) => break,
                }
            }
        }
        let later = held_back(&mut waiting);
        let (batch, replies): (Vec<_>, Vec<_>) = waiting.drain(..).unzip();
        let outcomes = decide_batch(&writer, batch).await;
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            let _ = reply.send(outcome);
        }
        waiting = later;
    }
}

/// Takes out of `waiting` every sign-up whose idempotency key an earlier one in it has (a
/// retry racing its first request): it waits for the next batch, which sees what the first one
/// wrote. So a key is looked up once a batch, before anything is written.
fn held_back(waiting: &mut Vec<Waiting>) -> Vec<Waiting> {
    let mut keys = HashSet::new();
    let (now, later) = std::mem::take(waiting).into_iter().partition(|(s, _)| {
        let r = &s.registration;
        r.idempotency_key
            .as_ref()
            .is_none_or(|key| keys.insert((r.site.clone(), r.session.clone(), key.clone())))
    });
    *waiting = now;
    later
}

/// The outcomes of `batch`, in its order: decided together, or each alone if that failed.
async fn decide_batch(writer: &Writer, batch: Vec<SignUp>) -> Vec<anyhow::Result<SignedUp>> {
    let batch: Arc<[SignUp]> = batch.into();
    let together = {
        let batch = batch.clone();
        writer
            .write(Box::new(move |conn| {
                Box::pin(async move { decide(conn, &batch).await })
            }))
            .await
    };
    match together {
        Ok(outcomes) => outcomes,
        Err(err) if batch.len() == 1 => vec![Err(err)],
        Err(err) => {
            tracing::warn!(error = %format!("{err:#}"), sign_ups = batch.len(),
                "a batch of sign-ups failed; each is decided alone");
            let alone = (0..batch.len()).map(|i| {
                let batch = batch.clone();
                writer.write(Box::new(move |conn| {
                    Box::pin(async move {
                        let mut outcome = decide(conn, &batch[i..=i]).await?;
                        outcome.pop().ok_or_else(|| anyhow!("no outcome"))?
                    })
                }))
            });
            futures_util::future::join_all(alone).await
        }
    }
}

/// Decides `batch` on the writer's connection: the outcome of each, in order. An error is the
/// whole batch's (the writer rolls it back); a sign-up's own refusal is its outcome.
async fn decide(
    conn: &mut AnyConnection,
    batch: &[SignUp],
) -> anyhow::Result<Vec<anyhow::Result<SignedUp>>> {
    let regs: Vec<&NewRegistration> = batch.iter().map(|s| &s.registration).collect();
    let mut sessions = read_sessions(conn, &regs).await?;
    let mut rows = read_rows(conn, &regs).await?;
    let keys = read_keys(conn, &regs).await?;
    let mut outcomes: Vec<Option<anyhow::Result<Registered>>> = regs.iter().map(|_| None).collect();

    // A key used before answers first, and writes nothing (keys are distinct in a batch).
    for (i, r) in regs.iter().enumerate() {
        let Some(key) = &r.idempotency_key else {
            continue;
        };
        let found = keys.get(&(r.site.clone(), r.session.clone(), key.clone()));
        if let Some((owner, status)) = found {
            outcomes[i] = Some(if *owner != r.form.email {
                Ok(Registered::KeyConflict)
            } else {
                parse_status(status.as_deref().unwrap_or("confirmed")).map(Registered::Replayed)
            });
        }
    }
    // A session that is not there (deleted meanwhile) fails its sign-ups, which count no hit.
    for (i, r) in regs.iter().enumerate() {
        if outcomes[i].is_none() && !sessions.contains_key(&(r.site.clone(), r.session.clone())) {
            outcomes[i] = Some(Err(anyhow!("no webinar session {}", r.session)));
        }
    }

    // The rate limits of the sign-ups left, in one statement; each hit's count is the one it
    // would have got in turn.
    let counted: Vec<usize> = (0..regs.len()).filter(|&i| outcomes[i].is_none()).collect();
    let mut hits: HashMap<&str, (&Limit, i64)> = HashMap::new();
    for &i in &counted {
        for limit in &regs[i].limits {
            hits.entry(&limit.key).or_insert((limit, 0)).1 += 1;
        }
    }
    // One `now` for the batch's windows (its requests' clocks differ by a second at most).
    let now = counted.iter().map(|&i| regs[i].now).max().unwrap_or(0);
    let counts = add_hits(conn, &hits.values().copied().collect::<Vec<_>>(), now).await?;
    let mut seen: HashMap<&str, i64> = HashMap::new();
    for &i in &counted {
        let r = regs[i];
        let mut wait = None;
        for limit in &r.limits {
            let (total, window_start) = counts
                .get(&limit.key)
                .copied()
                .ok_or_else(|| anyhow!("rate limit {} not counted", limit.key))?;
            let added = hits[limit.key.as_str()].1;
            let nth = seen.entry(&limit.key).or_default();
            *nth += 1;
            let count = total - added + *nth;
            wait = wait.max(limit.wait(count, window_start, r.now));
        }
        if let Some(retry_after) = wait {
            outcomes[i] = Some(Ok(Registered::RateLimited { retry_after }));
        }
    }

    // The decisions, in turn.
    let mut created = Vec::new();
    let mut resent = Vec::new();
    for (i, r) in regs.iter().enumerate() {
        if outcomes[i].is_some() {
            continue;
        }
        let session = sessions
            .get_mut(&(r.site.clone(), r.session.clone()))
            .ok_or_else(|| anyhow!("session read above"))?;
        let address = (r.site.clone(), r.session.clone(), r.form.email.clone());
        let outcome = sign_up(
            i,
            r,
            session,
            rows.get_mut(&address),
            &mut created,
            &mut resent,
        );
        // What a later sign-up of the same address in this batch finds.
        if let Some(c) = created.last().filter(|c| c.index == i) {
            rows.insert(address, Row::created(r, c.status));
        }
        outcomes[i] = Some(outcome);
    }
    write(conn, batch, &sessions, &created, &resent).await?;
    Ok(regs
        .iter()
        .zip(outcomes)
        .map(|(r, outcome)| {
            let registered = outcome.ok_or_else(|| anyhow!("a sign-up was not decided"))??;
            // As `SessionRow::seats_left` counts them, after the batch's decisions.
            let seats_left = sessions
                .get(&(r.site.clone(), r.session.clone()))
                .and_then(|s| Some(u32::try_from(s.capacity? - s.confirmed).unwrap_or(0)));
            Ok(SignedUp {
                registered,
                seats_left,
            })
        })
        .collect())
}

impl Row {
    fn created(r: &NewRegistration, status: RegistrationStatus) -> Row {
        Row {
            id: None,
            status: status.as_str().to_owned(),
            first_name: r.form.first_name.clone(),
            created_at: r.now,
            last_mailed: r.now,
        }
    }
}

/// One sign-up's decision, given its session and its address's row as the sign-ups before it
/// left them: what was decided is pushed to `created` or `resent`.
fn sign_up(
    index: usize,
    r: &NewRegistration,
    session: &mut Session,
    existing: Option<&mut Row>,
    created: &mut Vec<Created>,
    resent: &mut Vec<Resent>,
) -> anyhow::Result<Registered> {
    let seats = Seats::of(
        session.capacity,
        session.waitlist,
        &session.status,
        session.confirmed,
    );
    // Decided here, in the writer's transaction, not only by the request: a cancellation
    // commits its notices to the registrants it finds, and a sign-up after it would get none.
    if !seats.scheduled {
        return Ok(Registered::Closed);
    }
    if let Some(row) = existing {
        let status = parse_status(&row.status)?;
        // A cancelled registration signs up anew (the row is reused), as does a pending one
        // whose link expired; any other is kept as it is.
        let kept = match status {
            RegistrationStatus::Cancelled => false,
            RegistrationStatus::Pending => !expired(row.created_at, r.now),
            _ => true,
        };
        if kept {
            // A row created in this batch was mailed now: never due again in it.
            let again = row
                .id
                .filter(|_| r.now - row.last_mailed >= RESEND_AFTER_SECS);
            if let Some(id) = again {
                row.last_mailed = r.now;
                resent.push(Resent {
                    index,
                    id,
                    status,
                    first_name: row.first_name.clone(),
                    now: r.now,
                });
            }
            let new_would_get = match seats.place() {
                Some(_) if r.double_opt_in => Some(RegistrationStatus::Pending),
                placed => placed,
            };
            return Ok(Registered::Existing {
                status,
                resent: again.is_some(),
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
    // The next place is one after the last given. (Alone, a reused row whose place was the
    // last and that waits pending would give that place again; here the next is one more: a
    // gap, and the order is the same.)
    let position = (!pending).then_some(session.next_position);
    if position.is_some() {
        session.next_position += 1;
    }
    if status == RegistrationStatus::Confirmed {
        session.confirmed += 1;
    }
    created.push(Created {
        index,
        status,
        token: if pending { confirm_token } else { cancel_token },
        cancel_hash,
        confirm_hash: pending.then_some(confirm_hash),
        position,
    });
    Ok(Registered::Created(status))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use kiosque_protocol::ConsentText;

    use super::*;
    use crate::store::mail::ComposedMail;
    use crate::store::seats::News;
    use crate::store::Store;
    use crate::webinars::ValidRegistration;

    /// Mails as plain text; a first name "Panique" makes the mail panic (a bug in a job).
    struct Plain;

    impl SessionMails for Plain {
        fn news(&self, news: News, first_name: &str, id: i64, token: &str) -> ComposedMail {
            assert_ne!(first_name, "Panique", "a bug in a mail");
            (
                format!("{news:?}"),
                format!("{first_name} {id} {token}"),
                None,
            )
        }
        fn cancelled(&self, _: &str) -> ComposedMail {
            unreachable!("no cancellation here")
        }
    }

    /// A store with the demo content, and a demo session of `capacity` seats with a waitlist.
    async fn store(capacity: i64) -> (tempfile::TempDir, Store, String) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("kiosque.db").display());
        let store = Store::connect(&url).await.unwrap();
        store.load_demo_content().await.unwrap();
        let session: String =
            sqlx::query_scalar("SELECT MIN(id) FROM webinar_sessions WHERE site_id = 'demo'")
                .fetch_one(&store.pool)
                .await
                .unwrap();
        sqlx::query("UPDATE webinar_sessions SET capacity = $1, waitlist = 1 WHERE id = $2")
            .bind(capacity)
            .bind(&session)
            .execute(&store.pool)
            .await
            .unwrap();
        (dir, store, session)
    }

    fn registration(session: &str, email: &str, first_name: &str) -> NewRegistration {
        NewRegistration {
            site: "demo".into(),
            session: session.into(),
            form: ValidRegistration {
                answers: vec![],
                email: email.into(),
                first_name: first_name.into(),
                last_name: "Martin".into(),
                organisation: "CCAS".into(),
                job_title: "Éducatrice".into(),
                consent_processing: ConsentText {
                    version: 1,
                    text: "J'accepte".into(),
                },
                consent_marketing: None,
                source_page: "https://example.org/".into(),
            },
            idempotency_key: None,
            limits: vec![],
            double_opt_in: false,
            now: 1_900_000_000,
        }
    }

    /// Registers `all` while the writer is held busy, so that they wait and are decided in
    /// one batch (the first may be decided alone, before the others arrive): their outcomes.
    async fn together(store: &Store, all: Vec<NewRegistration>) -> Vec<anyhow::Result<SignedUp>> {
        let (release, held) = oneshot::channel::<()>();
        let busy = tokio::spawn({
            let store = store.clone();
            async move {
                store
                    .write(Box::new(move |_conn| {
                        Box::pin(async move {
                            let _ = held.await;
                            Ok(())
                        })
                    }))
                    .await
            }
        });
        tokio::task::yield_now().await;
        let sign_ups: Vec<_> = all
            .into_iter()
            .map(|r| {
                let store = store.clone();
                tokio::spawn(async move { store.register(r, Plain).await })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(100)).await;
        release.send(()).unwrap();
        busy.await.unwrap().unwrap();
        let mut outcomes = Vec::new();
        for s in sign_ups {
            outcomes.push(s.await.unwrap());
        }
        outcomes
    }

    async fn count(store: &Store, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&store.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn sign_ups_decided_together_are_decided_as_in_turn() {
        let (_dir, store, session) = store(3).await;
        let mut all: Vec<_> = (0..8)
            .map(|i| registration(&session, &format!("r{i}@example.org"), "Lou"))
            .collect();
        all.push(registration(&session, "r2@example.org", "Lou"));
        let outcomes = together(&store, all).await;
        let outcomes: Vec<Registered> = outcomes
            .into_iter()
            .map(|o| o.unwrap().registered)
            .collect();
        use RegistrationStatus::{Confirmed, Waitlisted};
        let created: Vec<RegistrationStatus> = outcomes
            .iter()
            .filter_map(|o| match o {
                Registered::Created(s) => Some(*s),
                _ => None,
            })
            .collect();
        // Three seats, then the waitlist; the same address again finds its registration.
        assert_eq!(created.len(), 8, "{outcomes:?}");
        assert_eq!(created.iter().filter(|s| **s == Confirmed).count(), 3);
        assert_eq!(created.iter().filter(|s| **s == Waitlisted).count(), 5);
        assert!(
            matches!(
                outcomes[8],
                Registered::Existing {
                    resent: false,
                    new_would_get: Some(Waitlisted),
                    ..
                }
            ),
            "{:?}",
            outcomes[8]
        );
        let seats = format!("SELECT confirmed FROM webinar_sessions WHERE id = '{session}'");
        assert_eq!(count(&store, &seats).await, 3, "the kept count");
        let places: Vec<(i64, String)> = sqlx::query_as(
            "SELECT queue_position, status FROM webinar_registrations ORDER BY queue_position",
        )
        .fetch_all(&store.pool)
        .await
        .unwrap();
        // Each its own place, the seats to the first three places.
        let expected: Vec<i64> = (1..=8).collect();
        assert_eq!(places.iter().map(|p| p.0).collect::<Vec<_>>(), expected);
        assert!(places[..3].iter().all(|p| p.1 == "confirmed"), "{places:?}");
        // One mail and one conversion each, each mail with its own registration's id.
        assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_queue").await, 8);
        let conversions = "SELECT COUNT(*) FROM conversions WHERE kind = 'registration'";
        assert_eq!(count(&store, conversions).await, 8);
        let matched = "SELECT COUNT(*) FROM mail_queue m JOIN webinar_registrations r \
                       ON m.recipient = r.email AND m.body_text LIKE 'Lou ' || r.id || ' %'";
        assert_eq!(count(&store, matched).await, 8);
    }

    #[tokio::test]
    async fn a_retry_in_the_same_batch_gets_the_first_answer() {
        let (_dir, store, session) = store(10).await;
        let keyed = |email: &str| NewRegistration {
            idempotency_key: Some("clé-1".into()),
            ..registration(&session, email, "Lou")
        };
        let outcomes = together(
            &store,
            vec![
                registration(&session, "first@example.org", "Lou"),
                keyed("a@example.org"),
                keyed("a@example.org"),
                keyed("b@example.org"),
            ],
        )
        .await;
        let outcomes: Vec<SignedUp> = outcomes.into_iter().map(Result::unwrap).collect();
        // Each answer tells the seats the batch left: ten, less the two taken.
        assert!(
            outcomes[1..].iter().all(|o| o.seats_left == Some(8)),
            "{outcomes:?}"
        );
        let outcomes: Vec<Registered> = outcomes.into_iter().map(|o| o.registered).collect();
        use RegistrationStatus::Confirmed;
        assert_eq!(
            outcomes[1..],
            [
                Registered::Created(Confirmed),
                Registered::Replayed(Confirmed),
                Registered::KeyConflict
            ],
        );
        assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_queue").await, 2);
    }

    #[tokio::test]
    async fn rate_limits_count_each_sign_up_of_a_batch_in_turn() {
        let (_dir, store, session) = store(10).await;
        let limited = |i: usize| NewRegistration {
            limits: vec![Limit {
                key: "signup:ip:demo:192.0.2.1".into(),
                max: 3,
                window_secs: 3600,
            }],
            ..registration(&session, &format!("r{i}@example.org"), "Lou")
        };
        let outcomes = together(&store, (0..7).map(limited).collect()).await;
        let outcomes: Vec<Registered> = outcomes
            .into_iter()
            .map(|o| o.unwrap().registered)
            .collect();
        let created = outcomes
            .iter()
            .filter(|o| matches!(o, Registered::Created(_)))
            .count();
        let limited = outcomes
            .iter()
            .filter(|o| matches!(o, Registered::RateLimited { retry_after: 3600 }))
            .count();
        assert_eq!((created, limited), (3, 4), "{outcomes:?}");
        assert_eq!(count(&store, "SELECT count FROM rate_limits").await, 7);
        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM webinar_registrations").await,
            3
        );
    }

    #[tokio::test]
    async fn a_sign_up_that_fails_fails_alone() {
        let (_dir, store, session) = store(10).await;
        let outcomes = together(
            &store,
            vec![
                registration(&session, "first@example.org", "Lou"),
                registration(&session, "a@example.org", "Lou"),
                registration(&session, "b@example.org", "Panique"),
                registration("no-such-session", "c@example.org", "Lou"),
                registration(&session, "d@example.org", "Lou"),
            ],
        )
        .await;
        let ok: Vec<bool> = outcomes.iter().map(Result::is_ok).collect();
        assert_eq!(ok, [true, true, false, false, true], "{outcomes:?}");
        let stored: Vec<String> =
            sqlx::query_scalar("SELECT email FROM webinar_registrations ORDER BY email")
                .fetch_all(&store.pool)
                .await
                .unwrap();
        assert_eq!(
            stored,
            ["a@example.org", "d@example.org", "first@example.org"]
        );
        assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_queue").await, 3);
    }

    #[tokio::test]
    async fn a_cancelled_session_takes_no_sign_up() {
        let (_dir, store, session) = store(10).await;
        let first = store
            .register(registration(&session, "before@example.org", "Lou"), Plain)
            .await
            .unwrap();
        assert!(matches!(first.registered, Registered::Created(_)));
        // Cancelled after a request checked it (another server's cache may still say
        // scheduled): the writer refuses the new address and the one registered before.
        sqlx::query("UPDATE webinar_sessions SET status = 'cancelled' WHERE id = $1")
            .bind(&session)
            .execute(&store.pool)
            .await
            .unwrap();
        for email in ["after@example.org", "before@example.org"] {
            let late = store
                .register(registration(&session, email, "Lou"), Plain)
                .await
                .unwrap();
            assert_eq!(late.registered, Registered::Closed, "{email}");
        }
        let kept = "SELECT COUNT(*) FROM webinar_registrations";
        assert_eq!(count(&store, kept).await, 1);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_queue").await, 1);
    }
}
