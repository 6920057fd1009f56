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
    PayloadTooLarge,
    Timeout,
    Internal,
    /// A code this client version does not know yet.
    #[serde(other)]
    Unknown,
}

/// Body of every 4xx and 5xx response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    /// Human-readable, for logs and developers; not shown to readers as is.
    pub message: String,
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
}
