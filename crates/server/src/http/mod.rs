//! Routing: the `/v1` API, `/healthz`, the demo publisher pages and the built front-end files.

mod admin;
mod admin_content;
mod admin_personal_data;
mod admin_registrations;
mod admin_surveys;
mod appearance;
mod articles;
mod auth;
mod cors;
mod entitlements;
mod errors;
mod events;
mod extract;
mod health;
mod link_page;
mod offers;
mod openapi;
mod personal_data;
mod reader;
mod static_files;
mod surveys;
mod webinar_links;
mod webinars;

use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{delete, get, post, put};
use axum::{middleware, BoxError, Router};
use tower::{ServiceBuilder, ServiceExt};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::store::Site;
use crate::AppState;
use kiosque_protocol::ErrorCode;

pub use openapi::ApiDoc;

/// Runs the rest of the request on its own task and waits for it: dropping this future (a
/// client that hung up, the timeout) leaves that task running to the end.
async fn run_to_completion(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    match tokio::spawn(next.run(request)).await {
        Ok(response) => response,
        Err(err) => {
            use axum::response::IntoResponse;
            AppError::internal(format!("request task: {err}")).into_response()
        }
    }
}

/// The site a `/v1/sites/{site}/…` route names, or `404 site_not_found`.
async fn site(state: &AppState, id: &str) -> Result<std::sync::Arc<Site>, AppError> {
    state
        .store
        .site(id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::SiteNotFound, format!("no site {id:?}")))
}

/// The public API (`/v1`), `/healthz` and the pages the mailed webinar links open; the
/// application's router (`crate::router`) adds the console and the demo site, then `serve`.
pub fn routes(state: &AppState) -> Router<AppState> {
    let site_api = Router::new()
        .route("/articles", get(articles::list_articles))
        .route("/articles/{slug}", get(articles::get_article))
        .route("/access/{slug}", get(articles::get_access))
        .route("/entitlements/revocations", post(entitlements::revoke))
        .route("/events", post(events::post_events))
        .route("/appearance", get(appearance::get_appearance))
        .route("/offers", get(offers::get_offers))
        .route("/auth/start", post(auth::start))
        .route("/auth/verify", post(auth::verify))
        .route("/auth/session", delete(auth::sign_out))
        .route("/webinars/{series}", get(webinars::get_series))
        .route(
            "/webinars/sessions/{session}/registrations",
            post(webinars::register),
        )
        .route("/surveys/{survey}", get(surveys::get_survey))
        .route("/surveys/{survey}/answer", put(surveys::put_answer))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            cors::per_site,
        ));

    // Server to server, with an API key: no CORS, so browsers on other sites cannot call it.
    let admin_api = Router::new()
        .route(
            "/webinars/sessions/{session}/registrations",
            get(admin_registrations::registrations),
        )
        .route(
            "/webinars/sessions/{session}/registrations.csv",
            get(admin_registrations::registrations_csv),
        )
        .route(
            "/webinars/sessions/{session}/cancel",
            post(admin::cancel_session),
        )
        .route(
            "/webinars/sessions/{session}/replay",
            put(admin::set_replay),
        )
        .route("/webinars/{series}", put(admin::put_series))
        .route(
            "/webinars/{series}/sessions/{session}",
            put(admin::put_session),
        )
        .route(
            "/webinars/registrations/{id}/cancel",
            post(admin_registrations::cancel_registration),
        )
        .route(
            "/webinars/registrations/{id}/approve",
            post(admin_registrations::approve_registration),
        )
        .route(
            "/webinars/registrations/{id}/promote",
            post(admin_registrations::promote_registration),
        )
        .route("/consents/{kind}", post(admin::post_consent))
        .route("/personal-data", post(admin_personal_data::find))
        .route("/personal-data/erase", post(admin_personal_data::erase))
        .route("/erasures", get(admin_personal_data::erasures))
        .route("/surveys/{survey}", put(admin_surveys::put_survey))
        .route("/surveys/{survey}/answers", get(admin_surveys::answers))
        .route(
            "/origins",
            get(admin_content::get_origins).put(admin_content::put_origins),
        )
        .route("/articles", get(admin_content::list_articles))
        .route(
            "/articles/{slug}",
            get(admin_content::get_article)
                .put(admin_content::put_article)
                .delete(admin_content::delete_article)
                .layer(DefaultBodyLimit::max(admin_content::MAX_ARTICLE_BYTES)),
        )
        .route("/sections/{slug}", put(admin_content::put_section))
        .route(
            "/paywall",
            get(admin_content::get_paywall).put(admin_content::put_paywall),
        );

    let api = Router::new()
        .nest("/sites/{site}", site_api)
        .nest("/admin/sites/{site}", admin_api)
        .route("/openapi.json", get(openapi::openapi_json))
        .fallback(|| async { AppError::from_status(axum::http::StatusCode::NOT_FOUND) })
        .layer(middleware::from_fn(errors::json_errors))
        // Answers are JSON and say so; a browser never sniffs them as something else.
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // Answers are about one reader unless the handler says otherwise (the site's look,
        // revalidated by its ETag): nothing is stored by default.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));

    Router::new()
        .nest("/v1", api)
        .route("/healthz", get(health::healthz))
        .route(
            "/webinaires/annulation",
            get(webinar_links::cancel_page).post(webinar_links::cancel),
        )
        .route(
            "/webinaires/confirmation",
            get(webinar_links::confirm_page).post(webinar_links::confirm),
        )
        .route(
            "/donnees",
            get(personal_data::ask_page_get).post(personal_data::ask),
        )
        .route("/donnees/consulter", get(personal_data::show))
        .route("/donnees/export.json", get(personal_data::export_json))
        .route("/donnees/effacer", post(personal_data::erase))
}

/// `app` served: the built front-end files for any other path, and what every request goes
/// through (trace, timeout, a task of its own, body limit, compression).
pub fn serve(app: Router<AppState>, state: AppState) -> Router {
    let timeout = state.config.request_timeout();
    let max_body = state.config.max_body_bytes;
    let static_dir = std::sync::Arc::new(state.config.static_dir.clone());
    let static_files = ServiceBuilder::new()
        .layer(middleware::from_fn_with_state(
            static_dir.clone(),
            static_files::headers,
        ))
        .service(ServiceExt::<axum::extract::Request>::map_response(
            // The build writes `.br` and `.gz` beside each file: sent as they are, so the
            // compression layer below leaves them alone and no request costs a compression.
            ServeDir::new(static_dir.as_path())
                .precompressed_br()
                .precompressed_gzip(),
            |r| r.map(axum::body::Body::new),
        ));

    app.fallback_service(static_files).with_state(state).layer(
        ServiceBuilder::new()
            .layer(TraceLayer::new_for_http())
            .layer(HandleErrorLayer::new(|err: BoxError| async move {
                if err.is::<tower::timeout::error::Elapsed>() {
                    AppError::from_status(axum::http::StatusCode::SERVICE_UNAVAILABLE)
                } else {
                    AppError::internal(err)
                }
            }))
            .timeout(timeout)
            // Inside the timeout: every request runs to its end on a task of its own, even if
            // the client hangs up or the timeout answers first. A dropped request future would
            // otherwise cancel its database work halfway, and sqlx's SQLite transactions are
            // not cancel-safe (the connection is left unusable).
            .layer(middleware::from_fn(run_to_completion))
            .layer(DefaultBodyLimit::max(max_body))
            .layer(CompressionLayer::new()),
    )
}
