//! The admin API's questionnaires: a publisher's systems create or replace a survey, and read
//! its answers (personal data when the survey asks for an address: admin API only).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use kiosque_protocol::{AdminSurveyAnswer, ApiError, SurveyInput};

use super::admin::authorize;
use super::extract::{Json, Path};
use crate::error::AppError;
use crate::surveys;
use crate::webinars::manage::Saved;
use crate::AppState;

/// Creates or replaces a survey: title, introduction, questions (the webinar form's kinds,
/// plus `scale` and `long_text`), dates in a zone, the e-mail it may ask for with its
/// consent text (a changed text is a new version), the results' date and note, a linked
/// webinar series.
#[utoipa::path(
    put,
    path = "/v1/admin/sites/{site}/surveys/{survey}",
    params(("site" = String, Path), ("survey" = String, Path, description = "`a-z 0-9 -`")),
    request_body = SurveyInput,
    responses(
        (status = 201, description = "Created"),
        (status = 200, description = "Replaced"),
        (status = 400, description = "`invalid_fields`", body = ApiError),
        (status = 401, description = "`unauthorized`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn put_survey(
    State(state): State<AppState>,
    Path((site_id, survey)): Path<(String, String)>,
    headers: HeaderMap,
    Json(input): Json<SurveyInput>,
) -> Result<StatusCode, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    match surveys::save(&state.store, &site.id, &survey, &input).await? {
        Ok(Saved::Created) => Ok(StatusCode::CREATED),
        Ok(Saved::Updated) => Ok(StatusCode::OK),
        Err(errors) => Err(AppError::invalid_fields(errors)),
    }
}

/// Every answer of a survey, oldest first, with the address and consent when asked for.
#[utoipa::path(
    get,
    path = "/v1/admin/sites/{site}/surveys/{survey}/answers",
    params(("site" = String, Path), ("survey" = String, Path)),
    responses(
        (status = 200, description = "The answers", body = Vec<AdminSurveyAnswer>),
        (status = 401, description = "`unauthorized`", body = ApiError),
        (status = 404, description = "`survey_not_found`", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn answers(
    State(state): State<AppState>,
    Path((site_id, survey)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<axum::Json<Vec<AdminSurveyAnswer>>, AppError> {
    let site = authorize(&state, &site_id, &headers).await?;
    super::surveys::survey_of(&state, &site.id, &survey).await?;
    Ok(axum::Json(
        state.store.survey_answers(&site.id, &survey).await?,
    ))
}
