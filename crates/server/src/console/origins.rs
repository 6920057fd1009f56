//! `POST /admin/sites/{site}/origines` (admins): add or remove an origin allowed to call the
//! site's API from browsers, checked as the command line and the admin API check it.

use super::phrases::Phrase;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::dashboard::site_page;
use super::errors::ConsoleError;
use super::forms::Errors;
use super::i18n::Lang;
use super::session::ConsoleForm;
use crate::accounts::parse_allowed_origin;
use crate::AppState;

pub async fn change(
    State(state): State<AppState>,
    Path(site): Path<String>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let (user, fields) = form.admin_only()?;
    let lang = user.lang;
    user.require_site(&site)?;
    let Some(mut origins) = state.store.allowed_origins(&site).await? else {
        return Err(ConsoleError::NotFound(lang));
    };
    let typed = fields.text("origin");
    let mut errors = Errors::default();
    let origin = parse_allowed_origin(&typed);
    match (fields.text("action").as_str(), origin) {
        ("add", Some(origin)) => {
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        ("remove", Some(origin)) => origins.retain(|o| *o != origin),
        ("add", None) if typed.is_empty() => {
            errors.add("origin", lang.say(Phrase::EnterTheOriginTo))
        }
        ("add", None) => {
            let message = match lang {
                Lang::Fr => format!("« {typed} » n’est pas une origine : http:// ou https://, le nom du site et, s’il le faut, le port, sans chemin ni joker, par exemple https://www.journal.example."),
                Lang::En => format!("“{typed}” is not an origin: http:// or https://, the site’s host and, if needed, its port, without a path or wildcard, like https://www.journal.example."),
            };
            errors.add("origin", message);
        }
        _ => return Err(ConsoleError::Status(StatusCode::BAD_REQUEST, lang)),
    }
    if !errors.is_empty() {
        return site_page(
            &state,
            &user,
            &site,
            StatusCode::BAD_REQUEST,
            &errors,
            &typed,
        )
        .await;
    }
    state.store.set_allowed_origins(&site, &origins).await?;
    tracing::info!(by = %user.email, site = %site, ?origins, "console: allowed origins changed");
    Ok(Redirect::to(&format!("/admin/sites/{site}?enregistre=1#origines")).into_response())
}
