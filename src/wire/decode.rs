//! [`Decode`] for the primitives and for every protocol type the widget reads. Field names are
//! the serde names of `kiosque-protocol`; `tests.rs` decodes what serde writes to prove it.

use kiosque_protocol::{
    Access, AccessDecision, AccessLevel, Account, ArticleList, ArticleMeta, ArticlePage, Block,
    ErrorCode, GrantReason, Image, LoginStarted, MeterState, Offer, Paywall, RichBlock, Section,
    Session, Span, Wall,
};

use super::{Decode, Value};

impl Decode for String {
    fn decode(value: &Value) -> Option<Self> {
        value.string()
    }
}

impl Decode for bool {
    fn decode(value: &Value) -> Option<Self> {
        value.boolean()
    }
}

impl Decode for u32 {
    fn decode(value: &Value) -> Option<Self> {
        let n = value.number()?;
        // Whole numbers in range only, as serde would insist.
        (n >= 0.0 && n <= u32::MAX as f64 && n == (n as u32) as f64).then_some(n as u32)
    }
}

impl Decode for i64 {
    fn decode(value: &Value) -> Option<Self> {
        let n = value.number()?;
        // Beyond 2^53 a JSON number is no longer exact in JavaScript.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        (n.abs() <= EXACT && n == (n as i64) as f64).then_some(n as i64)
    }
}

impl<T: Decode> Decode for Vec<T> {
    /// A plain loop: `collect()` into `Option<Vec<T>>` costs about 600 bytes of wasm more for
    /// each item type (measured), and there are a dozen of them.
    fn decode(value: &Value) -> Option<Self> {
        let items = value.items()?;
        let mut decoded = Vec::with_capacity(items.len());
        for item in &items {
            decoded.push(T::decode(item)?);
        }
        Some(decoded)
    }
}

/// Enums that travel as their `wire_enum!` name.
macro_rules! decode_by_name {
    ($($ty:ty),*) => {$(
        impl Decode for $ty {
            fn decode(value: &Value) -> Option<Self> {
                <$ty>::from_wire(&value.string()?)
            }
        }
    )*};
}

decode_by_name!(AccessLevel, GrantReason, Wall);

impl Decode for ErrorCode {
    /// A code this version does not know is `Unknown`, not a decoding failure.
    fn decode(value: &Value) -> Option<Self> {
        Some(ErrorCode::from_wire(&value.string()?).unwrap_or(ErrorCode::Unknown))
    }
}

impl Decode for Section {
    fn decode(v: &Value) -> Option<Self> {
        Some(Section {
            slug: v.req("slug")?,
            name: v.req("name")?,
        })
    }
}

impl Decode for ArticleMeta {
    fn decode(v: &Value) -> Option<Self> {
        Some(ArticleMeta {
            slug: v.req("slug")?,
            section: v.req("section")?,
            kicker: v.req("kicker")?,
            title: v.req("title")?,
            standfirst: v.req("standfirst")?,
            author: v.req("author")?,
            published_at: v.req("published_at")?,
            access: v.req("access")?,
            tags: v.or_default("tags")?,
            image: v.opt("image")?,
        })
    }
}

impl Decode for Image {
    fn decode(v: &Value) -> Option<Self> {
        Some(Image {
            url: v.req("url")?,
            alt: v.or_default("alt")?,
        })
    }
}

impl Decode for Block {
    fn decode(v: &Value) -> Option<Self> {
        let (kind, text) = v.tag()?;
        let text = String::decode(&text)?;
        Some(match kind.as_str() {
            "paragraph" => Block::Paragraph(text),
            "heading" => Block::Heading(text),
            "question" => Block::Question(text),
            "quote" => Block::Quote(text),
            _ => return None,
        })
    }
}

impl Decode for Access {
    fn decode(v: &Value) -> Option<Self> {
        let (kind, fields) = v.tag()?;
        Some(match kind.as_str() {
            "full" => Access::Full {
                reason: fields.req("reason")?,
            },
            "teaser" => Access::Teaser {
                wall: fields.req("wall")?,
                paywall: fields.req("paywall")?,
                register_for: fields.opt("register_for")?,
            },
            _ => return None,
        })
    }
}

impl Decode for MeterState {
    fn decode(v: &Value) -> Option<Self> {
        Some(MeterState {
            allowance: v.req("allowance")?,
            used: v.req("used")?,
            remaining: v.req("remaining")?,
            period_days: v.req("period_days")?,
        })
    }
}

impl Decode for Account {
    fn decode(v: &Value) -> Option<Self> {
        Some(Account {
            email: v.req("email")?,
        })
    }
}

impl Decode for Offer {
    fn decode(v: &Value) -> Option<Self> {
        Some(Offer {
            id: v.req("id")?,
            title: v.req("title")?,
            headline: v.req("headline")?,
            description: v.req("description")?,
            price: v.req("price")?,
            period: v.req("period")?,
            benefits: v.req("benefits")?,
            cta_label: v.req("cta_label")?,
            cta_url: v.req("cta_url")?,
            badge: v.opt("badge")?,
            variant: v.or_default("variant")?,
        })
    }
}

impl Decode for RichBlock {
    fn decode(v: &Value) -> Option<Self> {
        let (kind, content) = v.tag()?;
        Some(match kind.as_str() {
            "paragraph" => RichBlock::Paragraph(Decode::decode(&content)?),
            "list" => RichBlock::List(Decode::decode(&content)?),
            _ => return None,
        })
    }
}

impl Decode for Span {
    fn decode(v: &Value) -> Option<Self> {
        Some(Span {
            text: v.req("text")?,
            strong: v.or_default("strong")?,
            em: v.or_default("em")?,
            link: v.opt("link")?,
        })
    }
}

impl Decode for Paywall {
    fn decode(v: &Value) -> Option<Self> {
        Some(Paywall {
            kicker: v.req("kicker")?,
            title: v.req("title")?,
            benefits: v.req("benefits")?,
            cta_label: v.req("cta_label")?,
            offers: v.req("offers")?,
        })
    }
}

impl Decode for ArticlePage {
    fn decode(v: &Value) -> Option<Self> {
        Some(ArticlePage {
            article: v.req("article")?,
            body: v.req("body")?,
            access: v.req("access")?,
            meter: v.opt("meter")?,
            account: v.opt("account")?,
            entitlement_error: v.opt("entitlement_error")?,
        })
    }
}

impl Decode for AccessDecision {
    fn decode(v: &Value) -> Option<Self> {
        Some(AccessDecision {
            access: v.req("access")?,
            meter: v.opt("meter")?,
            account: v.opt("account")?,
            entitlement_error: v.opt("entitlement_error")?,
        })
    }
}

impl Decode for ArticleList {
    fn decode(v: &Value) -> Option<Self> {
        Some(ArticleList {
            articles: v.req("articles")?,
            next: v.opt("next")?,
        })
    }
}

impl Decode for LoginStarted {
    fn decode(v: &Value) -> Option<Self> {
        Some(LoginStarted {
            expires_in_secs: v.req("expires_in_secs")?,
        })
    }
}

impl Decode for Session {
    fn decode(v: &Value) -> Option<Self> {
        Some(Session {
            token: v.req("token")?,
            email: v.req("email")?,
            expires_at: v.req("expires_at")?,
        })
    }
}
