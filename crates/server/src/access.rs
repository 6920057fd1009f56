//! The access decision: what of an article a reader receives. The cut happens here, on the
//! server, so gated text is never serialised for a reader who may not read it.
//!
//! Rules, in order: free articles are open to all; a verified subscriber reads everything;
//! otherwise an anonymous reader with a reader id may read `meter.anonymous` gated articles
//! per period (the same article again does not count twice); everyone else gets the teaser and
//! the wall: registration for `registered` articles, subscription for `subscribers` ones.

use kiosque_protocol::{
    Access, AccessLevel, ArticlePage, ErrorCode, GrantReason, MeterState, Offer, Wall,
};

use crate::entitlement::{Claims, Verifier};
use crate::store::{MeterRules, Site, Store, StoredArticle};

const DAY_SECS: i64 = 24 * 60 * 60;

/// Who is asking, as far as the request tells.
#[derive(Debug, Default, Clone)]
pub struct Reader {
    /// The anonymous reader id the widget keeps in first-party storage.
    pub anonymous_id: Option<String>,
    /// The publisher's entitlement token, not verified yet.
    pub entitlement: Option<String>,
}

/// What the rules say before the meter is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Granted(GrantReason),
    /// Open if the reader's meter has reads left, else behind `wall`.
    Metered {
        wall: Wall,
    },
    Denied(Wall),
}

pub fn verdict(
    level: AccessLevel,
    subscriber: bool,
    has_reader_id: bool,
    meter: MeterRules,
) -> Verdict {
    let wall = match level {
        AccessLevel::Free => return Verdict::Granted(GrantReason::Free),
        AccessLevel::Registered => Wall::Registration,
        AccessLevel::Subscribers => Wall::Subscription,
    };
    if subscriber {
        Verdict::Granted(GrantReason::Subscriber)
    } else if has_reader_id && meter.anonymous > 0 {
        Verdict::Metered { wall }
    } else {
        Verdict::Denied(wall)
    }
}

/// How many body blocks stay public: the editor's marker, else the site default, and never
/// the whole body (a gated article always keeps at least its last block back).
pub fn public_block_count(body_len: usize, marker: Option<usize>, site_default: usize) -> usize {
    marker
        .unwrap_or(site_default)
        .min(body_len.saturating_sub(1))
}

/// Decides and builds the page for `reader`, counting a metered read if one is used.
pub async fn article_page(
    store: &Store,
    site: &Site,
    article: StoredArticle,
    reader: &Reader,
    now: i64,
) -> anyhow::Result<ArticlePage> {
    let (subscriber, entitlement_error) = match &reader.entitlement {
        None => (false, None),
        Some(token) => match verify_entitlement(store, site, token, now).await? {
            Ok(_) => (true, None),
            Err(code) => (false, Some(code)),
        },
    };
    let verdict = verdict(
        article.meta.access,
        subscriber,
        reader.anonymous_id.is_some(),
        site.meter,
    );
    let (outcome, meter) = match (verdict, &reader.anonymous_id) {
        (Verdict::Metered { wall }, Some(id)) => {
            let period_start = now - i64::from(site.meter.period_days) * DAY_SECS;
            let allowance = site.meter.anonymous;
            let read = store
                .meter_read(
                    &site.id,
                    &format!("anon:{id}"),
                    &article.meta.slug,
                    now,
                    period_start,
                    allowance,
                )
                .await?;
            let state = MeterState {
                allowance,
                used: read.used,
                remaining: allowance.saturating_sub(read.used),
                period_days: site.meter.period_days,
            };
            let outcome = if read.granted {
                Verdict::Granted(GrantReason::Meter)
            } else {
                Verdict::Denied(wall)
            };
            (outcome, Some(state))
        }
        (verdict, _) => (verdict, None),
    };
    let mut page = match outcome {
        Verdict::Granted(reason) => full_page(article, reason),
        Verdict::Denied(wall) | Verdict::Metered { wall } => {
            let offers = store.offers(&site.id).await?;
            teaser_page(article, site, wall, offers)
        }
    };
    page.meter = meter;
    page.entitlement_error = entitlement_error;
    Ok(page)
}

/// Verifies the token and that the publisher has not revoked its subject since it was issued.
async fn verify_entitlement(
    store: &Store,
    site: &Site,
    token: &str,
    now: i64,
) -> anyhow::Result<Result<Claims, ErrorCode>> {
    let Some(key) = &site.entitlement_key else {
        return Ok(Err(ErrorCode::EntitlementInvalid));
    };
    let verifier = Verifier {
        site: &site.id,
        key: key.as_bytes(),
        max_lifetime_secs: site.entitlement_max_lifetime_secs,
    };
    let claims = match verifier.verify(token, now) {
        Ok(claims) if claims.scope.is_none() => claims,
        Ok(_) => return Ok(Err(ErrorCode::EntitlementInvalid)),
        Err(code) => return Ok(Err(code)),
    };
    match store.entitlement_revoked_at(&site.id, &claims.sub).await? {
        Some(revoked_at) if claims.iat <= revoked_at => Ok(Err(ErrorCode::EntitlementRevoked)),
        _ => Ok(Ok(claims)),
    }
}

fn full_page(article: StoredArticle, reason: GrantReason) -> ArticlePage {
    ArticlePage {
        article: article.meta,
        body: article.body,
        access: Access::Full { reason },
        meter: None,
        entitlement_error: None,
    }
}

fn teaser_page(article: StoredArticle, site: &Site, wall: Wall, offers: Vec<Offer>) -> ArticlePage {
    let StoredArticle {
        meta,
        mut body,
        paywall_after,
    } = article;
    body.truncate(public_block_count(
        body.len(),
        paywall_after,
        site.teaser_blocks,
    ));
    ArticlePage {
        article: meta,
        body,
        access: Access::Teaser {
            wall,
            paywall: site.paywall.clone().with_offers(offers),
        },
        meter: None,
        entitlement_error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const METER: MeterRules = MeterRules {
        anonymous: 2,
        period_days: 30,
    };

    #[test]
    fn marker_wins_over_site_default() {
        assert_eq!(public_block_count(8, Some(3), 2), 3);
        assert_eq!(public_block_count(8, None, 2), 2);
    }

    #[test]
    fn a_gated_article_never_shows_its_whole_body() {
        assert_eq!(public_block_count(2, None, 2), 1);
        assert_eq!(public_block_count(3, Some(10), 2), 2);
        assert_eq!(public_block_count(1, None, 2), 0);
        assert_eq!(public_block_count(0, None, 2), 0);
    }

    #[test]
    fn free_articles_are_open_to_everyone() {
        for (subscriber, id) in [(false, false), (false, true), (true, false)] {
            assert_eq!(
                verdict(AccessLevel::Free, subscriber, id, METER),
                Verdict::Granted(GrantReason::Free)
            );
        }
    }

    #[test]
    fn subscribers_read_everything() {
        for level in [AccessLevel::Registered, AccessLevel::Subscribers] {
            assert_eq!(
                verdict(level, true, false, METER),
                Verdict::Granted(GrantReason::Subscriber)
            );
        }
    }

    #[test]
    fn anonymous_readers_are_metered_only_with_an_id_and_a_meter() {
        assert_eq!(
            verdict(AccessLevel::Subscribers, false, true, METER),
            Verdict::Metered {
                wall: Wall::Subscription
            }
        );
        assert_eq!(
            verdict(AccessLevel::Registered, false, true, METER),
            Verdict::Metered {
                wall: Wall::Registration
            }
        );
        assert_eq!(
            verdict(AccessLevel::Subscribers, false, false, METER),
            Verdict::Denied(Wall::Subscription)
        );
        let off = MeterRules {
            anonymous: 0,
            period_days: 30,
        };
        assert_eq!(
            verdict(AccessLevel::Registered, false, true, off),
            Verdict::Denied(Wall::Registration)
        );
    }
}
