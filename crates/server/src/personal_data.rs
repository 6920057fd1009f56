//! Readers' rights: finding, exporting and erasing what a site holds about one e-mail address
//! (RGPD articles 15 and 17). The console, the admin API and the reader's own page
//! (`http::personal_data`) all go through here; the SQL is in `store::personal_data` and
//! `store::erasure`, the readable document in `document.rs`.

pub mod document;

use std::collections::HashMap;

use kiosque_protocol::{Erasure, PersonalData};

use crate::store::{Erased, Site};
use crate::webinars::SessionMail;
use crate::AppState;

/// Everything `site` holds about `email`; `None` when it is not an address.
pub async fn find(
    state: &AppState,
    site: &Site,
    email: &str,
) -> anyhow::Result<Option<PersonalData>> {
    let Some(email) = crate::accounts::normalise_email(email) else {
        return Ok(None);
    };
    let data = state
        .store
        .personal_data(&site.id, &email, crate::unix_now())
        .await?;
    Ok(Some(data))
}

/// Erases `email` (already normalised) on `site`, as `asked_by` asked; a seat it frees goes to
/// the first waitlisted, whose mail is sent.
pub async fn erase(
    state: &AppState,
    site: &Site,
    email: &str,
    asked_by: &str,
) -> anyhow::Result<Erasure> {
    // The sessions to free are read first, for their mails; one that appears meanwhile (the
    // person signed up again) sends us round once more.
    for _ in 0..3 {
        let now = crate::unix_now();
        let mut mails = HashMap::new();
        for session in state.store.sessions_to_free(&site.id, email, now).await? {
            if let Some(row) = state.store.webinar_session(&site.id, &session).await? {
                mails.insert(session, SessionMail::new(&state.server_origin, site, &row)?);
            }
        }
        match state
            .store
            .erase_personal_data(&site.id, email, asked_by, now, &mails)
            .await?
        {
            Erased::Done(erasure) => {
                state.mail_queued.queued();
                tracing::info!(site = %site.id, erasure = erasure.id, %asked_by, "personal data erased");
                return Ok(erasure);
            }
            Erased::NeedsSessions => continue,
        }
    }
    anyhow::bail!("the person kept signing up to new sessions during the erasure")
}
