//! The access decision: what of an article a reader receives. The cut happens here, on the
//! server, so gated text is never serialised for a reader who may not read it.
//!
//! Rules, in order: free articles are open to all; a verified subscriber reads everything;
//! a signed-in reader reads `registered` articles, and `meter.registered` subscriber-only
//! articles per period; an anonymous reader with a reader id may read `meter.anonymous` gated
//! articles per period (the same article again does not count twice); everyone else gets the
//! teaser and the wall: registration for `registered` articles, subscription for the others.

use kiosque_protocol::{
    Access, AccessLevel, Account, ArticlePage, Block, ErrorCode, GrantReason, MeterState, Wall,
};

use crate::entitlement::{Claims, Verifier};
use crate::offers::{Context, Placement};
use crate::store::{MeterRules, Site, Store, StoredArticle};

mod placed;

pub use placed::placed_offers;

const DAY_SECS: i64 = 24 * 60 * 60;

/// Who is asking, as far as the request tells.
#[derive(Debug, Default, Clone)]
pub struct Reader {
    /// The anonymous reader id the widget keeps in first-party storage.
    pub anonymous_id: Option<String>,
    /// The publisher's entitlement token, not verified yet.
    pub entitlement: Option<String>,
    /// A session token from signing in, not checked yet.
    pub session: Option<String>,
    /// The browser says it is a phone or tablet (`User-Agent`), for offers aimed at devices.
    pub mobile: bool,
    /// The language of the placeholder (`Accept-Language`, which the widget sets), for the
    /// publisher's texts; `None`: the site's own.
    pub lang: Option<kiosque_protocol::Lang>,
}

/// The article asked for, as far as the decision and the offers' targeting need it.
#[derive(Debug, Clone, Copy)]
pub struct ArticleRef<'a> {
    pub slug: &'a str,
    pub level: AccessLevel,
    pub section: Option<&'a str>,
    pub tags: &'a [String],
}

impl<'a> ArticleRef<'a> {
    /// A stored article, as the decision and the targeting see it.
    pub fn of(article: &'a StoredArticle) -> ArticleRef<'a> {
        ArticleRef {
            slug: &article.meta.slug,
            level: article.meta.access,
            section: Some(&article.meta.section.slug),
            tags: &article.meta.tags,
        }
    }
}

/// The reader the rules apply to, once the session is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who<'a> {
    Anonymous { reader_id: Option<&'a str> },
    Account { id: i64 },
}

impl Who<'_> {
    /// The meter's key for this reader, if it can be metered.
    fn meter_key(self) -> Option<String> {
        match self {
            Who::Anonymous { reader_id } => reader_id.map(|id| format!("anon:{id}")),
            Who::Account { id } => Some(format!("acct:{id}")),
        }
    }
}

/// What the rules say before the meter is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Granted(GrantReason),
    /// Open if the reader's meter has reads left out of `allowance`, else behind `wall`.
    Metered {
        wall: Wall,
        allowance: u32,
    },
    Denied(Wall),
}

pub fn verdict(level: AccessLevel, subscriber: bool, who: Who, meter: MeterRules) -> Verdict {
    let wall = match level {
        AccessLevel::Free => return Verdict::Granted(GrantReason::Free),
        AccessLevel::Registered => Wall::Registration,
        AccessLevel::Subscribers => Wall::Subscription,
    };
    if subscriber {
        return Verdict::Granted(GrantReason::Subscriber);
    }
    let allowance = match who {
        Who::Account { .. } if level == AccessLevel::Registered => {
            return Verdict::Granted(GrantReason::Registered)
        }
        Who::Account { .. } => meter.registered,
        Who::Anonymous { reader_id: Some(_) } => meter.anonymous,
        Who::Anonymous { reader_id: None } => 0,
    };
    if allowance > 0 {
        Verdict::Metered { wall, allowance }
    } else {
        Verdict::Denied(wall)
    }
}

/// How many body blocks stay public: the editor's marker, else the site default, and never
/// the whole body (a gated article always keeps at least its last block back). A teaser never
/// ends on a heading: a subheading under the fade, with nothing of its section, reads as a
/// broken page, so the cut moves up above it (never down: that would show more than asked).
pub fn public_block_count(body: &[Block], marker: Option<usize>, site_default: usize) -> usize {
    let mut count = marker
        .unwrap_or(site_default)
        .min(body.len().saturating_sub(1));
    while count > 0 && matches!(body[count - 1], Block::Heading(_)) {
        count -= 1;
    }
    count
}

/// The decision for one reader and one article, before any body is cut.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub access: Access,
    pub meter: Option<MeterState>,
    pub account: Option<Account>,
    pub entitlement_error: Option<ErrorCode>,
}

/// Decides whether `reader` may read `article`, counting a metered read if one is used.
pub async fn decide(
    store: &Store,
    site: &Site,
    article: ArticleRef<'_>,
    reader: &Reader,
    now: i64,
) -> anyhow::Result<Decision> {
    let (slug, level) = (article.slug, article.level);
    let (subscriber, entitlement_error) = match &reader.entitlement {
        None => (false, None),
        Some(token) => match verify_entitlement(store, site, token, now).await? {
            Ok(_) => {
                // A subscriber who followed an offer's link from this browser converts it.
                if let Some(reader_id) = &reader.anonymous_id {
                    store
                        .record_subscriber_conversion(&site.id, reader_id, now)
                        .await?;
                }
                (true, None)
            }
            Err(code) => (false, Some(code)),
        },
    };
    let (account, who) = identify(store, site, reader, now).await?;
    let (outcome, meter) = match (verdict(level, subscriber, who, site.meter), who.meter_key()) {
        (Verdict::Metered { wall, allowance }, Some(key)) => {
            let period_start = now - i64::from(site.meter.period_days) * DAY_SECS;
            let read = store
                .meter_read(&site.id, &key, slug, now, period_start, allowance)
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
    let access = match outcome {
        Verdict::Granted(reason) => Access::Full { reason },
        Verdict::Denied(wall) | Verdict::Metered { wall, .. } => {
            let context = Context {
                section: article.section,
                tags: article.tags,
                level,
                meter_exhausted: meter.is_some_and(|m| m.remaining == 0),
                metered: meter.is_some(),
                mobile: reader.mobile,
                returning: account.is_some() || meter.is_some_and(|m| m.used > 0),
                now,
            };
            let offers =
                offers_for(store, site, Placement::Paywall, who, &context, reader.lang).await?;
            // An anonymous reader behind the subscription wall may still get more free
            // articles with an account: say how many.
            let register_for = (matches!(who, Who::Anonymous { .. })
                && wall == Wall::Subscription
                && site.meter.registered > 0)
                .then_some(site.meter.registered);
            Access::Teaser {
                wall,
                paywall: crate::store::paywall_box(
                    site.paywall_in(reader.lang),
                    offers,
                    reader.lang.unwrap_or(site.lang()),
                ),
                register_for,
            }
        }
    };
    Ok(Decision {
        access,
        meter,
        account: account.map(|(_, email)| Account { email }),
        entitlement_error,
    })
}

/// Decides and builds the page for `reader`: the whole body, or the teaser cut here.
pub async fn article_page(
    store: &Store,
    site: &Site,
    article: &StoredArticle,
    reader: &Reader,
    now: i64,
) -> anyhow::Result<ArticlePage> {
    let decision = decide(store, site, ArticleRef::of(article), reader, now).await?;
    let body = &article.body;
    let shown = match decision.access {
        Access::Teaser { .. } => {
            public_block_count(body, article.paywall_after, site.teaser_blocks)
        }
        Access::Full { .. } => body.len(),
    };
    Ok(ArticlePage {
        article: article.meta.clone(),
        body: body[..shown].to_vec(),
        access: decision.access,
        meter: decision.meter,
        account: decision.account,
        entitlement_error: decision.entitlement_error,
    })
}

/// The published offers of `placement` aimed at this reader and page, each in the reader's
/// variant. A reader without an id (storage blocked) gets a variant drawn for this request
/// only.
async fn offers_for(
    store: &Store,
    site: &Site,
    placement: Placement,
    who: Who<'_>,
    context: &Context<'_>,
    lang: Option<kiosque_protocol::Lang>,
) -> anyhow::Result<Vec<kiosque_protocol::Offer>> {
    // The reader's language, else the site's: what each variant's texts are answered in.
    let lang = lang.unwrap_or(site.lang());
    let key = who.meter_key().unwrap_or_else(crate::accounts::new_secret);
    Ok(store
        .published_offers(&site.id)
        .await?
        .iter()
        .filter(|(_, spec)| spec.placement == placement && spec.applies(context))
        .filter_map(|(id, spec)| {
            let variant = spec.variant_for(&site.id, id, &key)?;
            Some(spec.for_reader(id, variant, lang))
        })
        .collect())
}

/// The reader's account (id, address) when their session is valid, and who the rules apply to.
async fn identify<'r>(
    store: &Store,
    site: &Site,
    reader: &'r Reader,
    now: i64,
) -> anyhow::Result<(Option<(i64, String)>, Who<'r>)> {
    let account = match &reader.session {
        Some(token) => {
            let hash = crate::accounts::sha256_hex(token);
            store.session_account(&site.id, &hash, now).await?
        }
        None => None,
    };
    let who = match &account {
        Some((id, _)) => Who::Account { id: *id },
        None => Who::Anonymous {
            reader_id: reader.anonymous_id.as_deref(),
        },
    };
    Ok((account, who))
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

#[cfg(test)]
mod tests {
    use super::*;

    const METER: MeterRules = MeterRules {
        anonymous: 2,
        registered: 5,
        period_days: 30,
    };
    const NOBODY: Who = Who::Anonymous { reader_id: None };
    const ANONYMOUS: Who = Who::Anonymous {
        reader_id: Some("reader-aaaaaaaaaaaaaaaa"),
    };
    const MEMBER: Who = Who::Account { id: 7 };

    fn paragraphs(n: usize) -> Vec<Block> {
        (0..n).map(|i| Block::Paragraph(format!("§{i}"))).collect()
    }

    #[test]
    fn marker_wins_over_site_default() {
        assert_eq!(public_block_count(&paragraphs(8), Some(3), 2), 3);
        assert_eq!(public_block_count(&paragraphs(8), None, 2), 2);
    }

    #[test]
    fn a_gated_article_never_shows_its_whole_body() {
        assert_eq!(public_block_count(&paragraphs(2), None, 2), 1);
        assert_eq!(public_block_count(&paragraphs(3), Some(10), 2), 2);
        assert_eq!(public_block_count(&paragraphs(1), None, 2), 0);
        assert_eq!(public_block_count(&[], None, 2), 0);
    }

    #[test]
    fn a_teaser_never_ends_on_a_heading() {
        let mut body = paragraphs(5);
        body[2] = Block::Heading("Un intertitre".into());
        // Cut after the heading: the cut moves above it.
        assert_eq!(public_block_count(&body, Some(3), 2), 2);
        // Headings in a row all go, and the cut never moves down.
        body[1] = Block::Heading("Un autre".into());
        assert_eq!(public_block_count(&body, Some(3), 2), 1);
        body[0] = Block::Heading("Titre de partie".into());
        assert_eq!(public_block_count(&body, Some(3), 2), 0);
        // A heading after the cut is simply not shown.
        assert_eq!(public_block_count(&paragraphs(4), Some(2), 2), 2);
    }

    #[test]
    fn free_articles_are_open_to_everyone() {
        for who in [NOBODY, ANONYMOUS, MEMBER] {
            assert_eq!(
                verdict(AccessLevel::Free, false, who, METER),
                Verdict::Granted(GrantReason::Free)
            );
        }
    }

    #[test]
    fn subscribers_read_everything() {
        for level in [AccessLevel::Registered, AccessLevel::Subscribers] {
            for who in [NOBODY, ANONYMOUS, MEMBER] {
                assert_eq!(
                    verdict(level, true, who, METER),
                    Verdict::Granted(GrantReason::Subscriber)
                );
            }
        }
    }

    #[test]
    fn members_read_registered_articles_and_are_metered_on_the_rest() {
        assert_eq!(
            verdict(AccessLevel::Registered, false, MEMBER, METER),
            Verdict::Granted(GrantReason::Registered)
        );
        assert_eq!(
            verdict(AccessLevel::Subscribers, false, MEMBER, METER),
            Verdict::Metered {
                wall: Wall::Subscription,
                allowance: 5
            }
        );
    }

    #[test]
    fn anonymous_readers_are_metered_only_with_an_id_and_a_meter() {
        assert_eq!(
            verdict(AccessLevel::Subscribers, false, ANONYMOUS, METER),
            Verdict::Metered {
                wall: Wall::Subscription,
                allowance: 2
            }
        );
        assert_eq!(
            verdict(AccessLevel::Registered, false, ANONYMOUS, METER),
            Verdict::Metered {
                wall: Wall::Registration,
                allowance: 2
            }
        );
        assert_eq!(
            verdict(AccessLevel::Subscribers, false, NOBODY, METER),
            Verdict::Denied(Wall::Subscription)
        );
        let off = MeterRules {
            anonymous: 0,
            registered: 0,
            period_days: 30,
        };
        assert_eq!(
            verdict(AccessLevel::Registered, false, ANONYMOUS, off),
            Verdict::Denied(Wall::Registration)
        );
        assert_eq!(
            verdict(AccessLevel::Subscribers, false, MEMBER, off),
            Verdict::Denied(Wall::Subscription)
        );
    }
}
