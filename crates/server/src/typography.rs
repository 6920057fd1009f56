//! The typography of every text the server sends a reader's widget: the widget's own texts,
//! the paywall box, the offers and the webinar series, whoever wrote them (the defaults, a marketer in the console,
//! the admin API, an import). Applied where the answer is written, so no stored text needs
//! rewriting and a marketer's "Je m'abonne !" reaches the reader as "Je m’abonne !" with its
//! thin space. French gets the French rule (`french::typeset`); English its apostrophes.
//!
//! Consent texts are left as they are: they are shown as stored, because the registration
//! keeps that exact text as its proof. So are a question's choices: the widget sends the one
//! picked back, and it must match the stored one.

use kiosque_protocol::{Lang, Offer, Paywall, RichBlock, WebinarSeries};

use crate::french;

pub fn text(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Fr => french::typeset(text),
        Lang::En => french::apostrophes(text),
    }
}

fn in_place(lang: Lang, value: &mut String) {
    *value = text(lang, value);
}

pub fn offer(lang: Lang, offer: &mut Offer) {
    for value in [
        &mut offer.title,
        &mut offer.headline,
        &mut offer.price,
        &mut offer.period,
        &mut offer.cta_label,
    ] {
        in_place(lang, value);
    }
    offer.benefits.iter_mut().for_each(|b| in_place(lang, b));
    if let Some(badge) = &mut offer.badge {
        in_place(lang, badge);
    }
    for block in &mut offer.description {
        let runs: Vec<&mut Vec<kiosque_protocol::Span>> = match block {
            RichBlock::Paragraph(spans) => vec![spans],
            RichBlock::List(items) => items.iter_mut().collect(),
        };
        for span in runs.into_iter().flatten() {
            in_place(lang, &mut span.text);
        }
    }
}

/// The box's own texts (its offers are typeset when they are made).
pub fn paywall(lang: Lang, paywall: &mut Paywall) {
    for value in [
        &mut paywall.kicker,
        &mut paywall.title,
        &mut paywall.cta_label,
    ] {
        in_place(lang, value);
    }
    paywall.benefits.iter_mut().for_each(|b| in_place(lang, b));
}

/// A series' and its sessions' texts, and its questions' labels.
pub fn series(lang: Lang, series: &mut WebinarSeries) {
    in_place(lang, &mut series.title);
    in_place(lang, &mut series.description);
    for session in &mut series.sessions {
        in_place(lang, &mut session.title);
        in_place(lang, &mut session.description);
        session.points.iter_mut().for_each(|p| in_place(lang, p));
        for person in session.hosts.iter_mut().chain(&mut session.speakers) {
            in_place(lang, &mut person.role);
        }
    }
    for question in &mut series.questions {
        in_place(lang, &mut question.label);
    }
}

/// The text of a page the server renders (the console), typeset between its tags. What is
/// inside a tag (attribute values) and inside `textarea`, `pre`, `code`, `script` and `style`
/// is left as it is, so a form gives back exactly what was saved in it.
pub fn html(lang: Lang, page: &str) -> String {
    const VERBATIM: [&str; 5] = ["textarea", "pre", "code", "script", "style"];
    let mut out = String::with_capacity(page.len() + page.len() / 32);
    let mut rest = page;
    while let Some(open) = rest.find('<') {
        out.push_str(&text(lang, &rest[..open]));
        rest = &rest[open..];
        let Some(close) = rest.find('>') else {
            break;
        };
        let tag = &rest[..=close];
        out.push_str(tag);
        rest = &rest[close + 1..];
        let name: String = tag[1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if VERBATIM.contains(&name.as_str()) {
            // Up to the closing tag, as it is.
            let end = rest
                .to_ascii_lowercase()
                .find(&format!("</{name}"))
                .unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(&text(lang, rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::Span;

    #[test]
    fn every_text_of_an_offer_is_typeset() {
        let span = |text: &str| Span {
            text: text.into(),
            ..Span::default()
        };
        let mut o = Offer {
            id: "o".into(),
            title: "L'intégrale : un an".into(),
            headline: "L'offre numérique".into(),
            description: vec![
                RichBlock::Paragraph(vec![span("Sans engagement : résiliable")]),
                RichBlock::List(vec![vec![span("Accès à l'intégralité")]]),
            ],
            price: "9,90 €".into(),
            period: "par mois".into(),
            benefits: vec!["Tous les articles !".into()],
            cta_label: "Je m'abonne".into(),
            cta_url: "https://exemple.fr/abonnement?offre=l'an".into(),
            badge: Some("Le plus choisi ?".into()),
            variant: "a".into(),
        };
        offer(Lang::Fr, &mut o);
        assert_eq!(o.headline, "L’offre numérique");
        assert_eq!(o.price, "9,90\u{a0}€");
        assert_eq!(o.cta_label, "Je m’abonne");
        assert_eq!(o.benefits, ["Tous les articles\u{202f}!"]);
        assert_eq!(o.badge.as_deref(), Some("Le plus choisi\u{202f}?"));
        assert_eq!(
            o.description,
            [
                RichBlock::Paragraph(vec![span("Sans engagement\u{a0}: résiliable")]),
                RichBlock::List(vec![vec![span("Accès à l’intégralité")]]),
            ]
        );
        assert_eq!(o.title, "L’intégrale\u{a0}: un an");
        assert_eq!(
            o.cta_url, "https://exemple.fr/abonnement?offre=l'an",
            "links untouched"
        );

        let mut english = Offer {
            headline: "Don't miss it : now".into(),
            ..o
        };
        offer(Lang::En, &mut english);
        assert_eq!(
            english.headline, "Don’t miss it : now",
            "English: apostrophes only"
        );
    }

    #[test]
    fn a_page_is_typeset_between_its_tags_and_its_fields_are_left_alone() {
        let page = r#"<h1>Offres : essai</h1><p title="Note : x">L'offre ? <strong>4 000</strong> vues</p><input value="Vous ?"><textarea name="t">Vraiment ? l'an</textarea><p>Fin !</p>"#;
        assert_eq!(
            html(Lang::Fr, page),
            "<h1>Offres\u{a0}: essai</h1><p title=\"Note : x\">L’offre\u{202f}? <strong>4\u{202f}000</strong> vues</p><input value=\"Vous ?\"><textarea name=\"t\">Vraiment ? l'an</textarea><p>Fin\u{202f}!</p>"
        );
    }
}
