//! The offer editor's form: an `OfferSpec` written out as fields, and read back with a
//! message per wrong field (the spec's own checks, worded for marketers). maud templates:
//! every value is escaped unless marked otherwise.

use super::phrases::Phrase;
use chrono::{DateTime, NaiveDateTime, Utc};
use kiosque_protocol::AccessLevel;

use super::{Choices, Errors, Fields, Input, Lang};
use crate::offers::{
    DeviceTarget, MeterTarget, OfferSpec, Placement, ReaderTarget, Targeting, Variant, VariantTexts,
};
use maud::{html, Markup, PreEscaped};

/// Variants the editor shows: the offer's own, plus empty ones up to this many to add more.
const VARIANT_ROWS: usize = 4;
const DATE_FORMAT: &str = "%Y-%m-%dT%H:%M";
/// A variant's own fields (`v{i}_{name}`).
const VARIANT_FIELDS: [&str; 10] = [
    "id",
    "weight",
    "title",
    "headline",
    "description",
    "price",
    "period",
    "benefits",
    "cta_label",
    "badge",
];

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

fn local(at: Option<i64>) -> String {
    at.and_then(|t| DateTime::<Utc>::from_timestamp(t, 0))
        .map(|t| t.format(DATE_FORMAT).to_string())
        .unwrap_or_default()
}

fn json_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn from_name<T: serde::de::DeserializeOwned + Default>(name: &str) -> T {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).unwrap_or_default()
}

/// The editor's fields for `spec` (what was typed, after a refused submit); `sections`: the
/// site's `(slug, name)`.
pub fn render(
    spec: &OfferSpec,
    sections: &[(String, String)],
    translate_to: &[kiosque_protocol::Lang],
    lang: Lang,
    errors: &Errors,
) -> String {
    let t = &spec.targeting;
    let priority = spec.priority.to_string();
    let (starts, ends) = (local(spec.starts_at), local(spec.ends_at));
    let tags = t.tags.join(", ");
    let levels: Vec<String> = t
        .access_levels
        .iter()
        .map(|l| l.as_str().to_owned())
        .collect();
    let one = |name: &str, legend: &str, options: &[(String, String)], selected: String| {
        Choices {
            name,
            legend,
            hint: "",
            multiple: false,
            options,
            selected: &[selected],
            empty: "",
        }
        .render(lang, errors)
    };
    let shown = spec.variants.len().max(1) + usize::from(spec.variants.len() < VARIANT_ROWS);
    let empty = Variant {
        id: String::new(),
        weight: 0,
        title: String::new(),
        headline: String::new(),
        description: String::new(),
        price: String::new(),
        period: String::new(),
        benefits: vec![],
        cta_label: String::new(),
        badge: None,
        translations: Default::default(),
    };
    // The form helpers' fields (`Input`, `Choices`) are HTML they escaped themselves: they go
    // in as they are.
    html! {
        // A long form: its parts listed first, each one a link.
        nav.form-parts aria-label=(lang.say(Phrase::PartsOfTheForm)) { ul {
            li { a href="#partie-offre" { (lang.say(Phrase::TheOffer)) } }
            li { a href="#partie-ciblage" { (lang.say(Phrase::Targeting)) } }
            @for n in 1..=spec.variants.len().max(1) {
                li { a href=(format!("#partie-variante-{n}")) { (lang.say(Phrase::Variant)) " " (n) } }
            }
        } }
        fieldset #partie-offre {
            legend { (lang.say(Phrase::TheOffer)) }
            (PreEscaped(Input::new("name", lang.say(Phrase::InternalName))
                .value(&spec.name)
                .hint(lang.say(Phrase::ToFindItIn))
                .render(lang, errors)))
            (PreEscaped(Input::new("cta_url", lang.say(Phrase::CheckoutPage))
                .kind("url")
                .value(&spec.cta_url)
                .hint(lang.say(Phrase::YourSubscriptionPageHttp))
                .render(lang, errors)))
            (PreEscaped(one(
                "placement",
                lang.say(Phrase::Placement),
                &[Placement::Paywall, Placement::Inline, Placement::Banner]
                    .map(|p| (p.as_str().to_owned(), placement_label(p, lang).to_owned())),
                json_name(&spec.placement),
            )))
            (PreEscaped(Input::new("priority", lang.say(Phrase::PriorityLowestFirst))
                .kind("number")
                .value(&priority)
                .render(lang, errors)))
            (PreEscaped(Input::new("starts_at", lang.say(Phrase::StartUTC))
                .kind("datetime-local")
                .value(&starts)
                .render(lang, errors)))
            (PreEscaped(Input::new("ends_at", lang.say(Phrase::EndUTC))
                .kind("datetime-local")
                .value(&ends)
                .render(lang, errors)))
        }
        fieldset #partie-ciblage {
            legend { (lang.say(Phrase::Targeting)) }
            (PreEscaped(Choices {
                name: "sections",
                legend: lang.say(Phrase::Sections),
                hint: lang.say(Phrase::NoneTickedAllFeminine),
                multiple: true,
                options: sections,
                selected: &t.sections,
                empty: "",
            }
            .render(lang, errors)))
            (PreEscaped(Input::new("tags", lang.say(Phrase::TagsCommaSeparated))
                .value(&tags)
                .render(lang, errors)))
            (PreEscaped(Choices {
                name: "access_levels",
                legend: lang.say(Phrase::Articles),
                hint: lang.say(Phrase::NoneTickedAllMasculine),
                multiple: true,
                options: &pairs(&[
                    ("registered", lang.say(Phrase::ForRegisteredReaders)),
                    ("subscribers", lang.say(Phrase::ForSubscribers)),
                ]),
                selected: &levels,
                empty: "",
            }
            .render(lang, errors)))
            (PreEscaped(one(
                "meter",
                lang.say(Phrase::Meter),
                &pairs(&[
                    ("any", lang.say(Phrase::EveryReader)),
                    ("exhausted", lang.say(Phrase::JustUsedUpTheir)),
                    ("not_metered", lang.say(Phrase::NotMetered)),
                ]),
                json_name(&t.meter),
            )))
            (PreEscaped(one(
                "device",
                lang.say(Phrase::Device),
                &pairs(&[
                    ("any", lang.say(Phrase::Any)),
                    ("mobile", lang.say(Phrase::Mobile)),
                    ("desktop", lang.say(Phrase::Desktop)),
                ]),
                json_name(&t.device),
            )))
            (PreEscaped(one(
                "reader",
                lang.say(Phrase::Reader),
                &pairs(&[
                    ("any", lang.say(Phrase::Any)),
                    ("new", lang.say(Phrase::New)),
                    ("returning", lang.say(Phrase::Returning)),
                ]),
                json_name(&t.reader),
            )))
        }
        @for i in 0..shown.min(VARIANT_ROWS.max(spec.variants.len())) {
            @let v = spec.variants.get(i).unwrap_or(&empty);
            @let part = variant(i, v, i >= spec.variants.len(), translate_to, lang, errors);
            // Two variants (an A/B test) are always there; a further empty one waits folded.
            @if i >= spec.variants.len().max(2) {
                details.more open[VARIANT_FIELDS
                    .iter()
                    .any(|name| errors.get(&format!("v{i}_{name}")).is_some())]
                {
                    summary {
                        (lang.say(Phrase::AddAVariant)) " (" (lang.say(Phrase::VariantInText)) " " (i + 1) ")"
                    }
                    (part)
                }
            } @else {
                (part)
            }
        }
    }
    .into_string()
}

/// One variant's fieldset (`v{i}_…` fields); `added`: a row for a variant not there yet.
fn variant(
    i: usize,
    v: &Variant,
    added: bool,
    translate_to: &[kiosque_protocol::Lang],
    lang: Lang,
    errors: &Errors,
) -> Markup {
    let field = |name: &str| format!("v{i}_{name}");
    let weight = if v.weight == 0 && v.id.is_empty() {
        String::new()
    } else {
        v.weight.to_string()
    };
    let benefits = v.benefits.join("\n");
    let badge = v.badge.clone().unwrap_or_default();
    let fields: [(&str, &str, &str, &str); 10] = [
        ("id", lang.say(Phrase::IdABCrossed), "text", &v.id),
        (
            "weight",
            lang.say(Phrase::WeightShareOfReaders),
            "number",
            &weight,
        ),
        ("title", lang.say(Phrase::TitleReadersSee), "text", &v.title),
        ("headline", lang.say(Phrase::Headline), "text", &v.headline),
        (
            "description",
            lang.say(Phrase::Description),
            "textarea",
            &v.description,
        ),
        ("price", lang.say(Phrase::DisplayedPrice), "text", &v.price),
        ("period", lang.say(Phrase::PeriodAMonth), "text", &v.period),
        (
            "benefits",
            lang.say(Phrase::BenefitsOnePerLine),
            "textarea",
            &benefits,
        ),
        (
            "cta_label",
            lang.say(Phrase::ButtonLabel),
            "text",
            &v.cta_label,
        ),
        ("badge", lang.say(Phrase::BadgeOptional), "text", &badge),
    ];
    let description_hint = lang.say(Phrase::BoldItalicLinkHttps);
    let n = i + 1;
    html! {
        fieldset.variant id=(format!("partie-variante-{n}")) {
            legend { (lang.say(Phrase::Variant)) " " (n) }
            @if added { p.hint { (lang.say(Phrase::LeaveEmptyToAdd)) } }
            @for (name, label, kind, value) in fields {
                @let hint = if name == "description" { description_hint } else { "" };
                // Escaped by `Input::render`.
                (PreEscaped(Input::new(&field(name), label)
                    .kind(kind)
                    .value(value)
                    .hint(hint)
                    .render(lang, errors)))
            }
            @for &to in translate_to {
                (translation_fields(i, v, to, lang, errors))
            }
        }
    }
}

/// The texts a variant's translation may change, with their labels.
const TRANSLATED: [(&str, &str, &str, &str); 8] = [
    (
        "title",
        "Titre affiché aux lecteurs",
        "Title readers see",
        "text",
    ),
    ("headline", "Accroche", "Headline", "text"),
    ("description", "Description", "Description", "textarea"),
    ("price", "Prix affiché", "Displayed price", "text"),
    ("period", "Période", "Period", "text"),
    (
        "benefits",
        "Avantages (un par ligne)",
        "Benefits (one per line)",
        "textarea",
    ),
    ("cta_label", "Texte du bouton", "Button label", "text"),
    ("badge", "Badge", "Badge", "text"),
];

/// `v{i}_{lang}_{field}`: a translated text's field.
fn translated_field(i: usize, to: kiosque_protocol::Lang, name: &str) -> String {
    format!("v{i}_{}_{name}", to.as_str())
}

/// One variant's texts in `to`, every one optional: an empty one shows the variant's own.
fn translation_fields(
    i: usize,
    v: &Variant,
    to: kiosque_protocol::Lang,
    lang: Lang,
    errors: &Errors,
) -> Markup {
    let t = v.translations.get(to.as_str()).cloned().unwrap_or_default();
    let values = [
        t.title,
        t.headline,
        t.description,
        t.price,
        t.period,
        t.benefits.join("\n"),
        t.cta_label,
        t.badge.unwrap_or_default(),
    ];
    let (in_fr, in_en) = match to {
        kiosque_protocol::Lang::En => ("en anglais", "in English"),
        kiosque_protocol::Lang::Fr => ("en français", "in French"),
    };
    let legend = match (lang, to) {
        (Lang::Fr, kiosque_protocol::Lang::En) => {
            "En anglais (facultatif : vide, le texte ci-dessus)"
        }
        (Lang::Fr, kiosque_protocol::Lang::Fr) => {
            "En français (facultatif : vide, le texte ci-dessus)"
        }
        (Lang::En, kiosque_protocol::Lang::En) => "In English (optional: empty, the text above)",
        (Lang::En, kiosque_protocol::Lang::Fr) => "In French (optional: empty, the text above)",
    };
    // Folded unless something is written in it or wrong in it.
    let open = !v
        .translations
        .get(to.as_str())
        .is_none_or(VariantTexts::is_empty)
        || TRANSLATED
            .iter()
            .any(|(name, ..)| errors.get(&translated_field(i, to, name)).is_some());
    html! {
        details.translation open[open] {
            summary { (legend) }
            div {
                @for ((name, fr, en, kind), value) in TRANSLATED.iter().zip(values) {
                    // Labels name the language: each field's name stays unique on the page.
                    @let label = match lang {
                        Lang::Fr => format!("{fr} {in_fr}"),
                        Lang::En => format!("{en} {in_en}"),
                    };
                    // Escaped by `Input::render`.
                    (PreEscaped(Input::new(&translated_field(i, to, name), &label)
                        .kind(kind)
                        .value(&value)
                        .value_lang(to.as_str())
                        .render(lang, errors)))
                }
            }
        }
    }
}

/// A textarea of one item per line, blank lines left out.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A variant's translations as typed (only the languages with some text).
fn read_translations(
    fields: &Fields,
    i: usize,
) -> crate::store::Translations<crate::offers::VariantTexts> {
    kiosque_protocol::Lang::ALL
        .into_iter()
        .filter_map(|to| {
            let f = |name: &str| {
                fields
                    .text(&translated_field(i, to, name))
                    .trim()
                    .to_owned()
            };
            let badge = f("badge");
            let texts = crate::offers::VariantTexts {
                title: f("title"),
                headline: f("headline"),
                description: f("description"),
                price: f("price"),
                period: f("period"),
                benefits: lines(&f("benefits")),
                cta_label: f("cta_label"),
                badge: (!badge.is_empty()).then_some(badge),
            };
            (!texts.is_empty()).then(|| (to.as_str().to_owned(), texts))
        })
        .collect()
}

fn message(code: &str, lang: Lang) -> &'static str {
    match code {
        "required" => lang.say(Phrase::ThisFieldIsRequired),
        "invalid_url" => lang.say(Phrase::EnterAFullHttp),
        "before_start" => lang.say(Phrase::TheEndMustCome),
        "not_positive" => lang.say(Phrase::EnterAPositiveWhole),
        "duplicate" => lang.say(Phrase::AnotherVariantHasThis),
        "invalid_link" => lang.say(Phrase::ALinkMustLead),
        "too_long" => lang.say(Phrase::ThisTextIsToo),
        "invalid_id" => lang.say(Phrase::LettersDigitsAndOnly),
        _ => lang.say(Phrase::ThisValueIsNot),
    }
}

/// Reads the editor's fields: the spec (with what could be read, to show again), and every
/// problem as a message on its field.
pub fn parse(fields: &Fields, lang: Lang) -> (OfferSpec, Errors) {
    let mut errors = Errors::default();
    let mut date = |name: &str| {
        let text = fields.text(name);
        if text.is_empty() {
            return None;
        }
        match NaiveDateTime::parse_from_str(&text, DATE_FORMAT) {
            Ok(t) => Some(t.and_utc().timestamp()),
            Err(_) => {
                errors.add(name, lang.say(Phrase::EnterADateAnd));
                None
            }
        }
    };
    let starts_at = date("starts_at");
    let ends_at = date("ends_at");
    let priority = match fields.text("priority").parse::<i64>() {
        Ok(p) => p,
        Err(_) if fields.text("priority").is_empty() => 100,
        Err(_) => {
            errors.add("priority", lang.say(Phrase::EnterAWholeNumber));
            100
        }
    };
    // Variant rows left entirely empty add nothing; `rows` maps the spec's variants back to
    // the rows they came from, for the messages.
    let mut variants = Vec::new();
    let mut rows = Vec::new();
    for i in 0..VARIANT_ROWS.max(8) {
        let f = |name: &str| fields.text(&format!("v{i}_{name}"));
        if VARIANT_FIELDS.iter().all(|n| f(n).is_empty()) {
            continue;
        }
        let weight = match f("weight").parse::<u32>() {
            Ok(w) => w,
            Err(_) => {
                errors.add(&format!("v{i}_weight"), message("not_positive", lang));
                1
            }
        };
        let badge = f("badge");
        variants.push(Variant {
            id: f("id"),
            weight,
            title: f("title"),
            headline: f("headline"),
            description: f("description"),
            price: f("price"),
            period: f("period"),
            benefits: lines(&f("benefits")),
            cta_label: f("cta_label"),
            badge: (!badge.is_empty()).then_some(badge),
            translations: read_translations(fields, i),
        });
        rows.push(i);
    }
    let spec = OfferSpec {
        name: fields.text("name"),
        cta_url: fields.text("cta_url"),
        placement: from_name::<Placement>(&fields.text("placement")),
        priority,
        starts_at,
        ends_at,
        targeting: Targeting {
            sections: fields.all("sections"),
            tags: fields
                .text("tags")
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            access_levels: fields
                .all("access_levels")
                .iter()
                .filter_map(|l| AccessLevel::from_wire(l))
                .collect(),
            meter: from_name::<MeterTarget>(&fields.text("meter")),
            device: from_name::<DeviceTarget>(&fields.text("device")),
            reader: from_name::<ReaderTarget>(&fields.text("reader")),
        },
        variants,
    };
    for e in spec.check() {
        let field = match e.field.split('.').collect::<Vec<_>>()[..] {
            ["variants", i, name] => i
                .parse::<usize>()
                .ok()
                .and_then(|i| rows.get(i))
                .map(|row| format!("v{row}_{name}")),
            ["variants"] => Some("v0_id".to_owned()),
            [name] => Some(name.to_owned()),
            _ => None,
        };
        if let Some(field) = field {
            if errors.get(&field).is_none() {
                errors.add(&field, message(&e.code, lang));
            }
        }
    }
    (spec, errors)
}

/// An offer id for a new offer: `a-z 0-9 -`, 1 to 64 characters.
pub fn valid_offer_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An empty spec for the "new offer" page.
pub fn blank() -> OfferSpec {
    OfferSpec {
        name: String::new(),
        cta_url: String::new(),
        placement: Placement::Paywall,
        priority: 100,
        starts_at: None,
        ends_at: None,
        targeting: Targeting::default(),
        variants: vec![],
    }
}

/// How a placement is named to marketers.
pub fn placement_label(placement: Placement, lang: Lang) -> &'static str {
    match placement {
        Placement::Paywall => lang.say(Phrase::Paywall),
        Placement::Inline => lang.say(Phrase::InlineBlock),
        Placement::Banner => lang.say(Phrase::Banner),
    }
}

/// A status label for the list and the editor, as HTML (escaped).
pub fn status_label(status: Option<&str>, has_draft: bool, lang: Lang) -> String {
    let base = match status {
        Some("published") => lang.say(Phrase::Published),
        Some("archived") => lang.say(Phrase::Archived),
        _ => lang.say(Phrase::Draft),
    };
    html! {
        (base)
        @if has_draft && status.is_some() { " · " (lang.say(Phrase::UnpublishedChanges)) }
    }
    .into_string()
}
