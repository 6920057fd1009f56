//! Signing in and out.
//!
//! The sign-in form has no session to tie a CSRF token to, so it carries its own: a random
//! token set as a cookie with the form and posted back in a hidden field (and the console's
//! Origin check applies to it like to every POST). A wrong address and a wrong password get
//! the same answer after the same work (an unknown address is checked against a dummy hash),
//! and failures are throttled per address and per network address.
//!
//! The form is a maud template: every value is escaped unless marked otherwise.

use super::phrases::Phrase;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::StatusCode;
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use maud::{html, PreEscaped};

use super::errors::{safe_return, ConsoleError};
use super::forms::{read_email, Errors, Input};
use super::i18n::{cookie, Lang};
use super::layout::bare_page_with_errors;
use super::password;
use super::session::{session_cookie, well_formed, Fields, SignedInForm, LIMITS, SESSION_COOKIE};
use crate::accounts::{new_secret, same_hash, sha256_hex};
use crate::AppState;

/// The sign-in form's own token, until a session replaces it.
const LOGIN_COOKIE: &str = "kiosque_console_login";
/// Failures are counted over this window…
pub const WINDOW_SECS: i64 = 15 * 60;
/// …and past this many for one address, or this many from one network address, sign-in is
/// refused (429) until older failures leave the window.
pub const FAILURES_PER_ADDRESS: i64 = 5;
pub const FAILURES_PER_IP: i64 = 20;

/// Whether cookies must be `Secure`: when the server is reached over https.
pub fn secure(state: &AppState) -> bool {
    state.server_origin.starts_with("https://")
}

fn login_cookie(token: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{LOGIN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/admin; Max-Age={max_age}{secure}"
    )
}

/// What the form shows again: never the password.
struct Typed<'a> {
    email: &'a str,
    retour: &'a str,
}

fn sign_in_page(
    state: &AppState,
    lang: Lang,
    status: StatusCode,
    login_token: &str,
    typed: Typed<'_>,
    errors: &Errors,
) -> Response {
    let email = Input::new("email", lang.say(Phrase::EmailAddress))
        .kind("email")
        .value(typed.email)
        .autocomplete("username")
        .render(lang, errors);
    let password = Input::new("password", lang.say(Phrase::Password))
        .kind("password")
        .autocomplete("current-password")
        .render(lang, errors);
    let main = html! {
        form method="post" action="/admin/connexion" novalidate {
            input type="hidden" name="csrf" value=(login_token);
            input type="hidden" name="retour" value=(typed.retour);
            // Trusted HTML: the form helpers escape what they show.
            (PreEscaped(email))
            (PreEscaped(password))
            button type="submit" { (lang.say(Phrase::SignIn)) }
        }
        p.hint { (lang.say(Phrase::NoAccountYetA)) }
    };
    let page = bare_page_with_errors(
        lang,
        lang.say(Phrase::SignInHeading),
        errors,
        &main.into_string(),
    );
    (
        status,
        AppendHeaders([(SET_COOKIE, login_cookie(login_token, 3600, secure(state)))]),
        page,
    )
        .into_response()
}

/// `GET /admin/connexion`: the form (or the dashboard, for someone signed in already).
pub async fn form(
    State(state): State<AppState>,
    lang: Lang,
    request: Request,
) -> Result<Response, ConsoleError> {
    let query = request.uri().query().unwrap_or_default();
    let retour = url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "retour")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let headers = request.headers();
    if let Some(token) = cookie(headers, SESSION_COOKIE).filter(|t| well_formed(t)) {
        let now = crate::unix_now();
        let hash = sha256_hex(token);
        if state
            .store
            .console_session_user(&hash, LIMITS, now)
            .await?
            .is_some()
        {
            return Ok(Redirect::to(safe_return(&retour).unwrap_or("/admin")).into_response());
        }
    }
    let token = cookie(headers, LOGIN_COOKIE)
        .filter(|t| well_formed(t))
        .map(str::to_owned)
        .unwrap_or_else(new_secret);
    let typed = Typed {
        email: "",
        retour: safe_return(&retour).unwrap_or_default(),
    };
    Ok(sign_in_page(
        &state,
        lang,
        StatusCode::OK,
        &token,
        typed,
        &Errors::default(),
    ))
}

/// `POST /admin/connexion`.
pub async fn submit(
    State(state): State<AppState>,
    crate::client_ip::ClientIp(ip): crate::client_ip::ClientIp,
    lang: Lang,
    request: Request,
) -> Result<Response, ConsoleError> {
    let login_token = cookie(request.headers(), LOGIN_COOKIE)
        .filter(|t| well_formed(t))
        .map(str::to_owned);
    let bytes = Bytes::from_request(request, &state)
        .await
        .map_err(|rejection| ConsoleError::Status(rejection.status(), lang))?;
    let fields = Fields::parse(&bytes);
    let typed_email = fields.text("email");
    let retour = fields.text("retour");
    let typed = || Typed {
        email: &typed_email,
        retour: safe_return(&retour).unwrap_or_default(),
    };
    // A refusal shows the form again with one message, on the address field.
    let refuse = |status: StatusCode, token: &str, message: &str| {
        let mut errors = Errors::default();
        errors.add("email", message);
        sign_in_page(&state, lang, status, token, typed(), &errors)
    };

    let Some(login_token) = login_token.filter(|t| same_hash(fields.raw("csrf"), t)) else {
        let message = lang.say(Phrase::TheSignInForm);
        return Ok(refuse(StatusCode::FORBIDDEN, &new_secret(), message));
    };
    let password = fields.raw("password");
    let mut errors = Errors::default();
    let missing = lang.say(Phrase::EnterYourEmailAddress);
    let email = read_email(lang, &typed_email, missing, &mut errors);
    if password.is_empty() {
        let missing = lang.say(Phrase::EnterYourPassword);
        errors.add("password", missing);
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        let status = StatusCode::BAD_REQUEST;
        return Ok(sign_in_page(
            &state,
            lang,
            status,
            &login_token,
            typed(),
            &errors,
        ));
    };

    let now = crate::unix_now();
    let (by_address, by_ip) = state
        .store
        .console_login_failures(&email, &ip, now - WINDOW_SECS)
        .await?;
    if by_address >= FAILURES_PER_ADDRESS || by_ip >= FAILURES_PER_IP {
        tracing::warn!(%email, %ip, "console: sign-in throttled");
        let message = lang.say(Phrase::TooManySignIn);
        let mut response = refuse(StatusCode::TOO_MANY_REQUESTS, &login_token, message);
        response
            .headers_mut()
            .insert(RETRY_AFTER, WINDOW_SECS.into());
        return Ok(response);
    }

    let user = state.store.console_user_by_email(&email).await?;
    let phc = user
        .as_ref()
        .filter(|u| !u.disabled)
        .map(|u| u.password_hash.clone());
    let matches = password::verify(password.to_owned(), phc).await?;
    let Some(user) = user.filter(|_| matches) else {
        tracing::warn!(%email, %ip, "console: sign-in failed");
        state
            .store
            .record_console_login_failure(&email, &ip, now, now - WINDOW_SECS)
            .await?;
        let message = lang.say(Phrase::WrongEmailAddressOr);
        return Ok(refuse(StatusCode::BAD_REQUEST, &login_token, message));
    };

    let token = new_secret();
    state
        .store
        .open_console_session(&sha256_hex(&token), &user, LIMITS, now)
        .await?;
    tracing::info!(%email, "console: signed in");
    let next = if user.must_change_password {
        "/admin/mot-de-passe"
    } else {
        safe_return(&retour).unwrap_or("/admin")
    };
    let secure = secure(&state);
    Ok((
        AppendHeaders([
            (SET_COOKIE, session_cookie(&token, LIMITS.max_secs, secure)),
            (SET_COOKIE, login_cookie("", 0, secure)),
        ]),
        Redirect::to(next),
    )
        .into_response())
}

/// `POST /admin/deconnexion`: ends the session, here and in the database.
pub async fn sign_out(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ConsoleError> {
    let token = cookie(request.headers(), SESSION_COOKIE).map(str::to_owned);
    // The form extractor checks the session and its CSRF token first.
    let _form = SignedInForm::from_request(request, &state).await?;
    if let Some(token) = token {
        state
            .store
            .close_console_session(&sha256_hex(&token))
            .await?;
    }
    Ok((
        AppendHeaders([(SET_COOKIE, session_cookie("", 0, secure(&state)))]),
        Redirect::to("/admin/connexion"),
    )
        .into_response())
}
