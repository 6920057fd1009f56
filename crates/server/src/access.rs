//! The access decision: what of an article a reader receives. The cut happens here, on the
//! server, so gated text is never serialised for a reader who may not read it.

use kiosque_protocol::{Access, AccessLevel, ArticlePage, Offer};

use crate::store::{Site, StoredArticle};

/// Whether this reader may read the whole article. Only free articles for now; meters,
/// registration and subscriber entitlements extend this.
pub fn is_entitled(level: AccessLevel) -> bool {
    matches!(level, AccessLevel::Free)
}

/// How many body blocks stay public: the editor's marker, else the site default, and never
/// the whole body (a gated article always keeps at least its last block back).
pub fn public_block_count(body_len: usize, marker: Option<usize>, site_default: usize) -> usize {
    marker
        .unwrap_or(site_default)
        .min(body_len.saturating_sub(1))
}

/// The page a reader receives: the full article, or the teaser and the paywall with `offers`.
pub fn article_page(article: StoredArticle, site: &Site, offers: Vec<Offer>) -> ArticlePage {
    let StoredArticle {
        meta,
        mut body,
        paywall_after,
    } = article;
    if is_entitled(meta.access) {
        return ArticlePage {
            article: meta,
            body,
            access: Access::Full,
        };
    }
    body.truncate(public_block_count(
        body.len(),
        paywall_after,
        site.teaser_blocks,
    ));
    ArticlePage {
        article: meta,
        body,
        access: Access::Teaser {
            paywall: site.paywall.clone().with_offers(offers),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn only_free_articles_are_open_to_anonymous_readers() {
        assert!(is_entitled(AccessLevel::Free));
        assert!(!is_entitled(AccessLevel::Registered));
        assert!(!is_entitled(AccessLevel::Subscribers));
    }
}
