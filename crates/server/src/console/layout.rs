//! The frame of every console page: skip link, header with the account and the language
//! switch, navigation (the user's sites, the admin pages), then the page's own content.

use axum::response::Html;

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
    document(lang, title, errors, &format!("{account}{nav}"), main)
}

/// A page for someone not signed in (sign-in form, error pages).
pub fn bare_page(lang: Lang, title: &str, main: &str) -> Html<String> {
    bare_page_with_errors(lang, title, &Errors::default(), main)
}

pub fn bare_page_with_errors(lang: Lang, title: &str, errors: &Errors, main: &str) -> Html<String> {
    let account = format!(r#"<div class="account">{}</div>"#, language_switch(lang));
    document(lang, title, errors, &account, main)
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

fn document(lang: Lang, title: &str, errors: &Errors, header: &str, main: &str) -> Html<String> {
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
</head>
<body>
<a class="skip" href="#contenu">{skip}</a>
<header class="masthead"><div class="bar"><a class="brand" href="/admin">Kiosque <span>console</span></a>{header}</div></header>
<main id="contenu" tabindex="-1">
<h1>{title}</h1>
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
