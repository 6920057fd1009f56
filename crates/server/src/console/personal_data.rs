//! `/admin/sites/{site}/donnees-personnelles`: answering a reader who asks what the site holds
//! about them, or to erase it (RGPD articles 15 and 17). The address is searched, exported and
//! erased through POSTs only: an address in a URL would be kept by access logs and histories.
//! The document is `personal_data::document`'s; the erasure log is in `personal_data_log`.

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use kiosque_protocol::PersonalData;
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use super::forms::{inline_action, read_email};
use super::personal_data_log::{erased_notice, erasure_log};
use super::phrases::Phrase;
use super::{csrf_field, form_page, post_form, ConsoleError, ConsoleForm, ConsoleUser, Errors};
use super::{Fields, Input, Lang};
use crate::personal_data::{self, document};
use crate::store::Site;
use crate::AppState;

/// `?fait=<erasure id>`: the page after an erasure, which tells what it erased.
#[derive(Deserialize)]
pub struct Done {
    fait: Option<String>,
}

fn base(site: &str) -> String {
    format!("/admin/sites/{site}/donnees-personnelles")
}

/// What the page shows besides its explanation, search form and log.
#[derive(Default)]
struct View<'a> {
    /// The search field's value.
    typed: &'a str,
    /// What the search found.
    found: Option<&'a PersonalData>,
    /// The erasure just made, to confirm.
    done: Option<i64>,
}

/// The checkbox that confirms the requester's identity was checked, with its error: the form
/// helpers have no lone checkbox, so this repeats their markup (`forms::Input`).
fn verified_box(lang: Lang, errors: &Errors) -> Markup {
    let error = errors.get("verified");
    html! {
        div class=(if error.is_some() { "field invalid" } else { "field" }) {
            @if let Some(error) = error {
                p.error id="verified-erreur" { span.visually-hidden { (lang.say(Phrase::Error)) } (error) }
            }
            div.choice {
                input type="checkbox" id="verified" name="verified" value="1" required
                    aria-describedby=[error.map(|_| "verified-erreur")]
                    aria-invalid=[error.map(|_| "true")];
                label for="verified" { (lang.say(Phrase::IVerifiedTheRequest)) }
            }
        }
    }
}

/// What was found, then the downloads and, when something is held, the erase form.
fn results(user: &ConsoleUser, site: &str, data: &PersonalData, errors: &Errors) -> Markup {
    let lang = user.lang;
    let base = base(site);
    // Each form carries the address again (hidden), so it never goes into a URL.
    let email = html! { input type="hidden" name="email" value=(data.email); };
    html! {
        (document::body(data, lang.into()))
        h2 { (lang.say(Phrase::ExportThisData)) }
        div.downloads {
            (inline_action(user, &format!("{base}/export.json"), email.clone(), lang.say(Phrase::DownloadAsJSON)))
            (inline_action(user, &format!("{base}/export.html"), email.clone(), lang.say(Phrase::DownloadAsHTML)))
        }
        h2 { (lang.say(Phrase::EraseThisData)) }
        @if data.items.is_empty() {
            p { (lang.say(Phrase::NothingToErase)) }
        } @else {
            div.danger-zone {
                p { (lang.say(Phrase::ErasingDeletesThisData)) }
                form method="post" action=(format!("{base}/effacer")) novalidate {
                    // Trusted HTML from the form helper.
                    (PreEscaped(csrf_field(user)))
                    (email)
                    (verified_box(lang, errors))
                    button.danger type="submit" { (lang.say(Phrase::EraseThisPersonsData)) }
                }
            }
        }
    }
}

/// The page: 200, or 400 with what was refused.
async fn render(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    view: View<'_>,
    errors: &Errors,
) -> Result<Response, ConsoleError> {
    let lang = user.lang;
    let log = state.store.erasures(site).await?;
    let done = view.done.and_then(|id| log.iter().find(|e| e.id == id));
    let field = Input::new("email", lang.say(Phrase::ThePersonsEmailAddress))
        .kind("email")
        .value(view.typed)
        .render(lang, errors);
    // Trusted HTML: the form helpers escape what they show.
    let search = post_form(user, &base(site), &field, lang.say(Phrase::Search));
    let main = html! {
        @if errors.is_empty() { @if let Some(erasure) = done { (erased_notice(erasure, lang)) } }
        p { (lang.say(Phrase::ThisPageAnswersA)) }
        p { (lang.say(Phrase::BeforeExportingOrErasing)) }
        (PreEscaped(search))
        @if let Some(data) = view.found { (results(user, site, data, errors)) }
        (erasure_log(&log, lang))
    };
    Ok(form_page(
        user,
        lang.say(Phrase::PersonalData),
        errors,
        &main.into_string(),
    ))
}

/// The address posted in `email`, normalised; otherwise the page with the field's error (400).
async fn posted_email(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    fields: &Fields,
) -> Result<Result<String, Response>, ConsoleError> {
    let lang = user.lang;
    let typed = fields.text("email");
    let mut errors = Errors::default();
    let missing = lang.say(Phrase::EnterThePersonsEmail);
    if let Some(email) = read_email(lang, &typed, missing, &mut errors) {
        return Ok(Ok(email));
    }
    let view = View {
        typed: &typed,
        ..View::default()
    };
    Ok(Err(render(state, user, site, view, &errors).await?))
}

/// What the site holds about `email`, an address `posted_email` read (and normalised).
async fn held(state: &AppState, site: &Site, email: &str) -> Result<PersonalData, ConsoleError> {
    let now = crate::unix_now();
    Ok(state.store.personal_data(&site.id, email, now).await?)
}

/// The posted address and what the site holds about it; otherwise the page with the error.
async fn lookup(
    state: &AppState,
    user: &ConsoleUser,
    site: &Site,
    fields: &Fields,
) -> Result<Result<PersonalData, Response>, ConsoleError> {
    Ok(match posted_email(state, user, &site.id, fields).await? {
        Ok(email) => Ok(held(state, site, &email).await?),
        Err(refused) => Err(refused),
    })
}

/// For the downloads: the site (if the user manages it), then `lookup`.
async fn posted_data(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    fields: &Fields,
) -> Result<Result<PersonalData, Response>, ConsoleError> {
    let site = user.managed_site(state, site).await?;
    lookup(state, user, &site, fields).await
}

/// `GET /admin/sites/{site}/donnees-personnelles`.
pub async fn show(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, ConsoleError> {
    let site = user.managed_site(&state, &site).await?;
    let view = View {
        done: done.fait.and_then(|id| id.parse().ok()),
        ..View::default()
    };
    render(&state, &user, &site.id, view, &Errors::default()).await
}

/// `POST /admin/sites/{site}/donnees-personnelles`: what the site holds about `email`.
pub async fn search(
    State(state): State<AppState>,
    Path(site): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let site = user.managed_site(&state, &site).await?;
    let data = match lookup(&state, &user, &site, &fields).await? {
        Ok(data) => data,
        Err(refused) => return Ok(refused),
    };
    let view = View {
        typed: &data.email,
        found: Some(&data),
        done: None,
    };
    render(&state, &user, &site.id, view, &Errors::default()).await
}

/// The download of `body`, as `donnees-<site>-<date>.<extension>`: the address stays out of
/// the name, which file lists and mail attachments show.
fn download(data: &PersonalData, extension: &str, content_type: &str, body: String) -> Response {
    let date = DateTime::<Utc>::from_timestamp(data.generated_at, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    // Site ids are already [a-z0-9-]; a header value must not get anything else anyway.
    let site: String = data
        .site
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let disposition = format!("attachment; filename=\"donnees-{site}-{date}.{extension}\"");
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// `POST /admin/sites/{site}/donnees-personnelles/export.json`: the document for machines,
/// as the admin API gives it.
pub async fn export_json(
    State(state): State<AppState>,
    Path(site): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let data = match posted_data(&state, &user, &site, &fields).await? {
        Ok(data) => data,
        Err(refused) => return Ok(refused),
    };
    let json = serde_json::to_string_pretty(&data).map_err(anyhow::Error::from)?;
    Ok(download(&data, "json", "application/json", json))
}

/// `POST /admin/sites/{site}/donnees-personnelles/export.html`: the document as a page of its
/// own, what a publisher sends the reader.
pub async fn export_html(
    State(state): State<AppState>,
    Path(site): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let data = match posted_data(&state, &user, &site, &fields).await? {
        Ok(data) => data,
        Err(refused) => return Ok(refused),
    };
    let page = document::page(&data, user.lang.into()).into_string();
    Ok(download(&data, "html", "text/html; charset=utf-8", page))
}

/// `POST /admin/sites/{site}/donnees-personnelles/effacer`: erases the address once the user
/// ticked that the requester's identity was checked; the log records the user, never the
/// address. Then back to the page (303), which tells what was erased.
pub async fn erase(
    State(state): State<AppState>,
    Path(site): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let site = user.managed_site(&state, &site).await?;
    let lang = user.lang;
    let email = match posted_email(&state, &user, &site.id, &fields).await? {
        Ok(email) => email,
        Err(refused) => return Ok(refused),
    };
    if fields.text("verified").is_empty() {
        // The results again, so the user sees what would be erased while ticking the box.
        let data = held(&state, &site, &email).await?;
        let mut errors = Errors::default();
        errors.add("verified", lang.say(Phrase::TickTheBoxTo));
        let view = View {
            typed: &data.email,
            found: Some(&data),
            done: None,
        };
        return render(&state, &user, &site.id, view, &errors).await;
    }
    let asked_by = format!("console:{}", user.email);
    let erasure = personal_data::erase(&state, &site, &email, &asked_by).await?;
    let to = format!("{}?fait={}", base(&site.id), erasure.id);
    Ok(Redirect::to(&to).into_response())
}
