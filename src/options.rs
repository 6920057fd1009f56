//! What the loader tells a component about its placeholder and its script tag.

use kiosque_protocol::{AccessLevel, Offer};

use crate::api::{FetchError, Handed};

use crate::i18n::{Lang, Texts};

/// The kinds of placeholder, from `data-kiosque="…"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceholderKind {
    /// An article's body, with the paywall when the reader is not entitled.
    Paywall,
    /// A list of article teasers.
    Teasers,
    /// A webinar series or one of its sessions, with the sign-up form.
    Webinar,
    /// Offers outside the paywall: an inline block or a banner.
    Offers,
    /// A questionnaire: its questions, the reader's answers, its results once out.
    Survey,
}

impl PlaceholderKind {
    /// Whether this module of the widget shows the kind (one cargo feature per kind).
    pub const fn in_this_module(self) -> bool {
        match self {
            PlaceholderKind::Paywall => PAYWALL,
            PlaceholderKind::Teasers => TEASERS,
            PlaceholderKind::Webinar => WEBINAR,
            PlaceholderKind::Offers => OFFERS,
            PlaceholderKind::Survey => SURVEY,
        }
    }
}

/// `data-layout` of a teaser list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    List,
    Grid,
    Compact,
}

/// Options as the loader sends them (JSON): `{"kind","site","api","lang","article",…}`; every
/// field but `kind`, `site` and `api` may be left out.
#[derive(Debug, Clone, PartialEq)]
pub struct MountOptions {
    pub kind: PlaceholderKind,
    pub site: String,
    /// API base URL, without trailing slash.
    pub api: String,
    /// The widget's texts in the reader's language, from the site's look
    /// (`GET /v1/sites/{site}/appearance?lang=…`): `lang`, `catalogue` and `texts`.
    pub texts: Texts,
    /// `data-article`: the article slug, for `paywall`.
    pub article: Option<String>,
    /// Milliseconds before a request is given up and the failure policy applied.
    pub timeout_ms: u32,
    /// The publisher's entitlement token for a subscriber (`setEntitlement`, `data-entitlement`).
    pub entitlement: Option<String>,
    /// A session the loader got from an e-mailed sign-in link when storage is blocked.
    pub session: Option<String>,
    /// `data-mode`: `server` (default, the backend sends the text) or `client` (the page holds
    /// it and the widget only gates it).
    pub mode: Mode,
    /// `data-access`: in client mode, the level the page claims for its article.
    pub access: Option<AccessLevel>,
    /// Webinar: `data-series` (required) and `data-session` (show only that session).
    pub series: Option<String>,
    pub session_id: Option<String>,
    /// Survey: `data-survey` (required). Only in the module that shows questionnaires: a
    /// field each module carries costs it (clone, compare and drop code).
    #[cfg(feature = "survey")]
    pub survey: Option<String>,
    /// Teasers: `data-section`, `data-tag`, `data-related` (an article slug), `data-layout`,
    /// `data-limit` (per page), `data-link` (where a teaser leads; `{slug}` is replaced).
    pub section: Option<String>,
    pub tag: Option<String>,
    pub related: Option<String>,
    pub layout: Layout,
    pub limit: Option<u32>,
    /// `data-link` split around `{slug}` by the loader: what comes before and after it.
    pub link: Option<(String, String)>,
    /// Offers: `data-placement`, `inline` (default) or `banner`, and the reader's offers for
    /// it, which the loader fetched (`GET /v1/sites/{site}/offers`).
    pub placement: &'static str,
    pub offers: Vec<Offer>,
    /// What a reader sees when the backend fails (`data-on-failure`).
    pub on_failure: FailurePolicy,
    /// The reader id the loader used for its own requests.
    pub reader_id: Option<String>,
    /// Paywall: the article as the loader got it, asked for while the widget downloaded, so
    /// the widget renders it at once: `{"status", "body"}`, or `{"failed": "timeout"}`.
    pub answer: Option<Handed>,
}

/// `data-on-failure`: `fallback` shows the placeholder's own content (default); `closed`
/// shows only a short notice, for publishers whose placeholder holds nothing meant for all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailurePolicy {
    #[default]
    Fallback,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Server,
    Client,
}

// The kinds this module shows: a kind's options are read only by a module that shows it.
const PAYWALL: bool = cfg!(feature = "paywall");
const TEASERS: bool = cfg!(feature = "teasers");
const WEBINAR: bool = cfg!(feature = "webinar");
const OFFERS: bool = cfg!(feature = "offers");
const SURVEY: bool = cfg!(feature = "survey");

impl MountOptions {
    /// Parses and checks the options; the error names what the publisher must fix.
    pub fn from_json(json: &str) -> Result<MountOptions, String> {
        let v = crate::wire::parse_value(json).ok_or("placeholder options are not JSON")?;
        let text = |key: &str| v.opt::<String>(key).ok_or(format!("{key} must be text"));
        let kind = text("kind")?.unwrap_or_default();
        let options = MountOptions {
            kind: match kind.as_str() {
                "paywall" => PlaceholderKind::Paywall,
                "teasers" => PlaceholderKind::Teasers,
                "webinar" => PlaceholderKind::Webinar,
                "offers" => PlaceholderKind::Offers,
                "survey" => PlaceholderKind::Survey,
                _ => return Err(format!("unknown placeholder data-kiosque=\"{kind}\"")),
            },
            site: text("site")?.unwrap_or_default(),
            api: text("api")?
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned(),
            texts: Texts::new(
                Lang::from_tag(&text("lang")?.unwrap_or_default()),
                v.opt("catalogue").flatten().unwrap_or_default(),
                v.opt("texts").flatten().unwrap_or_default(),
            )
            .ok_or("the site's texts are missing or from another release of Kiosque")?,
            article: text("article")?,
            timeout_ms: v
                .opt("timeout_ms")
                .ok_or("timeout_ms must be a whole number of milliseconds")?
                .unwrap_or(5000),
            entitlement: text("entitlement")?,
            session: text("session")?,
            // `mode`, `layout` and `on_failure`: anything but a known value is the default (the
            // loader passes `mode` and `layout` as the page wrote them), read without an error.
            mode: match text("mode")?.as_deref() {
                Some("client") => Mode::Client,
                _ => Mode::Server,
            },
            access: match text("access")? {
                None => None,
                Some(level) => Some(
                    AccessLevel::from_wire(&level)
                        .ok_or(format!("unknown data-access=\"{level}\""))?,
                ),
            },
            // The other kinds' options, read only by the module that shows them.
            series: if WEBINAR { text("series")? } else { None },
            session_id: if WEBINAR { text("session_id")? } else { None },
            #[cfg(feature = "survey")]
            survey: text("survey")?,
            section: if TEASERS { text("section")? } else { None },
            tag: if TEASERS { text("tag")? } else { None },
            related: if TEASERS { text("related")? } else { None },
            layout: match text("layout")?.as_deref() {
                Some("grid") if TEASERS => Layout::Grid,
                Some("compact") if TEASERS => Layout::Compact,
                _ => Layout::List,
            },
            limit: if TEASERS {
                v.opt("limit").ok_or("data-limit must be a whole number")?
            } else {
                None
            },
            link: match TEASERS.then(|| v.opt::<Vec<String>>("link")) {
                None => None,
                Some(link) => match link.ok_or("link must be two texts")? {
                    None => None,
                    Some(parts) => match <[String; 2]>::try_from(parts) {
                        Ok([before, after]) => Some((before, after)),
                        Err(_) => return Err("link must be two texts".into()),
                    },
                },
            },
            placement: match text("placement")?.as_deref() {
                Some("banner") => "banner",
                _ => "inline",
            },
            offers: if OFFERS {
                v.or_default("offers")
                    .ok_or("offers must be a list of offers")?
            } else {
                Vec::new()
            },
            on_failure: match text("on_failure")?.as_deref() {
                Some("closed") => FailurePolicy::Closed,
                _ => FailurePolicy::Fallback,
            },
            reader_id: text("reader_id")?,
            answer: match v.get("answer").filter(|_| PAYWALL) {
                None => None,
                Some(a) => Some(match a.opt::<String>("failed").flatten() {
                    Some(why) if why == "timeout" => Handed::Failed(FetchError::Timeout),
                    Some(_) => Handed::Failed(FetchError::Network),
                    None => {
                        let wrong = "answer must be {status, body} or {failed}";
                        Handed::Answer {
                            status: a.req::<u32>("status").ok_or(wrong)? as u16,
                            body: a.req("body").ok_or(wrong)?,
                            painted: a.opt::<bool>("painted").flatten().unwrap_or(false),
                        }
                    }
                }),
            },
        };
        if options.site.is_empty() {
            return Err("the script tag has no data-site".into());
        }
        if options.kind == PlaceholderKind::Paywall
            && options.article.as_deref().unwrap_or("").is_empty()
        {
            return Err("a paywall placeholder needs data-article=\"slug\"".into());
        }
        if options.kind == PlaceholderKind::Webinar
            && options.series.as_deref().unwrap_or("").is_empty()
        {
            return Err("a webinar placeholder needs data-series=\"id\"".into());
        }
        #[cfg(feature = "survey")]
        if options.kind == PlaceholderKind::Survey
            && options.survey.as_deref().unwrap_or("").is_empty()
        {
            return Err("a survey placeholder needs data-survey=\"id\"".into());
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::{Text, CATALOGUE};

    /// `json` with the site's texts, as the loader sends it.
    fn options(json: &str) -> Result<MountOptions, String> {
        let texts: Vec<String> = Text::ALL
            .iter()
            .map(|t| format!("\"{}\"", t.name()))
            .collect();
        let with = format!(
            "{{\"catalogue\":{CATALOGUE},\"texts\":[{}],",
            texts.join(",")
        );
        MountOptions::from_json(&json.replacen('{', &with, 1))
    }

    #[test]
    fn parses_loader_options() {
        let o = options(
            r#"{"kind":"paywall","site":"demo","api":"http://x/","lang":"en-GB","article":"a"}"#,
        )
        .unwrap();
        assert_eq!(o.api, "http://x");
        assert_eq!(o.texts.lang(), Lang::En);
        assert_eq!(o.texts.get(Text::Retry), "retry");
        assert_eq!(o.timeout_ms, 5000);
        assert_eq!(o.on_failure, FailurePolicy::Fallback);
        assert_eq!(o.entitlement, None);
    }

    #[test]
    #[cfg(feature = "paywall")]
    fn reads_the_answer_the_loader_was_given() {
        let o = options(
            r#"{"kind":"paywall","site":"d","api":"x","article":"a","reader_id":"abcdefghijklmnop",
                "answer":{"status":404,"body":"{\"code\":\"article_not_found\"}"}}"#,
        )
        .unwrap();
        assert_eq!(o.reader_id.as_deref(), Some("abcdefghijklmnop"));
        let Some(Handed::Answer {
            status,
            body,
            painted,
        }) = &o.answer
        else {
            panic!("{:?}", o.answer)
        };
        assert_eq!(
            (*status, body.as_str(), *painted),
            (404, r#"{"code":"article_not_found"}"#, false)
        );
        // The loader showed its first paint of the answer: the widget is told.
        let o = options(
            r#"{"kind":"paywall","site":"d","api":"x","article":"a",
                "answer":{"status":200,"body":"{}","painted":true}}"#,
        )
        .unwrap();
        assert!(matches!(
            o.answer,
            Some(Handed::Answer { painted: true, .. })
        ));
        let o = options(r#"{"kind":"paywall","site":"d","api":"x","article":"a","answer":{"failed":"timeout"}}"#)
            .unwrap();
        assert_eq!(o.answer, Some(Handed::Failed(FetchError::Timeout)));
        let err = options(r#"{"kind":"paywall","site":"d","api":"x","article":"a","answer":{}}"#)
            .unwrap_err();
        assert!(err.contains("{status, body}"), "{err}");
    }

    #[test]
    #[cfg(feature = "survey")]
    fn reads_survey_options() {
        let o =
            options(r#"{"kind":"survey","site":"demo","api":"x","survey":"pratiques"}"#).unwrap();
        assert_eq!(o.kind, PlaceholderKind::Survey);
        assert_eq!(o.survey.as_deref(), Some("pratiques"));
        let err = options(r#"{"kind":"survey","site":"demo","api":"x"}"#).unwrap_err();
        assert!(err.contains("data-survey"), "{err}");
    }

    #[test]
    #[cfg(feature = "every-kind")]
    fn reads_webinar_options() {
        let o = options(
            r#"{"kind":"webinar","site":"demo","api":"x","series":"cycle","session_id":"s1"}"#,
        )
        .unwrap();
        assert_eq!(o.kind, PlaceholderKind::Webinar);
        assert_eq!(
            (o.series.as_deref(), o.session_id.as_deref()),
            (Some("cycle"), Some("s1"))
        );
        let err = options(r#"{"kind":"webinar","site":"demo","api":"x"}"#).unwrap_err();
        assert!(err.contains("data-series"), "{err}");
        let err = options(r#"{"kind":"teasers","site":"d","api":"x","limit":-2}"#).unwrap_err();
        assert!(err.contains("data-limit"), "{err}");
    }

    #[test]
    fn explains_what_is_missing() {
        let err = options(r#"{"kind":"paywall","site":"demo","api":"x"}"#).unwrap_err();
        assert!(err.contains("data-article"), "{err}");
        let err = options(r#"{"kind":"carousel","site":"demo","api":"x"}"#).unwrap_err();
        assert!(err.contains("carousel"), "{err}");
        let err =
            MountOptions::from_json(r#"{"kind":"teasers","site":"demo","api":"x"}"#).unwrap_err();
        assert!(err.contains("texts"), "{err}");
    }
}
