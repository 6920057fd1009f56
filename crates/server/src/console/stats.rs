//! `/admin/sites/{site}/statistiques?du=&au=`: the figures a marketer decides from, over a
//! period (the last 30 days unless chosen):
//!
//! - the wall's funnel: walls shown → offers seen → clicks → subscriptions;
//! - per offer (by name) and variant: impressions, clicks, conversions, their rates with 95 %
//!   intervals, and totals; for an A/B test, which variant leads and how sure that is, or how
//!   many impressions it still needs (`ab_test`); each offer's days as a chart;
//! - per webinar series its funnel, and per session the forms sent, registrations, confirmed
//!   (`stats_webinars`).
//!
//! Written with maud: every value is escaped unless marked otherwise.

use super::phrases::Phrase;
use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{Duration, NaiveDate, Utc};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use super::ab_test::{self, Arm, Verdict};
use super::charts::{self, percent, share, short_date, Line, Step};
use super::stats_webinars;
use super::{form_page, ConsoleError, ConsoleUser, Errors, Input, Lang};
use crate::offers::Placement;
use crate::store::{OfferSummary, Period, VariantCounts};
use crate::AppState;

/// The default period, in days up to today.
const DEFAULT_DAYS: i64 = 30;
/// The longest period shown (a year and a day, for a leap year).
const LONGEST_DAYS: i64 = 366;

#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    #[serde(default)]
    du: String,
    #[serde(default)]
    au: String,
}

/// The period asked for, each day in UTC: `(first, last)` both included; a wrong field gets
/// its message and the default period is shown.
fn read_period(
    query: &PeriodQuery,
    today: NaiveDate,
    lang: Lang,
    errors: &mut Errors,
) -> (NaiveDate, NaiveDate) {
    let default = (today - Duration::days(DEFAULT_DAYS - 1), today);
    let mut date = |name: &str, typed: &str, otherwise: NaiveDate| {
        if typed.trim().is_empty() {
            return Some(otherwise);
        }
        let parsed = NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d").ok();
        if parsed.is_none() {
            errors.add(name, lang.say(Phrase::EnterADateYYYY));
        }
        parsed
    };
    let (Some(first), Some(last)) = (
        date("du", &query.du, default.0),
        date("au", &query.au, default.1),
    ) else {
        return default;
    };
    if last < first {
        errors.add("au", lang.say(Phrase::TheEndMustCome));
        return default;
    }
    if (last - first).num_days() >= LONGEST_DAYS {
        errors.add("du", lang.say(Phrase::ChooseAYearAt));
        return default;
    }
    (first, last)
}

fn unix(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
}

/// A rate with its 95 % interval, or a dash without a denominator.
fn rate(k: u64, n: u64, lang: Lang) -> Markup {
    match ab_test::wilson(k, n) {
        None => html! { "—" },
        Some((low, high)) => html! {
            (percent(k as f64 / n as f64, lang)) " "
            span.ci { "[" (percent(low, lang)) " – " (percent(high, lang)) "]" }
        },
    }
}

fn verdict_text(arms: &[Arm], lang: Lang) -> Option<Markup> {
    let rate_of = |variant: &str| {
        arms.iter()
            .find(|a| a.variant == variant)
            .map(|a| percent(a.rate(), lang))
            .unwrap_or_default()
    };
    Some(match ab_test::verdict(arms)? {
        Verdict::Leads {
            leader,
            runner_up,
            confidence,
        } => html! {
            p.verdict.lead {
                strong { (lang.say(Phrase::LeadingVariant)) (leader) }
                " — "
                (match lang {
                    Lang::Fr => format!(
                        "taux de clic {} contre {} pour {runner_up} ; confiance {} (test de deux proportions).",
                        rate_of(&leader), rate_of(&runner_up), percent(confidence, lang)),
                    Lang::En => format!(
                        "click rate {} against {} for {runner_up}; confidence {} (two-proportion test).",
                        rate_of(&leader), rate_of(&runner_up), percent(confidence, lang)),
                })
            }
        },
        Verdict::NotEnoughData { needed, have } => html! {
            p.verdict {
                strong { (lang.say(Phrase::NotEnoughDataYet)) }
                " "
                (match lang {
                    Lang::Fr => format!(
                        "Pour départager les variantes, il faut environ {needed} impressions par variante ; la moins vue en a {have}."),
                    Lang::En => format!(
                        "Telling the variants apart needs about {needed} impressions per variant; the least seen has {have}."),
                })
            }
        },
    })
}

/// Each variant's counts over the period, from its daily counts (one read for both), in the
/// order of offer then variant.
fn totals_of(daily: &[VariantCounts]) -> Vec<VariantCounts> {
    let mut totals: BTreeMap<(&str, &str), VariantCounts> = BTreeMap::new();
    for d in daily {
        let total = totals
            .entry((&d.offer, &d.variant))
            .or_insert_with(|| VariantCounts {
                offer: d.offer.clone(),
                variant: d.variant.clone(),
                ..VariantCounts::default()
            });
        total.impressions += d.impressions;
        total.clicks += d.clicks;
        total.conversions += d.conversions;
    }
    totals.into_values().collect()
}

/// `GET /admin/sites/{site}/statistiques`.
pub async fn stats(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let lang = user.lang;
    let mut errors = Errors::default();
    let (first, last) = read_period(&query, Utc::now().date_naive(), lang, &mut errors);
    let period = Period {
        since: unix(first),
        until: unix(last + Duration::days(1)),
    };
    let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
    let day_key = |d: &NaiveDate| d.format("%Y-%m-%d").to_string();

    let offers: BTreeMap<String, OfferSummary> = state
        .store
        .offer_summaries(&site.id)
        .await?
        .into_iter()
        .map(|o| (o.id.clone(), o))
        .collect();
    let name_of = |id: &str| offers.get(id).map_or(id, |o| o.name.as_str()).to_owned();
    let on_wall = |id: &str| {
        offers
            .get(id)
            .is_none_or(|o| o.placement == Placement::Paywall)
    };
    let daily = state.store.offer_counts(&site.id, period, true).await?;
    let totals = totals_of(&daily);
    let walls: u64 = state
        .store
        .wall_views(&site.id, period)
        .await?
        .iter()
        .map(|(_, n)| n)
        .sum();

    let sum = |rows: &mut dyn Iterator<Item = &VariantCounts>| {
        rows.fold((0, 0, 0), |(i, c, v), r| {
            (i + r.impressions, c + r.clicks, v + r.conversions)
        })
    };
    let (wall_seen, wall_clicks, wall_conversions) =
        sum(&mut totals.iter().filter(|c| on_wall(&c.offer)));
    let (all_i, all_c, all_v) = sum(&mut totals.iter());
    let mut by_offer: Vec<(String, Vec<VariantCounts>)> = Vec::new();
    for c in &totals {
        match by_offer.last_mut() {
            Some((offer, rows)) if *offer == c.offer => rows.push(c.clone()),
            _ => by_offer.push((c.offer.clone(), vec![c.clone()])),
        }
    }
    // A published A/B offer lists every variant, those no reader saw yet too: the test
    // compares all of them.
    let published = state.store.published_offers(&site.id).await?;
    for (offer, rows) in &mut by_offer {
        let Some((_, spec)) = published.iter().find(|(id, _)| id == offer) else {
            continue;
        };
        for v in &spec.variants {
            if !rows.iter().any(|r| r.variant == v.id) {
                rows.push(VariantCounts {
                    offer: offer.clone(),
                    variant: v.id.clone(),
                    ..VariantCounts::default()
                });
            }
        }
        rows.sort_by(|a, b| a.variant.cmp(&b.variant));
    }
    by_offer.sort_by_key(|(id, _)| name_of(id).to_lowercase());

    // The best offer shows with the wall, the others when the reader opens them: offers seen
    // are counted per wall, the later steps as shares of the step before.
    let per_wall = if walls == 0 {
        String::new()
    } else {
        let ratio = format!("{:.2}", wall_seen as f64 / walls as f64)
            .replace('.', lang.say(Phrase::DecimalSeparator));
        format!("{ratio} {}", lang.say(Phrase::PerWall))
    };
    let wall_funnel = charts::funnel(
        lang.say(Phrase::ThePaywallFromShown),
        lang.say(Phrase::AgainstTheStepBefore),
        &[
            Step {
                label: lang.say(Phrase::WallsShown),
                count: walls,
                share: String::new(),
            },
            Step {
                label: lang.say(Phrase::OffersSeen),
                count: wall_seen,
                share: per_wall,
            },
            Step {
                label: lang.say(Phrase::Clicks),
                count: wall_clicks,
                share: share(wall_clicks, wall_seen, lang),
            },
            Step {
                label: lang.say(Phrase::Subscriptions),
                count: wall_conversions,
                share: share(wall_conversions, wall_clicks, lang),
            },
        ],
        lang,
    );

    let offer_sections: Vec<Markup> = by_offer
        .iter()
        .enumerate()
        .map(|(n, (offer, rows))| {
            let name = name_of(offer);
            let mut lines = Vec::new();
            for c in rows {
                for (kind, clicks) in [
                    (lang.say(Phrase::ImpressionsInText), false),
                    (lang.say(Phrase::ClicksInText), true),
                ] {
                    let values = days
                        .iter()
                        .map(|d| {
                            let key = day_key(d);
                            daily
                                .iter()
                                .find(|x| {
                                    x.offer == *offer && x.variant == c.variant && x.day == key
                                })
                                .map_or(0, |x| if clicks { x.clicks } else { x.impressions })
                        })
                        .collect();
                    lines.push(Line {
                        label: format!("{} {} — {kind}", lang.say(Phrase::Variant), c.variant),
                        values,
                        dashed: clicks,
                    });
                }
            }
            let arms: Vec<Arm> = rows
                .iter()
                .map(|c| Arm {
                    variant: c.variant.clone(),
                    impressions: c.impressions,
                    clicks: c.clicks,
                })
                .collect();
            let title = format!(
                "{name} — {}",
                match lang {
                    Lang::Fr => format!(
                        "par jour, du {} au {}",
                        short_date(first, lang),
                        short_date(last, lang)
                    ),
                    Lang::En => format!(
                        "per day, {} to {}",
                        short_date(first, lang),
                        short_date(last, lang)
                    ),
                }
            );
            html! {
                section.offer-figures {
                    h3 { (name) }
                    @if let Some(verdict) = verdict_text(&arms, lang) { (verdict) }
                    (charts::daily_lines(&format!("offre-{n}"), &title, &days, &lines, lang))
                }
            }
        })
        .collect();

    let series_sections = stats_webinars::sections(&state, &site.id, period, lang).await?;

    let main = html! {
        form.period method="get" role="search" aria-label=(lang.say(Phrase::Period)) {
            (PreEscaped(Input::new("du", lang.say(Phrase::From)).kind("date").value(&first.to_string()).render(lang, &errors)))
            (PreEscaped(Input::new("au", lang.say(Phrase::ToIncluded)).kind("date").value(&last.to_string()).render(lang, &errors)))
            button type="submit" { (lang.say(Phrase::Show)) }
        }
        p.hint { (lang.say(Phrase::DaysInUniversalTime)) }
        h2 { (lang.say(Phrase::TheWallAndThe)) }
        (wall_funnel)
        div.table-scroll tabindex="0" role="region" aria-label=(lang.say(Phrase::OffersAndVariants)) { table.figures {
            caption { (lang.say(Phrase::OffersAndVariants)) ", " (short_date(first, lang)) " – " (short_date(last, lang)) }
            thead { tr {
                th scope="col" { (lang.say(Phrase::Offer)) }
                th scope="col" { (lang.say(Phrase::Variant)) }
                th scope="col" { (lang.say(Phrase::Impressions)) }
                th scope="col" { (lang.say(Phrase::Clicks)) }
                th scope="col" { (lang.say(Phrase::ClickRate)) }
                th scope="col" { (lang.say(Phrase::Conversions)) }
                th scope="col" { (lang.say(Phrase::ConversionRate)) }
            } }
            tbody {
                @for (offer, rows) in &by_offer { @for c in rows { tr {
                    th scope="row" { (name_of(offer)) }
                    td { (c.variant) }
                    td { (c.impressions) } td { (c.clicks) } td { (rate(c.clicks, c.impressions, lang)) }
                    td { (c.conversions) } td { (rate(c.conversions, c.impressions, lang)) }
                } } }
                @if by_offer.is_empty() { tr { td colspan="7" { (lang.say(Phrase::NoOfferSeenIn)) } } }
            }
            tfoot { tr {
                th scope="row" colspan="2" { (lang.say(Phrase::Total)) }
                td { (all_i) } td { (all_c) } td { (rate(all_c, all_i, lang)) }
                td { (all_v) } td { (rate(all_v, all_i, lang)) }
            } }
        } }
        p.hint { (lang.say(Phrase::InBrackets95Confidence)) }
        @for section in &offer_sections { (section) }
        h2 { (lang.say(Phrase::Webinars)) }
        @for section in &series_sections { (section) }
        @if series_sections.is_empty() { p { (lang.say(Phrase::NoWebinarSeries)) } }
    };
    Ok(form_page(
        &user,
        lang.say(Phrase::Figures),
        &errors,
        &main.into_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_defaults_to_thirty_days_and_refuses_what_makes_no_sense() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let mut errors = Errors::default();
        let asked = |du: &str, au: &str| PeriodQuery {
            du: du.into(),
            au: au.into(),
        };
        let default = (NaiveDate::from_ymd_opt(2026, 11, 8).unwrap(), today);
        assert_eq!(
            read_period(&asked("", ""), today, Lang::Fr, &mut errors),
            default
        );
        assert_eq!(
            read_period(
                &asked("2026-01-01", "2026-01-31"),
                today,
                Lang::Fr,
                &mut errors
            ),
            (
                NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()
            )
        );
        assert!(errors.is_empty());
        assert_eq!(
            read_period(&asked("2026-02-30", ""), today, Lang::Fr, &mut errors),
            default
        );
        assert!(errors.get("du").is_some());
        let mut errors = Errors::default();
        read_period(
            &asked("2026-12-07", "2026-12-01"),
            today,
            Lang::En,
            &mut errors,
        );
        assert_eq!(errors.get("au"), Some("The end must come after the start."));
        let mut errors = Errors::default();
        read_period(
            &asked("2024-01-01", "2026-01-01"),
            today,
            Lang::En,
            &mut errors,
        );
        assert!(errors.get("du").is_some());
    }
}
