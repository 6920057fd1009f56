use kiosque_protocol::{Question, QuestionKind, WebinarSeries, WebinarSession};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::webinar::{can_register, label};
use crate::i18n::{Text, Texts};
use crate::state::{
    answer_field, Field, FormAction, FormPhase, WebinarForm, CONSENT_MARKETING, CONSENT_PROCESSING,
};

/// The sign-up form of one session: the reader's fields, the marketer's questions, the two
/// consents, checked here and on the server, every error tied to its field; or, once
/// registered, what happened.
pub fn form_view(
    form: &UseReducerHandle<WebinarForm>,
    submit: &Callback<String>,
    series: &WebinarSeries,
    session: &WebinarSession,
    t: &Texts,
) -> Html {
    if let FormPhase::Done(status) = form.phase {
        return html! {
            <p class="kq-done" role="status" tabindex="-1">{ t.registered(status) }</p>
        };
    }
    if !can_register(session) {
        return Html::default();
    }
    let onsubmit = {
        let (submit, session) = (submit.clone(), session.id.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            submit.emit(session.clone());
        })
    };

    let error_of = |field: &str| form.error(field).map(|code| t.field_error(code));
    let text_field = |field: Field, label: &str, autocomplete: &'static str| {
        let name = field.name();
        let required = matches!(field, Field::FirstName | Field::LastName | Field::Email);
        let oninput = {
            let form = form.clone();
            Callback::from(move |e: InputEvent| {
                let value = e.target_unchecked_into::<HtmlInputElement>().value();
                form.dispatch(FormAction::Input(field, value))
            })
        };
        let error = error_of(name);
        let input = html! {
            <input id={format!("kq-w-{name}")} {name} {autocomplete} {oninput}
                type={if field == Field::Email { "email" } else { "text" }}
                value={form.value(field).to_owned()} required={required}
                aria-invalid={invalid(error)} aria-describedby={described(name, error)} />
        };
        labelled(name, label, required, false, input, error)
    };
    let questions = series
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| question(form, i, q, error_of(&answer_field(&q.id))));
    let consent = |name: &'static str, text: &str, checked: bool, required: bool| {
        let onchange = {
            let form = form.clone();
            Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                form.dispatch(if name == CONSENT_PROCESSING {
                    FormAction::ConsentProcessing(on)
                } else {
                    FormAction::ConsentMarketing(on)
                })
            })
        };
        let error = error_of(name);
        let input = html! {
            <input id={format!("kq-w-{name}")} {name} type="checkbox" {checked} {onchange}
                required={required} aria-invalid={invalid(error)}
                aria-describedby={described(name, error)} />
        };
        labelled(name, text, required, true, input, error)
    };
    let honeypot = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            form.dispatch(FormAction::Honeypot(value))
        })
    };
    let sending = form.phase == FormPhase::Sending;
    let problems = form.errors.len();
    html! {
        <form class="kq-webinar-form kq-register" novalidate=true {onsubmit}
            aria-label={format!("{} : {}", t.get(Text::FormTitle), session.title)}>
            <p class="kq-legend">{ t.get(Text::RequiredLegend) }</p>
            if problems > 0 {
                <p class="kq-field-error" role="alert">{ t.form_has_errors(problems) }</p>
            }
            { text_field(Field::FirstName, t.get(Text::FirstName), "given-name") }
            { text_field(Field::LastName, t.get(Text::LastName), "family-name") }
            { text_field(Field::Email, t.get(Text::Email), "email") }
            { text_field(Field::Organisation, t.get(Text::Organisation), "organization") }
            { text_field(Field::JobTitle, t.get(Text::JobTitle), "organization-title") }
            { for questions }
            <fieldset class="kq-fieldset">
                <legend>{ t.get(Text::Consents) }</legend>
                { consent(CONSENT_PROCESSING, &series.consent_processing.text, form.consent_processing, true) }
                { consent(CONSENT_MARKETING, &series.consent_marketing.text, form.consent_marketing, false) }
            </fieldset>
            <div class="kq-hp" aria-hidden="true">
                <label for="kq-w-website">{ t.get(Text::Honeypot) }</label>
                <input id="kq-w-website" name="website" type="text" tabindex="-1" autocomplete="off"
                    value={form.website.clone()} oninput={honeypot} />
            </div>
            if let Some(failure) = form.failure {
                <p class="kq-field-error" role="alert">{ t.webinar_failure(failure) }</p>
            }
            <div class="kq-actions">
                <button type="submit" class="kq-button" disabled={sending} aria-busy={sending.to_string()}>
                    { if sending { t.get(Text::Sending) } else { label(session, t) } }
                </button>
            </div>
        </form>
    }
}

/// A question of the marketer's: a text box, radio buttons, checkboxes or one checkbox.
fn question(
    form: &UseReducerHandle<WebinarForm>,
    i: usize,
    q: &Question,
    error: Option<&str>,
) -> Html {
    let name = answer_field(&q.id);
    let answer = &form.answers[i];
    match q.kind {
        QuestionKind::ShortText => {
            let oninput = {
                let form = form.clone();
                Callback::from(move |e: InputEvent| {
                    let value = e.target_unchecked_into::<HtmlInputElement>().value();
                    form.dispatch(FormAction::AnswerText(i, value))
                })
            };
            let input = html! {
                <input id={format!("kq-w-{name}")} name={name.clone()} type="text" {oninput}
                    value={answer.text.clone().unwrap_or_default()} required={q.required}
                    aria-invalid={invalid(error)} aria-describedby={described(&name, error)} />
            };
            labelled(&name, &q.label, q.required, false, input, error)
        }
        QuestionKind::Checkbox => {
            let onchange = {
                let form = form.clone();
                Callback::from(move |e: Event| {
                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                    form.dispatch(FormAction::AnswerChecked(i, on))
                })
            };
            let input = html! {
                <input id={format!("kq-w-{name}")} name={name.clone()} type="checkbox" {onchange}
                    checked={answer.checked == Some(true)} required={q.required}
                    aria-invalid={invalid(error)} aria-describedby={described(&name, error)} />
            };
            labelled(&name, &q.label, q.required, true, input, error)
        }
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
            let single = q.kind == QuestionKind::SingleChoice;
            let options = q.choices.iter().enumerate().map(|(j, choice)| {
                let onchange = {
                    let (form, choice) = (form.clone(), choice.clone());
                    Callback::from(move |e: Event| {
                        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                        form.dispatch(if single {
                            FormAction::ChooseOne(i, choice.clone())
                        } else {
                            FormAction::AnswerChoice(i, choice.clone(), on)
                        })
                    })
                };
                let id = format!("kq-w-{name}-{j}");
                html! {
                    <div class="kq-choice">
                        <input id={id.clone()} name={name.clone()} {onchange}
                            type={if single { "radio" } else { "checkbox" }}
                            checked={answer.choices.contains(choice)} required={single && q.required}
                            aria-invalid={invalid(error)} aria-describedby={described(&name, error)} />
                        <label for={id}>{ choice }</label>
                    </div>
                }
            });
            html! {
                <fieldset class="kq-fieldset">
                    <legend>{ &q.label }{ required_mark(q.required) }</legend>
                    { for options }
                    { error_message(&name, error) }
                </fieldset>
            }
        }
    }
}

fn invalid(error: Option<&str>) -> Option<&'static str> {
    error.map(|_| "true")
}

/// Ties a wrong input to its message.
fn described(name: &str, error: Option<&str>) -> Option<String> {
    error.map(|_| format!("kq-w-{name}-error"))
}

/// A label, its input (a checkbox comes first) and the message tied to it.
fn labelled(
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

fn required_mark(required: bool) -> Html {
    if required {
        html! { <span aria-hidden="true">{ " *" }</span> }
    } else {
        Html::default()
    }
}

fn error_message(name: &str, error: Option<&str>) -> Html {
    match error {
        Some(message) => html! {
            <p id={format!("kq-w-{name}-error")} class="kq-field-error">{ message }</p>
        },
        None => Html::default(),
    }
}
