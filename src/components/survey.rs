use kiosque_protocol::{QuestionKind, Survey, SurveyResults, SurveyState};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::questions::{
    described, form_end, invalid, labelled, load_failed, loading, question, use_form_focus,
};
use crate::api::FetchError;
use crate::hooks::{use_survey, SurveyData};
use crate::i18n::{Text, Texts};
use crate::state::{
    answer_field, SurveyAction, SurveyForm, SurveyPhase, SURVEY_CONSENT, SURVEY_EMAIL,
};

#[derive(Properties, PartialEq)]
pub struct SurveyProps {
    /// `data-survey`.
    pub survey: AttrValue,
    pub texts: Texts,
}

/// `data-kiosque="survey"`: a questionnaire's title and introduction, then, as it stands, when
/// it opens, its form (with the reader's earlier answers, to change), or that it is closed;
/// and its results once the marketer made them public. One component, the parts plain
/// functions, as the webinar's.
#[component]
pub fn SurveyPlaceholder(props: &SurveyProps) -> Html {
    let SurveyData {
        loaded,
        form,
        retry,
        submit,
    } = use_survey(&props.survey);
    let root = use_node_ref();
    use_form_focus(
        &root,
        form.refusals,
        matches!(form.phase, SurveyPhase::Done { .. }),
    );
    let t = &props.texts;
    let survey = match &*loaded {
        Some(Ok(survey)) => survey.clone(),
        None => return loading(t.get(Text::SurveyLoading)),
        Some(Err(err)) => {
            let message = match err {
                FetchError::Api { status: 404, .. } => t.get(Text::SurveyNotFound),
                _ => t.get(Text::SurveyLoadFailed),
            };
            return load_failed(message, retry, t);
        }
    };
    let when = |text: Text, at: &Option<String>| match at {
        Some(at) => t.fill(text, &[("date", &t.reader_date(at))]),
        None => String::new(),
    };
    let note = if !survey.results_note.is_empty() {
        survey.results_note.clone()
    } else if let Some(series) = &survey.series {
        t.fill(Text::SurveySeries, &[("title", &series.title)])
    } else {
        String::new()
    };
    let body = match survey.state {
        SurveyState::Upcoming => html! {
            <p class="kq-notice">{ when(Text::SurveyOpensOn, &survey.opens_at) }</p>
        },
        SurveyState::Closed => html! { <p class="kq-notice">{ t.get(Text::SurveyClosed) }</p> },
        SurveyState::Open => match form.phase {
            SurveyPhase::Done { replaced } => {
                let edit = form
                    .dispatcher()
                    .to_callback()
                    .reform(|_: MouseEvent| SurveyAction::Edit);
                html! {
                    <>
                        <p class="kq-done" role="status" tabindex="-1">
                            { t.get(if replaced { Text::SurveyUpdated } else { Text::SurveyThanks }) }
                        </p>
                        <button type="button" class="kq-button kq-button-secondary" onclick={edit}>
                            { t.get(Text::SurveyEdit) }
                        </button>
                    </>
                }
            }
            _ => html! {
                <>
                    if survey.closes_at.is_some() {
                        <p class="kq-hint">{ when(Text::SurveyClosesOn, &survey.closes_at) }</p>
                    }
                    { form_view(&form, &submit, &survey, t) }
                </>
            },
        },
    };
    html! {
        <section ref={root} class="kq-survey" aria-labelledby="kq-survey-title">
            <h2 class="kq-webinar-title" id="kq-survey-title">{ &survey.title }</h2>
            if !survey.introduction.is_empty() {
                <p class="kq-standfirst">{ &survey.introduction }</p>
            }
            if !note.is_empty() {
                <p class="kq-hint">{ note }</p>
            }
            { body }
            if let Some(results) = &survey.results {
                { results_view(results, &survey, t) }
            }
        </section>
    }
}

/// The questions, the address and its consent when asked, and the button.
fn form_view(
    form: &UseReducerHandle<SurveyForm>,
    submit: &Callback<()>,
    survey: &Survey,
    t: &Texts,
) -> Html {
    let onsubmit = submit.reform(|event: SubmitEvent| event.prevent_default());
    let error_of = |field: &str| {
        form.error(field).map(|code| match (field, code) {
            // The webinar's words ("to register") do not fit a questionnaire.
            (SURVEY_CONSENT, "consent_required") => t.get(Text::ErrorSurveyConsent),
            _ => t.field_error(code),
        })
    };
    let answer = form.dispatcher().to_callback().reform(SurveyAction::Answer);
    let questions = survey.questions.iter().enumerate().map(|(i, q)| {
        let error = error_of(&answer_field(&q.id));
        question(&form.answers[i], i, q, error, &answer)
    });
    let contact = match &survey.email_consent {
        Some(consent) => {
            let (email_error, consent_error) = (error_of(SURVEY_EMAIL), error_of(SURVEY_CONSENT));
            let oninput = form.dispatcher().to_callback().reform(|e: InputEvent| {
                SurveyAction::Email(e.target_unchecked_into::<HtmlInputElement>().value())
            });
            let onchange = form.dispatcher().to_callback().reform(|e: Event| {
                SurveyAction::Consent(e.target_unchecked_into::<HtmlInputElement>().checked())
            });
            let email = html! {
                <input id="kq-w-email" name="email" type="email" autocomplete="email" {oninput}
                    value={form.email.clone()} required=true
                    aria-invalid={invalid(email_error)} aria-describedby={described(SURVEY_EMAIL, email_error)} />
            };
            let tick = html! {
                <input id="kq-w-consent" name="consent" type="checkbox" checked={form.consent}
                    {onchange} required=true aria-invalid={invalid(consent_error)}
                    aria-describedby={described(SURVEY_CONSENT, consent_error)} />
            };
            html! {
                <>
                    { labelled(SURVEY_EMAIL, t.get(Text::Email), true, false, email, email_error) }
                    { labelled(SURVEY_CONSENT, &consent.text, true, true, tick, consent_error) }
                </>
            }
        }
        None => html! { <p class="kq-hint">{ t.get(Text::SurveyAnonymous) }</p> },
    };
    let honeypot = form.dispatcher().to_callback().reform(|e: InputEvent| {
        SurveyAction::Honeypot(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let sending = form.phase == SurveyPhase::Sending;
    let problems = form.errors.len();
    let label = if form.answered_before {
        Text::SurveyUpdate
    } else {
        Text::SurveySend
    };
    html! {
        <form class="kq-webinar-form kq-register kq-survey-form" novalidate=true {onsubmit} aria-label={survey.title.clone()}>
            if form.answered_before {
                <p class="kq-notice">{ t.get(Text::SurveyAnsweredBefore) }</p>
            }
            <p class="kq-legend">{ t.get(Text::RequiredLegend) }</p>
            if problems > 0 {
                <p class="kq-field-error" role="alert">{ t.form_has_errors(problems) }</p>
            }
            { for questions }
            { contact }
            { form_end(t, &form.website, honeypot, form.failure.map(|f| t.survey_failure(f)), sending, t.get(label)) }
        </form>
    }
}

/// Each choice question's shares, as text with a bar beside it (the bar is a `<meter>`:
/// no inline style, which a strict Content-Security-Policy would block).
fn results_view(results: &SurveyResults, survey: &Survey, t: &Texts) -> Html {
    let questions = results.questions.iter().map(|q| {
        let checkbox = survey
            .questions
            .iter()
            .any(|s| s.id == q.question && s.kind == QuestionKind::Checkbox);
        let options = q.options.iter().map(|o| {
            // Whole percents of those who answered the question (a multiple choice adds up to
            // more than 100).
            let percent = (u64::from(o.count) * 100 + u64::from(q.answered) / 2)
                .checked_div(u64::from(q.answered))
                .unwrap_or(0);
            let share = t.fill(
                Text::SurveyShare,
                &[("percent", &percent.to_string()), ("n", &o.count.to_string())],
            );
            html! {
                <li class="kq-result">
                    <span class="kq-result-option">
                        { if checkbox { t.get(Text::SurveyTicked) } else { &o.option } }
                    </span>
                    <meter min="0" max={q.answered.max(1).to_string()} value={o.count.to_string()} aria-hidden="true"></meter>
                    <span class="kq-result-share">{ share }</span>
                </li>
            }
        });
        html! {
            <div class="kq-result-question">
                <h4>{ &q.label }</h4>
                <ul class="kq-results-list">{ for options }</ul>
            </div>
        }
    });
    html! {
        <section class="kq-results" aria-labelledby="kq-results-title">
            <h3 id="kq-results-title">{ t.get(Text::SurveyResults) }</h3>
            <p class="kq-hint">{ t.survey_answers(results.answers) }</p>
            { for questions }
        </section>
    }
}
