//! Articles: the newest teasers, and one article with the reader's access decision.

use axum::extract::{FromRequestParts, State};
use axum::Json;
use kiosque_protocol::{ApiError, ArticleList, ArticlePage, ErrorCode};

use crate::access;
use crate::error::AppError;
use crate::store::Site;
use crate::AppState;

/// How many teasers the list returns.
const LIST_LIMIT: u32 = 20;

/// `axum::extract::Path` whose rejection is our JSON error.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct Path<T>(T);

async fn site(state: &AppState, id: &str) -> Result<Site, AppError> {
    state
        .store
        .site(id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::SiteNotFound, format!("no site {id:?}")))
}

/// One article. A reader who is not entitled receives the teaser cut on the server and the
/// paywall; the rest of the body is not in the response.
#[utoipa::path(
    get,
    path = "/v1/sites/{site}/articles/{slug}",
    params(("site" = String, Path, description = "Site id"), ("slug" = String, Path, description = "Article slug")),
    responses(
        (status = 200, description = "The article, in full or as a teaser with the paywall", body = ArticlePage),
        (status = 404, description = "`site_not_found` or `article_not_found`", body = ApiError),
    )
)]
pub async fn get_article(
    State(state): State<AppState>,
    Path((site_id, slug)): Path<(String, String)>,
) -> Result<Json<ArticlePage>, AppError> {
    let site = site(&state, &site_id).await?;
    let article = state.store.article(&site.id, &slug).await?.ok_or_else(|| {
        AppError::not_found(ErrorCode::ArticleNotFound, format!("no article {slug:?}"))
    })?;
    let offers = if access::is_entitled(article.meta.access) {
        Vec::new()
    } else {
        state.store.offers(&site.id).await?
    };
    Ok(Json(access::article_page(article, &site, offers)))
}

/// The newest articles' public metadata.
#[utoipa::path(
    get,
    path = "/v1/sites/{site}/articles",
    params(("site" = String, Path, description = "Site id")),
    responses(
        (status = 200, description = "Newest first", body = ArticleList),
        (status = 404, description = "`site_not_found`", body = ApiError),
    )
)]
pub async fn list_articles(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
) -> Result<Json<ArticleList>, AppError> {
    let site = site(&state, &site_id).await?;
    let articles = state.store.newest_articles(&site.id, LIST_LIMIT).await?;
    Ok(Json(ArticleList { articles }))
}
