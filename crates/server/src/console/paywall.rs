//! `/admin/sites/{site}/mur`: the paywall's texts, how many blocks of a gated article stay
//! public, and the free-article meter. Readers get the change on their next request.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::{
    csrf_field, page, ConsoleError, ConsoleForm, ConsoleUser, Errors, Fields, Input, Lang,
};
use crate::html::escape;
use crate::store::{MeterRules, PaywallTexts, Site};
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
}

impl Settings {
    fn of(site: &Site) -> Settings {
        Settings {
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
        Settings {
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
    pub(super) fn check(&self, lang: Lang) -> Result<(PaywallTexts, usize, MeterRules), Errors> {
        let mut errors = Errors::default();
        for (name, value) in [
            ("kicker", &self.kicker),
            ("title", &self.title),
            ("cta_label", &self.cta_label),
        ] {
            if value.is_empty() {
                errors.add(
                    name,
                    lang.pick("Ce champ est obligatoire.", "This field is required."),
                );
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
                        lang.pick("Saisissez un nombre entier de", "Enter a whole number from"),
                        range.start(),
                        lang.pick("à", "to"),
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
        let texts = PaywallTexts {
            kicker: self.kicker.clone(),
            title: self.title.clone(),
            benefits: self
                .benefits
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            cta_label: self.cta_label.clone(),
        };
        Ok((texts, teaser_blocks as usize, rules))
    }
}

pub(super) fn form(user: &ConsoleUser, site: &str, s: &Settings, errors: &Errors) -> String {
    let lang = user.lang;
    let pick = |fr, en| lang.pick(fr, en);
    let field = |name: &'static str, label: &str, kind: &str, value: &str, hint: &str| {
        Input::new(name, label)
            .kind(kind)
            .value(value)
            .hint(hint)
            .render(lang, errors)
    };
    format!(
        r#"<form method="post" action="/admin/sites/{site}/mur" novalidate>{csrf}
<fieldset><legend>{texts}</legend>{kicker}{title}{benefits}{cta}</fieldset>
<fieldset><legend>{gate}</legend>{teaser}{anonymous}{registered}{period}</fieldset>
<p><button type="submit" formaction="/admin/sites/{site}/mur/apercu">{preview}</button> <button type="submit">{save}</button></p></form>"#,
        site = escape(site),
        csrf = csrf_field(user),
        texts = pick("Textes du mur", "Paywall texts"),
        kicker = field("kicker", pick("Surtitre", "Kicker"), "text", &s.kicker, ""),
        title = field("title", pick("Titre", "Title"), "text", &s.title, ""),
        benefits = field(
            "benefits",
            pick("Avantages (un par ligne)", "Benefits (one per line)"),
            "textarea",
            &s.benefits,
            ""
        ),
        cta = field(
            "cta_label",
            pick(
                "Bouton qui ouvre les offres",
                "Button that opens the offers"
            ),
            "text",
            &s.cta_label,
            ""
        ),
        gate = pick("Accès", "Access"),
        teaser = field(
            "teaser_blocks",
            pick(
                "Paragraphes publics d’un article réservé",
                "Public paragraphs of a gated article"
            ),
            "number",
            &s.teaser_blocks,
            pick(
                "Sauf marque de coupure posée par la rédaction.",
                "Unless the newsroom set a cut marker."
            )
        ),
        anonymous = field(
            "anonymous",
            pick(
                "Articles gratuits par période, lecteur anonyme",
                "Free articles per period, anonymous reader"
            ),
            "number",
            &s.anonymous,
            pick("0 : pas de compteur.", "0: no meter.")
        ),
        registered = field(
            "registered",
            pick(
                "Articles abonnés par période, lecteur inscrit",
                "Subscriber articles per period, registered reader"
            ),
            "number",
            &s.registered,
            ""
        ),
        period = field(
            "period_days",
            pick("Durée de la période (jours)", "Period length (days)"),
            "number",
            &s.period_days,
            ""
        ),
        preview = pick("Prévisualiser le mur", "Preview the paywall"),
        save = pick("Enregistrer", "Save"),
    )
}

/// `GET /admin/sites/{site}/mur`.
pub async fn show(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(id): Path<String>,
) -> Result<Response, ConsoleError> {
    let site = user.managed_site(&state, &id).await?;
    let main = form(&user, &site.id, &Settings::of(&site), &Errors::default());
    let title = user.lang.pick("Mur et compteur", "Paywall and meter");
    Ok(page(&user, title, &Errors::default(), &main).into_response())
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
        Ok((texts, teaser_blocks, rules)) => {
            state
                .store
                .set_paywall_settings(&site.id, &texts, teaser_blocks, rules)
                .await?;
            Ok(Redirect::to(&format!("/admin/sites/{}/mur", site.id)).into_response())
        }
        Err(errors) => {
            let main = form(&user, &site.id, &typed, &errors);
            let title = user.lang.pick("Mur et compteur", "Paywall and meter");
            Ok((StatusCode::BAD_REQUEST, page(&user, title, &errors, &main)).into_response())
        }
    }
}
