//! The figures' webinar part: each series' funnel, and per session the forms sent,
//! registrations and confirmed.

use maud::{html, Markup};

use super::charts::{self, share, Step};
use super::{ConsoleError, Lang};
use crate::store::{Funnel, Period};
use crate::AppState;

fn steps(f: &Funnel, lang: Lang) -> Vec<Step<'static>> {
    let counts = [
        (lang.pick("Vues du formulaire", "Form views"), f.views),
        (
            lang.pick("Formulaires commencés", "Forms started"),
            f.form_starts,
        ),
        (
            lang.pick("Formulaires envoyés", "Forms sent"),
            f.form_submits,
        ),
        (lang.pick("Inscriptions", "Registrations"), f.registrations),
        (lang.pick("Confirmées", "Confirmed"), f.confirmed),
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
                    &format!("{} — {title}", lang.pick("Entonnoir du webinaire", "Webinar funnel")),
                    lang.pick("Part de l’étape précédente", "Share of the step before"),
                    &steps(&f, lang),
                    lang,
                ))
                @if !sessions.is_empty() {
                    div.table-scroll tabindex="0" role="region" aria-label=(format!("{} — {title}", lang.pick("Par séance", "Per session"))) { table {
                        caption { (lang.pick("Par séance", "Per session")) " — " (title) }
                        thead { tr {
                            th scope="col" { (lang.pick("Séance", "Session")) }
                            th scope="col" { (lang.pick("Formulaires envoyés", "Forms sent")) }
                            th scope="col" { (lang.pick("Inscriptions", "Registrations")) }
                            th scope="col" { (lang.pick("Confirmées", "Confirmed")) }
                        } }
                        tbody { @for s in &sessions { tr {
                            th scope="row" { (s.title) " " span.hint { "(" (s.starts_at.get(..10).unwrap_or(&s.starts_at)) ")" } }
                            td { (s.form_submits) } td { (s.registrations) } td { (s.confirmed) }
                        } } }
                    } }
                    p.hint { (lang.pick(
                        "Les vues et les formulaires commencés comptent pour la série : le lecteur choisit sa séance dans le formulaire. La présence aux séances n’est pas connue de Kiosque.",
                        "Views and forms started count for the series: readers pick their session in the form. Attendance is not known to Kiosque.")) }
                }
            }
        });
    }

    Ok(sections)
}
