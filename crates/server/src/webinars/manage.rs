//! What a site's admins do to webinars, whether through the admin API (`http::admin`,
//! `http::admin_registrations`) or the console (`console::webinars*`): the same checks, the
//! same store operations (one transaction each), the same mails.

use kiosque_protocol::{ConsentText, FieldError, SeriesInput, SessionInput, SessionStatus};

use super::{clean, validate_series, validate_session, SessionMail};
use crate::mail::MailSignal;
use crate::store::{
    Approval, Cancellation, Promotion, RegistrationRow, SessionRow, SessionSaved, Site, Store,
    Target,
};

fn field_error(field: &str, code: impl Into<String>) -> Vec<FieldError> {
    vec![FieldError {
        field: field.into(),
        code: code.into(),
    }]
}

/// Ids in admin paths become public identifiers: `a-z 0-9 -`, 1 to 64 characters.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether a save created the thing or replaced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created,
    Updated,
}

/// Creates or replaces a series, after checking its id (`id`: `invalid_id`) and its fields.
pub async fn save_series(
    store: &Store,
    site: &str,
    id: &str,
    input: &SeriesInput,
) -> anyhow::Result<Result<Saved, Vec<FieldError>>> {
    if !valid_id(id) {
        return Ok(Err(field_error("id", "invalid_id")));
    }
    if let Err(errors) = validate_series(input) {
        return Ok(Err(errors));
    }
    let created = store.upsert_series(site, id, input).await?;
    Ok(Ok(if created {
        Saved::Created
    } else {
        Saved::Updated
    }))
}

/// Why a session was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionRefused {
    /// Wrong fields; a capacity below the seats confirmed is `capacity`:
    /// `below_confirmed:{confirmed}`.
    Fields(Vec<FieldError>),
    NoSuchSeries,
}

/// Creates or replaces a session of a series, after checking its id and its fields; the store
/// checks the capacity against the seats already confirmed in the same transaction.
pub async fn save_session(
    store: &Store,
    site: &str,
    series: &str,
    id: &str,
    input: &SessionInput,
) -> anyhow::Result<Result<Saved, SessionRefused>> {
    if !valid_id(id) {
        return Ok(Err(SessionRefused::Fields(field_error("id", "invalid_id"))));
    }
    if let Err(errors) = validate_session(input) {
        return Ok(Err(SessionRefused::Fields(errors)));
    }
    Ok(match store.upsert_session(site, series, id, input).await? {
        SessionSaved::Created => Ok(Saved::Created),
        SessionSaved::Updated => Ok(Saved::Updated),
        SessionSaved::NoSuchSeries => Err(SessionRefused::NoSuchSeries),
        SessionSaved::BelowConfirmed(confirmed) => Err(SessionRefused::Fields(field_error(
            "capacity",
            format!("below_confirmed:{confirmed}"),
        ))),
    })
}

/// A new version of a consent text (`processing` or `marketing`), cleaned; its version.
pub async fn publish_consent(
    store: &Store,
    site: &str,
    kind: &str,
    text: &str,
    translations: &std::collections::BTreeMap<String, String>,
) -> anyhow::Result<Result<ConsentText, Vec<FieldError>>> {
    let mut errors = Vec::new();
    if kind != "processing" && kind != "marketing" {
        errors.extend(field_error("kind", "unknown_kind"));
    }
    if kiosque_protocol::blank(text) {
        errors.extend(field_error("text", "required"));
    }
    let text = clean(text);
    let mut kept = crate::store::Translations::new();
    for (code, translated) in translations {
        if !kiosque_protocol::Lang::ALL
            .iter()
            .any(|l| l.as_str() == code)
        {
            errors.extend(field_error(&format!("translations.{code}"), "unknown_lang"));
            continue;
        }
        let translated = clean(translated);
        if !translated.is_empty() {
            kept.insert(code.clone(), translated);
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let version = store
        .add_consent_version(site, kind, &text, &kept, crate::unix_now())
        .await?;
    Ok(Ok(ConsentText { version, text }))
}

/// Cancels a scheduled session: registration closes, and everyone confirmed or waitlisted is
/// told by e-mail (one transaction). `false` when the session is not scheduled.
pub async fn cancel_session(
    store: &Store,
    mail_queued: &MailSignal,
    site: &Site,
    session: &SessionRow,
) -> anyhow::Result<bool> {
    let notice = |first_name: &str| {
        (
            format!("Annulé : {}", session.title),
            format!(
                "Bonjour {first_name},\n\nNous sommes désolés : le webinaire « {} » est annulé. \
                 Votre inscription est close, vous n’avez rien à faire.\n\n{}\n",
                session.title, site.name
            ),
        )
    };
    let now = crate::unix_now();
    let cancelled = store
        .cancel_session(&site.id, &session.id, now, notice)
        .await?;
    if cancelled {
        mail_queued.queued();
    }
    Ok(cancelled)
}

/// What an admin does to one registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Its seat goes to the first waitlisted (who is mailed); a reader who was confirmed or
    /// waitlisted gets a notice. Cancelling it again changes nothing. Any session.
    Cancel,
    /// A pending (double opt-in) registration goes through the capacity decision like a direct
    /// sign-up, without the link's expiry; the reader gets the confirmation or the waitlist mail.
    Approve,
    /// A chosen waitlisted registration takes a free seat and gets the calendar file.
    Promote,
}

/// Why an action changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No such registration on the site.
    Unknown,
    /// Its session is gone.
    NoSession,
    /// Approve and promote only act in a session still scheduled.
    Closed,
    NotPending,
    NotWaitlisted,
    /// No seat free (and, to approve, no waitlist).
    Full,
}

/// Acts on one registration of the site, in one store transaction with the mails it causes.
pub async fn act(
    store: &Store,
    mail_queued: &MailSignal,
    server_origin: &str,
    site: &Site,
    id: i64,
    action: Action,
) -> anyhow::Result<Result<(), Refusal>> {
    let Some(registration) = store.registration_ref(&site.id, Target::Id(id)).await? else {
        return Ok(Err(Refusal::Unknown));
    };
    let session = store
        .webinar_session(&site.id, &registration.session_id)
        .await?;
    let Some(session) = session else {
        return Ok(Err(Refusal::NoSession));
    };
    if action != Action::Cancel && session.status != SessionStatus::Scheduled {
        return Ok(Err(Refusal::Closed));
    }
    let mails = SessionMail::new(server_origin, site, &session)?;
    let now = crate::unix_now();
    let target = Target::Id(id);
    let outcome = match action {
        Action::Cancel => {
            match store
                .cancel_registration(&site.id, target, true, now, &mails)
                .await?
            {
                Cancellation::Done { .. } | Cancellation::AlreadyCancelled => Ok(()),
                Cancellation::Unknown => Err(Refusal::Unknown),
            }
        }
        // Without the expiry check the store never answers `Expired`; both mean "not now".
        Action::Approve => match store.approve(&site.id, target, false, now, &mails).await? {
            Approval::Done(_) => Ok(()),
            Approval::NotPending(_) | Approval::Expired => Err(Refusal::NotPending),
            Approval::Full => Err(Refusal::Full),
            Approval::Unknown => Err(Refusal::Unknown),
        },
        Action::Promote => {
            match store
                .promote_registration(&site.id, id, now, &mails)
                .await?
            {
                Promotion::Done => Ok(()),
                Promotion::NotWaitlisted(_) => Err(Refusal::NotWaitlisted),
                Promotion::Full => Err(Refusal::Full),
                Promotion::Unknown => Err(Refusal::Unknown),
            }
        }
    };
    // Whatever the change mailed is queued; waking the worker when it mailed nobody is free.
    mail_queued.queued();
    Ok(outcome)
}

/// A session's registrations as CSV (UTF-8 with a BOM, for spreadsheets), formula-safe.
pub fn registrations_csv(rows: &[RegistrationRow]) -> String {
    let mut csv = String::from("\u{feff}id,email,first_name,last_name,organisation,job_title,status,consent_processing_version,consent_marketing_version,source_page,created_at\r\n");
    for r in rows {
        let cells = [
            r.id.to_string(),
            r.email.clone(),
            r.first_name.clone(),
            r.last_name.clone(),
            r.organisation.clone(),
            r.job_title.clone(),
            r.status.as_str().to_owned(),
            r.consent_processing_version.to_string(),
            r.consent_marketing_version
                .map(|v| v.to_string())
                .unwrap_or_default(),
            r.source_page.clone(),
            r.created_at.to_string(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    csv
}

/// The `Content-Disposition` of a session's CSV.
pub fn csv_disposition(session: &str) -> String {
    // A header value takes no control character; a file name wants none of the rest.
    let name: String = session
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("attachment; filename=\"inscriptions-{name}.csv\"")
}

/// The characters a spreadsheet may read as the start of a formula, half- and full-width.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Formula-looking text neutralised with a leading `'` (also behind leading spaces, which
/// spreadsheets skip): a registrant's "=HYPERLINK(…)" stays text in the marketer's sheet.
pub fn formula_safe(value: &str) -> std::borrow::Cow<'_, str> {
    if value
        .trim_start_matches([' ', '\u{a0}', '\u{3000}'])
        .starts_with(FORMULA_STARTS)
    {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// One CSV cell: formula-safe, then quoted when needed.
pub fn csv_cell(value: &str) -> String {
    let value = formula_safe(value);
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_never_become_formulas() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv_cell("+33 6 12"), "'+33 6 12");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("Dupont, Claire"), "\"Dupont, Claire\"");
        assert_eq!(csv_cell("Claire"), "Claire");
        // Behind spaces, and the full-width forms some spreadsheets also read as formulas.
        assert_eq!(csv_cell("  =1+1"), "'  =1+1");
        assert_eq!(csv_cell("\u{a0}@SUM(A1)"), "'\u{a0}@SUM(A1)");
        assert_eq!(csv_cell("＝HYPERLINK(1)"), "'＝HYPERLINK(1)");
        assert_eq!(csv_cell("＋33"), "'＋33");
        assert_eq!(csv_cell("－1"), "'－1");
        assert_eq!(csv_cell("＠x"), "'＠x");
        assert_eq!(csv_cell("  Claire"), "  Claire");
    }
}
