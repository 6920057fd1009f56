//! A session's date and time as readers read them, in the session's time zone and, when it
//! differs, in the reader's own. The browser's `Intl` does the work: the zone rules, the month
//! and day names and the 24-hour clock come with it, so none of it is in the wasm.

use wasm_bindgen::prelude::*;

use crate::i18n::{Lang, Text, Texts};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateTimeFormat;

    /// Throws (`RangeError`) for a zone the browser does not know: caught, never a panic.
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn new(locale: &str, options: &js_sys::Object) -> Result<DateTimeFormat, JsValue>;

    /// Throws for an invalid date.
    #[wasm_bindgen(method, catch)]
    fn format(this: &DateTimeFormat, date: &js_sys::Date) -> Result<String, JsValue>;

    #[wasm_bindgen(method, js_name = resolvedOptions)]
    fn resolved_options(this: &DateTimeFormat) -> js_sys::Object;
}

/// When a session takes place, for one reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTimes {
    /// `jeudi 3 décembre 2026, de 15 h 30 à 17 h (heure de Paris)`.
    pub local: String,
    /// The same in the reader's zone, and that zone, when the wall-clock time differs.
    pub reader: Option<(String, String)>,
}

/// `starts`/`ends`: RFC 3339 instants; `zone`: the session's IANA zone. `None` when the
/// browser cannot format them (unknown zone, malformed date).
pub fn session_times(starts: &str, ends: &str, zone: &str, t: &Texts) -> Option<SessionTimes> {
    let lang = t.lang();
    let starts = js_sys::Date::new(&JsValue::from_str(starts));
    let ends = js_sys::Date::new(&JsValue::from_str(ends));
    let reader_zone = reader_zone()?;
    let local = range(&starts, &ends, zone, lang)?;
    let theirs = range(&starts, &ends, &reader_zone, lang)?;
    let label = |zone: &str| zone.rsplit('/').next().unwrap_or(zone).replace('_', " ");
    let reader = (theirs != local).then(|| (theirs, label(&reader_zone)));
    let local = t.fill(
        Text::SessionTime,
        &[("when", &local), ("zone", &label(zone))],
    );
    Some(SessionTimes { local, reader })
}

/// `jeudi 3 décembre 2026, de 15 h 30 à 17 h` (`Thursday 3 December 2026, 15:30–17:00`) in
/// `zone`.
fn range(starts: &js_sys::Date, ends: &js_sys::Date, zone: &str, lang: Lang) -> Option<String> {
    let locale = match lang {
        Lang::Fr => "fr-FR",
        Lang::En => "en-GB",
    };
    let options = |fields: &[(&str, &str)]| {
        let options = js_sys::Object::new();
        for (key, value) in fields.iter().chain(&[("timeZone", zone)]) {
            let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
        }
        options
    };
    let day = DateTimeFormat::new(
        locale,
        &options(&[
            ("weekday", "long"),
            ("day", "numeric"),
            ("month", "long"),
            ("year", "numeric"),
        ]),
    )
    .ok()?;
    let time = DateTimeFormat::new(
        locale,
        &options(&[("hour", "2-digit"), ("minute", "2-digit")]),
    )
    .ok()?;
    let (day, from, to) = (
        day.format(starts).ok()?,
        time.format(starts).ok()?,
        time.format(ends).ok()?,
    );
    Some(match lang {
        Lang::Fr => format!("{day}, de {} à {}", french(&from), french(&to)),
        Lang::En => format!("{day}, {from}–{to}"),
    })
}

/// Intl's `15:30` written the French way: `15 h 30`, `17 h`, `9 h 05`, with no-break spaces
/// (the server writes mails the same way, `french::time`).
fn french(time: &str) -> String {
    let Some((hour, minutes)) = time.split_once(':') else {
        return time.to_owned();
    };
    let hour = hour
        .strip_prefix('0')
        .filter(|h| !h.is_empty())
        .unwrap_or(hour);
    match minutes {
        "00" => format!("{hour}\u{a0}h"),
        _ => format!("{hour}\u{a0}h\u{a0}{minutes}"),
    }
}

/// `2026-11-01` → `1er novembre 2026` / `1 November 2026`; `None` for anything else.
pub fn day(iso: &str, lang: Lang) -> Option<String> {
    long_day(&JsValue::from_str(iso.get(..10)?), true, lang)
}

/// The day of an instant (RFC 3339) in the reader's own zone: a questionnaire that opens at
/// 00:30 in Paris opens on that day for a Parisian, whatever the UTC date.
pub fn reader_day(instant: &str, lang: Lang) -> Option<String> {
    long_day(&JsValue::from_str(instant), false, lang)
}

/// `date`'s day written out, in UTC or in the reader's zone.
fn long_day(date: &JsValue, utc: bool, lang: Lang) -> Option<String> {
    let date = js_sys::Date::new(date);
    let options = js_sys::Object::new();
    for (key, value) in [
        ("day", "numeric"),
        ("month", "long"),
        ("year", "numeric"),
        ("timeZone", if utc { "UTC" } else { "" }),
    ] {
        if !value.is_empty() {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        }
    }
    let locale = match lang {
        Lang::Fr => "fr-FR",
        Lang::En => "en-GB",
    };
    let text = DateTimeFormat::new(locale, &options)
        .ok()?
        .format(&date)
        .ok()?;
    // French writes the first of the month as an ordinal.
    Some(match (lang, text.strip_prefix("1 ")) {
        (Lang::Fr, Some(rest)) => format!("1er {rest}"),
        _ => text,
    })
}

/// The reader's IANA zone, as the browser knows it.
fn reader_zone() -> Option<String> {
    let format = DateTimeFormat::new("en", &js_sys::Object::new()).ok()?;
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()?
        .as_string()
}
