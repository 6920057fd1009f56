//! The demo's front pages, laid out as a newspaper's: the home page (the lead story large,
//! with its picture, then the others in a grid) and one page per section.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use kiosque_protocol::{ArticleMeta, TeaserFilter};

use super::html::{card, escape};
use super::{not_found, shell, token_for, SITE};
use crate::error::AppError;
use crate::AppState;

/// The sections, as links; `current` marked for assistive technology.
fn section_links(sections: &[(String, String)], current: Option<&str>) -> String {
    let links: String = sections
        .iter()
        .map(|(slug, name)| {
            let here = if current == Some(slug.as_str()) {
                r#" aria-current="page""#
            } else {
                ""
            };
            format!(
                r#"<a href="/rubriques/{}"{here}>{}</a>"#,
                escape(slug),
                escape(name)
            )
        })
        .collect();
    format!(r#"<nav class="sections" aria-label="Rubriques">{links}</nav>"#)
}

/// The first article large, the others in a grid.
fn front(articles: &[ArticleMeta], banner: &str) -> String {
    let Some((lead, rest)) = articles.split_first() else {
        return "<p>Aucun article pour l’instant.</p>".to_owned();
    };
    let rest: String = rest.iter().map(|a| card(a, false)).collect();
    format!(
        r#"<ul class="cards lead-list">{}</ul>{banner}<ul class="cards grid">{rest}</ul>"#,
        card(lead, true)
    )
}

/// The 20 newest articles that `filter` lets through.
async fn newest(state: &AppState, filter: TeaserFilter) -> Result<Vec<ArticleMeta>, AppError> {
    let page = crate::store::Page::default();
    Ok(state
        .store
        .list_articles(SITE, &filter, 20, &page)
        .await?
        .unwrap_or_default())
}

pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let Some(site) = state.store.site(SITE).await? else {
        return Ok(not_found());
    };
    let articles = newest(&state, TeaserFilter::default()).await?;
    let sections = state.store.sections(SITE).await?;
    let main = format!(
        r#"<h1 class="page-title">À la une</h1>
<p class="lede">{tagline}</p>
{sections}
{front}"#,
        tagline = escape(&site.tagline),
        sections = section_links(&sections, None),
        front = front(
            &articles,
            r#"<div class="promo" data-kiosque="offers" data-placement="banner"></div>"#
        ),
    );
    let token = token_for(&site, &headers);
    Ok(shell(&site, &site.name, token.as_deref(), "")
        .render(&main)
        .into_response())
}

pub async fn section(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Some(site) = state.store.site(SITE).await? else {
        return Ok(not_found());
    };
    let sections = state.store.sections(SITE).await?;
    let Some((_, name)) = sections.iter().find(|(s, _)| *s == slug) else {
        return Ok(not_found());
    };
    let filter = TeaserFilter {
        section: Some(slug.clone()),
        ..TeaserFilter::default()
    };
    let articles = newest(&state, filter).await?;
    let main = format!(
        r#"<h1 class="page-title">{name}</h1>
{sections}
{front}"#,
        name = escape(name),
        sections = section_links(&sections, Some(&slug)),
        front = front(&articles, ""),
    );
    let title = format!("{name} — {}", site.name);
    let token = token_for(&site, &headers);
    Ok(shell(&site, &title, token.as_deref(), "")
        .render(&main)
        .into_response())
}
