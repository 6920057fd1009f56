//! `/admin/sites/{site}/flux`: the RSS and Atom feeds imported as the site's articles, with
//! each one's last import (what it created and updated, or why it failed), a form to add one,
//! and for each *Importer maintenant* and *Retirer*. The server imports them on schedule
//! (`publishing::feeds`); as `kiosque-server site feed` does. maud templates: every value is
//! escaped unless marked otherwise.

use super::phrases::Phrase;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kiosque_protocol::AccessLevel;
use maud::{html, Markup, PreEscaped};

use super::errors::ConsoleError;
use super::forms::{inline_action, post_form, Errors, Input};
use super::i18n::Lang;
use super::layout::page;
use super::session::{ConsoleForm, ConsoleUser};
use crate::publishing::{self, feeds};
use crate::store::FeedRow;
use crate::AppState;

const LEVELS: [(AccessLevel, Phrase); 3] = [
    (AccessLevel::Subscribers, Phrase::Subscribers),
    (AccessLevel::Registered, Phrase::RegisteredReaders),
    (AccessLevel::Free, Phrase::Free),
];

#[derive(Default)]
struct Typed {
    url: String,
    access: String,
    every: String,
    section: String,
}

fn when(lang: Lang, unix: i64) -> String {
    let at = chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default();
    match lang {
        Lang::Fr => at.format("%d/%m/%Y à %H:%M UTC").to_string(),
        Lang::En => at.format("%Y-%m-%d at %H:%M UTC").to_string(),
    }
}

/// A feed's last import: what it created and updated, or why it failed.
fn last_import(lang: Lang, f: &FeedRow) -> Markup {
    match (f.last_run_at, &f.last_error) {
        (None, _) => html! { (lang.say(Phrase::NotImportedYet)) },
        (Some(at), Some(error)) => html! {
            strong.error { (lang.say(Phrase::FailedNothingChanged)) } " " (error) " — " (when(lang, at))
        },
        (Some(at), None) => {
            let done = match lang {
                Lang::Fr => format!(
                    "{}, {} — {}",
                    lang.count(
                        f.last_created as u64,
                        ("article créé", "articles créés"),
                        ("", "")
                    ),
                    lang.count(
                        f.last_updated as u64,
                        ("mis à jour", "mis à jour"),
                        ("", "")
                    ),
                    when(lang, at)
                ),
                Lang::En => format!(
                    "{} created, {} updated — {}",
                    f.last_created,
                    f.last_updated,
                    when(lang, at)
                ),
            };
            html! { (done) }
        }
    }
}

/// A feed's row: its settings, its last import, and its two actions.
fn feed_row(user: &ConsoleUser, site: &str, f: &FeedRow) -> Markup {
    let lang = user.lang;
    let level = LEVELS
        .iter()
        .find(|(l, _)| *l == f.access)
        .map_or("", |(_, label)| lang.say(*label));
    let action = |verb: &str, label: &str| {
        let path = format!("/admin/sites/{site}/flux/{}/{verb}", f.id);
        inline_action(user, &path, html! {}, label)
    };
    html! {
        tr {
            th scope="row" { code { (f.url) } }
            td { (level) }
            td { (f.every_secs / 60) " min" }
            td { code { (f.section_slug) } }
            td role="status" { (last_import(lang, f)) }
            td {
                (action("importer", lang.say(Phrase::ImportNow)))
                (action("retirer", lang.say(Phrase::Remove)))
            }
        }
    }
}

async fn feeds_page(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    status: StatusCode,
    errors: &Errors,
    typed: &Typed,
) -> Result<Response, ConsoleError> {
    let lang = user.lang;
    let allowed = user.require_site(site)?.clone();
    let imported = state.store.feeds(&allowed.id).await?;
    let table = html! {
        @if imported.is_empty() {
            p { (lang.say(Phrase::NoFeedYet)) }
        } @else {
            div.table-scroll { table {
                caption { (lang.say(Phrase::ImportedFeeds)) }
                thead { tr {
                    th scope="col" { (lang.say(Phrase::Address)) }
                    th scope="col" { (lang.say(Phrase::Access)) }
                    th scope="col" { (lang.say(Phrase::HowOften)) }
                    th scope="col" { (lang.say(Phrase::Section)) }
                    th scope="col" { (lang.say(Phrase::LastImport)) }
                    th scope="col" { span.visually-hidden { (lang.say(Phrase::Actions)) } }
                } }
                tbody { @for f in &imported { (feed_row(user, &allowed.id, f)) } }
            } }
        }
    };
    // Trusted HTML: the form helpers escape what they show.
    let fields = html! {
        (PreEscaped(Input::new("url", lang.say(Phrase::FeedAddress))
            .kind("url")
            .value(&typed.url)
            .hint(lang.say(Phrase::YourSitesRSSOr))
            .render(lang, errors)))
        div.field {
            label for="access" { (lang.say(Phrase::AccessToTheImported)) }
            select id="access" name="access" {
                @for (level, label) in &LEVELS {
                    option value=(level.as_str()) selected[typed.access == level.as_str()] {
                        (lang.say(*label))
                    }
                }
            }
        }
        (PreEscaped(Input::new("every", lang.say(Phrase::HowOften))
            .value(if typed.every.is_empty() { "15m" } else { &typed.every })
            .hint(lang.say(Phrase::T15m2hOr1d))
            .render(lang, errors)))
        (PreEscaped(Input::new("section", lang.say(Phrase::Section))
            .value(if typed.section.is_empty() { "actualites" } else { &typed.section })
            .hint(lang.say(Phrase::TheSlugOfThe))
            .render(lang, errors)))
    };
    let form = post_form(
        user,
        &format!("/admin/sites/{}/flux", allowed.id),
        &fields.into_string(),
        lang.say(Phrase::AddTheFeed),
    );
    let main = html! {
        (table)
        h2 { (lang.say(Phrase::AddAFeed)) }
        (PreEscaped(form))
    };
    let title = lang.say(Phrase::RSSAndAtomFeeds);
    Ok((status, page(user, title, errors, &main.into_string())).into_response())
}

/// `GET /admin/sites/{site}/flux`.
pub async fn list(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
) -> Result<Response, ConsoleError> {
    let typed = Typed::default();
    feeds_page(
        &state,
        &user,
        &site,
        StatusCode::OK,
        &Errors::default(),
        &typed,
    )
    .await
}

/// `POST /admin/sites/{site}/flux`: adds a feed, imported within seconds.
pub async fn add(
    State(state): State<AppState>,
    Path(site): Path<String>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let ConsoleForm { user, fields } = form;
    let lang = user.lang;
    user.require_site(&site)?;
    let typed = Typed {
        url: fields.text("url"),
        access: fields.text("access"),
        every: fields.text("every"),
        section: fields.text("section"),
    };
    let mut errors = Errors::default();
    if crate::accounts::origin_of(&typed.url).is_none() {
        errors.add("url", lang.say(Phrase::EnterTheFeedsFull));
    }
    let every = feeds::parse_every(&typed.every);
    if every.is_none() {
        errors.add("every", lang.say(Phrase::WriteHowOftenLike));
    }
    if !publishing::valid_slug(&typed.section) || typed.section.len() > 64 {
        errors.add("section", lang.say(Phrase::TheSectionIsWritten));
    }
    let access = LEVELS
        .iter()
        .map(|(level, _)| *level)
        .find(|level| level.as_str() == typed.access);
    let (Some(every), Some(access), true) = (every, access, errors.is_empty()) else {
        return feeds_page(
            &state,
            &user,
            &site,
            StatusCode::BAD_REQUEST,
            &errors,
            &typed,
        )
        .await;
    };
    let name = publishing::section_name_of(&typed.section);
    let added = state
        .store
        .add_feed(
            &site,
            typed.url.trim(),
            access,
            every,
            (&typed.section, &name),
            crate::unix_now(),
        )
        .await?;
    if added.is_err() {
        errors.add("url", lang.say(Phrase::ThisFeedIsAlready));
        return feeds_page(&state, &user, &site, StatusCode::CONFLICT, &errors, &typed).await;
    }
    tracing::info!(by = %user.email, site = %site, url = %typed.url, "console: feed added");
    state.feeds_due.notify_one();
    Ok(Redirect::to(&format!("/admin/sites/{site}/flux?enregistre=1")).into_response())
}

/// `POST /admin/sites/{site}/flux/{id}/importer|retirer`.
pub async fn act(
    State(state): State<AppState>,
    Path((site, id, action)): Path<(String, i64, String)>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let user = form.user;
    let lang = user.lang;
    user.require_site(&site)?;
    let done = match action.as_str() {
        "importer" => {
            // Imported here, so the page shows the outcome as soon as it is back.
            match state.store.feed(&site, id).await? {
                Some(feed) => {
                    // On a task of its own: a reader of the page who leaves does not cut an
                    // import short.
                    let (store, site) = (state.store.clone(), site.clone());
                    let _ = tokio::spawn(async move { feeds::run_one(&store, &site, &feed).await })
                        .await;
                    true
                }
                None => false,
            }
        }
        "retirer" => state.store.remove_feed(&site, id).await?,
        _ => false,
    };
    if !done {
        return Err(ConsoleError::NotFound(lang));
    }
    Ok(Redirect::to(&format!("/admin/sites/{site}/flux")).into_response())
}
