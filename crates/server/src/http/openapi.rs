//! `/v1/openapi.json`, generated from the protocol types and the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kiosque API",
        description = "The API the Kiosque widget calls. Any backend implementing it can serve the widget."
    ),
    paths(
        super::articles::get_article,
        super::articles::list_articles,
        super::articles::get_access,
        super::entitlements::revoke,
        super::events::post_events,
        super::appearance::get_appearance,
        super::offers::get_offers,
        super::auth::start,
        super::auth::verify,
        super::auth::sign_out,
        super::webinars::get_series,
        super::webinars::register,
        super::admin_registrations::registrations,
        super::admin_registrations::registrations_csv,
        super::admin_registrations::cancel_registration,
        super::admin_registrations::approve_registration,
        super::admin_registrations::promote_registration,
        super::admin::cancel_session,
        super::admin::set_replay,
        super::admin::put_series,
        super::admin::put_session,
        super::admin::post_consent,
        super::admin_content::get_origins,
        super::admin_content::put_origins,
        super::admin_content::put_article,
        super::admin_content::get_article,
        super::admin_content::delete_article,
        super::admin_content::list_articles,
        super::admin_content::put_section,
        super::admin_content::get_paywall,
        super::admin_content::put_paywall,
        super::health::healthz
    )
)]
pub struct ApiDoc;

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
