//! Offers as marketers define them: texts per A/B variant with weights, a placement, a
//! schedule and targeting; and how one reader gets one variant of each offer that applies.
//!
//! Assignment is sticky and unbiased: the variant comes from SHA-256 of (site, offer, reader),
//! read as a uniform 64-bit number and scaled to the total weight, so a reader keeps their
//! variant across pages and devices that share the reader id, and the split follows the weights
//! (tested below with a chi-square bound).

use kiosque_protocol::{AccessLevel, FieldError, Offer};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub mod rich_text;

/// Where an offer is shown: in the paywall (with the article), or where a page puts an
/// `offers` placeholder, as an inline block or a banner (`GET /v1/sites/{site}/offers`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    #[default]
    Paywall,
    Inline,
    Banner,
}

impl Placement {
    /// The stored and tracked name: `paywall`, `inline`, `banner`.
    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Paywall => "paywall",
            Placement::Inline => "inline",
            Placement::Banner => "banner",
        }
    }
}

/// What the meter says about the reader when the offer is considered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeterTarget {
    #[default]
    Any,
    /// The reader has just used up their free articles (the wall came from the meter).
    Exhausted,
    /// The reader was never metered here (no free articles, or not metered at all).
    NotMetered,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceTarget {
    #[default]
    Any,
    Mobile,
    Desktop,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReaderTarget {
    #[default]
    Any,
    /// First visit: nothing read before on this site.
    New,
    Returning,
}

/// Who sees an offer. Empty lists match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Targeting {
    pub sections: Vec<String>,
    pub tags: Vec<String>,
    pub access_levels: Vec<AccessLevel>,
    pub meter: MeterTarget,
    pub device: DeviceTarget,
    pub reader: ReaderTarget,
}

/// The texts of one A/B variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// Short id named by analytics (`a`, `b`, `prix-barre`).
    pub id: String,
    /// Relative share of readers (positive).
    pub weight: u32,
    /// The card's title readers see ("Intégral annuel"); the offer's `name` is internal.
    /// Empty only in drafts saved before titles existed: `OfferSpec::with_titles` fills it.
    #[serde(default)]
    pub title: String,
    pub headline: String,
    #[serde(default)]
    pub description: String,
    pub price: String,
    pub period: String,
    #[serde(default)]
    pub benefits: Vec<String>,
    pub cta_label: String,
    #[serde(default)]
    pub badge: Option<String>,
    /// The texts in other languages than the site's, by language code (`en`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub translations: crate::store::Translations<VariantTexts>,
}

/// A variant's texts in another language; each empty one is the variant's own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantTexts {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub headline: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub price: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub benefits: Vec<String>,
    #[serde(default)]
    pub cta_label: String,
    #[serde(default)]
    pub badge: Option<String>,
}

impl VariantTexts {
    pub fn is_empty(&self) -> bool {
        self == &VariantTexts::default()
    }
}

/// An offer as marketers edit it (the draft) and as it is published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferSpec {
    pub name: String,
    /// The publisher's checkout; Kiosque adds tracking parameters.
    pub cta_url: String,
    #[serde(default)]
    pub placement: Placement,
    /// Lower comes first.
    #[serde(default = "default_priority")]
    pub priority: i64,
    /// Unix seconds; `None`: no limit.
    #[serde(default)]
    pub starts_at: Option<i64>,
    #[serde(default)]
    pub ends_at: Option<i64>,
    #[serde(default)]
    pub targeting: Targeting,
    pub variants: Vec<Variant>,
}

fn default_priority() -> i64 {
    100
}

/// What is known of the reader and the page when offers are chosen.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub section: Option<&'a str>,
    pub tags: &'a [String],
    pub level: AccessLevel,
    /// The meter ran out for this reader on this request.
    pub meter_exhausted: bool,
    /// The reader is metered here (has an allowance).
    pub metered: bool,
    pub mobile: bool,
    /// The reader was seen before (meter history or an account).
    pub returning: bool,
    /// Unix seconds.
    pub now: i64,
}

impl OfferSpec {
    /// The spec with every variant titled: a draft saved before variants had a reader-facing
    /// title showed readers the offer's name, so that is its title.
    pub fn with_titles(mut self) -> Self {
        for v in &mut self.variants {
            if v.title.trim().is_empty() {
                v.title = self.name.clone();
            }
        }
        self
    }

    /// Whether the offer is on at `now` and aimed at this reader and page.
    pub fn applies(&self, c: &Context) -> bool {
        let t = &self.targeting;
        let scheduled =
            self.starts_at.is_none_or(|s| s <= c.now) && self.ends_at.is_none_or(|e| c.now < e);
        let section =
            t.sections.is_empty() || c.section.is_some_and(|s| t.sections.iter().any(|x| x == s));
        let tags = t.tags.is_empty() || c.tags.iter().any(|tag| t.tags.contains(tag));
        let level = t.access_levels.is_empty() || t.access_levels.contains(&c.level);
        let meter = match t.meter {
            MeterTarget::Any => true,
            MeterTarget::Exhausted => c.meter_exhausted,
            MeterTarget::NotMetered => !c.metered,
        };
        let device = match t.device {
            DeviceTarget::Any => true,
            DeviceTarget::Mobile => c.mobile,
            DeviceTarget::Desktop => !c.mobile,
        };
        let reader = match t.reader {
            ReaderTarget::Any => true,
            ReaderTarget::New => !c.returning,
            ReaderTarget::Returning => c.returning,
        };
        scheduled && section && tags && level && meter && device && reader
    }

    /// The reader's variant: sticky for `reader_key`, in proportion to the weights.
    pub fn variant_for(&self, site: &str, offer: &str, reader_key: &str) -> Option<&Variant> {
        let total: u64 = self.variants.iter().map(|v| u64::from(v.weight)).sum();
        if total == 0 {
            return None;
        }
        let digest = Sha256::new()
            .chain_update(site.as_bytes())
            .chain_update([0])
            .chain_update(offer.as_bytes())
            .chain_update([0])
            .chain_update(reader_key.as_bytes())
            .finalize();
        let uniform = u64::from_be_bytes(digest[..8].try_into().ok()?);
        // Scaling a uniform 64-bit number keeps the bias below total / 2^64.
        let mut point = ((u128::from(uniform) * u128::from(total)) >> 64) as u64;
        self.variants.iter().find(|v| {
            let w = u64::from(v.weight);
            if point < w {
                true
            } else {
                point -= w;
                false
            }
        })
    }

    /// Every problem with the spec, as field errors (`variants.0.weight`, `cta_url`, …).
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut error = |field: String, code: &str| {
            errors.push(FieldError {
                field,
                code: code.into(),
            })
        };
        if self.name.trim().is_empty() {
            error("name".into(), "required");
        }
        if !is_web_url(&self.cta_url) {
            error("cta_url".into(), "invalid_url");
        }
        if let (Some(s), Some(e)) = (self.starts_at, self.ends_at) {
            if e <= s {
                error("ends_at".into(), "before_start");
            }
        }
        if self.variants.is_empty() {
            error("variants".into(), "required");
        }
        for (i, v) in self.variants.iter().enumerate() {
            let field = |name: &str| format!("variants.{i}.{name}");
            let id_ok = !v.id.is_empty()
                && v.id.len() <= 32
                && v.id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !id_ok {
                error(field("id"), "invalid_id");
            } else if self.variants[..i].iter().any(|o| o.id == v.id) {
                error(field("id"), "duplicate");
            }
            if v.weight == 0 {
                error(field("weight"), "not_positive");
            }
            if let Some(code) = rich_text::check(&v.description) {
                error(field("description"), code);
            }
            for (to, t) in &v.translations {
                if let Some(code) = rich_text::check(&t.description) {
                    error(field(&format!("{to}_description")), code);
                }
            }
            for (name, value) in [
                ("title", &v.title),
                ("headline", &v.headline),
                ("price", &v.price),
                ("period", &v.period),
                ("cta_label", &v.cta_label),
            ] {
                if value.trim().is_empty() {
                    error(field(name), "required");
                }
            }
        }
        errors
    }

    /// The offer as `variant` shows it to a reader of `lang`, its link carrying the tracking
    /// parameters: each text translated into `lang` where the marketer did, else the variant's
    /// own (the site's language).
    pub fn for_reader(&self, id: &str, variant: &Variant, lang: kiosque_protocol::Lang) -> Offer {
        let t = variant.translations.get(lang.as_str());
        let text = |own: &String, of: fn(&VariantTexts) -> &String| {
            t.map(of)
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(own)
                .clone()
        };
        let mut offer = Offer {
            id: id.to_owned(),
            title: text(&variant.title, |t| &t.title),
            headline: text(&variant.headline, |t| &t.headline),
            description: rich_text::render(&text(&variant.description, |t| &t.description)),
            price: text(&variant.price, |t| &t.price),
            period: text(&variant.period, |t| &t.period),
            benefits: t
                .map(|t| &t.benefits)
                .filter(|b| !b.is_empty())
                .unwrap_or(&variant.benefits)
                .clone(),
            cta_label: text(&variant.cta_label, |t| &t.cta_label),
            cta_url: tracked_url(&self.cta_url, self.placement, id, &variant.id),
            badge: t
                .and_then(|t| t.badge.clone())
                .or_else(|| variant.badge.clone()),
            variant: variant.id.clone(),
        };
        crate::typography::offer(lang, &mut offer);
        offer
    }
}

/// http(s) only: a `javascript:` or `data:` link never reaches a reader.
pub fn is_web_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// The checkout link with `utm_*` parameters naming the placement, offer and variant (the
/// widget adds the reader's page as `return_url`).
pub fn tracked_url(url: &str, placement: Placement, offer: &str, variant: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return url.to_owned();
    };
    parsed
        .query_pairs_mut()
        .append_pair("utm_source", "kiosque")
        .append_pair("utm_medium", placement.as_str())
        .append_pair("utm_campaign", offer)
        .append_pair("utm_content", variant);
    parsed.into()
}

#[cfg(test)]
mod tests;
