//! `/admin/sites/{site}/webinaires`: a site's webinar series with their sessions and counts,
//! the consent texts (a new version of either), and cancelling a session behind a confirm
//! step. The editors are in `webinars_forms`, the registrations in `webinars_registrations`.
//! Every change goes through `webinars::manage`, as the admin API's do. maud templates.

use super::phrases::Phrase;
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kiosque_protocol::{FieldError, RegistrationStatus, SessionStatus};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use super::{
    csrf_field, form_page, page, ConsoleError, ConsoleForm, ConsoleUser, Errors, Input, Lang,
};
use crate::store::{SessionRow, Site, SurveyRow};
use crate::webinars::manage;
use crate::AppState;

/// The webinar pages of a site start here (a plain path: maud escapes it in attributes, a
/// redirect takes it as it is).
pub(super) fn base(site: &str) -> String {
    format!("/admin/sites/{site}/webinaires")
}

/// The site the user may manage, as stored (its name goes into the mails).
pub(super) async fn site_of(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
) -> Result<std::sync::Arc<Site>, ConsoleError> {
    let allowed = user.require_site(site)?;
    state
        .store
        .site(&allowed.id)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))
}

/// A session of the site, or `404`.
pub(super) async fn session_of(
    state: &AppState,
    lang: Lang,
    site: &str,
    id: &str,
) -> Result<SessionRow, ConsoleError> {
    state
        .store
        .webinar_session(site, id)
        .await?
        .ok_or(ConsoleError::NotFound(lang))
}

pub(super) fn session_status(status: SessionStatus, lang: Lang) -> &'static str {
    match status {
        SessionStatus::Scheduled => lang.say(Phrase::Scheduled),
        SessionStatus::Cancelled => lang.say(Phrase::Cancelled),
        SessionStatus::Ended => lang.say(Phrase::Ended),
    }
}

pub(super) fn registration_status(status: RegistrationStatus, lang: Lang) -> &'static str {
    match status {
        RegistrationStatus::Confirmed => lang.say(Phrase::Confirmed),
        RegistrationStatus::Waitlisted => lang.say(Phrase::Waitlisted),
        RegistrationStatus::Pending => lang.say(Phrase::Pending),
        RegistrationStatus::Cancelled => lang.say(Phrase::Cancelled),
    }
}

pub(super) const STATUSES: [RegistrationStatus; 4] = [
    RegistrationStatus::Confirmed,
    RegistrationStatus::Waitlisted,
    RegistrationStatus::Pending,
    RegistrationStatus::Cancelled,
];

/// `2026-12-03 15:30 – 16:30 (Europe/Paris)`: the session's own wall-clock times.
pub(super) fn when(session: &SessionRow) -> String {
    let local = |t: &str| t.get(..16).unwrap_or(t).replace('T', " ");
    let (starts, ends) = (local(&session.starts_at), local(&session.ends_at));
    let ends = match (starts.get(..10), ends.get(..10)) {
        (Some(a), Some(b)) if a == b => ends[11..].to_owned(),
        _ => ends,
    };
    format!("{starts} – {ends} ({})", session.time_zone)
}

/// A validation code, worded for marketers.
pub(super) fn message(code: &str, lang: Lang) -> String {
    if let Some(confirmed) = code.strip_prefix("below_confirmed:") {
        return match lang {
            Lang::Fr => format!("{confirmed} places sont déjà confirmées : la capacité ne peut pas être plus basse. Annulez d’abord des inscriptions."),
            Lang::En => format!("{confirmed} seats are already confirmed: the capacity cannot be lower. Cancel registrations first."),
        };
    }
    let text = match code {
        "required" => lang.say(Phrase::ThisFieldIsRequired),
        "invalid_id" => lang.say(Phrase::LowerCaseLettersDigits),
        "duplicate" => lang.say(Phrase::AnotherQuestionHasThis),
        "at_least_two" => lang.say(Phrase::GiveAtLeastTwo),
        "unknown_time_zone" => lang.say(Phrase::EnterAnIANATime),
        "invalid_time" => lang.say(Phrase::EnterADateAndTime),
        "before_start" => lang.say(Phrase::TheEndMustCome),
        "after_start" => lang.say(Phrase::RegistrationMustCloseNo),
        "must_be_positive" => lang.say(Phrase::EnterAPositiveNumber),
        "unknown_series" => lang.say(Phrase::ChooseOneOfTheSites),
        "too_long" => lang.say(Phrase::ThisTextIsToo),
        _ => lang.say(Phrase::ThisValueIsNot),
    };
    text.to_owned()
}

/// Adds each validation error to `errors`, on the form field `field(name)` names (if any).
pub(super) fn add_errors(
    errors: &mut Errors,
    found: &[FieldError],
    lang: Lang,
    field: impl Fn(&str) -> Option<String>,
) {
    for e in found {
        if let Some(name) = field(&e.field) {
            if errors.get(&name).is_none() {
                errors.add(&name, message(&e.code, lang));
            }
        }
    }
}

/// The count of each status (in `STATUSES` order) among the registrations of every session
/// of `site`, by session.
async fn counts(
    state: &AppState,
    site: &str,
) -> anyhow::Result<HashMap<String, [usize; STATUSES.len()]>> {
    let mut by_session = HashMap::new();
    for (session, status, n) in state.store.registration_counts(site).await? {
        let counts = by_session.entry(session).or_insert([0; STATUSES.len()]);
        if let Some(i) = STATUSES.iter().position(|s| *s == status) {
            counts[i] = n;
        }
    }
    Ok(by_session)
}

/// A session's row in its series' table: status, seats, waitlist, and the tally of its
/// registrations (`counts`, in `STATUSES` order) linking to them.
fn session_row(base: &str, s: &SessionRow, counts: [usize; STATUSES.len()], lang: Lang) -> Markup {
    let [confirmed, waitlisted, pending, cancelled] = counts;
    let seats = match s.capacity {
        Some(capacity) => format!("{} / {capacity}", s.confirmed),
        None => format!("{} / {}", s.confirmed, lang.say(Phrase::Unlimited)),
    };
    let waitlist = if s.waitlist {
        format!("{} ({waitlisted})", lang.say(Phrase::Yes))
    } else {
        lang.say(Phrase::No).to_owned()
    };
    let tally = match lang {
        Lang::Fr => format!(
            "{}, {waitlisted} en attente, {pending} à confirmer, {}",
            lang.count(confirmed as u64, ("confirmée", "confirmées"), ("", "")),
            lang.count(cancelled as u64, ("annulée", "annulées"), ("", ""))
        ),
        Lang::En => format!("{confirmed} confirmed, {waitlisted} waitlisted, {pending} pending, {cancelled} cancelled"),
    };
    let session = format!("{base}/seances/{}", s.id);
    html! {
        tr {
            td { a href=(session) { (s.title) } }
            td { (when(s)) }
            td { (session_status(s.status, lang)) }
            td { (seats) }
            td { (waitlist) }
            td { a href=(format!("{session}/inscriptions")) {
                (tally) span.visually-hidden { " — " (s.title) }
            } }
        }
    }
}

/// A series: its title, id and links, then its sessions' table.
fn series_block(
    base: &str,
    id: &str,
    title: &str,
    sessions: &[SessionRow],
    counts: &HashMap<String, [usize; STATUSES.len()]>,
    surveys: &[SurveyRow],
    lang: Lang,
) -> Markup {
    let site_base = base.trim_end_matches("/webinaires");
    html! {
        h2 { (title) }
        // The questionnaires whose results this series reveals.
        @let linked: Vec<&SurveyRow> = surveys.iter().filter(|s| s.series_id.as_deref() == Some(id)).collect();
        @if !linked.is_empty() {
            p {
                (lang.say(Phrase::LinkedQuestionnaires)) " "
                @for (i, s) in linked.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(format!("{site_base}/questionnaires/{}/resultats", s.id)) { (s.title) }
                }
            }
        }
        p {
            code { (id) }
            " · "
            a href=(format!("{base}/series/{id}")) {
                (lang.say(Phrase::EditTheSeries)) span.visually-hidden { " " (title) }
            }
            " · "
            a href=(format!("{base}/series/{id}/seances/nouvelle")) {
                (lang.say(Phrase::NewSession)) span.visually-hidden { " — " (title) }
            }
        }
        @if sessions.is_empty() {
            p { (lang.say(Phrase::NoSession)) }
        } @else {
            table {
                caption { (lang.say(Phrase::Sessions)) " — " (title) }
                thead { tr {
                    th scope="col" { (lang.say(Phrase::Session)) }
                    th scope="col" { (lang.say(Phrase::DateSessionsTimeZone)) }
                    th scope="col" { (lang.say(Phrase::Status)) }
                    th scope="col" { (lang.say(Phrase::SeatsTakenCapacity)) }
                    th scope="col" { (lang.say(Phrase::Waitlist)) }
                    th scope="col" { (lang.say(Phrase::Registrations)) }
                } }
                tbody { @for s in sessions {
                    (session_row(base, s, counts.get(&s.id).copied().unwrap_or_default(), lang))
                } }
            }
        }
    }
}

/// `GET /admin/sites/{site}/webinaires`.
pub async fn list(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let lang = user.lang;
    let base = base(&site.id);
    let series = state.store.series_list(&site.id).await?;
    let no_series = series.is_empty();
    let counts = counts(&state, &site.id).await?;
    let surveys = state.store.surveys(&site.id).await?;
    let mut with_sessions = Vec::new();
    for (id, title, _) in series {
        let Some((_, sessions)) = state.store.webinar_series(&site.id, &id).await? else {
            continue;
        };
        with_sessions.push((id, title, sessions));
    }
    let main = html! {
        p {
            a.button href=(format!("{base}/series/nouvelle")) { (lang.say(Phrase::NewSeries)) }
            " · "
            a href=(format!("{base}/consentements")) { (lang.say(Phrase::ConsentTexts)) }
        }
        @if no_series { p { (lang.say(Phrase::ThisSiteHasNo)) } }
        @for (id, title, sessions) in &with_sessions {
            (series_block(&base, id, title, sessions, &counts, &surveys, lang))
        }
    };
    Ok(page(
        &user,
        lang.say(Phrase::Webinars),
        &Errors::default(),
        &main.into_string(),
    )
    .into_response())
}

const KINDS: [&str; 2] = ["processing", "marketing"];

fn kind_label(kind: &str, lang: Lang) -> &'static str {
    if kind == "processing" {
        lang.say(Phrase::DataProcessingRequired)
    } else {
        lang.say(Phrase::MarketingCommunicationsOptional)
    }
}

async fn consents_page(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    typed: Option<(&str, &str, &crate::store::Translations<String>)>,
    errors: &Errors,
    done: bool,
) -> Result<Markup, ConsoleError> {
    let lang = user.lang;
    let (processing, marketing) = state.store.current_consents(site).await?;
    let others = state.store.other_langs(site).await?;
    let base = base(site);
    Ok(html! {
        @if done {
            p.notice.success role="status" { (lang.say(Phrase::NewVersionPublishedForms)) }
        }
        p { (lang.say(Phrase::EachRegistrationKeepsThe)) }
        @for (kind, current) in KINDS.iter().zip([processing, marketing]) {
            @let name = format!("{kind}_text");
            @let (value, translations) = match typed {
                Some((k, text, translations)) if k == *kind => (text.to_owned(), translations.clone()),
                _ => current
                    .clone()
                    .map(|c| (c.text, c.translations))
                    .unwrap_or_default(),
            };
            h2 { (kind_label(kind, lang)) }
            @match &current {
                Some(c) => {
                    p { (lang.say(Phrase::CurrentVersion)) " " (c.version) }
                    blockquote { (c.text) }
                }
                None => { p { (lang.say(Phrase::NoText)) } }
            }
            form method="post" action=(format!("{base}/consentements/{kind}")) novalidate {
                // The form helpers return trusted HTML, their values escaped.
                (PreEscaped(csrf_field(user)))
                (PreEscaped(
                    Input::new(&name, lang.say(Phrase::NewVersionOfThe))
                        .kind("textarea")
                        .value(&value)
                        .render(lang, errors)
                ))
                @for other in &others {
                    (PreEscaped(translated_field(kind, *other, &translations, lang, errors)))
                }
                button type="submit" { (lang.say(Phrase::PublishThisVersion)) }
            }
        }
    })
}

/// The same consent text in another of the site's languages: the form helper's HTML (trusted).
fn translated_field(
    kind: &str,
    other: kiosque_protocol::Lang,
    translations: &crate::store::Translations<String>,
    lang: Lang,
    errors: &Errors,
) -> String {
    let field = format!("{kind}_text_{}", other.as_str());
    let label = match (lang, other) {
        (Lang::Fr, kiosque_protocol::Lang::En) => "Le même texte en anglais (facultatif)",
        (Lang::Fr, kiosque_protocol::Lang::Fr) => "Le même texte en français (facultatif)",
        (Lang::En, kiosque_protocol::Lang::En) => "The same text in English (optional)",
        (Lang::En, kiosque_protocol::Lang::Fr) => "The same text in French (optional)",
    };
    Input::new(&field, label)
        .kind("textarea")
        .value(translations.get(other.as_str()).map_or("", String::as_str))
        .value_lang(other.as_str())
        .hint(lang.say(Phrase::ReadersOfThatLanguage))
        .render(lang, errors)
}

#[derive(Deserialize)]
pub struct Done {
    #[serde(default)]
    fait: Option<String>,
}

/// `GET /admin/sites/{site}/webinaires/consentements`.
pub async fn consents(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let errors = Errors::default();
    let main = consents_page(&state, &user, &site.id, None, &errors, done.fait.is_some()).await?;
    let title = user.lang.say(Phrase::ConsentTexts);
    Ok(page(&user, title, &errors, &main.into_string()).into_response())
}

/// `POST /admin/sites/{site}/webinaires/consentements/{kind}`: a new version, as
/// `POST /v1/admin/sites/{site}/consents/{kind}`.
pub async fn publish_consent(
    State(state): State<AppState>,
    Path((site, kind)): Path<(String, String)>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let ConsoleForm { user, fields } = form;
    let site = user.require_site(&site)?.clone();
    let lang = user.lang;
    if !KINDS.contains(&kind.as_str()) {
        return Err(ConsoleError::NotFound(lang));
    }
    let name = format!("{kind}_text");
    let typed = fields.text(&name);
    let translations: crate::store::Translations<String> = kiosque_protocol::Lang::ALL
        .into_iter()
        .map(|l| {
            (
                l.as_str().to_owned(),
                fields.text(&format!("{name}_{}", l.as_str())),
            )
        })
        .filter(|(_, text)| !text.trim().is_empty())
        .collect();
    match manage::publish_consent(&state.store, &site.id, &kind, &typed, &translations).await? {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}/consentements?fait=1", base(&site.id))).into_response())
        }
        Err(found) => {
            let mut errors = Errors::default();
            add_errors(&mut errors, &found, lang, |f| {
                (f == "text").then(|| name.clone())
            });
            let main = consents_page(
                &state,
                &user,
                &site.id,
                Some((&kind, &typed, &translations)),
                &errors,
                false,
            )
            .await?;
            let title = lang.say(Phrase::ConsentTexts);
            Ok(form_page(&user, title, &errors, &main.into_string()))
        }
    }
}

/// What the cancel pages say when the session can no longer be cancelled, with a way back.
fn not_cancellable(message: &str, back: &str, lang: Lang) -> Markup {
    html! {
        p { (message) }
        p { a href=(back) { (lang.say(Phrase::BackToTheSession)) } }
    }
}

/// `GET /admin/sites/{site}/webinaires/seances/{session}/annuler`: what cancelling does, and
/// the button that does it.
pub async fn confirm_cancel(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, session)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let lang = user.lang;
    let session = session_of(&state, lang, &site.id, &session).await?;
    let back = format!("{}/seances/{}", base(&site.id), session.id);
    let main = if session.status != SessionStatus::Scheduled {
        not_cancellable(lang.say(Phrase::ThisSessionIsNo), &back, lang)
    } else {
        let [confirmed, waitlisted, ..] = counts(&state, &site.id)
            .await?
            .remove(&session.id)
            .unwrap_or_default();
        let told = match lang {
            Lang::Fr => format!("Les inscriptions fermeront, et les {} personnes inscrites ou en liste d’attente recevront un e-mail d’annulation. Cela ne peut pas être défait.", confirmed + waitlisted),
            Lang::En => format!("Registration will close, and the {} people registered or waitlisted will get a cancellation e-mail. This cannot be undone.", confirmed + waitlisted),
        };
        html! {
            p { strong { (session.title) } " — " (when(&session)) }
            p { (told) }
            form method="post" action=(format!("{back}/annuler")) novalidate {
                // Trusted HTML from the form helper.
                (PreEscaped(csrf_field(&user)))
                button type="submit" { (lang.say(Phrase::CancelTheSession)) }
            }
            p { a href=(back) { (lang.say(Phrase::ChangeNothing)) } }
        }
    };
    let title = lang.say(Phrase::CancelTheSessionQuestion);
    Ok(page(&user, title, &Errors::default(), &main.into_string()).into_response())
}

/// `POST /admin/sites/{site}/webinaires/seances/{session}/annuler`: as
/// `POST /v1/admin/…/sessions/{session}/cancel`.
pub async fn cancel(
    State(state): State<AppState>,
    Path((site, session)): Path<(String, String)>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let user = form.user;
    let site = site_of(&state, &user, &site).await?;
    let lang = user.lang;
    let session = session_of(&state, lang, &site.id, &session).await?;
    let back = format!("{}/seances/{}", base(&site.id), session.id);
    if manage::cancel_session(&state.store, &state.mail_queued, &site, &session).await? {
        return Ok(Redirect::to(&format!("{back}?fait=annulee")).into_response());
    }
    let main = not_cancellable(lang.say(Phrase::ThisSessionIsNoLonger), &back, lang);
    let title = lang.say(Phrase::CancelTheSessionQuestion);
    Ok((
        StatusCode::CONFLICT,
        page(&user, title, &Errors::default(), &main.into_string()),
    )
        .into_response())
}
