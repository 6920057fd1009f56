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
async fn a_replay_for_everyone_is_in_the_public_view_until_its_end() {
    let a = admin().await;
    let client = reqwest::Client::new();
    let public_replay = || async {
        let series: kiosque_protocol::WebinarSeries = reqwest::get(a.server.url(&format!(
            "/v1/sites/demo/webinars/{}",
            demo_content()["webinar_series"][0]["id"].as_str().unwrap()
        )))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        series
            .sessions
            .into_iter()
            .find(|s| s.id == a.session)
            .unwrap()
            .replay_url
    };
    let set = |body: serde_json::Value| {
        client
            .put(a.url("/replay"))
            .bearer_auth(&a.key)
            .json(&body)
            .send()
    };
    let url = "https://video.example/replay";
    // Registrants only (the default): mailed, never public.
    assert_eq!(
        set(json!({ "url": url })).await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(public_replay().await, None);
    let everyone = json!({ "url": url, "audience": "everyone", "until": "2999-01-01T00:00:00" });
    assert_eq!(set(everyone).await.unwrap().status(), StatusCode::OK);
    assert_eq!(public_replay().await.as_deref(), Some(url));
    let ended = json!({ "url": url, "audience": "everyone", "until": "2020-01-01T00:00:00" });
    assert_eq!(set(ended).await.unwrap().status(), StatusCode::OK);
    assert_eq!(public_replay().await, None, "no longer offered");
    let wrong = json!({ "url": url, "audience": "everyone", "until": "bientôt" });
    let refused = set(wrong).await.unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let error: ApiError = refused.json().await.unwrap();
    assert_eq!(error.fields[0].field, "until");
    let unknown = set(json!({ "url": url, "audience": "friends" }))
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
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

#[tokio::test]
async fn series_sessions_and_consent_texts_are_managed_through_the_api() {
    let a = admin().await;
    let client = reqwest::Client::new();
    let put = |path: &str, body: serde_json::Value| {
        let request = client
            .put(a.server.url(&format!("/v1/admin/sites/demo{path}")))
            .bearer_auth(&a.key)
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    let series = json!({
        "title": "Cycle québécois",
        "questions": [{"id": "role", "label": "Votre rôle", "kind": "single_choice", "required": true, "choices": ["Intervenant", "Gestionnaire"]}]
    });
    assert_eq!(
        put("/webinars/cycle-qc", series.clone()).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        put("/webinars/cycle-qc", series).await.status(),
        StatusCode::OK
    );

    let bad_series = put(
        "/webinars/autre",
        json!({"title": " ", "questions": [
            {"id": "x", "label": "X", "kind": "single_choice", "choices": ["seul"]},
            {"id": "x", "label": "", "kind": "short_text"}
        ]}),
    )
    .await;
    let error: ApiError = bad_series.json().await.unwrap();
    let fields: Vec<(&str, &str)> = error
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("title", "required"),
            ("questions.0.choices", "at_least_two"),
            ("questions.1.id", "duplicate"),
            ("questions.1.label", "required")
        ]
    );

    let session = json!({
        "title": "Séance de Montréal", "starts_at": "2027-02-10T13:00:00", "ends_at": "2027-02-10T14:30:00",
        "time_zone": "America/Montreal", "capacity": 2, "waitlist": false
    });
    assert_eq!(
        put("/webinars/cycle-qc/sessions/mtl-1", session.clone())
            .await
            .status(),
        StatusCode::CREATED
    );
    let public: kiosque_protocol::WebinarSeries =
        reqwest::get(a.server.url("/v1/sites/demo/webinars/cycle-qc"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(public.sessions[0].starts_at, "2027-02-10T13:00:00-05:00");
    assert_eq!(public.questions[0].id, "role");

    let mut wrong = session.clone();
    wrong["time_zone"] = json!("Europe/Atlantide");
    wrong["capacity"] = json!(0);
    let error: ApiError = put("/webinars/cycle-qc/sessions/mtl-2", wrong)
        .await
        .json()
        .await
        .unwrap();
    let fields: Vec<&str> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["time_zone", "capacity"]);
    let mut backwards = session.clone();
    backwards["ends_at"] = json!("2027-02-10T12:00:00");
    let error: ApiError = put("/webinars/cycle-qc/sessions/mtl-2", backwards)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(error.fields[0].code, "before_start");
    assert_eq!(
        put("/webinars/inconnue/sessions/x", session.clone())
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Two confirmed seats: the capacity cannot drop below them.
    for email in ["a@exemple.fr", "b@exemple.fr"] {
        let response = client
            .post(a.server.url("/v1/sites/demo/webinars/sessions/mtl-1/registrations"))
            .json(&json!({"first_name": "A", "last_name": "B", "email": email, "consent_processing_version": 1,
                "answers": [{"question": "role", "choices": ["Intervenant"]}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let mut smaller = session.clone();
    smaller["capacity"] = json!(1);
    let error: ApiError = put("/webinars/cycle-qc/sessions/mtl-1", smaller)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(error.fields[0].code, "below_confirmed:2");

    // A new consent version: forms still on version 1 are told their text is stale.
    let consent: kiosque_protocol::ConsentText = client
        .post(a.server.url("/v1/admin/sites/demo/consents/processing"))
        .bearer_auth(&a.key)
        .json(&json!({"text": "Nouveau texte de consentement."}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(consent.version, 2);
    let stale = client
        .post(a.server.url(&format!("/v1/sites/demo/webinars/sessions/{}/registrations", a.session)))
        .json(&json!({"first_name": "A", "last_name": "B", "email": "c@exemple.fr", "consent_processing_version": 1,
            "answers": [{"question": "structure", "choices": ["Association"]}]}))
        .send()
        .await
        .unwrap();
    let error: ApiError = stale.json().await.unwrap();
    assert_eq!(
        (
            error.fields[0].field.as_str(),
            error.fields[0].code.as_str()
        ),
        ("consent_processing", "stale_consent")
    );

    // Sign-ups read the series and the session from the server's read cache: an edit is
    // seen by the next sign-up. A new required question, then the closing moved to the past.
    let sign_up = |session: &'static str, email: &'static str| {
        let request = client
            .post(a.server.url(&format!("/v1/sites/demo/webinars/sessions/{session}/registrations")))
            .json(&json!({"first_name": "A", "last_name": "B", "email": email, "consent_processing_version": 2,
                "answers": [{"question": "role", "choices": ["Intervenant"]}]}));
        async move { request.send().await.unwrap() }
    };
    let open = json!({
        "title": "Séance de Québec", "starts_at": "2027-02-11T13:00:00", "ends_at": "2027-02-11T14:30:00",
        "time_zone": "America/Montreal"
    });
    assert_eq!(
        put("/webinars/cycle-qc/sessions/qc-1", open.clone())
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        sign_up("qc-1", "d@exemple.fr").await.status(),
        StatusCode::CREATED
    );
    let asks_more = json!({
        "title": "Cycle québécois",
        "questions": [
            {"id": "role", "label": "Votre rôle", "kind": "single_choice", "required": true, "choices": ["Intervenant", "Gestionnaire"]},
            {"id": "ville", "label": "Votre ville", "kind": "short_text", "required": true}
        ]
    });
    assert_eq!(
        put("/webinars/cycle-qc", asks_more).await.status(),
        StatusCode::OK
    );
    let error: ApiError = sign_up("qc-1", "e@exemple.fr").await.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::InvalidFields);
    assert!(
        error.fields.iter().any(|f| f.field.contains("ville")),
        "{error:?}"
    );
    let mut closed = open.clone();
    closed["registration_closes_at"] = json!("2026-01-01T00:00:00");
    assert_eq!(
        put("/webinars/cycle-qc/sessions/qc-1", closed)
            .await
            .status(),
        StatusCode::OK
    );
    let late = sign_up("qc-1", "f@exemple.fr").await;
    assert_eq!(
        late.json::<ApiError>().await.unwrap().code,
        ErrorCode::RegistrationClosed
    );
}
