//! Webinars as readers see them: a series with its sessions as they stand now (seats left,
//! whether registration is open, the replay when it is public) and the site's consent texts.
//! The public API answers with it, and so does the console's preview of a sign-up form.

use chrono::Utc;
use kiosque_protocol::{ConsentText, ReplayAudience, SessionStatus, WebinarSeries, WebinarSession};

use crate::store::{SessionRow, Site, Store};

/// A session's public view, with its times as instants in its zone.
pub fn session_view(s: &SessionRow, now: chrono::DateTime<Utc>) -> anyhow::Result<WebinarSession> {
    let starts = super::instant(&s.starts_at, &s.time_zone)?;
    let ends = super::instant(&s.ends_at, &s.time_zone)?;
    let closes = match &s.registration_closes_at {
        Some(local) => super::instant(local, &s.time_zone)?,
        None => starts,
    };
    Ok(WebinarSession {
        id: s.id.clone(),
        title: s.title.clone(),
        description: s.description.clone(),
        starts_at: starts.to_rfc3339(),
        ends_at: ends.to_rfc3339(),
        time_zone: s.time_zone.clone(),
        capacity: s.capacity,
        seats_left: s.seats_left(),
        waitlist: s.waitlist,
        status: s.status,
        registration_open: s.status == SessionStatus::Scheduled && now < closes,
        hosts: s.hosts.clone(),
        speakers: s.speakers.clone(),
        points: s.points.clone(),
        replay_url: public_replay(s, now)?,
    })
}

/// The replay's link for everyone: only when the admin opened it to everyone, and until its
/// end date if it has one.
fn public_replay(s: &SessionRow, now: chrono::DateTime<Utc>) -> anyhow::Result<Option<String>> {
    if s.replay_audience != ReplayAudience::Everyone {
        return Ok(None);
    }
    if let Some(until) = &s.replay_until {
        if super::instant(until, &s.time_zone)? <= now {
            return Ok(None);
        }
    }
    Ok(s.replay_url.clone())
}

/// The consent texts a reader of `lang` reads (and, signing up, agrees to): processing, then
/// marketing. Every site has both (made with the site).
pub async fn consents(
    store: &Store,
    site: &Site,
    lang: Option<kiosque_protocol::Lang>,
) -> anyhow::Result<(ConsentText, ConsentText)> {
    match store.consent_texts(&site.id, lang).await? {
        (Some(processing), Some(marketing)) => Ok((processing, marketing)),
        _ => anyhow::bail!("site {} has no consent texts", site.id),
    }
}

/// The series `series_id` of `site` for a reader of `lang` at `now`; `None` when the site has
/// no such series.
pub async fn series_view(
    store: &Store,
    site: &Site,
    series_id: &str,
    lang: Option<kiosque_protocol::Lang>,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<Option<WebinarSeries>> {
    let Some((series, sessions)) = store.webinar_series(&site.id, series_id).await? else {
        return Ok(None);
    };
    let (consent_processing, consent_marketing) = consents(store, site, lang).await?;
    let sessions = sessions
        .iter()
        .map(|s| session_view(s, now))
        .collect::<anyhow::Result<_>>()?;
    let mut answer = WebinarSeries {
        id: series.id,
        title: series.title,
        description: series.description,
        sessions,
        questions: series.questions,
        double_opt_in: series.double_opt_in,
        consent_processing,
        consent_marketing,
    };
    // Written in the site's language (a series has no translations).
    crate::typography::series(site.lang(), &mut answer);
    Ok(Some(answer))
}
