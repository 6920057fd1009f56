//! The frame of every console page: skip link, header with the account and the language
//! switch, navigation (the user's sites, the admin pages), then the page's own content.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::forms::{error_summary, Errors};
use super::i18n::Lang;
use super::session::ConsoleUser;
use crate::html::escape;

/// A page for the signed-in `user`: `<title>` and `<h1>` are `title` (the title says
/// "Erreur" first when `errors` has any, and their summary opens the content); `main` is
/// trusted HTML, already escaped.
pub fn page(user: &ConsoleUser, title: &str, errors: &Errors, main: &str) -> Html<String> {
    let lang = user.lang;
    let account = format!(
        r#"<div class="account"><span class="who">{email} <span class="role">({role})</span></span>{switch}<form method="post" action="/admin/deconnexion" class="inline"><input type="hidden" name="csrf" value="{csrf}"><button type="submit" class="link">{out}</button></form></div>"#,
        email = escape(&user.email),
        role = role_name(user, lang),
        switch = language_switch(lang),
        csrf = escape(&user.csrf),
        out = lang.pick("Se déconnecter", "Sign out"),
    );
    // Until its one-time password is changed, a user can reach nothing else: no menu then.
    let nav = if user.must_change_password {
        String::new()
    } else {
        navigation(user)
    };
    let lead = format!("{}{}", site_navigation(user), saved_notice(user, errors));
    document(lang, title, errors, &format!("{account}{nav}"), &lead, main)
}

/// The confirmation after a save (`?enregistre=`), unless the page shows errors.
fn saved_notice(user: &ConsoleUser, errors: &Errors) -> String {
    let Some(saved) = user.saved.as_deref().filter(|_| errors.is_empty()) else {
        return String::new();
    };
    let message = match saved {
        "publie" => user.lang.pick(
            "Enregistrée et publiée : les lecteurs la voient dès maintenant.",
            "Saved and published: readers get it now.",
        ),
        _ => user
            .lang
            .pick("Modifications enregistrées.", "Changes saved."),
    };
    format!(r#"<p class="notice success" role="status">{message}</p>"#)
}

/// On every page of a site, the menu of that site's pages; the one shown (or holding the page
/// shown, like an offer under *Offres*) is marked.
fn site_navigation(user: &ConsoleUser) -> String {
    let Some(site) = user.sites.iter().find(|s| {
        let base = format!("/admin/sites/{}", s.id);
        user.path == base || user.path.starts_with(&format!("{base}/"))
    }) else {
        return String::new();
    };
    let base = format!("/admin/sites/{}", site.id);
    let sections = site_sections(user.lang);
    // The section holding the page: the longest path that starts it.
    let holding = sections
        .iter()
        .filter(|(path, _)| {
            let href = format!("{base}{path}");
            user.path == href || (!path.is_empty() && user.path.starts_with(&format!("{href}/")))
        })
        .map(|(path, _)| *path)
        .max_by_key(|path| path.len());
    let links: String = sections
        .iter()
        .map(|(path, label)| {
            let href = format!("{base}{path}");
            let current = if user.path == href {
                r#" aria-current="page""#
            } else if holding == Some(*path) {
                r#" aria-current="true""#
            } else {
                ""
            };
            format!(
                r#"<li><a href="{}"{current}>{}</a></li>"#,
                escape(&href),
                escape(label)
            )
        })
        .collect();
    format!(
        r#"<nav class="site-nav" aria-label="{label}"><p class="site-name">{name}</p><ul>{links}</ul></nav>"#,
        label = escape(&format!(
            "{} — {}",
            user.lang.pick("Pages du site", "Site pages"),
            site.name
        )),
        name = escape(&site.name),
    )
}

/// A form's page, the one pattern of every editor: shown (200), or refused (400) with its
/// errors summarised first and each field holding what was typed.
pub fn form_page(user: &ConsoleUser, title: &str, errors: &Errors, main: &str) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    (status, page(user, title, errors, main)).into_response()
}

/// A page for someone not signed in (sign-in form, error pages).
pub fn bare_page(lang: Lang, title: &str, main: &str) -> Html<String> {
    bare_page_with_errors(lang, title, &Errors::default(), main)
}

pub fn bare_page_with_errors(lang: Lang, title: &str, errors: &Errors, main: &str) -> Html<String> {
    let account = format!(r#"<div class="account">{}</div>"#, language_switch(lang));
    document(lang, title, errors, &account, "", main)
}

fn role_name(user: &ConsoleUser, lang: Lang) -> &'static str {
    if user.is_admin() {
        lang.pick("administrateur", "administrator")
    } else {
        lang.pick("marketing", "marketer")
    }
}

/// A link to the same page in the other language; `?lang=` also remembers the choice.
fn language_switch(lang: Lang) -> String {
    let other = lang.other();
    format!(
        r#"<a class="lang" href="?lang={code}" hreflang="{code}" lang="{code}">{name}</a>"#,
        code = other.code(),
        name = other.pick("Français", "English"),
    )
}

fn nav_link(user: &ConsoleUser, href: &str, label: &str) -> String {
    let current = if user.path == href {
        r#" aria-current="page""#
    } else {
        ""
    };
    format!(
        r#"<li><a href="{href}"{current}>{}</a></li>"#,
        escape(label)
    )
}

fn navigation(user: &ConsoleUser) -> String {
    let lang = user.lang;
    let mut main = nav_link(user, "/admin", lang.pick("Tableau de bord", "Dashboard"));
    if user.is_admin() {
        main += &nav_link(user, "/admin/sites", "Sites");
        main += &nav_link(
            user,
            "/admin/utilisateurs",
            lang.pick("Utilisateurs", "Users"),
        );
    }
    main += &nav_link(
        user,
        "/admin/mot-de-passe",
        lang.pick("Mot de passe", "Password"),
    );
    let sites: String = user
        .sites
        .iter()
        .map(|site| {
            nav_link(
                user,
                &format!("/admin/sites/{}", escape(&site.id)),
                &site.name,
            )
        })
        .collect();
    let sites = if sites.is_empty() {
        String::new()
    } else {
        format!(
            r#"<nav aria-label="{label}" class="sites"><h2 class="nav-title">{label}</h2><ul>{sites}</ul></nav>"#,
            label = lang.pick("Vos sites", "Your sites"),
        )
    };
    format!(r#"<nav aria-label="Console" class="main-nav"><ul>{main}</ul></nav>{sites}"#)
}

/// The whole page; `lead` (the site's menu, a confirmation) comes before the title.
fn document(
    lang: Lang,
    title: &str,
    errors: &Errors,
    header: &str,
    lead: &str,
    main: &str,
) -> Html<String> {
    let title_prefix = if errors.is_empty() {
        ""
    } else {
        lang.pick("Erreur : ", "Error: ")
    };
    let page = format!(
        r##"<!doctype html>
<html lang="{code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title_prefix}{title} · Kiosque</title>
<link rel="stylesheet" href="/admin/console.css">
<script src="/admin/console.js" defer></script>
</head>
<body>
<a class="skip" href="#contenu">{skip}</a>
<header class="masthead"><div class="bar"><a class="brand" href="/admin">Kiosque <span>console</span></a>{header}</div></header>
<main id="contenu" tabindex="-1">
{lead}<h1>{title}</h1>
{summary}{main}
</main>
</body>
</html>
"##,
        code = lang.code(),
        title = escape(title),
        skip = lang.pick("Aller au contenu", "Skip to content"),
        summary = error_summary(lang, errors),
    );
    // One rule for the console's texts and the marketer's alike, the one readers get.
    let typography = match lang {
        Lang::Fr => kiosque_protocol::Lang::Fr,
        Lang::En => kiosque_protocol::Lang::En,
    };
    Html(crate::typography::html(typography, &page))
}

/// The pages of a site, as `(path under /admin/sites/{site}, label)`: the dashboard and the
/// overview link to each. A new per-site page adds its line here.
pub fn site_sections(lang: Lang) -> Vec<(&'static str, &'static str)> {
    vec![
        ("", lang.pick("Vue d’ensemble", "Overview")),
        ("/mur", lang.pick("Mur et compteur", "Paywall and meter")),
        ("/apparence", lang.pick("Apparence", "Appearance")),
        ("/textes", lang.pick("Textes du widget", "Widget texts")),
        ("/offres", lang.pick("Offres", "Offers")),
        ("/flux", lang.pick("Flux RSS", "RSS feeds")),
        ("/statistiques", lang.pick("Statistiques", "Figures")),
        ("/webinaires", lang.pick("Webinaires", "Webinars")),
    ]
}
