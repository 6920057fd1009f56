//! The admin API for a site's content and settings, from the publisher's own systems with the
//! site's API key: allowed origins, articles pushed by the CMS, section names.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use kiosque_protocol::{
    AdminArticle, AdminArticleList, AllowedOrigins, ApiError, ArticleInput, ErrorCode, FieldError,
    Lang, PaywallSettings, PaywallTexts, SectionInput,
};
use serde::Deserialize;

use super::admin::authorize;
use super::extract::{Json, Path, Query};
use crate::error::AppError;
use crate::store::Upserted;
use crate::{accounts, publishing, AppState};

/// Most origins one site may list.
const MAX_ORIGINS: usize = 100;
/// Largest page of the article list.
const MAX_LIMIT: u32 = 200;
/// Largest article body accepted, in bytes (the JSON body of the `PUT`).
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

/// The origins whose pages may call the site's API from a browser.
#[utoipa::path(
    get,
    path = "/v1/admin/sites/{site}/origins",
    operation_id = "admin_get_origins",
    params(("site" = String, Path)),
    responses(
        (status = 200, body = AllowedOrigins),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn get_origins(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
) -> Result<axum::Json<AllowedOrigins>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    Ok(axum::Json(AllowedOrigins {
        origins: site.allowed_origins.clone(),
    }))
}

/// Replaces the allowed origins. Each is `scheme://host[:port]` (http or https, no path, no
/// wildcard); a wrong one is `invalid_fields` with `origins[i]`: `invalid_origin`, and nothing
/// changes.
#[utoipa::path(
    put,
    path = "/v1/admin/sites/{site}/origins",
    operation_id = "admin_put_origins",
    params(("site" = String, Path)),
    request_body = AllowedOrigins,
    responses(
        (status = 200, description = "The origins now allowed, normalised", body = AllowedOrigins),
        (status = 400, description = "`invalid_fields`", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn put_origins(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
    Json(input): Json<AllowedOrigins>,
) -> Result<axum::Json<AllowedOrigins>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    let mut origins = Vec::new();
    let mut errors = Vec::new();
    if input.origins.len() > MAX_ORIGINS {
        errors.push(field("origins", "too_many"));
    }
    for (i, raw) in input.origins.iter().enumerate() {
        match accounts::parse_allowed_origin(raw) {
            Some(origin) if !origins.contains(&origin) => origins.push(origin),
            Some(_) => {}
            None => errors.push(field(&format!("origins[{i}]"), "invalid_origin")),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    state.store.set_allowed_origins(&site.id, &origins).await?;
    tracing::info!(site = %site.id, ?origins, "admin API: allowed origins replaced");
    Ok(axum::Json(AllowedOrigins { origins }))
}

/// Creates or replaces an article (`201` created, `200` replaced; the same `PUT` again changes
/// nothing). An unpublished article is published again.
#[utoipa::path(
    put,
    path = "/v1/admin/sites/{site}/articles/{slug}",
    operation_id = "admin_put_article",
    params(("site" = String, Path), ("slug" = String, Path, description = "1 to 120 of `a-z 0-9 -`")),
    request_body = ArticleInput,
    responses(
        (status = 201, description = "Created", body = AdminArticle),
        (status = 200, description = "Replaced", body = AdminArticle),
        (status = 400, description = "`invalid_fields`: `slug`, `title`, `section`, `published_at`, `body_html`…", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 413, description = "`payload_too_large` (over 2 MiB)", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn put_article(
    State(state): State<AppState>,
    Path((site_id, slug)): Path<(String, String)>,
    headers: HeaderMap,
    Json(input): Json<ArticleInput>,
) -> Result<(StatusCode, axum::Json<AdminArticle>), AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    let record = publishing::article_record(&slug, &input).map_err(AppError::invalid_fields)?;
    let status = match state.store.upsert_article(&site.id, record).await? {
        Upserted::Created => StatusCode::CREATED,
        Upserted::Replaced => StatusCode::OK,
    };
    let stored = state
        .store
        .admin_article(&site.id, &slug)
        .await?
        .ok_or_else(|| AppError::internal("an article just stored cannot be read"))?;
    Ok((status, axum::Json(stored)))
}

/// One article as stored, whole body included.
#[utoipa::path(
    get,
    path = "/v1/admin/sites/{site}/articles/{slug}",
    operation_id = "admin_get_article",
    params(("site" = String, Path), ("slug" = String, Path)),
    responses(
        (status = 200, body = AdminArticle),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`article_not_found`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn get_article(
    State(state): State<AppState>,
    Path((site_id, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<axum::Json<AdminArticle>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    state
        .store
        .admin_article(&site.id, &slug)
        .await?
        .map(axum::Json)
        .ok_or_else(|| not_found(&slug))
}

/// Unpublishes an article: gone from lists and the article API (`404 article_not_found`);
/// the meter's history is kept. A `PUT` publishes it again.
#[utoipa::path(
    delete,
    path = "/v1/admin/sites/{site}/articles/{slug}",
    operation_id = "admin_delete_article",
    params(("site" = String, Path), ("slug" = String, Path)),
    responses(
        (status = 204, description = "Unpublished"),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`article_not_found` (or already unpublished)", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn delete_article(
    State(state): State<AppState>,
    Path((site_id, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    if !state
        .store
        .unpublish_article(&site.id, &slug, crate::unix_now())
        .await?
    {
        return Err(not_found(&slug));
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
    /// Articles to skip (default 0).
    #[param(minimum = 0, maximum = 4294967295_u64)]
    offset: Option<u32>,
}

/// The site's articles, newest first, unpublished ones included (`published: false`).
#[utoipa::path(
    get,
    path = "/v1/admin/sites/{site}/articles",
    operation_id = "admin_list_articles",
    params(("site" = String, Path), PageQuery),
    responses(
        (status = 200, body = AdminArticleList),
        (status = 400, description = "`invalid_request` (limit out of range)", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn list_articles(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Result<axum::Json<AdminArticleList>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
            format!("limit must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let (articles, total) = state
        .store
        .admin_articles(&site.id, limit, query.offset.unwrap_or(0))
        .await?;
    Ok(axum::Json(AdminArticleList { articles, total }))
}

/// Renames a section (readers see the new name at once).
#[utoipa::path(
    put,
    path = "/v1/admin/sites/{site}/sections/{slug}",
    operation_id = "admin_put_section",
    params(("site" = String, Path), ("slug" = String, Path)),
    request_body = SectionInput,
    responses(
        (status = 204, description = "Renamed"),
        (status = 400, description = "`invalid_fields`: `name` (`required`, `too_long`, `invalid_text`)", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`section_not_found`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn put_section(
    State(state): State<AppState>,
    Path((site_id, slug)): Path<(String, String)>,
    headers: HeaderMap,
    Json(input): Json<SectionInput>,
) -> Result<StatusCode, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    // As the OpenAPI document states it (`schemas::section_name`): the name as sent.
    if kiosque_protocol::blank(&input.name) {
        return Err(AppError::invalid_fields(vec![field("name", "required")]));
    }
    if input.name.chars().count() > 120 {
        return Err(AppError::invalid_fields(vec![field("name", "too_long")]));
    }
    let name = input.name.trim();
    if input.name.chars().any(char::is_control) {
        return Err(AppError::invalid_fields(vec![field(
            "name",
            "invalid_text",
        )]));
    }
    if !state.store.rename_section(&site.id, &slug, name).await? {
        return Err(AppError::not_found(
            ErrorCode::SectionNotFound,
            format!("no section {slug:?}"),
        ));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The paywall box's texts, in the site's language and its translations.
#[utoipa::path(
    get,
    path = "/v1/admin/sites/{site}/paywall",
    operation_id = "admin_get_paywall",
    params(("site" = String, Path)),
    responses(
        (status = 200, body = PaywallSettings),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn get_paywall(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
) -> Result<axum::Json<PaywallSettings>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    Ok(axum::Json(PaywallSettings {
        texts: site.paywall.clone(),
        translations: site.paywall_translations.clone(),
    }))
}

/// Replaces the paywall box's texts. In `texts` (the site's language) `kicker`, `title` and
/// `cta_label` are required; in a translation every text is optional and an empty one falls
/// back to the site's language's. Readers get it on their next request, in the language their
/// placeholder asks for (`Accept-Language`).
#[utoipa::path(
    put,
    path = "/v1/admin/sites/{site}/paywall",
    operation_id = "admin_put_paywall",
    params(("site" = String, Path)),
    request_body = PaywallSettings,
    responses(
        (status = 200, description = "Saved", body = PaywallSettings),
        (status = 400, description = "`invalid_fields`: `texts.title` `required`, `translations.de` `unknown_lang`, `…` `too_long`", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn put_paywall(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
    Json(input): Json<PaywallSettings>,
) -> Result<axum::Json<PaywallSettings>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    let mut errors = Vec::new();
    let texts = checked_paywall("texts", &input.texts, true, &mut errors);
    let mut translations = crate::store::Translations::new();
    for (code, translated) in &input.translations {
        let prefix = format!("translations.{code}");
        if !Lang::ALL.iter().any(|l| l.as_str() == code) {
            errors.push(field(&prefix, "unknown_lang"));
            continue;
        }
        let translated = checked_paywall(&prefix, translated, false, &mut errors);
        if translated != PaywallTexts::default() {
            translations.insert(code.clone(), translated);
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    state
        .store
        .set_paywall_texts(&site.id, &texts, &translations)
        .await?;
    Ok(axum::Json(PaywallSettings {
        texts,
        translations,
    }))
}

/// Trimmed texts of a box, with an error for each empty required one or each too long.
fn checked_paywall(
    prefix: &str,
    texts: &PaywallTexts,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> PaywallTexts {
    for (name, value) in [
        ("kicker", &texts.kicker),
        ("title", &texts.title),
        ("cta_label", &texts.cta_label),
    ] {
        if required && kiosque_protocol::blank(value) {
            errors.push(field(&format!("{prefix}.{name}"), "required"));
        } else if value.chars().count() > 300 {
            errors.push(field(&format!("{prefix}.{name}"), "too_long"));
        }
    }
    if texts.benefits.len() > 20 || texts.benefits.iter().any(|b| b.chars().count() > 300) {
        errors.push(field(&format!("{prefix}.benefits"), "too_long"));
    }
    PaywallTexts {
        kicker: texts.kicker.trim().to_owned(),
        title: texts.title.trim().to_owned(),
        benefits: texts
            .benefits
            .iter()
            .map(|b| b.trim().to_owned())
            .filter(|b| !b.is_empty())
            .collect(),
        cta_label: texts.cta_label.trim().to_owned(),
    }
}

fn field(field: &str, code: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
    }
}

fn not_found(slug: &str) -> AppError {
    AppError::not_found(ErrorCode::ArticleNotFound, format!("no article {slug:?}"))
}
