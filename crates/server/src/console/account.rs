//! `/admin/mot-de-passe`: a user changes its own password, the current one first. After a
//! one-time password this is the only page open, until it is done. maud templates: every
//! value is escaped unless marked otherwise.

use super::phrases::Phrase;
use axum::extract::{Query, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::StatusCode;
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use maud::{html, PreEscaped};
use serde::Deserialize;

use super::errors::ConsoleError;
use super::forms::{post_form, Errors, Input};
use super::layout::page;
use super::password;
use super::session::{session_cookie, ConsoleUser, SignedIn, SignedInForm, LIMITS};
use super::sign_in::{secure, FAILURES_PER_ADDRESS, WINDOW_SECS};
use crate::accounts::{new_secret, sha256_hex};
use crate::AppState;

#[derive(Deserialize)]
pub struct Done {
    fait: Option<String>,
}

/// The password change page: with `status` 400 or 429 it shows `errors`, after a change it says
/// it is done.
fn password_page(user: &ConsoleUser, status: StatusCode, errors: &Errors, done: bool) -> Response {
    let lang = user.lang;
    let min = password::MIN_CHARS.to_string();
    let hint = match lang {
        super::Lang::Fr => {
            format!("Au moins {min} caractères. Une phrase de plusieurs mots est facile à retenir.")
        }
        super::Lang::En => {
            format!("At least {min} characters. A phrase of several words is easy to remember.")
        }
    };
    // Trusted HTML: the form helpers escape what they show.
    let fields = html! {
        (PreEscaped(Input::new("current", lang.say(Phrase::CurrentPassword))
            .kind("password")
            .autocomplete("current-password")
            .render(lang, errors)))
        (PreEscaped(Input::new("new", lang.say(Phrase::NewPassword))
            .kind("password")
            .hint(&hint)
            .autocomplete("new-password")
            .render(lang, errors)))
        (PreEscaped(Input::new("confirm", lang.say(Phrase::NewPasswordAgain))
            .kind("password")
            .autocomplete("new-password")
            .render(lang, errors)))
    };
    let form = post_form(
        user,
        "/admin/mot-de-passe",
        &fields.into_string(),
        lang.say(Phrase::ChangePassword),
    );
    let main = html! {
        @if user.must_change_password {
            p.notice role="status" { (lang.say(Phrase::YouSignedInWith)) }
        } @else if done {
            p.notice.success role="status" { (lang.say(Phrase::YourPasswordHasBeen)) }
        }
        (PreEscaped(form))
    };
    let title = lang.say(Phrase::ChangePassword);
    (status, page(user, title, errors, &main.into_string())).into_response()
}

/// `GET /admin/mot-de-passe`.
pub async fn show(SignedIn(user): SignedIn, Query(done): Query<Done>) -> Response {
    password_page(
        &user,
        StatusCode::OK,
        &Errors::default(),
        done.fait.is_some(),
    )
}

/// `POST /admin/mot-de-passe`: on success every session of the user ends and this one goes on
/// under a new token.
pub async fn change(
    State(state): State<AppState>,
    crate::client_ip::ClientIp(ip): crate::client_ip::ClientIp,
    form: SignedInForm,
) -> Result<Response, ConsoleError> {
    let SignedInForm { user, fields } = form;
    let lang = user.lang;
    let (current, new, confirm) = (
        fields.raw("current"),
        fields.raw("new"),
        fields.raw("confirm"),
    );
    let mut errors = Errors::default();
    if current.is_empty() {
        errors.add("current", lang.say(Phrase::EnterYourCurrentPassword));
    }
    match password::check_length(new) {
        Err(Some(min)) => errors.add(
            "new",
            match lang {
                super::Lang::Fr => {
                    format!("Le nouveau mot de passe doit contenir au moins {min} caractères.")
                }
                super::Lang::En => format!("The new password must have at least {min} characters."),
            },
        ),
        Err(None) => errors.add(
            "new",
            match lang {
                super::Lang::Fr => format!(
                    "Le nouveau mot de passe doit contenir au plus {} caractères.",
                    password::MAX_CHARS
                ),
                super::Lang::En => format!(
                    "The new password must have at most {} characters.",
                    password::MAX_CHARS
                ),
            },
        ),
        Ok(()) if new == current => errors.add("new", lang.say(Phrase::ChooseAPasswordOther)),
        Ok(()) => {}
    }
    if errors.get("new").is_none() && confirm != new {
        errors.add("confirm", lang.say(Phrase::TheTwoEntriesOf));
    }
    if !errors.is_empty() {
        return Ok(password_page(
            &user,
            StatusCode::BAD_REQUEST,
            &errors,
            false,
        ));
    }

    // A stolen session must not be enough to guess the password and lock its owner out:
    // wrong current passwords count as failed sign-ins.
    let now = crate::unix_now();

    let (failures, _) = state
        .store
        .console_login_failures(&user.email, &ip, now - WINDOW_SECS)
        .await?;
    if failures >= FAILURES_PER_ADDRESS {
        errors.add("current", lang.say(Phrase::TooManyAttemptsWait));
        let mut response = password_page(&user, StatusCode::TOO_MANY_REQUESTS, &errors, false);
        response
            .headers_mut()
            .insert(RETRY_AFTER, WINDOW_SECS.into());
        return Ok(response);
    }
    let stored = state
        .store
        .console_user(user.id)
        .await?
        .map(|row| row.password_hash);
    if !password::verify(current.to_owned(), stored).await? {
        state
            .store
            .record_console_login_failure(&user.email, &ip, now, now - WINDOW_SECS)
            .await?;
        errors.add("current", lang.say(Phrase::TheCurrentPasswordIs));
        return Ok(password_page(
            &user,
            StatusCode::BAD_REQUEST,
            &errors,
            false,
        ));
    }

    let hash = password::hash(new.to_owned()).await?;
    let token = new_secret();
    state
        .store
        .set_console_password(user.id, &hash, false, Some(&sha256_hex(&token)), now)
        .await?;
    tracing::info!(email = %user.email, "console: password changed");
    Ok((
        AppendHeaders([(
            SET_COOKIE,
            session_cookie(&token, LIMITS.max_secs, secure(&state)),
        )]),
        Redirect::to("/admin/mot-de-passe?fait=1"),
    )
        .into_response())
}
