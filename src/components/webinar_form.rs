use kiosque_protocol::{WebinarSeries, WebinarSession};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::questions::{described, form_end, invalid, labelled, question};
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
    let answer = {
        let form = form.clone();
        Callback::from(move |action| form.dispatch(FormAction::Answer(action)))
    };
    let questions = series.questions.iter().enumerate().map(|(i, q)| {
        let error = error_of(&answer_field(&q.id));
        question(&form.answers[i], i, q, error, &answer)
    });
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
            { form_end(t, &form.website, honeypot, form.failure.map(|f| t.webinar_failure(f)), sending, label(session, t)) }
        </form>
    }
}
