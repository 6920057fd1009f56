//! Offers: the published ones readers get, drafts marketers edit, publishing and archiving.

use kiosque_protocol::FieldError;
use sqlx::{Any, Row, Transaction};

use super::Store;
use crate::offers::{OfferSpec, Placement, Targeting, Variant};

/// An offer in the console's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferSummary {
    pub id: String,
    /// The internal name (the draft's when there is one).
    pub name: String,
    /// Where it is shown: the published offer's placement, else its draft's.
    pub placement: Placement,
    /// Its schedule (unix seconds; `None`: no limit), the published one's, else its draft's.
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    /// `None`: never published (a draft only).
    pub status: Option<String>,
    pub has_draft: bool,
}

/// What `publish_offer` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    Done,
    NoDraft,
    Invalid(Vec<FieldError>),
}

fn placement_of(name: &str) -> anyhow::Result<Placement> {
    [Placement::Paywall, Placement::Inline, Placement::Banner]
        .into_iter()
        .find(|p| p.as_str() == name)
        .ok_or_else(|| anyhow::anyhow!("unknown placement {name:?}"))
}

/// Writes `spec` as the published version of offer `id` (its variants replaced), in `tx`.
pub(super) async fn write_published(
    tx: &mut Transaction<'_, Any>,
    site: &str,
    id: &str,
    spec: &OfferSpec,
    now: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO offers (site_id, id, name, cta_url, priority, placement, starts_at, ends_at, \
         targeting, status, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'published', $10) \
         ON CONFLICT (site_id, id) DO UPDATE SET name = excluded.name, cta_url = excluded.cta_url, \
         priority = excluded.priority, placement = excluded.placement, \
         starts_at = excluded.starts_at, ends_at = excluded.ends_at, \
         targeting = excluded.targeting, status = 'published', published_at = excluded.published_at",
    )
    .bind(site)
    .bind(id)
    .bind(&spec.name)
    .bind(&spec.cta_url)
    .bind(spec.priority)
    .bind(spec.placement.as_str())
    .bind(spec.starts_at)
    .bind(spec.ends_at)
    .bind(serde_json::to_string(&spec.targeting)?)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM offer_variants WHERE site_id = $1 AND offer_id = $2")
        .bind(site)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (position, v) in spec.variants.iter().enumerate() {
        sqlx::query(
            "INSERT INTO offer_variants (site_id, offer_id, id, position, weight, title, headline, \
             description, price, period, benefits, cta_label, badge, translations) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(site)
        .bind(id)
        .bind(&v.id)
        .bind(position as i64)
        .bind(i64::from(v.weight))
        .bind(&v.title)
        .bind(&v.headline)
        .bind(&v.description)
        .bind(&v.price)
        .bind(&v.period)
        .bind(serde_json::to_string(&v.benefits)?)
        .bind(&v.cta_label)
        .bind(&v.badge)
        .bind(serde_json::to_string(&v.translations)?)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// The site's published offers with their variants, in display order.
    pub async fn published_offers(&self, site: &str) -> anyhow::Result<super::PublishedOffers> {
        let read = async {
            let published = self.offers_with_status(site, Some("published")).await?;
            Ok(std::sync::Arc::new(published))
        };
        let offers = &self.cache.offers;
        self.cache.read_through(offers, site.to_owned(), read).await
    }

    async fn offers_with_status(
        &self,
        site: &str,
        status: Option<&str>,
    ) -> anyhow::Result<Vec<(String, OfferSpec)>> {
        let rows = sqlx::query(
            "SELECT id, name, cta_url, priority, placement, starts_at, ends_at, targeting \
             FROM offers WHERE site_id = $1 AND ($2 IS NULL OR status = $3) ORDER BY priority, id",
        )
        .bind(site)
        .bind(status)
        .bind(status)
        .fetch_all(&self.pool)
        .await?;
        let variants = sqlx::query(
            "SELECT offer_id, id, weight, title, headline, description, price, period, benefits, \
             cta_label, badge, translations FROM offer_variants WHERE site_id = $1 \
             ORDER BY offer_id, position",
        )
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        let mut offers = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: String = row.try_get("id")?;
            let mut spec_variants = Vec::new();
            for v in variants
                .iter()
                .filter(|v| v.get::<String, _>("offer_id") == id)
            {
                spec_variants.push(Variant {
                    id: v.try_get("id")?,
                    weight: u32::try_from(v.try_get::<i64, _>("weight")?)?,
                    title: v.try_get("title")?,
                    headline: v.try_get("headline")?,
                    description: v.try_get("description")?,
                    price: v.try_get("price")?,
                    period: v.try_get("period")?,
                    benefits: serde_json::from_str(v.try_get("benefits")?)?,
                    cta_label: v.try_get("cta_label")?,
                    badge: v.try_get("badge")?,
                    translations: serde_json::from_str(v.try_get("translations")?)?,
                });
            }
            let targeting: Targeting = serde_json::from_str(row.try_get("targeting")?)?;
            offers.push((
                id,
                OfferSpec {
                    name: row.try_get("name")?,
                    cta_url: row.try_get("cta_url")?,
                    placement: placement_of(row.try_get("placement")?)?,
                    priority: row.try_get("priority")?,
                    starts_at: row.try_get("starts_at")?,
                    ends_at: row.try_get("ends_at")?,
                    targeting,
                    variants: spec_variants,
                },
            ));
        }
        Ok(offers)
    }

    /// Every offer of the site, published, archived or draft only, for the console.
    pub async fn offer_summaries(&self, site: &str) -> anyhow::Result<Vec<OfferSummary>> {
        // The draft's name is read from its JSON here: the two databases' JSON functions
        // differ, and the list is short.
        type Row = (
            String,
            String,
            Option<String>,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT o.id, o.name, o.placement, o.starts_at, o.ends_at, o.status, d.spec \
             FROM offers o LEFT JOIN offer_drafts d ON d.site_id = o.site_id AND d.offer_id = o.id \
             WHERE o.site_id = $1 \
             UNION ALL \
             SELECT d.offer_id, '', NULL, NULL, NULL, NULL, d.spec FROM offer_drafts d \
             WHERE d.site_id = $1 AND NOT EXISTS \
               (SELECT 1 FROM offers o WHERE o.site_id = d.site_id AND o.id = d.offer_id) \
             ORDER BY 1",
        )
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, name, placement, starts_at, ends_at, status, draft)| {
                let draft_json = match &draft {
                    Some(spec) => serde_json::from_str::<serde_json::Value>(spec)?,
                    None => serde_json::Value::Null,
                };
                let name = draft_json["name"].as_str().map_or(name, str::to_owned);
                // What readers get where the offer is published, else what its draft says.
                let (placement, starts_at, ends_at) = match placement {
                    Some(placement) => (placement_of(&placement)?, starts_at, ends_at),
                    None => (
                        serde_json::from_value(draft_json["placement"].clone()).unwrap_or_default(),
                        draft_json["starts_at"].as_i64(),
                        draft_json["ends_at"].as_i64(),
                    ),
                };
                Ok(OfferSummary {
                    id,
                    name,
                    placement,
                    starts_at,
                    ends_at,
                    status,
                    has_draft: draft.is_some(),
                })
            })
            .collect()
    }

    /// The offer as it is being edited: its draft, else its published version.
    pub async fn offer_for_editing(
        &self,
        site: &str,
        id: &str,
    ) -> anyhow::Result<Option<OfferSpec>> {
        let draft: Option<String> = sqlx::query_scalar(
            "SELECT spec FROM offer_drafts WHERE site_id = $1 AND offer_id = $2",
        )
        .bind(site)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(draft) = draft {
            return Ok(Some(
                serde_json::from_str::<OfferSpec>(&draft)?.with_titles(),
            ));
        }
        Ok(self
            .offers_with_status(site, None)
            .await?
            .into_iter()
            .find(|(offer, _)| offer == id)
            .map(|(_, spec)| spec))
    }

    /// Saves a draft (checked first: an invalid draft is not saved, its errors come back).
    pub async fn save_offer_draft(
        &self,
        site: &str,
        id: &str,
        spec: &OfferSpec,
        now: i64,
    ) -> anyhow::Result<Result<(), Vec<FieldError>>> {
        let errors = spec.check();
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        sqlx::query(
            "INSERT INTO offer_drafts (site_id, offer_id, spec, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (site_id, offer_id) DO UPDATE SET spec = excluded.spec, \
             updated_at = excluded.updated_at",
        )
        .bind(site)
        .bind(id)
        .bind(serde_json::to_string(spec)?)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(Ok(()))
    }

    /// Publishes the draft of `id` in one transaction: readers get it on their next request.
    pub async fn publish_offer(&self, site: &str, id: &str, now: i64) -> anyhow::Result<Published> {
        let mut tx = self.begin_write().await?;
        // Taken and deleted in one statement: a draft saved meanwhile is either this one or
        // waits for this transaction, never deleted unpublished (a rollback puts it back).
        let draft: Option<String> = sqlx::query_scalar(
            "DELETE FROM offer_drafts WHERE site_id = $1 AND offer_id = $2 RETURNING spec",
        )
        .bind(site)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(draft) = draft else {
            return Ok(Published::NoDraft);
        };
        let spec = serde_json::from_str::<OfferSpec>(&draft)?.with_titles();
        let errors = spec.check();
        if !errors.is_empty() {
            return Ok(Published::Invalid(errors));
        }
        write_published(&mut tx, site, id, &spec, now).await?;
        tx.commit().await?;
        self.cache.forget(site);
        Ok(Published::Done)
    }

    /// Archives a published offer: readers no longer get it; its events and figures stay.
    pub async fn archive_offer(&self, site: &str, id: &str) -> anyhow::Result<bool> {
        let done = sqlx::query(
            "UPDATE offers SET status = 'archived' WHERE site_id = $1 AND id = $2 AND status = 'published'",
        )
        .bind(site)
        .bind(id)
        .execute(&self.pool)
        .await?;
        self.cache.forget(site);
        Ok(done.rows_affected() == 1)
    }
}
