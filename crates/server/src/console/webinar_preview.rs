//! Preview of a series' sign-up form before it is saved: the real widget, on desktop and phone
//! widths, showing the series' sessions with the typed title, description, questions and
//! opt-in, fed by a preview API that answers like the public one. As for the paywall, the
//! typed series travels in the preview API's path (base64url JSON), so nothing is stored.
//! The preview API has no registration route: nothing is registered from a preview.

use super::phrases::Phrase;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kiosque_protocol::SeriesInput;
use maud::{html, PreEscaped};

use super::question_editor::question_field;
use super::webinars::{add_errors, base};
use super::webinars_forms::{parse_series, series_form};
use super::widget_frame::{
    decode_draft, encode_draft, frame_pair, live_previews, preview_frame, preview_page, Placeholder,
};
use super::{ConsoleError, ConsoleForm, ConsoleUser, Errors};
use crate::webinars::validate_series;
use crate::AppState;

/// `POST /admin/sites/{site}/webinaires/series/{series}/apercu`: the editor again, with the
/// typed series in the real widget under it, or its errors.
pub async fn preview(
    State(state): State<AppState>,
    Path((site, id)): Path<(String, String)>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let lang = user.lang;
    let site = user.managed_site(&state, &site).await?;
    if state.store.series(&site.id, &id).await?.is_none() {
        return Err(ConsoleError::NotFound(lang));
    }
    let (input, rows) = parse_series(&fields);
    let mut errors = Errors::default();
    let frames = match validate_series(&input) {
        Ok(()) => {
            let encoded = encode_draft(&input, lang)?;
            // `frame_pair` escapes the address (`id`: a stored series', `encoded`: base64url).
            let src = format!("{}/series/{id}/cadre/{encoded}", base(&site.id));
            frame_pair(&src, lang, "")
        }
        Err(found) => {
            add_errors(&mut errors, &found, lang, question_field(&rows));
            String::new()
        }
    };
    let main = html! {
        (series_form(&user, &site.id, Some(&id), "", &input, &errors))
        // `frame_pair`'s HTML, every value in it escaped.
        (live_previews(lang, PreEscaped(frames)))
    }
    .into_string();
    let title = lang.say(Phrase::FormPreview);
    Ok(preview_page(&user, title, &errors, &main))
}

/// `GET …/webinaires/series/{series}/cadre/{typed}`: the series in the real widget.
pub async fn frame(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id, encoded)): Path<(String, String, String)>,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    decode_draft::<SeriesInput>(&encoded, user.lang)?;
    let frame = format!("/admin/sites/{site}/webinaires/series/{id}/cadre/{encoded}");
    let title = user.lang.say(Phrase::PreviewHeading);
    preview_frame(
        &state,
        &user,
        &site,
        title,
        &frame,
        Placeholder::Series(&id),
    )
    .await
}

/// `GET …/cadre/{typed}/api/v1/sites/{site}/webinars/{series}`: the public answer, with the
/// typed title, description, questions and opt-in.
pub async fn api_series(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id, encoded, _site_again, _id_again)): Path<(
        String,
        String,
        String,
        String,
        String,
    )>,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    let typed: SeriesInput = decode_draft(&encoded, user.lang)?;
    let row = user.managed_site(&state, &site).await?;
    let mut series =
        crate::webinars::series_view(&state.store, &row, &id, None, chrono::Utc::now())
            .await?
            .ok_or(ConsoleError::NotFound(user.lang))?;
    series.title = typed.title;
    series.description = typed.description;
    series.questions = typed.questions;
    series.double_opt_in = typed.double_opt_in;
    Ok(axum::Json(series).into_response())
}
