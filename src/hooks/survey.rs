//! A questionnaire: loaded with the reader's own answers, and the reader's answers sent, with
//! the same automatic retries and idempotency key as a webinar sign-up.

use std::rc::Rc;

use kiosque_protocol::{ErrorCode, Survey};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{sent_with_retries, Endpoint};
use crate::api::{self, Credentials, FetchError};
use crate::host_events::WidgetEvent;
use crate::identity;
use crate::state::{Failure, SurveyAction, SurveyForm, SurveyPhase};

pub struct SurveyData {
    /// The survey as loaded (`None` while loading).
    pub loaded: UseStateHandle<Option<Result<Rc<Survey>, FetchError>>>,
    pub form: UseReducerHandle<SurveyForm>,
    /// Load the survey again after a failure.
    pub retry: Callback<MouseEvent>,
    /// Send the answers (checked here first).
    pub submit: Callback<()>,
}

#[hook]
pub fn use_survey(survey: &AttrValue) -> SurveyData {
    let endpoint = use_context::<Endpoint>();
    let loaded = use_state(|| None);
    let attempt = use_state(|| 0u32);
    let form = use_reducer(SurveyForm::default);
    {
        let (loaded, form, endpoint) = (loaded.clone(), form.dispatcher(), endpoint.clone());
        use_effect_with((survey.clone(), *attempt), move |(survey, _)| {
            let survey = survey.clone();
            if let Some(e) = endpoint {
                loaded.set(None);
                spawn_local(async move {
                    let answer =
                        api::survey(&e.api, &e.site, &survey, &credentials(&e), e.timeout_ms).await;
                    e.events.emit(match &answer {
                        Ok(_) => WidgetEvent::Ready,
                        Err(err) => WidgetEvent::Error { code: err.code() },
                    });
                    if let Ok(s) = &answer {
                        let now = js_sys::Date::now();
                        let earlier = s.your_answers.clone();
                        form.dispatch(SurveyAction::Start(s.questions.clone(), earlier, now));
                    }
                    loaded.set(Some(answer.map(Rc::new)));
                });
            }
        });
    }
    let retry = Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1));
    let submit = {
        let (form, loaded) = (form.clone(), loaded.clone());
        Callback::from(move |()| {
            let (Some(Ok(survey)), Some(endpoint)) = (&*loaded, &endpoint) else {
                return;
            };
            if form.phase == SurveyPhase::Sending {
                return;
            }
            let errors = form.check(survey);
            if !errors.is_empty() {
                return form.dispatch(SurveyAction::Invalid(errors));
            }
            let Some(key) = form.key.clone().or_else(identity::new_id) else {
                return form.dispatch(SurveyAction::Answered(Err(Failure::Network)));
            };
            let request = form.request(survey, js_sys::Date::now());
            form.dispatch(SurveyAction::Sending(key.clone()));
            let (dispatcher, endpoint, id) =
                (form.dispatcher(), endpoint.clone(), survey.id.clone());
            spawn_local(async move {
                let credentials = Credentials {
                    idempotency_key: Some(key),
                    ..credentials(&endpoint)
                };
                let send = || {
                    api::answer_survey(
                        &endpoint.api,
                        &endpoint.site,
                        &id,
                        &request,
                        &credentials,
                        endpoint.timeout_ms,
                    )
                };
                let answer = sent_with_retries(send).await;
                let (action, event) = match answer {
                    Ok(r) => (
                        SurveyAction::Answered(Ok(r.replaced)),
                        Some(WidgetEvent::SurveyAnswered {
                            survey: id,
                            replaced: r.replaced,
                        }),
                    ),
                    // Mistakes the reader corrects: no event.
                    Err(FetchError::Invalid(fields)) => (SurveyAction::Invalid(fields), None),
                    Err(err) => {
                        let failure = failure(&err);
                        let code = event_code(failure);
                        (
                            SurveyAction::Answered(Err(failure)),
                            Some(WidgetEvent::SurveyFailed { survey: id, code }),
                        )
                    }
                };
                dispatcher.dispatch(action);
                if let Some(event) = event {
                    endpoint.events.emit(event);
                }
            });
        })
    };
    SurveyData {
        loaded,
        form,
        retry,
        submit,
    }
}

/// The reader (one answer each) and the placeholder's language.
fn credentials(e: &Endpoint) -> Credentials {
    Credentials {
        reader_id: identity::reader_id(&e.site),
        lang: Some(e.lang),
        ..Credentials::default()
    }
}

/// What a failed answer means for the form (field errors aside).
fn failure(err: &FetchError) -> Failure {
    match err {
        FetchError::Network | FetchError::Timeout => Failure::Network,
        FetchError::Api { code, .. } => match code {
            ErrorCode::SurveyNotOpen | ErrorCode::SurveyNotFound => Failure::Closed,
            ErrorCode::RateLimited => Failure::RateLimited,
            _ => Failure::Server,
        },
        FetchError::Invalid(_) | FetchError::Decode => Failure::Server,
    }
}

/// The code `kiosque:survey-failed` carries: a closed survey is the survey's own code, the
/// others are the forms' (`Failure::code`).
fn event_code(failure: Failure) -> &'static str {
    match failure {
        Failure::Closed => "survey_not_open",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_answers_become_failures() {
        let api = |code| FetchError::Api { status: 409, code };
        assert_eq!(failure(&api(ErrorCode::SurveyNotOpen)), Failure::Closed);
        assert_eq!(failure(&api(ErrorCode::RateLimited)), Failure::RateLimited);
        assert_eq!(failure(&api(ErrorCode::Internal)), Failure::Server);
        assert_eq!(failure(&FetchError::Timeout), Failure::Network);
    }

    #[test]
    fn the_failure_event_names_a_closed_survey_so() {
        assert_eq!(event_code(Failure::Closed), "survey_not_open");
        assert_eq!(event_code(Failure::Network), Failure::Network.code());
        assert_eq!(
            event_code(Failure::RateLimited),
            Failure::RateLimited.code()
        );
    }
}
