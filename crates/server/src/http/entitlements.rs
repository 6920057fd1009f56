//! Server-to-server: the publisher revokes a reader's entitlements.

use axum::extract::State;
use axum::http::StatusCode;
use kiosque_protocol::{ApiError, ErrorCode};
use serde::Deserialize;
use utoipa::ToSchema;

use super::extract::{Json, Path};
use crate::entitlement::Verifier;
use crate::error::AppError;
use crate::AppState;

/// The scope a revocation token must carry; reader tokens carry none.
pub const REVOKE_SCOPE: &str = "revoke";

#[derive(Deserialize, ToSchema)]
pub struct RevocationRequest {
    /// An HS256 token signed with the site's entitlement key, with `"scope": "revoke"` and
    /// `sub` the reader whose tokens are revoked.
    pub token: String,
}

/// Refuses, from now on, every entitlement token of the token's `sub` issued up to now.
#[utoipa::path(
    post,
    path = "/v1/sites/{site}/entitlements/revocations",
    params(("site" = String, Path, description = "Site id")),
    request_body = RevocationRequest,
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "`entitlement_invalid`, `entitlement_expired`, `entitlement_wrong_site`", body = ApiError),
        (status = 404, description = "`site_not_found`", body = ApiError),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    Json(request): Json<RevocationRequest>,
) -> Result<StatusCode, AppError> {
    let site = super::site(&state, &site_id).await?;
    let now = crate::unix_now();
    let refused = |code| AppError::new(StatusCode::FORBIDDEN, code, "revocation token refused");
    let key = site
        .entitlement_key
        .as_deref()
        .ok_or_else(|| refused(ErrorCode::EntitlementInvalid))?;
    let verifier = Verifier {
        site: &site.id,
        key: key.as_bytes(),
        max_lifetime_secs: site.entitlement_max_lifetime_secs,
    };
    let claims = verifier.verify(&request.token, now).map_err(refused)?;
    if claims.scope.as_deref() != Some(REVOKE_SCOPE) {
        return Err(refused(ErrorCode::EntitlementInvalid));
    }
    state
        .store
        .revoke_entitlements(&site.id, &claims.sub, now)
        .await?;
    tracing::info!(site = %site.id, "entitlements revoked for one subject");
    Ok(StatusCode::NO_CONTENT)
}
