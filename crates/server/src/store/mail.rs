//! The outgoing mail queue.

use super::{Backend, Store};

pub struct NewMail<'a> {
    /// The site the mail is written for (its footer links to that site's data page).
    pub site: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub attachment: Option<Attachment>,
}

/// A mail as composed before it is queued: subject, text, and a file if any.
pub type ComposedMail = (String, String, Option<Attachment>);

/// A file sent with a mail (the calendar file of a webinar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct QueuedMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachment: Option<Attachment>,
    pub attempts: i64,
    /// The site it was written for (`None` if queued before sites were recorded).
    pub site: Option<String>,
    /// The left part of the mail's `Message-ID`, the same for every attempt.
    pub message_id: String,
}

/// A mail as listed in the demo outbox page.
#[derive(Debug, Clone)]
pub struct MailRecord {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub created_at: i64,
    pub site: Option<String>,
}

/// Queues a mail inside the caller's transaction.
pub(super) async fn enqueue(
    tx: &mut sqlx::AnyConnection,
    mail: NewMail<'_>,
    now: i64,
) -> anyhow::Result<()> {
    enqueue_all(tx, &[mail], now).await
}

/// Queues mails inside the caller's transaction, in one statement.
pub(super) async fn enqueue_all(
    tx: &mut sqlx::AnyConnection,
    mails: &[NewMail<'_>],
    now: i64,
) -> anyhow::Result<()> {
    if mails.is_empty() {
        return Ok(());
    }
    let rows = super::placeholders(mails.len(), 10, 1);
    let sql = format!(
        "INSERT INTO mail_queue (recipient, subject, body_text, next_attempt_at, created_at, \
         attachment_name, attachment_type, attachment_body, message_id, site_id) VALUES {rows}"
    );
    let mut query = sqlx::query(&sql);
    for mail in mails {
        let attachment = mail.attachment.as_ref();
        query = query
            .bind(mail.to)
            .bind(mail.subject)
            .bind(mail.body)
            .bind(now)
            .bind(now)
            .bind(attachment.map(|a| &a.name))
            .bind(attachment.map(|a| &a.content_type))
            .bind(attachment.map(|a| &a.body))
            .bind(crate::accounts::new_secret())
            .bind(mail.site);
    }
    query.execute(&mut *tx).await?;
    Ok(())
}

impl Store {
    /// Takes up to `limit` due mails for one worker until `lease_until`: they are due again
    /// only then, so another worker (another server on the same database) passes them by, and
    /// a worker that dies with them leaves them to whoever looks after the lease.
    pub async fn claim_due_mails(
        &self,
        now: i64,
        lease_until: i64,
        limit: u32,
    ) -> anyhow::Result<Vec<QueuedMail>> {
        // One statement, so two workers can never claim the same row. SQLite runs one write
        // at a time, and the second one's selection sees the first one's lease. On PostgreSQL
        // the due rows are locked once, in a materialised selection (as a subquery of the
        // update, its `LIMIT` was not kept: a unit test claimed 3 mails of 2), `SKIP LOCKED`
        // passing by the rows another worker is taking, and a row leased meanwhile is checked
        // again and left out.
        let returning = "RETURNING mail_queue.id, recipient, subject, body_text, attempts, \
                         attachment_name, attachment_type, attachment_body, message_id, site_id";
        let sql = match self.backend {
            Backend::Sqlite => format!(
                "UPDATE mail_queue SET next_attempt_at = $1 WHERE id IN (\
                   SELECT id FROM mail_queue WHERE status = 'pending' AND next_attempt_at <= $2 \
                   ORDER BY id LIMIT $3) {returning}"
            ),
            Backend::Postgres => format!(
                "WITH due AS MATERIALIZED (\
                   SELECT id FROM mail_queue WHERE status = 'pending' AND next_attempt_at <= $2 \
                   ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
                 UPDATE mail_queue SET next_attempt_at = $1 FROM due \
                 WHERE mail_queue.id = due.id {returning}"
            ),
        };
        let rows = self
            .write(Box::new(move |conn| {
                Box::pin(async move {
                    Ok(sqlx::query(&sql)
                        .bind(lease_until)
                        .bind(now)
                        .bind(i64::from(limit))
                        .fetch_all(&mut *conn)
                        .await?)
                })
            }))
            .await?;
        let mut mails = rows
            .iter()
            .map(|row| {
                use sqlx::Row;
                let name: Option<String> = row.try_get("attachment_name")?;
                let attachment = match name {
                    Some(name) => Some(Attachment {
                        name,
                        content_type: row.try_get("attachment_type")?,
                        body: row.try_get("attachment_body")?,
                    }),
                    None => None,
                };
                let id: i64 = row.try_get("id")?;
                let message_id: Option<String> = row.try_get("message_id")?;
                Ok(QueuedMail {
                    id,
                    to: row.try_get("recipient")?,
                    subject: row.try_get("subject")?,
                    body: row.try_get("body_text")?,
                    attachment,
                    attempts: row.try_get("attempts")?,
                    site: row.try_get("site_id")?,
                    // Queued before Message-IDs were kept: one made from the row.
                    message_id: message_id.unwrap_or_else(|| format!("queued-{id}")),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        mails.sort_by_key(|m| m.id);
        Ok(mails)
    }

    /// Gives back claimed mails that were not tried, due at once.
    pub async fn release_mails(&self, ids: &[i64], now: i64) -> anyhow::Result<()> {
        for id in ids {
            sqlx::query(
                "UPDATE mail_queue SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending'",
            )
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// Records a sent mail. Its subject, body and attachment (sign-in codes and links, cancel
    /// and confirm links) are dropped with it unless `keep_body`: only the demo's local outbox,
    /// which shows them in its mailbox page, keeps them.
    pub async fn mail_sent(&self, id: i64, now: i64, keep_body: bool) -> anyhow::Result<()> {
        self.write(Box::new(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "UPDATE mail_queue SET status = 'sent', sent_at = $1, attempts = attempts + 1, \
             body_text = CASE WHEN $2 THEN body_text ELSE '' END, \
             subject = CASE WHEN $3 THEN subject ELSE '(envoyé)' END, \
             attachment_body = CASE WHEN $4 THEN attachment_body ELSE NULL END WHERE id = $5",
                )
                .bind(now)
                .bind(keep_body)
                .bind(keep_body)
                .bind(keep_body)
                .bind(id)
                .execute(&mut *conn)
                .await?;
                Ok(())
            })
        }))
        .await
    }

    /// Records a failed attempt: retried at `retry_at`, or given up when `None`.
    pub async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> anyhow::Result<()> {
        // A mail given up keeps its recipient, subject and error for the record, never its
        // body: the secrets in it are of no use to anyone any more.
        let error = error.to_owned();
        self.write(Box::new(move |conn| {
            Box::pin(async move {
                sqlx::query(
                    "UPDATE mail_queue SET attempts = attempts + 1, last_error = $1, \
             status = CASE WHEN $2 IS NULL THEN 'failed' ELSE 'pending' END, \
             body_text = CASE WHEN $3 IS NULL THEN '' ELSE body_text END, \
             subject = CASE WHEN $4 IS NULL THEN '(abandonné)' ELSE subject END, \
             attachment_body = CASE WHEN $5 IS NULL THEN NULL ELSE attachment_body END, \
             next_attempt_at = COALESCE($6, next_attempt_at) WHERE id = $7",
                )
                .bind(error)
                .bind(retry_at)
                .bind(retry_at)
                .bind(retry_at)
                .bind(retry_at)
                .bind(retry_at)
                .bind(id)
                .execute(&mut *conn)
                .await?;
                Ok(())
            })
        }))
        .await
    }

    /// The newest mails, for the demo's outbox page.
    pub async fn recent_mails(&self, limit: u32) -> anyhow::Result<Vec<MailRecord>> {
        let rows: Vec<(String, String, String, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT recipient, subject, body_text, status, created_at, site_id FROM mail_queue \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(to, subject, body, status, created_at, site)| MailRecord {
                to,
                subject,
                body,
                status,
                created_at,
                site,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(mails: &[QueuedMail]) -> Vec<i64> {
        mails.iter().map(|m| m.id).collect()
    }

    #[tokio::test]
    async fn a_claimed_mail_is_no_other_workers_until_its_lease_ends() {
        let dir = tempfile::tempdir().unwrap();
        let url = super::super::test_database_url(&dir).await;
        let store = Store::connect(&url).await.unwrap();
        let mut conn = store.pool.acquire().await.unwrap();
        for n in 0..3 {
            let to = format!("lecteur-{n}@exemple.fr");
            let mail = NewMail {
                site: "s",
                to: &to,
                subject: "Votre inscription",
                body: "…",
                attachment: None,
            };
            enqueue(&mut conn, mail, 100).await.unwrap();
        }
        drop(conn);

        let first = store.claim_due_mails(100, 130, 2).await.unwrap();
        assert_eq!(ids(&first), [1, 2]);
        let second = store.claim_due_mails(100, 130, 20).await.unwrap();
        assert_eq!(ids(&second), [3], "a second worker gets only the rest");
        assert!(store
            .claim_due_mails(129, 160, 20)
            .await
            .unwrap()
            .is_empty());

        // The workers died: when the lease ends the mails are due again, with the same
        // Message-IDs, so a copy the relay had already taken is the same message.
        let again = store.claim_due_mails(130, 160, 20).await.unwrap();
        assert_eq!(ids(&again), [1, 2, 3]);
        let message_ids =
            |m: &[QueuedMail]| m.iter().map(|m| m.message_id.clone()).collect::<Vec<_>>();
        assert_eq!(message_ids(&again[..2]), message_ids(&first));
        assert_ne!(again[0].message_id, again[1].message_id);

        // Given back untried: due at once. Sent: never again.
        store.release_mails(&[2, 3], 131).await.unwrap();
        store.mail_sent(2, 131, false).await.unwrap();
        assert_eq!(
            ids(&store.claim_due_mails(131, 161, 20).await.unwrap()),
            [3]
        );
    }
}
