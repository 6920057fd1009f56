//! The figures' charts, drawn on the server as SVG (no script, no chart library in the
//! console), each with a legend in words and its numbers in a table beside it, so a screen
//! reader and a colour-blind reader get the same figures.

use super::phrases::Phrase;
use chrono::NaiveDate;
use maud::{html, Markup};

use super::Lang;

/// Colours told apart by most colour-blind readers (Okabe–Ito), dark enough on white.
const COLOURS: [&str; 6] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9",
];

/// One line of a chart: its label in the legend, and a value per day.
pub struct Line {
    pub label: String,
    pub values: Vec<u64>,
    /// Drawn dashed (clicks, against solid impressions).
    pub dashed: bool,
}

/// "7 déc." / "Dec 7": the axis's dates, short.
pub fn short_date(day: NaiveDate, lang: Lang) -> String {
    const FR: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    use chrono::Datelike;
    let month = day.month0() as usize;
    match lang {
        Lang::Fr => format!("{} {}", day.day(), FR[month]),
        Lang::En => format!("{} {}", EN[month], day.day()),
    }
}

/// A daily line chart: dated axis (about five dates), the largest value on the y axis, a
/// legend, then the numbers in a table (in a `details`, open to anyone who wants them).
pub fn daily_lines(
    id: &str,
    title: &str,
    days: &[NaiveDate],
    lines: &[Line],
    lang: Lang,
) -> Markup {
    let (w, h, left, right, top, bottom) = (480.0, 220.0, 40.0, 8.0, 12.0, 30.0);
    let max = lines
        .iter()
        .flat_map(|l| l.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let x = |i: usize| {
        if days.len() > 1 {
            left + plot_w * i as f64 / (days.len() - 1) as f64
        } else {
            left + plot_w / 2.0
        }
    };
    let y = |v: u64| top + plot_h - plot_h * v as f64 / max as f64;
    let ticks: Vec<usize> = if days.len() <= 1 {
        (0..days.len()).collect()
    } else {
        let step = (days.len() - 1).div_ceil(4).max(1);
        let mut t: Vec<usize> = (0..days.len()).step_by(step).collect();
        let end = days.len() - 1;
        // The last date always shows; a regular one too close to it gives way.
        if t.last()
            .is_some_and(|last| *last != end && end - last < step.div_ceil(2))
        {
            t.pop();
        }
        if t.last() != Some(&end) {
            t.push(end);
        }
        t
    };
    let title_id = format!("graphique-{id}");
    html! {
        figure.chart {
            svg role="img" aria-labelledby=(title_id) viewBox=(format!("0 0 {w} {h}")) xmlns="http://www.w3.org/2000/svg" {
                title id=(title_id) { (title) }
                line x1=(left) y1=(top + plot_h) x2=(w - right) y2=(top + plot_h) stroke="#4a4a55" {}
                line x1=(left) y1=(top) x2=(left) y2=(top + plot_h) stroke="#4a4a55" {}
                text x=(left - 6.0) y=(top + 10.0) font-size="14" text-anchor="end" { (max) }
                text x=(left - 6.0) y=(top + plot_h) font-size="14" text-anchor="end" { "0" }
                @for i in &ticks {
                    line x1=(x(*i)) y1=(top + plot_h) x2=(x(*i)) y2=(top + plot_h + 4.0) stroke="#4a4a55" {}
                    @let anchor = if *i == 0 { "start" } else if *i + 1 == days.len() { "end" } else { "middle" };
                    text x=(x(*i)) y=(h - 8.0) font-size="14" text-anchor=(anchor) { (short_date(days[*i], lang)) }
                }
                @for (n, line) in lines.iter().enumerate() {
                    polyline fill="none" stroke=(COLOURS[n % COLOURS.len()]) stroke-width="2.5"
                        stroke-dasharray=[line.dashed.then_some("7 4")]
                        points=(line.values.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v))).collect::<Vec<_>>().join(" ")) {}
                }
            }
            figcaption {
                (title)
                ul.legend {
                    @for (n, line) in lines.iter().enumerate() {
                        li {
                            svg.swatch aria-hidden="true" viewBox="0 0 28 10" width="28" height="10" {
                                line x1="0" y1="5" x2="28" y2="5" stroke=(COLOURS[n % COLOURS.len()]) stroke-width="3"
                                    stroke-dasharray=[line.dashed.then_some("7 4")] {}
                            }
                            (line.label)
                        }
                    }
                }
            }
            details {
                summary { (lang.say(Phrase::TheChartsFigures)) }
                // Focusable: a keyboard scrolls it on a phone.
                div.table-scroll tabindex="0" role="region" aria-label=(title) {
                    table {
                        caption { (title) }
                        thead { tr {
                            th scope="col" { (lang.say(Phrase::Day)) }
                            @for line in lines { th scope="col" { (line.label) } }
                        } }
                        tbody {
                            @for (i, day) in days.iter().enumerate() {
                                tr {
                                    th scope="row" { (short_date(*day, lang)) }
                                    @for line in lines { td { (line.values.get(i).copied().unwrap_or(0)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One step of a funnel: its label, its count, and what it is as a share (of the step before,
/// or per wall…), written by the caller.
pub struct Step<'a> {
    pub label: &'a str,
    pub count: u64,
    pub share: String,
}

/// A funnel as horizontal bars, each label above its bar (narrow enough for a phone), then the
/// same as a table.
pub fn funnel(title: &str, share_heading: &str, steps: &[Step], lang: Lang) -> Markup {
    bars(title, lang.say(Phrase::Step), share_heading, steps, lang)
}

/// Horizontal bars, one a row (`label`, `count`, `share`), with the same figures in a table
/// whose first column is headed `label_heading`: a funnel's steps, a question's answers.
pub fn bars(
    title: &str,
    label_heading: &str,
    share_heading: &str,
    steps: &[Step],
    lang: Lang,
) -> Markup {
    let widest = steps.iter().map(|s| s.count).max().unwrap_or(0).max(1);
    let (w, bar_w, row_h) = (400.0, 250.0, 46.0);
    let h = row_h * steps.len() as f64;
    html! {
        figure.chart.funnel {
            svg role="img" aria-label=(title) viewBox=(format!("0 0 {w} {h}")) xmlns="http://www.w3.org/2000/svg" {
                @for (i, step) in steps.iter().enumerate() {
                    @let y = row_h * i as f64;
                    @let width = (bar_w * step.count as f64 / widest as f64).max(1.0);
                    text x="0" y=(y + 15.0) font-size="14" { (step.label) }
                    rect x="0" y=(y + 20.0) width=(format!("{width:.1}")) height="18" fill=(COLOURS[0]) {}
                    text x=(width + 6.0) y=(y + 34.0) font-size="14" {
                        (step.count) @if !step.share.is_empty() { " · " (step.share) }
                    }
                }
            }
            figcaption { (title) }
            table {
                caption.visually-hidden { (title) }
                thead { tr {
                    th scope="col" { (label_heading) }
                    th scope="col" { (lang.say(Phrase::Count)) }
                    th scope="col" { (share_heading) }
                } }
                tbody {
                    @for step in steps {
                        tr { th scope="row" { (step.label) } td { (step.count) } td { (step.share) } }
                    }
                }
            }
        }
    }
}

/// The share of `n` in `of`, or nothing without a denominator.
pub fn share(n: u64, of: u64, lang: Lang) -> String {
    if of == 0 {
        String::new()
    } else {
        percent(n as f64 / of as f64, lang)
    }
}

/// `12,5 %` / `12.5 %`.
pub fn percent(x: f64, lang: Lang) -> String {
    format!("{:.1} %", x * 100.0).replace('.', lang.say(Phrase::DecimalSeparator))
}
