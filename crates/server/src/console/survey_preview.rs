//! Preview of a questionnaire before it is saved: the real widget, on desktop and phone
//! widths, showing the typed title, introduction, questions, dates and consent, fed by a
//! preview API that answers as the public one would (with the saved survey's answers for its
//! results). The typed survey travels in the preview API's path (base64url JSON), so nothing
//! is stored, and the preview API has no answer route: nothing is answered from a preview.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use kiosque_protocol::SurveyInput;
use maud::{html, PreEscaped};

use super::phrases::Phrase;
use super::question_editor::question_field;
use super::surveys::{base, parse, survey_form, survey_of};
use super::webinars::add_errors;
use super::widget_frame::{
    decode_draft, encode_draft, frame_pair, live_previews, preview_frame, preview_page, Placeholder,
};
use super::{ConsoleError, ConsoleForm, ConsoleUser, Errors};
use crate::AppState;

/// `POST /admin/sites/{site}/questionnaires/{survey}/apercu`: the editor again, with the typed
/// questionnaire in the real widget under it, or its errors.
pub async fn preview(
    State(state): State<AppState>,
    Path((site, id)): Path<(String, String)>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    survey_of(&state, &user, &site, &id).await?;
    let lang = user.lang;
    let (input, rows) = parse(&fields);
    let series_known = match &input.series {
        Some(series) => state.store.series(&site, series).await?.is_some(),
        None => true,
    };
    let mut errors = Errors::default();
    let frames = match crate::surveys::check(&input, series_known) {
        Ok(_) => {
            let encoded = encode_draft(&input, lang)?;
            // `frame_pair` escapes the address (`id`: a stored survey's, `encoded`: base64url).
            frame_pair(&format!("{}/{id}/cadre/{encoded}", base(&site)), lang, "")
        }
        Err(found) => {
            add_errors(&mut errors, &found, lang, question_field(&rows));
            String::new()
        }
    };
    let series = state.store.series_list(&site).await?;
    let main = html! {
        (survey_form(&user, &site, Some(&id), "", &input, &series, &errors))
        // Built by `widget_frame::frame_pair`, which escapes what it puts in.
        (live_previews(lang, PreEscaped(frames)))
    };
    let title = lang.say(Phrase::QuestionnairePreview);
    Ok(preview_page(&user, title, &errors, &main.into_string()))
}

/// `GET …/questionnaires/{survey}/cadre/{typed}`: the questionnaire in the real widget.
pub async fn frame(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id, encoded)): Path<(String, String, String)>,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    decode_draft::<SurveyInput>(&encoded, user.lang)?;
    let frame = format!("{}/{id}/cadre/{encoded}", base(&site));
    let title = user.lang.say(Phrase::PreviewHeading);
    preview_frame(
        &state,
        &user,
        &site,
        title,
        &frame,
        Placeholder::Survey(&id),
    )
    .await
}

/// `GET …/cadre/{typed}/api/v1/sites/{site}/surveys/{survey}`: the public answer for the typed
/// questionnaire, as a reader who has not answered gets it now.
pub async fn api_survey(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(params): Path<HashMap<String, String>>,
) -> Result<Response, ConsoleError> {
    let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    let (site, id) = (param("site"), param("survey"));
    let saved = survey_of(&state, &user, site, id).await?;
    let typed: SurveyInput = decode_draft(param("typed"), user.lang)?;
    let at = crate::surveys::check(&typed, true)
        .map_err(|_| ConsoleError::Status(axum::http::StatusCode::BAD_REQUEST, user.lang))?;
    let row = crate::surveys::typed_row(&saved, &typed, at);
    let now = Utc::now().timestamp();
    let counted = crate::surveys::Counted::Now;
    let view = crate::surveys::survey_view(&state.store, site, &row, None, now, counted).await?;
    Ok(axum::Json(view).into_response())
}
