//! The demo site's content (`demo/content.json`), loaded on start when `--demo` is on.
//! Idempotent: a site that already exists is left exactly as it is, so edits survive restarts.

use kiosque_protocol::{AccessLevel, Block, Section};
use serde::{Deserialize, Serialize};

use super::Store;

const DEMO_CONTENT: &str = include_str!("../../demo/content.json");

#[derive(Deserialize)]
struct DemoContent {
    site: DemoSite,
    sections: Vec<Section>,
    articles: Vec<DemoArticle>,
    offers: Vec<DemoOffer>,
    webinar_series: Vec<DemoSeries>,
    #[serde(default)]
    surveys: Vec<DemoSurvey>,
}

/// A questionnaire: its id and what the admin API takes (no dates: open from the start).
#[derive(Deserialize)]
struct DemoSurvey {
    id: String,
    #[serde(flatten)]
    input: kiosque_protocol::SurveyInput,
}

#[derive(Deserialize)]
struct DemoSite {
    id: String,
    name: String,
    tagline: String,
    lang: String,
    allowed_origins: Vec<String>,
    teaser_blocks: u32,
    meter: DemoMeter,
    entitlement_key: String,
    consent: DemoConsent,
    paywall: serde_json::Value,
}

#[derive(Deserialize)]
struct DemoConsent {
    processing: String,
    marketing: String,
}

#[derive(Deserialize)]
struct DemoMeter {
    anonymous: u32,
    registered: u32,
    period_days: u32,
}

#[derive(Deserialize)]
struct DemoArticle {
    slug: String,
    section: String,
    #[serde(default)]
    tags: Vec<String>,
    kicker: String,
    title: String,
    standfirst: String,
    author: String,
    published_at: String,
    access: AccessLevel,
    paywall_after: Option<u32>,
    body: Vec<DemoBlock>,
    #[serde(default)]
    image: Option<kiosque_protocol::Image>,
}

/// `{"type": "paragraph", "text": "…"}`: the content file's own, more readable form.
#[derive(Deserialize)]
struct DemoBlock {
    r#type: String,
    text: String,
}

impl DemoBlock {
    fn to_block(&self) -> anyhow::Result<Block> {
        let text = self.text.clone();
        Ok(match self.r#type.as_str() {
            "paragraph" => Block::Paragraph(text),
            "heading" => Block::Heading(text),
            "question" => Block::Question(text),
            "quote" => Block::Quote(text),
            other => anyhow::bail!("unknown block type {other:?} in demo content"),
        })
    }
}

#[derive(Deserialize)]
struct DemoOffer {
    id: String,
    /// The marketers' internal name; readers see `title`.
    name: String,
    title: String,
    headline: String,
    description: String,
    price: String,
    period: String,
    benefits: Vec<String>,
    cta_label: String,
    cta_url: String,
    badge: Option<String>,
    priority: i64,
    #[serde(default)]
    placement: crate::offers::Placement,
}

impl DemoOffer {
    /// A demo offer is published as is, with its texts as a single variant `a`.
    fn spec(&self) -> crate::offers::OfferSpec {
        crate::offers::OfferSpec {
            name: self.name.clone(),
            cta_url: self.cta_url.clone(),
            placement: self.placement,
            priority: self.priority,
            starts_at: None,
            ends_at: None,
            targeting: Default::default(),
            variants: vec![crate::offers::Variant {
                id: "a".into(),
                weight: 1,
                title: self.title.clone(),
                headline: self.headline.clone(),
                description: self.description.clone(),
                price: self.price.clone(),
                period: self.period.clone(),
                benefits: self.benefits.clone(),
                cta_label: self.cta_label.clone(),
                badge: self.badge.clone(),
                translations: Default::default(),
            }],
        }
    }
}

#[derive(Deserialize)]
struct DemoSeries {
    id: String,
    #[serde(default)]
    questions: Vec<kiosque_protocol::Question>,
    title: String,
    description: String,
    sessions: Vec<DemoSession>,
}

#[derive(Deserialize)]
struct DemoSession {
    id: String,
    title: String,
    description: String,
    starts_at: String,
    ends_at: String,
    time_zone: String,
    capacity: Option<u32>,
    waitlist: bool,
    hosts: Vec<Person>,
    speakers: Vec<Person>,
    points: Vec<String>,
}

#[derive(Deserialize, Serialize)]
struct Person {
    name: String,
    role: String,
}

/// Whole weeks to add to the demo sessions' dates so the first one is at least three days
/// ahead of `today`: the demo (and every test that signs up for it) keeps working whatever the
/// date, and the sessions keep their weekdays, times and spacing.
fn weeks_ahead(first_start: &str, today: chrono::NaiveDate) -> anyhow::Result<i64> {
    let first = chrono::NaiveDateTime::parse_from_str(first_start, "%Y-%m-%dT%H:%M:%S")?.date();
    let behind = (today + chrono::Days::new(3) - first).num_days();
    Ok(if behind <= 0 { 0 } else { (behind + 6) / 7 })
}

fn shifted(local: &str, weeks: i64) -> anyhow::Result<String> {
    let time = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")?;
    Ok((time + chrono::Duration::weeks(weeks))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string())
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("demo content serialises")
}

impl Store {
    /// Inserts the demo site and everything in it in one transaction, unless it exists.
    pub async fn load_demo_content(&self) -> anyhow::Result<()> {
        let content: DemoContent = serde_json::from_str(DEMO_CONTENT)?;
        let site = &content.site;
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO sites (id, name, tagline, lang, allowed_origins, teaser_blocks, paywall, \
             meter_anonymous, meter_registered, meter_period_days, entitlement_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&site.id)
        .bind(&site.name)
        .bind(&site.tagline)
        .bind(&site.lang)
        .bind(json(&site.allowed_origins))
        .bind(i64::from(site.teaser_blocks))
        .bind(json(&site.paywall))
        .bind(i64::from(site.meter.anonymous))
        .bind(i64::from(site.meter.registered))
        .bind(i64::from(site.meter.period_days))
        .bind(&site.entitlement_key)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            tracing::info!(site = %site.id, "demo site already present, left unchanged");
            return Ok(());
        }
        for (kind, text) in [
            ("processing", &site.consent.processing),
            ("marketing", &site.consent.marketing),
        ] {
            sqlx::query(
                "INSERT INTO consent_texts (site_id, kind, version, text, created_at) \
                 VALUES ($1, $2, 1, $3, $4)",
            )
            .bind(&site.id)
            .bind(kind)
            .bind(text)
            .bind(crate::unix_now())
            .execute(&mut *tx)
            .await?;
        }
        for section in &content.sections {
            sqlx::query("INSERT INTO sections (site_id, slug, name) VALUES ($1, $2, $3)")
                .bind(&site.id)
                .bind(&section.slug)
                .bind(&section.name)
                .execute(&mut *tx)
                .await?;
        }
        for a in &content.articles {
            let record = super::ArticleRecord {
                slug: a.slug.clone(),
                section_slug: a.section.clone(),
                section_name: String::new(),
                kicker: a.kicker.clone(),
                title: a.title.clone(),
                standfirst: a.standfirst.clone(),
                author: a.author.clone(),
                published_at: a.published_at.clone(),
                access: a.access,
                tags: a.tags.clone(),
                image: a.image.clone(),
                paywall_after: a.paywall_after,
                body: a
                    .body
                    .iter()
                    .map(DemoBlock::to_block)
                    .collect::<anyhow::Result<Vec<_>>>()?,
            };
            super::publishing::write_article(&mut tx, &site.id, &record).await?;
        }
        for o in &content.offers {
            super::offers::write_published(&mut tx, &site.id, &o.id, &o.spec(), 0).await?;
        }
        let first_start = content
            .webinar_series
            .iter()
            .flat_map(|s| &s.sessions)
            .map(|s| s.starts_at.as_str())
            .min();
        let weeks = match first_start {
            Some(first) => weeks_ahead(first, chrono::Utc::now().date_naive())?,
            None => 0,
        };
        for series in &content.webinar_series {
            sqlx::query(
                "INSERT INTO webinar_series (site_id, id, title, description, questions) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&site.id)
            .bind(&series.id)
            .bind(&series.title)
            .bind(&series.description)
            .bind(json(&series.questions))
            .execute(&mut *tx)
            .await?;
            for s in &series.sessions {
                sqlx::query(
                    "INSERT INTO webinar_sessions (site_id, series_id, id, title, description, \
                     starts_at, ends_at, time_zone, capacity, waitlist, hosts, speakers, points) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                )
                .bind(&site.id)
                .bind(&series.id)
                .bind(&s.id)
                .bind(&s.title)
                .bind(&s.description)
                .bind(shifted(&s.starts_at, weeks)?)
                .bind(shifted(&s.ends_at, weeks)?)
                .bind(&s.time_zone)
                .bind(s.capacity.map(i64::from))
                .bind(i64::from(s.waitlist))
                .bind(json(&s.hosts))
                .bind(json(&s.speakers))
                .bind(json(&s.points))
                .execute(&mut *tx)
                .await?;
            }
        }
        for survey in &content.surveys {
            let input = &survey.input;
            sqlx::query(
                "INSERT INTO surveys (site_id, id, title, introduction, questions, time_zone, \
                 results_note, series_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0)",
            )
            .bind(&site.id)
            .bind(&survey.id)
            .bind(&input.title)
            .bind(&input.introduction)
            .bind(json(&input.questions))
            .bind(&input.time_zone)
            .bind(&input.results_note)
            .bind(&input.series)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.cache.forget(&site.id);
        tracing::info!(site = %site.id, articles = content.articles.len(), "demo content loaded");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_sessions_move_by_whole_weeks_to_stay_ahead() {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let first = "2026-12-03T15:30:00";
        assert_eq!(weeks_ahead(first, day("2026-11-28")).unwrap(), 0);
        assert_eq!(weeks_ahead(first, day("2026-11-30")).unwrap(), 0);
        assert_eq!(weeks_ahead(first, day("2026-12-01")).unwrap(), 1);
        assert_eq!(weeks_ahead(first, day("2027-06-15")).unwrap(), 29);
        assert_eq!(shifted(first, 29).unwrap(), "2027-06-24T15:30:00");
        // Across a DST change the wall-clock time stays; the zone gives the new offset.
        assert_eq!(
            shifted("2027-03-25T15:30:00", 1).unwrap(),
            "2027-04-01T15:30:00"
        );
    }
}
