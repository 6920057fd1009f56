//! The series and session editors: a `SeriesInput` / `SessionInput` written out as fields, and
//! read back; saved through `webinars::manage` (the admin API's checks), each error on its field.

use super::phrases::Phrase;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kiosque_protocol::{Person, Question, QuestionKind, SeriesInput, SessionInput, SessionStatus};
use serde::Deserialize;

use super::webinars::{add_errors, base, message, session_of, session_status, site_of, when};
use super::{
    csrf_field, form_page, page, Choices, ConsoleError, ConsoleForm, ConsoleUser, Errors, Fields,
};
use super::{Input, Lang};
use crate::html::escape;
use crate::webinars::manage::{self, SessionRefused};
use crate::AppState;

/// Empty question rows under the series' own, to add questions.
const EMPTY_QUESTIONS: usize = 3;
/// Question rows read back at most.
const MAX_QUESTIONS: usize = 50;

const KINDS: [(QuestionKind, Phrase); 4] = [
    (QuestionKind::ShortText, Phrase::ShortText),
    (QuestionKind::SingleChoice, Phrase::SingleChoice),
    (QuestionKind::MultipleChoice, Phrase::MultipleChoice),
    (QuestionKind::Checkbox, Phrase::Checkbox),
];

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn checkbox(name: &str, label: &str, checked: bool) -> String {
    let checked = if checked { " checked" } else { "" };
    format!(
        r#"<div class="field"><div class="choice"><input type="checkbox" id="{name}" name="{name}" value="1"{checked}><label for="{name}">{}</label></div></div>"#,
        escape(label)
    )
}

/// A series form: its fields, and the error fields' names for the messages.
fn series_fields(input: &SeriesInput, lang: Lang, errors: &Errors) -> String {
    let mut html = Input::new("title", lang.say(Phrase::Title))
        .value(&input.title)
        .render(lang, errors);
    html += &Input::new("description", lang.say(Phrase::Description))
        .kind("textarea")
        .value(&input.description)
        .render(lang, errors);
    html += &checkbox(
        "double_opt_in",
        lang.say(Phrase::DoubleOptInA),
        input.double_opt_in,
    );
    let empty = Question {
        id: String::new(),
        label: String::new(),
        kind: QuestionKind::ShortText,
        required: false,
        choices: vec![],
    };
    for i in 0..input.questions.len() + EMPTY_QUESTIONS {
        let q = input.questions.get(i).unwrap_or(&empty);
        let field = |name: &str| format!("q{i}_{name}");
        html += &format!(
            "<fieldset><legend>{} {}</legend>",
            lang.say(Phrase::Question),
            i + 1
        );
        if i >= input.questions.len() {
            html += &format!(
                r#"<p class="hint">{}</p>"#,
                lang.say(Phrase::LeaveEmptyToAddNo)
            );
        }
        html += &Input::new(&field("id"), lang.say(Phrase::IdLettersDigitsAnd))
            .value(&q.id)
            .render(lang, errors);
        html += &Input::new(&field("label"), lang.say(Phrase::Label))
            .value(&q.label)
            .render(lang, errors);
        let options: Vec<(String, String)> = KINDS
            .iter()
            .map(|(k, label)| (k.as_str().to_owned(), lang.say(*label).to_owned()))
            .collect();
        html += &Choices {
            name: &field("kind"),
            legend: lang.say(Phrase::KindOfAnswer),
            hint: "",
            multiple: false,
            options: &options,
            selected: &[q.kind.as_str().to_owned()],
            empty: "",
        }
        .render(lang, errors);
        html += &checkbox(
            &field("required"),
            lang.say(Phrase::AnswerRequired),
            q.required,
        );
        html += &Input::new(&field("choices"), lang.say(Phrase::ChoicesOnePerLine))
            .kind("textarea")
            .value(&q.choices.join("\n"))
            .hint(lang.say(Phrase::ForSingleAndMultiple))
            .render(lang, errors);
        html += "</fieldset>";
    }
    html
}

/// Reads a series form: the input, and for each question the row it came from.
pub(super) fn parse_series(fields: &Fields) -> (SeriesInput, Vec<usize>) {
    let mut questions = Vec::new();
    let mut rows = Vec::new();
    for i in 0..MAX_QUESTIONS {
        let f = |name: &str| fields.text(&format!("q{i}_{name}"));
        if f("id").is_empty() && f("label").is_empty() && f("choices").is_empty() {
            continue;
        }
        questions.push(Question {
            id: f("id"),
            label: f("label"),
            kind: QuestionKind::from_wire(&f("kind")).unwrap_or(QuestionKind::ShortText),
            required: !f("required").is_empty(),
            choices: lines(fields.raw(&format!("q{i}_choices"))),
        });
        rows.push(i);
    }
    let input = SeriesInput {
        title: fields.text("title"),
        description: fields.text("description"),
        questions,
        double_opt_in: !fields.text("double_opt_in").is_empty(),
    };
    (input, rows)
}

/// The editor's field of an error's field (`questions.1.label` → `q3_label`): `rows` maps
/// the questions read back to the rows they came from.
pub(super) fn series_field(rows: &[usize]) -> impl Fn(&str) -> Option<String> + '_ {
    |field| match field.split('.').collect::<Vec<_>>()[..] {
        ["questions", i, name] => i
            .parse::<usize>()
            .ok()
            .and_then(|i| rows.get(i))
            .map(|row| format!("q{row}_{name}")),
        [name] => Some(name.to_owned()),
        _ => None,
    }
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
) -> (String, String) {
    match edit {
        Some(path) => (path, String::new()),
        None => (
            create,
            Input::new("id", id_label)
                .value(typed_id)
                .render(user.lang, errors),
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
) -> String {
    let lang = user.lang;
    let base = base(site);
    let (action, id_field) = target(
        user,
        id.map(|id| format!("{base}/series/{}", escape(id))),
        format!("{base}/series"),
        lang.say(Phrase::SeriesIdAZ),
        typed_id,
        errors,
    );
    // A saved series can be previewed (its sessions carry the form); a new one has none yet.
    let preview = match id {
        Some(_) => format!(
            r#"<button type="submit" formaction="{action}/apercu">{}</button> "#,
            lang.say(Phrase::PreviewTheForm)
        ),
        None => String::new(),
    };
    format!(
        r#"<p><a href="{base}">{back}</a></p><form method="post" action="{action}" novalidate>{csrf}{id_field}{fields}<p>{preview}<button type="submit">{save}</button></p></form>"#,
        back = lang.say(Phrase::AllWebinars),
        csrf = csrf_field(user),
        fields = series_fields(input, lang, errors),
        save = lang.say(Phrase::SaveTheSeries),
    )
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
    let main = series_form(&user, &site.id, None, "", &input, &errors);
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
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let input = SeriesInput {
        title: series.title,
        description: series.description,
        questions: series.questions,
        double_opt_in: series.double_opt_in,
    };
    let errors = Errors::default();
    let main = series_form(&user, &site.id, Some(&id), "", &input, &errors);
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
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "{}/series/{}?enregistre=1",
                    base(site),
                    escape(&id)
                ))
                .into_response())
            }
            Err(found) => add_errors(&mut errors, &found, lang, series_field(&rows)),
        }
    }
    let main = series_form(user, site, existing, &id, &input, &errors);
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
fn to_field(local: &str) -> String {
    local.get(..16).unwrap_or(local).to_owned()
}

fn from_field(value: &str) -> String {
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

fn session_fields(typed: &SessionTyped, lang: Lang, errors: &Errors) -> String {
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
    let mut html = String::new();
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
    for (name, label, kind, value, hint) in text_fields {
        if kind == "checkbox" {
            html += &checkbox(
                name,
                lang.say(Phrase::WaitlistWhenTheSession),
                input.waitlist,
            );
            continue;
        }
        html += &Input::new(name, label)
            .kind(kind)
            .value(value)
            .hint(hint)
            .render(lang, errors);
    }
    html
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
) -> String {
    let lang = user.lang;
    let base = base(site);
    let (action, id_field) = target(
        user,
        existing.map(|id| format!("{base}/seances/{}", escape(id))),
        format!("{base}/series/{}/seances", escape(series)),
        lang.say(Phrase::SessionIdAZ),
        typed_id,
        errors,
    );
    format!(
        r#"<form method="post" action="{action}" novalidate>{csrf}{id_field}{fields}<button type="submit">{save}</button></form>"#,
        csrf = csrf_field(user),
        fields = session_fields(typed, lang, errors),
        save = lang.say(Phrase::SaveTheSession),
    )
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
    let main = session_form(&user, &site.id, &series, None, "", &typed, &errors);
    Ok(page(&user, user.lang.say(Phrase::NewSession), &errors, &main).into_response())
}

fn session_heading(
    user: &ConsoleUser,
    site: &str,
    session: &crate::store::SessionRow,
    done: bool,
) -> String {
    let lang = user.lang;
    let base = base(site);
    let sid = escape(&session.id);
    let notice = if done {
        format!(
            r#"<p class="notice success" role="status">{}</p>"#,
            lang.say(Phrase::SessionCancelledThePeople)
        )
    } else {
        String::new()
    };
    let cancel = if session.status == SessionStatus::Scheduled {
        format!(
            r#" · <a href="{base}/seances/{sid}/annuler">{}</a>"#,
            lang.say(Phrase::CancelTheSessionEllipsis)
        )
    } else {
        String::new()
    };
    format!(
        r#"{notice}<p><a href="{base}">{all}</a> · <a href="{base}/series/{series}">{series_label}</a> · <a href="{base}/seances/{sid}/inscriptions">{registrations}</a>{cancel}</p><p>{status_label} : {status} — {when}</p>"#,
        all = lang.say(Phrase::AllWebinars),
        series = escape(&session.series_id),
        series_label = lang.say(Phrase::TheSeries),
        registrations = lang.say(Phrase::Registrations),
        status_label = lang.say(Phrase::Status),
        status = session_status(session.status, lang),
        when = escape(&when(session)),
    )
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
    let main = format!(
        "{}{}",
        session_heading(&user, &site.id, &session, done.fait.is_some()),
        session_form(
            &user,
            &site.id,
            &session.series_id,
            Some(&id),
            "",
            &typed,
            &errors
        )
    );
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
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "{}/seances/{}?enregistre=1",
                    base(site),
                    escape(&id)
                ))
                .into_response())
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
    let main = match existing {
        Some(session) => format!("{}{form}", session_heading(user, site, session, false)),
        None => form,
    };
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
