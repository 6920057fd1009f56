//! `/admin/sites/{site}/statistiques`: per offer and variant, impressions, clicks, click rate,
//! conversions and conversion rate with 95 % confidence intervals, a daily chart drawn as SVG
//! on the server, and each webinar series' funnel.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use super::{page, ConsoleError, ConsoleUser, Errors, Lang};
use crate::html::escape;
use crate::store::VariantCounts;
use crate::AppState;

const DAYS: i64 = 30;

/// Wilson score interval at 95 % for `k` successes out of `n`: `(low, high)`, both in 0..=1.
/// Unlike the normal approximation it stays inside 0..1 and is honest about small counts.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n, z) = (k as f64, n as f64, 1.96_f64);
    let p = k / n;
    let centre = p + z * z / (2.0 * n);
    let margin = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let denominator = 1.0 + z * z / n;
    Some((
        ((centre - margin) / denominator).max(0.0),
        ((centre + margin) / denominator).min(1.0),
    ))
}

fn rate(k: u64, n: u64, lang: Lang) -> String {
    match wilson(k, n) {
        None => "—".to_owned(),
        Some((low, high)) => {
            let pct = |x: f64| format!("{:.1}", x * 100.0).replace('.', lang.pick(",", "."));
            format!(
                "{} % <span class=\"ci\">[{} – {}]</span>",
                pct(k as f64 / n as f64),
                pct(low),
                pct(high)
            )
        }
    }
}

/// A line chart of daily impressions and clicks of one offer, one line per variant and kind.
fn chart(title: &str, days: &[String], series: &[(String, Vec<u64>)], lang: Lang) -> String {
    let (w, h, pad) = (640.0, 220.0, 36.0);
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let step = if days.len() > 1 {
        (w - 2.0 * pad) / (days.len() - 1) as f64
    } else {
        0.0
    };
    let colours = [
        "#1b5e8c", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#546e7a",
    ];
    let lines: String = series
        .iter()
        .enumerate()
        .map(|(i, (label, values))| {
            let points: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(d, v)| format!("{:.1},{:.1}", pad + d as f64 * step, h - pad - (*v as f64 / max) * (h - 2.0 * pad)))
                .collect();
            let colour = colours[i % colours.len()];
            let dash = if label.contains(lang.pick("clics", "clicks")) { r#" stroke-dasharray="6 4""# } else { "" };
            format!(
                r#"<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{}"><title>{}</title></polyline><text x="{:.0}" y="{:.0}" fill="{colour}" font-size="12">{}</text>"#,
                points.join(" "),
                escape(label),
                w - pad + 4.0 - 120.0,
                pad + 14.0 * i as f64,
                escape(label)
            )
        })
        .collect();
    let first = days.first().map(String::as_str).unwrap_or("");
    let last = days.last().map(String::as_str).unwrap_or("");
    format!(
        r##"<figure><svg role="img" aria-labelledby="chart-{id}" viewBox="0 0 {w} {h}" width="100%" xmlns="http://www.w3.org/2000/svg"><title id="chart-{id}">{title}</title>
<line x1="{pad}" y1="{base}" x2="{right}" y2="{base}" stroke="#888"/><line x1="{pad}" y1="{pad}" x2="{pad}" y2="{base}" stroke="#888"/>
<text x="{pad}" y="{below}" font-size="11">{first}</text><text x="{right}" y="{below}" font-size="11" text-anchor="end">{last}</text><text x="4" y="{pad}" font-size="11">{max}</text>{lines}</svg>
<figcaption>{title}</figcaption></figure>"##,
        id = escape(&title.replace(' ', "-")),
        title = escape(title),
        base = h - pad,
        right = w - pad,
        below = h - pad + 16.0,
        max = max as u64,
    )
}

/// `GET /admin/sites/{site}/statistiques`.
pub async fn stats(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let lang = user.lang;
    let since = crate::unix_now() - DAYS * 86_400;
    let totals = state.store.offer_counts(&site.id, since, false).await?;
    let daily = state.store.offer_counts(&site.id, since, true).await?;
    let rows: String = totals
        .iter()
        .map(|c: &VariantCounts| {
            format!(
                "<tr><th scope=\"row\">{offer}</th><td>{variant}</td><td>{i}</td><td>{c}</td><td>{ctr}</td><td>{v}</td><td>{cr}</td></tr>",
                offer = escape(&c.offer),
                variant = escape(&c.variant),
                i = c.impressions,
                c = c.clicks,
                ctr = rate(c.clicks, c.impressions, lang),
                v = c.conversions,
                cr = rate(c.conversions, c.impressions, lang),
            )
        })
        .collect();
    let mut offers: Vec<&str> = totals.iter().map(|c| c.offer.as_str()).collect();
    offers.dedup();
    let days: Vec<String> = (0..DAYS)
        .rev()
        .filter_map(|d| chrono::DateTime::from_timestamp(crate::unix_now() - d * 86_400, 0))
        .map(|t| t.format("%Y-%m-%d").to_string())
        .collect();
    let charts: String = offers
        .iter()
        .map(|offer| {
            let mut series = Vec::new();
            for c in totals.iter().filter(|c| c.offer == *offer) {
                for (kind, pick) in [
                    (lang.pick("impressions", "impressions"), 0),
                    (lang.pick("clics", "clicks"), 1),
                ] {
                    let values = days
                        .iter()
                        .map(|day| {
                            daily
                                .iter()
                                .find(|d| {
                                    d.offer == *offer && d.variant == c.variant && d.day == *day
                                })
                                .map_or(0, |d| if pick == 0 { d.impressions } else { d.clicks })
                        })
                        .collect();
                    series.push((format!("{} {kind}", c.variant), values));
                }
            }
            let title = format!(
                "{offer} — {}",
                lang.pick("par jour, 30 derniers jours", "per day, last 30 days")
            );
            chart(&title, &days, &series, lang)
        })
        .collect();
    let mut funnels = String::new();
    for (series, title, _) in state.store.series_list(&site.id).await? {
        let f = state.store.webinar_funnel(&site.id, &series, since).await?;
        let steps = [
            (lang.pick("Vues", "Views"), f.views),
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
        let top = steps.iter().map(|s| s.1).max().unwrap_or(0).max(1) as f64;
        let bars: String = steps
            .iter()
            .enumerate()
            .map(|(i, (label, n))| {
                let y = 10 + i * 28;
                format!(
                    r##"<rect x="180" y="{y}" width="{:.0}" height="20" fill="#1b5e8c"/><text x="0" y="{}" font-size="12">{}</text><text x="{:.0}" y="{}" font-size="12">{n}</text>"##,
                    (*n as f64 / top) * 400.0,
                    y + 15,
                    escape(label),
                    186.0 + (*n as f64 / top) * 400.0,
                    y + 15
                )
            })
            .collect();
        funnels.push_str(&format!(
            r#"<figure><svg role="img" aria-label="{t}" viewBox="0 0 640 150" width="100%" xmlns="http://www.w3.org/2000/svg">{bars}</svg><figcaption>{t}</figcaption></figure>"#,
            t = escape(&format!("{} — {title}", lang.pick("Entonnoir du webinaire", "Webinar funnel"))),
        ));
    }
    let main = format!(
        r#"<table><caption>{caption}</caption><thead><tr><th scope="col">{offer}</th><th scope="col">{variant}</th><th scope="col">{impressions}</th><th scope="col">{clicks}</th><th scope="col">{ctr}</th><th scope="col">{conversions}</th><th scope="col">{cr}</th></tr></thead><tbody>{rows}</tbody></table>
<p class="hint">{ci}</p>{charts}<h2>{webinars}</h2>{funnels}"#,
        caption = lang.pick("Offres, 30 derniers jours", "Offers, last 30 days"),
        offer = lang.pick("Offre", "Offer"),
        variant = lang.pick("Variante", "Variant"),
        impressions = lang.pick("Impressions", "Impressions"),
        clicks = lang.pick("Clics", "Clicks"),
        ctr = lang.pick("Taux de clic", "Click rate"),
        conversions = lang.pick("Conversions", "Conversions"),
        cr = lang.pick("Taux de conversion", "Conversion rate"),
        ci = lang.pick(
            "Entre crochets : intervalle de confiance à 95 % (Wilson).",
            "In brackets: 95 % confidence interval (Wilson)."
        ),
        webinars = lang.pick("Webinaires", "Webinars"),
    );
    Ok(page(
        &user,
        lang.pick("Statistiques", "Figures"),
        &Errors::default(),
        &main,
    )
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::wilson;

    #[test]
    fn wilson_intervals_hold_the_rate_and_stay_in_bounds() {
        let (low, high) = wilson(10, 100).unwrap();
        assert!(
            (low - 0.0552).abs() < 0.001 && (high - 0.1744).abs() < 0.001,
            "{low} {high}"
        );
        let (low, high) = wilson(0, 5).unwrap();
        assert_eq!(low, 0.0);
        assert!(high > 0.4 && high < 0.5, "{high}");
        assert_eq!(wilson(3, 0), None);
        let (low, high) = wilson(5, 5).unwrap();
        assert!(low > 0.5 && high == 1.0);
    }
}
