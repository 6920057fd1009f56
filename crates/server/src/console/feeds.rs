//! `/admin/sites/{site}/flux`: the RSS and Atom feeds imported as the site's articles, with
//! each one's last import (what it created and updated, or why it failed), a form to add one,
//! and for each *Importer maintenant* and *Retirer*. The server imports them on schedule
//! (`publishing::feeds`); as `kiosque-server site feed` does.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kiosque_protocol::AccessLevel;

use super::errors::ConsoleError;
use super::forms::{post_form, Errors, Input};
use super::i18n::Lang;
use super::layout::page;
use super::session::{ConsoleForm, ConsoleUser};
use crate::html::escape;
use crate::publishing::{self, feeds};
use crate::AppState;

const LEVELS: [(AccessLevel, &str, &str); 3] = [
    (AccessLevel::Subscribers, "Abonnés", "Subscribers"),
    (AccessLevel::Registered, "Inscrits", "Registered readers"),
    (AccessLevel::Free, "Libre", "Free"),
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
    let rows: String = state
        .store
        .feeds(&allowed.id)
        .await?
        .iter()
        .map(|f| {
            let last = match (f.last_run_at, &f.last_error) {
                (None, _) => lang.pick("pas encore importé", "not imported yet").to_owned(),
                (Some(at), Some(error)) => format!(
                    r#"<strong class="error">{}</strong> {} — {}"#,
                    lang.pick("Échec, rien n’a changé :", "Failed, nothing changed:"),
                    escape(error),
                    when(lang, at)
                ),
                (Some(at), None) => match lang {
                    Lang::Fr => format!(
                        "{}, {} — {}",
                        lang.count(f.last_created as u64, ("article créé", "articles créés"), ("", "")),
                        lang.count(f.last_updated as u64, ("mis à jour", "mis à jour"), ("", "")),
                        when(lang, at)
                    ),
                    Lang::En => format!(
                        "{} created, {} updated — {}",
                        f.last_created,
                        f.last_updated,
                        when(lang, at)
                    ),
                },
            };
            let level = LEVELS
                .iter()
                .find(|(l, _, _)| *l == f.access)
                .map_or("", |(_, fr, en)| lang.pick(fr, en));
            let action = |verb: &str, label: &str| {
                post_form(
                    user,
                    &format!("/admin/sites/{}/flux/{}/{verb}", allowed.id, f.id),
                    "",
                    label,
                )
                .replace("<form ", r#"<form class="inline" "#)
                .replace("<button ", r#"<button class="secondary" "#)
            };
            format!(
                r#"<tr><th scope="row"><code>{url}</code></th><td>{level}</td><td>{every} min</td><td><code>{section}</code></td><td role="status">{last}</td><td>{import}{remove}</td></tr>"#,
                url = escape(&f.url),
                every = f.every_secs / 60,
                section = escape(&f.section_slug),
                import = action("importer", lang.pick("Importer maintenant", "Import now")),
                remove = action("retirer", lang.pick("Retirer", "Remove")),
            )
        })
        .collect();
    let table = if rows.is_empty() {
        format!(
            "<p>{}</p>",
            lang.pick("Aucun flux pour l’instant.", "No feed yet.")
        )
    } else {
        format!(
            r#"<div class="table-scroll"><table><caption>{caption}</caption><thead><tr><th scope="col">{url}</th><th scope="col">{access}</th><th scope="col">{every}</th><th scope="col">{section}</th><th scope="col">{last}</th><th scope="col"><span class="visually-hidden">{actions}</span></th></tr></thead><tbody>{rows}</tbody></table></div>"#,
            caption = lang.pick("Flux importés", "Imported feeds"),
            url = lang.pick("Adresse", "Address"),
            access = lang.pick("Accès", "Access"),
            every = lang.pick("Fréquence", "How often"),
            section = lang.pick("Rubrique", "Section"),
            last = lang.pick("Dernier import", "Last import"),
            actions = lang.pick("Actions", "Actions"),
        )
    };
    let options: String = LEVELS
        .iter()
        .map(|(level, fr, en)| {
            let selected = if typed.access == level.as_str() {
                " selected"
            } else {
                ""
            };
            format!(
                r#"<option value="{}"{selected}>{}</option>"#,
                level.as_str(),
                lang.pick(fr, en)
            )
        })
        .collect();
    let fields = [
        Input::new("url", lang.pick("Adresse du flux", "Feed address"))
            .kind("url")
            .value(&typed.url)
            .hint(lang.pick(
                "Le flux RSS ou Atom de votre site, par exemple https://www.journal.example/feed/. Le texte intégral vient de content:encoded (RSS) ou content (Atom), sinon du résumé.",
                "Your site’s RSS or Atom feed, like https://www.journal.example/feed/. The full text comes from content:encoded (RSS) or content (Atom), else the summary.",
            ))
            .render(lang, errors),
        format!(
            r#"<div class="field"><label for="access">{}</label><select id="access" name="access">{options}</select></div>"#,
            lang.pick("Accès aux articles importés", "Access to the imported articles")
        ),
        Input::new("every", lang.pick("Fréquence", "How often"))
            .value(if typed.every.is_empty() { "15m" } else { &typed.every })
            .hint(lang.pick(
                "15m, 2h ou 1d (d’une minute à 30 jours).",
                "15m, 2h or 1d (from one minute to 30 days).",
            ))
            .render(lang, errors),
        Input::new("section", lang.pick("Rubrique", "Section"))
            .value(if typed.section.is_empty() { "actualites" } else { &typed.section })
            .hint(lang.pick(
                "L’identifiant de la rubrique des articles importés (lettres minuscules, chiffres, tirets) ; créée si besoin.",
                "The slug of the imported articles’ section (lower-case letters, digits, hyphens); created if needed.",
            ))
            .render(lang, errors),
    ]
    .concat();
    let form = post_form(
        user,
        &format!("/admin/sites/{}/flux", allowed.id),
        &fields,
        lang.pick("Ajouter le flux", "Add the feed"),
    );
    let main = format!(
        "{table}<h2>{}</h2>{form}",
        lang.pick("Ajouter un flux", "Add a feed")
    );
    let title = lang.pick("Flux RSS et Atom", "RSS and Atom feeds");
    Ok((status, page(user, title, errors, &main)).into_response())
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
        errors.add(
            "url",
            lang.pick(
                "Saisissez l’adresse complète du flux, en http:// ou https://.",
                "Enter the feed’s full address, with http:// or https://.",
            ),
        );
    }
    let every = feeds::parse_every(&typed.every);
    if every.is_none() {
        errors.add(
            "every",
            lang.pick(
                "Écrivez la fréquence comme 15m, 2h ou 1d, entre une minute et 30 jours.",
                "Write how often like 15m, 2h or 1d, between one minute and 30 days.",
            ),
        );
    }
    if !publishing::valid_slug(&typed.section) || typed.section.len() > 64 {
        errors.add(
            "section",
            lang.pick(
                "La rubrique s’écrit en lettres minuscules sans accent, chiffres et tirets.",
                "The section is written in lower-case letters without accents, digits and hyphens.",
            ),
        );
    }
    let access = LEVELS
        .iter()
        .map(|(level, _, _)| *level)
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
        errors.add(
            "url",
            lang.pick(
                "Ce flux est déjà importé.",
                "This feed is already imported.",
            ),
        );
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
