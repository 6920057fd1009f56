//! The record of a site's erasures on the personal data page, and the confirmation after one:
//! when, who asked, how many records of each kind. Never an address: the record keeps none.

use kiosque_protocol::{Erasure, HeldKind};
use maud::{html, Markup};

use super::phrases::Phrase;
use super::Lang;
use crate::personal_data::document::{self, when};

/// A kind of record, plural: the document's own heading for it.
fn kind_label(kind: HeldKind, lang: Lang) -> &'static str {
    document::kind_label(kind, lang.into()).0
}

/// Who asked, as `Erasure::asked_by` says it: `reader`, `console:<e-mail>` or `api-key:<name>`.
fn asked_by(who: &str, lang: Lang) -> Markup {
    match who.split_once(':') {
        _ if who == "reader" => html! { (lang.say(Phrase::ThePersonThemselves)) },
        Some(("console", email)) => html! { (email) " (console)" },
        Some(("api-key", name)) => html! { (lang.say(Phrase::APIKey)) " " code { (name) } },
        _ => html! { (who) },
    }
}

/// The kinds erased, each with its count; kinds with none are left out.
fn erased_list(e: &Erasure, lang: Lang) -> Markup {
    let erased: Vec<_> = e.erased.iter().filter(|c| c.count > 0).collect();
    html! {
        @if erased.is_empty() {
            p.erased { (lang.say(Phrase::NothingErased)) }
        } @else {
            ul.erased { @for c in erased {
                li { (kind_label(c.kind, lang)) " (" (c.count) ")" }
            } }
        }
    }
}

/// The confirmation of the erasure just made.
pub(super) fn erased_notice(e: &Erasure, lang: Lang) -> Markup {
    let colon = lang.say(Phrase::ColonAtEnd);
    html! {
        div.notice.success role="status" {
            p { strong { (lang.say(Phrase::DataErased)) } }
            (erased_list(e, lang))
            p {
                (lang.say(Phrase::SeatsFreed)) (colon) " " (e.seats_freed)
                br;
                (lang.say(Phrase::PeoplePromoted)) (colon) " " (e.promoted)
            }
        }
    }
}

/// The log, newest first, in the scrolling table wrapper so a phone keeps the page's width.
pub(super) fn erasure_log(log: &[Erasure], lang: Lang) -> Markup {
    let title = lang.say(Phrase::ErasuresDone);
    html! {
        h2 #effacements { (title) }
        p.hint { (lang.say(Phrase::TheLogNeverKeeps)) }
        @if log.is_empty() {
            p { (lang.say(Phrase::NoErasureYet)) }
        } @else {
            div.table-scroll tabindex="0" role="region" aria-labelledby="effacements" {
                table {
                    caption.visually-hidden { (title) }
                    thead { tr {
                        th scope="col" { (lang.say(Phrase::Date)) }
                        th scope="col" { (lang.say(Phrase::AskedBy)) }
                        th scope="col" { (lang.say(Phrase::Erased)) }
                        th scope="col" { (lang.say(Phrase::SeatsFreed)) }
                        th scope="col" { (lang.say(Phrase::PeoplePromoted)) }
                    } }
                    tbody { @for e in log { tr {
                        th scope="row" { (when(e.at)) }
                        td { (asked_by(&e.asked_by, lang)) }
                        td { (erased_list(e, lang)) }
                        td { (e.seats_freed) }
                        td { (e.promoted) }
                    } } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::ErasedCount;

    #[test]
    fn the_log_names_kinds_and_who_asked_escaped() {
        let erasure = Erasure {
            id: 1,
            asked_by: "console:<marie>@exemple.fr".into(),
            at: 1_796_000_000,
            erased: vec![
                ErasedCount {
                    kind: HeldKind::Registration,
                    count: 2,
                },
                ErasedCount {
                    kind: HeldKind::Read,
                    count: 0,
                },
            ],
            seats_freed: 1,
            promoted: 1,
        };
        let html = erasure_log(&[erasure], Lang::Fr).into_string();
        assert!(html.contains("Inscriptions aux webinaires (2)"));
        assert!(!html.contains("Articles lus"));
        assert!(html.contains("&lt;marie&gt;@exemple.fr (console)"));
        assert!(erasure_log(&[], Lang::En)
            .into_string()
            .contains("No erasure yet."));
    }
}
