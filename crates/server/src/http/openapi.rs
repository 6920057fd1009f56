//! `/v1/openapi.json`, generated from the protocol types and the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    modifiers(&CommonResponses),
    // Named only inside schemas written by hand (`kiosque_protocol::schemas`).
    components(schemas(kiosque_protocol::PaywallTexts)),
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
        super::surveys::get_survey,
        super::surveys::put_answer,
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
        super::admin_surveys::put_survey,
        super::admin_surveys::answers,
        super::admin_personal_data::find,
        super::admin_personal_data::erase,
        super::admin_personal_data::erasures,
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

/// The answers every operation can give whatever its handler: the middleware and extractors'
/// refusals, added where a handler's own annotation does not list them, so the document lists
/// every status the server returns.
struct CommonResponses;

impl utoipa::Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        use utoipa::openapi::schema::{Schema, SchemaType, Type};
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ApiError")))
                        .build(),
                )
                .build()
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let public = path.starts_with("/v1/sites/{site}");
            let with_params = path.contains('{');
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                // A header is text or absent, never JSON `null`: an optional header's schema is
                // a string (utoipa writes `Option<String>` as string-or-null).
                for parameter in operation.parameters.iter_mut().flatten() {
                    if parameter.parameter_in != ParameterIn::Header {
                        continue;
                    }
                    if let Some(RefOr::T(Schema::Object(object))) = &mut parameter.schema {
                        object.schema_type = SchemaType::Type(Type::String);
                    }
                }
                let has_body = operation.request_body.is_some();
                let mut add = |status: &str, description: &str| {
                    operation
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error(description).into());
                };
                if has_body {
                    add(
                        "400",
                        "`invalid_request`: a body that is not the expected JSON",
                    );
                    add("413", "`payload_too_large`");
                    add(
                        "415",
                        "`invalid_request`: the body is not sent as `application/json`",
                    );
                }
                if with_params {
                    add(
                        "400",
                        "`invalid_request`: a malformed path or query parameter",
                    );
                }
                if public {
                    add("404", "`site_not_found`");
                }
                add(
                    "503",
                    "`timeout`: the request took longer than the server allows",
                );
            }
        }
    }
}

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
