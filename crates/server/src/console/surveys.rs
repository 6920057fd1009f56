//! `/admin/sites/{site}/questionnaires`: a site's questionnaires (state, dates, answers, the
//! linked webinar), and the editor, the series' question editor with the survey's dates, its
//! address and consent, and where its results are told; saved through `surveys::save`, the
//! admin API's checks, each error on its field. Results and answers: `surveys_results`.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use kiosque_protocol::{SurveyInput, SurveyState};
use maud::{html, Markup, PreEscaped};

use super::phrases::Phrase;
use super::question_editor::{checkbox, parse_questions, question_field, question_rows};
use super::webinars::add_errors;
use super::webinars_forms::{from_field, to_field};
use super::{
    csrf_field, form_page, page, Choices, ConsoleError, ConsoleForm, ConsoleUser, Errors, Fields,
    Input, Lang,
};
use crate::store::SurveyRow;
use crate::AppState;

/// The questionnaire pages of a site start here.
pub(super) fn base(site: &str) -> String {
    format!("/admin/sites/{site}/questionnaires")
}

/// A questionnaire of the site, or `404`.
pub(super) async fn survey_of(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    id: &str,
) -> Result<SurveyRow, ConsoleError> {
    user.require_site(site)?;
    state
        .store
        .survey(site, id)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))
}

pub(super) fn state_label(state: SurveyState, lang: Lang) -> &'static str {
    lang.say(match state {
        SurveyState::Upcoming => Phrase::Upcoming,
        SurveyState::Open => Phrase::Open,
        SurveyState::Closed => Phrase::Closed,
    })
}

/// `2026-12-01 09:00 → 2026-12-14 18:00 (Europe/Paris)`, as the marketer typed them.
fn dates(s: &SurveyRow) -> String {
    let day = |t: &Option<String>| t.as_deref().map(|t| to_field(t).replace('T', " "));
    match (day(&s.opens_at), day(&s.closes_at)) {
        (None, None) => String::new(),
        (opens, closes) => format!(
            "{} → {} ({})",
            opens.unwrap_or_default(),
            closes.unwrap_or_default(),
            s.time_zone
        ),
    }
}

/// `GET /admin/sites/{site}/questionnaires`.
pub async fn list(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let lang = user.lang;
    let base = base(&site.id);
    let surveys = state.store.surveys(&site.id).await?;
    let answered = state.store.survey_answer_counts(&site.id).await?;
    let series = state.store.series_list(&site.id).await?;
    let series_title = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| series.iter().find(|(s, _, _)| s == id))
            .map(|(_, title, _)| title.clone())
            .unwrap_or_default()
    };
    let now = Utc::now().timestamp();
    let main = html! {
        p { a.button href=(format!("{base}/nouveau")) { (lang.say(Phrase::NewQuestionnaire)) } }
        @if surveys.is_empty() {
            p { (lang.say(Phrase::NoQuestionnaireYet)) }
        } @else {
            div.table-scroll tabindex="0" role="region" aria-label=(lang.say(Phrase::Questionnaires)) {
                table {
                    caption { (lang.say(Phrase::Questionnaires)) }
                    thead { tr {
                        th scope="col" { (lang.say(Phrase::Title)) }
                        th scope="col" { (lang.say(Phrase::Status)) }
                        th scope="col" { (lang.say(Phrase::Dates)) }
                        th scope="col" { (lang.say(Phrase::Answers)) }
                        th scope="col" { (lang.say(Phrase::LinkedWebinar)) }
                    } }
                    tbody { @for s in &surveys {
                        tr {
                            th scope="row" {
                                a href=(format!("{base}/{}", s.id)) { (s.title) }
                                br; code { (s.id) }
                            }
                            td { (state_label(crate::surveys::state(s, now), lang)) }
                            td { (dates(s)) }
                            td {
                                a href=(format!("{base}/{}/resultats", s.id)) {
                                    (answered.get(&s.id).copied().unwrap_or(0))
                                }
                            }
                            td { (series_title(&s.series_id)) }
                        }
                    } }
                }
            }
        }
    };
    let title = lang.say(Phrase::Questionnaires);
    Ok(page(&user, title, &Errors::default(), &main.into_string()).into_response())
}

/// The editor's fields for `input`.
fn survey_fields(
    input: &SurveyInput,
    series: &[(String, String, String)],
    lang: Lang,
    errors: &Errors,
) -> Markup {
    let local = |t: &Option<String>| t.as_deref().map(to_field).unwrap_or_default();
    let mut options = vec![(String::new(), lang.say(Phrase::NoneMasculine).to_owned())];
    options.extend(
        series
            .iter()
            .map(|(id, title, _)| (id.clone(), title.clone())),
    );
    let selected = [input.series.clone().unwrap_or_default()];
    let linked = Choices {
        name: "series",
        legend: lang.say(Phrase::LinkedWebinar),
        hint: "",
        multiple: false,
        options: &options,
        selected: &selected,
        empty: "",
    }
    .render(lang, errors);
    let field = |name: &'static str, label: Phrase| Input::new(name, lang.say(label));
    // The form helpers' HTML is escaped by them (forms.rs).
    html! {
        (PreEscaped(field("title", Phrase::Title).value(&input.title).render(lang, errors)))
        (PreEscaped(field("introduction", Phrase::Introduction).kind("textarea")
            .value(&input.introduction).render(lang, errors)))
        fieldset {
            legend { (lang.say(Phrase::Questions)) }
            (question_rows(&input.questions, lang, errors))
        }
        fieldset {
            legend { (lang.say(Phrase::Dates)) }
            (PreEscaped(field("time_zone", Phrase::TimeZoneIANA).value(&input.time_zone)
                .hint(lang.say(Phrase::SuchAsEuropeParis)).render(lang, errors)))
            (PreEscaped(field("opens_at", Phrase::OpensLocalTime).kind("datetime-local")
                .value(&local(&input.opens_at)).hint(lang.say(Phrase::EmptyOpenOnceSaved)).render(lang, errors)))
            (PreEscaped(field("closes_at", Phrase::ClosesLocalTime).kind("datetime-local")
                .value(&local(&input.closes_at)).hint(lang.say(Phrase::EmptyNoClosingDate)).render(lang, errors)))
            (PreEscaped(field("results_from", Phrase::ResultsPublicFromLocal).kind("datetime-local")
                .value(&local(&input.results_from)).hint(lang.say(Phrase::EmptyTheResultsStay)).render(lang, errors)))
        }
        (checkbox("ask_email", lang.say(Phrase::AskForAnEmail), input.ask_email))
        (PreEscaped(field("email_consent", Phrase::ConsentToGiveAn).kind("textarea")
            .value(&input.email_consent).hint(lang.say(Phrase::RequiredWhenAnAddress)).render(lang, errors)))
        (PreEscaped(linked))
        (PreEscaped(field("results_note", Phrase::WhereTheResultsWill).value(&input.results_note)
            .hint(lang.say(Phrase::ForExampleResultsRevealed)).render(lang, errors)))
    }
}

/// Reads the editor back: the input, and for each question the row it came from.
pub(super) fn parse(fields: &Fields) -> (SurveyInput, Vec<usize>) {
    let (questions, rows) = parse_questions(fields);
    let local = |name: &str| {
        let value = fields.text(name);
        (!value.is_empty()).then(|| from_field(&value))
    };
    let series = fields.text("series");
    let input = SurveyInput {
        title: fields.text("title"),
        introduction: fields.text("introduction"),
        questions,
        time_zone: fields.text("time_zone"),
        opens_at: local("opens_at"),
        closes_at: local("closes_at"),
        results_from: local("results_from"),
        ask_email: !fields.text("ask_email").is_empty(),
        email_consent: fields.text("email_consent"),
        results_note: fields.text("results_note"),
        series: (!series.is_empty()).then_some(series),
    };
    (input, rows)
}

pub(super) fn survey_form(
    user: &ConsoleUser,
    site: &str,
    id: Option<&str>,
    typed_id: &str,
    input: &SurveyInput,
    series: &[(String, String, String)],
    errors: &Errors,
) -> Markup {
    let lang = user.lang;
    let base = base(site);
    let action = match id {
        Some(id) => format!("{base}/{id}"),
        None => base.clone(),
    };
    html! {
        p {
            a href=(base) { (lang.say(Phrase::AllQuestionnaires)) }
            @if let Some(id) = id {
                " · " a href=(format!("{base}/{id}/resultats")) { (lang.say(Phrase::Results)) }
            }
        }
        @if let Some(id) = id {
            p { (lang.say(Phrase::ToPlaceOnA)) }
            pre { code { "<div data-kiosque=\"survey\" data-survey=\"" (id) "\"></div>" } }
        }
        form method="post" action=(action) novalidate {
            (PreEscaped(csrf_field(user)))
            @if id.is_none() {
                // The form helper's HTML is escaped by it (forms.rs).
                (PreEscaped(Input::new("id", lang.say(Phrase::SurveyIdField)).value(typed_id).render(lang, errors)))
            }
            (survey_fields(input, series, lang, errors))
            p {
                // A saved questionnaire can be previewed in the real widget.
                @if id.is_some() {
                    button type="submit" formaction=(format!("{action}/apercu")) {
                        (lang.say(Phrase::PreviewTheQuestionnaire))
                    }
                    " "
                }
                button type="submit" { (lang.say(Phrase::SaveTheQuestionnaire)) }
            }
        }
    }
}

/// `GET /admin/sites/{site}/questionnaires/nouveau`.
pub async fn new_survey(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let input = SurveyInput {
        time_zone: "Europe/Paris".into(),
        ..SurveyInput::default()
    };
    let series = state.store.series_list(&site.id).await?;
    let errors = Errors::default();
    let main = survey_form(&user, &site.id, None, "", &input, &series, &errors).into_string();
    Ok(page(
        &user,
        user.lang.say(Phrase::NewQuestionnaire),
        &errors,
        &main,
    )
    .into_response())
}

/// `GET /admin/sites/{site}/questionnaires/{survey}`.
pub async fn edit_survey(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    let s = survey_of(&state, &user, &site, &id).await?;
    let input = SurveyInput {
        title: s.title,
        introduction: s.introduction,
        questions: s.questions,
        time_zone: s.time_zone,
        opens_at: s.opens_at,
        closes_at: s.closes_at,
        results_from: s.results_from,
        ask_email: s.ask_email,
        email_consent: s.email_consent,
        results_note: s.results_note,
        series: s.series_id,
    };
    let series = state.store.series_list(&site).await?;
    let errors = Errors::default();
    let main = survey_form(&user, &site, Some(&id), "", &input, &series, &errors).into_string();
    let title = format!(
        "{} — {}",
        user.lang.say(Phrase::Questionnaires),
        input.title
    );
    Ok(page(&user, &title, &errors, &main).into_response())
}

/// Saves the editor's survey (`existing`: the path's id; else the typed one, for a new one).
async fn save_form(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    existing: Option<&str>,
    fields: &Fields,
) -> Result<Response, ConsoleError> {
    let lang = user.lang;
    let (input, rows) = parse(fields);
    let id = existing
        .map(str::to_owned)
        .unwrap_or_else(|| fields.text("id"));
    let mut errors = Errors::default();
    if existing.is_none() && state.store.survey(site, &id).await?.is_some() {
        errors.add("id", lang.say(Phrase::AQuestionnaireAlreadyHas));
    }
    if errors.is_empty() {
        match crate::surveys::save(&state.store, site, &id, &input).await? {
            // Saved: the id is a valid one (lower-case letters, digits, dashes).
            Ok(_) => {
                let to = format!("{}/{id}?enregistre=1", base(site));
                return Ok(Redirect::to(&to).into_response());
            }
            Err(found) => add_errors(&mut errors, &found, lang, question_field(&rows)),
        }
    }
    let series = state.store.series_list(site).await?;
    let main = survey_form(user, site, existing, &id, &input, &series, &errors).into_string();
    Ok(form_page(
        user,
        lang.say(Phrase::Questionnaires),
        &errors,
        &main,
    ))
}

/// `POST /admin/sites/{site}/questionnaires`: a new questionnaire.
pub async fn create(
    State(state): State<AppState>,
    Path(site): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    save_form(&state, &user, &site.id, None, &fields).await
}

/// `POST /admin/sites/{site}/questionnaires/{survey}`: as `PUT /v1/admin/…/surveys/{survey}`.
pub async fn save(
    State(state): State<AppState>,
    Path((site, id)): Path<(String, String)>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    survey_of(&state, &user, &site, &id).await?;
    save_form(&state, &user, &site, Some(&id), &fields).await
}
