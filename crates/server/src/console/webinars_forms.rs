//! The series and session editors: a `SeriesInput` / `SessionInput` written out as fields, and
//! read back; saved through `webinars::manage` (the admin API's checks), each error on its field.
//! maud templates: every value is escaped unless marked otherwise.

use super::phrases::Phrase;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kiosque_protocol::{Person, SeriesInput, SessionInput, SessionStatus};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use super::question_editor::{checkbox, lines, parse_questions, question_field, question_rows};
use super::webinars::{add_errors, base, message, session_of, session_status, site_of, when};
use super::{csrf_field, form_page, page, ConsoleError, ConsoleForm, ConsoleUser, Errors, Fields};
use super::{Input, Lang};
use crate::webinars::manage::{self, SessionRefused};
use crate::AppState;

/// A series form: its fields, and the error fields' names for the messages.
fn series_fields(input: &SeriesInput, lang: Lang, errors: &Errors) -> Markup {
    // The form helpers' HTML is escaped by them (forms.rs).
    html! {
        (PreEscaped(Input::new("title", lang.say(Phrase::Title))
            .value(&input.title)
            .render(lang, errors)))
        (PreEscaped(Input::new("description", lang.say(Phrase::Description))
            .kind("textarea")
            .value(&input.description)
            .render(lang, errors)))
        (checkbox("double_opt_in", lang.say(Phrase::DoubleOptInA), input.double_opt_in))
        (question_rows(&input.questions, lang, errors))
    }
}

/// Reads a series form: the input, and for each question the row it came from.
pub(super) fn parse_series(fields: &Fields) -> (SeriesInput, Vec<usize>) {
    let (questions, rows) = parse_questions(fields);
    let input = SeriesInput {
        title: fields.text("title"),
        description: fields.text("description"),
        questions,
        double_opt_in: !fields.text("double_opt_in").is_empty(),
    };
    (input, rows)
}

/// Where an editor posts, and its id field: none when editing (`edit`: the thing's path), one
/// labelled `id_label` when creating (posting to `create`).
fn target(
    user: &ConsoleUser,
    edit: Option<String>,
    create: String,
    id_label: &str,
    typed_id: &str,
    errors: &Errors,
) -> (String, Markup) {
    match edit {
        Some(path) => (path, html! {}),
        None => (
            create,
            // The form helper's HTML is escaped by it (forms.rs).
            PreEscaped(
                Input::new("id", id_label)
                    .value(typed_id)
                    .render(user.lang, errors),
            ),
        ),
    }
}

pub(super) fn series_form(
    user: &ConsoleUser,
    site: &str,
    id: Option<&str>,
    typed_id: &str,
    input: &SeriesInput,
    errors: &Errors,
) -> Markup {
    let lang = user.lang;
    let base = base(site);
    let (action, id_field) = target(
        user,
        id.map(|id| format!("{base}/series/{id}")),
        format!("{base}/series"),
        lang.say(Phrase::SeriesIdAZ),
        typed_id,
        errors,
    );
    html! {
        p { a href=(base) { (lang.say(Phrase::AllWebinars)) } }
        form method="post" action=(action) novalidate {
            (PreEscaped(csrf_field(user)))
            (id_field)
            (series_fields(input, lang, errors))
            p {
                // A saved series can be previewed (its sessions carry the form); a new one has
                // none yet.
                @if id.is_some() {
                    button type="submit" formaction=(format!("{action}/apercu")) {
                        (lang.say(Phrase::PreviewTheForm))
                    }
                    " "
                }
                button type="submit" { (lang.say(Phrase::SaveTheSeries)) }
            }
        }
    }
}

/// `GET /admin/sites/{site}/webinaires/series/nouvelle`.
pub async fn new_series(
    user: ConsoleUser,
    Path(site): Path<String>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let input = SeriesInput {
        title: String::new(),
        description: String::new(),
        questions: vec![],
        double_opt_in: false,
    };
    let errors = Errors::default();
    let main = series_form(&user, &site.id, None, "", &input, &errors).into_string();
    let title = user.lang.say(Phrase::NewSeries);
    Ok(page(&user, title, &errors, &main).into_response())
}

/// `GET /admin/sites/{site}/webinaires/series/{series}`.
pub async fn edit_series(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let series = state
        .store
        .series(&site.id, &id)
        .await?
        .map(std::sync::Arc::unwrap_or_clone)
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let input = SeriesInput {
        title: series.title,
        description: series.description,
        questions: series.questions,
        double_opt_in: series.double_opt_in,
    };
    let errors = Errors::default();
    let main = series_form(&user, &site.id, Some(&id), "", &input, &errors).into_string();
    let title = format!("{} — {}", user.lang.say(Phrase::Series), input.title);
    Ok(page(&user, &title, &errors, &main).into_response())
}

/// Saves a series (`id`: the path's, or the typed one for a new series).
async fn save_series_form(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    existing: Option<&str>,
    fields: &Fields,
) -> Result<Response, ConsoleError> {
    let lang = user.lang;
    let (input, rows) = parse_series(fields);
    let id = existing
        .map(str::to_owned)
        .unwrap_or_else(|| fields.text("id"));
    let mut errors = Errors::default();
    if existing.is_none() && state.store.series(site, &id).await?.is_some() {
        errors.add("id", lang.say(Phrase::ASeriesAlreadyHas));
    }
    if errors.is_empty() {
        match manage::save_series(&state.store, site, &id, &input).await? {
            // Saved: the id is a valid one (lower-case letters, digits, dashes).
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("{}/series/{id}?enregistre=1", base(site)))
                        .into_response(),
                )
            }
            Err(found) => add_errors(&mut errors, &found, lang, question_field(&rows)),
        }
    }
    let main = series_form(user, site, existing, &id, &input, &errors).into_string();
    let title = lang.say(Phrase::Series);
    Ok(form_page(user, title, &errors, &main))
}

/// `POST /admin/sites/{site}/webinaires/series`: a new series.
pub async fn create_series(
    State(state): State<AppState>,
    Path(site): Path<String>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let ConsoleForm { user, fields } = form;
    let site = user.require_site(&site)?.clone();
    save_series_form(&state, &user, &site.id, None, &fields).await
}

/// `POST /admin/sites/{site}/webinaires/series/{series}`: as `PUT /v1/admin/…/webinars/{series}`.
pub async fn save_series(
    State(state): State<AppState>,
    Path((site, id)): Path<(String, String)>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let ConsoleForm { user, fields } = form;
    let site = user.require_site(&site)?.clone();
    if state.store.series(&site.id, &id).await?.is_none() {
        return Err(ConsoleError::NotFound(user.lang));
    }
    save_series_form(&state, &user, &site.id, Some(&id), &fields).await
}

/// A stored local time (`2026-12-03T15:30:00`) as a `datetime-local` value, and back.
pub(super) fn to_field(local: &str) -> String {
    local.get(..16).unwrap_or(local).to_owned()
}

pub(super) fn from_field(value: &str) -> String {
    if value.len() == 16 {
        format!("{value}:00")
    } else {
        value.to_owned()
    }
}

fn people_text(people: &[Person]) -> String {
    people
        .iter()
        .map(|p| {
            if p.role.is_empty() {
                p.name.clone()
            } else {
                format!("{} — {}", p.name, p.role)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn people(text: &str) -> Vec<Person> {
    lines(text)
        .into_iter()
        .map(|line| {
            let split = ["—", "–", " - "]
                .iter()
                .find_map(|dash| line.split_once(dash));
            let (name, role) = split.unwrap_or((&line, ""));
            Person {
                name: name.trim().to_owned(),
                role: role.trim().to_owned(),
            }
        })
        .collect()
}

/// What was typed in a session form, as text (so a wrong number is shown again as typed).
struct SessionTyped {
    input: SessionInput,
    capacity: String,
}

fn session_fields(typed: &SessionTyped, lang: Lang, errors: &Errors) -> Markup {
    let input = &typed.input;
    let closes = input
        .registration_closes_at
        .as_deref()
        .map(to_field)
        .unwrap_or_default();
    let (starts, ends) = (to_field(&input.starts_at), to_field(&input.ends_at));
    let hosts = people_text(&input.hosts);
    let speakers = people_text(&input.speakers);
    let points = input.points.join("\n");
    let text_fields: [(&str, &str, &str, &str, &str); 11] = [
        ("title", lang.say(Phrase::Title), "text", &input.title, ""),
        (
            "description",
            lang.say(Phrase::Description),
            "textarea",
            &input.description,
            "",
        ),
        (
            "starts_at",
            lang.say(Phrase::StartLocalTime),
            "datetime-local",
            &starts,
            "",
        ),
        (
            "ends_at",
            lang.say(Phrase::EndLocalTime),
            "datetime-local",
            &ends,
            "",
        ),
        (
            "time_zone",
            lang.say(Phrase::TimeZoneIANA),
            "text",
            &input.time_zone,
            lang.say(Phrase::SuchAsEuropeParis),
        ),
        (
            "capacity",
            lang.say(Phrase::Capacity),
            "number",
            &typed.capacity,
            lang.say(Phrase::EmptyUnlimitedSeats),
        ),
        ("waitlist", "", "checkbox", "", ""),
        (
            "registration_closes_at",
            lang.say(Phrase::RegistrationClosesLocalTime),
            "datetime-local",
            &closes,
            lang.say(Phrase::EmptyWhenTheSession),
        ),
        (
            "hosts",
            lang.say(Phrase::HostsOnePerLine),
            "textarea",
            &hosts,
            "",
        ),
        (
            "speakers",
            lang.say(Phrase::SpeakersOnePerLine),
            "textarea",
            &speakers,
            "",
        ),
        (
            "points",
            lang.say(Phrase::AgendaOnePointPer),
            "textarea",
            &points,
            "",
        ),
    ];
    html! {
        @for (name, label, kind, value, hint) in text_fields {
            @if kind == "checkbox" {
                (checkbox(name, lang.say(Phrase::WaitlistWhenTheSession), input.waitlist))
            } @else {
                // The form helper's HTML is escaped by it (forms.rs).
                (PreEscaped(Input::new(name, label)
                    .kind(kind)
                    .value(value)
                    .hint(hint)
                    .render(lang, errors)))
            }
        }
    }
}

fn parse_session(fields: &Fields, lang: Lang, errors: &mut Errors) -> SessionTyped {
    let capacity_text = fields.text("capacity");
    let capacity = if capacity_text.is_empty() {
        None
    } else {
        match capacity_text.parse::<u32>() {
            Ok(c) => Some(c),
            Err(_) => {
                errors.add("capacity", message("must_be_positive", lang));
                None
            }
        }
    };
    let closes = fields.text("registration_closes_at");
    SessionTyped {
        input: SessionInput {
            title: fields.text("title"),
            description: fields.text("description"),
            starts_at: from_field(&fields.text("starts_at")),
            ends_at: from_field(&fields.text("ends_at")),
            time_zone: fields.text("time_zone"),
            capacity,
            waitlist: !fields.text("waitlist").is_empty(),
            registration_closes_at: (!closes.is_empty()).then(|| from_field(&closes)),
            hosts: people(fields.raw("hosts")),
            speakers: people(fields.raw("speakers")),
            points: lines(fields.raw("points")),
        },
        capacity: capacity_text,
    }
}

#[derive(Deserialize)]
pub struct Done {
    #[serde(default)]
    fait: Option<String>,
}

/// The session form; `existing`: `(series, session)` when editing.
fn session_form(
    user: &ConsoleUser,
    site: &str,
    series: &str,
    existing: Option<&str>,
    typed_id: &str,
    typed: &SessionTyped,
    errors: &Errors,
) -> Markup {
    let lang = user.lang;
    let base = base(site);
    let (action, id_field) = target(
        user,
        existing.map(|id| format!("{base}/seances/{id}")),
        format!("{base}/series/{series}/seances"),
        lang.say(Phrase::SessionIdAZ),
        typed_id,
        errors,
    );
    html! {
        form method="post" action=(action) novalidate {
            (PreEscaped(csrf_field(user)))
            (id_field)
            (session_fields(typed, lang, errors))
            button type="submit" { (lang.say(Phrase::SaveTheSession)) }
        }
    }
}

/// `GET /admin/sites/{site}/webinaires/series/{series}/seances/nouvelle`.
pub async fn new_session(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, series)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    if state.store.series(&site.id, &series).await?.is_none() {
        return Err(ConsoleError::NotFound(user.lang));
    }
    let typed = SessionTyped {
        input: SessionInput {
            title: String::new(),
            description: String::new(),
            starts_at: String::new(),
            ends_at: String::new(),
            time_zone: "Europe/Paris".into(),
            capacity: None,
            waitlist: false,
            registration_closes_at: None,
            hosts: vec![],
            speakers: vec![],
            points: vec![],
        },
        capacity: String::new(),
    };
    let errors = Errors::default();
    let main = session_form(&user, &site.id, &series, None, "", &typed, &errors).into_string();
    Ok(page(&user, user.lang.say(Phrase::NewSession), &errors, &main).into_response())
}

fn session_heading(
    user: &ConsoleUser,
    site: &str,
    session: &crate::store::SessionRow,
    done: bool,
) -> Markup {
    let lang = user.lang;
    let base = base(site);
    let sid = &session.id;
    html! {
        @if done {
            p.notice.success role="status" { (lang.say(Phrase::SessionCancelledThePeople)) }
        }
        p {
            a href=(base) { (lang.say(Phrase::AllWebinars)) }
            " · "
            a href=(format!("{base}/series/{}", session.series_id)) { (lang.say(Phrase::TheSeries)) }
            " · "
            a href=(format!("{base}/seances/{sid}/inscriptions")) { (lang.say(Phrase::Registrations)) }
            @if session.status == SessionStatus::Scheduled {
                " · "
                a href=(format!("{base}/seances/{sid}/annuler")) {
                    (lang.say(Phrase::CancelTheSessionEllipsis))
                }
            }
        }
        p {
            (lang.say(Phrase::Status)) " : " (session_status(session.status, lang)) " — "
            (when(session))
        }
    }
}

/// `GET /admin/sites/{site}/webinaires/seances/{session}`.
pub async fn edit_session(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id)): Path<(String, String)>,
    Query(done): Query<Done>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let session = session_of(&state, user.lang, &site.id, &id).await?;
    let typed = SessionTyped {
        capacity: session.capacity.map(|c| c.to_string()).unwrap_or_default(),
        input: SessionInput {
            title: session.title.clone(),
            description: session.description.clone(),
            starts_at: session.starts_at.clone(),
            ends_at: session.ends_at.clone(),
            time_zone: session.time_zone.clone(),
            capacity: session.capacity,
            waitlist: session.waitlist,
            registration_closes_at: session.registration_closes_at.clone(),
            hosts: session.hosts.clone(),
            speakers: session.speakers.clone(),
            points: session.points.clone(),
        },
    };
    let errors = Errors::default();
    let main = html! {
        (session_heading(&user, &site.id, &session, done.fait.is_some()))
        (session_form(&user, &site.id, &session.series_id, Some(&id), "", &typed, &errors))
    }
    .into_string();
    let title = format!("{} — {}", user.lang.say(Phrase::Session), session.title);
    Ok(page(&user, &title, &errors, &main).into_response())
}

/// Saves a session form; `existing`: the session being edited.
async fn save_session_form(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    series: &str,
    existing: Option<&crate::store::SessionRow>,
    fields: &Fields,
) -> Result<Response, ConsoleError> {
    let lang = user.lang;
    let mut errors = Errors::default();
    let typed = parse_session(fields, lang, &mut errors);
    let id = existing
        .map(|s| s.id.clone())
        .unwrap_or_else(|| fields.text("id"));
    if existing.is_none() && state.store.webinar_session(site, &id).await?.is_some() {
        errors.add("id", lang.say(Phrase::ASessionAlreadyHas));
    }
    if errors.is_empty() {
        match manage::save_session(&state.store, site, series, &id, &typed.input).await? {
            // Saved: the id is a valid one (lower-case letters, digits, dashes).
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("{}/seances/{id}?enregistre=1", base(site)))
                        .into_response(),
                )
            }
            Err(SessionRefused::NoSuchSeries) => return Err(ConsoleError::NotFound(lang)),
            Err(SessionRefused::Fields(found)) => {
                add_errors(&mut errors, &found, lang, |f| Some(f.to_owned()))
            }
        }
    }
    let form = session_form(
        user,
        site,
        series,
        existing.map(|s| s.id.as_str()),
        &id,
        &typed,
        &errors,
    );
    let main = html! {
        @if let Some(session) = existing { (session_heading(user, site, session, false)) }
        (form)
    }
    .into_string();
    let title = lang.say(Phrase::Session);
    Ok(form_page(user, title, &errors, &main))
}

/// `POST /admin/sites/{site}/webinaires/series/{series}/seances`: a new session.
pub async fn create_session(
    State(state): State<AppState>,
    Path((site, series)): Path<(String, String)>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let ConsoleForm { user, fields } = form;
    let site = site_of(&state, &user, &site).await?;
    if state.store.series(&site.id, &series).await?.is_none() {
        return Err(ConsoleError::NotFound(user.lang));
    }
    save_session_form(&state, &user, &site.id, &series, None, &fields).await
}

/// `POST /admin/sites/{site}/webinaires/seances/{session}`: as
/// `PUT /v1/admin/…/webinars/{series}/sessions/{session}`.
pub async fn save_session(
    State(state): State<AppState>,
    Path((site, id)): Path<(String, String)>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let ConsoleForm { user, fields } = form;
    let site = user.require_site(&site)?.clone();
    let session = session_of(&state, user.lang, &site.id, &id).await?;
    let series = session.series_id.clone();
    save_session_form(&state, &user, &site.id, &series, Some(&session), &fields).await
}
