//! The calendar file (`.ics`) mailed with a confirmed registration.

use chrono::{DateTime, Utc};

/// What a calendar file needs to know about a session.
pub struct CalendarEvent<'a> {
    /// Stable across resends: the same registration always gets the same UID.
    pub uid: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    pub stamp: DateTime<Utc>,
}

/// An iCalendar (RFC 5545) file with one event, in UTC times (no VTIMEZONE needed).
pub fn ics(event: &CalendarEvent) -> String {
    let utc = |t: &DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Kiosque//Webinaires//FR".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", event.uid),
        format!("DTSTAMP:{}", utc(&event.stamp)),
        format!("DTSTART:{}", utc(&event.starts)),
        format!("DTEND:{}", utc(&event.ends)),
        format!("SUMMARY:{}", ics_text(event.title)),
        format!("DESCRIPTION:{}", ics_text(event.description)),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

/// TEXT values: backslash, semicolon, comma and newlines escaped.
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines of at most 75 octets, continued with CRLF and a space, never inside a character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webinars::instant;

    #[test]
    fn calendar_files_are_escaped_and_folded() {
        let starts = instant("2026-12-03T15:30:00", "Europe/Paris")
            .unwrap()
            .with_timezone(&Utc);
        let ends = instant("2026-12-03T17:00:00", "Europe/Paris")
            .unwrap()
            .with_timezone(&Utc);
        let text = ics(&CalendarEvent {
            uid: "reg-1@kiosque",
            title: "Numérique, droits; et \\ accès",
            description: &"Une description très longue. ".repeat(5),
            starts,
            ends,
            stamp: starts,
        });
        assert!(text.contains("DTSTART:20261203T143000Z\r\n"));
        assert!(text.contains("DTEND:20261203T160000Z\r\n"));
        assert!(text.contains("SUMMARY:Numérique\\, droits\\; et \\\\ accès\r\n"));
        assert!(text.lines().all(|l| l.trim_end_matches('\r').len() <= 75));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }
}
