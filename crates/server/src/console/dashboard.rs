//! `/admin`: the sites the user may manage, with a link to each of their pages; and
//! `/admin/sites/{site}`, a site's overview, open to whoever may manage that site.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::errors::ConsoleError;
use super::forms::{post_form, Errors, Input};
use super::i18n::Lang;
use super::layout::page;
use super::layout::site_sections;
use super::session::{ConsoleSite, ConsoleUser};
use crate::html::escape;
use crate::AppState;

fn section_links(lang: Lang, site: &ConsoleSite) -> String {
    site_sections(lang)
        .into_iter()
        .map(|(path, label)| {
            format!(
                r#"<li><a href="/admin/sites/{}{path}">{label}<span class="visually-hidden"> — {}</span></a></li>"#,
                escape(&site.id),
                escape(&site.name)
            )
        })
        .collect()
}

/// `GET /admin`.
pub async fn dashboard(user: ConsoleUser) -> Html<String> {
    let lang = user.lang;
    let main = if user.sites.is_empty() {
        let text = if user.is_admin() {
            lang.pick(
                r#"Il n’y a encore aucun site. <a href="/admin/sites">Créez le premier</a>."#,
                r#"There is no site yet. <a href="/admin/sites">Create the first one</a>."#,
            )
        } else {
            lang.pick(
                "Aucun site ne vous est encore confié : demandez-en l’accès à un administrateur.",
                "No site has been given to you yet: ask an administrator for access.",
            )
        };
        format!("<p>{text}</p>")
    } else {
        let cards: String = user
            .sites
            .iter()
            .map(|site| {
                format!(
                    r#"<li class="card"><h2>{name}</h2><p><code>{id}</code></p><ul>{links}</ul></li>"#,
                    name = escape(&site.name),
                    id = escape(&site.id),
                    links = section_links(lang, site),
                )
            })
            .collect();
        format!(
            r#"<p>{}</p><ul class="cards">{cards}</ul>"#,
            lang.pick("Les sites que vous gérez :", "The sites you manage:")
        )
    };
    page(
        &user,
        lang.pick("Tableau de bord", "Dashboard"),
        &Errors::default(),
        &main,
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

/// The overview, also shown again with the origin form's errors (`typed_origin` kept).
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
        if !user.is_admin() {
            return String::new();
        }
        let fields = format!(
            r#"<input type="hidden" name="action" value="remove"><input type="hidden" name="origin" value="{}">"#,
            escape(origin)
        );
        let label = match lang {
            Lang::Fr => format!("Retirer {origin}"),
            Lang::En => format!("Remove {origin}"),
        };
        post_form(user, &origins_action, &fields, &label)
            .replace("<form ", r#"<form class="inline" "#)
            .replace("<button ", r#"<button class="secondary" "#)
    };
    let origins = if site.allowed_origins.is_empty() {
        format!(
            "<p>{}</p>",
            lang.pick(
                "Aucune : seules les pages de ce serveur peuvent afficher le widget.",
                "None: only this server’s pages can show the widget.",
            )
        )
    } else {
        let items: String = site
            .allowed_origins
            .iter()
            .map(|o| format!("<li><code>{}</code> {}</li>", escape(o), remove(o)))
            .collect();
        format!(r#"<ul class="origins">{items}</ul>"#)
    };
    let add_origin = if user.is_admin() {
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
    } else {
        format!(
            "<p>{}</p>",
            lang.pick(
                "Un administrateur peut ajouter ou retirer des origines.",
                "An administrator can add or remove origins.",
            )
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
    let snippet = embed_snippet(&state.server_origin, &site.id);
    let main = format!(
        r#"<ul class="sections">{links}</ul>
<dl class="facts"><dt>{id_label}</dt><dd><code>{id}</code></dd><dt>{meter_label}</dt><dd>{meter}</dd><dt>{tokens_label}</dt><dd>{tokens}</dd></dl>
<h2 id="origines">{origins_label}</h2><p>{origins_text}</p>{origins}{add_origin}
<h2>{embed_title}</h2><p>{embed_text}</p><pre><code>{snippet}</code></pre>"#,
        links = section_links(lang, &allowed),
        id_label = lang.pick("Identifiant", "Id"),
        id = escape(&site.id),
        origins_label = lang.pick("Origines autorisées", "Allowed origins"),
        origins_text = lang.pick(
            "Les pages de ces sites peuvent appeler l’API pour ce site depuis le navigateur du lecteur ; ailleurs, le widget affiche le contenu de repli de la page.",
            "Pages on these sites may call this site’s API from the reader’s browser; anywhere else the widget shows the page’s fallback content.",
        ),
        meter_label = lang.pick("Compteur d’articles", "Article meter"),
        tokens_label = lang.pick("Jetons d’abonnés", "Subscriber tokens"),
        tokens = if site.entitlement_key.is_some() {
            lang.pick("clé configurée", "key set")
        } else {
            lang.pick("aucune clé : tout jeton est refusé", "no key: every token is refused")
        },
        embed_title = lang.pick("Intégrer le widget", "Embed the widget"),
        embed_text = escape(lang.pick(
            "Collez cette balise dans les pages du site (dans <head> ou avant </body>), puis placez les emplacements data-kiosque là où le widget doit paraître.",
            "Paste this tag in the site’s pages (in <head> or before </body>), then place the data-kiosque placeholders where the widget should appear.",
        )),
        snippet = escape(&snippet),
    );
    Ok((status, page(user, &site.name, errors, &main)).into_response())
}

/// The exact tag for a site on this server, and a paywall placeholder to start from.
pub fn embed_snippet(server_origin: &str, site: &str) -> String {
    format!(
        "<script src=\"{server_origin}/kiosque.js\" data-site=\"{site}\" data-api=\"{server_origin}\" async></script>\n\n\
         <div data-kiosque=\"paywall\" data-article=\"slug-de-l-article\">\n  \
         <p>Lire cet article sur notre site.</p>\n</div>"
    )
}
