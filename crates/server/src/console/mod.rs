//! The marketers' console: server-rendered HTML pages under `/admin`, French by default,
//! English with `?lang=en` (remembered in a cookie), usable with the keyboard alone.
//!
//! # Adding a page
//!
//! A GET page takes a [`ConsoleUser`]; a POST takes a [`ConsoleForm`] (the user and the
//! posted [`Fields`], after the session's CSRF token was checked). Both reject by themselves:
//! no session (a GET is redirected to the sign-in page, anything else gets 401), a one-time
//! password still to change, a wrong or missing CSRF token (403). The handler then checks
//! what the user may do and answers with [`page`]:
//!
//! ```ignore
//! use maud::{html, PreEscaped};
//! use crate::console::{form_page, post_form, ConsoleError, ConsoleForm, ConsoleUser, Errors, Input};
//! use crate::console::phrases::Phrase;
//!
//! // The page, shown (200) or refused (400) with what was typed: one template for both.
//! fn offers_page(user: &ConsoleUser, site: &str, name: &str, errors: &Errors) -> Response {
//!     let lang = user.lang;
//!     let field = Input::new("name", lang.say(Phrase::Name)).value(name).render(lang, errors);
//!     let main = html! {
//!         p { (lang.say(Phrase::Offers)) }
//!         // The form helpers return escaped HTML.
//!         (PreEscaped(post_form(user, &format!("/admin/sites/{site}/offres"), &field, lang.say(Phrase::Save))))
//!     };
//!     form_page(user, lang.say(Phrase::Offers), errors, &main.into_string())
//! }
//!
//! // GET /admin/sites/{site}/offres
//! pub async fn offers(user: ConsoleUser, Path(site): Path<String>) -> Result<Response, ConsoleError> {
//!     let site = user.require_site(&site)?;          // 403 for a site not given to the user
//!     Ok(offers_page(&user, &site.id, "", &Errors::default()))
//! }
//!
//! // POST /admin/sites/{site}/offres
//! pub async fn create(Path(site): Path<String>, form: ConsoleForm) -> Result<Response, ConsoleError> {
//!     let ConsoleForm { user, fields } = form;        // the form extractor comes last
//!     user.require_site(&site)?;
//!     let mut errors = Errors::default();
//!     let name = fields.text("name");
//!     if name.is_empty() { errors.add("name", user.lang.say(Phrase::ThisFieldIsRequired)); }
//!     if !errors.is_empty() { return Ok(offers_page(&user, &site, &name, &errors)); }
//!     // accepted: save in one store transaction, then `Redirect::to(...)` (303) with
//!     // `?enregistre=1`, which the layout turns into a confirmation
//! }
//! ```
//!
//! Then add the routes in [`routes`] (above its layers, which check the Origin of every POST
//! and add the security headers), and the page to `layout::site_sections` so each site
//! links to it.
//!
//! - [`ConsoleUser`]: `id`, `email`, `role` ([`ConsoleRole`]), `sites` (the [`ConsoleSite`]s it
//!   may manage: all for an admin), `lang`, `csrf`; `is_admin()`, `can_manage(site) -> bool`,
//!   `require_admin() -> Result<(), ConsoleError>`, `require_site(site) -> Result<&ConsoleSite, ConsoleError>`.
//! - [`ConsoleForm`] `{ user, fields }`, `admin_only() -> Result<(ConsoleUser, Fields), _>`;
//!   [`Fields`]: `text(name)` (trimmed), `raw(name)` (passwords), `all(name)` (checkboxes).
//! - [`page`]`(user, title, errors, main_html) -> Html<String>`: the layout (skip link, account,
//!   language switch, sign-out, navigation with the user's sites); with errors, the title says
//!   so and their summary opens the content.
//! - [`Errors`], [`Input`], [`Choices`], [`post_form`], [`csrf_field`]: accessible forms.
//! - [`Lang`]: `lang.say(Phrase::SignIn)`, a text from the console's table (`phrases.rs`: add a
//!   row there, its French then its English).
//! - [`ConsoleError`]: Forbidden, NotFound, … as HTML pages; `?` works on store errors.
//! - [`form_page`]`(user, title, errors, main) -> Response`: an editor's page, 200, or 400 with
//!   its errors when it refuses what was typed.
//! - Pages are maud templates (`maud::html!`), which escape every value; `PreEscaped` only
//!   wraps HTML a helper already built (the form pieces, `frame_pair`), each with a comment.
//!   `forms::inline_action`: a one-button form in a line or a table row.
//!
//! # Security
//!
//! Passwords are argon2id PHC strings (`password`); sessions are random 256-bit tokens, stored
//! hashed, in an `HttpOnly; SameSite=Strict; Path=/admin` cookie (`Secure` when
//! `--public-url` is https), ending 12 hours after their last use or 7 days after sign-in.
//! Every POST carries a CSRF token and is refused when its `Origin` (or `Sec-Fetch-Site`)
//! says it comes from elsewhere. Sign-in failures are throttled per address and per network
//! address (`sign_in`).

mod ab_test;
mod account;
mod appearance;
mod charts;
mod dashboard;
mod errors;
mod feeds;
mod forms;
mod i18n;
mod layout;
mod offer_form;
mod offers;
mod origins;
mod password;
mod paywall;
mod paywall_preview;
mod personal_data;
mod personal_data_log;
mod phrases;
mod preview;
mod provision;
mod question_editor;
mod session;
mod sign_in;
mod sites;
mod spreadsheets;
mod stats;
mod stats_webinars;
mod survey_preview;
mod surveys;
mod surveys_results;
mod text_labels;
mod texts;
mod user;
mod users;
mod webinar_preview;
mod webinars;
mod webinars_forms;
mod webinars_registrations;
mod widget_frame;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{HeaderMap, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;

use crate::AppState;

pub use crate::store::ConsoleRole;
pub use errors::ConsoleError;
pub use forms::{csrf_field, post_form, Choices, Errors, Input};
pub use i18n::Lang;
pub use layout::{form_page, page, site_sections};
pub use provision::{create_user, first_admin, reset_password, unknown_sites, FIRST_ADMIN_EMAIL};
pub use session::{ConsoleForm, ConsoleSite, ConsoleUser, Fields};
pub use sites::valid_site_id;

/// The console's routes, for `crate::router` to merge.
pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard::dashboard))
        .route("/admin/connexion", get(sign_in::form).post(sign_in::submit))
        .route("/admin/deconnexion", post(sign_in::sign_out))
        .route("/admin/mot-de-passe", get(account::show).post(account::change))
        .route("/admin/utilisateurs", get(users::list).post(users::create))
        .route("/admin/utilisateurs/{id}", get(user::show))
        .route("/admin/utilisateurs/{id}/acces", post(user::set_access))
        .route("/admin/utilisateurs/{id}/etat", post(user::set_state))
        .route("/admin/utilisateurs/{id}/mot-de-passe", post(user::reset_password))
        .route("/admin/sites", get(sites::list).post(sites::create))
        .route("/admin/sites/{site}", get(dashboard::site))
        .route("/admin/sites/{site}/origines", post(origins::change))
        .route("/admin/sites/{site}/flux", get(feeds::list).post(feeds::add))
        .route("/admin/sites/{site}/flux/{id}/{action}", post(feeds::act))
        .route("/admin/sites/{site}/offres", get(offers::list).post(offers::create))
        .route("/admin/sites/{site}/offres/nouvelle", get(offers::new))
        .route("/admin/sites/{site}/offres/{id}", get(offers::edit).post(offers::save))
        .route("/admin/sites/{site}/offres/{id}/archiver", post(offers::archive))
        .route("/admin/sites/{site}/offres/{id}/apercu", get(preview::preview).post(preview::preview_typed))
        .route("/admin/sites/{site}/offres/{id}/cadre/{variant}", get(preview::frame))
        .route(
            "/admin/sites/{site}/offres/{id}/cadre/{variant}/api/v1/sites/{site_again}/articles/{slug}",
            get(preview::api_article),
        )
        .route(
            "/admin/sites/{site}/offres/{id}/cadre/{variant}/api/v1/sites/{site_again}/offers",
            get(preview::api_offers),
        )
        .route(
            "/admin/sites/{site}/offres/{id}/cadre/{variant}/api/v1/sites/{site_again}/appearance",
            get(widget_frame::api_look),
        )
        .route("/admin/sites/{site}/statistiques", get(stats::stats))
        .route("/admin/sites/{site}/questionnaires", get(surveys::list).post(surveys::create))
        .route("/admin/sites/{site}/questionnaires/nouveau", get(surveys::new_survey))
        .route("/admin/sites/{site}/questionnaires/{survey}", get(surveys::edit_survey).post(surveys::save))
        .route("/admin/sites/{site}/questionnaires/{survey}/apercu", post(survey_preview::preview))
        .route("/admin/sites/{site}/questionnaires/{survey}/cadre/{typed}", get(survey_preview::frame))
        .route(
            "/admin/sites/{site}/questionnaires/{survey}/cadre/{typed}/api/v1/sites/{site_again}/surveys/{survey_again}",
            get(survey_preview::api_survey),
        )
        .route(
            "/admin/sites/{site}/questionnaires/{survey}/cadre/{typed}/api/v1/sites/{site_again}/appearance",
            get(widget_frame::api_look),
        )
        .route("/admin/sites/{site}/questionnaires/{survey}/resultats", get(surveys_results::results))
        .route("/admin/sites/{site}/questionnaires/{survey}/reponses", get(surveys_results::answers))
        .route("/admin/sites/{site}/questionnaires/{survey}/reponses.csv", get(surveys_results::csv))
        .route("/admin/sites/{site}/webinaires", get(webinars::list))
        .route("/admin/sites/{site}/webinaires/consentements", get(webinars::consents))
        .route("/admin/sites/{site}/webinaires/consentements/{kind}", post(webinars::publish_consent))
        .route("/admin/sites/{site}/webinaires/series", post(webinars_forms::create_series))
        .route("/admin/sites/{site}/webinaires/series/nouvelle", get(webinars_forms::new_series))
        .route("/admin/sites/{site}/webinaires/series/{series}", get(webinars_forms::edit_series).post(webinars_forms::save_series))
        .route("/admin/sites/{site}/webinaires/series/{series}/apercu", post(webinar_preview::preview))
        .route("/admin/sites/{site}/webinaires/series/{series}/cadre/{typed}", get(webinar_preview::frame))
        .route(
            "/admin/sites/{site}/webinaires/series/{series}/cadre/{typed}/api/v1/sites/{site_again}/webinars/{series_again}",
            get(webinar_preview::api_series),
        )
        .route(
            "/admin/sites/{site}/webinaires/series/{series}/cadre/{typed}/api/v1/sites/{site_again}/appearance",
            get(widget_frame::api_look),
        )
        .route("/admin/sites/{site}/webinaires/series/{series}/seances", post(webinars_forms::create_session))
        .route("/admin/sites/{site}/webinaires/series/{series}/seances/nouvelle", get(webinars_forms::new_session))
        .route("/admin/sites/{site}/webinaires/seances/{session}", get(webinars_forms::edit_session).post(webinars_forms::save_session))
        .route("/admin/sites/{site}/webinaires/seances/{session}/annuler", get(webinars::confirm_cancel).post(webinars::cancel))
        .route("/admin/sites/{site}/webinaires/seances/{session}/inscriptions", get(webinars_registrations::list))
        .route("/admin/sites/{site}/webinaires/seances/{session}/inscriptions.csv", get(webinars_registrations::csv))
        .route("/admin/sites/{site}/webinaires/inscriptions/{id}/{action}", post(webinars_registrations::act))
        .route("/admin/sites/{site}/mur", get(paywall::show).post(paywall::save))
        .route("/admin/sites/{site}/mur/apercu", post(paywall_preview::preview))
        .route("/admin/sites/{site}/mur/cadre/{texts}", get(paywall_preview::frame))
        .route(
            "/admin/sites/{site}/mur/cadre/{texts}/api/v1/sites/{site_again}/articles/{slug}",
            get(paywall_preview::api_article),
        )
        .route(
            "/admin/sites/{site}/mur/cadre/{texts}/api/v1/sites/{site_again}/appearance",
            get(widget_frame::api_look),
        )
        .route("/admin/sites/{site}/apparence", get(appearance::show).post(appearance::save))
        .route("/admin/sites/{site}/apparence/apercu", post(appearance::preview))
        .route("/admin/sites/{site}/apparence/cadre", get(appearance::frame))
        .route(
            "/admin/sites/{site}/apparence/cadre/api/v1/sites/{site_again}/articles/{slug}",
            get(widget_frame::api_article),
        )
        .route(
            "/admin/sites/{site}/apparence/cadre/api/v1/sites/{site_again}/appearance",
            get(widget_frame::api_look),
        )
        .route("/admin/sites/{site}/textes", get(texts::show).post(texts::save))
        // Searches post the address: it never goes into a URL.
        .route(
            "/admin/sites/{site}/donnees-personnelles",
            get(personal_data::show).post(personal_data::search),
        )
        .route("/admin/sites/{site}/donnees-personnelles/export.json", post(personal_data::export_json))
        .route("/admin/sites/{site}/donnees-personnelles/export.html", post(personal_data::export_html))
        .route("/admin/sites/{site}/donnees-personnelles/effacer", post(personal_data::erase))
        .route("/admin/console.css", get(stylesheet))
        .route("/admin/console.js", get(script))
        .route("/admin/{*rest}", any(not_found))
        .layer(middleware::from_fn(i18n::remember))
        .layer(middleware::from_fn_with_state(state, guard))
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("console.css"),
    )
}

/// The console's one script (previews fitted to their content, colour pickers): an
/// enhancement, every page works without it.
async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("console.js"),
    )
}

async fn not_found(lang: Lang) -> ConsoleError {
    ConsoleError::NotFound(lang)
}

/// Whether a request that changes something comes from the console's own pages: browsers
/// say where a POST comes from in `Origin` (and `Sec-Fetch-Site`); a client that sends
/// neither still needs the CSRF token.
fn same_origin(server_origin: &str, headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
    if matches!(fetch_site, Some(b"cross-site" | b"same-site")) {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    // The configured public origin, or the host the browser asked for (the same server
    // reached as localhost or by its address): another site cannot choose either.
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    origin == server_origin || (origin_host.is_some() && origin_host == host)
}

/// Middleware of every console route: refuses POSTs from other origins, and adds headers
/// that keep the pages out of frames, caches and other sites' referrers.
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let reads = request.method() == Method::GET || request.method() == Method::HEAD;
    if !reads && !same_origin(&state.server_origin, request.headers()) {
        let lang = Lang::of(request.uri().query(), request.headers());
        tracing::warn!(path = %request.uri().path(), "console: cross-origin request refused");
        return ConsoleError::BadCsrf(lang).into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A page may set its own policy (the offer preview frames the widget); the others get
    // the strictest.
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ));
    headers
        .entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn posts_from_elsewhere_are_told_apart() {
        let server = "https://kiosque.example";
        assert!(same_origin(server, &headers(&[])));
        assert!(same_origin(
            server,
            &headers(&[("origin", "https://kiosque.example")])
        ));
        assert!(same_origin(
            server,
            &headers(&[
                ("origin", "http://localhost:8080"),
                ("host", "localhost:8080")
            ])
        ));
        assert!(!same_origin(
            server,
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "kiosque.example")
            ])
        ));
        assert!(!same_origin(
            server,
            &headers(&[("origin", "null"), ("host", "null")])
        ));
        assert!(!same_origin(
            server,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(same_origin(
            server,
            &headers(&[("sec-fetch-site", "same-origin")])
        ));
    }
}
