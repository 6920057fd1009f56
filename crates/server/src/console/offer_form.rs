//! The offer editor's form: an `OfferSpec` written out as fields, and read back with a
//! message per wrong field (the spec's own checks, worded for marketers).

use chrono::{DateTime, NaiveDateTime, Utc};
use kiosque_protocol::AccessLevel;

use super::{Choices, Errors, Fields, Input, Lang};
use crate::html::escape;
use crate::offers::{
    DeviceTarget, MeterTarget, OfferSpec, Placement, ReaderTarget, Targeting, Variant, VariantTexts,
};

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
    let pick = |fr, en| lang.pick(fr, en);
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
    let mut html = String::new();
    // A long form: its parts listed first, each one a link.
    let variant_links: String = (1..=spec.variants.len().max(1))
        .map(|n| {
            format!(
                r##"<li><a href="#partie-variante-{n}">{} {n}</a></li>"##,
                pick("Variante", "Variant")
            )
        })
        .collect();
    html.push_str(&format!(
        r##"<nav class="form-parts" aria-label="{label}"><ul><li><a href="#partie-offre">{offer}</a></li><li><a href="#partie-ciblage">{targeting}</a></li>{variant_links}</ul></nav>"##,
        label = pick("Parties du formulaire", "Parts of the form"),
        offer = pick("L’offre", "The offer"),
        targeting = pick("Ciblage", "Targeting"),
    ));
    html.push_str(&format!(
        r#"<fieldset id="partie-offre"><legend>{}</legend>"#,
        pick("L’offre", "The offer")
    ));
    html.push_str(
        &Input::new("name", pick("Nom interne", "Internal name"))
            .value(&spec.name)
            .hint(pick("Pour vous retrouver dans la console ; les lecteurs voient le titre de chaque variante.", "To find it in the console; readers see each variant’s title."))
            .render(lang, errors),
    );
    html.push_str(
        &Input::new("cta_url", pick("Page de paiement", "Checkout page"))
            .kind("url")
            .value(&spec.cta_url)
            .hint(pick("Adresse http(s) de votre page d’abonnement ; Kiosque y ajoute le suivi et la page de retour.", "Your subscription page, http(s); Kiosque adds tracking and the return page."))
            .render(lang, errors),
    );
    html.push_str(&one(
        "placement",
        pick("Emplacement", "Placement"),
        &[Placement::Paywall, Placement::Inline, Placement::Banner]
            .map(|p| (p.as_str().to_owned(), placement_label(p, lang).to_owned())),
        json_name(&spec.placement),
    ));
    html.push_str(
        &Input::new(
            "priority",
            pick(
                "Priorité (la plus basse d’abord)",
                "Priority (lowest first)",
            ),
        )
        .kind("number")
        .value(&priority)
        .render(lang, errors),
    );
    html.push_str(
        &Input::new("starts_at", pick("Début (UTC)", "Start (UTC)"))
            .kind("datetime-local")
            .value(&starts)
            .render(lang, errors),
    );
    html.push_str(
        &Input::new("ends_at", pick("Fin (UTC)", "End (UTC)"))
            .kind("datetime-local")
            .value(&ends)
            .render(lang, errors),
    );
    html.push_str("</fieldset>");

    html.push_str(&format!(
        r#"<fieldset id="partie-ciblage"><legend>{}</legend>"#,
        pick("Ciblage", "Targeting")
    ));
    html.push_str(
        &Choices {
            name: "sections",
            legend: pick("Rubriques", "Sections"),
            hint: pick("Aucune cochée : toutes.", "None ticked: all."),
            multiple: true,
            options: sections,
            selected: &t.sections,
            empty: "",
        }
        .render(lang, errors),
    );
    html.push_str(
        &Input::new(
            "tags",
            pick(
                "Mots-clés (séparés par des virgules)",
                "Tags (comma-separated)",
            ),
        )
        .value(&tags)
        .render(lang, errors),
    );
    html.push_str(
        &Choices {
            name: "access_levels",
            legend: pick("Articles", "Articles"),
            hint: pick("Aucun coché : tous.", "None ticked: all."),
            multiple: true,
            options: &pairs(&[
                (
                    "registered",
                    pick("Réservés aux inscrits", "For registered readers"),
                ),
                (
                    "subscribers",
                    pick("Réservés aux abonnés", "For subscribers"),
                ),
            ]),
            selected: &levels,
            empty: "",
        }
        .render(lang, errors),
    );
    html.push_str(&one(
        "meter",
        pick("Compteur", "Meter"),
        &pairs(&[
            ("any", pick("Tous les lecteurs", "Every reader")),
            (
                "exhausted",
                pick(
                    "Vient d’épuiser ses articles gratuits",
                    "Just used up their free articles",
                ),
            ),
            ("not_metered", pick("Sans articles gratuits", "Not metered")),
        ]),
        json_name(&t.meter),
    ));
    html.push_str(&one(
        "device",
        pick("Appareil", "Device"),
        &pairs(&[
            ("any", pick("Tous", "Any")),
            ("mobile", pick("Mobile", "Mobile")),
            ("desktop", pick("Ordinateur", "Desktop")),
        ]),
        json_name(&t.device),
    ));
    html.push_str(&one(
        "reader",
        pick("Lecteur", "Reader"),
        &pairs(&[
            ("any", pick("Tous", "Any")),
            ("new", pick("Nouveau", "New")),
            ("returning", pick("Déjà venu", "Returning")),
        ]),
        json_name(&t.reader),
    ));
    html.push_str("</fieldset>");

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
    let rows = spec.variants.len().max(1) + usize::from(spec.variants.len() < VARIANT_ROWS);
    for i in 0..rows.min(VARIANT_ROWS.max(spec.variants.len())) {
        let v = spec.variants.get(i).unwrap_or(&empty);
        let field = |name: &str| format!("v{i}_{name}");
        let weight = if v.weight == 0 && v.id.is_empty() {
            String::new()
        } else {
            v.weight.to_string()
        };
        let benefits = v.benefits.join("\n");
        let badge = v.badge.clone().unwrap_or_default();
        // Two variants (an A/B test) are always there; a further empty one waits folded.
        let folded = i >= spec.variants.len().max(2);
        if folded {
            let open = if VARIANT_FIELDS
                .iter()
                .any(|name| errors.get(&field(name)).is_some())
            {
                " open"
            } else {
                ""
            };
            html.push_str(&format!(
                "<details class=\"more\"{open}><summary>{} ({} {})</summary>",
                pick("Ajouter une variante", "Add a variant"),
                pick("variante", "variant"),
                i + 1
            ));
        }
        html.push_str(&format!(
            "<fieldset class=\"variant\" id=\"partie-variante-{n}\"><legend>{} {n}</legend>",
            pick("Variante", "Variant"),
            n = i + 1
        ));
        if i >= spec.variants.len() {
            html.push_str(&format!(
                "<p class=\"hint\">{}</p>",
                pick(
                    "Laissez vide pour ne pas ajouter de variante.",
                    "Leave empty to add no variant."
                )
            ));
        }
        let fields: [(&str, &str, &str, &str, &str); 10] = [
            (
                "id",
                "Identifiant (a, b, prix-barre…)",
                "Id (a, b, crossed-price…)",
                "text",
                &v.id,
            ),
            (
                "weight",
                "Poids (part des lecteurs)",
                "Weight (share of readers)",
                "number",
                &weight,
            ),
            (
                "title",
                "Titre affiché aux lecteurs",
                "Title readers see",
                "text",
                &v.title,
            ),
            ("headline", "Accroche", "Headline", "text", &v.headline),
            (
                "description",
                "Description",
                "Description",
                "textarea",
                &v.description,
            ),
            ("price", "Prix affiché", "Displayed price", "text", &v.price),
            (
                "period",
                "Période (par mois…)",
                "Period (a month…)",
                "text",
                &v.period,
            ),
            (
                "benefits",
                "Avantages (un par ligne)",
                "Benefits (one per line)",
                "textarea",
                &benefits,
            ),
            (
                "cta_label",
                "Texte du bouton",
                "Button label",
                "text",
                &v.cta_label,
            ),
            (
                "badge",
                "Badge (facultatif)",
                "Badge (optional)",
                "text",
                &badge,
            ),
        ];
        let description_hint = pick(
            "**gras**, *italique*, [lien](https://…), « - » en début de ligne pour une liste, une ligne vide entre deux paragraphes. Le HTML est retiré.",
            "**bold**, *italic*, [link](https://…), “- ” at the start of a line for a list, a blank line between paragraphs. HTML is removed.",
        );
        for (name, fr, en, kind, value) in fields {
            let hint = if name == "description" {
                description_hint
            } else {
                ""
            };
            html.push_str(
                &Input::new(&field(name), pick(fr, en))
                    .kind(kind)
                    .value(value)
                    .hint(hint)
                    .render(lang, errors),
            );
        }
        for &to in translate_to {
            html.push_str(&translation_fields(i, v, to, lang, errors));
        }
        html.push_str("</fieldset>");
        if folded {
            html.push_str("</details>");
        }
    }
    html
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
) -> String {
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
    let fields: String = TRANSLATED
        .iter()
        .zip(values)
        .map(|((name, fr, en, kind), value)| {
            // Labels name the language: each field's name stays unique on the page.
            let label = match lang {
                Lang::Fr => format!("{fr} {in_fr}"),
                Lang::En => format!("{en} {in_en}"),
            };
            Input::new(&translated_field(i, to, name), &label)
                .kind(kind)
                .value(&value)
                .value_lang(to.as_str())
                .render(lang, errors)
        })
        .collect();
    // Folded unless something is written in it or wrong in it.
    let open = if !v
        .translations
        .get(to.as_str())
        .is_none_or(VariantTexts::is_empty)
        || TRANSLATED
            .iter()
            .any(|(name, ..)| errors.get(&translated_field(i, to, name)).is_some())
    {
        " open"
    } else {
        ""
    };
    format!(
        r#"<details class="translation"{open}><summary>{legend}</summary><div>{fields}</div></details>"#
    )
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
        "required" => lang.pick("Ce champ est obligatoire.", "This field is required."),
        "invalid_url" => lang.pick(
            "Saisissez une adresse http(s) complète, par exemple https://abonnement.exemple.fr.",
            "Enter a full http(s) address, such as https://subscribe.example.com.",
        ),
        "before_start" => lang.pick(
            "La fin doit suivre le début.",
            "The end must come after the start.",
        ),
        "not_positive" => lang.pick(
            "Saisissez un nombre entier positif.",
            "Enter a positive whole number.",
        ),
        "duplicate" => lang.pick(
            "Une autre variante a déjà cet identifiant.",
            "Another variant has this id.",
        ),
        "invalid_link" => lang.pick(
            "Un lien doit mener à une adresse http(s) complète : [texte](https://exemple.fr).",
            "A link must lead to a full http(s) address: [text](https://example.com).",
        ),
        "too_long" => lang.pick("Ce texte est trop long.", "This text is too long."),
        "invalid_id" => lang.pick(
            "Lettres, chiffres, - et _ seulement, 32 au plus.",
            "Letters, digits, - and _ only, 32 at most.",
        ),
        _ => lang.pick(
            "Cette valeur n’est pas acceptée.",
            "This value is not accepted.",
        ),
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
                errors.add(
                    name,
                    lang.pick(
                        "Saisissez une date et une heure (AAAA-MM-JJThh:mm).",
                        "Enter a date and time (YYYY-MM-DDThh:mm).",
                    ),
                );
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
            errors.add(
                "priority",
                lang.pick("Saisissez un nombre entier.", "Enter a whole number."),
            );
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
        Placement::Paywall => lang.pick("Mur de paiement", "Paywall"),
        Placement::Inline => lang.pick("Bloc dans l’article", "Inline block"),
        Placement::Banner => lang.pick("Bannière", "Banner"),
    }
}

/// A status label for the list and the editor.
pub fn status_label(status: Option<&str>, has_draft: bool, lang: Lang) -> String {
    let base = match status {
        Some("published") => lang.pick("Publiée", "Published"),
        Some("archived") => lang.pick("Archivée", "Archived"),
        _ => lang.pick("Brouillon", "Draft"),
    };
    if has_draft && status.is_some() {
        format!(
            "{} · {}",
            escape(base),
            lang.pick("brouillon en cours", "unpublished changes")
        )
    } else {
        escape(base)
    }
}
