//! A questionnaire's results and answers: `…/resultats`, a chart per question with its table
//! and every free answer; `…/reponses`, the answers one a row, filtered by a question's
//! answer; `…/reponses.csv`, the same for a spreadsheet.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use kiosque_protocol::{AdminSurveyAnswer, QuestionKind};
use maud::{html, Markup};
use serde::Deserialize;

use super::charts::{self, Step};
use super::phrases::Phrase;
use super::spreadsheets::{self, answer_cell, Separator};
use super::surveys::{base, state_label, survey_of};
use super::{page, ConsoleError, ConsoleUser, Errors, Lang};
use crate::store::{count_results, SurveyRow};
use crate::AppState;

fn links(site: &str, s: &SurveyRow, lang: Lang) -> Markup {
    let base = base(site);
    html! {
        p {
            a href=(base) { (lang.say(Phrase::AllQuestionnaires)) }
            " · " a href=(format!("{base}/{}", s.id)) { (lang.say(Phrase::Edit)) }
            " · " a href=(format!("{base}/{}/resultats", s.id)) { (lang.say(Phrase::Results)) }
            " · " a href=(format!("{base}/{}/reponses", s.id)) { (lang.say(Phrase::Answers)) }
        }
    }
}

/// Whether and since when readers see the results.
fn publication(s: &SurveyRow, lang: Lang) -> Markup {
    let when = s.results_from.as_deref().map(|t| t.replace('T', " "));
    let public = s.results_from_unix.map(|t| t <= Utc::now().timestamp());
    html! {
        p.notice {
            @match (public, when) {
                (Some(true), Some(when)) => { (lang.say(Phrase::ReadersSeeTheseResults)) " " (when) " (" (s.time_zone) ")." }
                (Some(false), Some(when)) => { (lang.say(Phrase::ReadersWillSeeThese)) " " (when) " (" (s.time_zone) ")." }
                _ => { (lang.say(Phrase::ReadersDoNotSee)) }
            }
        }
    }
}

/// `GET /admin/sites/{site}/questionnaires/{survey}/resultats`: counted now, not from the
/// readers' cache.
pub async fn results(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    let s = survey_of(&state, &user, &site, &id).await?;
    let lang = user.lang;
    let sets = state.store.survey_answer_sets(&site, &id).await?;
    let counted = count_results(&s.questions, &sets);
    let now = Utc::now().timestamp();
    let charts = counted.questions.iter().map(|q| {
        let checkbox = s
            .questions
            .iter()
            .any(|x| x.id == q.question && x.kind == QuestionKind::Checkbox);
        let steps: Vec<Step> = q
            .options
            .iter()
            .map(|o| Step {
                label: if checkbox {
                    lang.say(Phrase::BoxTicked)
                } else {
                    &o.option
                },
                count: u64::from(o.count),
                share: charts::share(u64::from(o.count), u64::from(q.answered), lang),
            })
            .collect();
        let title = format!(
            "{} ({})",
            q.label,
            lang.count(
                u64::from(q.answered),
                ("réponse", "réponses"),
                ("answer", "answers")
            )
        );
        charts::bars(
            &title,
            lang.say(Phrase::Answer),
            lang.say(Phrase::ShareOfThoseWho),
            &steps,
            lang,
        )
    });
    let texts: Vec<(&str, Vec<&str>)> = s
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::ShortText | QuestionKind::LongText))
        .map(|q| {
            let given = sets
                .iter()
                .flatten()
                .filter(|a| a.question == q.id)
                .filter_map(|a| a.text.as_deref())
                .collect();
            (q.label.as_str(), given)
        })
        .collect();
    let main = html! {
        (links(&site, &s, lang))
        p {
            (state_label(crate::surveys::state(&s, now), lang)) " · "
            (lang.count(sets.len() as u64, ("réponse", "réponses"), ("answer", "answers")))
        }
        (publication(&s, lang))
        @for chart in charts { (chart) }
        @if !texts.is_empty() {
            h2 { (lang.say(Phrase::FreeAnswers)) }
            @for (label, given) in &texts {
                h3 { (label) }
                @if given.is_empty() {
                    p { (lang.say(Phrase::NoFreeAnswerYet)) }
                } @else {
                    ul.free-answers { @for text in given { li { (text) } } }
                }
            }
        }
    };
    let title = format!("{} — {}", lang.say(Phrase::Results), s.title);
    Ok(page(&user, &title, &Errors::default(), &main.into_string()).into_response())
}

/// `?filtre=question:answer`: only the answers where that question (its id, which has no
/// colon) got that answer.
#[derive(Deserialize, Default)]
pub struct Filter {
    #[serde(default)]
    filtre: String,
}

/// The filter's choices: each option of each question that has options, as
/// `(question id, option, label)`.
fn filter_options(s: &SurveyRow, lang: Lang) -> Vec<(String, String, String)> {
    let counted = count_results(&s.questions, &[]);
    counted
        .questions
        .iter()
        .flat_map(|q| {
            // A checkbox's one option is "yes"; a choice may be called "yes" too.
            let checkbox = s
                .questions
                .iter()
                .any(|asked| asked.id == q.question && asked.kind == QuestionKind::Checkbox);
            q.options.iter().map(move |o| {
                let shown = if checkbox {
                    lang.say(Phrase::BoxTicked).to_owned()
                } else {
                    o.option.clone()
                };
                (
                    q.question.clone(),
                    o.option.clone(),
                    format!("{} : {shown}", q.label),
                )
            })
        })
        .collect()
}

/// Whether `answer` gave `option` to `question` (as `count_results` counts it).
fn matches(answer: &AdminSurveyAnswer, question: &str, option: &str) -> bool {
    answer.answers.iter().any(|a| {
        a.question == question
            && (a.choices.iter().any(|c| c == option)
                || a.scale.is_some_and(|n| n.to_string() == option)
                || (option == "yes" && a.checked == Some(true)))
    })
}

/// `GET /admin/sites/{site}/questionnaires/{survey}/reponses?filtre=`.
pub async fn answers(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id)): Path<(String, String)>,
    Query(filter): Query<Filter>,
) -> Result<Response, ConsoleError> {
    let s = survey_of(&state, &user, &site, &id).await?;
    let lang = user.lang;
    let all = state.store.survey_answers(&site, &id).await?;
    let chosen = filter.filtre.split_once(':');
    let shown: Vec<&AdminSurveyAnswer> = all
        .iter()
        .filter(|a| chosen.is_none_or(|(question, option)| matches(a, question, option)))
        .collect();
    let path = format!("{}/{}/reponses", base(&site), s.id);
    let local = |unix: i64| spreadsheets::local_time(unix, &s.time_zone);
    let main = html! {
        (links(&site, &s, lang))
        form method="get" action=(path) role="search" {
            div.field {
                label for="filtre" { (lang.say(Phrase::OnlyTheAnswersWhere)) }
                select id="filtre" name="filtre" {
                    option value="" { (lang.say(Phrase::AllFeminine)) }
                    @for (question, option, label) in filter_options(&s, lang) {
                        @let value = format!("{question}:{option}");
                        option value=(value) selected[value == filter.filtre] { (label) }
                    }
                }
            }
            button type="submit" { (lang.say(Phrase::Filter)) }
        }
        (spreadsheets::export_form(&format!("{path}.csv"), lang.say(Phrase::ExportTheAnswersCSV), lang))
        div.table-scroll tabindex="0" role="region" aria-label=(lang.say(Phrase::Answers)) { table {
            caption { (lang.count(shown.len() as u64, ("réponse", "réponses"), ("answer", "answers"))) }
            thead { tr {
                th scope="col" { (lang.say(Phrase::LastChanged)) }
                @if s.ask_email { th scope="col" { (lang.say(Phrase::EMail)) } }
                @for q in &s.questions { th scope="col" { (q.label) } }
            } }
            tbody { @for a in &shown {
                tr {
                    th scope="row" { (local(a.updated_at)) }
                    @if s.ask_email { td { (a.email.as_deref().unwrap_or("")) } }
                    @for q in &s.questions {
                        td { (answer_cell(a.answers.iter().find(|x| x.question == q.id), Some(q.kind), lang)) }
                    }
                }
            } }
        } }
    };
    let title = format!("{} — {}", lang.say(Phrase::Answers), s.title);
    Ok(page(&user, &title, &Errors::default(), &main.into_string()).into_response())
}

#[derive(Deserialize, Default)]
pub struct ExportOptions {
    #[serde(default)]
    separateur: String,
}

/// `GET /admin/sites/{site}/questionnaires/{survey}/reponses.csv?separateur=`.
pub async fn csv(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id)): Path<(String, String)>,
    Query(options): Query<ExportOptions>,
) -> Result<Response, ConsoleError> {
    let s = survey_of(&state, &user, &site, &id).await?;
    let answers = state.store.survey_answers(&site, &id).await?;
    let separator = Separator::parse(&options.separateur, user.lang);
    let file = spreadsheets::survey_answers_csv(&answers, &s, user.lang, separator)?;
    Ok(spreadsheets::csv_download(file, &s.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::Question;

    #[test]
    fn the_filter_says_box_ticked_for_a_checkbox_only() {
        let question = |id: &str, kind, choices: &[&str]| Question {
            id: id.into(),
            label: id.into(),
            kind,
            required: false,
            choices: choices.iter().map(|c| c.to_string()).collect(),
        };
        let survey = SurveyRow {
            id: "avis".into(),
            title: "Avis".into(),
            introduction: String::new(),
            questions: vec![
                question("accord", QuestionKind::SingleChoice, &["yes", "no"]),
                question("contact", QuestionKind::Checkbox, &[]),
            ],
            time_zone: "UTC".into(),
            opens_at: None,
            closes_at: None,
            results_from: None,
            opens_at_unix: None,
            closes_at_unix: None,
            results_from_unix: None,
            ask_email: false,
            email_consent: String::new(),
            email_consent_version: 0,
            results_note: String::new(),
            series_id: None,
        };
        let labels: Vec<String> = filter_options(&survey, Lang::En)
            .into_iter()
            .map(|(_, _, label)| label)
            .collect();
        let ticked = Lang::En.say(Phrase::BoxTicked);
        assert_eq!(
            labels,
            [
                "accord : yes",
                "accord : no",
                &format!("contact : {ticked}")
            ]
        );
    }
}
