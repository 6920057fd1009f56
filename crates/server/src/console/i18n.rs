//! The console's two languages: French by default, English on request. `?lang=en` (or `fr`)
//! picks one for that page and, through `remember`, for the next ones (a cookie).

use axum::extract::{FromRequestParts, Request};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;

use super::phrases::Phrase;
use axum::response::Response;

/// The cookie that keeps the language chosen.
const LANG_COOKIE: &str = "kiosque_console_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

/// The same language for what the console shares with readers' pages (the typography rule,
/// the personal data document).
impl From<Lang> for kiosque_protocol::Lang {
    fn from(lang: Lang) -> kiosque_protocol::Lang {
        match lang {
            Lang::Fr => kiosque_protocol::Lang::Fr,
            Lang::En => kiosque_protocol::Lang::En,
        }
    }
}

impl Lang {
    /// A console text in this language: `lang.say(Phrase::SignIn)`.
    pub fn say(self, phrase: Phrase) -> &'static str {
        phrase.in_lang(self)
    }

    /// `n` and its noun, agreed: French takes the singular for 0 and 1 ("0 inscription",
    /// "2 inscriptions"), English for 1 only ("0 registrations", "1 registration").
    pub fn count(self, n: u64, fr: (&str, &str), en: (&str, &str)) -> String {
        let ((one, many), singular) = match self {
            Lang::Fr => (fr, n < 2),
            Lang::En => (en, n == 1),
        };
        format!("{n} {}", if singular { one } else { many })
    }

    /// The code for `<html lang>`, `?lang=` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The language the switch offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    fn parse(code: &str) -> Option<Lang> {
        match code {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// `?lang=` first, then the cookie, then French.
    pub fn of(uri_query: Option<&str>, headers: &HeaderMap) -> Lang {
        asked(uri_query)
            .or_else(|| cookie(headers, LANG_COOKIE).and_then(Lang::parse))
            .unwrap_or_default()
    }
}

/// The language `?lang=` asks for, if any.
fn asked(query: Option<&str>) -> Option<Lang> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(name, _)| name == "lang")
        .and_then(|(_, value)| Lang::parse(&value))
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::of(parts.uri.query(), &parts.headers))
    }
}

/// Middleware: a page asked for with `?lang=` sets the cookie, so the choice follows the user.
pub async fn remember(request: Request, next: Next) -> Response {
    let chosen = asked(request.uri().query());
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/admin; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_over_the_cookie_and_french_is_the_default() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::of(None, &headers), Lang::Fr);
        headers.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_static("a=b; kiosque_console_lang=en"),
        );
        assert_eq!(Lang::of(None, &headers), Lang::En);
        assert_eq!(Lang::of(Some("x=1&lang=fr"), &headers), Lang::Fr);
        assert_eq!(Lang::of(Some("lang=de"), &headers), Lang::En);
        assert_eq!(Lang::En.other(), Lang::Fr);
    }

    #[test]
    fn counts_agree_with_their_number_in_each_language() {
        let count = |lang: Lang, n| {
            lang.count(
                n,
                ("inscription", "inscriptions"),
                ("registration", "registrations"),
            )
        };
        assert_eq!(count(Lang::Fr, 0), "0 inscription");
        assert_eq!(count(Lang::Fr, 1), "1 inscription");
        assert_eq!(count(Lang::Fr, 3), "3 inscriptions");
        assert_eq!(count(Lang::En, 0), "0 registrations");
        assert_eq!(count(Lang::En, 1), "1 registration");
    }
}
