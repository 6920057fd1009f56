//! The frame of every console page: skip link, header with the account and the language
//! switch, navigation (the user's sites, the admin pages), then the page's own content.
//! A maud template: every value is escaped unless marked otherwise.

use super::phrases::Phrase;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::forms::{error_summary, Errors};
use super::i18n::Lang;
use super::session::ConsoleUser;

/// A page for the signed-in `user`: `<title>` and `<h1>` are `title` (the title says
/// "Erreur" first when `errors` has any, and their summary opens the content); `main` is
/// trusted HTML, already escaped.
pub fn page(user: &ConsoleUser, title: &str, errors: &Errors, main: &str) -> Html<String> {
    let lang = user.lang;
    let header = html! {
        div.account {
            span.who { (user.email) " " span.role { "(" (role_name(user, lang)) ")" } }
            (language_switch(lang))
            form.inline method="post" action="/admin/deconnexion" {
                input type="hidden" name="csrf" value=(user.csrf);
                button.link type="submit" { (lang.say(Phrase::SignOut)) }
            }
        }
        // Until its one-time password is changed, a user can reach nothing else: no menu then.
        @if !user.must_change_password { (navigation(user)) }
    };
    let lead = html! { (site_navigation(user)) (saved_notice(user, errors)) };
    document(lang, title, errors, header, lead, main)
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

/// The confirmation after a save (`?enregistre=`), unless the page shows errors.
fn saved_notice(user: &ConsoleUser, errors: &Errors) -> Markup {
    let Some(saved) = user.saved.as_deref().filter(|_| errors.is_empty()) else {
        return html! {};
    };
    let message = match saved {
        "publie" => user.lang.say(Phrase::SavedAndPublishedReaders),
        _ => user.lang.say(Phrase::ChangesSaved),
    };
    html! { p.notice.success role="status" { (message) } }
}

/// On every page of a site, the menu of that site's pages; the one shown (or holding the page
/// shown, like an offer under *Offres*) is marked.
fn site_navigation(user: &ConsoleUser) -> Markup {
    let Some(site) = user.sites.iter().find(|s| {
        let base = format!("/admin/sites/{}", s.id);
        user.path == base || user.path.starts_with(&format!("{base}/"))
    }) else {
        return html! {};
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
    let label = format!("{} — {}", user.lang.say(Phrase::SitePages), site.name);
    html! {
        nav.site-nav aria-label=(label) {
            p.site-name { (site.name) }
            ul { @for (path, name) in &sections {
                @let href = format!("{base}{path}");
                @let current = if user.path == href {
                    Some("page")
                } else if holding == Some(*path) {
                    Some("true")
                } else {
                    None
                };
                li { a href=(href) aria-current=[current] { (name) } }
            } }
        }
    }
}

/// A page for someone not signed in (sign-in form, error pages).
pub fn bare_page(lang: Lang, title: &str, main: &str) -> Html<String> {
    bare_page_with_errors(lang, title, &Errors::default(), main)
}

pub fn bare_page_with_errors(lang: Lang, title: &str, errors: &Errors, main: &str) -> Html<String> {
    let header = html! { div.account { (language_switch(lang)) } };
    document(lang, title, errors, header, html! {}, main)
}

fn role_name(user: &ConsoleUser, lang: Lang) -> &'static str {
    if user.is_admin() {
        lang.say(Phrase::AdministratorInText)
    } else {
        lang.say(Phrase::MarketerInText)
    }
}

/// A link to the same page in the other language; `?lang=` also remembers the choice.
fn language_switch(lang: Lang) -> Markup {
    let other = lang.other();
    html! {
        a.lang href=(format!("?lang={}", other.code())) hreflang=(other.code()) lang=(other.code()) {
            (other.say(Phrase::LanguageName))
        }
    }
}

fn nav_link(user: &ConsoleUser, href: &str, label: &str) -> Markup {
    html! { li { a href=(href) aria-current=[(user.path == href).then_some("page")] { (label) } } }
}

fn navigation(user: &ConsoleUser) -> Markup {
    let lang = user.lang;
    let your_sites = lang.say(Phrase::YourSites);
    html! {
        nav.main-nav aria-label="Console" { ul {
            (nav_link(user, "/admin", lang.say(Phrase::Dashboard)))
            @if user.is_admin() {
                (nav_link(user, "/admin/sites", "Sites"))
                (nav_link(user, "/admin/utilisateurs", lang.say(Phrase::Users)))
            }
            (nav_link(user, "/admin/mot-de-passe", lang.say(Phrase::Password)))
        } }
        @if !user.sites.is_empty() {
            nav.sites aria-label=(your_sites) {
                h2.nav-title { (your_sites) }
                ul { @for site in &user.sites {
                    (nav_link(user, &format!("/admin/sites/{}", site.id), &site.name))
                } }
            }
        }
    }
}

/// The whole page; `lead` (the site's menu, a confirmation) comes before the title; `main` is
/// trusted HTML, already escaped.
fn document(
    lang: Lang,
    title: &str,
    errors: &Errors,
    header: Markup,
    lead: Markup,
    main: &str,
) -> Html<String> {
    let title_prefix = if errors.is_empty() {
        ""
    } else {
        lang.say(Phrase::Error)
    };
    let page = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title_prefix) (title) " · Kiosque" }
                link rel="stylesheet" href="/admin/console.css";
                script src="/admin/console.js" defer {}
            }
            body {
                a.skip href="#contenu" { (lang.say(Phrase::SkipToContent)) }
                header.masthead { div.bar {
                    a.brand href="/admin" { "Kiosque " span { "console" } }
                    (header)
                } }
                main #contenu tabindex="-1" {
                    (lead)
                    h1 { (title) }
                    (PreEscaped(error_summary(lang, errors)))
                    (PreEscaped(main))
                }
            }
        }
    };
    // One rule for the console's texts and the marketer's alike, the one readers get.
    Html(crate::typography::html(lang.into(), &page.into_string()))
}

/// The pages of a site, as `(path under /admin/sites/{site}, label)`: the dashboard and the
/// overview link to each. A new per-site page adds its line here.
pub fn site_sections(lang: Lang) -> Vec<(&'static str, &'static str)> {
    vec![
        ("", lang.say(Phrase::Overview)),
        ("/mur", lang.say(Phrase::PaywallAndMeter)),
        ("/apparence", lang.say(Phrase::Appearance)),
        ("/textes", lang.say(Phrase::WidgetTexts)),
        ("/offres", lang.say(Phrase::Offers)),
        ("/flux", lang.say(Phrase::RSSFeeds)),
        ("/statistiques", lang.say(Phrase::Figures)),
        ("/webinaires", lang.say(Phrase::Webinars)),
        ("/questionnaires", lang.say(Phrase::Questionnaires)),
        ("/donnees-personnelles", lang.say(Phrase::PersonalData)),
    ]
}
