//! The pages the registration mails link to: cancelling, and confirming a double opt-in
//! registration. A GET only shows a page, with a button when the link can still do something;
//! the button posts and does it, because mail scanners follow links and must neither cancel
//! nor confirm anything. An unknown, used or outdated link gets a page that says so, without
//! a button.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kiosque_protocol::{RegistrationStatus, SessionStatus};
use serde::Deserialize;

use super::extract::Query;
use super::link_page::{back_link, Action, LinkPage};
use crate::error::AppError;
use crate::store::{Approval, Cancellation, RegistrationRef, SessionRow, Site, Target};
use crate::webinars::{instant, SessionMail, PENDING_TTL_SECS};
use crate::{accounts, AppState};

/// A link's query, or the form its button posts. Missing parts (a link cut by a mail reader)
/// read as empty, so they lead to the unknown-link page rather than to an error.
#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    site: String,
    #[serde(default)]
    jeton: String,
}

/// The registration a link names, with its site and session.
struct Found {
    site: std::sync::Arc<Site>,
    registration: RegistrationRef,
    session: SessionRow,
    when: String,
    back: Option<String>,
    ended: bool,
}

enum Link {
    /// No such registration; the site, if the link names a real one.
    Unknown(Option<std::sync::Arc<Site>>),
    Found(Box<Found>),
}

async fn find(state: &AppState, site: &str, target: Target<'_>) -> Result<Link, AppError> {
    let Some(site) = state.store.site(site).await? else {
        return Ok(Link::Unknown(None));
    };
    let Some(registration) = state.store.registration_ref(&site.id, target).await? else {
        return Ok(Link::Unknown(Some(site)));
    };
    let Some(session) = state
        .store
        .webinar_session(&site.id, &registration.session_id)
        .await?
    else {
        return Ok(Link::Unknown(Some(site)));
    };
    let starts = instant(&session.starts_at, &session.time_zone)?;
    let ends = instant(&session.ends_at, &session.time_zone)?;
    Ok(Link::Found(Box::new(Found {
        back: back_link(&site, &registration.source_page, &state.server_origin),
        when: crate::french::session_when(&starts, &ends),
        ended: session.status == SessionStatus::Ended || ends <= chrono::Utc::now(),
        site,
        registration,
        session,
    })))
}

impl Found {
    fn page<'a>(&'a self, title: &'a str, text: &'a str, action: Option<Action<'a>>) -> Response {
        LinkPage {
            status: StatusCode::OK,
            site: Some(&self.site),
            title,
            text,
            session: Some((&self.session.title, &self.when)),
            action,
            back: self.back.clone(),
        }
        .into_response()
    }
}

fn unknown(site: Option<&Site>, server_origin: &str) -> Response {
    LinkPage {
        status: StatusCode::NOT_FOUND,
        site,
        title: "Lien inconnu",
        text: "Ce lien ne correspond à aucune inscription. S’il vient d’un mail, vérifiez qu’il \
               est complet : certaines messageries le coupent en deux.",
        session: None,
        action: None,
        back: site.and_then(|s| back_link(s, "", server_origin)),
    }
    .into_response()
}

/// Why a cancellation link can do nothing more, as a page's title and text.
fn cannot_cancel(found: &Found) -> Option<(&'static str, &'static str)> {
    if found.registration.status == RegistrationStatus::Cancelled {
        Some((
            "Inscription déjà annulée",
            "Votre inscription à ce webinaire est déjà annulée : vous n’avez rien d’autre à faire.",
        ))
    } else if found.session.status == SessionStatus::Cancelled {
        Some((
            "Webinaire annulé",
            "Ce webinaire a été annulé par l’organisateur : votre inscription n’a plus d’effet.",
        ))
    } else if found.ended {
        Some((
            "Webinaire terminé",
            "Ce webinaire a déjà eu lieu : il n’y a plus d’inscription à annuler.",
        ))
    } else {
        None
    }
}

/// The cancellation link in the mail: a page that asks first.
pub async fn cancel_page(
    State(state): State<AppState>,
    Query(q): Query<LinkQuery>,
) -> Result<Response, AppError> {
    let hash = accounts::sha256_hex(&q.jeton);
    let found = match find(&state, &q.site, Target::CancelLink(&hash)).await? {
        Link::Unknown(site) => return Ok(unknown(site.as_deref(), &state.server_origin)),
        Link::Found(found) => found,
    };
    if let Some((title, text)) = cannot_cancel(&found) {
        return Ok(found.page(title, text, None));
    }
    let text = match found.registration.status {
        RegistrationStatus::Waitlisted => {
            "Vous êtes sur la liste d’attente de ce webinaire. Vous ne souhaitez plus y \
             participer ? Retirez-vous de la liste."
        }
        RegistrationStatus::Pending => {
            "Votre inscription attend encore la confirmation de votre adresse. Vous pouvez \
             l’annuler dès maintenant."
        }
        _ => {
            "Vous ne pourrez pas assister au webinaire ? Libérez votre place pour une personne \
             en liste d’attente."
        }
    };
    let action = Action {
        label: "Annuler mon inscription",
        site: &q.site,
        token: &q.jeton,
    };
    Ok(found.page("Annuler votre inscription", text, Some(action)))
}

pub async fn cancel(
    State(state): State<AppState>,
    axum::extract::Form(q): axum::extract::Form<LinkQuery>,
) -> Result<Response, AppError> {
    let hash = accounts::sha256_hex(&q.jeton);
    let target = Target::CancelLink(&hash);
    let found = match find(&state, &q.site, target).await? {
        Link::Unknown(site) => return Ok(unknown(site.as_deref(), &state.server_origin)),
        Link::Found(found) => found,
    };
    if let Some((title, text)) = cannot_cancel(&found) {
        return Ok(found.page(title, text, None));
    }
    let mails = SessionMail::new(&state.server_origin, &found.site, &found.session)?;
    let now = crate::unix_now();
    let outcome = state
        .store
        .cancel_registration(&found.site.id, target, false, now, &mails)
        .await?;
    Ok(match outcome {
        Cancellation::Done { promoted } => {
            if promoted {
                state.mail_queued.queued();
            }
            let text = if found.registration.status == RegistrationStatus::Waitlisted {
                "Vous ne figurez plus sur la liste d’attente de ce webinaire."
            } else {
                "Votre inscription est annulée. Merci d’avoir libéré votre place."
            };
            found.page("Inscription annulée", text, None)
        }
        // Cancelled by another click between the two reads.
        Cancellation::AlreadyCancelled => found.page(
            "Inscription déjà annulée",
            "Votre inscription à ce webinaire est déjà annulée : vous n’avez rien d’autre à faire.",
            None,
        ),
        Cancellation::Unknown => unknown(Some(&found.site), &state.server_origin),
    })
}

/// Why a confirmation link can do nothing more, as a page's title and text.
fn cannot_confirm(found: &Found, now: i64) -> Option<(&'static str, String)> {
    let r = &found.registration;
    let closed = || {
        let view = crate::webinars::session_view(&found.session, chrono::Utc::now());
        !view.is_ok_and(|v| v.registration_open)
    };
    Some(match r.status {
        RegistrationStatus::Confirmed => (
            "Inscription déjà confirmée",
            "Votre inscription est déjà confirmée : vous n’avez rien d’autre à faire.".to_owned(),
        ),
        RegistrationStatus::Waitlisted => (
            "Adresse déjà confirmée",
            "Votre adresse est déjà confirmée et vous êtes sur la liste d’attente : nous vous \
             écrirons dès qu’une place se libère."
                .to_owned(),
        ),
        RegistrationStatus::Cancelled => (
            "Inscription annulée",
            "Cette inscription a été annulée : ce lien ne sert plus.".to_owned(),
        ),
        RegistrationStatus::Pending if found.session.status == SessionStatus::Cancelled => (
            "Webinaire annulé",
            "Ce webinaire a été annulé par l’organisateur.".to_owned(),
        ),
        RegistrationStatus::Pending if r.confirm_link_expired(now) => (
            "Lien expiré",
            format!(
                "Ce lien de confirmation a expiré (il est valable {} heures). Inscrivez-vous à \
                 nouveau depuis le formulaire.",
                PENDING_TTL_SECS / 3600
            ),
        ),
        RegistrationStatus::Pending if closed() => (
            "Inscriptions closes",
            "Les inscriptions à ce webinaire sont closes.".to_owned(),
        ),
        RegistrationStatus::Pending => return None,
    })
}

/// The double opt-in link in the mail: a page that asks first.
pub async fn confirm_page(
    State(state): State<AppState>,
    Query(q): Query<LinkQuery>,
) -> Result<Response, AppError> {
    let hash = accounts::sha256_hex(&q.jeton);
    let found = match find(&state, &q.site, Target::ConfirmLink(&hash)).await? {
        Link::Unknown(site) => return Ok(unknown(site.as_deref(), &state.server_origin)),
        Link::Found(found) => found,
    };
    if let Some((title, text)) = cannot_confirm(&found, crate::unix_now()) {
        return Ok(found.page(title, &text, None));
    }
    let action = Action {
        label: "Confirmer mon inscription",
        site: &q.site,
        token: &q.jeton,
    };
    Ok(found.page(
        "Confirmer votre inscription",
        "Un clic pour confirmer votre adresse et finaliser votre inscription au webinaire.",
        Some(action),
    ))
}

/// Confirms a pending registration through the same capacity decision as a direct sign-up,
/// then mails the confirmation (with the calendar file) or the waitlist notice.
pub async fn confirm(
    State(state): State<AppState>,
    axum::extract::Form(q): axum::extract::Form<LinkQuery>,
) -> Result<Response, AppError> {
    let hash = accounts::sha256_hex(&q.jeton);
    let target = Target::ConfirmLink(&hash);
    let found = match find(&state, &q.site, target).await? {
        Link::Unknown(site) => return Ok(unknown(site.as_deref(), &state.server_origin)),
        Link::Found(found) => found,
    };
    let now = crate::unix_now();
    if let Some((title, text)) = cannot_confirm(&found, now) {
        return Ok(found.page(title, &text, None));
    }
    let mails = SessionMail::new(&state.server_origin, &found.site, &found.session)?;
    let outcome = state
        .store
        .approve(&found.site.id, target, true, now, &mails)
        .await?;
    Ok(match outcome {
        Approval::Done(status) => {
            state.mail_queued.queued();
            if status == RegistrationStatus::Waitlisted {
                found.page(
                    "Vous êtes sur la liste d’attente",
                    "Votre adresse est confirmée, mais le webinaire est complet : vous êtes sur \
                     la liste d’attente. Nous vous écrirons dès qu’une place se libère.",
                    None,
                )
            } else {
                found.page(
                    "Inscription confirmée",
                    "Votre inscription est confirmée. Vous allez recevoir un mail avec le \
                     fichier à ajouter à votre agenda.",
                    None,
                )
            }
        }
        Approval::Full => found.page(
            "Webinaire complet",
            "Désolé, le webinaire est complet depuis votre inscription : aucune place ne peut \
             vous être réservée.",
            None,
        ),
        // Changed by another click between the two reads: say what it is now.
        Approval::NotPending(_) | Approval::Expired => {
            let now_found = match find(&state, &q.site, target).await? {
                Link::Found(f) => f,
                Link::Unknown(_) => found,
            };
            match cannot_confirm(&now_found, now) {
                Some((title, text)) => now_found.page(title, &text, None),
                None => unknown(Some(&now_found.site), &state.server_origin),
            }
        }
        Approval::Unknown => unknown(Some(&found.site), &state.server_origin),
    })
}
