//! The free account form's two requests: the code sent by e-mail, then the code checked.

use kiosque_protocol::{ErrorCode, LoginStart, LoginVerify, Session};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{page_url, Endpoint};
use crate::api::{self, FetchError};
use crate::identity;
use crate::state::{FormError, RegistrationAction, RegistrationState, Submit};

/// The form's state, and what a submit does (`None` outside a placeholder, where there is no
/// backend to ask). A checked code gives `on_signed_in` the new session.
#[hook]
pub fn use_sign_in(
    on_signed_in: &Callback<Session>,
) -> (
    UseReducerHandle<RegistrationState>,
    Option<Callback<SubmitEvent>>,
) {
    let endpoint = use_context::<Endpoint>();
    let state = use_reducer(RegistrationState::default);
    let onsubmit = endpoint.map(|endpoint| {
        let state = state.clone();
        let on_signed_in = on_signed_in.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if state.busy {
                return;
            }
            let request = match state.submit() {
                Ok(request) => request,
                Err(error) => return state.dispatch(RegistrationAction::Failed(error)),
            };
            state.dispatch(RegistrationAction::Submitting);
            let dispatcher = state.dispatcher();
            let endpoint = endpoint.clone();
            let on_signed_in = on_signed_in.clone();
            spawn_local(async move {
                let reader_id = identity::reader_id(&endpoint.site);
                let (api, site, timeout) = (&endpoint.api, &endpoint.site, endpoint.timeout_ms);
                let failed = |err: &FetchError| RegistrationAction::Failed(form_error(err));
                match request {
                    Submit::SendCode { email } => {
                        let body = LoginStart {
                            email,
                            return_url: page_url(),
                            reader_id,
                        };
                        match api::start_login(api, site, &body, timeout).await {
                            Ok(_) => dispatcher.dispatch(RegistrationAction::CodeSent),
                            Err(err) => dispatcher.dispatch(failed(&err)),
                        }
                    }
                    Submit::CheckCode { email, code } => {
                        let body = LoginVerify {
                            email: Some(email),
                            code: Some(code),
                            link_token: None,
                            reader_id,
                        };
                        match api::verify_login(api, site, &body, timeout).await {
                            Ok(session) => on_signed_in.emit(session),
                            Err(err) => dispatcher.dispatch(failed(&err)),
                        }
                    }
                }
            });
        })
    });
    (state, onsubmit)
}

/// What a failed request means for the form, as it tells the reader.
fn form_error(err: &FetchError) -> FormError {
    match err {
        FetchError::Network | FetchError::Timeout => FormError::Network,
        FetchError::Api { code, .. } => match code {
            ErrorCode::InvalidEmail => FormError::InvalidEmail,
            ErrorCode::InvalidCode => FormError::InvalidCode,
            ErrorCode::TooManyAttempts => FormError::TooManyAttempts,
            ErrorCode::RateLimited => FormError::RateLimited,
            _ => FormError::Server,
        },
        FetchError::Invalid(_) | FetchError::Decode => FormError::Server,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_codes_map_to_form_errors() {
        let api = |code| FetchError::Api { status: 400, code };
        assert_eq!(
            form_error(&api(ErrorCode::InvalidCode)),
            FormError::InvalidCode
        );
        assert_eq!(
            form_error(&api(ErrorCode::RateLimited)),
            FormError::RateLimited
        );
        assert_eq!(form_error(&api(ErrorCode::Internal)), FormError::Server);
        assert_eq!(form_error(&FetchError::Network), FormError::Network);
        assert_eq!(form_error(&FetchError::Timeout), FormError::Network);
    }
}
