//! Webinar helpers shared by the sign-up and admin tests: a server with the SMTP sink and an
//! admin API key, the forms, series and sessions made through the admin API, and the links
//! read back from the mails.

use kiosque_protocol::{AdminRegistration, WebinarSeries};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use super::{args, cli, demo_content, start_with, SmtpSink, TestServer};

pub async fn server_with_smtp() -> (TestServer, SmtpSink) {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.smtp_url = Some(sink.url());
    (start_with(dir, config).await, sink)
}

pub fn series_id() -> String {
    demo_content()["webinar_series"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The demo sessions: (id, capacity).
pub fn sessions() -> Vec<(String, u64)> {
    demo_content()["webinar_series"][0]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["capacity"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The demo series' form, filled in.
pub fn form(email: &str) -> Value {
    json!({
        "first_name": "Claire",
        "last_name": "Martin",
        "email": email,
        "organisation": "CCAS de Lille",
        "job_title": "Assistante sociale",
        "consent_processing_version": 1,
        "source_page": "https://lefilsocial.example/webinaires",
        "answers": [{"question": "structure", "choices": ["CCAS ou CIAS"]}]
    })
}

/// The form of a series made by `Webinars::series` (no questions).
pub fn plain_form(email: &str, first_name: &str) -> Value {
    json!({
        "first_name": first_name, "last_name": "Martin", "email": email,
        "consent_processing_version": 1
    })
}

pub async fn register(server: &TestServer, session: &str, body: &Value) -> Response {
    register_with_key(server, session, body, None).await
}

pub async fn register_with_key(
    server: &TestServer,
    session: &str,
    body: &Value,
    key: Option<&str>,
) -> Response {
    let mut request = reqwest::Client::new()
        .post(server.url(&format!(
            "/v1/sites/demo/webinars/sessions/{session}/registrations"
        )))
        .json(body);
    if let Some(key) = key {
        request = request.header(kiosque_protocol::IDEMPOTENCY_HEADER, key);
    }
    request.send().await.unwrap()
}

/// The query pairs of a link.
pub fn url_query(link: &str) -> Vec<(String, String)> {
    link.split('?')
        .nth(1)
        .unwrap()
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

/// The link to `/webinaires/{page}` in a mail's text.
pub fn link_in(mail: &Value, page: &str) -> String {
    let body = mail["body"].as_str().unwrap();
    body.split_whitespace()
        .find(|word| word.starts_with("http") && word.contains(&format!("/webinaires/{page}?")))
        .unwrap_or_else(|| panic!("no {page} link in {body}"))
        .to_owned()
}

/// What a reader sees after pressing the button of a link's page (which posts the link's
/// site and secret).
pub async fn press_button(link: &str) -> String {
    reqwest::Client::new()
        .post(link.split('?').next().unwrap())
        .form(&url_query(link))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

pub fn subject(mail: &Value) -> &str {
    mail["subject"].as_str().unwrap()
}

/// Moves a session so that it starts in `minutes` (Paris time) and lasts an hour and a half.
pub async fn starts_in(db: &sqlx::AnyPool, session: &str, minutes: i64) {
    let paris: chrono_tz::Tz = "Europe/Paris".parse().unwrap();
    let local = |minutes: i64| {
        (chrono::Utc::now() + chrono::Duration::minutes(minutes))
            .with_timezone(&paris)
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string()
    };
    sqlx::query("UPDATE webinar_sessions SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(local(minutes))
        .bind(local(minutes + 90))
        .bind(session)
        .execute(db)
        .await
        .unwrap();
}

/// A server with the SMTP sink and an admin API key for the demo site.
pub struct Webinars {
    pub server: TestServer,
    pub sink: SmtpSink,
    pub key: String,
    pub database_url: String,
}

pub async fn start() -> Webinars {
    let (server, sink) = server_with_smtp().await;
    let database_url = server.database_url();
    let (ok, key, err) = cli(&["site", "api-key", "demo", "--name", "CRM"], &database_url);
    assert!(ok, "{err}");
    Webinars {
        server,
        sink,
        key,
        database_url,
    }
}

impl Webinars {
    pub async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Response {
        let url = self.server.url(&format!("/v1/admin/sites/demo{path}"));
        let mut request = reqwest::Client::new()
            .request(method, url)
            .bearer_auth(&self.key);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    /// A series without questions.
    pub async fn series(&self, id: &str, double_opt_in: bool) {
        let body = json!({"title": "Cycle d’essai", "double_opt_in": double_opt_in});
        let path = format!("/webinars/{id}");
        let response = self.admin(reqwest::Method::PUT, &path, Some(body)).await;
        assert!(response.status().is_success(), "{}", response.status());
    }

    /// A session a month from now, at 15:00 in Paris.
    pub async fn session(&self, series: &str, id: &str, capacity: u32, waitlist: bool) {
        let paris: chrono_tz::Tz = "Europe/Paris".parse().unwrap();
        let day = (chrono::Utc::now() + chrono::Duration::days(30))
            .with_timezone(&paris)
            .date_naive();
        let body = json!({
            "title": format!("Séance {id}"), "time_zone": "Europe/Paris",
            "starts_at": format!("{day}T15:00:00"), "ends_at": format!("{day}T16:30:00"),
            "capacity": capacity, "waitlist": waitlist
        });
        let path = format!("/webinars/{series}/sessions/{id}");
        let response = self.admin(reqwest::Method::PUT, &path, Some(body)).await;
        assert!(response.status().is_success(), "{}", response.status());
    }

    pub async fn sign_up(&self, session: &str, email: &str) -> Response {
        register(&self.server, session, &plain_form(email, "Claire")).await
    }

    /// Signs up and checks the answer's status code and registration status.
    pub async fn signed_up(&self, session: &str, email: &str, expected: &str) {
        let response = self.sign_up(session, email).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let result: Value = response.json().await.unwrap();
        assert_eq!(result["status"], expected, "{email}");
    }

    pub async fn registrations(&self, session: &str) -> Vec<AdminRegistration> {
        let path = format!("/webinars/sessions/{session}/registrations");
        let response = self.admin(reqwest::Method::GET, &path, None).await;
        response.json().await.unwrap()
    }

    /// The registration of `email` in the admin API's list.
    pub async fn registration(&self, session: &str, email: &str) -> AdminRegistration {
        self.registrations(session)
            .await
            .into_iter()
            .find(|r| r.email == email)
            .unwrap_or_else(|| panic!("no registration for {email}"))
    }

    /// `POST /v1/admin/sites/demo/webinars/registrations/{id}/{action}`.
    pub async fn act(&self, id: i64, action: &str) -> Response {
        let path = format!("/webinars/registrations/{id}/{action}");
        self.admin(reqwest::Method::POST, &path, None).await
    }

    pub async fn seats_left(&self, series: &str, session: &str) -> Option<u32> {
        let url = self
            .server
            .url(&format!("/v1/sites/demo/webinars/{series}"));
        let series: WebinarSeries = reqwest::get(url).await.unwrap().json().await.unwrap();
        series
            .sessions
            .iter()
            .find(|s| s.id == session)
            .unwrap()
            .seats_left
    }

    /// The database, to move time: registrations made "earlier", sessions "sooner".
    pub async fn db(&self) -> sqlx::AnyPool {
        super::db(&self.database_url).await
    }

    /// Waits a moment, then checks that `to` got exactly `n` mails (nothing more is coming).
    pub async fn mails_settle_at(&self, to: &str, n: usize) {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let subjects: Vec<String> = self
            .sink
            .mails_to(to)
            .iter()
            .map(|m| subject(m).to_owned())
            .collect();
        assert_eq!(subjects.len(), n, "mails to {to}: {subjects:?}");
    }
}
