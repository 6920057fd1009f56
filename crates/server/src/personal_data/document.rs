//! The readable export: a person's data as HTML, in French or English, grouped by kind. The
//! console shows it, the reader's page shows it, and `page` makes the file a publisher sends.

use chrono::{DateTime, Utc};
use kiosque_protocol::{HeldItem, HeldKind, Lang, PersonalData};
use maud::{html, Markup, DOCTYPE};

/// A kind's name, plural, and why it is kept (the console's erasure log names kinds so too).
pub fn kind_label(kind: HeldKind, lang: Lang) -> (&'static str, &'static str) {
    use HeldKind as K;
    let (fr, en) = match kind {
        K::Account => (
            ("Compte", "pour vous reconnaître quand vous vous connectez"),
            ("Account", "to know you when you sign in"),
        ),
        K::Session => (
            (
                "Connexions ouvertes",
                "pour rester connecté sur un navigateur",
            ),
            ("Signed-in browsers", "to keep you signed in on a browser"),
        ),
        K::SignIn => (
            ("Codes de connexion envoyés", "pour vérifier votre adresse"),
            ("Sign-in codes sent", "to check your address"),
        ),
        K::ReaderId => (
            (
                "Identifiants de lecteur",
                "les navigateurs depuis lesquels vous vous êtes connecté",
            ),
            ("Reader ids", "the browsers you signed in from"),
        ),
        K::Registration => (
            (
                "Inscriptions aux webinaires",
                "pour vous accueillir et vous écrire",
            ),
            ("Webinar registrations", "to welcome you and write to you"),
        ),
        K::SuspectedRegistration => (
            (
                "Inscriptions mises de côté",
                "des envois qui semblaient automatiques (protection contre les abus)",
            ),
            (
                "Sign-ups set aside",
                "sign-ups that looked automated (protection against abuse)",
            ),
        ),
        K::SurveyAnswer => (
            (
                "Réponses aux questionnaires",
                "pour les résultats des questionnaires",
            ),
            ("Questionnaire answers", "for the questionnaires’ results"),
        ),
        K::Mail => (
            (
                "Messages envoyés",
                "la trace des messages qui vous ont été écrits",
            ),
            ("Mails", "the record of the mails written to you"),
        ),
        K::Read => (
            ("Articles lus", "pour compter les articles gratuits"),
            ("Articles read", "to count the free articles"),
        ),
        K::Event => (
            (
                "Mesures d’audience",
                "pour mesurer l’intérêt des offres et formulaires",
            ),
            ("Audience events", "to measure how offers and forms do"),
        ),
        K::Conversion => (
            (
                "Abonnements attribués",
                "pour savoir quelle offre a convaincu",
            ),
            ("Attributed subscriptions", "to know which offer convinced"),
        ),
        K::Counter => (
            (
                "Compteurs anti-abus",
                "pour limiter les envois répétés (un jour au plus)",
            ),
            (
                "Abuse counters",
                "to limit repeated requests (a day at most)",
            ),
        ),
        K::DataRequest => (
            (
                "Demandes d’accès à vos données",
                "pour vous montrer ces données",
            ),
            ("Requests to see your data", "to show you this data"),
        ),
    };
    if lang == Lang::En {
        en
    } else {
        fr
    }
}

/// A field's name for people.
fn field_label(name: &str, lang: Lang) -> String {
    let en = lang == Lang::En;
    if let Some(question) = name.strip_prefix("answer:") {
        return format!(
            "{} « {question} »",
            if en { "Answer to" } else { "Réponse à" }
        );
    }
    let (fr, en_label) = match name {
        "email" => ("Adresse e-mail", "E-mail address"),
        "to" => ("Destinataire", "To"),
        "first_name" => ("Prénom", "First name"),
        "last_name" => ("Nom", "Last name"),
        "organisation" => ("Organisation", "Organisation"),
        "job_title" => ("Fonction", "Job title"),
        "status" => ("État", "Status"),
        "delivery" => ("Envoi", "Delivery"),
        "starts_at" => ("Début (heure locale)", "Starts (local time)"),
        "time_zone" => ("Fuseau horaire", "Time zone"),
        "source_page" => ("Page d’inscription", "Sign-up page"),
        "updated_at" => ("Modifié le", "Changed"),
        "expires_at" => ("Expire le", "Expires"),
        "used_at" => ("Utilisé le", "Used"),
        "sent_at" => ("Envoyé le", "Sent"),
        "reader_id" => ("Identifiant de lecteur", "Reader id"),
        "reason" => ("Motif", "Reason"),
        "ip" => ("Adresse IP", "IP address"),
        "counted" => ("Compté par le compteur", "Counted by the meter"),
        "kind" => ("Type", "Kind"),
        "key" => ("Clé", "Key"),
        "count" => ("Nombre", "Count"),
        other => (other, other),
    };
    if en { en_label } else { fr }.to_owned()
}

/// Unix seconds as `2026-12-07 08:14 UTC`, the same in both languages (tables, file names).
pub fn when(unix: i64) -> String {
    DateTime::<Utc>::from_timestamp(unix, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// Unix seconds in words: `7 décembre 2026 à 8 h 14 (UTC)`, `7 December 2026, 08:14 UTC`.
fn said_when(unix: i64, lang: Lang) -> String {
    let Some(t) = DateTime::<Utc>::from_timestamp(unix, 0) else {
        return String::new();
    };
    match lang {
        Lang::En => t.format("%-d %B %Y, %H:%M UTC").to_string(),
        Lang::Fr => {
            let t = t.with_timezone(&chrono_tz::UTC);
            let day = crate::french::date(&t.format("%Y-%m-%d").to_string());
            format!("{day} à {} (UTC)", crate::french::time(&t))
        }
    }
}

/// A field's value for people: times as dates, states and yes or no in the language.
fn field_value(name: &str, value: &str, lang: Lang) -> String {
    if name == "starts_at" {
        return value.replacen('T', " ", 1);
    }
    if name.ends_with("_at") {
        if let Ok(unix) = value.parse::<i64>() {
            return said_when(unix, lang);
        }
    }
    let said = match (name, value) {
        (_, "true") => Some(("oui", "yes")),
        (_, "false") => Some(("non", "no")),
        ("status", "confirmed") => Some(("confirmée", "confirmed")),
        ("status", "waitlisted") => Some(("en liste d’attente", "on the waitlist")),
        ("status", "pending") => Some(("à confirmer par e-mail", "to be confirmed by e-mail")),
        ("status", "cancelled") => Some(("annulée", "cancelled")),
        ("delivery", "pending") => Some(("en attente d’envoi", "waiting to be sent")),
        ("delivery", "sent") => Some(("envoyé", "sent")),
        ("delivery", "failed") => Some(("non remis", "not delivered")),
        _ => None,
    };
    match (said, lang) {
        (Some((fr, _)), Lang::Fr) => fr.into(),
        (Some((_, en)), Lang::En) => en.into(),
        (None, _) => value.into(),
    }
}

/// What a record is about, for people: a counter's purpose in words.
fn about(i: &HeldItem, lang: Lang) -> String {
    if i.kind != HeldKind::Counter {
        return i.about.clone();
    }
    let (fr, en) = match i.about.as_str() {
        "start" => ("Codes de connexion", "Sign-in codes"),
        "signup" => ("Inscriptions aux webinaires", "Webinar sign-ups"),
        "data" => ("Liens vers vos données", "Links to your data"),
        other => (other, other),
    };
    if lang == Lang::En { en } else { fr }.to_owned()
}

fn consent_kind(kind: &str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("processing", Lang::Fr) => "traitement de l’inscription",
        ("processing", Lang::En) => "processing of the registration",
        ("marketing", Lang::Fr) => "informations du site",
        ("marketing", Lang::En) => "the site’s news",
        (_, Lang::Fr) => "être recontacté",
        (_, Lang::En) => "being written to",
    }
}

fn item(i: &HeldItem, lang: Lang) -> Markup {
    let en = lang == Lang::En;
    html! {
        li.held {
            p.held-head {
                @let about = about(i, lang);
                @if !about.is_empty() { strong { (about) } " · " }
                (if en { "since " } else { "depuis le " }) (said_when(i.since, lang))
            }
            @if !i.fields.is_empty() {
                dl {
                    @for f in &i.fields {
                        dt { (field_label(&f.name, lang)) }
                        dd { (field_value(&f.name, &f.value, lang)) }
                    }
                }
            }
            @for c in &i.consents {
                p.consent {
                    (if en { "Consent (" } else { "Consentement (" })
                    (consent_kind(&c.kind, lang))
                    ", version " (c.version) (if en { "): " } else { ")\u{a0}: " })
                    @if en { "“" (c.text) "”" } @else { "«\u{a0}" (c.text) "\u{a0}»" }
                }
            }
            p.place { (if en { "Kept in: " } else { "Conservé dans\u{a0}: " }) code { (i.place) } }
        }
    }
}

/// The document's body: a summary, then one section per kind held.
pub fn body(data: &PersonalData, lang: Lang) -> Markup {
    let en = lang == Lang::En;
    let kinds: Vec<HeldKind> = HeldKind::ALL
        .iter()
        .copied()
        .filter(|k| data.count(*k) > 0)
        .collect();
    html! {
        div.personal-data {
            p.summary {
                @if data.items.is_empty() {
                    (if en { "Nothing is held about " } else { "Aucune donnée n’est conservée pour " })
                    strong { (data.email) } "."
                } @else {
                    (if en { "Held about " } else { "Données conservées pour " })
                    strong { (data.email) }
                    (if en { " on " } else { " sur " }) (data.site_name) (if en { ": " } else { "\u{a0}: " })
                    @let n = data.items.len();
                    (n)
                    (match (en, n) {
                        (true, 1) => " record, as of ",
                        (true, _) => " records, as of ",
                        (false, 0 | 1) => " enregistrement, au ",
                        (false, _) => " enregistrements, au ",
                    })
                    (said_when(data.generated_at, lang)) "."
                }
            }
            @for kind in kinds {
                @let (label, why) = kind_label(kind, lang);
                section.held-kind data-kind=(kind.as_str()) {
                    h2 { (label) " (" (data.count(kind)) ")" }
                    p.why { (if en { "Why: " } else { "Pourquoi\u{a0}: " }) (why) }
                    ul { @for i in data.items.iter().filter(|i| i.kind == kind) { (item(i, lang)) } }
                }
            }
        }
    }
}

/// The style of `body`, for pages that have none of their own.
pub const STYLE: &str = ".personal-data h2{font-size:1.15rem;margin:1.5rem 0 .25rem}\
.personal-data .why,.personal-data .place{color:var(--muted,#57606a);font-size:.9rem;margin:.2rem 0}\
.personal-data ul{list-style:none;padding:0;margin:0}\
.personal-data li.held{border:1px solid var(--border,#d8d4cc);border-radius:6px;padding:.6rem .8rem;\
margin:.5rem 0;overflow-wrap:anywhere}\
.personal-data .held-head{margin:0 0 .3rem}\
.personal-data dl{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;\
gap:.15rem .8rem;margin:.3rem 0}\
.personal-data dt{color:var(--muted,#57606a)}.personal-data dd{margin:0}\
.personal-data .consent{font-style:italic}\
@media (max-width:30rem){.personal-data dl{grid-template-columns:1fr}\
.personal-data dd{margin-bottom:.3rem}}";

/// The export as a page of its own (what a publisher sends the reader).
pub fn page(data: &PersonalData, lang: Lang) -> Markup {
    let title = match lang {
        Lang::En => format!("Personal data held about {}", data.email),
        Lang::Fr => format!("Données personnelles conservées pour {}", data.email),
    };
    html! {
        (DOCTYPE)
        html lang=(if lang == Lang::En { "en" } else { "fr" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style {
                    "body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;\
                     padding:0 1rem;color:#1f2328}"
                    (STYLE)
                }
            }
            body {
                main {
                    h1 { (title) }
                    (body(data, lang))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::{HeldConsent, HeldField};

    #[test]
    fn every_item_shows_with_its_fields_consent_and_place_escaped() {
        let data = PersonalData {
            site: "demo".into(),
            site_name: "Le Fil Social".into(),
            email: "claire@exemple.fr".into(),
            generated_at: 1_796_000_000,
            reader_ids: vec![],
            items: vec![HeldItem {
                kind: HeldKind::Registration,
                place: "webinar_registrations".into(),
                about: "Atelier <b>".into(),
                since: 1_795_000_000,
                consents: vec![HeldConsent {
                    kind: "processing".into(),
                    version: 2,
                    text: "J’accepte".into(),
                }],
                fields: vec![HeldField {
                    name: "first_name".into(),
                    value: "Claire".into(),
                }],
            }],
        };
        let html = page(&data, Lang::Fr).into_string();
        assert!(html.contains("Inscriptions aux webinaires (1)"));
        assert!(html.contains("Atelier &lt;b&gt;"));
        assert!(html.contains("<dt>Prénom</dt><dd>Claire</dd>"));
        assert!(html.contains("version 2"));
        assert!(html.contains("<code>webinar_registrations</code>"));
        // 1,795,000,000 s: 18 November 2026, 11:06:40 UTC.
        assert!(
            html.contains("depuis le 18 novembre 2026 à 11\u{a0}h\u{a0}06 (UTC)"),
            "{html}"
        );
        assert!(html.contains(": 1 enregistrement, au"), "{html}");
        let en = page(&data, Lang::En).into_string();
        assert!(en.contains("Webinar registrations (1)"));
        assert!(en.contains("since 18 November 2026, 11:06 UTC"), "{en}");
        assert!(en.contains(": 1 record, as of"), "{en}");
    }
}
