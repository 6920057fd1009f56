use serde::{Deserialize, Serialize};

/// `POST /v1/sites/{site}/auth/start`: e-mail a one-time code and a sign-in link. The answer
/// is the same whether or not the address has an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginStart {
    pub email: String,
    /// The page to come back to from the e-mailed link; its origin must be one of the site's
    /// allowed origins (or the server's own).
    pub return_url: String,
    /// The anonymous reader id, whose meter history moves to the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader_id: Option<String>,
}

/// Answer to [`LoginStart`] (202).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginStarted {
    /// How long the code and the link stay valid.
    pub expires_in_secs: u32,
}

/// `POST /v1/sites/{site}/auth/verify`: either `email` + `code`, or `link_token` (from the
/// e-mailed link's `#kiosque-login=` fragment).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginVerify {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader_id: Option<String>,
}

/// A signed-in reader's session: send `token` as `Authorization: Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub token: String,
    pub email: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// The signed-in reader, as the article answer reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub email: String,
}
