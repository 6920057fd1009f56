//! The only module that does HTTP: one request function with a timeout, and one error type.

use std::cell::Cell;
use std::rc::Rc;

use crate::wire::{self, encode::Encode, Decode, Value};
use kiosque_protocol::{
    AccessDecision, AccessLevel, ArticleList, ArticlePage, ErrorCode, FieldError, Lang, LoginStart,
    LoginStarted, LoginVerify, RegistrationRequest, RegistrationResult, Session, Survey,
    SurveyAnswerRequest, SurveyAnswerResult, TeaserFilter, WebinarSeries,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestInit, RequestMode, Response};

/// Why a request gave no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer: offline, DNS, CORS refusal, server down.
    Network,
    /// No answer within the timeout; the request was aborted.
    Timeout,
    /// The server answered with an error body.
    Api { status: u16, code: ErrorCode },
    /// `400 invalid_fields`: what is wrong with which form field.
    Invalid(Vec<FieldError>),
    /// The answer was not what the protocol says.
    Decode,
}

impl FetchError {
    /// Stable code for the host page's `kiosque:error` event.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::Network => "network",
            FetchError::Timeout => "timeout",
            // What the reader asked for is not there: say which, as the server does.
            FetchError::Api {
                code:
                    code @ (ErrorCode::ArticleNotFound
                    | ErrorCode::SiteNotFound
                    | ErrorCode::SeriesNotFound
                    | ErrorCode::SessionNotFound
                    | ErrorCode::SurveyNotFound),
                ..
            } => code.as_str(),
            FetchError::Api { .. } => "server",
            FetchError::Invalid(_) => "invalid_fields",
            FetchError::Decode => "decode",
        }
    }
}

/// The answer to a placeholder's first request, which the loader sent while the widget was
/// still downloading (the paywall's article): read as if the widget had asked. `painted`: the
/// loader already showed its first render (the answer's `paint`) and told the host page.
#[derive(Debug, Clone, PartialEq)]
pub enum Handed {
    Answer {
        status: u16,
        body: String,
        painted: bool,
    },
    Failed(FetchError),
}

/// What a handed answer says, as [`send`] would have read it.
pub fn read_handed<T: Decode>(handed: &Handed) -> Result<T, FetchError> {
    match handed {
        Handed::Failed(err) => Err(err.clone()),
        Handed::Answer { status, body, .. } => {
            let text = checked((200..300).contains(status), *status, body.clone())?;
            wire::parse(&text).ok_or(FetchError::Decode)
        }
    }
}

/// The parts of an error body (`kiosque_protocol::ApiError`) the widget reads: its code, and
/// the fields of an `invalid_fields` answer.
struct ErrorBody {
    code: ErrorCode,
    fields: Vec<FieldError>,
}

impl Decode for ErrorBody {
    fn decode(v: &Value) -> Option<Self> {
        Some(ErrorBody {
            code: v.req("code")?,
            fields: v.or_default("fields")?,
        })
    }
}

/// Who the request is for: the headers the access decision reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Credentials {
    pub reader_id: Option<String>,
    pub entitlement: Option<String>,
    pub session: Option<String>,
    /// A registration's `Idempotency-Key`: a retry of the same submission sends the same one.
    pub idempotency_key: Option<String>,
    /// The placeholder's language, sent as `Accept-Language` (CORS-safelisted, so no
    /// preflight): the server answers the publisher's texts (paywall box, offers, consent)
    /// in it.
    pub lang: Option<Lang>,
}

/// `GET {api}/v1/sites/{site}/articles/{slug}`.
pub async fn article(
    api: &str,
    site: &str,
    slug: &str,
    credentials: &Credentials,
    timeout_ms: u32,
) -> Result<ArticlePage, FetchError> {
    let url = format!("{api}{}", kiosque_protocol::article_path(site, slug));
    send("GET", &url, None, credentials, timeout_ms).await
}

/// `GET {api}/v1/sites/{site}/articles?…`: one page of teasers.
pub async fn teasers(
    api: &str,
    site: &str,
    filter: &TeaserFilter,
    limit: u32,
    after: Option<&str>,
    timeout_ms: u32,
) -> Result<ArticleList, FetchError> {
    let url = format!(
        "{api}{}",
        kiosque_protocol::teasers_path(site, filter, limit, after)
    );
    send("GET", &url, None, &Credentials::default(), timeout_ms).await
}

/// `GET {api}/v1/sites/{site}/access/{slug}?level=…`: the decision alone (client mode).
pub async fn access(
    api: &str,
    site: &str,
    slug: &str,
    level: AccessLevel,
    credentials: &Credentials,
    timeout_ms: u32,
) -> Result<AccessDecision, FetchError> {
    let url = format!("{api}{}", kiosque_protocol::access_path(site, slug, level));
    send("GET", &url, None, credentials, timeout_ms).await
}

/// `GET {api}/v1/sites/{site}/webinars/{series}`: the sessions, seats left and the form.
pub async fn webinar_series(
    api: &str,
    site: &str,
    series: &str,
    lang: Lang,
    timeout_ms: u32,
) -> Result<WebinarSeries, FetchError> {
    let url = format!("{api}{}", kiosque_protocol::webinar_path(site, series));
    let credentials = Credentials {
        lang: Some(lang),
        ..Credentials::default()
    };
    send("GET", &url, None, &credentials, timeout_ms).await
}

/// `POST …/webinars/sessions/{session}/registrations`, with the submission's idempotency key.
pub async fn register(
    api: &str,
    site: &str,
    session: &str,
    body: &RegistrationRequest,
    idempotency_key: &str,
    lang: Lang,
    timeout_ms: u32,
) -> Result<RegistrationResult, FetchError> {
    let url = format!(
        "{api}{}",
        kiosque_protocol::registrations_path(site, session)
    );
    let headers = Credentials {
        idempotency_key: Some(idempotency_key.to_owned()),
        lang: Some(lang),
        ..Credentials::default()
    };
    send("POST", &url, Some(&body.encode()), &headers, timeout_ms).await
}

/// `GET {api}/v1/sites/{site}/surveys/{survey}`: the questions, the results once out, and
/// the reader's own answers.
pub async fn survey(
    api: &str,
    site: &str,
    survey: &str,
    credentials: &Credentials,
    timeout_ms: u32,
) -> Result<Survey, FetchError> {
    let url = format!("{api}{}", kiosque_protocol::survey_path(site, survey));
    send("GET", &url, None, credentials, timeout_ms).await
}

/// `PUT …/surveys/{survey}/answer`: the reader's answer (created, or replacing theirs), with
/// the submission's idempotency key in `credentials`.
pub async fn answer_survey(
    api: &str,
    site: &str,
    survey: &str,
    body: &SurveyAnswerRequest,
    credentials: &Credentials,
    timeout_ms: u32,
) -> Result<SurveyAnswerResult, FetchError> {
    let url = format!(
        "{api}{}/answer",
        kiosque_protocol::survey_path(site, survey)
    );
    send("PUT", &url, Some(&body.encode()), credentials, timeout_ms).await
}

/// `POST …/auth/start`: e-mail a sign-in code.
pub async fn start_login(
    api: &str,
    site: &str,
    body: &LoginStart,
    timeout_ms: u32,
) -> Result<LoginStarted, FetchError> {
    post_auth(api, site, "start", body, timeout_ms).await
}

/// `POST …/auth/verify`: trade a code for a session.
pub async fn verify_login(
    api: &str,
    site: &str,
    body: &LoginVerify,
    timeout_ms: u32,
) -> Result<Session, FetchError> {
    post_auth(api, site, "verify", body, timeout_ms).await
}

async fn post_auth<B: Encode, T: Decode>(
    api: &str,
    site: &str,
    step: &str,
    body: &B,
    timeout_ms: u32,
) -> Result<T, FetchError> {
    let url = format!("{api}{}", kiosque_protocol::auth_path(site, step));
    let body = body.encode();
    send(
        "POST",
        &url,
        Some(&body),
        &Credentials::default(),
        timeout_ms,
    )
    .await
}

/// `DELETE …/auth/session`: sign out (the answer has no body worth reading).
pub async fn sign_out(
    api: &str,
    site: &str,
    credentials: &Credentials,
    timeout_ms: u32,
) -> Result<(), FetchError> {
    let url = format!("{api}{}", kiosque_protocol::auth_path(site, "session"));
    send_raw("DELETE", &url, None, credentials, timeout_ms)
        .await
        .map(|_| ())
}

/// One request and its JSON answer; errors become [`FetchError`].
async fn send<T: Decode>(
    method: &str,
    url: &str,
    body: Option<&str>,
    credentials: &Credentials,
    timeout_ms: u32,
) -> Result<T, FetchError> {
    let text = send_raw(method, url, body, credentials, timeout_ms).await?;
    wire::parse(&text).ok_or(FetchError::Decode)
}

async fn send_raw(
    method: &str,
    url: &str,
    body: Option<&str>,
    credentials: &Credentials,
    timeout_ms: u32,
) -> Result<String, FetchError> {
    // A GET says who is reading in its query (READER_PARAM), not a header: with no header
    // but safelisted ones it is sent without a CORS preflight, one round trip less per URL.
    // Reader ids are checked (`identity`): `A-Z a-z 0-9 - _`, nothing to escape.
    let reader_in_query = method == "GET";
    let url = match &credentials.reader_id {
        Some(id) if reader_in_query => {
            // push_str: the smallest of the spellings tried (format!, concat) in the size budget.
            let mut with_reader = url.to_owned();
            with_reader.push_str(if url.contains('?') { "&" } else { "?" });
            with_reader.push_str(kiosque_protocol::READER_PARAM);
            with_reader.push('=');
            with_reader.push_str(id);
            with_reader
        }
        _ => url.to_owned(),
    };
    let controller = AbortController::new().map_err(|_| FetchError::Network)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(&url, &init).map_err(|_| FetchError::Network)?;
    let headers = request.headers();
    let _ = headers.set("accept", "application/json");
    if body.is_some() {
        let _ = headers.set("content-type", "application/json");
    }
    if let Some(id) = credentials.reader_id.as_ref().filter(|_| !reader_in_query) {
        let _ = headers.set(kiosque_protocol::READER_HEADER, id);
    }
    if let Some(token) = &credentials.entitlement {
        let _ = headers.set(kiosque_protocol::ENTITLEMENT_HEADER, token);
    }
    if let Some(session) = &credentials.session {
        let _ = headers.set("authorization", &format!("Bearer {session}"));
    }
    if let Some(key) = &credentials.idempotency_key {
        let _ = headers.set(kiosque_protocol::IDEMPOTENCY_HEADER, key);
    }
    if let Some(lang) = credentials.lang {
        let _ = headers.set("accept-language", lang.as_str());
    }

    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let timed_out = timed_out.clone();
        // Dropping the timer (when this function returns) cancels it.
        gloo_timers::callback::Timeout::new(timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let failed = |_| {
        if timed_out.get() {
            FetchError::Timeout
        } else {
            FetchError::Network
        }
    };

    let window = web_sys::window().ok_or(FetchError::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| FetchError::Decode)?;
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .ok_or(FetchError::Decode)?;
    checked(response.ok(), response.status(), text)
}

/// An answer's body, or the error its status and body say.
fn checked(ok: bool, status: u16, text: String) -> Result<String, FetchError> {
    if ok {
        return Ok(text);
    }
    Err(match wire::parse::<ErrorBody>(&text) {
        Some(body) if !body.fields.is_empty() => FetchError::Invalid(body.fields),
        body => FetchError::Api {
            status,
            code: body.map_or(ErrorCode::Unknown, |b| b.code),
        },
    })
}
