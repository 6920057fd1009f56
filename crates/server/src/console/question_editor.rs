//! The question editor the webinar series and the questionnaires share: each question a row
//! of fields (`q{i}_id`, `q{i}_label`, `q{i}_kind`, `q{i}_required`, `q{i}_choices`), with
//! empty rows under them to add questions, read back in order; an error's field in the API's
//! terms (`questions.1.label`) mapped back to its row's field.

use kiosque_protocol::{Question, QuestionKind};
use maud::{html, Markup, PreEscaped};

use super::phrases::Phrase;
use super::{Choices, Errors, Fields, Input, Lang};

/// Empty question rows under the series' own, to add questions.
const EMPTY_QUESTIONS: usize = 3;
/// Question rows read back at most.
const MAX_QUESTIONS: usize = 50;

const KINDS: [(QuestionKind, Phrase); 6] = [
    (QuestionKind::ShortText, Phrase::ShortText),
    (QuestionKind::SingleChoice, Phrase::SingleChoice),
    (QuestionKind::MultipleChoice, Phrase::MultipleChoice),
    (QuestionKind::Checkbox, Phrase::Checkbox),
    (QuestionKind::Scale, Phrase::ScaleOneToFive),
    (QuestionKind::LongText, Phrase::LongText),
];

pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(super) fn checkbox(name: &str, label: &str, checked: bool) -> Markup {
    html! {
        div.field { div.choice {
            input type="checkbox" id=(name) name=(name) value="1" checked[checked];
            label for=(name) { (label) }
        } }
    }
}

/// The fieldset of question row `i` (`q{i}_id`, `q{i}_label`, …); `blank`: a row to add one.
fn question_fields(i: usize, q: &Question, blank: bool, lang: Lang, errors: &Errors) -> Markup {
    let field = |name: &str| format!("q{i}_{name}");
    let options: Vec<(String, String)> = KINDS
        .iter()
        .map(|(k, label)| (k.as_str().to_owned(), lang.say(*label).to_owned()))
        .collect();
    let selected = [q.kind.as_str().to_owned()];
    let kind = Choices {
        name: &field("kind"),
        legend: lang.say(Phrase::KindOfAnswer),
        hint: "",
        multiple: false,
        options: &options,
        selected: &selected,
        empty: "",
    }
    .render(lang, errors);
    let choices = q.choices.join("\n");
    // The form helpers' HTML is escaped by them (forms.rs).
    html! {
        fieldset {
            legend { (lang.say(Phrase::Question)) " " (i + 1) }
            @if blank { p.hint { (lang.say(Phrase::LeaveEmptyToAddNo)) } }
            (PreEscaped(Input::new(&field("id"), lang.say(Phrase::IdLettersDigitsAnd))
                .value(&q.id)
                .render(lang, errors)))
            (PreEscaped(Input::new(&field("label"), lang.say(Phrase::Label))
                .value(&q.label)
                .render(lang, errors)))
            (PreEscaped(kind))
            (checkbox(&field("required"), lang.say(Phrase::AnswerRequired), q.required))
            (PreEscaped(Input::new(&field("choices"), lang.say(Phrase::ChoicesOnePerLine))
                .kind("textarea")
                .value(&choices)
                .hint(lang.say(Phrase::ForSingleAndMultiple))
                .render(lang, errors)))
        }
    }
}

/// The questions' rows, and empty ones under them to add questions.
pub(super) fn question_rows(questions: &[Question], lang: Lang, errors: &Errors) -> Markup {
    let empty = Question {
        id: String::new(),
        label: String::new(),
        kind: QuestionKind::ShortText,
        required: false,
        choices: vec![],
    };
    html! {
        @for i in 0..questions.len() + EMPTY_QUESTIONS {
            @let q = questions.get(i);
            (question_fields(i, q.unwrap_or(&empty), q.is_none(), lang, errors))
        }
    }
}

/// Reads the question rows back: the questions (rows left empty skipped), and for each the row
/// it came from.
pub(super) fn parse_questions(fields: &Fields) -> (Vec<Question>, Vec<usize>) {
    let mut questions = Vec::new();
    let mut rows = Vec::new();
    for i in 0..MAX_QUESTIONS {
        let f = |name: &str| fields.text(&format!("q{i}_{name}"));
        if f("id").is_empty() && f("label").is_empty() && f("choices").is_empty() {
            continue;
        }
        questions.push(Question {
            id: f("id"),
            label: f("label"),
            kind: QuestionKind::from_wire(&f("kind")).unwrap_or(QuestionKind::ShortText),
            required: !f("required").is_empty(),
            choices: lines(fields.raw(&format!("q{i}_choices"))),
        });
        rows.push(i);
    }
    (questions, rows)
}

/// The editor's field of an error's field (`questions.1.label` → `q3_label`): `rows` maps
/// the questions read back to the rows they came from.
pub(super) fn question_field(rows: &[usize]) -> impl Fn(&str) -> Option<String> + '_ {
    |field| match field.split('.').collect::<Vec<_>>()[..] {
        ["questions", i, name] => i
            .parse::<usize>()
            .ok()
            .and_then(|i| rows.get(i))
            .map(|row| format!("q{row}_{name}")),
        [name] => Some(name.to_owned()),
        _ => None,
    }
}
