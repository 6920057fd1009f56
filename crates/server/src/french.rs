//! French dates, times and typography for the pages and mails the server writes itself.

use chrono::{DateTime, Datelike, Timelike};
use chrono_tz::Tz;

/// The space French puts before `:` and inside `« »`, and between a number and its unit.
pub const NBSP: char = '\u{a0}';
/// The thin one it puts before `;`, `!` and `?`.
pub const NNBSP: char = '\u{202f}';

pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

pub const DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// A day of the month as French writes it: `1er`, `2`, … `31`.
pub fn day(d: u32) -> String {
    match d {
        1 => "1er".to_owned(),
        d => d.to_string(),
    }
}

/// `2026-11-20` → `20 novembre 2026`; anything else is returned unchanged.
pub fn date(iso: &str) -> String {
    let mut parts = iso.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_owned();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) => day_month_year(d, m - 1, y),
        _ => iso.to_owned(),
    }
}

/// `15 h 30`, `17 h`: a French clock time, with no-break spaces so it never splits.
pub fn time(t: &DateTime<Tz>) -> String {
    match t.minute() {
        0 => format!("{}{NBSP}h", t.hour()),
        m => format!("{}{NBSP}h{NBSP}{m:02}", t.hour()),
    }
}

/// `10 décembre 2026`: what `date` and `long_day` both write.
fn day_month_year(d: u32, month0: usize, year: impl std::fmt::Display) -> String {
    format!("{} {} {year}", day(d), MONTHS[month0])
}

/// `jeudi 10 décembre 2026`.
pub fn long_day(t: &DateTime<Tz>) -> String {
    format!(
        "{} {}",
        DAYS[t.weekday().num_days_from_monday() as usize],
        day_month_year(t.day(), t.month0() as usize, t.year())
    )
}

/// `heure de Paris`, `heure d’Amsterdam`, `heure de New York`: the zone as a reader names it
/// (its city, from the IANA name); `UTC` as it is.
pub fn zone(tz: Tz) -> String {
    let name = tz.name();
    let Some((_, city)) = name.rsplit_once('/') else {
        return name.to_owned();
    };
    let city = city.replace('_', " ");
    let elided = city.starts_with(['A', 'E', 'I', 'O', 'U', 'É', 'Î']);
    format!("heure {}{city}", if elided { "d’" } else { "de " })
}

/// When a session takes place: `jeudi 10 décembre 2026, de 15 h 30 à 17 h (heure de Paris)`,
/// or `du … à … au … à …` when it ends on another day. One form for the mails, the reminders
/// and the calendar file.
pub fn session_when(starts: &DateTime<Tz>, ends: &DateTime<Tz>) -> String {
    let zone = zone(starts.timezone());
    if starts.date_naive() == ends.date_naive() {
        format!(
            "{}, de {} à {} ({zone})",
            long_day(starts),
            time(starts),
            time(ends)
        )
    } else {
        format!(
            "du {} à {} au {} à {} ({zone})",
            long_day(starts),
            time(starts),
            long_day(ends),
            time(ends)
        )
    }
}

/// French typography on a text the server wrote or sends: a no-break space before `:` and
/// `»` and after `«`, a thin one before `;`, `!` and `?`, where the text has an ordinary space;
/// a no-break space between a number and its unit (`9,90 €`, `20 %`) and a thin one between
/// its groups of digits (`4 000`); typographic apostrophes (`apostrophes`). Applied to whole
/// texts, so the names and titles put into a sentence follow the rule too. Addresses and
/// links are left alone: they contain no space and no straight apostrophe.
pub fn typeset(text: &str) -> String {
    // One pass, one allocation: it runs on every paywall answer's box and offers and on every
    // fetch of the widget's texts.
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let rest = &text[i + c.len_utf8()..];
        let after_digit = previous.is_some_and(|p| p.is_ascii_digit());
        match (c, rest.chars().next()) {
            (' ', Some(':' | '»')) => out.push(NBSP),
            (' ', Some(';' | '!' | '?')) => out.push(NNBSP),
            (' ', Some('€' | '%' | '$' | '£')) if after_digit => out.push(NBSP),
            (' ', Some(_)) if after_digit && digit_group(rest.as_bytes()) => out.push(NNBSP),
            ('«', Some(' ')) => {
                chars.next();
                out.push('«');
                out.push(NBSP);
                previous = Some(' ');
                continue;
            }
            ('\'', _) => out.push(apostrophe(previous)),
            _ => out.push(c),
        }
        previous = Some(c);
    }
    out
}

/// Whether `rest` starts with a group of three digits that ends the number (`000` in `4 000`).
fn digit_group(rest: &[u8]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(u8::is_ascii_digit)
        && !rest.get(3).is_some_and(u8::is_ascii_digit)
}

/// A straight apostrophe after `previous`, made typographic: `’` after a letter, a digit or
/// punctuation (`l’été`, `don’t`), `‘` where a quotation opens (`‘word’`).
fn apostrophe(previous: Option<char>) -> char {
    if previous.is_some_and(|p| p.is_alphanumeric() || ".,!?;:".contains(p)) {
        '’'
    } else {
        '‘'
    }
}

/// Straight apostrophes made typographic, in any language: `’` after a letter or digit
/// (`l’été`, `don’t`), `‘` where a quotation opens (`‘word’`).
pub fn apostrophes(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    let mut previous: Option<char> = None;
    for c in text.chars() {
        out.push(if c == '\'' { apostrophe(previous) } else { c });
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris(local: &str) -> DateTime<Tz> {
        crate::webinars::instant(local, "Europe/Paris").unwrap()
    }

    #[test]
    fn a_session_is_written_the_french_way() {
        assert_eq!(
            session_when(&paris("2026-12-10T15:30:00"), &paris("2026-12-10T17:00:00")),
            "jeudi 10 décembre 2026, de 15\u{a0}h\u{a0}30 à 17\u{a0}h (heure de Paris)"
        );
        assert_eq!(
            session_when(&paris("2026-12-31T22:00:00"), &paris("2027-01-01T01:05:00")),
            "du jeudi 31 décembre 2026 à 22\u{a0}h au vendredi 1er janvier 2027 à 1\u{a0}h\u{a0}05 \
             (heure de Paris)"
        );
        assert_eq!(
            zone("America/New_York".parse().unwrap()),
            "heure de New York"
        );
        assert_eq!(
            zone("Europe/Amsterdam".parse().unwrap()),
            "heure d’Amsterdam"
        );
        assert_eq!(zone("UTC".parse().unwrap()), "UTC");
    }

    #[test]
    fn typesets_punctuation_and_apostrophes() {
        assert_eq!(
            typeset("Rappel : « L'accueil » commence ; prêt ? Oui !"),
            "Rappel\u{a0}: «\u{a0}L’accueil\u{a0}» commence\u{202f}; prêt\u{202f}? Oui\u{202f}!"
        );
        // Links and times are left as they are.
        let link = "https://kiosque.example/webinaires/annulation?site=demo&jeton=a:b";
        assert_eq!(typeset(link), link);
        assert_eq!(typeset("15:30"), "15:30");
    }

    #[test]
    fn typesets_numbers_and_units() {
        assert_eq!(
            typeset("Puis 9,90 € par mois, 20 % de remise, 4 000 lecteurs, 1 250 000 vues"),
            "Puis 9,90\u{a0}€ par mois, 20\u{a0}% de remise, 4\u{202f}000 lecteurs, \
             1\u{202f}250\u{202f}000 vues"
        );
        // A year then a count is not one number; a word after a number is no unit.
        assert_eq!(typeset("en 2026 12 ateliers"), "en 2026 12 ateliers");
        assert_eq!(typeset("les 3 offres"), "les 3 offres");
    }

    #[test]
    fn apostrophes_open_and_close() {
        assert_eq!(apostrophes("Je m'abonne"), "Je m’abonne");
        assert_eq!(
            apostrophes("the 'best' offer, don't"),
            "the ‘best’ offer, don’t"
        );
        assert_eq!(
            typeset("« L'accueil » !"),
            "«\u{a0}L’accueil\u{a0}»\u{202f}!"
        );
    }

    #[test]
    fn formats_french_dates() {
        assert_eq!(date("2026-11-03"), "3 novembre 2026");
        assert_eq!(date("2026-12-01"), "1er décembre 2026");
        assert_eq!(date("bientôt"), "bientôt");
        assert_eq!(date("2026-13-01"), "2026-13-01");
    }
}
