//! Outgoing mail: a queue in the database (see `store::mail`) and one worker that sends it
//! through SMTP to the configured relay, or, without a relay, into the outbox folder (the
//! demo's default, readable at `/demo/boite-mail`). Failed sends are retried with backoff.
//!
//! Each mail is sent at least once and, short of a crash, exactly once: a worker claims a few
//! mails for a lease (`Store::claim_due_mails`), so workers of several servers never take the
//! same one, and a worker that dies leaves its mails to be taken again when the lease ends.
//! The one window left, a server killed after the relay accepted a mail and before the send
//! was recorded, sends that mail again with the same `Message-ID`, which receivers treat as
//! the same message.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::config::ServeArgs;
use crate::store::{QueuedMail, Store};

/// Attempts before a mail is given up (and logged as an error).
const MAX_ATTEMPTS: i64 = 8;
/// How often the worker looks for due retries when nothing wakes it.
const POLL: Duration = Duration::from_secs(5);
/// Longest an SMTP exchange may take.
const SEND_TIMEOUT: Duration = Duration::from_secs(20);
/// How long claimed mails stay with their worker; it starts no send that could outlast it.
const LEASE_SECS: i64 = 30;
/// Mails claimed at a time.
const CLAIM: u32 = 20;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// This server's origin, for the footer's link (`with_footer`).
    origin: String,
}

impl Mailer {
    pub fn from_config(config: &ServeArgs, origin: &str) -> anyhow::Result<Mailer> {
        let from: Mailbox = config
            .mail_from
            .parse()
            .with_context(|| format!("--mail-from {:?} is not a mailbox", config.mail_from))?;
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .with_context(|| "--smtp-url must look like smtp://host:25, smtps://user:pass@host or smtp://host:587?tls=required")?
                    .timeout(Some(SEND_TIMEOUT))
                    .build(),
            ),
            None => Transport::Outbox(config.outbox_dir.clone()),
        };
        Ok(Mailer {
            transport,
            from,
            origin: origin.to_owned(),
        })
    }

    /// Whether mail goes to the local outbox folder rather than a relay.
    pub fn is_outbox(&self) -> bool {
        matches!(self.transport, Transport::Outbox(_))
    }

    async fn send(&self, mail: &QueuedMail) -> anyhow::Result<()> {
        let to: Mailbox = mail.to.parse().context("recipient")?;
        let builder = Message::builder()
            .message_id(Some(format!(
                "<{}@{}>",
                mail.message_id,
                self.from.email.domain()
            )))
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject);
        let body = with_footer(&mail.body, &self.origin, mail.site.as_deref());
        let message = match &mail.attachment {
            None => builder.body(body)?,
            Some(file) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(body))
                    .singlepart(
                        lettre::message::Attachment::new(file.name.clone())
                            .body(file.body.clone(), ContentType::parse(&file.content_type)?),
                    ),
            )?,
        };
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(format!("{:08}.eml", mail.id));
                // A name of its own: two servers sharing the folder never write one file.
                let tmp = dir.join(format!(".{:08}.{}.tmp", mail.id, mail.message_id));
                tokio::fs::write(&tmp, message.formatted()).await?;
                tokio::fs::rename(&tmp, &path).await?;
            }
        }
        Ok(())
    }
}

/// A mail's text as sent: every mail written for a site ends with the address of the page
/// where the reader can see and erase what the site holds about them (`http::personal_data`).
pub fn with_footer(body: &str, origin: &str, site: Option<&str>) -> String {
    match site {
        Some(site) => format!(
            "{}\n\n-- \nVos données\u{a0}: {}\n",
            body.trim_end(),
            data_page_link(origin, site)
        ),
        None => body.to_owned(),
    }
}

/// The reader's data page of `site` on the server at `origin`.
pub fn data_page_link(origin: &str, site: &str) -> String {
    format!(
        "{origin}/donnees?site={}",
        kiosque_protocol::encode_segment(site)
    )
}

/// Wakes the worker when a mail is queued.
#[derive(Clone, Default)]
pub struct MailSignal(Arc<Notify>);

impl MailSignal {
    pub fn queued(&self) {
        self.0.notify_one();
    }
}

/// Until the process ends: queues the webinar reminders that are due, then sends due mails.
pub fn spawn_worker(store: Store, mailer: Arc<Mailer>, signal: MailSignal) {
    tokio::spawn(async move {
        loop {
            // Reminders are queued like any mail, then sent below.
            if let Err(err) = crate::webinars::send_due_reminders(&store).await {
                tracing::error!(error = %format!("{err:#}"), "webinar reminders");
            }
            if let Err(err) = send_due(&store, &mailer).await {
                tracing::error!(error = %format!("{err:#}"), "mail queue");
            }
            tokio::select! {
                _ = signal.0.notified() => {},
                _ = tokio::time::sleep(POLL) => {},
            }
        }
    });
}

async fn send_due(store: &Store, mailer: &Mailer) -> anyhow::Result<()> {
    loop {
        let now = crate::unix_now();
        let lease_until = now + LEASE_SECS;
        let claimed = store.claim_due_mails(now, lease_until, CLAIM).await?;
        if claimed.is_empty() {
            return Ok(());
        }
        for (i, mail) in claimed.iter().enumerate() {
            // A send that could end after the lease might overlap another worker's.
            if crate::unix_now() + SEND_TIMEOUT.as_secs() as i64 + 1 >= lease_until {
                let rest: Vec<i64> = claimed[i..].iter().map(|m| m.id).collect();
                store.release_mails(&rest, crate::unix_now()).await?;
                break;
            }
            match mailer.send(mail).await {
                Ok(()) => {
                    store
                        .mail_sent(mail.id, crate::unix_now(), mailer.is_outbox())
                        .await?;
                    tracing::info!(mail = mail.id, "mail sent");
                }
                Err(err) => {
                    let attempts = mail.attempts + 1;
                    let retry_at = (attempts < MAX_ATTEMPTS).then(|| now + backoff_secs(attempts));
                    let error = format!("{err:#}");
                    if retry_at.is_some() {
                        tracing::warn!(mail = mail.id, attempts, %error, "mail not sent, will retry");
                    } else {
                        tracing::error!(mail = mail.id, attempts, %error, "mail given up");
                    }
                    store.mail_failed(mail.id, &error, retry_at).await?;
                }
            }
        }
    }
}

/// 30 s, 1 min, 2 min, … capped at one hour.
fn backoff_secs(attempts: i64) -> i64 {
    (30i64 << (attempts - 1).clamp(0, 7)).min(3600)
}

#[cfg(test)]
mod tests {
    use super::backoff_secs;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_secs(1), 30);
        assert_eq!(backoff_secs(2), 60);
        assert_eq!(backoff_secs(5), 480);
        assert_eq!(backoff_secs(8), 3600);
    }
}
