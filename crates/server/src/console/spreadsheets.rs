//! Exports a spreadsheet opens: a session's registrations and a questionnaire's answers, with
//! headers in the console's language, dates in the session's (the survey's) time zone, one
//! column per question, the consents with their versions, UTF-8 with a BOM (Excel reads UTF-8
//! only with one), and the separator the marketer's spreadsheet expects: `;` where the decimal
//! mark is a comma (French), else `,`.
//!
//! The admin API's CSV (`webinars::manage::registrations_csv`) is the machines' one and keeps
//! its stable English column names and Unix times.

use super::phrases::Phrase;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use kiosque_protocol::{AdminSurveyAnswer, Answer, Question, QuestionKind};
use maud::{html, Markup};

use super::webinars::registration_status;
use super::Lang;
use crate::store::{RegistrationRow, SeriesRow, SessionRow, SurveyRow};
use crate::webinars::manage::formula_safe;

/// The column separator, chosen in the export form (`?separateur=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    Semicolon,
    Comma,
}

impl Separator {
    /// The form's value (`point-virgule`, `virgule`); else the one the language's spreadsheets
    /// expect.
    pub fn parse(value: &str, lang: Lang) -> Separator {
        match value {
            "point-virgule" => Separator::Semicolon,
            "virgule" => Separator::Comma,
            _ => match lang {
                Lang::Fr => Separator::Semicolon,
                Lang::En => Separator::Comma,
            },
        }
    }

    pub fn value(self) -> &'static str {
        match self {
            Separator::Semicolon => "point-virgule",
            Separator::Comma => "virgule",
        }
    }

    fn byte(self) -> u8 {
        match self {
            Separator::Semicolon => b';',
            Separator::Comma => b',',
        }
    }
}

/// `2026-12-07 15:04:05` in `zone`: ISO 8601's date and time, with the space every spreadsheet
/// reads as a date (the zone is in the column's header, so cells stay plain dates).
pub(super) fn local_time(unix: i64, zone: &str) -> String {
    let at = DateTime::<Utc>::from_timestamp(unix, 0).unwrap_or_default();
    match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => at
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => at.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// An answer as one cell: the text, the choices joined, the number of a scale, or yes/no
/// for a checkbox (a box left unticked sends no answer: that is a no).
pub(super) fn answer_cell(
    answer: Option<&Answer>,
    kind: Option<QuestionKind>,
    lang: Lang,
) -> String {
    let ticked = answer.and_then(|a| a.checked);
    if kind == Some(QuestionKind::Checkbox) || ticked.is_some() {
        return if ticked == Some(true) {
            lang.say(Phrase::Yes)
        } else {
            lang.say(Phrase::No)
        }
        .to_owned();
    }
    match answer {
        Some(a) if !a.choices.is_empty() => a.choices.join(" | "),
        Some(Answer { scale: Some(n), .. }) => n.to_string(),
        Some(a) => a.text.clone().unwrap_or_default(),
        None => String::new(),
    }
}

/// The questions to give a column: the series' (survey's) own, then any that were answered
/// and are no longer asked (named by their id), so no answer is left out.
fn columns<'a>(
    asked: &[Question],
    answers: impl Iterator<Item = &'a Answer>,
) -> Vec<(String, String, Option<QuestionKind>)> {
    let mut columns: Vec<(String, String, Option<QuestionKind>)> = asked
        .iter()
        .map(|q| (q.id.clone(), q.label.clone(), Some(q.kind)))
        .collect();
    for answer in answers {
        if !columns.iter().any(|(id, _, _)| *id == answer.question) {
            columns.push((answer.question.clone(), answer.question.clone(), None));
        }
    }
    columns
}

/// The file's bytes.
pub fn registrations_csv(
    rows: &[RegistrationRow],
    series: &SeriesRow,
    session: &SessionRow,
    lang: Lang,
    separator: Separator,
) -> anyhow::Result<Vec<u8>> {
    let questions = columns(&series.questions, rows.iter().flat_map(|r| &r.answers));
    let mut out = writer(separator);
    let registered_at = format!("{} ({})", lang.say(Phrase::RegisteredOn), session.time_zone);
    let mut header: Vec<String> = [
        lang.say(Phrase::NumberSign),
        lang.say(Phrase::FirstName),
        lang.say(Phrase::LastName),
        lang.say(Phrase::EMail),
        lang.say(Phrase::Organisation),
        lang.say(Phrase::JobTitle),
        lang.say(Phrase::Status),
        &registered_at,
        lang.say(Phrase::ConsentToProcessingVersion),
        lang.say(Phrase::ConsentToMarketingVersion),
        lang.say(Phrase::SignUpPage),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(
        questions
            .iter()
            .map(|(_, label, _)| formula_safe(label).into_owned()),
    );
    out.write_record(&header)?;
    for r in rows {
        let mut record = vec![
            r.id.to_string(),
            formula_safe(&r.first_name).into_owned(),
            formula_safe(&r.last_name).into_owned(),
            formula_safe(&r.email).into_owned(),
            formula_safe(&r.organisation).into_owned(),
            formula_safe(&r.job_title).into_owned(),
            registration_status(r.status, lang).to_owned(),
            local_time(r.created_at, &session.time_zone),
            r.consent_processing_version.to_string(),
            r.consent_marketing_version
                .map_or_else(|| lang.say(Phrase::No).to_owned(), |v| v.to_string()),
            formula_safe(&r.source_page).into_owned(),
        ];
        for (id, _, kind) in &questions {
            let answer = r.answers.iter().find(|a| a.question == *id);
            record.push(formula_safe(&answer_cell(answer, *kind, lang)).into_owned());
        }
        out.write_record(&record)?;
    }
    Ok(out.into_inner()?)
}

/// A CSV writer for a spreadsheet: the separator, CRLF, and the BOM first.
fn writer(separator: Separator) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(separator.byte())
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from("\u{feff}".as_bytes()))
}

/// A questionnaire's answers: when each was last changed (in the survey's zone), the address
/// and consent version when asked, one column per question.
pub fn survey_answers_csv(
    answers: &[AdminSurveyAnswer],
    survey: &SurveyRow,
    lang: Lang,
    separator: Separator,
) -> anyhow::Result<Vec<u8>> {
    let questions = columns(&survey.questions, answers.iter().flat_map(|a| &a.answers));
    let mut out = writer(separator);
    let answered_at = format!("{} ({})", lang.say(Phrase::AnsweredOn), survey.time_zone);
    let mut header = vec![lang.say(Phrase::NumberSign).to_owned(), answered_at];
    if survey.ask_email {
        header.push(lang.say(Phrase::EMail).to_owned());
        header.push(lang.say(Phrase::ConsentVersion).to_owned());
    }
    header.extend(
        questions
            .iter()
            .map(|(_, label, _)| formula_safe(label).into_owned()),
    );
    out.write_record(&header)?;
    for (n, a) in answers.iter().enumerate() {
        let mut record = vec![
            (n + 1).to_string(),
            local_time(a.updated_at, &survey.time_zone),
        ];
        if survey.ask_email {
            record.push(formula_safe(a.email.as_deref().unwrap_or("")).into_owned());
            record.push(a.consent_version.map(|v| v.to_string()).unwrap_or_default());
        }
        for (id, _, kind) in &questions {
            let answer = a.answers.iter().find(|x| x.question == *id);
            record.push(formula_safe(&answer_cell(answer, *kind, lang)).into_owned());
        }
        out.write_record(&record)?;
    }
    Ok(out.into_inner()?)
}

/// The file as a download named `name.csv`.
pub fn csv_download(file: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                crate::webinars::manage::csv_disposition(name),
            ),
        ],
        file,
    )
        .into_response()
}

/// The export's form: the separator (the language's own first: Excel in French expects `;`)
/// and the button saying `label`, getting `action`.
pub fn export_form(action: &str, label: &str, lang: Lang) -> Markup {
    let default = Separator::parse("", lang);
    html! {
        form method="get" action=(action) class="export" {
            div.field {
                label for="separateur" { (lang.say(Phrase::ColumnSeparator)) }
                p class="hint" id="separateur-aide" { (lang.say(Phrase::ExcelAndLibreOfficeIn)) }
                select id="separateur" name="separateur" aria-describedby="separateur-aide" {
                    @for s in [Separator::Semicolon, Separator::Comma] {
                        option value=(s.value()) selected[s == default] {
                            (lang.say(match s {
                                Separator::Semicolon => Phrase::Semicolon,
                                Separator::Comma => Phrase::Comma,
                            }))
                        }
                    }
                }
            }
            button type="submit" { (label) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_the_sessions_wall_clock() {
        // 2026-12-07 14:00 UTC is 15:00 in Paris (winter), 09:00 in New York.
        assert_eq!(
            local_time(1_796_652_000, "Europe/Paris"),
            "2026-12-07 15:00:00"
        );
        assert_eq!(
            local_time(1_796_652_000, "America/New_York"),
            "2026-12-07 09:00:00"
        );
        assert_eq!(
            local_time(1_796_652_000, "Nowhere/Else"),
            "2026-12-07 14:00:00"
        );
    }

    #[test]
    fn the_separator_follows_the_language_unless_chosen() {
        assert_eq!(Separator::parse("", Lang::Fr), Separator::Semicolon);
        assert_eq!(Separator::parse("", Lang::En), Separator::Comma);
        assert_eq!(Separator::parse("virgule", Lang::Fr), Separator::Comma);
        assert_eq!(
            Separator::parse("point-virgule", Lang::En),
            Separator::Semicolon
        );
    }
}
