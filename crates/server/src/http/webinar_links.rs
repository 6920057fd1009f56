//! The pages the registration mails link to: cancelling, and confirming a double opt-in
//! registration. A GET only shows a page with a button; the button posts and does it, because
//! mail scanners follow links and must neither cancel nor confirm anything.

use axum::extract::State;
use axum::response::Html;
use kiosque_protocol::RegistrationStatus;
use serde::Deserialize;

use super::extract::Query;
use crate::error::AppError;
use crate::store::{Approval, Cancellation, RegistrationRef, SessionRow, Site, Target};
use crate::webinars::SessionMail;
use crate::{accounts, AppState};

#[derive(Deserialize)]
pub struct LinkQuery {
    site: String,
    jeton: String,
}

/// A page whose one button posts the link's site and secret back to the same address.
fn button_page(title: &str, text: &str, q: &LinkQuery, button: &str) -> Html<String> {
    let form = format!(
        r#"<form method="post"><input type="hidden" name="site" value="{}"><input type="hidden" name="jeton" value="{}">
<button type="submit">{}</button></form>"#,
        crate::html::escape(&q.site),
        crate::html::escape(&q.jeton),
        crate::html::escape(button)
    );
    small_page(title, &format!("<p>{text}</p>{form}"))
}

fn small_page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{t}</title></head>
<body style="font: 18px/1.6 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem"><h1>{t}</h1>{body}</body></html>"#,
        t = crate::html::escape(title)
    ))
}

/// The site, the registration a link names and its session; `None` for any unknown part.
async fn resolve(
    state: &AppState,
    site: &str,
    target: Target<'_>,
) -> Result<Option<(Site, RegistrationRef, SessionRow)>, AppError> {
    let Some(site) = state.store.site(site).await? else {
        return Ok(None);
    };
    let Some(registration) = state.store.registration_ref(&site.id, target).await? else {
        return Ok(None);
    };
    let session = state
        .store
        .webinar_session(&site.id, &registration.session_id)
        .await?;
    Ok(session.map(|session| (site, registration, session)))
}

/// The cancellation link in the mail: a page that asks first.
pub async fn cancel_page(Query(q): Query<LinkQuery>) -> Html<String> {
    button_page(
        "Annuler votre inscription",
        "Vous ne pourrez pas assister au webinaire ? Libérez votre place pour une personne en liste d’attente.",
        &q,
        "Annuler mon inscription",
    )
}

pub async fn cancel(
    State(state): State<AppState>,
    axum::extract::Form(q): axum::extract::Form<LinkQuery>,
) -> Result<Html<String>, AppError> {
    let expired = || {
        small_page(
            "Lien expiré",
            "<p>Ce lien n’est plus valable : l’inscription a peut-être déjà été annulée.</p>",
        )
    };
    let hash = accounts::sha256_hex(&q.jeton);
    let target = Target::CancelLink(&hash);
    let Some((site, _, session)) = resolve(&state, &q.site, target).await? else {
        return Ok(expired());
    };
    let mails = SessionMail::new(&state.server_origin, &site, &session)?;
    let now = crate::unix_now();
    Ok(
        match state
            .store
            .cancel_registration(&site.id, target, false, now, &mails)
            .await?
        {
            Cancellation::Done { promoted } => {
                if promoted {
                    state.mail_queued.queued();
                }
                small_page(
                    "Inscription annulée",
                    "<p>Votre inscription est annulée. Merci d’avoir libéré votre place.</p>",
                )
            }
            Cancellation::Unknown | Cancellation::AlreadyCancelled => expired(),
        },
    )
}

/// The double opt-in link in the mail: a page that asks first.
pub async fn confirm_page(Query(q): Query<LinkQuery>) -> Html<String> {
    button_page(
        "Confirmer votre inscription",
        "Un clic pour confirmer votre adresse et finaliser votre inscription au webinaire.",
        &q,
        "Confirmer mon inscription",
    )
}

/// Confirms a pending registration through the same capacity decision as a direct sign-up,
/// then mails the confirmation (with the calendar file) or the waitlist notice.
pub async fn confirm(
    State(state): State<AppState>,
    axum::extract::Form(q): axum::extract::Form<LinkQuery>,
) -> Result<Html<String>, AppError> {
    let invalid = || {
        small_page(
            "Lien expiré",
            "<p>Ce lien n’est plus valable : l’inscription a peut-être été annulée.</p>",
        )
    };
    let hash = accounts::sha256_hex(&q.jeton);
    let target = Target::ConfirmLink(&hash);
    let Some((site, registration, session)) = resolve(&state, &q.site, target).await? else {
        return Ok(invalid());
    };
    let view = super::webinars::session_view(&session, chrono::Utc::now())?;
    // Closed registration matters only to a registration still waiting for its seat.
    if registration.status == RegistrationStatus::Pending && !view.registration_open {
        return Ok(small_page(
            "Inscriptions closes",
            "<p>Les inscriptions à ce webinaire sont closes.</p>",
        ));
    }
    let mails = SessionMail::new(&state.server_origin, &site, &session)?;
    let now = crate::unix_now();
    let outcome = state
        .store
        .approve(&site.id, target, true, now, &mails)
        .await?;
    Ok(match outcome {
        Approval::Done(status) => {
            state.mail_queued.queued();
            if status == RegistrationStatus::Waitlisted {
                small_page(
                    "Vous êtes sur la liste d’attente",
                    "<p>Votre adresse est confirmée, mais le webinaire est complet : vous êtes sur la liste d’attente. Nous vous écrirons dès qu’une place se libère.</p>",
                )
            } else {
                small_page(
                    "Inscription confirmée",
                    "<p>Votre inscription est confirmée. Vous allez recevoir un mail avec le fichier à ajouter à votre agenda.</p>",
                )
            }
        }
        Approval::NotPending(RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted) => {
            small_page(
                "Inscription déjà confirmée",
                "<p>Votre inscription est déjà confirmée : vous n’avez rien d’autre à faire.</p>",
            )
        }
        Approval::Expired => small_page(
            "Lien expiré",
            &format!(
                "<p>Ce lien de confirmation a expiré (il est valable {} heures). Inscrivez-vous à nouveau depuis le formulaire.</p>",
                crate::webinars::PENDING_TTL_SECS / 3600
            ),
        ),
        Approval::Full => small_page(
            "Webinaire complet",
            "<p>Désolé, le webinaire est complet depuis votre inscription : aucune place ne peut vous être réservée.</p>",
        ),
        Approval::NotPending(_) | Approval::Unknown => invalid(),
    })
}
