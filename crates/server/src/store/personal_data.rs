//! Finding a person: every record a site holds about one e-mail address and about the
//! anonymous reader ids its account signed in from (RGPD article 15). The erasure of the same
//! records is in `erasure.rs`; both read the same places, listed once here.

use kiosque_protocol::{Answer, HeldConsent, HeldField, HeldItem, HeldKind, PersonalData};
use sqlx::{AnyConnection, Row};

use super::Store;

/// The rate-limit counters keyed by an address, by purpose: sign-in codes (`http::auth`),
/// webinar sign-ups (`http::webinars`) and readers' data requests (`http::personal_data`).
const ADDRESS_COUNTERS: [&str; 3] = ["start", "signup", "data"];

/// The key of the counter of `purpose` (one of `ADDRESS_COUNTERS`) for `email` on `site`.
pub fn address_counter(purpose: &str, site: &str, email: &str) -> String {
    debug_assert!(ADDRESS_COUNTERS.contains(&purpose));
    format!("{purpose}:email:{site}:{email}")
}

pub(super) fn address_counters(site: &str, email: &str) -> Vec<String> {
    ADDRESS_COUNTERS
        .iter()
        .map(|p| address_counter(p, site, email))
        .collect()
}

/// What an anonymised record's address becomes: not an address (`:` is never in one), so no
/// mail is ever written to it, and unique per record as the unique indexes want.
pub(super) fn erased_marker(id: impl std::fmt::Display) -> String {
    format!("{ERASED}{id}")
}

/// The prefix of `erased_marker`.
pub const ERASED: &str = "erased:";

/// The person's account and the reader ids it signed in from, inside `conn`.
pub(super) struct Person {
    pub account: Option<(i64, i64)>,
    /// `(reader id, first seen)`.
    pub readers: Vec<(String, i64)>,
}

impl Person {
    pub(super) async fn find(
        conn: &mut AnyConnection,
        site: &str,
        email: &str,
    ) -> anyhow::Result<Person> {
        let account: Option<(i64, i64)> =
            sqlx::query_as("SELECT id, created_at FROM accounts WHERE site_id = $1 AND email = $2")
                .bind(site)
                .bind(email)
                .fetch_optional(&mut *conn)
                .await?;
        let readers = match account {
            Some((id, _)) => {
                sqlx::query_as(
                    "SELECT reader_id, first_seen FROM account_readers WHERE account_id = $1 \
                     ORDER BY first_seen, reader_id",
                )
                .bind(id)
                .fetch_all(&mut *conn)
                .await?
            }
            None => Vec::new(),
        };
        Ok(Person { account, readers })
    }

    /// The meter's keys for this person: the account's and each anonymous id's.
    pub(super) fn meter_keys(&self) -> Vec<String> {
        let account = self.account.map(|(id, _)| format!("acct:{id}"));
        account
            .into_iter()
            .chain(self.readers.iter().map(|(r, _)| format!("anon:{r}")))
            .collect()
    }
}

/// An answer list with the free text left out: what an anonymised registration or
/// questionnaire answer keeps (choices and scales count in the figures; a text may name its
/// writer).
pub(super) fn without_free_text(answers: &str) -> String {
    let mut answers: Vec<Answer> = serde_json::from_str(answers).unwrap_or_default();
    for a in &mut answers {
        a.text = None;
    }
    answers.retain(|a| !a.choices.is_empty() || a.checked.is_some() || a.scale.is_some());
    serde_json::to_string(&answers).unwrap_or_else(|_| "[]".into())
}

fn item(kind: HeldKind, place: &str, about: impl Into<String>, since: i64) -> HeldItem {
    HeldItem {
        kind,
        place: place.into(),
        about: about.into(),
        since,
        consents: Vec::new(),
        fields: Vec::new(),
    }
}

fn field(name: impl Into<String>, value: impl ToString) -> HeldField {
    HeldField {
        name: name.into(),
        value: value.to_string(),
    }
}

/// Fields for each answer: `answer:<question id>` = the text, the choices, yes/no or the scale.
fn answer_fields(answers: &str) -> Vec<HeldField> {
    let answers: Vec<Answer> = serde_json::from_str(answers).unwrap_or_default();
    answers
        .into_iter()
        .map(|a| {
            let value = if let Some(text) = a.text {
                text
            } else if let Some(checked) = a.checked {
                if checked { "oui" } else { "non" }.to_owned()
            } else if let Some(scale) = a.scale {
                format!("{scale}/5")
            } else {
                a.choices.join(", ")
            };
            field(format!("answer:{}", a.question), value)
        })
        .collect()
}

fn consent(kind: &str, version: Option<i64>, text: Option<String>) -> Option<HeldConsent> {
    Some(HeldConsent {
        kind: kind.into(),
        version: u32::try_from(version?).ok()?,
        text: text?,
    })
}

impl Store {
    /// Everything `site` holds about `email` (normalised) and its account's reader ids.
    pub async fn personal_data(
        &self,
        site: &str,
        email: &str,
        now: i64,
    ) -> anyhow::Result<PersonalData> {
        let mut conn = self.pool.acquire().await?;
        let conn = &mut *conn;
        let person = Person::find(conn, site, email).await?;
        let site_name: String = sqlx::query_scalar("SELECT name FROM sites WHERE id = $1")
            .bind(site)
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or_default();
        let mut items = Vec::new();

        if let Some((id, created_at)) = person.account {
            let mut account = item(HeldKind::Account, "accounts", "", created_at);
            account.fields.push(field("email", email));
            items.push(account);
            let sessions: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT created_at, expires_at FROM sessions WHERE account_id = $1 \
                 ORDER BY created_at",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            for (created_at, expires_at) in sessions {
                let mut session = item(HeldKind::Session, "sessions", "", created_at);
                session.fields.push(field("expires_at", expires_at));
                items.push(session);
            }
        }
        let sign_ins: Vec<(i64, i64, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT created_at, expires_at, used_at, reader_id FROM login_challenges \
             WHERE site_id = $1 AND email = $2 ORDER BY created_at, id",
        )
        .bind(site)
        .bind(email)
        .fetch_all(&mut *conn)
        .await?;
        for (created_at, expires_at, used_at, reader) in sign_ins {
            let mut sign_in = item(HeldKind::SignIn, "login_challenges", "", created_at);
            sign_in.fields.push(field("expires_at", expires_at));
            if let Some(used_at) = used_at {
                sign_in.fields.push(field("used_at", used_at));
            }
            if let Some(reader) = reader {
                sign_in.fields.push(field("reader_id", reader));
            }
            items.push(sign_in);
        }
        for (reader, first_seen) in &person.readers {
            let mut id = item(HeldKind::ReaderId, "account_readers", "", *first_seen);
            id.fields.push(field("reader_id", reader));
            items.push(id);
        }

        items.extend(registrations(conn, site, email).await?);

        let suspected: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT session_id, reason, ip, created_at FROM webinar_suspected_registrations \
             WHERE site_id = $1 AND email = $2 ORDER BY created_at, id",
        )
        .bind(site)
        .bind(email)
        .fetch_all(&mut *conn)
        .await?;
        for (session, reason, ip, created_at) in suspected {
            let mut s = item(
                HeldKind::SuspectedRegistration,
                "webinar_suspected_registrations",
                session,
                created_at,
            );
            s.fields.push(field("email", email));
            s.fields.push(field("reason", reason));
            s.fields.push(field("ip", ip));
            items.push(s);
        }

        let readers: Vec<&str> = person.readers.iter().map(|(r, _)| r.as_str()).collect();
        items.extend(survey_answers(conn, site, email, &readers).await?);

        let mails: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT subject, status, created_at, sent_at FROM mail_queue \
             WHERE recipient = $1 AND (site_id = $2 OR site_id IS NULL) ORDER BY id",
        )
        .bind(email)
        .bind(site)
        .fetch_all(&mut *conn)
        .await?;
        for (subject, status, created_at, sent_at) in mails {
            // A sent mail's subject is dropped with its body (`Store::mail_sent`).
            let about = if status == "sent" && subject == "(envoyé)" {
                String::new()
            } else {
                subject
            };
            let mut mail = item(HeldKind::Mail, "mail_queue", about, created_at);
            mail.fields.push(field("to", email));
            mail.fields.push(field("delivery", status));
            if let Some(sent_at) = sent_at {
                mail.fields.push(field("sent_at", sent_at));
            }
            items.push(mail);
        }

        for key in person.meter_keys() {
            let reads: Vec<(String, i64, i64)> = sqlx::query_as(
                "SELECT slug, read_at, counted FROM meter_reads \
                 WHERE site_id = $1 AND reader = $2 ORDER BY read_at, slug",
            )
            .bind(site)
            .bind(&key)
            .fetch_all(&mut *conn)
            .await?;
            for (slug, read_at, counted) in reads {
                let mut read = item(HeldKind::Read, "meter_reads", slug, read_at);
                read.fields.push(field("counted", counted == 1));
                items.push(read);
            }
        }
        for reader in &readers {
            items.extend(reader_records(conn, site, reader).await?);
        }

        let counters = address_counters(site, email);
        for key in &counters {
            let counter: Option<(i64, i64)> =
                sqlx::query_as("SELECT window_start, count FROM rate_limits WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&mut *conn)
                    .await?;
            if let Some((window_start, count)) = counter {
                let purpose = key.split(':').next().unwrap_or_default();
                let mut c = item(HeldKind::Counter, "rate_limits", purpose, window_start);
                c.fields.push(field("key", key));
                c.fields.push(field("count", count));
                items.push(c);
            }
        }

        let requests: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT created_at, expires_at FROM data_requests WHERE site_id = $1 AND email = $2 \
             ORDER BY created_at, id",
        )
        .bind(site)
        .bind(email)
        .fetch_all(&mut *conn)
        .await?;
        for (created_at, expires_at) in requests {
            let mut r = item(HeldKind::DataRequest, "data_requests", "", created_at);
            r.fields.push(field("email", email));
            r.fields.push(field("expires_at", expires_at));
            items.push(r);
        }

        // Kinds in their declared order, oldest first within each.
        items.sort_by_key(|i| (i.kind, i.since));
        Ok(PersonalData {
            site: site.into(),
            site_name,
            email: email.into(),
            generated_at: now,
            reader_ids: person.readers.into_iter().map(|(r, _)| r).collect(),
            items,
        })
    }

    /// Records a reader's request to see their data and queues the mail with its link, in one
    /// transaction: both or neither.
    pub async fn create_data_request(
        &self,
        site: &str,
        email: &str,
        token_hash: &str,
        now: i64,
        expires_at: i64,
        mail: super::NewMail<'_>,
    ) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO data_requests (site_id, email, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(site)
        .bind(email)
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        super::mail::enqueue(&mut tx, mail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The address of a reader's data request whose secret hashes to `token_hash`, while it
    /// has not expired.
    pub async fn data_request(
        &self,
        site: &str,
        token_hash: &str,
        now: i64,
    ) -> anyhow::Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT email FROM data_requests WHERE site_id = $1 AND token_hash = $2 \
             AND expires_at > $3",
        )
        .bind(site)
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }
}

async fn registrations(
    conn: &mut AnyConnection,
    site: &str,
    email: &str,
) -> anyhow::Result<Vec<HeldItem>> {
    let rows = sqlx::query(
        "SELECT r.session_id, s.title, s.starts_at, s.time_zone, r.first_name, r.last_name, \
         r.organisation, r.job_title, r.status, r.consent_processing_version, \
         r.consent_processing_text, r.consent_marketing_version, r.consent_marketing_text, \
         r.source_page, r.answers, r.created_at, r.updated_at \
         FROM webinar_registrations r \
         JOIN webinar_sessions s ON s.site_id = r.site_id AND s.id = r.session_id \
         WHERE r.site_id = $1 AND r.email = $2 ORDER BY r.created_at, r.id",
    )
    .bind(site)
    .bind(email)
    .fetch_all(&mut *conn)
    .await?;
    let mut items = Vec::new();
    for row in rows {
        let title: String = row.try_get("title")?;
        let session: String = row.try_get("session_id")?;
        let mut r = item(
            HeldKind::Registration,
            "webinar_registrations",
            format!("{title} ({session})"),
            row.try_get("created_at")?,
        );
        r.fields.push(field("email", email));
        for name in [
            "first_name",
            "last_name",
            "organisation",
            "job_title",
            "status",
            "starts_at",
            "time_zone",
            "source_page",
        ] {
            let value: String = row.try_get(name)?;
            if !value.is_empty() {
                r.fields.push(field(name, value));
            }
        }
        r.fields
            .push(field("updated_at", row.try_get::<i64, _>("updated_at")?));
        r.fields
            .extend(answer_fields(&row.try_get::<String, _>("answers")?));
        r.consents.extend(consent(
            "processing",
            row.try_get("consent_processing_version")?,
            row.try_get("consent_processing_text")?,
        ));
        r.consents.extend(consent(
            "marketing",
            row.try_get("consent_marketing_version")?,
            row.try_get("consent_marketing_text")?,
        ));
        items.push(r);
    }
    Ok(items)
}

/// The answers given with `email`, and those given under `readers`.
async fn survey_answers(
    conn: &mut AnyConnection,
    site: &str,
    email: &str,
    readers: &[&str],
) -> anyhow::Result<Vec<HeldItem>> {
    const SELECT: &str = "SELECT a.survey_id, s.title, a.reader, a.answers, a.email, \
         a.consent_version, a.consent_text, a.created_at, a.updated_at FROM survey_answers a \
         JOIN surveys s ON s.site_id = a.site_id AND s.id = a.survey_id WHERE a.site_id = $1";
    let mut rows = sqlx::query(&format!("{SELECT} AND a.email = $2"))
        .bind(site)
        .bind(email)
        .fetch_all(&mut *conn)
        .await?;
    for reader in readers {
        rows.extend(
            sqlx::query(&format!(
                "{SELECT} AND a.reader = $2 AND (a.email IS NULL OR a.email <> $3)"
            ))
            .bind(site)
            .bind(reader)
            .bind(email)
            .fetch_all(&mut *conn)
            .await?,
        );
    }
    let mut items = Vec::new();
    for row in rows {
        let survey: String = row.try_get("survey_id")?;
        let title: String = row.try_get("title")?;
        let mut a = item(
            HeldKind::SurveyAnswer,
            "survey_answers",
            format!("{title} ({survey})"),
            row.try_get("created_at")?,
        );
        if let Some(given) = row.try_get::<Option<String>, _>("email")? {
            a.fields.push(field("email", given));
        }
        a.fields
            .push(field("reader_id", row.try_get::<String, _>("reader")?));
        a.fields
            .push(field("updated_at", row.try_get::<i64, _>("updated_at")?));
        a.fields
            .extend(answer_fields(&row.try_get::<String, _>("answers")?));
        a.consents.extend(consent(
            "survey_email",
            row.try_get("consent_version")?,
            row.try_get("consent_text")?,
        ));
        items.push(a);
    }
    Ok(items)
}

/// A reader id's analytics events and attributed subscriptions.
async fn reader_records(
    conn: &mut AnyConnection,
    site: &str,
    reader: &str,
) -> anyhow::Result<Vec<HeldItem>> {
    type Record = (String, Option<String>, Option<String>, Option<String>, i64);
    let events: Vec<Record> = sqlx::query_as(
        "SELECT kind, offer_id, series_id, session_id, at FROM events \
         WHERE site_id = $1 AND reader_id = $2 ORDER BY at, id",
    )
    .bind(site)
    .bind(reader)
    .fetch_all(&mut *conn)
    .await?;
    let conversions: Vec<Record> = sqlx::query_as(
        "SELECT kind, offer_id, series_id, session_id, at FROM conversions \
         WHERE site_id = $1 AND reader_id = $2 ORDER BY at, id",
    )
    .bind(site)
    .bind(reader)
    .fetch_all(&mut *conn)
    .await?;
    let records = events
        .into_iter()
        .map(|r| (HeldKind::Event, "events", r))
        .chain(
            conversions
                .into_iter()
                .map(|r| (HeldKind::Conversion, "conversions", r)),
        );
    Ok(records
        .map(|(kind, place, (what, offer, series, session, at))| {
            let about = offer.or(session).or(series).unwrap_or_default();
            let mut i = item(kind, place, about, at);
            i.fields.push(field("kind", what));
            i.fields.push(field("reader_id", reader));
            i
        })
        .collect())
}
