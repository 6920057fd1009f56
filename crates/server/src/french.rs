//! French dates for the pages and mails the server writes itself.

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
        (Ok(m @ 1..=12), Ok(d)) => format!("{} {} {y}", day(d), MONTHS[m - 1]),
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn formats_french_dates() {
        assert_eq!(date("2026-11-03"), "3 novembre 2026");
        assert_eq!(date("2026-12-01"), "1er décembre 2026");
        assert_eq!(date("bientôt"), "bientôt");
        assert_eq!(date("2026-13-01"), "2026-13-01");
    }
}
