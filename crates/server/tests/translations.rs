//! The publisher's own texts per language: the paywall box and the consent texts set through
//! the admin API, an offer variant's translation through the store, and what readers of each
//! language get (`Accept-Language`, which the widget sets to its placeholder's language).

mod common;

use common::webinar::plain_form;
use common::{args, cli, start_with, SUBSCRIBER_ARTICLES};
use kiosque_protocol::{
    Access, AdminRegistration, ApiError, ArticlePage, ErrorCode, WebinarSeries,
};
use reqwest::StatusCode;
use serde_json::json;

struct Site {
    server: common::TestServer,
    key: String,
}

async fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let config = args(&dir);
    let database_url = config.database_url.clone();
    let server = start_with(dir, config).await;
    let (ok, _, err) = cli(
        &["site", "meter", "demo", "--anonymous", "0"],
        &database_url,
    );
    assert!(ok, "{err}");
    let (ok, key, err) = cli(&["site", "api-key", "demo", "--name", "CMS"], &database_url);
    assert!(ok, "{err}");
    Site { server, key }
}

impl Site {
    fn admin(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        reqwest::Client::new()
            .request(
                method,
                self.server.url(&format!("/v1/admin/sites/demo{path}")),
            )
            .bearer_auth(&self.key)
    }

    async fn paywall(&self, accept_language: Option<&str>) -> kiosque_protocol::Paywall {
        let mut request = reqwest::Client::new()
            .get(self.server.url(&format!(
                "/v1/sites/demo/articles/{}",
                SUBSCRIBER_ARTICLES[0]
            )))
            .header("x-kiosque-reader", "lecteur-anonyme-0042");
        if let Some(lang) = accept_language {
            request = request.header(reqwest::header::ACCEPT_LANGUAGE, lang);
        }
        let page: ArticlePage = request.send().await.unwrap().json().await.unwrap();
        match page.access {
            Access::Teaser { paywall, .. } => paywall,
            other => panic!("expected the wall, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_paywall_box_speaks_the_placeholders_language_and_falls_back_to_the_sites() {
    let s = site().await;
    let saved = s
        .admin(reqwest::Method::PUT, "/paywall")
        .json(&json!({
            "texts": {"kicker": "Abonnement", "title": "Accédez à tout", "cta_label": "Découvrez nos offres",
                      "benefits": ["Articles", "Dossiers"]},
            "translations": {"en": {"kicker": "Subscription", "title": "Read everything", "benefits": []}}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);

    let english = s.paywall(Some("en-GB,en;q=0.9,fr;q=0.5")).await;
    assert_eq!(english.kicker, "Subscription");
    assert_eq!(english.title, "Read everything");
    // Not translated: the site's own text.
    assert_eq!(english.cta_label, "Découvrez nos offres");
    assert_eq!(english.benefits, ["Articles", "Dossiers"]);
    for french in [None, Some("fr-FR"), Some("de-DE,de")] {
        let box_ = s.paywall(french).await;
        assert_eq!(box_.title, "Accédez à tout", "{french:?}");
    }

    let bad = s
        .admin(reqwest::Method::PUT, "/paywall")
        .json(&json!({
            "texts": {"kicker": "Abonnement", "title": " ", "cta_label": "Offres"},
            "translations": {"de": {"title": "Alles lesen"}}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let error: ApiError = bad.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::InvalidFields);
    let fields: Vec<_> = error
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("texts.title", "required"),
            ("translations.de", "unknown_lang")
        ]
    );
    // Nothing changed.
    assert_eq!(s.paywall(Some("en")).await.title, "Read everything");
    let read: serde_json::Value = s
        .admin(reqwest::Method::GET, "/paywall")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["translations"]["en"]["title"], "Read everything");
}

#[tokio::test]
async fn an_english_reader_reads_and_agrees_to_the_english_consent_under_the_same_version() {
    let s = site().await;
    let published = s
        .admin(reqwest::Method::POST, "/consents/processing")
        .json(&json!({
            "text": "J’accepte que Le Fil Social traite mes données.",
            "translations": {"en": "I agree that Le Fil Social processes my data."}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), StatusCode::CREATED);
    let version = published.json::<serde_json::Value>().await.unwrap()["version"]
        .as_u64()
        .unwrap();

    let series_id = common::webinar::series_id();
    let series = |lang: &'static str| {
        let url = s
            .server
            .url(&format!("/v1/sites/demo/webinars/{series_id}"));
        async move {
            reqwest::Client::new()
                .get(url)
                .header(reqwest::header::ACCEPT_LANGUAGE, lang)
                .send()
                .await
                .unwrap()
                .json::<WebinarSeries>()
                .await
                .unwrap()
        }
    };
    let english = series("en").await;
    assert_eq!(english.consent_processing.version as u64, version);
    assert_eq!(
        english.consent_processing.text,
        "I agree that Le Fil Social processes my data."
    );
    let french = series("fr").await;
    assert_eq!(
        french.consent_processing.text,
        "J’accepte que Le Fil Social traite mes données."
    );

    // Signing up in English records the English text as the proof.
    let session = common::webinar::sessions()[0].0.clone();
    let mut form = plain_form("reader@example.com", "Alex");
    form["consent_processing_version"] = json!(version);
    form["answers"] = json!([{"question": "structure", "choices": ["CCAS ou CIAS"]}]);
    let answer = reqwest::Client::new()
        .post(s.server.url(&format!(
            "/v1/sites/demo/webinars/sessions/{session}/registrations"
        )))
        .header(reqwest::header::ACCEPT_LANGUAGE, "en")
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::CREATED,
        "{}",
        answer.text().await.unwrap()
    );
    let listed: Vec<AdminRegistration> = s
        .admin(
            reqwest::Method::GET,
            &format!("/webinars/sessions/{session}/registrations"),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mine = listed
        .iter()
        .find(|r| r.email == "reader@example.com")
        .unwrap();
    assert_eq!(
        mine.consent_processing_text,
        "I agree that Le Fil Social processes my data."
    );

    let bad = s
        .admin(reqwest::Method::POST, "/consents/marketing")
        .json(&json!({"text": "J’accepte.", "translations": {"es": "Acepto."}}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}
