//! `/admin/sites/{site}/webinaires/seances/{session}/inscriptions`: a session's registrations,
//! filtered by status and by a search, the CSV export, and per registration the actions of the
//! admin API (cancel, approve a pending one, promote a waitlisted one), with its mails.

use super::phrases::Phrase;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::DateTime;
use kiosque_protocol::RegistrationStatus;
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use super::spreadsheets::{self, Separator};
use super::webinars::{base, registration_status, session_of, site_of, when, STATUSES};
use super::{csrf_field, page, ConsoleError, ConsoleForm, ConsoleUser, Errors, Lang};
use crate::store::{RegistrationRow, SessionRow, Target};
use crate::webinars::manage::{self, Action, Refusal};
use crate::AppState;

/// The list's filters (GET query), also carried by the action forms to come back to them.
#[derive(Deserialize, Default)]
pub struct Filters {
    #[serde(default)]
    statut: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    fait: String,
}

impl Filters {
    fn status(&self) -> Option<RegistrationStatus> {
        RegistrationStatus::from_wire(&self.statut)
    }

    fn query(&self, done: &str) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if self.status().is_some() {
            query.append_pair("statut", &self.statut);
        }
        if !self.q.trim().is_empty() {
            query.append_pair("q", self.q.trim());
        }
        if !done.is_empty() {
            query.append_pair("fait", done);
        }
        let query = query.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }

    /// Whether a registration matches the search: name, e-mail or organisation, any case.
    fn matches(&self, r: &RegistrationRow) -> bool {
        let q = self.q.trim().to_lowercase();
        q.is_empty()
            || [
                format!("{} {}", r.first_name, r.last_name),
                r.email.clone(),
                r.organisation.clone(),
            ]
            .iter()
            .any(|text| text.to_lowercase().contains(&q))
    }
}

const ACTIONS: [(Action, &str); 3] = [
    (Action::Cancel, "annuler"),
    (Action::Approve, "approuver"),
    (Action::Promote, "promouvoir"),
];

fn action_label(action: Action, lang: Lang) -> &'static str {
    match action {
        Action::Cancel => lang.say(Phrase::Cancel),
        Action::Approve => lang.say(Phrase::Approve),
        Action::Promote => lang.say(Phrase::Promote),
    }
}

fn done_message(done: &str, lang: Lang) -> Option<&'static str> {
    Some(match done {
        "annuler" => lang.say(Phrase::RegistrationCancelledTheReader),
        "approuver" => lang.say(Phrase::RegistrationApprovedTheReader),
        "promouvoir" => lang.say(Phrase::RegistrationConfirmedTheReader),
        _ => return None,
    })
}

fn refusal_message(refusal: Refusal, action: Action, lang: Lang) -> &'static str {
    match refusal {
        Refusal::Unknown | Refusal::NoSession => lang.say(Phrase::ThisRegistrationNoLonger),
        Refusal::Closed => lang.say(Phrase::TheSessionIsCancelled),
        Refusal::NotPending => lang.say(Phrase::OnlyAPendingRegistration),
        Refusal::NotWaitlisted => lang.say(Phrase::OnlyAWaitlistedRegistration),
        Refusal::Full if action == Action::Approve => lang.say(Phrase::TheSessionIsFull),
        Refusal::Full => lang.say(Phrase::TheSessionIsFullNo),
    }
}

fn row_html(
    user: &ConsoleUser,
    site: &str,
    session: &SessionRow,
    r: &RegistrationRow,
    filters: &Filters,
) -> Markup {
    let lang = user.lang;
    let name = format!("{} {}", r.first_name, r.last_name);
    let tz: chrono_tz::Tz = session.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let date = DateTime::from_timestamp(r.created_at, 0)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    let consents = match (lang, r.consent_marketing_version) {
        (Lang::Fr, Some(m)) => format!(
            "traitement v{}, marketing v{m}",
            r.consent_processing_version
        ),
        (Lang::Fr, None) => format!("traitement v{}", r.consent_processing_version),
        (Lang::En, Some(m)) => format!(
            "processing v{}, marketing v{m}",
            r.consent_processing_version
        ),
        (Lang::En, None) => format!("processing v{}", r.consent_processing_version),
    };
    let allowed = |action: Action| match action {
        Action::Cancel => r.status != RegistrationStatus::Cancelled,
        Action::Approve => r.status == RegistrationStatus::Pending,
        Action::Promote => r.status == RegistrationStatus::Waitlisted,
    };
    html! {
        tr id=(format!("inscription-{}", r.id)) tabindex="-1" {
            td { (registration_status(r.status, lang)) }
            td { (name) }
            td {
                // An erased person's row keeps its place in the figures, without them.
                @if r.email.starts_with(crate::store::ERASED) {
                    em { (lang.say(Phrase::DataErased)) }
                } @else {
                    (r.email)
                }
            }
            td { (r.organisation) }
            td { (date) }
            td { (consents) }
            td {
                @for (action, path) in ACTIONS.iter().filter(|(action, _)| allowed(*action)) {
                    form class="inline" method="post" action=(format!("{}/inscriptions/{}/{path}", base(site), r.id)) novalidate {
                        // A hidden input holding the CSRF token, trusted HTML.
                        (PreEscaped(csrf_field(user)))
                        input type="hidden" name="statut" value=(filters.statut);
                        input type="hidden" name="q" value=(filters.q);
                        button type="submit" {
                            (action_label(*action, lang))
                            span.visually-hidden { " — " (name) }
                        }
                    }
                    " "
                }
            }
        }
    }
}

async fn list_page(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    session: &SessionRow,
    filters: &Filters,
) -> Result<String, ConsoleError> {
    let lang = user.lang;
    let rows = state
        .store
        .registrations(site, &session.id, filters.status())
        .await?;
    let rows: Vec<&RegistrationRow> = rows.iter().filter(|r| filters.matches(r)).collect();
    let base = base(site);
    let path = format!("{base}/seances/{}/inscriptions", session.id);
    let options = std::iter::once((String::new(), lang.say(Phrase::All))).chain(
        STATUSES
            .iter()
            .map(|s| (s.as_str().to_owned(), registration_status(*s, lang))),
    );
    let count = lang.count(
        rows.len() as u64,
        ("inscription", "inscriptions"),
        ("registration", "registrations"),
    );
    let main = html! {
        @if let Some(done) = done_message(&filters.fait, lang) {
            p.notice.success role="status" { (done) }
        }
        p {
            strong { (session.title) }
            " — " (when(session)) " · "
            a href=(format!("{base}/seances/{}", session.id)) { (lang.say(Phrase::EditTheSession)) }
            " · "
            a href=(base) { (lang.say(Phrase::AllWebinars)) }
        }
        form method="get" action=(path) role="search" {
            div.field {
                label for="statut" { (lang.say(Phrase::Status)) }
                select id="statut" name="statut" {
                    @for (value, label) in options {
                        option value=(value) selected[value == filters.statut] { (label) }
                    }
                }
            }
            div.field {
                label for="q" { (lang.say(Phrase::SearchNameEMail)) }
                input id="q" name="q" type="search" value=(filters.q);
            }
            button type="submit" { (lang.say(Phrase::Filter)) }
        }
        (spreadsheets::export_form(&format!("{path}.csv"), lang.say(Phrase::ExportEveryRegistrationCSV), lang))
        div.table-scroll { table {
            caption { (count) }
            thead { tr {
                th scope="col" { (lang.say(Phrase::Status)) }
                th scope="col" { (lang.say(Phrase::Name)) }
                th scope="col" { (lang.say(Phrase::EMail)) }
                th scope="col" { (lang.say(Phrase::Organisation)) }
                th scope="col" { (lang.say(Phrase::Date)) }
                th scope="col" { (lang.say(Phrase::Consents)) }
                th scope="col" { (lang.say(Phrase::Actions)) }
            } }
            tbody { @for r in &rows { (row_html(user, site, session, r, filters)) } }
        } }
    };
    Ok(main.into_string())
}

fn title(lang: Lang) -> &'static str {
    lang.say(Phrase::Registrations)
}

/// `GET /admin/sites/{site}/webinaires/seances/{session}/inscriptions?statut=&q=`.
pub async fn list(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, session)): Path<(String, String)>,
    Query(filters): Query<Filters>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let session = session_of(&state, user.lang, &site.id, &session).await?;
    let main = list_page(&state, &user, &site.id, &session, &filters).await?;
    Ok(page(&user, title(user.lang), &Errors::default(), &main).into_response())
}

/// The export's options (GET query).
#[derive(Deserialize, Default)]
pub struct ExportOptions {
    #[serde(default)]
    separateur: String,
}

/// `GET /admin/sites/{site}/webinaires/seances/{session}/inscriptions.csv?separateur=`: every
/// registration, ready for a spreadsheet (`spreadsheets`).
pub async fn csv(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, session)): Path<(String, String)>,
    Query(options): Query<ExportOptions>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let session = session_of(&state, user.lang, &site.id, &session).await?;
    let series = state
        .store
        .series(&site.id, &session.series_id)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let rows = state
        .store
        .registrations(&site.id, &session.id, None)
        .await?;
    let separator = Separator::parse(&options.separateur, user.lang);
    let file = spreadsheets::registrations_csv(&rows, &series, &session, user.lang, separator)?;
    Ok(spreadsheets::csv_download(file, &session.id))
}

/// `POST /admin/sites/{site}/webinaires/inscriptions/{id}/{annuler|approuver|promouvoir}`.
pub async fn act(
    State(state): State<AppState>,
    Path((site, id, action)): Path<(String, String, String)>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let ConsoleForm { user, fields } = form;
    let site = site_of(&state, &user, &site).await?;
    let lang = user.lang;
    let Some((action, path)) = ACTIONS.iter().find(|(_, path)| *path == action).copied() else {
        return Err(ConsoleError::NotFound(lang));
    };
    let id: i64 = id.parse().map_err(|_| ConsoleError::NotFound(lang))?;
    let registration = state
        .store
        .registration_ref(&site.id, Target::Id(id))
        .await?
        .ok_or(ConsoleError::NotFound(lang))?;
    let session = session_of(&state, lang, &site.id, &registration.session_id).await?;
    let filters = Filters {
        statut: fields.text("statut"),
        q: fields.text("q"),
        fait: String::new(),
    };
    let list = format!("{}/seances/{}/inscriptions", base(&site.id), session.id);
    match manage::act(
        &state.store,
        &state.mail_queued,
        &state.server_origin,
        &site,
        id,
        action,
    )
    .await?
    {
        Ok(()) => Ok(Redirect::to(&format!("{list}{}", filters.query(path))).into_response()),
        Err(refusal) => {
            let mut errors = Errors::default();
            errors.add(
                &format!("inscription-{id}"),
                refusal_message(refusal, action, lang),
            );
            let main = list_page(&state, &user, &site.id, &session, &filters).await?;
            Ok((
                StatusCode::CONFLICT,
                page(&user, title(lang), &errors, &main),
            )
                .into_response())
        }
    }
}
