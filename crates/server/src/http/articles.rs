//! Articles: the newest teasers, and one article with the reader's access decision.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use kiosque_protocol::{
    AccessDecision, AccessLevel, ApiError, Appearance, ArticleAnswer, ArticleList, ArticlePage,
    ErrorCode, Lang, TeaserFilter,
};
use serde::{Deserialize, Serialize};

use super::extract::{Path, Query};
use super::reader::ReaderHeaders;
use crate::access;
use crate::error::AppError;
use crate::first_paint::Painted;
use crate::store::Page;
use crate::AppState;

/// Teasers per page, by default and at most.
const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 50;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleQuery {
    /// `true`: also the widget's first render of the answer (`paint`), which the loader shows
    /// while the widget loads (none when an entitlement was refused).
    paint: Option<bool>,
}

/// One article. A reader who is not entitled receives the teaser cut on the server and the
/// paywall; the rest of the body is not in the response. Anonymous readers send their reader
/// id (`x-kiosque-reader`, or `?reader=`) to use the meter; subscribers send the publisher's token
/// (`x-kiosque-entitlement`).
#[utoipa::path(
    get,
    path = "/v1/sites/{site}/articles/{slug}",
    params(
        ("site" = String, Path, description = "Site id"),
        ("slug" = String, Path, description = "Article slug"),
        ArticleQuery,
        ("x-kiosque-reader" = Option<String>, Header, description = "Anonymous reader id: 16 to 64 characters of A-Z a-z 0-9 - _", pattern = "^[A-Za-z0-9_-]{16,64}$"),
        ("reader" = Option<String>, Query, description = "The reader id in place of `x-kiosque-reader`: a GET with no header but `Accept` and `Accept-Language` needs no CORS preflight", pattern = "^[A-Za-z0-9_-]{16,64}$"),
        ("x-kiosque-entitlement" = Option<String>, Header, description = "Entitlement token signed by the publisher (HS256)"),
        ("Accept-Language" = Option<String>, Header, description = "The placeholder's language (`fr`, `en`; the widget sends it): the publisher's texts (paywall box, offers, consent texts) in it, else in the site's language"),
    ),
    responses(
        (status = 200, description = "The article, in full or as a teaser with the paywall", body = ArticleAnswer),
        (status = 400, description = "`invalid_reader_id`, `invalid_request`", body = ApiError),
        (status = 404, description = "`site_not_found` or `article_not_found`", body = ApiError),
    )
)]
pub async fn get_article(
    State(state): State<AppState>,
    Path((site_id, slug)): Path<(String, String)>,
    Query(query): Query<ArticleQuery>,
    ReaderHeaders(reader): ReaderHeaders,
) -> Result<Json<Answer>, AppError> {
    let site = super::site(&state, &site_id).await?;
    let article = state.store.article(&site.id, &slug).await?.ok_or_else(|| {
        AppError::not_found(ErrorCode::ArticleNotFound, format!("no article {slug:?}"))
    })?;
    let mut page =
        access::article_page(&state.store, &site, &article, &reader, crate::unix_now()).await?;
    absolute_image(&mut page.article, &state.server_origin);
    let paint = query.paint.unwrap_or(false).then(|| {
        let lang = reader.lang.unwrap_or_else(|| Lang::from_tag(&site.lang));
        state.paints.article(&page, &site, lang)
    });
    let paint = paint.flatten();
    Ok(Json(Answer {
        page,
        appearance: paint.as_ref().map(|_| site.appearance.clone()),
        paint,
    }))
}

/// [`ArticleAnswer`] as it is sent: a kept paint goes in as the JSON it was kept as.
#[derive(Serialize)]
pub struct Answer {
    #[serde(flatten)]
    page: ArticlePage,
    #[serde(skip_serializing_if = "Option::is_none")]
    paint: Option<Arc<Painted>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    appearance: Option<Appearance>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccessQuery {
    /// The access level the page claims for an article the backend does not know.
    level: Option<AccessLevel>,
}

/// The access decision alone, for a page that carries the article's text itself (client-side
/// mode, which a reader can bypass: see the README). Counts a metered read like the article
/// route does.
#[utoipa::path(
    get,
    path = "/v1/sites/{site}/access/{slug}",
    params(
        ("site" = String, Path, description = "Site id"),
        ("slug" = String, Path, description = "Article slug"),
        AccessQuery,
        ("x-kiosque-reader" = Option<String>, Header, description = "Anonymous reader id", pattern = "^[A-Za-z0-9_-]{16,64}$"),
        ("reader" = Option<String>, Query, description = "The reader id in place of `x-kiosque-reader`: a GET with no header but `Accept` and `Accept-Language` needs no CORS preflight", pattern = "^[A-Za-z0-9_-]{16,64}$"),
        ("x-kiosque-entitlement" = Option<String>, Header, description = "Entitlement token"),
    ),
    responses(
        (status = 200, description = "The decision", body = AccessDecision),
        (status = 400, description = "`invalid_reader_id`, `invalid_request`", body = ApiError),
        (status = 404, description = "`site_not_found`", body = ApiError),
    )
)]
pub async fn get_access(
    State(state): State<AppState>,
    Path((site_id, slug)): Path<(String, String)>,
    Query(query): Query<AccessQuery>,
    ReaderHeaders(reader): ReaderHeaders,
) -> Result<Json<AccessDecision>, AppError> {
    let site = super::site(&state, &site_id).await?;
    let known = state.store.article(&site.id, &slug).await?;
    let target = match &known {
        Some(article) => access::ArticleRef::of(article),
        None => access::ArticleRef {
            slug: &slug,
            level: query.level.unwrap_or(AccessLevel::Subscribers),
            section: None,
            tags: &[],
        },
    };
    let now = crate::unix_now();
    let d = access::decide(&state.store, &site, target, &reader, now).await?;
    Ok(Json(AccessDecision {
        access: d.access,
        meter: d.meter,
        account: d.account,
        entitlement_error: d.entitlement_error,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only this section's articles.
    section: Option<String>,
    /// Only articles with this tag.
    tag: Option<String>,
    /// Articles related to this one (same section, itself left out): "À lire aussi".
    related: Option<String>,
    /// 1 to 50; default 10.
    #[param(minimum = 1, maximum = 50)]
    limit: Option<u32>,
    /// The previous page's `next`: the page after it ("Voir plus"), as fast at any depth.
    #[param(pattern = "^[0-9][!-}]{0,39}~[a-z0-9-]{1,120}$")]
    after: Option<String>,
    /// Skip this many (after the mark, if any): slower the more.
    #[param(minimum = 0, maximum = 4294967295_u64)]
    offset: Option<u32>,
}

/// Teasers: the newest articles' public metadata, filtered by section, tag or relation.
#[utoipa::path(
    get,
    path = "/v1/sites/{site}/articles",
    params(("site" = String, Path, description = "Site id"), ListQuery),
    responses(
        (status = 200, description = "Newest first", body = ArticleList),
        (status = 400, description = "`invalid_request` (limit out of 1..=50, an `after` this server did not make)", body = ApiError),
        (status = 404, description = "`site_not_found`, `article_not_found` (related)", body = ApiError),
    )
)]
pub async fn list_articles(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Json<ArticleList>, AppError> {
    let site = super::site(&state, &site_id).await?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::new(
            axum::http::StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
            format!("limit must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let filter = TeaserFilter {
        section: query.section,
        tag: query.tag,
        related: query.related,
    };
    let refused = |message: &str| {
        AppError::new(
            axum::http::StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
            message.to_owned(),
        )
    };
    let after = match &query.after {
        None => None,
        Some(cursor) => Some(
            Page::mark(cursor)
                .ok_or_else(|| refused("after must be the next of a previous page"))?,
        ),
    };
    let page = Page {
        after,
        skip: query.offset.unwrap_or(0),
    };
    // One more than asked tells whether there is a next page.
    let mut articles = state
        .store
        .list_articles(&site.id, &filter, limit + 1, &page)
        .await?
        .ok_or_else(|| {
            AppError::not_found(ErrorCode::ArticleNotFound, "no such related article")
        })?;
    let has_more = articles.len() > limit as usize;
    articles.truncate(limit as usize);
    let next = articles.last().filter(|_| has_more).map(Page::cursor);
    for article in &mut articles {
        absolute_image(article, &state.server_origin);
    }
    Ok(Json(ArticleList { articles, next }))
}

/// A picture stored as a path on this server becomes an absolute URL, so teasers shown on
/// other sites (syndication) still load it.
fn absolute_image(article: &mut kiosque_protocol::ArticleMeta, origin: &str) {
    if let Some(image) = &mut article.image {
        if image.url.starts_with('/') && !image.url.starts_with("//") {
            image.url = format!("{origin}{}", image.url);
        }
    }
}
