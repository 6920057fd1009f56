//! The admin API, with an API key made on the command line: registrations as JSON and CSV,
//! cancelling a session, publishing a replay.

mod common;

use common::{args, cli, demo_content, start_with, SmtpSink, TestServer};
use kiosque_protocol::{AdminRegistration, ApiError, ErrorCode, RegistrationStatus};
use reqwest::StatusCode;
use serde_json::json;

struct Admin {
    server: TestServer,
    sink: SmtpSink,
    key: String,
    session: String,
}

async fn admin() -> Admin {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.smtp_url = Some(sink.url());
    let database_url = config.database_url.clone();
    let server = start_with(dir, config).await;
    let (ok, key, err) = cli(&["site", "api-key", "demo", "--name", "CRM"], &database_url);
    assert!(ok && key.len() == 43, "{err}");
    let session = demo_content()["webinar_series"][0]["sessions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    Admin {
        server,
        sink,
        key,
        session,
    }
}

impl Admin {
    fn url(&self, path: &str) -> String {
        self.server.url(&format!(
            "/v1/admin/sites/demo/webinars/sessions/{}{path}",
            self.session
        ))
    }

    async fn sign_up(&self, email: &str, first_name: &str) {
        let response = reqwest::Client::new()
            .post(self.server.url(&format!(
                "/v1/sites/demo/webinars/sessions/{}/registrations",
                self.session
            )))
            .json(&json!({
                "first_name": first_name, "last_name": "Martin", "email": email,
                "organisation": "=HYPERLINK(\"https://evil.example\")",
                "consent_processing_version": 1, "consent_marketing_version": 1,
                "answers": [{"question": "structure", "choices": ["Association"]}]
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
}

#[tokio::test]
async fn without_a_valid_key_nothing_is_shown() {
    let a = admin().await;
    let client = reqwest::Client::new();
    for auth in [None, Some("Bearer wrong"), Some("Basic abc")] {
        let mut request = client.get(a.url("/registrations"));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(
            response.json::<ApiError>().await.unwrap().code,
            ErrorCode::Unauthorized
        );
    }
    // The demo site's key opens nothing on another site.
    let other = client
        .get(
            a.server
                .url("/v1/admin/sites/autre/webinars/sessions/x/registrations"),
        )
        .bearer_auth(&a.key)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn registrations_as_json_and_as_a_csv_that_runs_no_formula() {
    let a = admin().await;
    a.sign_up("un@exemple.fr", "Claire").await;
    a.sign_up("deux@exemple.fr", "+Paul").await;
    let client = reqwest::Client::new();
    let list: Vec<AdminRegistration> = client
        .get(a.url("/registrations?status=confirmed"))
        .bearer_auth(&a.key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let emails: Vec<&str> = list.iter().map(|r| r.email.as_str()).collect();
    assert_eq!(emails, ["un@exemple.fr", "deux@exemple.fr"]);
    assert!(list.iter().all(
        |r| r.status == RegistrationStatus::Confirmed && r.consent_marketing_version == Some(1)
    ));
    assert_eq!(list[0].answers[0].question, "structure");
    assert_eq!(list[0].answers[0].choices, ["Association"]);

    let csv = client
        .get(a.url("/registrations.csv"))
        .bearer_auth(&a.key)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0]
        .trim_start_matches('\u{feff}')
        .starts_with("id,email,first_name"));
    assert_eq!(lines.len(), 3);
    assert!(lines[2].contains(",'+Paul,"), "{}", lines[2]);
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"https://evil.example\"\")\""),
        "{}",
        lines[1]
    );
}

#[tokio::test]
async fn cancelling_a_session_tells_everyone_and_closes_registration() {
    let a = admin().await;
    a.sign_up("annule@exemple.fr", "Claire").await;
    a.sink.wait_for_mail("annule@exemple.fr", 1).await;
    let client = reqwest::Client::new();
    let cancelled = client
        .post(a.url("/cancel"))
        .bearer_auth(&a.key)
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), StatusCode::NO_CONTENT);
    let notice = a.sink.wait_for_mail("annule@exemple.fr", 2).await;
    assert!(notice["subject"].as_str().unwrap().starts_with("Annulé"));
    let late = client
        .post(a.server.url(&format!("/v1/sites/demo/webinars/sessions/{}/registrations", a.session)))
        .json(&json!({"first_name": "A", "last_name": "B", "email": "tard@exemple.fr", "consent_processing_version": 1,
            "answers": [{"question": "structure", "choices": ["Association"]}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert_eq!(
        late.json::<ApiError>().await.unwrap().code,
        ErrorCode::RegistrationClosed
    );
    let twice = client
        .post(a.url("/cancel"))
        .bearer_auth(&a.key)
        .send()
        .await
        .unwrap();
    assert_eq!(twice.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_replay_link_is_mailed_once() {
    let a = admin().await;
    a.sign_up("replay@exemple.fr", "Claire").await;
    a.sink.wait_for_mail("replay@exemple.fr", 1).await;
    let client = reqwest::Client::new();
    let bad = client
        .put(a.url("/replay"))
        .bearer_auth(&a.key)
        .json(&json!({"url": "javascript:alert(1)"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    for url in [
        "https://video.example/replay-1",
        "https://video.example/replay-2",
    ] {
        let set = client
            .put(a.url("/replay"))
            .bearer_auth(&a.key)
            .json(&json!({ "url": url }))
            .send()
            .await
            .unwrap();
        assert_eq!(set.status(), StatusCode::OK);
    }
    let mail = a.sink.wait_for_mail("replay@exemple.fr", 2).await;
    assert!(mail["body"]
        .as_str()
        .unwrap()
        .contains("https://video.example/replay-1"));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        a.sink.mails_to("replay@exemple.fr").len(),
        2,
        "changing the link mails no one again"
    );
}
