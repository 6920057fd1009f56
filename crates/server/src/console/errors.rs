//! What a console request that cannot go on gets: an HTML page in the user's language (or a
//! redirect), never the API's JSON.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::i18n::Lang;
use super::layout::bare_page;
use super::phrases::Phrase;

#[derive(Debug)]
pub enum ConsoleError {
    /// No live session: a GET is sent to the sign-in page (and back to `return_to` after);
    /// anything else gets `401`.
    SignedOut {
        lang: Lang,
        get: bool,
        return_to: String,
    },
    /// A one-time password is still to be changed: a GET is sent to the password page,
    /// anything else gets `403`.
    PasswordChangeRequired { lang: Lang, get: bool },
    /// `403`: the user may not do this (a marketer on users, on a site not given to it).
    Forbidden(Lang),
    /// `403`: a form without the session's CSRF token, or posted from another origin.
    BadCsrf(Lang),
    /// `404`.
    NotFound(Lang),
    /// A status the request itself earned (a body too large).
    Status(StatusCode, Lang),
    /// `500`: the cause is logged, the page says nothing of it.
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for ConsoleError {
    fn from(err: anyhow::Error) -> Self {
        ConsoleError::Internal(err)
    }
}

impl From<sqlx::Error> for ConsoleError {
    fn from(err: sqlx::Error) -> Self {
        ConsoleError::Internal(err.into())
    }
}

/// Where the sign-in page sends the user back to: only a console page of this server.
pub fn safe_return(path: &str) -> Option<&str> {
    let console = path == "/admin" || path.starts_with("/admin/") || path.starts_with("/admin?");
    (console && !path.contains('\\') && !path.contains("//")).then_some(path)
}

fn sign_in_url(return_to: &str) -> String {
    match safe_return(return_to) {
        Some(path) if path != "/admin" => {
            let encoded: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
            format!("/admin/connexion?retour={encoded}")
        }
        _ => "/admin/connexion".to_owned(),
    }
}

/// What an error page says, in both languages: `(status, title, text, link, link text)`.
type Message = (StatusCode, Phrase, Phrase, &'static str, Phrase);

const DASHBOARD: Phrase = Phrase::BackToTheDashboard;

fn message(error: &ConsoleError) -> Message {
    match error {
        ConsoleError::SignedOut { .. } => (
            StatusCode::UNAUTHORIZED,
            Phrase::SignInRequired,
            Phrase::YourSessionHasEnded,
            "/admin/connexion",
            Phrase::SignIn,
        ),
        ConsoleError::PasswordChangeRequired { .. } => (
            StatusCode::FORBIDDEN,
            Phrase::PasswordToChange,
            Phrase::FirstChooseYourOwn,
            "/admin/mot-de-passe",
            Phrase::ChangeMyPassword,
        ),
        ConsoleError::Forbidden(_) => (
            StatusCode::FORBIDDEN,
            Phrase::AccessDenied,
            Phrase::ThisPageIsNot,
            "/admin",
            DASHBOARD,
        ),
        ConsoleError::BadCsrf(_) => (
            StatusCode::FORBIDDEN,
            Phrase::FormRefused,
            Phrase::ThisFormHasExpired,
            "/admin",
            DASHBOARD,
        ),
        ConsoleError::NotFound(_) => (
            StatusCode::NOT_FOUND,
            Phrase::PageNotFound,
            Phrase::ThisPageDoesNot,
            "/admin",
            DASHBOARD,
        ),
        ConsoleError::Status(status, _) => (
            *status,
            Phrase::RequestRefused,
            Phrase::TheFormSentIs,
            "/admin",
            DASHBOARD,
        ),
        ConsoleError::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Phrase::InternalError,
            Phrase::SomethingWentWrongOn,
            "/admin",
            DASHBOARD,
        ),
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        let lang = match &self {
            ConsoleError::SignedOut {
                get: true,
                return_to,
                ..
            } => return Redirect::to(&sign_in_url(return_to)).into_response(),
            ConsoleError::PasswordChangeRequired { get: true, .. } => {
                return Redirect::to("/admin/mot-de-passe").into_response()
            }
            ConsoleError::SignedOut { lang, .. }
            | ConsoleError::PasswordChangeRequired { lang, .. }
            | ConsoleError::Forbidden(lang)
            | ConsoleError::BadCsrf(lang)
            | ConsoleError::NotFound(lang)
            | ConsoleError::Status(_, lang) => *lang,
            ConsoleError::Internal(cause) => {
                tracing::error!(error = %format!("{cause:#}"), "console: internal error");
                Lang::Fr
            }
        };
        let (status, title, text, href, link) = message(&self);
        let body = maud::html! {
            p { (lang.say(text)) }
            p { a href=(href) { (lang.say(link)) } }
        };
        (
            status,
            bare_page(lang, lang.say(title), &body.into_string()),
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_only_to_console_pages() {
        assert_eq!(safe_return("/admin/sites/demo"), Some("/admin/sites/demo"));
        assert_eq!(safe_return("/admin?lang=en"), Some("/admin?lang=en"));
        for bad in [
            "https://evil.example/admin",
            "//evil.example",
            "/adminx",
            "/admin//evil.example",
            "/admin/\\evil",
        ] {
            assert_eq!(safe_return(bad), None, "{bad}");
        }
        assert_eq!(
            sign_in_url("/admin/sites/demo?lang=en"),
            "/admin/connexion?retour=%2Fadmin%2Fsites%2Fdemo%3Flang%3Den"
        );
        assert_eq!(sign_in_url("/admin"), "/admin/connexion");
    }
}
