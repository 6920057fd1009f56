//! Who is signed in: the session cookie, the `ConsoleUser` and `ConsoleForm` extractors, and
//! the CSRF token every form carries.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::Method;

use super::errors::ConsoleError;
use super::i18n::{cookie, Lang};
use crate::accounts::{same_hash, sha256_hex};
use crate::store::{ConsoleRole, SessionLimits};
use crate::AppState;

/// The session cookie: a random 256-bit token, of which the database keeps only a hash.
pub const SESSION_COOKIE: &str = "kiosque_console";
/// 12 hours after its last use, 7 days after sign-in: whichever comes first ends a session.
pub const LIMITS: SessionLimits = SessionLimits {
    idle_secs: 12 * 60 * 60,
    max_secs: 7 * 24 * 60 * 60,
};

/// A site the user may manage.
#[derive(Debug, Clone)]
pub struct ConsoleSite {
    pub id: String,
    pub name: String,
}

/// The signed-in user of a console request, with a password that is not a one-time one.
/// As an extractor: without a live session, a GET is redirected (303) to the sign-in page
/// and any other method answered 401; a user who must still change a one-time password is
/// sent to the password page (403 for a POST).
#[derive(Debug, Clone)]
pub struct ConsoleUser {
    pub id: i64,
    pub email: String,
    pub role: ConsoleRole,
    /// The sites this user may manage: every site for an admin, by id.
    pub sites: Vec<ConsoleSite>,
    /// The language of the pages to answer with.
    pub lang: Lang,
    /// The session's CSRF token, which every form must send back (`forms::post_form` adds it).
    pub csrf: String,
    pub must_change_password: bool,
    /// The path asked for, so the navigation can mark the current page.
    pub path: String,
    /// `?enregistre=` after a save (`1`, or `publie` for an offer published): the page
    /// confirms it (`layout::page`).
    pub saved: Option<String>,
}

impl ConsoleUser {
    pub fn is_admin(&self) -> bool {
        self.role == ConsoleRole::Admin
    }

    /// Whether this user may manage the content of `site`.
    pub fn can_manage(&self, site: &str) -> bool {
        self.sites.iter().any(|s| s.id == site)
    }

    /// `403` unless the user is an admin.
    pub fn require_admin(&self) -> Result<(), ConsoleError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ConsoleError::Forbidden(self.lang))
        }
    }

    /// The site, if this user may manage it: otherwise `403`, also for a site that does not
    /// exist (a marketer learns nothing of the others), except for an admin, who gets `404`.
    pub fn require_site(&self, site: &str) -> Result<&ConsoleSite, ConsoleError> {
        match self.sites.iter().find(|s| s.id == site) {
            Some(found) => Ok(found),
            None if self.is_admin() => Err(ConsoleError::NotFound(self.lang)),
            None => Err(ConsoleError::Forbidden(self.lang)),
        }
    }

    /// The stored site `id`, which this user must be allowed to manage.
    pub async fn managed_site(
        &self,
        state: &AppState,
        id: &str,
    ) -> Result<std::sync::Arc<crate::store::Site>, ConsoleError> {
        self.require_site(id)?;
        state
            .store
            .site(id)
            .await?
            .ok_or(ConsoleError::NotFound(self.lang))
    }
}

/// The CSRF token of a session: derived from its token, so nothing more is stored, and
/// knowing it tells nothing of the token.
pub fn csrf_of(token: &str) -> String {
    sha256_hex(&format!("kiosque-console-csrf:{token}"))
}

/// A session token as `accounts::new_secret` makes them: 43 characters of base64url.
pub fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_read(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

/// The user of the request's session, whether or not it must change its password.
async fn signed_in(parts: &Parts, state: &AppState) -> Result<ConsoleUser, ConsoleError> {
    let lang = Lang::of(parts.uri.query(), &parts.headers);
    let signed_out = || ConsoleError::SignedOut {
        lang,
        get: is_read(&parts.method),
        return_to: parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
    };
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE).filter(|t| well_formed(t)) else {
        return Err(signed_out());
    };
    let now = crate::unix_now();
    let Some(row) = state
        .store
        .console_session_user(&sha256_hex(token), LIMITS, now)
        .await?
    else {
        return Err(signed_out());
    };
    let admin = row.role == ConsoleRole::Admin;
    let sites = state
        .store
        .site_summaries()
        .await?
        .into_iter()
        .filter(|s| admin || row.sites.contains(&s.id))
        .map(|s| ConsoleSite {
            id: s.id,
            name: s.name,
        })
        .collect();
    Ok(ConsoleUser {
        id: row.id,
        email: row.email,
        role: row.role,
        sites,
        lang,
        csrf: csrf_of(token),
        must_change_password: row.must_change_password,
        path: parts.uri.path().to_owned(),
        saved: parts.uri.query().and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(name, _)| name == "enregistre")
                .map(|(_, value)| value.into_owned())
        }),
    })
}

fn fully_signed_in(user: ConsoleUser, method: &Method) -> Result<ConsoleUser, ConsoleError> {
    if user.must_change_password {
        return Err(ConsoleError::PasswordChangeRequired {
            lang: user.lang,
            get: is_read(method),
        });
    }
    Ok(user)
}

impl FromRequestParts<AppState> for ConsoleUser {
    type Rejection = ConsoleError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        fully_signed_in(signed_in(parts, state).await?, &parts.method)
    }
}

/// A signed-in user who may still have a one-time password to change: for the password page
/// and signing out, the only things open before that.
pub(super) struct SignedIn(pub ConsoleUser);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ConsoleError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(SignedIn(signed_in(parts, state).await?))
    }
}

/// The fields of a posted form (`application/x-www-form-urlencoded`), in order; a name may
/// come back several times (checkboxes).
#[derive(Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &[u8]) -> Fields {
        Fields(url::form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`, as sent (passwords: never trimmed).
    pub fn raw(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or_default()
    }

    /// The first value of `name`, trimmed.
    pub fn text(&self, name: &str) -> String {
        self.raw(name).trim().to_owned()
    }

    /// Every value of `name`, trimmed, without empty ones.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.trim().to_owned())
            .collect()
    }
}

/// A form posted by a signed-in user (as `ConsoleUser`), whose CSRF token was checked: the
/// one way for a console page to take a POST. A missing or wrong token is `403` and the
/// handler never runs.
pub struct ConsoleForm {
    pub user: ConsoleUser,
    pub fields: Fields,
}

impl ConsoleForm {
    /// The user and the fields, if the user is an admin; `403` otherwise.
    pub fn admin_only(self) -> Result<(ConsoleUser, Fields), ConsoleError> {
        self.user.require_admin()?;
        Ok((self.user, self.fields))
    }
}

/// As `ConsoleForm`, for a user who may still have a one-time password to change.
pub(super) struct SignedInForm {
    pub user: ConsoleUser,
    pub fields: Fields,
}

async fn read_form(request: Request, state: &AppState) -> Result<SignedInForm, ConsoleError> {
    let (mut parts, body) = request.into_parts();
    let SignedIn(user) = SignedIn::from_request_parts(&mut parts, state).await?;
    let lang = user.lang;
    let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
        .await
        .map_err(|rejection| ConsoleError::Status(rejection.status(), lang))?;
    let fields = Fields::parse(&bytes);
    if !same_hash(fields.raw("csrf"), &user.csrf) {
        return Err(ConsoleError::BadCsrf(lang));
    }
    Ok(SignedInForm { user, fields })
}

impl FromRequest<AppState> for ConsoleForm {
    type Rejection = ConsoleError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let SignedInForm { user, fields } = read_form(request, state).await?;
        let user = fully_signed_in(user, &Method::POST)?;
        Ok(ConsoleForm { user, fields })
    }
}

impl FromRequest<AppState> for SignedInForm {
    type Rejection = ConsoleError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        read_form(request, state).await
    }
}

/// The `Set-Cookie` value of a session cookie (`max_age` 0 removes it).
pub fn session_cookie(token: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/admin; Max-Age={max_age}{secure}")
}
