//! `/admin/utilisateurs/{id}` (admins only): one user's role and sites, disabling or enabling
//! it, and a new one-time password for someone who lost theirs. An admin changes none of this
//! for itself, so the console always keeps an admin able to sign in. maud templates: every
//! value is escaped unless marked otherwise.

use super::phrases::Phrase;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup, PreEscaped};

use super::errors::ConsoleError;
use super::forms::{post_form, Errors};
use super::layout::page;
use super::provision;
use super::session::{ConsoleForm, ConsoleUser, Fields};
use super::users::{access_fields, one_time_notice, read_access, role_label};
use crate::store::ConsoleUserRow;
use crate::AppState;

/// The user an `{id}` names: `404` for anything else.
async fn target(
    state: &AppState,
    user: &ConsoleUser,
    id: &str,
) -> Result<ConsoleUserRow, ConsoleError> {
    user.require_admin()?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(ConsoleError::NotFound(user.lang));
    };
    state
        .store
        .console_user(id)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))
}

/// The sites' fields show what was typed after a refusal, what is stored otherwise.
struct Shown<'a> {
    role: &'a str,
    sites: &'a [String],
}

fn user_page(
    user: &ConsoleUser,
    target: &ConsoleUserRow,
    status: StatusCode,
    errors: &Errors,
    shown: Shown<'_>,
    notice: Option<Markup>,
) -> Response {
    let lang = user.lang;
    let base = format!("/admin/utilisateurs/{}", target.id);
    let state = if target.disabled {
        lang.say(Phrase::ThisAccountIsDisabled)
    } else if target.must_change_password {
        lang.say(Phrase::ThisAccountHasA)
    } else {
        lang.say(Phrase::ThisAccountIsActive)
    };
    let actions = if target.id == user.id {
        html! { p { (lang.say(Phrase::ThisIsYourAccount)) } }
    } else {
        let access = post_form(
            user,
            &format!("{base}/acces"),
            &access_fields(user, shown.role, shown.sites, errors).into_string(),
            lang.say(Phrase::SaveAccess),
        );
        let (toggle_value, toggle_label, toggle_help) = if target.disabled {
            ("0", lang.say(Phrase::EnableTheAccount), "")
        } else {
            (
                "1",
                lang.say(Phrase::DisableTheAccount),
                lang.say(Phrase::ThePersonIsSigned),
            )
        };
        let toggle_fields = html! {
            input type="hidden" name="disabled" value=(toggle_value);
            p { (toggle_help) }
        };
        let toggle = post_form(
            user,
            &format!("{base}/etat"),
            &toggle_fields.into_string(),
            toggle_label,
        );
        let reset_fields = html! { p { (lang.say(Phrase::ForSomeoneWhoLost)) } };
        let reset = post_form(
            user,
            &format!("{base}/mot-de-passe"),
            &reset_fields.into_string(),
            lang.say(Phrase::GiveAOneTime),
        );
        // Trusted HTML: `post_form` escapes what it shows.
        html! {
            h2 { (lang.say(Phrase::RoleAndSites)) }
            (PreEscaped(access))
            h2 { (lang.say(Phrase::AccountState)) }
            (PreEscaped(toggle))
            h2 { (lang.say(Phrase::Password)) }
            (PreEscaped(reset))
        }
    };
    let main = html! {
        @if let Some(notice) = notice { (notice) }
        p { (lang.say(Phrase::Role)) " : " (role_label(target.role, lang)) ". " (state) }
        (actions)
        p { a href="/admin/utilisateurs" { (lang.say(Phrase::AllUsers)) } }
    };
    (
        status,
        page(user, &target.email, errors, &main.into_string()),
    )
        .into_response()
}

fn stored(target: &ConsoleUserRow) -> Shown<'_> {
    Shown {
        role: target.role.as_str(),
        sites: &target.sites,
    }
}

/// `GET /admin/utilisateurs/{id}`.
pub async fn show(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(id): Path<String>,
) -> Result<Response, ConsoleError> {
    let target = target(&state, &user, &id).await?;
    Ok(user_page(
        &user,
        &target,
        StatusCode::OK,
        &Errors::default(),
        stored(&target),
        None,
    ))
}

/// The admin who posted `form`, its fields, and the other user `id` names: an admin changes
/// nothing of its own account here (`403`).
async fn acting_on(
    state: &AppState,
    id: &str,
    form: ConsoleForm,
) -> Result<(ConsoleUser, Fields, ConsoleUserRow), ConsoleError> {
    let ConsoleForm { user, fields } = form;
    let target = target(state, &user, id).await?;
    if target.id == user.id {
        return Err(ConsoleError::Forbidden(user.lang));
    }
    Ok((user, fields, target))
}

/// After a change, back to the user's page (303), which shows it.
fn back_to(target: &ConsoleUserRow) -> Response {
    Redirect::to(&format!("/admin/utilisateurs/{}?enregistre=1", target.id)).into_response()
}

/// `POST /admin/utilisateurs/{id}/acces`: role and sites, together.
pub async fn set_access(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let (user, fields, target) = acting_on(&state, &id, form).await?;
    let mut errors = Errors::default();
    let access = read_access(&user, &fields, &mut errors);
    let (Some((role, sites)), true) = (access, errors.is_empty()) else {
        let (role, sites) = (fields.text("role"), fields.all("sites"));
        let shown = Shown {
            role: &role,
            sites: &sites,
        };
        return Ok(user_page(
            &user,
            &target,
            StatusCode::BAD_REQUEST,
            &errors,
            shown,
            None,
        ));
    };
    if !state
        .store
        .set_console_user_access(target.id, role, &sites)
        .await?
    {
        return Err(ConsoleError::NotFound(user.lang));
    }
    tracing::info!(by = %user.email, email = %target.email, role = role.as_str(), "console: access changed");
    Ok(back_to(&target))
}

/// `POST /admin/utilisateurs/{id}/etat`: `disabled=1` disables (and signs out), `0` enables.
pub async fn set_state(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let (user, fields, target) = acting_on(&state, &id, form).await?;
    let disabled = match fields.text("disabled").as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(ConsoleError::Status(StatusCode::BAD_REQUEST, user.lang)),
    };
    state
        .store
        .set_console_user_disabled(target.id, disabled)
        .await?;
    tracing::info!(by = %user.email, email = %target.email, disabled, "console: account state changed");
    Ok(back_to(&target))
}

/// `POST /admin/utilisateurs/{id}/mot-de-passe`: a new one-time password, shown once.
pub async fn reset_password(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let (user, _, target) = acting_on(&state, &id, form).await?;
    let Some(one_time) = provision::reset_password(&state.store, target.id).await? else {
        return Err(ConsoleError::NotFound(user.lang));
    };
    tracing::info!(by = %user.email, email = %target.email, "console: one-time password given");
    let target = state
        .store
        .console_user(target.id)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let notice = one_time_notice(user.lang, &target.email, &one_time);
    Ok(user_page(
        &user,
        &target,
        StatusCode::OK,
        &Errors::default(),
        stored(&target),
        Some(notice),
    ))
}
