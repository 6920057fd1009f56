//! The site's look and the widget's texts for the loader: the widget's CSS custom properties
//! and default scheme as set in the console, and every text in the reader's language with the
//! marketer's overrides merged in. Public and cacheable: it holds nothing about readers.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use kiosque_protocol::{ApiError, Lang, SiteLook, Text, CATALOGUE};
use serde::Deserialize;

use super::extract::{Path, Query};
use crate::error::AppError;
use crate::store::Site;
use crate::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LookQuery {
    /// A language tag (`fr`, `en-GB`, …): English for `en…`, else French. Default: the site's
    /// language.
    pub lang: Option<String>,
}

#[utoipa::path(
    get,
    path = "/v1/sites/{site}/appearance",
    params(("site" = String, Path, description = "Site id"), LookQuery),
    responses(
        (status = 200, description = "The site's look and the widget's texts", body = SiteLook),
        (status = 404, description = "`site_not_found`", body = ApiError),
    )
)]
pub async fn get_appearance(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    Query(query): Query<LookQuery>,
) -> Result<impl IntoResponse, AppError> {
    let site = super::site(&state, &site_id).await?;
    let lang = Lang::from_tag(query.lang.as_deref().unwrap_or(&site.lang));
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=300")],
        axum::Json(site_look(&site, lang)),
    ))
}

/// The answer for `site` in `lang`; the console's previews give the same.
pub fn site_look(site: &Site, lang: Lang) -> SiteLook {
    let overrides = site.texts.get(lang.as_str());
    SiteLook {
        appearance: site.appearance.clone(),
        lang: lang.as_str().to_owned(),
        catalogue: CATALOGUE,
        texts: Text::ALL
            .iter()
            .map(|text| {
                overrides
                    .and_then(|o| o.get(text.name()))
                    .map_or(text.default_text(lang), String::as_str)
                    .to_owned()
            })
            .collect(),
    }
}
