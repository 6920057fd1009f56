//! Offers outside the paywall: inline blocks and banners a page places where it likes
//! (`data-kiosque="offers"`). Nothing is decided or counted here: a subscriber gets none, and
//! everyone else is targeted with their meter as it stands.

use kiosque_protocol::{AccessLevel, Offer};

use super::{identify, offers_for, verify_entitlement, ArticleRef, Reader, DAY_SECS};
use crate::offers::{Context, Placement};
use crate::store::{Site, Store};

/// The published offers of `placement` for this reader, on a page about `article` if any
/// (its section, tags and access level serve the targeting; a page about no article counts
/// as free). Meter-state targeting reads the reader's meter without using it: "exhausted"
/// once their free articles of the period are read.
pub async fn placed_offers(
    store: &Store,
    site: &Site,
    placement: Placement,
    article: Option<ArticleRef<'_>>,
    reader: &Reader,
    now: i64,
) -> anyhow::Result<Vec<Offer>> {
    if let Some(token) = &reader.entitlement {
        if verify_entitlement(store, site, token, now).await?.is_ok() {
            return Ok(vec![]);
        }
    }
    let (account, who) = identify(store, site, reader, now).await?;
    let allowance = match account {
        Some(_) => site.meter.registered,
        None => site.meter.anonymous,
    };
    let used = match who.meter_key() {
        Some(key) if allowance > 0 => {
            let period_start = now - i64::from(site.meter.period_days) * DAY_SECS;
            Some(store.meter_used(&site.id, &key, period_start).await?)
        }
        _ => None,
    };
    let context = Context {
        section: article.and_then(|a| a.section),
        tags: article.map_or(&[], |a| a.tags),
        level: article.map_or(AccessLevel::Free, |a| a.level),
        meter_exhausted: used.is_some_and(|u| u >= allowance),
        metered: used.is_some(),
        mobile: reader.mobile,
        returning: account.is_some() || used.is_some_and(|u| u > 0),
        now,
    };
    offers_for(store, site, placement, who, &context, reader.lang).await
}
