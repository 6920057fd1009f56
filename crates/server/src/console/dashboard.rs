//! `/admin`: the sites the user may manage, with a link to each of their pages; and
//! `/admin/sites/{site}`, a site's overview, open to whoever may manage that site. maud
//! templates.

use super::phrases::Phrase;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, PreEscaped};

use super::errors::ConsoleError;
use super::forms::{inline_action, post_form, Errors, Input};
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
                    (lang.say(Phrase::ThereIsNoSite))
                    a href="/admin/sites" { (lang.say(Phrase::CreateTheFirstOne)) } "."
                }
            } @else {
                p { (lang.say(Phrase::NoSiteHasBeen)) }
            }
        } @else {
            p { (lang.say(Phrase::TheSitesYouManage)) }
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
        lang.say(Phrase::Dashboard),
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
        inline_action(user, &origins_action, fields, &label)
    };
    let add_origin = || {
        let field = Input::new("origin", lang.say(Phrase::NewOrigin))
            .value(typed_origin)
            .hint(lang.say(Phrase::TheAddressOfThe))
            .render(lang, errors);
        let fields = format!(r#"<input type="hidden" name="action" value="add">{field}"#);
        post_form(
            user,
            &origins_action,
            &fields,
            lang.say(Phrase::AllowThisOrigin),
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
            dt { (lang.say(Phrase::Id)) } dd { code { (site.id) } }
            dt { (lang.say(Phrase::ArticleMeter)) } dd { (meter) }
            dt { (lang.say(Phrase::SubscriberTokens)) }
            dd { @if site.entitlement_key.is_some() {
                (lang.say(Phrase::KeySet))
            } @else {
                (lang.say(Phrase::NoKeyEveryToken))
            } }
        }
        h2 #origines { (lang.say(Phrase::AllowedOrigins)) }
        p { (lang.say(Phrase::PagesOnTheseSites)) }
        @if site.allowed_origins.is_empty() {
            p { (lang.say(Phrase::NoneOnlyThisServers)) }
        } @else {
            ul.origins { @for origin in &site.allowed_origins {
                li { code { (origin) } " " @if user.is_admin() { (remove(origin)) } }
            } }
        }
        @if user.is_admin() {
            (PreEscaped(add_origin()))
        } @else {
            p { (lang.say(Phrase::AnAdministratorCanAdd)) }
        }
        h2 { (lang.say(Phrase::EmbedTheWidget)) }
        p { (lang.say(Phrase::PasteThisTagIn)) }
        pre { code { (embed_snippet(&state.server_origin, &site.id)) } }
    };
    Ok((status, page(user, &site.name, errors, &main.into_string())).into_response())
}

/// The exact tag for a site on this server, and a paywall placeholder to start from.
pub fn embed_snippet(server_origin: &str, site: &str) -> String {
    format!(
        "<script src=\"{server_origin}/kiosque.js\" data-site=\"{site}\" data-api=\"{server_origin}\" async crossorigin></script>\n\n\
         <div data-kiosque=\"paywall\" data-article=\"slug-de-l-article\">\n  \
         <p>Lire cet article sur notre site.</p>\n</div>"
    )
}
