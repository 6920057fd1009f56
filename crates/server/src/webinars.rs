//! Webinars: session times in their IANA zone, anti-spam, reminders; validating forms, the
//! calendar file and the mails in the submodules. SQL is in `store`; HTTP in `http::webinars`; what readers see of a series in `public`.

mod calendar;
mod mail;
pub mod manage;
mod public;
mod validate;

pub use calendar::{ics, CalendarEvent};
use mail::reminder_mail;
pub use mail::SessionMail;
pub use public::{consents, series_view, session_view};
pub use validate::{clean, validate, validate_series, validate_session, ValidRegistration};

use anyhow::{anyhow, Context};
use chrono::{DateTime, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// A session's wall-clock time (`2026-12-03T15:30:00`) in `zone`, as an instant. A local time
/// that does not exist (skipped by a DST change) is an error; an ambiguous one takes the
/// earlier instant.
pub fn instant(local: &str, zone: &str) -> anyhow::Result<DateTime<Tz>> {
    let tz: Tz = zone
        .parse()
        .map_err(|_| anyhow!("unknown time zone {zone:?}"))?;
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")
        .with_context(|| format!("bad local time {local:?}"))?;
    tz.from_local_datetime(&naive)
        .earliest()
        .ok_or_else(|| anyhow!("{local} does not exist in {zone}"))
}

/// A double opt-in link works this long; after that the address may sign up afresh.
pub const PENDING_TTL_SECS: i64 = 48 * 3600;

/// The same address signing up again gets its mail again, but at most this often (counted
/// from the last mail about that registration), so the form cannot be used to flood a mailbox.
pub const RESEND_AFTER_SECS: i64 = 10 * 60;

/// Sign-up attempts for one address on one site: 10 an hour.
pub const SIGNUPS_PER_ADDRESS: (u32, i64) = (10, 3600);

/// Below this, a form was filled by a machine, not a person.
pub const MIN_FILL_MS: u32 = 3000;

/// Why a form (a sign-up, a survey's answer) looks automated, if it does: its honeypot
/// `website` filled, or sent `fill_ms` after it appeared, faster than a person types.
pub fn suspicion(website: &str, fill_ms: Option<u32>) -> Option<&'static str> {
    if !website.trim().is_empty() {
        Some("honeypot")
    } else if fill_ms.is_some_and(|ms| ms < MIN_FILL_MS) {
        Some("too_fast")
    } else {
        None
    }
}

/// The reminders, by kind: the day before, then the hour before.
const REMINDERS: [(&str, i64); 2] = [("day", 24 * 3600), ("hour", 3600)];

/// Which reminder is due `until_start` seconds before a session, if any: the hour reminder in
/// the last hour, the day reminder in the day before that.
pub fn reminder_due(until_start: i64) -> Option<(&'static str, i64)> {
    match until_start {
        s if s <= 0 => None,
        s if s <= REMINDERS[1].1 => Some(REMINDERS[1]),
        s if s <= REMINDERS[0].1 => Some(REMINDERS[0]),
        _ => None,
    }
}

/// Sends the reminders that are due, for every site, once each (the database remembers what
/// was sent, so restarts and several workers never send one twice).
pub async fn send_due_reminders(store: &crate::store::Store) -> anyhow::Result<usize> {
    let now = chrono::Utc::now();
    let mut queued = 0;
    for (site_id, session) in store.scheduled_sessions().await? {
        let starts = instant(&session.starts_at, &session.time_zone)?;
        let until = (starts.with_timezone(&chrono::Utc) - now).num_seconds();
        let Some((kind, window)) = reminder_due(until) else {
            continue;
        };
        let Some(site) = store.site(&site_id).await? else {
            continue;
        };
        let ends = instant(&session.ends_at, &session.time_zone)?;
        let when = crate::french::session_when(&starts, &ends);
        // Who registered after the reminder time has just had the confirmation: no reminder.
        let window_opened = starts.timestamp() - window;
        for due in store
            .reminders_due(&site.id, &session.id, kind, window_opened)
            .await?
        {
            let (subject, body) =
                reminder_mail(&site.name, &due.first_name, &session.title, &when, kind);
            let mail = crate::store::NewMail {
                site: &site.id,
                to: &due.email,
                subject: &subject,
                body: &body,
                attachment: None,
            };
            if store
                .send_reminder(due.registration_id, kind, mail, now.timestamp())
                .await?
            {
                queued += 1;
            }
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn the_right_reminder_is_due() {
        assert_eq!(reminder_due(3 * 24 * 3600), None);
        assert_eq!(reminder_due(20 * 3600).map(|r| r.0), Some("day"));
        assert_eq!(reminder_due(3600).map(|r| r.0), Some("hour"));
        assert_eq!(reminder_due(60).map(|r| r.0), Some("hour"));
        assert_eq!(reminder_due(0), None);
        assert_eq!(reminder_due(-60), None);
    }

    #[test]
    fn local_times_become_instants_in_their_zone() {
        let winter = instant("2026-12-03T15:30:00", "Europe/Paris").unwrap();
        assert_eq!(
            winter.with_timezone(&Utc).to_rfc3339(),
            "2026-12-03T14:30:00+00:00"
        );
        let summer = instant("2027-06-03T15:30:00", "Europe/Paris").unwrap();
        assert_eq!(
            summer.with_timezone(&Utc).to_rfc3339(),
            "2027-06-03T13:30:00+00:00"
        );
        assert!(
            instant("2027-03-28T02:30:00", "Europe/Paris").is_err(),
            "skipped by DST"
        );
        assert!(instant("2026-12-03T15:30:00", "Mars/Olympus").is_err());
    }
}
