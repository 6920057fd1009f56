//! Webinars for readers: a series with its sessions and seats left, registration, and the
//! cancellation link's pages.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;
use kiosque_protocol::{
    ApiError, ErrorCode, RegistrationRequest, RegistrationResult, RegistrationStatus,
    SessionStatus, WebinarSeries, WebinarSession,
};
use serde::Deserialize;

use super::extract::{Json, Path, Query};
use super::reader::ClientIp;
use crate::error::AppError;
use crate::store::{Attachment, NewRegistration, Registered, SessionRow, Site};
use crate::webinars::{self, CalendarEvent};
use crate::{accounts, AppState};

/// A session's public view, with its times as instants in its zone.
fn session_view(s: &SessionRow, now: chrono::DateTime<Utc>) -> anyhow::Result<WebinarSession> {
    let starts = webinars::instant(&s.starts_at, &s.time_zone)?;
    let ends = webinars::instant(&s.ends_at, &s.time_zone)?;
    let closes = match &s.registration_closes_at {
        Some(local) => webinars::instant(local, &s.time_zone)?,
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
        seats_left: s.capacity.map(|c| c.saturating_sub(s.confirmed)),
        waitlist: s.waitlist,
        status: s.status,
        registration_open: s.status == SessionStatus::Scheduled && now < closes,
        hosts: s.hosts.clone(),
        speakers: s.speakers.clone(),
        points: s.points.clone(),
    })
}

/// A session of the site, or `404 session_not_found`.
pub(super) async fn session(
    state: &AppState,
    site: &Site,
    id: &str,
) -> Result<SessionRow, AppError> {
    state
        .store
        .webinar_session(&site.id, id)
        .await?
        .ok_or_else(|| {
            AppError::not_found(ErrorCode::SessionNotFound, format!("no session {id:?}"))
        })
}

async fn consents(
    state: &AppState,
    site: &Site,
) -> Result<(kiosque_protocol::ConsentText, kiosque_protocol::ConsentText), AppError> {
    match state.store.consent_texts(&site.id).await? {
        (Some(processing), Some(marketing)) => Ok((processing, marketing)),
        _ => Err(AppError::internal(format!(
            "site {} has no consent texts",
            site.id
        ))),
    }
}

/// A series, its sessions (seats left, whether registration is open) and the consent texts.
#[utoipa::path(
    get,
    path = "/v1/sites/{site}/webinars/{series}",
    params(("site" = String, Path, description = "Site id"), ("series" = String, Path, description = "Series id")),
    responses(
        (status = 200, description = "The series", body = WebinarSeries),
        (status = 404, description = "`site_not_found`, `series_not_found`", body = ApiError),
    )
)]
pub async fn get_series(
    State(state): State<AppState>,
    Path((site_id, series_id)): Path<(String, String)>,
) -> Result<axum::Json<WebinarSeries>, AppError> {
    let site = super::site(&state, &site_id).await?;
    let (series, sessions) = state
        .store
        .webinar_series(&site.id, &series_id)
        .await?
        .ok_or_else(|| {
            AppError::not_found(
                ErrorCode::SeriesNotFound,
                format!("no series {series_id:?}"),
            )
        })?;
    let (consent_processing, consent_marketing) = consents(&state, &site).await?;
    let now = Utc::now();
    let sessions = sessions
        .iter()
        .map(|s| session_view(s, now))
        .collect::<anyhow::Result<_>>()?;
    Ok(axum::Json(WebinarSeries {
        id: series.id,
        title: series.title,
        description: series.description,
        sessions,
        questions: series.questions,
        double_opt_in: false,
        consent_processing,
        consent_marketing,
    }))
}

/// Registers for a session: confirmed while seats remain, then waitlisted (or `409
/// session_full` without a waitlist). The same address again gets its existing registration
/// (200), never a second one. The confirmation mail carries a calendar file.
#[utoipa::path(
    post,
    path = "/v1/sites/{site}/webinars/sessions/{session}/registrations",
    params(("site" = String, Path, description = "Site id"), ("session" = String, Path, description = "Session id")),
    request_body = RegistrationRequest,
    responses(
        (status = 201, description = "Registered", body = RegistrationResult),
        (status = 200, description = "Already registered: the existing registration", body = RegistrationResult),
        (status = 400, description = "`invalid_fields` (see `fields`), `invalid_request`", body = ApiError),
        (status = 404, description = "`session_not_found`", body = ApiError),
        (status = 409, description = "`session_full`, `registration_closed`", body = ApiError),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    Path((site_id, session_id)): Path<(String, String)>,
    ClientIp(ip): ClientIp,
    Json(request): Json<RegistrationRequest>,
) -> Result<Response, AppError> {
    let site = super::site(&state, &site_id).await?;
    let session = session(&state, &site, &session_id).await?;
    let view = session_view(&session, Utc::now())?;
    if !view.registration_open {
        return Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::RegistrationClosed,
            "registration is closed",
        ));
    }
    let (processing, marketing) = consents(&state, &site).await?;
    let questions = state
        .store
        .series_questions(&site.id, &session.series_id)
        .await?;
    let valid = webinars::validate(&request, &questions, &processing, &marketing)
        .map_err(AppError::invalid_fields)?;
    let limit = (state.config.signups_per_ip_per_hour, 3600);
    super::auth::limit(&state, format!("signup:ip:{}:{ip}", site.id), limit).await?;
    if let Some(reason) = webinars::suspicion(&request) {
        // A normal-looking answer: nothing tells a bot it was caught.
        tracing::warn!(site = %site.id, session = %session.id, reason, "suspected automated sign-up");
        let now = Utc::now().timestamp();
        state
            .store
            .record_suspected(&site.id, &session.id, &valid.email, reason, &ip, now)
            .await?;
        let result = RegistrationResult {
            status: RegistrationStatus::Confirmed,
            created: true,
        };
        return Ok((StatusCode::CREATED, axum::Json(result)).into_response());
    }

    let cancel_token = accounts::new_secret();
    let cancel_link = cancel_link(&state, &site, &cancel_token);
    let starts = webinars::instant(&session.starts_at, &session.time_zone)?;
    let ends = webinars::instant(&session.ends_at, &session.time_zone)?;
    let when = webinars::french_when(&starts, &ends);
    let now = Utc::now();
    let registration = NewRegistration {
        site: &site.id,
        session: &session.id,
        email: &valid.email,
        first_name: &valid.first_name,
        last_name: &valid.last_name,
        organisation: &valid.organisation,
        job_title: &valid.job_title,
        consent_processing: &valid.consent_processing,
        consent_marketing: valid.consent_marketing.as_ref(),
        source_page: &valid.source_page,
        answers: &serde_json::to_string(&valid.answers).map_err(AppError::internal)?,
        cancel_token_hash: &accounts::sha256_hex(&cancel_token),
        now: now.timestamp(),
    };
    let mail = |status: RegistrationStatus, id: i64| {
        let (subject, body) = webinars::registration_mail(
            &site.name,
            &valid.first_name,
            &session.title,
            &when,
            status,
            &cancel_link,
        );
        let attachment = (status == RegistrationStatus::Confirmed)
            .then(|| calendar_file(&site, &session, id, now));
        (subject, body, attachment.transpose().ok().flatten())
    };
    let outcome = state
        .store
        .register(registration, session.capacity, session.waitlist, mail)
        .await?;
    let (status, created) = match outcome {
        Registered::Created(status) => {
            state.mail_queued.queued();
            (status, true)
        }
        Registered::Existing(status) => (status, false),
        Registered::Full => {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                ErrorCode::SessionFull,
                "this session is full",
            ))
        }
    };
    let code = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((code, axum::Json(RegistrationResult { status, created })).into_response())
}

/// The link that cancels a registration (its secret is stored hashed).
fn cancel_link(state: &AppState, site: &Site, token: &str) -> String {
    format!(
        "{}/webinaires/annulation?site={}&jeton={token}",
        state.server_origin,
        kiosque_protocol::encode_segment(&site.id)
    )
}

/// The `.ics` of a session for one registration (its UID is stable for that registration).
fn calendar_file(
    site: &Site,
    session: &SessionRow,
    registration: i64,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<Attachment> {
    let starts = webinars::instant(&session.starts_at, &session.time_zone)?.with_timezone(&Utc);
    let ends = webinars::instant(&session.ends_at, &session.time_zone)?.with_timezone(&Utc);
    let uid = format!(
        "webinaire-{}-{}-{registration}@kiosque",
        site.id, session.id
    );
    let description = format!("{}\n\n{}", session.description, site.name);
    Ok(Attachment {
        name: "webinaire.ics".into(),
        content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
        body: webinars::ics(&CalendarEvent {
            uid: &uid,
            title: &session.title,
            description: &description,
            starts,
            ends,
            stamp: now,
        }),
    })
}

#[derive(Deserialize)]
pub struct CancelQuery {
    site: String,
    jeton: String,
}

/// The link in the mail: a page that asks to confirm (a mail scanner following links must not
/// cancel anything), with a button that posts.
pub async fn cancel_page(Query(q): Query<CancelQuery>) -> Html<String> {
    let form = format!(
        r#"<form method="post"><input type="hidden" name="site" value="{}"><input type="hidden" name="jeton" value="{}">
<button type="submit">Annuler mon inscription</button></form>"#,
        crate::html::escape(&q.site),
        crate::html::escape(&q.jeton)
    );
    small_page("Annuler votre inscription", &format!("<p>Vous ne pourrez pas assister au webinaire ? Libérez votre place pour une personne en liste d’attente.</p>{form}"))
}

pub async fn cancel(
    State(state): State<AppState>,
    axum::extract::Form(q): axum::extract::Form<CancelQuery>,
) -> Result<Html<String>, AppError> {
    let expired = || {
        small_page(
            "Lien expiré",
            "<p>Ce lien n’est plus valable : l’inscription a peut-être déjà été annulée.</p>",
        )
    };
    let hash = accounts::sha256_hex(&q.jeton);
    let Some(site) = state.store.site(&q.site).await? else {
        return Ok(expired());
    };
    let Some(session_id) = state.store.registration_session(&site.id, &hash).await? else {
        return Ok(expired());
    };
    let Some(session) = state.store.webinar_session(&site.id, &session_id).await? else {
        return Ok(expired());
    };
    let now = Utc::now();
    let starts = webinars::instant(&session.starts_at, &session.time_zone)?;
    let ends = webinars::instant(&session.ends_at, &session.time_zone)?;
    let when = webinars::french_when(&starts, &ends);
    let link_for = |token: &str| cancel_link(&state, &site, token);
    let promotion = |who: &crate::store::Promoted| {
        let (subject, body) = webinars::promotion_mail(
            &site.name,
            &who.first_name,
            &session.title,
            &when,
            &who.cancel_link,
        );
        (
            subject,
            body,
            calendar_file(&site, &session, who.registration_id, now).ok(),
        )
    };
    let cancelled = state
        .store
        .cancel_registration(&site.id, &hash, now.timestamp(), link_for, promotion)
        .await?;
    Ok(match cancelled {
        Some(c) => {
            if c.promoted.is_some() {
                state.mail_queued.queued();
            }
            small_page(
                "Inscription annulée",
                "<p>Votre inscription est annulée. Merci d’avoir libéré votre place.</p>",
            )
        }
        None => expired(),
    })
}

fn small_page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{t}</title></head>
<body style="font: 18px/1.6 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem"><h1>{t}</h1>{body}</body></html>"#,
        t = crate::html::escape(title)
    ))
}
