use serde::{Deserialize, Serialize};

wire_enum! {
    /// Stable, machine-readable error codes. Clients branch on these, never on messages.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ErrorCode {
        SiteNotFound = "site_not_found",
        ArticleNotFound = "article_not_found",
        RouteNotFound = "route_not_found",
        MethodNotAllowed = "method_not_allowed",
        InvalidRequest = "invalid_request",
        /// The reader id header is not 16–64 characters of base64url.
        InvalidReaderId = "invalid_reader_id",
        /// The entitlement token is not a well-formed HS256 token or its signature is wrong.
        EntitlementInvalid = "entitlement_invalid",
        /// The entitlement token has expired, or claims a lifetime longer than allowed.
        EntitlementExpired = "entitlement_expired",
        /// The entitlement token was issued for another site (`aud`).
        EntitlementWrongSite = "entitlement_wrong_site",
        /// The publisher revoked this reader's entitlements after the token was issued.
        EntitlementRevoked = "entitlement_revoked",
        /// Not an e-mail address we can write to.
        InvalidEmail = "invalid_email",
        /// The sign-in link would lead outside the site's allowed origins.
        InvalidReturnUrl = "invalid_return_url",
        /// Wrong, expired or already used code or link (deliberately not more precise).
        InvalidCode = "invalid_code",
        /// Too many wrong codes: ask for a new one.
        TooManyAttempts = "too_many_attempts",
        /// Too many requests from this address or network; see `Retry-After`.
        RateLimited = "rate_limited",
        /// Analytics from a page whose origin the site does not allow (or from no page).
        OriginNotAllowed = "origin_not_allowed",
        /// Admin API: no section with that slug on this site.
        SectionNotFound = "section_not_found",
        SeriesNotFound = "series_not_found",
        SessionNotFound = "session_not_found",
        /// Some form fields are invalid: see `fields`.
        InvalidFields = "invalid_fields",
        /// No seat left and no waitlist.
        SessionFull = "session_full",
        /// Registration is closed (past the closing time, cancelled or ended).
        RegistrationClosed = "registration_closed",
        /// No valid admin API key for this site.
        Unauthorized = "unauthorized",
        /// The `Idempotency-Key` was already used for a registration of another address.
        IdempotencyConflict = "idempotency_conflict",
        /// Admin API: no registration with that id on this site.
        RegistrationNotFound = "registration_not_found",
        /// Admin API: only a `pending` registration can be approved.
        RegistrationNotPending = "registration_not_pending",
        /// Admin API: only a `waitlisted` registration can be promoted.
        RegistrationNotWaitlisted = "registration_not_waitlisted",
        SurveyNotFound = "survey_not_found",
        /// The survey takes no answer now (not open yet, or closed).
        SurveyNotOpen = "survey_not_open",
        PayloadTooLarge = "payload_too_large",
        Timeout = "timeout",
        Internal = "internal",
        /// A code this client version does not know yet.
        #[serde(other)]
        Unknown = "unknown",
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
        for &code in ErrorCode::ALL {
            let wire = serde_json::to_value(code).unwrap();
            assert_eq!(wire.as_str(), Some(code.as_str()));
            assert_eq!(ErrorCode::from_wire(code.as_str()), Some(code));
        }
    }
}
