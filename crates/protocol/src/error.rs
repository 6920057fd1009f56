use serde::{Deserialize, Serialize};

/// Stable, machine-readable error codes. Clients branch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    SiteNotFound,
    ArticleNotFound,
    RouteNotFound,
    MethodNotAllowed,
    InvalidRequest,
    /// The reader id header is not 16–64 characters of base64url.
    InvalidReaderId,
    /// The entitlement token is not a well-formed HS256 token or its signature is wrong.
    EntitlementInvalid,
    /// The entitlement token has expired, or claims a lifetime longer than allowed.
    EntitlementExpired,
    /// The entitlement token was issued for another site (`aud`).
    EntitlementWrongSite,
    /// The publisher revoked this reader's entitlements after the token was issued.
    EntitlementRevoked,
    /// Not an e-mail address we can write to.
    InvalidEmail,
    /// The sign-in link would lead outside the site's allowed origins.
    InvalidReturnUrl,
    /// Wrong, expired or already used code or link (deliberately not more precise).
    InvalidCode,
    /// Too many wrong codes: ask for a new one.
    TooManyAttempts,
    /// Too many requests from this address or network; see `Retry-After`.
    RateLimited,
    SeriesNotFound,
    SessionNotFound,
    /// Some form fields are invalid: see `fields`.
    InvalidFields,
    /// No seat left and no waitlist.
    SessionFull,
    /// Registration is closed (past the closing time, cancelled or ended).
    RegistrationClosed,
    /// No valid admin API key for this site.
    Unauthorized,
    PayloadTooLarge,
    Timeout,
    Internal,
    /// A code this client version does not know yet.
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::SiteNotFound => "site_not_found",
            ErrorCode::ArticleNotFound => "article_not_found",
            ErrorCode::RouteNotFound => "route_not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidReaderId => "invalid_reader_id",
            ErrorCode::EntitlementInvalid => "entitlement_invalid",
            ErrorCode::EntitlementExpired => "entitlement_expired",
            ErrorCode::EntitlementWrongSite => "entitlement_wrong_site",
            ErrorCode::EntitlementRevoked => "entitlement_revoked",
            ErrorCode::InvalidEmail => "invalid_email",
            ErrorCode::InvalidReturnUrl => "invalid_return_url",
            ErrorCode::InvalidCode => "invalid_code",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::SeriesNotFound => "series_not_found",
            ErrorCode::SessionNotFound => "session_not_found",
            ErrorCode::InvalidFields => "invalid_fields",
            ErrorCode::SessionFull => "session_full",
            ErrorCode::RegistrationClosed => "registration_closed",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Internal => "internal",
            ErrorCode::Unknown => "unknown",
        }
    }
}

/// Body of every 4xx and 5xx response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    /// Human-readable, for logs and developers; not shown to readers as is.
    pub message: String,
    /// With `invalid_fields`: what is wrong with which field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<crate::FieldError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_still_parse() {
        let err: ApiError =
            serde_json::from_str(r#"{"code":"from_the_future","message":"x"}"#).unwrap();
        assert_eq!(err.code, ErrorCode::Unknown);
    }

    #[test]
    fn as_str_is_the_wire_name() {
        for code in [
            ErrorCode::SiteNotFound,
            ErrorCode::InvalidReaderId,
            ErrorCode::EntitlementWrongSite,
            ErrorCode::PayloadTooLarge,
        ] {
            let wire = serde_json::to_value(code).unwrap();
            assert_eq!(wire.as_str(), Some(code.as_str()));
        }
    }
}
