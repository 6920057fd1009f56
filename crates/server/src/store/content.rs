//! Sites, articles and offers: what the public API reads.

use std::sync::Arc;

use kiosque_protocol::{
    AccessLevel, ArticleMeta, Block, Image, Lang, Offer, Paywall, Section, TeaserFilter,
};
use sqlx::Row;

use super::{Backend, Store};

pub use kiosque_protocol::PaywallTexts;

/// A translation of the box, each empty text (or an empty list of benefits) taken from
/// `default`.
pub fn translated_or(translation: &PaywallTexts, default: &PaywallTexts) -> PaywallTexts {
    let pick = |own: &String, fallback: &String| {
        if own.trim().is_empty() {
            fallback.clone()
        } else {
            own.clone()
        }
    };
    PaywallTexts {
        kicker: pick(&translation.kicker, &default.kicker),
        title: pick(&translation.title, &default.title),
        benefits: if translation.benefits.is_empty() {
            default.benefits.clone()
        } else {
            translation.benefits.clone()
        },
        cta_label: pick(&translation.cta_label, &default.cta_label),
    }
}

/// The box a reader gets: its texts and the offers chosen for that reader.
pub fn paywall_box(texts: PaywallTexts, offers: Vec<Offer>, lang: Lang) -> Paywall {
    let mut paywall = Paywall {
        kicker: texts.kicker,
        title: texts.title,
        benefits: texts.benefits,
        cta_label: texts.cta_label,
        offers,
    };
    crate::typography::paywall(lang, &mut paywall);
    paywall
}

#[derive(Debug, Clone)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub tagline: String,
    pub lang: String,
    pub allowed_origins: Vec<String>,
    pub teaser_blocks: usize,
    /// The paywall box in the site's own language.
    pub paywall: PaywallTexts,
    /// The paywall box in other languages, by code (`en`); a missing text falls back to
    /// `paywall`'s.
    pub paywall_translations: Translations<PaywallTexts>,
    pub meter: MeterRules,
    /// HMAC-SHA256 key for entitlement tokens; `None` refuses every token.
    pub entitlement_key: Option<String>,
    pub entitlement_max_lifetime_secs: i64,
    /// The widget's look, set in the console.
    pub appearance: kiosque_protocol::Appearance,
    /// The marketer's overrides of the widget's texts.
    pub texts: TextOverrides,
}

/// Language code (`fr`, `en`) → a publisher's text in that language.
pub type Translations<T> = std::collections::BTreeMap<String, T>;

impl Site {
    /// The site's own language: the one its texts are written in first.
    pub fn lang(&self) -> kiosque_protocol::Lang {
        kiosque_protocol::Lang::from_tag(&self.lang)
    }

    /// The languages the site's texts can be translated into: every one but its own.
    pub fn other_langs(&self) -> Vec<kiosque_protocol::Lang> {
        kiosque_protocol::Lang::ALL
            .into_iter()
            .filter(|l| *l != self.lang())
            .collect()
    }

    /// The paywall box for a reader of `lang` (the site's language when `None`).
    pub fn paywall_in(&self, lang: Option<kiosque_protocol::Lang>) -> PaywallTexts {
        match lang.and_then(|l| self.paywall_translations.get(l.as_str())) {
            Some(translated) if lang != Some(self.lang()) => {
                translated_or(translated, &self.paywall)
            }
            _ => self.paywall.clone(),
        }
    }
}

/// Language code (`fr`, `en`) → `Text` name → the marketer's text. Names the widget no
/// longer has are kept but unused.
pub type TextOverrides =
    std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;

/// A site's free-article meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeterRules {
    /// Gated articles an anonymous reader may read per period; 0 turns the meter off.
    pub anonymous: u32,
    /// Subscriber-only articles a registered reader may read per period.
    pub registered: u32,
    pub period_days: u32,
}

/// An article as stored: the whole body, and the editor's paywall marker.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    pub meta: ArticleMeta,
    pub body: Vec<Block>,
    pub paywall_after: Option<usize>,
}

/// Public metadata only: lists never even read a body.
pub(super) const META_COLUMNS: &str = "a.slug, a.kicker, a.title, a.standfirst, a.author, \
     a.published_at, a.access, a.tags, a.image_url, a.image_alt, s.slug AS section_slug, \
     s.name AS section_name";

/// One page of teasers, newest first, filtered by `condition` (whose parameters are `$2` to
/// `$n`, `$1` being the site); `keyset`: after a mark. The mark and the page's size and skip
/// are the parameters that follow, in that order.
fn list_sql(condition: &str, n: usize, keyset: bool) -> String {
    let mut next = n + 1;
    let mut param = || {
        next += 1;
        format!("${}", next - 1)
    };
    let after = if keyset {
        format!(" AND (a.published_at, a.slug) < ({}, {})", param(), param())
    } else {
        String::new()
    };
    let (limit, offset) = (param(), param());
    format!(
        "SELECT {META_COLUMNS} FROM articles a \
         JOIN sections s ON s.site_id = a.site_id AND s.slug = a.section_slug \
         WHERE a.site_id = $1 AND a.unpublished_at IS NULL AND {condition}{after} \
         ORDER BY a.published_at DESC, a.slug DESC LIMIT {limit} OFFSET {offset}"
    )
}

/// Where a page of teasers starts: after the article a previous page ended with (as fast at
/// any depth: see migration 0019), and after skipping some (slower the more).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// `(published_at, slug)` of the last article already shown.
    pub after: Option<(String, String)>,
    pub skip: u32,
}

impl Page {
    /// The `next` of a page that ended with `last`: an opaque text for the client.
    pub fn cursor(last: &ArticleMeta) -> String {
        format!("{}~{}", last.published_at, last.slug)
    }

    /// What a cursor this server made marks, or `None`. The OpenAPI document states the same
    /// shape as a pattern (`http::articles::ListQuery::after`).
    pub fn mark(cursor: &str) -> Option<(String, String)> {
        let (published_at, slug) = cursor.rsplit_once('~')?;
        // A publication date as stored (a day, or a time of day with its zone).
        let dated = published_at.len() <= 40
            && published_at.starts_with(|c: char| c.is_ascii_digit())
            && published_at
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'~');
        (dated && crate::publishing::valid_slug(slug))
            .then(|| (published_at.to_owned(), slug.to_owned()))
    }
}

impl Store {
    pub async fn site(&self, id: &str) -> anyhow::Result<Option<Arc<Site>>> {
        let read = async { Ok(self.site_row(id).await?.map(Arc::new)) };
        let sites = &self.cache.sites;
        self.cache.read_through(sites, id.to_owned(), read).await
    }

    async fn site_row(&self, id: &str) -> anyhow::Result<Option<Site>> {
        let row = sqlx::query(
            "SELECT id, name, tagline, lang, allowed_origins, teaser_blocks, paywall, \
             meter_anonymous, meter_registered, meter_period_days, entitlement_key, \
             entitlement_max_lifetime_secs, appearance, texts, paywall_translations \
             FROM sites WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Site {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            tagline: row.try_get("tagline")?,
            lang: row.try_get("lang")?,
            allowed_origins: serde_json::from_str(row.try_get("allowed_origins")?)?,
            teaser_blocks: usize::try_from(row.try_get::<i64, _>("teaser_blocks")?)?,
            paywall: serde_json::from_str(row.try_get("paywall")?)?,
            paywall_translations: serde_json::from_str(row.try_get("paywall_translations")?)?,
            meter: MeterRules {
                anonymous: u32::try_from(row.try_get::<i64, _>("meter_anonymous")?)?,
                registered: u32::try_from(row.try_get::<i64, _>("meter_registered")?)?,
                period_days: u32::try_from(row.try_get::<i64, _>("meter_period_days")?)?,
            },
            entitlement_key: row.try_get("entitlement_key")?,
            entitlement_max_lifetime_secs: row.try_get("entitlement_max_lifetime_secs")?,
            appearance: serde_json::from_str(row.try_get("appearance")?)?,
            texts: serde_json::from_str(row.try_get("texts")?)?,
        }))
    }

    /// Creates a site with the default paywall texts and meter; `false` if the id is taken.
    pub async fn create_site(
        &self,
        id: &str,
        name: &str,
        allowed_origins: &[String],
    ) -> anyhow::Result<bool> {
        let paywall = serde_json::json!({
            "kicker": "Abonnement",
            "title": "Accédez à l’intégralité de nos contenus",
            "benefits": [],
            "cta_label": "Découvrez nos offres",
        });
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO sites (id, name, allowed_origins, paywall) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(name)
        .bind(serde_json::to_string(allowed_origins)?)
        .bind(paywall.to_string())
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(false);
        }
        // Registrations need consent texts: start with neutral ones the console can replace.
        for (kind, text) in [
            (
                "processing",
                format!("J’accepte que {name} traite mes données pour gérer mon inscription."),
            ),
            (
                "marketing",
                format!("J’accepte de recevoir les informations de {name}."),
            ),
        ] {
            sqlx::query(
                "INSERT INTO consent_texts (site_id, kind, version, text, created_at) \
                 VALUES ($1, $2, 1, $3, $4)",
            )
            .bind(id)
            .bind(kind)
            .bind(text)
            .bind(crate::unix_now())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.cache.forget(id);
        Ok(true)
    }

    /// Replaces a site's entitlement key; `false` when there is no such site.
    pub async fn set_entitlement_key(
        &self,
        site: &str,
        key: &str,
        max_lifetime_secs: i64,
    ) -> anyhow::Result<bool> {
        let updated = sqlx::query(
            "UPDATE sites SET entitlement_key = $1, entitlement_max_lifetime_secs = $2 WHERE id = $3",
        )
        .bind(key)
        .bind(max_lifetime_secs)
        .bind(site)
        .execute(&self.pool)
        .await?;
        self.cache.forget(site);
        Ok(updated.rows_affected() == 1)
    }

    /// Changes a site's meter; `false` when there is no such site.
    pub async fn set_meter_rules(&self, site: &str, rules: MeterRules) -> anyhow::Result<bool> {
        let updated = sqlx::query(
            "UPDATE sites SET meter_anonymous = $1, meter_registered = $2, \
                 meter_period_days = $3 WHERE id = $4",
        )
        .bind(i64::from(rules.anonymous))
        .bind(i64::from(rules.registered))
        .bind(i64::from(rules.period_days))
        .bind(site)
        .execute(&self.pool)
        .await?;
        self.cache.forget(site);
        Ok(updated.rows_affected() == 1)
    }

    /// Replaces a site's look (checked by the caller: `Appearance::invalid_fields`).
    pub async fn set_appearance(
        &self,
        site: &str,
        appearance: &kiosque_protocol::Appearance,
    ) -> anyhow::Result<bool> {
        let updated = sqlx::query("UPDATE sites SET appearance = $1 WHERE id = $2")
            .bind(serde_json::to_string(appearance)?)
            .bind(site)
            .execute(&self.pool)
            .await?;
        self.cache.forget(site);
        Ok(updated.rows_affected() == 1)
    }

    /// Replaces every override of a site's widget texts in one update (checked by the caller:
    /// `Text::check_override`).
    pub async fn set_texts(&self, site: &str, texts: &TextOverrides) -> anyhow::Result<bool> {
        let updated = sqlx::query("UPDATE sites SET texts = $1 WHERE id = $2")
            .bind(serde_json::to_string(texts)?)
            .bind(site)
            .execute(&self.pool)
            .await?;
        self.cache.forget(site);
        Ok(updated.rows_affected() == 1)
    }

    /// Replaces a site's paywall texts and their translations (the admin API).
    pub async fn set_paywall_texts(
        &self,
        site: &str,
        texts: &PaywallTexts,
        translations: &Translations<PaywallTexts>,
    ) -> anyhow::Result<bool> {
        let updated =
            sqlx::query("UPDATE sites SET paywall = $1, paywall_translations = $2 WHERE id = $3")
                .bind(serde_json::to_string(texts)?)
                .bind(serde_json::to_string(translations)?)
                .bind(site)
                .execute(&self.pool)
                .await?;
        self.cache.forget(site);
        Ok(updated.rows_affected() == 1)
    }

    /// Replaces a site's paywall texts (with their translations), public teaser length and
    /// meter rules in one update.
    pub async fn set_paywall_settings(
        &self,
        site: &str,
        texts: &PaywallTexts,
        translations: &Translations<PaywallTexts>,
        teaser_blocks: usize,
        rules: MeterRules,
    ) -> anyhow::Result<bool> {
        let updated = sqlx::query(
            "UPDATE sites SET paywall = $1, paywall_translations = $2, teaser_blocks = $3, \
                 meter_anonymous = $4, meter_registered = $5, meter_period_days = $6 WHERE id = $7",
        )
        .bind(serde_json::to_string(texts)?)
        .bind(serde_json::to_string(translations)?)
        .bind(teaser_blocks as i64)
        .bind(i64::from(rules.anonymous))
        .bind(i64::from(rules.registered))
        .bind(i64::from(rules.period_days))
        .bind(site)
        .execute(&self.pool)
        .await?;
        self.cache.forget(site);
        Ok(updated.rows_affected() == 1)
    }

    /// A site's sections, `(slug, name)`, by name.
    pub async fn sections(&self, site: &str) -> anyhow::Result<Vec<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT slug, name FROM sections WHERE site_id = $1 ORDER BY name")
                .bind(site)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// The origins allowed to call the API for `site`; `None` when the site does not exist.
    pub async fn allowed_origins(&self, site: &str) -> anyhow::Result<Option<Vec<String>>> {
        Ok(self.site(site).await?.map(|s| s.allowed_origins.clone()))
    }

    /// Replaces the origins allowed to call the API for `site` (each checked by the caller:
    /// `accounts::parse_allowed_origin`); `false` when there is no such site.
    pub async fn set_allowed_origins(
        &self,
        site: &str,
        origins: &[String],
    ) -> anyhow::Result<bool> {
        let updated = sqlx::query("UPDATE sites SET allowed_origins = $1 WHERE id = $2")
            .bind(serde_json::to_string(origins)?)
            .bind(site)
            .execute(&self.pool)
            .await?;
        self.cache.forget(site);
        Ok(updated.rows_affected() == 1)
    }

    pub async fn article(
        &self,
        site: &str,
        slug: &str,
    ) -> anyhow::Result<Option<Arc<StoredArticle>>> {
        let read = async {
            let sql = format!(
                "SELECT {META_COLUMNS}, a.paywall_after, a.body FROM articles a \
                 JOIN sections s ON s.site_id = a.site_id AND s.slug = a.section_slug \
                 WHERE a.site_id = $1 AND a.slug = $2 AND a.unpublished_at IS NULL"
            );
            let row = sqlx::query(&sql)
                .bind(site)
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
            Ok(row
                .map(|row| stored_article(&row))
                .transpose()?
                .map(Arc::new))
        };
        let key = super::cache::site_key(site, slug);
        self.cache
            .read_through(&self.cache.articles, key, read)
            .await
    }

    /// Newest first, filtered (see [`TeaserFilter`]); `None` when `related` names no article.
    /// Only public metadata leaves this method: never a body.
    pub async fn list_articles(
        &self,
        site: &str,
        filter: &TeaserFilter,
        limit: u32,
        page: &Page,
    ) -> anyhow::Result<Option<Vec<ArticleMeta>>> {
        let (condition, values) = if let Some(section) = &filter.section {
            ("a.section_slug = $2", vec![section.clone()])
        } else if let Some(tag) = &filter.tag {
            // `tags` is a JSON array of texts.
            let condition = match self.backend {
                Backend::Sqlite => {
                    "EXISTS (SELECT 1 FROM json_each(a.tags) WHERE json_each.value = $2)"
                }
                Backend::Postgres => {
                    "EXISTS (SELECT 1 FROM json_array_elements_text(a.tags::json) AS t(value) \
                     WHERE t.value = $2)"
                }
            };
            (condition, vec![tag.clone()])
        } else if let Some(related) = &filter.related {
            let section: Option<String> = sqlx::query_scalar(
                "SELECT section_slug FROM articles \
                 WHERE site_id = $1 AND slug = $2 AND unpublished_at IS NULL",
            )
            .bind(site)
            .bind(related)
            .fetch_optional(&self.pool)
            .await?;
            let Some(section) = section else {
                return Ok(None);
            };
            (
                "a.section_slug = $2 AND a.slug <> $3",
                vec![section, related.clone()],
            )
        } else {
            ("1 = 1", Vec::new())
        };
        let sql = list_sql(condition, 1 + values.len(), page.after.is_some());
        let mut query = sqlx::query(&sql).bind(site);
        for value in values {
            query = query.bind(value);
        }
        if let Some((published_at, slug)) = &page.after {
            query = query.bind(published_at).bind(slug);
        }
        let rows = query
            .bind(i64::from(limit))
            .bind(i64::from(page.skip))
            .fetch_all(&self.pool)
            .await?;
        Ok(Some(
            rows.iter()
                .map(article_meta)
                .collect::<anyhow::Result<_>>()?,
        ))
    }
}

pub(super) fn article_meta(row: &sqlx::any::AnyRow) -> anyhow::Result<ArticleMeta> {
    Ok(ArticleMeta {
        slug: row.try_get("slug")?,
        section: Section {
            slug: row.try_get("section_slug")?,
            name: row.try_get("section_name")?,
        },
        kicker: row.try_get("kicker")?,
        title: row.try_get("title")?,
        standfirst: row.try_get("standfirst")?,
        author: row.try_get("author")?,
        published_at: row.try_get("published_at")?,
        access: parse_access(row.try_get("access")?)?,
        tags: serde_json::from_str(row.try_get("tags")?)?,
        image: row
            .try_get::<Option<String>, _>("image_url")?
            .map(|url| -> anyhow::Result<Image> {
                Ok(Image {
                    url,
                    alt: row.try_get("image_alt")?,
                })
            })
            .transpose()?,
    })
}

pub(super) fn stored_article(row: &sqlx::any::AnyRow) -> anyhow::Result<StoredArticle> {
    let paywall_after: Option<i64> = row.try_get("paywall_after")?;
    Ok(StoredArticle {
        meta: article_meta(row)?,
        body: serde_json::from_str(row.try_get("body")?)?,
        paywall_after: paywall_after.map(usize::try_from).transpose()?,
    })
}

fn parse_access(raw: &str) -> anyhow::Result<AccessLevel> {
    Ok(serde_json::from_value(serde_json::Value::String(
        raw.to_owned(),
    ))?)
}

pub(super) fn access_name(level: AccessLevel) -> &'static str {
    match level {
        AccessLevel::Free => "free",
        AccessLevel::Registered => "registered",
        AccessLevel::Subscribers => "subscribers",
    }
}

#[cfg(test)]
mod keyset_tests {
    use super::*;

    #[tokio::test]
    async fn a_page_after_a_mark_is_read_from_the_index_not_counted_from_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("kiosque.db").display());
        let store = Store::connect(&url).await.unwrap();
        let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!(
            "EXPLAIN QUERY PLAN {}",
            list_sql("1 = 1", 1, true)
        ))
        .bind("demo")
        .bind("2026-11-20T08:00:00Z")
        .bind("un-article")
        .bind(10)
        .bind(0)
        .fetch_all(&store.pool)
        .await
        .unwrap();
        let steps: Vec<&str> = plan
            .iter()
            .map(|(_, _, _, detail)| detail.as_str())
            .collect();
        assert!(
            steps
                .iter()
                .any(|s| s.contains("USING INDEX articles_keyset")
                    && s.contains("(site_id=? AND (published_at,slug)<(?,?))")),
            "{steps:?}"
        );
        assert!(
            !steps.iter().any(|s| s.contains("TEMP B-TREE")),
            "no sort: {steps:?}"
        );
    }
}
