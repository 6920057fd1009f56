//! What a console request that cannot go on gets: an HTML page in the user's language (or a
//! redirect), never the API's JSON.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::i18n::Lang;
use super::layout::bare_page;

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
type Message = (
    StatusCode,
    [&'static str; 2],
    [&'static str; 2],
    &'static str,
    [&'static str; 2],
);

const DASHBOARD: [&str; 2] = ["Retour au tableau de bord", "Back to the dashboard"];

fn message(error: &ConsoleError) -> Message {
    match error {
        ConsoleError::SignedOut { .. } => (
            StatusCode::UNAUTHORIZED,
            ["Connexion nécessaire", "Sign-in required"],
            [
                "Votre session a pris fin : rien n’a été enregistré. Connectez-vous puis recommencez.",
                "Your session has ended: nothing was saved. Sign in, then try again.",
            ],
            "/admin/connexion",
            ["Se connecter", "Sign in"],
        ),
        ConsoleError::PasswordChangeRequired { .. } => (
            StatusCode::FORBIDDEN,
            ["Mot de passe à changer", "Password to change"],
            [
                "Choisissez d’abord votre propre mot de passe : rien d’autre n’est possible avant.",
                "First choose your own password: nothing else is possible before that.",
            ],
            "/admin/mot-de-passe",
            ["Changer mon mot de passe", "Change my password"],
        ),
        ConsoleError::Forbidden(_) => (
            StatusCode::FORBIDDEN,
            ["Accès refusé", "Access denied"],
            [
                "Cette page n’est pas ouverte à votre compte. Un administrateur peut vous en donner l’accès.",
                "This page is not open to your account. An administrator can give you access.",
            ],
            "/admin",
            DASHBOARD,
        ),
        ConsoleError::BadCsrf(_) => (
            StatusCode::FORBIDDEN,
            ["Formulaire refusé", "Form refused"],
            [
                "Ce formulaire a expiré ou ne vient pas de la console : rien n’a été enregistré. Rechargez la page et recommencez.",
                "This form has expired or does not come from the console: nothing was saved. Reload the page and try again.",
            ],
            "/admin",
            DASHBOARD,
        ),
        ConsoleError::NotFound(_) => (
            StatusCode::NOT_FOUND,
            ["Page introuvable", "Page not found"],
            ["Cette page n’existe pas.", "This page does not exist."],
            "/admin",
            DASHBOARD,
        ),
        ConsoleError::Status(status, _) => (
            *status,
            ["Requête refusée", "Request refused"],
            [
                "Le formulaire envoyé est trop long ou illisible : rien n’a été enregistré.",
                "The form sent is too long or unreadable: nothing was saved.",
            ],
            "/admin",
            DASHBOARD,
        ),
        ConsoleError::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            ["Erreur interne", "Internal error"],
            [
                "Un problème est survenu de notre côté ; réessayez dans un instant.",
                "Something went wrong on our side; try again in a moment.",
            ],
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
        let pick = |pair: [&'static str; 2]| lang.pick(pair[0], pair[1]);
        let body = format!(
            r#"<p>{}</p><p><a href="{href}">{}</a></p>"#,
            crate::html::escape(pick(text)),
            crate::html::escape(pick(link))
        );
        (status, bare_page(lang, pick(title), &body)).into_response()
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
