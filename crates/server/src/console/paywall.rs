//! `/admin/sites/{site}/mur`: the paywall's texts, how many blocks of a gated article stay
//! public, and the free-article meter. Readers get the change on their next request. maud
//! templates: every value is escaped unless marked otherwise.

use super::phrases::Phrase;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup, PreEscaped};

use super::{
    csrf_field, form_page, page, ConsoleError, ConsoleForm, ConsoleUser, Errors, Fields, Input,
    Lang,
};
use crate::store::{MeterRules, PaywallTexts, Site, Translations};
use crate::AppState;

/// What the form holds, as typed.
pub(super) struct Settings {
    kicker: String,
    title: String,
    benefits: String,
    cta_label: String,
    teaser_blocks: String,
    anonymous: String,
    registered: String,
    period_days: String,
    /// The box in each language other than the site's: `(lang, kicker, title, benefits, cta)`.
    translated: Vec<(kiosque_protocol::Lang, [String; 4])>,
}

/// The paywall texts' field names; a translation's are these with `_<lang>` after them.
const TEXT_FIELDS: [&str; 4] = ["kicker", "title", "benefits", "cta_label"];

impl Settings {
    fn of(site: &Site) -> Settings {
        let translated = site
            .other_langs()
            .into_iter()
            .map(|l| {
                let t = site.paywall_translations.get(l.as_str());
                let text = |f: fn(&PaywallTexts) -> String| t.map(f).unwrap_or_default();
                (
                    l,
                    [
                        text(|t| t.kicker.clone()),
                        text(|t| t.title.clone()),
                        text(|t| t.benefits.join("\n")),
                        text(|t| t.cta_label.clone()),
                    ],
                )
            })
            .collect();
        Settings {
            translated,
            kicker: site.paywall.kicker.clone(),
            title: site.paywall.title.clone(),
            benefits: site.paywall.benefits.join("\n"),
            cta_label: site.paywall.cta_label.clone(),
            teaser_blocks: site.teaser_blocks.to_string(),
            anonymous: site.meter.anonymous.to_string(),
            registered: site.meter.registered.to_string(),
            period_days: site.meter.period_days.to_string(),
        }
    }

    pub(super) fn from_fields(fields: &Fields) -> Settings {
        let translated = fields
            .all("translated")
            .iter()
            .filter_map(|code| {
                let l = kiosque_protocol::Lang::ALL
                    .into_iter()
                    .find(|l| l.as_str() == code.as_str())?;
                Some((
                    l,
                    TEXT_FIELDS.map(|f| fields.text(&format!("{f}_{}", l.as_str()))),
                ))
            })
            .collect();
        Settings {
            translated,
            kicker: fields.text("kicker"),
            title: fields.text("title"),
            benefits: fields.text("benefits"),
            cta_label: fields.text("cta_label"),
            teaser_blocks: fields.text("teaser_blocks"),
            anonymous: fields.text("anonymous"),
            registered: fields.text("registered"),
            period_days: fields.text("period_days"),
        }
    }

    /// The values, or a message on each wrong field.
    pub(super) fn check(&self, lang: Lang) -> Result<Checked, Errors> {
        let mut errors = Errors::default();
        for (name, value) in [
            ("kicker", &self.kicker),
            ("title", &self.title),
            ("cta_label", &self.cta_label),
        ] {
            if value.is_empty() {
                errors.add(name, lang.say(Phrase::ThisFieldIsRequired));
            }
        }
        let mut number = |name: &str, value: &str, range: std::ops::RangeInclusive<u32>| match value
            .parse::<u32>()
        {
            Ok(n) if range.contains(&n) => n,
            _ => {
                errors.add(
                    name,
                    format!(
                        "{} {} {} {}.",
                        lang.say(Phrase::EnterAWholeNumberFrom),
                        range.start(),
                        lang.say(Phrase::To),
                        range.end()
                    ),
                );
                0
            }
        };
        let teaser_blocks = number("teaser_blocks", &self.teaser_blocks, 1..=20);
        let rules = MeterRules {
            anonymous: number("anonymous", &self.anonymous, 0..=100),
            registered: number("registered", &self.registered, 0..=100),
            period_days: number("period_days", &self.period_days, 1..=365),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let texts = texts_of(&self.kicker, &self.title, &self.benefits, &self.cta_label);
        let translations = self
            .translated
            .iter()
            .map(|(l, [kicker, title, benefits, cta])| {
                (
                    l.as_str().to_owned(),
                    texts_of(kicker, title, benefits, cta),
                )
            })
            .filter(|(_, t)| {
                !(t.kicker.is_empty()
                    && t.title.is_empty()
                    && t.benefits.is_empty()
                    && t.cta_label.is_empty())
            })
            .collect();
        Ok(Checked {
            texts,
            translations,
            teaser_blocks: teaser_blocks as usize,
            rules,
        })
    }
}

/// What a valid form says.
pub(super) struct Checked {
    pub texts: PaywallTexts,
    /// Only the languages with at least one text; each empty one falls back to `texts`.
    pub translations: Translations<PaywallTexts>,
    pub teaser_blocks: usize,
    pub rules: MeterRules,
}

fn texts_of(kicker: &str, title: &str, benefits: &str, cta_label: &str) -> PaywallTexts {
    PaywallTexts {
        kicker: kicker.trim().to_owned(),
        title: title.trim().to_owned(),
        benefits: benefits
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        cta_label: cta_label.trim().to_owned(),
    }
}

/// The fieldset of one translation: every text optional, the site's language's shown as the
/// hint, since an empty one falls back to it.
fn translation_fieldset(
    lang: Lang,
    errors: &Errors,
    of: kiosque_protocol::Lang,
    values: &[String; 4],
    defaults: &Settings,
) -> Markup {
    let (name_fr, name_en) = match of {
        kiosque_protocol::Lang::En => ("anglais", "English"),
        kiosque_protocol::Lang::Fr => ("français", "French"),
    };
    let legend = match lang {
        Lang::Fr => format!("Textes du mur en {name_fr} (facultatif)"),
        Lang::En => format!("Paywall texts in {name_en} (optional)"),
    };
    let labels = [
        lang.say(Phrase::Kicker),
        lang.say(Phrase::Title),
        lang.say(Phrase::BenefitsOnePerLine),
        lang.say(Phrase::ButtonThatOpensThe),
    ]
    // Labels name the language: each field's name stays unique on the page.
    .map(|label| match lang {
        Lang::Fr => format!("{label}, en {name_fr}"),
        Lang::En => format!("{label}, in {name_en}"),
    });
    let own = [
        &defaults.kicker,
        &defaults.title,
        &defaults.benefits,
        &defaults.cta_label,
    ];
    let fields: Vec<Markup> = TEXT_FIELDS
        .iter()
        .zip(labels)
        .zip(values.iter().zip(own))
        .map(|((field, label), (value, fallback))| {
            let name = format!("{field}_{}", of.as_str());
            let hint = match lang {
                Lang::Fr => format!("Vide : « {} ».", fallback.replace('\n', " · ")),
                Lang::En => format!("Empty: “{}”.", fallback.replace('\n', " · ")),
            };
            let kind = if *field == "benefits" {
                "textarea"
            } else {
                "text"
            };
            // The form helpers' HTML, every value in it escaped.
            PreEscaped(
                Input::new(&name, &label)
                    .kind(kind)
                    .value(value)
                    .hint(&hint)
                    .value_lang(of.as_str())
                    .render(lang, errors),
            )
        })
        .collect();
    let code = of.as_str();
    html! {
        fieldset lang=(code) {
            legend { (legend) }
            input type="hidden" name="translated" value=(code);
            @for field in &fields { (field) }
        }
    }
}

pub(super) fn form(user: &ConsoleUser, site: &str, s: &Settings, errors: &Errors) -> Markup {
    let lang = user.lang;
    // The form helpers' HTML, every value in it escaped.
    let field = |name: &'static str, label: &str, kind: &str, value: &str, hint: &str| {
        PreEscaped(
            Input::new(name, label)
                .kind(kind)
                .value(value)
                .hint(hint)
                .render(lang, errors),
        )
    };
    html! {
        form method="post" action=(format!("/admin/sites/{site}/mur")) novalidate {
            (PreEscaped(csrf_field(user)))
            fieldset {
                legend { (lang.say(Phrase::PaywallTexts)) }
                (field("kicker", lang.say(Phrase::Kicker), "text", &s.kicker, ""))
                (field("title", lang.say(Phrase::Title), "text", &s.title, ""))
                (field("benefits", lang.say(Phrase::BenefitsOnePerLine), "textarea", &s.benefits, ""))
                (field("cta_label", lang.say(Phrase::ButtonThatOpensThe), "text", &s.cta_label, ""))
            }
            @for (of, values) in &s.translated {
                (translation_fieldset(lang, errors, *of, values, s))
            }
            fieldset {
                legend { (lang.say(Phrase::Access)) }
                (field("teaser_blocks", lang.say(Phrase::PublicParagraphsOfA), "number", &s.teaser_blocks, lang.say(Phrase::UnlessTheNewsroomSet)))
                (field("anonymous", lang.say(Phrase::FreeArticlesPerPeriod), "number", &s.anonymous, lang.say(Phrase::T0NoMeter)))
                (field("registered", lang.say(Phrase::SubscriberArticlesPerPeriod), "number", &s.registered, ""))
                (field("period_days", lang.say(Phrase::PeriodLengthDays), "number", &s.period_days, ""))
            }
            p {
                button type="submit" formaction=(format!("/admin/sites/{site}/mur/apercu")) { (lang.say(Phrase::PreviewThePaywall)) }
                " "
                button type="submit" { (lang.say(Phrase::Save)) }
            }
        }
    }
}

/// `GET /admin/sites/{site}/mur`.
pub async fn show(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(id): Path<String>,
) -> Result<Response, ConsoleError> {
    let site = user.managed_site(&state, &id).await?;
    let main = form(&user, &site.id, &Settings::of(&site), &Errors::default());
    let title = user.lang.say(Phrase::PaywallAndMeter);
    Ok(page(&user, title, &Errors::default(), &main.into_string()).into_response())
}

/// `POST /admin/sites/{site}/mur`.
pub async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let site = user.managed_site(&state, &id).await?;
    let typed = Settings::from_fields(&fields);
    match typed.check(user.lang) {
        Ok(c) => {
            state
                .store
                .set_paywall_settings(
                    &site.id,
                    &c.texts,
                    &c.translations,
                    c.teaser_blocks,
                    c.rules,
                )
                .await?;
            Ok(Redirect::to(&format!("/admin/sites/{}/mur?enregistre=1", site.id)).into_response())
        }
        Err(errors) => {
            let main = form(&user, &site.id, &typed, &errors);
            let title = user.lang.say(Phrase::PaywallAndMeter);
            Ok(form_page(&user, title, &errors, &main.into_string()))
        }
    }
}
