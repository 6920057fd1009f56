//! Questionnaires for readers: a survey with this reader's answers (and its results once
//! out), and the reader's answer, created or replaced while the survey is open.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use kiosque_protocol::{
    ApiError, ErrorCode, Survey, SurveyAnswerRequest, SurveyAnswerResult, SurveyState,
};

use super::extract::{IdempotencyKey, Json, Path};
use super::reader::ReaderHeaders;
use crate::client_ip::ClientIp;
use crate::error::AppError;
use crate::store::{Limit, NewSurveyAnswer, SurveyAnswered, SurveyRow};
use crate::surveys;
use crate::AppState;

/// A retry whose first answer was lost gets that answer again, even if the survey closed or
/// its questions changed in between; any other answer gets `refusal`. Looked up only when the
/// answer would be refused: otherwise the writer replays it (`Store::answer_survey`).
async fn replay_or(
    state: &AppState,
    answer: &NewSurveyAnswer,
    refusal: AppError,
) -> Result<Response, AppError> {
    match state.store.survey_replay(answer).await? {
        Some(replaced) => Ok(answered(replaced)),
        None => Err(refusal),
    }
}

/// A survey of the site, or `404 survey_not_found`.
pub(super) async fn survey_of(
    state: &AppState,
    site: &str,
    id: &str,
) -> Result<SurveyRow, AppError> {
    state
        .store
        .survey(site, id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::SurveyNotFound, format!("no survey {id:?}")))
}

/// A survey: its questions once open, the results once the marketer made them public, and
/// the answers of the reader named by `X-Kiosque-Reader`, if they answered.
#[utoipa::path(
    get,
    path = "/v1/sites/{site}/surveys/{survey}",
    params(
        ("site" = String, Path, description = "Site id"),
        ("survey" = String, Path, description = "Survey id"),
        ("X-Kiosque-Reader" = Option<String>, Header, description = "The reader id: their answers come back in `your_answers`", pattern = "^[A-Za-z0-9_-]{16,64}$"),
        ("reader" = Option<String>, Query, description = "The reader id in place of `x-kiosque-reader`: a GET with no header but `Accept` and `Accept-Language` needs no CORS preflight", pattern = "^[A-Za-z0-9_-]{16,64}$"),
    ),
    responses(
        (status = 200, description = "The survey", body = Survey),
        (status = 400, description = "`invalid_reader_id`", body = ApiError),
        (status = 404, description = "`site_not_found`, `survey_not_found`", body = ApiError),
    )
)]
pub async fn get_survey(
    State(state): State<AppState>,
    Path((site_id, survey_id)): Path<(String, String)>,
    ReaderHeaders(reader): ReaderHeaders,
) -> Result<axum::Json<Survey>, AppError> {
    let site = super::site(&state, &site_id).await?;
    let survey = survey_of(&state, &site.id, &survey_id).await?;
    let view = surveys::survey_view(
        &state.store,
        &site.id,
        &survey,
        reader.anonymous_id.as_deref(),
        Utc::now().timestamp(),
        surveys::Counted::ForReaders,
    )
    .await?;
    Ok(axum::Json(view))
}

fn answered(replaced: bool) -> Response {
    let status = if replaced {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    (status, axum::Json(SurveyAnswerResult { replaced })).into_response()
}

/// The reader's answer (`X-Kiosque-Reader` required): 201 the first time, 200 when it
/// replaces theirs; only while the survey is open. A retry with the same `Idempotency-Key`
/// gets the first answer again.
#[utoipa::path(
    put,
    path = "/v1/sites/{site}/surveys/{survey}/answer",
    params(
        ("site" = String, Path, description = "Site id"),
        ("survey" = String, Path, description = "Survey id"),
        ("X-Kiosque-Reader" = String, Header, description = "The reader id: one answer per reader", pattern = "^[A-Za-z0-9_-]{16,64}$"),
        ("Idempotency-Key" = Option<String>, Header, description = "The widget's key for this submission (8–100 of `A-Z a-z 0-9 - _`); a retry with the same key gets the first answer again", pattern = "^[A-Za-z0-9_-]{8,100}$"),
    ),
    request_body = SurveyAnswerRequest,
    responses(
        (status = 201, description = "Answered", body = SurveyAnswerResult),
        (status = 200, description = "The reader's earlier answer is replaced", body = SurveyAnswerResult),
        (status = 400, description = "`invalid_fields` (see `fields`), `invalid_reader_id` (also when missing), `invalid_request`", body = ApiError),
        (status = 404, description = "`site_not_found`, `survey_not_found`", body = ApiError),
        (status = 409, description = "`survey_not_open`: not open yet, or closed", body = ApiError),
        (status = 429, description = "`rate_limited` (per network address)", body = ApiError),
    )
)]
pub async fn put_answer(
    State(state): State<AppState>,
    Path((site_id, survey_id)): Path<(String, String)>,
    ClientIp(ip): ClientIp,
    ReaderHeaders(reader): ReaderHeaders,
    IdempotencyKey(key): IdempotencyKey,
    Json(request): Json<SurveyAnswerRequest>,
) -> Result<Response, AppError> {
    let site = super::site(&state, &site_id).await?;
    let survey = survey_of(&state, &site.id, &survey_id).await?;
    let Some(reader) = reader.anonymous_id else {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidReaderId,
            "an answer needs the reader id (X-Kiosque-Reader)",
        ));
    };
    let now = Utc::now().timestamp();
    let mut answer = NewSurveyAnswer {
        site: site.id.clone(),
        survey: survey.id.clone(),
        reader,
        answers: Vec::new(),
        email: None,
        idempotency_key: key,
        limits: vec![Limit {
            key: format!("survey:ip:{}:{ip}", site.id),
            max: surveys::ANSWERS_PER_IP_PER_HOUR,
            window_secs: 3600,
        }],
        now,
    };
    if surveys::state(&survey, now) != SurveyState::Open {
        let closed = AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::SurveyNotOpen,
            "this survey takes no answer now",
        );
        return replay_or(&state, &answer, closed).await;
    }
    let valid = match surveys::check_answer(&request, &survey) {
        Ok(valid) => valid,
        Err(errors) => return replay_or(&state, &answer, AppError::invalid_fields(errors)).await,
    };
    if let Some(reason) = crate::webinars::suspicion(&request.website, request.fill_ms) {
        // Nothing kept, and a normal-looking answer: nothing tells a bot it was caught.
        tracing::warn!(site = %site.id, survey = %survey.id, reason, "suspected automated answer");
        super::auth::limits(&state, answer.limits).await?;
        return Ok(answered(false));
    }
    answer.answers = valid.answers;
    answer.email = valid.email;
    match state.store.answer_survey(answer).await? {
        SurveyAnswered::Created => Ok(answered(false)),
        SurveyAnswered::Replaced => Ok(answered(true)),
        SurveyAnswered::Replayed { replaced } => Ok(answered(replaced)),
        SurveyAnswered::RateLimited { retry_after } => Err(super::auth::rate_limited(retry_after)),
    }
}
