//! `/admin`: the sites the user may manage, with a link to each of their pages; and
//! `/admin/sites/{site}`, a site's overview, open to whoever may manage that site.

use axum::extract::{Path, State};
use axum::response::Html;

use super::errors::ConsoleError;
use super::forms::Errors;
use super::i18n::Lang;
use super::layout::page;
use super::session::{ConsoleSite, ConsoleUser};
use crate::html::escape;
use crate::AppState;

/// The pages of a site, as `(path under /admin/sites/{site}, label)`: the dashboard and the
/// overview link to each. A new per-site page adds its line here.
pub fn site_sections(lang: Lang) -> Vec<(&'static str, &'static str)> {
    vec![
        ("", lang.pick("Vue d’ensemble", "Overview")),
        ("/mur", lang.pick("Mur et compteur", "Paywall and meter")),
        ("/apparence", lang.pick("Apparence", "Appearance")),
        ("/textes", lang.pick("Textes du widget", "Widget texts")),
        ("/offres", lang.pick("Offres", "Offers")),
        ("/statistiques", lang.pick("Statistiques", "Figures")),
        ("/webinaires", lang.pick("Webinaires", "Webinars")),
    ]
}

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
) -> Result<Html<String>, ConsoleError> {
    let lang = user.lang;
    let allowed = user.require_site(&site)?.clone();
    let Some(site) = state.store.site(&allowed.id).await? else {
        return Err(ConsoleError::NotFound(lang));
    };
    let origins = if site.allowed_origins.is_empty() {
        lang.pick(
            "aucune : seul ce serveur peut afficher le widget",
            "none: only this server can show the widget",
        )
        .to_owned()
    } else {
        site.allowed_origins
            .iter()
            .map(|o| format!("<code>{}</code>", escape(o)))
            .collect::<Vec<_>>()
            .join(", ")
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
    let snippet = format!(
        r#"<script src="{origin}/kiosque.js" data-site="{id}" async></script>"#,
        origin = state.server_origin,
        id = site.id
    );
    let main = format!(
        r#"<ul class="sections">{links}</ul>
<dl class="facts"><dt>{id_label}</dt><dd><code>{id}</code></dd><dt>{origins_label}</dt><dd>{origins}</dd><dt>{meter_label}</dt><dd>{meter}</dd><dt>{tokens_label}</dt><dd>{tokens}</dd></dl>
<h2>{embed_title}</h2><p>{embed_text}</p><pre><code>{snippet}</code></pre>"#,
        links = section_links(lang, &allowed),
        id_label = lang.pick("Identifiant", "Id"),
        id = escape(&site.id),
        origins_label = lang.pick("Origines autorisées", "Allowed origins"),
        meter_label = lang.pick("Compteur d’articles", "Article meter"),
        tokens_label = lang.pick("Jetons d’abonnés", "Subscriber tokens"),
        tokens = if site.entitlement_key.is_some() {
            lang.pick("clé configurée", "key set")
        } else {
            lang.pick("aucune clé : tout jeton est refusé", "no key: every token is refused")
        },
        embed_title = lang.pick("Intégrer le widget", "Embed the widget"),
        embed_text = lang.pick(
            "Collez cette balise dans les pages du site, puis placez les emplacements data-kiosque.",
            "Paste this tag in the site’s pages, then place the data-kiosque placeholders.",
        ),
        snippet = escape(&snippet),
    );
    Ok(page(&user, &site.name, &Errors::default(), &main))
}
