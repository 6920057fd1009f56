//! A webinar series: its sessions loaded, and the sign-up form's submission, with its automatic
//! retries and its idempotency key.

use std::rc::Rc;

use kiosque_protocol::{ErrorCode, RegistrationStatus, WebinarSeries};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{page_url, sent_with_retries, Endpoint};
use crate::api::{self, FetchError};
use crate::host_events::WidgetEvent;
use crate::identity;
use crate::state::{Failure, FormAction, FormPhase, WebinarForm};

/// The series as loaded (`None` while loading); a sign-up's answer updates its seats left.
pub type Loaded = UseStateHandle<Option<Result<Rc<WebinarSeries>, FetchError>>>;

pub struct WebinarData {
    /// Stays `None` outside a placeholder, where there is no backend to ask.
    pub loaded: Loaded,
    /// The sign-up form, which follows the reader from one session to another.
    pub form: UseReducerHandle<WebinarForm>,
    /// Load the series again after a failure.
    pub retry: Callback<MouseEvent>,
    /// Send the form for the session with this id (checked here first).
    pub submit: Callback<String>,
}

#[hook]
pub fn use_webinar(series: &AttrValue) -> WebinarData {
    let endpoint = use_context::<Endpoint>();
    let loaded: Loaded = use_state(|| None);
    let attempt = use_state(|| 0u32);
    let form = use_reducer(WebinarForm::default);
    {
        let (loaded, form, endpoint) = (loaded.clone(), form.dispatcher(), endpoint.clone());
        use_effect_with((series.clone(), *attempt), move |(series, _)| {
            let series = series.clone();
            if let Some(e) = endpoint {
                loaded.set(None);
                spawn_local(async move {
                    let answer =
                        api::webinar_series(&e.api, &e.site, &series, e.lang, e.timeout_ms).await;
                    e.events.emit(match &answer {
                        Ok(_) => WidgetEvent::Ready,
                        Err(err) => WidgetEvent::Error { code: err.code() },
                    });
                    if let Ok(series) = &answer {
                        let now = js_sys::Date::now();
                        form.dispatch(FormAction::Start(series.questions.clone(), now));
                    }
                    loaded.set(Some(answer.map(Rc::new)));
                });
            }
        });
    }
    let retry = Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1));
    let submit = {
        let (form, loaded, endpoint) = (form.clone(), loaded.clone(), endpoint.clone());
        Callback::from(move |session: String| {
            let (Some(Ok(series)), Some(endpoint)) = (&*loaded, &endpoint) else {
                return;
            };
            if form.phase == FormPhase::Sending {
                return;
            }
            let errors = form.check(&series.questions);
            if !errors.is_empty() {
                return form.dispatch(FormAction::Invalid(errors));
            }
            let Some(key) = form.key.clone().or_else(identity::new_id) else {
                return form.dispatch(FormAction::Answered(Err(Failure::Network)));
            };
            let request = form.request(series, page_url(), js_sys::Date::now());
            form.dispatch(FormAction::Sending(key.clone()));
            let (dispatcher, endpoint) = (form.dispatcher(), endpoint.clone());
            let shown = series.clone();
            let series = series.id.clone();
            let loaded = loaded.clone();
            spawn_local(async move {
                let (api, site, timeout) = (&endpoint.api, &endpoint.site, endpoint.timeout_ms);
                let lang = endpoint.lang;
                let answer = sent_with_retries(|| {
                    api::register(api, site, &session, &request, &key, lang, timeout)
                })
                .await;
                if let Ok(r) = &answer {
                    // The seats the server says are left now, in place of the loaded ones.
                    let mut now = (*shown).clone();
                    for s in now.sessions.iter_mut().filter(|s| s.id == session) {
                        s.seats_left = r.seats_left;
                    }
                    loaded.set(Some(Ok(Rc::new(now))));
                }
                let (action, event) = match answer {
                    Ok(r) if r.status == RegistrationStatus::Waitlisted => (
                        FormAction::Answered(Ok(r.status)),
                        Some(WidgetEvent::WebinarWaitlisted { series, session }),
                    ),
                    Ok(r) => (
                        FormAction::Answered(Ok(r.status)),
                        Some(WidgetEvent::WebinarRegistered {
                            series,
                            session,
                            status: r.status.as_str(),
                        }),
                    ),
                    // Mistakes the reader corrects: no event.
                    Err(FetchError::Invalid(fields)) => (FormAction::Invalid(fields), None),
                    Err(err) => {
                        let failure = failure(&err);
                        (
                            FormAction::Answered(Err(failure)),
                            Some(WidgetEvent::WebinarFailed {
                                series,
                                session,
                                code: failure.code(),
                            }),
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
    WebinarData {
        loaded,
        form,
        retry,
        submit,
    }
}

/// What a failed sign-up means for the form (field errors aside).
fn failure(err: &FetchError) -> Failure {
    match err {
        FetchError::Network | FetchError::Timeout => Failure::Network,
        FetchError::Api { code, .. } => match code {
            ErrorCode::SessionFull => Failure::Full,
            ErrorCode::RegistrationClosed | ErrorCode::SessionNotFound => Failure::Closed,
            ErrorCode::RateLimited => Failure::RateLimited,
            _ => Failure::Server,
        },
        FetchError::Invalid(_) | FetchError::Decode => Failure::Server,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_answers_become_failures() {
        let api = |code| FetchError::Api { status: 409, code };
        assert_eq!(failure(&api(ErrorCode::SessionFull)), Failure::Full);
        assert_eq!(
            failure(&api(ErrorCode::RegistrationClosed)),
            Failure::Closed
        );
        assert_eq!(failure(&api(ErrorCode::SessionNotFound)), Failure::Closed);
        assert_eq!(failure(&api(ErrorCode::RateLimited)), Failure::RateLimited);
        assert_eq!(failure(&api(ErrorCode::Internal)), Failure::Server);
        assert_eq!(failure(&FetchError::Timeout), Failure::Network);
        assert_eq!(failure(&FetchError::Decode), Failure::Server);
    }
}
