//! The figures' webinar part: each series' funnel, and per session the forms sent,
//! registrations and confirmed.

use super::phrases::Phrase;
use maud::{html, Markup};

use super::charts::{self, share, Step};
use super::{ConsoleError, Lang};
use crate::store::{Funnel, Period};
use crate::AppState;

fn steps(f: &Funnel, lang: Lang) -> Vec<Step<'static>> {
    let counts = [
        (lang.say(Phrase::FormViews), f.views),
        (lang.say(Phrase::FormsStarted), f.form_starts),
        (lang.say(Phrase::FormsSent), f.form_submits),
        (lang.say(Phrase::Registrations), f.registrations),
        (lang.say(Phrase::ConfirmedPlural), f.confirmed),
    ];
    counts
        .iter()
        .enumerate()
        .map(|(i, (label, count))| Step {
            label,
            count: *count,
            share: if i == 0 {
                String::new()
            } else {
                share(*count, counts[i - 1].1, lang)
            },
        })
        .collect()
}

/// A section per series of `site`, over `period`.
pub async fn sections(
    state: &AppState,
    site: &str,
    period: Period,
    lang: Lang,
) -> Result<Vec<Markup>, ConsoleError> {
    let mut sections = Vec::new();
    for (series, title, _) in state.store.series_list(site).await? {
        let f = state.store.webinar_funnel(site, &series, period).await?;
        let sessions = state.store.session_funnels(site, &series, period).await?;
        sections.push(html! {
            section.series-figures {
                h3 { (title) }
                (charts::funnel(
                    &format!("{} — {title}", lang.say(Phrase::WebinarFunnel)),
                    lang.say(Phrase::ShareOfTheStep),
                    &steps(&f, lang),
                    lang,
                ))
                @if !sessions.is_empty() {
                    div.table-scroll tabindex="0" role="region" aria-label=(format!("{} — {title}", lang.say(Phrase::PerSession))) { table {
                        caption { (lang.say(Phrase::PerSession)) " — " (title) }
                        thead { tr {
                            th scope="col" { (lang.say(Phrase::Session)) }
                            th scope="col" { (lang.say(Phrase::FormsSent)) }
                            th scope="col" { (lang.say(Phrase::Registrations)) }
                            th scope="col" { (lang.say(Phrase::ConfirmedPlural)) }
                        } }
                        tbody { @for s in &sessions { tr {
                            th scope="row" { (s.title) " " span.hint { "(" (s.starts_at.get(..10).unwrap_or(&s.starts_at)) ")" } }
                            td { (s.form_submits) } td { (s.registrations) } td { (s.confirmed) }
                        } } }
                    } }
                    p.hint { (lang.say(Phrase::ViewsAndFormsStarted)) }
                }
            }
        });
    }

    Ok(sections)
}
