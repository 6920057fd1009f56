//! A publisher's content coming in: articles pushed by its CMS through the admin API and
//! items of its RSS or Atom feeds, checked and sanitised into the block model before anything
//! is stored.

pub mod feeds;
pub mod sanitise;

use kiosque_protocol::{AccessLevel, ArticleInput, FieldError, Image};

use crate::store::ArticleRecord;

const MAX_TITLE: usize = 300;
const MAX_KICKER: usize = 80;
const MAX_STANDFIRST: usize = 2_000;
const MAX_AUTHOR: usize = 200;
const MAX_SECTION_NAME: usize = 120;
const MAX_TAGS: usize = 20;
const MAX_TAG: usize = 60;
const MAX_ALT: usize = 300;
const MAX_BLOCKS: usize = 2_000;
const MAX_PAYWALL_AFTER: u32 = 1_000;

/// An article or section slug: 1 to 120 characters of `a-z`, `0-9` and `-`.
pub fn valid_slug(slug: &str) -> bool {
    (1..=120).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `Protection de l’enfance` → `protection-de-l-enfance`: accents folded, anything else a
/// hyphen; at most `max` bytes, cut at a hyphen when it can be.
pub fn slugify(text: &str, max: usize) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.len() > max {
        slug.truncate(max);
        if let Some(at) = slug.rfind('-').filter(|&at| at > max / 2) {
            slug.truncate(at);
        }
    }
    slug.trim_matches('-').to_owned()
}

/// The letters French (and its neighbours) put accents on, without them.
fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' => "a",
        'ç' | 'Ç' => "c",
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
        'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'Ô' | 'Ö' => "o",
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' => "u",
        'ÿ' | 'Ÿ' => "y",
        'ñ' | 'Ñ' => "n",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        _ => "",
    };
    let own = folded.is_empty().then_some(c);
    folded.chars().chain(own)
}

/// `YYYY-MM-DD`, or the date of an RFC 3339 date and time.
pub fn publication_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Ok(date) = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Some(date.format("%Y-%m-%d").to_string());
    }
    chrono::DateTime::parse_from_rfc3339(raw)
        .ok()
        .map(|t| t.date_naive().format("%Y-%m-%d").to_string())
}

/// Checks an article the CMS pushed: every wrong field at once (`invalid_fields`), or the
/// record to store, its body sanitised into blocks.
pub fn article_record(slug: &str, input: &ArticleInput) -> Result<ArticleRecord, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, code: &str| {
        errors.push(FieldError {
            field: field.into(),
            code: code.into(),
        })
    };
    if !valid_slug(slug) {
        fail("slug", "invalid_slug");
    }
    let text_fields = [
        ("title", &input.title, MAX_TITLE, true),
        ("kicker", &input.kicker, MAX_KICKER, false),
        ("standfirst", &input.standfirst, MAX_STANDFIRST, false),
        ("author", &input.author, MAX_AUTHOR, false),
    ];
    for (field, value, max, required) in text_fields {
        if required && value.trim().is_empty() {
            fail(field, "required");
        } else if value.chars().count() > max {
            fail(field, "too_long");
        } else if value.chars().any(|c| c.is_control() && c != '\n') {
            fail(field, "invalid_text");
        }
    }
    if !valid_slug(&input.section) || input.section.len() > 64 {
        fail("section", "invalid_slug");
    }
    if let Some(name) = &input.section_name {
        if name.trim().is_empty() {
            fail("section_name", "required");
        } else if name.chars().count() > MAX_SECTION_NAME {
            fail("section_name", "too_long");
        }
    }
    if input.tags.len() > MAX_TAGS {
        fail("tags", "too_many");
    }
    for (i, tag) in input.tags.iter().enumerate() {
        if tag.trim().is_empty() || tag.chars().count() > MAX_TAG {
            fail(&format!("tags[{i}]"), "invalid_tag");
        }
    }
    let access = AccessLevel::from_wire(input.access.trim());
    if access.is_none() {
        fail("access", "invalid_level");
    }
    let published_at = publication_date(&input.published_at);
    if published_at.is_none() {
        fail("published_at", "invalid_date");
    }
    if let Some(image) = &input.image {
        if crate::accounts::origin_of(&image.url).is_none() {
            fail("image.url", "invalid_url");
        }
        if image.alt.chars().count() > MAX_ALT {
            fail("image.alt", "too_long");
        }
    }
    if input.paywall_after.is_some_and(|n| n > MAX_PAYWALL_AFTER) {
        fail("paywall_after", "too_large");
    }
    let body = sanitise::html_to_blocks(&input.body_html);
    if body.is_empty() {
        fail("body_html", "required");
    } else if body.len() > MAX_BLOCKS {
        fail("body_html", "too_long");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ArticleRecord {
        slug: slug.to_owned(),
        section_slug: input.section.clone(),
        section_name: input
            .section_name
            .as_deref()
            .map(str::trim)
            .map(str::to_owned)
            .unwrap_or_else(|| section_name_of(&input.section)),
        kicker: input.kicker.trim().to_owned(),
        title: input.title.trim().to_owned(),
        standfirst: input.standfirst.trim().to_owned(),
        author: input.author.trim().to_owned(),
        published_at: published_at.unwrap_or_default(),
        access: access.unwrap_or(AccessLevel::Subscribers),
        tags: input.tags.iter().map(|t| t.trim().to_owned()).collect(),
        image: input.image.as_ref().map(|i| Image {
            url: i.url.clone(),
            alt: i.alt.trim().to_owned(),
        }),
        paywall_after: input.paywall_after,
        body,
    })
}

/// `politiques-sociales` → `Politiques sociales`: a new section's name until it is renamed.
pub fn section_name_of(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ArticleInput {
        ArticleInput {
            title: "Un titre".into(),
            kicker: "Enquête".into(),
            standfirst: "Le chapeau.".into(),
            body_html: "<p>Un.</p><p>Deux.</p>".into(),
            access: "subscribers".into(),
            section: "politiques-sociales".into(),
            section_name: None,
            tags: vec!["logement".into()],
            author: "Claire".into(),
            published_at: "2026-11-30T08:00:00+01:00".into(),
            image: None,
            paywall_after: Some(1),
        }
    }

    #[test]
    fn a_good_article_becomes_a_record() {
        let record = article_record("mon-article", &input()).unwrap();
        assert_eq!(record.published_at, "2026-11-30");
        assert_eq!(record.section_name, "Politiques sociales");
        assert_eq!(record.body.len(), 2);
    }

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let bad = ArticleInput {
            title: " ".into(),
            section: "Pas Un Slug".into(),
            published_at: "30/11/2026".into(),
            body_html: "<script>x</script>".into(),
            image: Some(Image {
                url: "javascript:alert(1)".into(),
                alt: String::new(),
            }),
            tags: vec![String::new()],
            access: "premium".into(),
            ..input()
        };
        let fields: Vec<_> = article_record("Bad Slug", &bad)
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                "slug:invalid_slug",
                "title:required",
                "section:invalid_slug",
                "tags[0]:invalid_tag",
                "access:invalid_level",
                "published_at:invalid_date",
                "image.url:invalid_url",
                "body_html:required",
            ]
        );
    }

    #[test]
    fn slugs_from_french_titles() {
        assert_eq!(
            slugify("Protection de l’enfance : l’État s’engage", 120),
            "protection-de-l-enfance-l-etat-s-engage"
        );
        assert_eq!(slugify("Œuvres & cœur", 120), "oeuvres-coeur");
        assert_eq!(slugify("un deux trois quatre", 12), "un-deux");
        assert_eq!(slugify("!!!", 12), "");
    }
}
