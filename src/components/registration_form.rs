use kiosque_protocol::Session;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::hooks::use_sign_in;
use crate::i18n::{Text, Texts};
use crate::state::{RegistrationAction, Step};

#[derive(Properties, PartialEq)]
pub struct RegistrationFormProps {
    pub texts: Texts,
    /// Behind the subscription wall: `(articles, period_days)` a free account opens.
    /// `None`: this is the registration wall itself.
    #[prop_or_default]
    pub register_for: Option<(u32, u32)>,
    pub on_signed_in: Callback<Session>,
}

/// Create a free account or sign in: e-mail address, then the 6-digit code sent to it.
#[component]
pub fn RegistrationForm(props: &RegistrationFormProps) -> Html {
    let (state, onsubmit) = use_sign_in(&props.on_signed_in);
    let code_input = use_node_ref();
    {
        // Once the code is sent, the reader's next move is typing it.
        let code_input = code_input.clone();
        use_effect_with(state.step, move |step| {
            if *step == Step::Code {
                if let Some(input) = code_input.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        });
    }
    let Some(onsubmit) = onsubmit else {
        return Html::default();
    };
    let on_email = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(RegistrationAction::EmailInput(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let on_code = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(RegistrationAction::CodeInput(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let change_email = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(RegistrationAction::ChangeEmail))
    };

    let t = &props.texts;
    let error = state.error.map(|e| t.form_error(e));
    let invalid = error.is_some().then_some("true");
    let described = error.is_some().then_some("kq-form-error");
    html! {
        <form class="kq-register" novalidate=true {onsubmit} aria-labelledby="kq-register-title">
            <h2 class="kq-register-title" id="kq-register-title">
                { match props.register_for {
                    Some((n, days)) => t.register_for(n, days),
                    None => t.get(Text::RegisterTitle).to_owned(),
                } }
            </h2>
            if state.step == Step::Email {
                <label for="kq-email">{ t.get(Text::EmailLabel) }</label>
                <input id="kq-email" name="email" type="email" autocomplete="email" required=true
                    value={state.email.clone()} oninput={on_email}
                    aria-invalid={invalid} aria-describedby={described} />
            } else {
                <p class="kq-sent" role="status">{ t.fill(Text::CodeSent, &[("email", state.email.trim())]) }</p>
                <label for="kq-code">{ t.get(Text::CodeLabel) }</label>
                <input id="kq-code" name="code" ref={code_input} inputmode="numeric"
                    autocomplete="one-time-code" maxlength="9" required=true
                    value={state.code.clone()} oninput={on_code}
                    aria-invalid={invalid} aria-describedby={described} />
            }
            if let Some(message) = error {
                <p id="kq-form-error" class="kq-field-error" role="alert">{ message }</p>
            }
            <div class="kq-actions">
                <button type="submit" class="kq-button" disabled={state.busy} aria-busy={state.busy.to_string()}>
                    { if state.step == Step::Email { t.get(Text::SendCode) } else { t.get(Text::CheckCode) } }
                </button>
                if state.step == Step::Code {
                    <button type="button" class="kq-link" onclick={change_email}>{ t.get(Text::ChangeEmail) }</button>
                }
            </div>
        </form>
    }
}
