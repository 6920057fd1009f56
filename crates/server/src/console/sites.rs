//! `/admin/sites` (admins only): the list of sites, and making one (id, name, the origins
//! allowed to call the API for it), as `kiosque-server site create` does. maud templates:
//! every value is escaped unless marked otherwise.

use super::phrases::Phrase;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup, PreEscaped};

use super::errors::ConsoleError;
use super::forms::{post_form, Errors, Input};
use super::i18n::Lang;
use super::layout::page;
use super::session::{ConsoleForm, ConsoleUser};
use crate::accounts::origin_of;
use crate::AppState;

/// Longest site name, in characters.
const MAX_NAME_CHARS: usize = 120;

/// A site id, as in `data-site`: 1 to 64 characters of `a-z`, `0-9` and `-`.
pub fn valid_site_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What the form shows again after a refusal.
#[derive(Default)]
struct Typed {
    id: String,
    name: String,
    origins: String,
}

fn origins_list(lang: Lang, origins: &[String]) -> Markup {
    html! {
        @if origins.is_empty() {
            (lang.say(Phrase::None))
        } @else {
            @for (i, origin) in origins.iter().enumerate() {
                @if i > 0 { ", " }
                code { (origin) }
            }
        }
    }
}

async fn sites_page(
    state: &AppState,
    user: &ConsoleUser,
    status: StatusCode,
    errors: &Errors,
    typed: &Typed,
) -> Result<Response, ConsoleError> {
    let lang = user.lang;
    let sites = state.store.site_summaries().await?;
    let table = html! {
        table {
            caption { (lang.say(Phrase::Sites)) }
            thead { tr {
                th scope="col" { (lang.say(Phrase::Name)) }
                th scope="col" { (lang.say(Phrase::Id)) }
                th scope="col" { (lang.say(Phrase::AllowedOrigins)) }
            } }
            tbody { @for s in &sites { tr {
                th scope="row" { a href=(format!("/admin/sites/{}", s.id)) { (s.name) } }
                td { code { (s.id) } }
                td { (origins_list(lang, &s.allowed_origins)) }
            } } }
        }
    };
    // Trusted HTML: the form helpers escape what they show.
    let fields = html! {
        (PreEscaped(Input::new("id", lang.say(Phrase::Id))
            .value(&typed.id)
            .hint(lang.say(Phrase::TheOneInData))
            .render(lang, errors)))
        (PreEscaped(Input::new("name", lang.say(Phrase::Name))
            .value(&typed.name)
            .render(lang, errors)))
        (PreEscaped(Input::new("origins", lang.say(Phrase::AllowedOrigins))
            .kind("textarea")
            .value(&typed.origins)
            .hint(lang.say(Phrase::TheAddressesOfThe))
            .render(lang, errors)))
    };
    let form = post_form(
        user,
        "/admin/sites",
        &fields.into_string(),
        lang.say(Phrase::CreateTheSite),
    );
    let main = html! {
        (table)
        h2 { (lang.say(Phrase::CreateASite)) }
        (PreEscaped(form))
    };
    Ok((status, page(user, "Sites", errors, &main.into_string())).into_response())
}

/// `GET /admin/sites`.
pub async fn list(
    State(state): State<AppState>,
    user: ConsoleUser,
) -> Result<Response, ConsoleError> {
    user.require_admin()?;
    sites_page(
        &state,
        &user,
        StatusCode::OK,
        &Errors::default(),
        &Typed::default(),
    )
    .await
}

/// `POST /admin/sites`: creates the site (default paywall texts, meter and consent texts),
/// then shows its page.
pub async fn create(
    State(state): State<AppState>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let (user, fields) = form.admin_only()?;
    let lang = user.lang;
    let typed = Typed {
        id: fields.text("id"),
        name: fields.text("name"),
        origins: fields.text("origins"),
    };
    let mut errors = Errors::default();
    if typed.id.is_empty() {
        errors.add("id", lang.say(Phrase::EnterTheSitesId));
    } else if !valid_site_id(&typed.id) {
        errors.add("id", lang.say(Phrase::TheIdMayOnly));
    }
    if typed.name.is_empty() {
        errors.add("name", lang.say(Phrase::EnterTheSitesName));
    } else if typed.name.chars().count() > MAX_NAME_CHARS {
        let message = match lang {
            Lang::Fr => format!("Le nom doit contenir au plus {MAX_NAME_CHARS} caractères."),
            Lang::En => format!("The name must have at most {MAX_NAME_CHARS} characters."),
        };
        errors.add("name", message);
    }
    let mut origins: Vec<String> = Vec::new();
    for line in typed
        .origins
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        match origin_of(line) {
            Some(origin) if !origins.contains(&origin) => origins.push(origin),
            Some(_) => {}
            None => {
                let message = match lang {
                    Lang::Fr => format!("« {line} » n’est pas une adresse http ou https, par exemple https://www.journal.example."),
                    Lang::En => format!("“{line}” is not an http or https address, like https://www.journal.example."),
                };
                errors.add("origins", message);
                break;
            }
        }
    }
    if !errors.is_empty() {
        return sites_page(&state, &user, StatusCode::BAD_REQUEST, &errors, &typed).await;
    }
    if !state
        .store
        .create_site(&typed.id, &typed.name, &origins)
        .await?
    {
        errors.add("id", lang.say(Phrase::ASiteAlreadyHas));
        return sites_page(&state, &user, StatusCode::CONFLICT, &errors, &typed).await;
    }
    tracing::info!(by = %user.email, site = %typed.id, "console: site created");
    Ok(Redirect::to(&format!("/admin/sites/{}", typed.id)).into_response())
}
