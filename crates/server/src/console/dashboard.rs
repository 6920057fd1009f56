//! `/admin`: the sites the user may manage, with a link to each of their pages; and
//! `/admin/sites/{site}`, a site's overview, open to whoever may manage that site. maud
//! templates.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, PreEscaped};

use super::errors::ConsoleError;
use super::forms::{post_form, Errors, Input};
use super::i18n::Lang;
use super::layout::page;
use super::layout::site_sections;
use super::session::{ConsoleSite, ConsoleUser};
use crate::AppState;

/// Links to each page of `site`, each naming the site for screen readers.
fn section_links(lang: Lang, site: &ConsoleSite) -> Markup {
    html! {
        @for (path, label) in site_sections(lang) {
            li { a href=(format!("/admin/sites/{}{path}", site.id)) {
                (label) span.visually-hidden { " — " (site.name) }
            } }
        }
    }
}

/// `GET /admin`.
pub async fn dashboard(user: ConsoleUser) -> Html<String> {
    let lang = user.lang;
    let main = html! {
        @if user.sites.is_empty() {
            @if user.is_admin() {
                p {
                    (lang.pick("Il n’y a encore aucun site. ", "There is no site yet. "))
                    a href="/admin/sites" { (lang.pick("Créez le premier", "Create the first one")) } "."
                }
            } @else {
                p { (lang.pick(
                    "Aucun site ne vous est encore confié : demandez-en l’accès à un administrateur.",
                    "No site has been given to you yet: ask an administrator for access.",
                )) }
            }
        } @else {
            p { (lang.pick("Les sites que vous gérez :", "The sites you manage:")) }
            ul.cards { @for site in &user.sites {
                li.card {
                    h2 { (site.name) }
                    p { code { (site.id) } }
                    ul { (section_links(lang, site)) }
                }
            } }
        }
    };
    page(
        &user,
        lang.pick("Tableau de bord", "Dashboard"),
        &Errors::default(),
        &main.into_string(),
    )
}

/// `GET /admin/sites/{site}`: what the site is, and how to embed the widget on it.
pub async fn site(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
) -> Result<Response, ConsoleError> {
    site_page(&state, &user, &site, StatusCode::OK, &Errors::default(), "").await
}

/// The overview, also shown again with the origin form's errors (`typed_origin` kept). Its
/// pages are in the site's menu above it (`layout`).
pub async fn site_page(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    status: StatusCode,
    errors: &Errors,
    typed_origin: &str,
) -> Result<Response, ConsoleError> {
    let lang = user.lang;
    let allowed = user.require_site(site)?.clone();
    let Some(site) = state.store.site(&allowed.id).await? else {
        return Err(ConsoleError::NotFound(lang));
    };
    let origins_action = format!("/admin/sites/{}/origines", site.id);
    let remove = |origin: &str| {
        let fields = html! {
            input type="hidden" name="action" value="remove";
            input type="hidden" name="origin" value=(origin);
        };
        let label = match lang {
            Lang::Fr => format!("Retirer {origin}"),
            Lang::En => format!("Remove {origin}"),
        };
        post_form(user, &origins_action, &fields.into_string(), &label)
            .replace("<form ", r#"<form class="inline" "#)
            .replace("<button ", r#"<button class="secondary" "#)
    };
    let add_origin = || {
        let field = Input::new("origin", lang.pick("Nouvelle origine", "New origin"))
            .value(typed_origin)
            .hint(lang.pick(
                "L’adresse du site qui affiche le widget, sans chemin : https://www.journal.example, ou http://127.0.0.1:8081 pour un essai.",
                "The address of the site that shows the widget, without a path: https://www.journal.example, or http://127.0.0.1:8081 to try it out.",
            ))
            .render(lang, errors);
        let fields = format!(r#"<input type="hidden" name="action" value="add">{field}"#);
        post_form(
            user,
            &origins_action,
            &fields,
            lang.pick("Autoriser cette origine", "Allow this origin"),
        )
    };
    let meter = match lang {
        Lang::Fr => format!(
            "{} articles réservés gratuits sans compte et {} avec un compte gratuit, tous les {} jours",
            site.meter.anonymous, site.meter.registered, site.meter.period_days
        ),
        Lang::En => format!(
            "{} gated articles free without an account and {} with a free account, every {} days",
            site.meter.anonymous, site.meter.registered, site.meter.period_days
        ),
    };
    let main = html! {
        dl.facts {
            dt { (lang.pick("Identifiant", "Id")) } dd { code { (site.id) } }
            dt { (lang.pick("Compteur d’articles", "Article meter")) } dd { (meter) }
            dt { (lang.pick("Jetons d’abonnés", "Subscriber tokens")) }
            dd { @if site.entitlement_key.is_some() {
                (lang.pick("clé configurée", "key set"))
            } @else {
                (lang.pick("aucune clé : tout jeton est refusé", "no key: every token is refused"))
            } }
        }
        h2 #origines { (lang.pick("Origines autorisées", "Allowed origins")) }
        p { (lang.pick(
            "Les pages de ces sites peuvent appeler l’API pour ce site depuis le navigateur du lecteur ; ailleurs, le widget affiche le contenu de repli de la page.",
            "Pages on these sites may call this site’s API from the reader’s browser; anywhere else the widget shows the page’s fallback content.",
        )) }
        @if site.allowed_origins.is_empty() {
            p { (lang.pick(
                "Aucune : seules les pages de ce serveur peuvent afficher le widget.",
                "None: only this server’s pages can show the widget.",
            )) }
        } @else {
            ul.origins { @for origin in &site.allowed_origins {
                li { code { (origin) } " " @if user.is_admin() { (PreEscaped(remove(origin))) } }
            } }
        }
        @if user.is_admin() {
            (PreEscaped(add_origin()))
        } @else {
            p { (lang.pick(
                "Un administrateur peut ajouter ou retirer des origines.",
                "An administrator can add or remove origins.",
            )) }
        }
        h2 { (lang.pick("Intégrer le widget", "Embed the widget")) }
        p { (lang.pick(
            "Collez cette balise dans les pages du site (dans <head> ou avant </body>), puis placez les emplacements data-kiosque là où le widget doit paraître.",
            "Paste this tag in the site’s pages (in <head> or before </body>), then place the data-kiosque placeholders where the widget should appear.",
        )) }
        pre { code { (embed_snippet(&state.server_origin, &site.id)) } }
    };
    Ok((status, page(user, &site.name, errors, &main.into_string())).into_response())
}

/// The exact tag for a site on this server, and a paywall placeholder to start from.
pub fn embed_snippet(server_origin: &str, site: &str) -> String {
    format!(
        "<script src=\"{server_origin}/kiosque.js\" data-site=\"{site}\" data-api=\"{server_origin}\" async></script>\n\n\
         <div data-kiosque=\"paywall\" data-article=\"slug-de-l-article\">\n  \
         <p>Lire cet article sur notre site.</p>\n</div>"
    )
}
