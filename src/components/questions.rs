//! The marketer's questions as form fields, and the pieces every Kiosque form is made of (a
//! label, its input, the message tied to it): shared by the webinar sign-up and the
//! questionnaire.

use kiosque_protocol::{Answer, Question, QuestionKind};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{Text, Texts};
use crate::state::{answer_field, AnswerAction};

/// After a refusal the focus goes to the first wrong field of `root`; once `done`, to the
/// message that says so (`.kq-done`).
#[hook]
pub fn use_form_focus(root: &NodeRef, refusals: u32, done: bool) {
    let root = root.clone();
    use_effect_with((refusals, done), move |(refusals, done)| {
        let selector = match (refusals, done) {
            (_, true) => ".kq-done",
            (0, false) => return,
            _ => "[aria-invalid=\"true\"]",
        };
        if let Some(root) = root.cast::<web_sys::Element>() {
            if let Ok(Some(target)) = root.query_selector(selector) {
                let _ = target.unchecked_into::<HtmlElement>().focus();
            }
        }
    });
}

/// The end of a form: the field people never see (bots fill it), why the last sending
/// failed if it did, and the button.
pub fn form_end(
    t: &Texts,
    website: &str,
    honeypot: Callback<InputEvent>,
    failure: Option<&str>,
    sending: bool,
    label: &str,
) -> Html {
    html! {
        <>
            <div class="kq-hp" aria-hidden="true">
                <label for="kq-w-website">{ t.get(Text::Honeypot) }</label>
                <input id="kq-w-website" name="website" type="text" tabindex="-1" autocomplete="off"
                    value={website.to_owned()} oninput={honeypot} />
            </div>
            if let Some(failure) = failure {
                <p class="kq-field-error" role="alert">{ failure }</p>
            }
            <div class="kq-actions">
                <button type="submit" class="kq-button" disabled={sending} aria-busy={sending.to_string()}>
                    { if sending { t.get(Text::Sending) } else { label } }
                </button>
            </div>
        </>
    }
}

/// A placeholder waiting for its data (`label`, for screen readers), or that could not get it
/// (`message`, the placeholder's own content first, and a button to try again).
pub fn loading(label: &str) -> Html {
    html! {
        <div class="kq-loading" role="status" aria-busy="true">
            <span class="kq-sr">{ label }</span>
            <div class="kq-skeleton" aria-hidden="true"></div>
            <div class="kq-skeleton kq-skeleton-short" aria-hidden="true"></div>
        </div>
    }
}

pub fn load_failed(message: &str, retry: Callback<MouseEvent>, t: &Texts) -> Html {
    html! {
        <div class="kq-error" role="alert">
            <slot><p>{ message }</p></slot>
            <button type="button" class="kq-button kq-button-secondary" onclick={retry}>
                { t.get(Text::Retry) }
            </button>
        </div>
    }
}

/// A question of the marketer's: a text box or area, radio buttons (a single choice, a 1–5
/// scale), checkboxes, or one checkbox; `on` gets what the reader does.
pub fn question(
    answer: &Answer,
    i: usize,
    q: &Question,
    error: Option<&str>,
    on: &Callback<AnswerAction>,
) -> Html {
    let name = answer_field(&q.id);
    match q.kind {
        QuestionKind::ShortText => {
            let oninput = on.reform(move |e: InputEvent| {
                AnswerAction::Text(i, e.target_unchecked_into::<HtmlInputElement>().value())
            });
            let input = html! {
                <input id={format!("kq-w-{name}")} name={name.clone()} type="text" {oninput}
                    value={answer.text.clone().unwrap_or_default()} required={q.required}
                    aria-invalid={invalid(error)} aria-describedby={described(&name, error)} />
            };
            labelled(&name, &q.label, q.required, false, input, error)
        }
        QuestionKind::LongText => {
            let oninput = on.reform(move |e: InputEvent| {
                AnswerAction::Text(i, e.target_unchecked_into::<HtmlTextAreaElement>().value())
            });
            let input = html! {
                <textarea id={format!("kq-w-{name}")} name={name.clone()} rows="5" {oninput}
                    value={answer.text.clone().unwrap_or_default()} required={q.required}
                    aria-invalid={invalid(error)} aria-describedby={described(&name, error)} />
            };
            labelled(&name, &q.label, q.required, false, input, error)
        }
        QuestionKind::Checkbox => {
            let onchange = on.reform(move |e: Event| {
                AnswerAction::Checked(i, e.target_unchecked_into::<HtmlInputElement>().checked())
            });
            let input = html! {
                <input id={format!("kq-w-{name}")} name={name.clone()} type="checkbox" {onchange}
                    checked={answer.checked == Some(true)} required={q.required}
                    aria-invalid={invalid(error)} aria-describedby={described(&name, error)} />
            };
            labelled(&name, &q.label, q.required, true, input, error)
        }
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::Scale => {
            let kind = q.kind;
            let single = kind != QuestionKind::MultipleChoice;
            // A scale's options are its numbers, one to five (no number formatting or parsing
            // in the widget: it would weigh more than the whole question).
            let choices: &[String] = &q.choices;
            let options: Vec<&str> = match kind {
                QuestionKind::Scale => vec!["1", "2", "3", "4", "5"],
                _ => choices.iter().map(String::as_str).collect(),
            };
            let options = options.into_iter().enumerate().map(|(j, choice)| {
                let checked = match kind {
                    QuestionKind::Scale => answer.scale == Some(j as u8 + 1),
                    _ => answer.choices.iter().any(|c| c == choice),
                };
                let onchange = {
                    let choice = choice.to_owned();
                    on.reform(move |e: Event| match kind {
                        QuestionKind::Scale => AnswerAction::Scale(i, j as u8 + 1),
                        QuestionKind::SingleChoice => AnswerAction::One(i, choice.clone()),
                        _ => AnswerAction::Choice(
                            i,
                            choice.clone(),
                            e.target_unchecked_into::<HtmlInputElement>().checked(),
                        ),
                    })
                };
                let id = format!("kq-w-{name}-{j}");
                html! {
                    <div class="kq-choice">
                        <input id={id.clone()} name={name.clone()} {onchange}
                            type={if single { "radio" } else { "checkbox" }}
                            {checked} required={single && q.required}
                            aria-invalid={invalid(error)} aria-describedby={described(&name, error)} />
                        <label for={id}>{ choice }</label>
                    </div>
                }
            });
            html! {
                <fieldset class={if kind == QuestionKind::Scale { "kq-fieldset kq-scale" } else { "kq-fieldset" }}>
                    <legend>{ &q.label }{ required_mark(q.required) }</legend>
                    { for options }
                    { error_message(&name, error) }
                </fieldset>
            }
        }
    }
}

pub fn invalid(error: Option<&str>) -> Option<&'static str> {
    error.map(|_| "true")
}

/// Ties a wrong input to its message.
pub fn described(name: &str, error: Option<&str>) -> Option<String> {
    error.map(|_| format!("kq-w-{name}-error"))
}

/// A label, its input (a checkbox comes first) and the message tied to it.
pub fn labelled(
    name: &str,
    label: &str,
    required: bool,
    checkbox: bool,
    input: Html,
    error: Option<&str>,
) -> Html {
    html! {
        <div class={classes!("kq-field", checkbox.then_some("kq-check"))}>
            if checkbox {
                { input }
                <label for={format!("kq-w-{name}")}>{ label }{ required_mark(required) }</label>
            } else {
                <label for={format!("kq-w-{name}")}>{ label }{ required_mark(required) }</label>
                { input }
            }
            { error_message(name, error) }
        </div>
    }
}

pub fn required_mark(required: bool) -> Html {
    if required {
        html! { <span aria-hidden="true">{ " *" }</span> }
    } else {
        Html::default()
    }
}

pub fn error_message(name: &str, error: Option<&str>) -> Html {
    match error {
        Some(message) => html! {
            <p id={format!("kq-w-{name}-error")} class="kq-field-error">{ message }</p>
        },
        None => Html::default(),
    }
}
