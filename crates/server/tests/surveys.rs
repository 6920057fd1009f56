//! Questionnaires over HTTP: a survey made with the admin API, answered by readers (a
//! mistake corrected, a changed mind replacing the answer, a retry answered once), its
//! dates, its results once out, an address asked with its consent, and bots kept out.

mod common;

use chrono::{Duration, Utc};
use common::{args, cli, start_with, TestServer};
use kiosque_protocol::{
    AdminSurveyAnswer, ApiError, ErrorCode, Survey, SurveyAnswerResult, SurveyState,
};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

struct Surveys {
    server: TestServer,
    key: String,
}

const READER: &str = "lecteur-0123456789abcdef";
const OTHER_READER: &str = "lectrice-0123456789abcdef";

/// A local time in UTC, `days` from now.
fn in_days(days: i64) -> String {
    (Utc::now() + Duration::days(days))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

fn survey(opens: i64, closes: i64) -> Value {
    json!({
        "title": "Vos pratiques numériques",
        "introduction": "Dix minutes pour nous dire comment vous travaillez.",
        "time_zone": "UTC",
        "opens_at": in_days(opens),
        "closes_at": in_days(closes),
        "questions": [
            {"id": "structure", "label": "Votre structure", "kind": "single_choice", "required": true,
             "choices": ["Association", "Collectivité", "Autre"]},
            {"id": "aisance", "label": "Votre aisance avec les outils", "kind": "scale", "required": true},
            {"id": "outils", "label": "Vos outils", "kind": "multiple_choice",
             "choices": ["Messagerie", "Visio", "Dossier partagé"]},
            {"id": "attentes", "label": "Vos attentes", "kind": "long_text"}
        ]
    })
}

async fn start() -> Surveys {
    let dir = tempfile::tempdir().unwrap();
    let config = args(&dir);
    let database_url = config.database_url.clone();
    let server = start_with(dir, config).await;
    let (ok, key, err) = cli(&["site", "api-key", "demo", "--name", "CRM"], &database_url);
    assert!(ok, "{err}");
    Surveys { server, key }
}

impl Surveys {
    async fn put(&self, id: &str, body: &Value) -> Response {
        reqwest::Client::new()
            .put(
                self.server
                    .url(&format!("/v1/admin/sites/demo/surveys/{id}")),
            )
            .bearer_auth(&self.key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn get(&self, id: &str, reader: &str) -> Survey {
        let response = reqwest::Client::new()
            .get(self.server.url(&format!("/v1/sites/demo/surveys/{id}")))
            .header("x-kiosque-reader", reader)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    async fn answer(&self, id: &str, reader: &str, key: Option<&str>, body: &Value) -> Response {
        let mut request = reqwest::Client::new()
            .put(
                self.server
                    .url(&format!("/v1/sites/demo/surveys/{id}/answer")),
            )
            .header("x-kiosque-reader", reader)
            .json(body);
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        request.send().await.unwrap()
    }

    async fn answers(&self, id: &str) -> Vec<AdminSurveyAnswer> {
        reqwest::Client::new()
            .get(
                self.server
                    .url(&format!("/v1/admin/sites/demo/surveys/{id}/answers")),
            )
            .bearer_auth(&self.key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

fn answers(structure: &str, scale: u8) -> Value {
    json!({
        "answers": [
            {"question": "structure", "choices": [structure]},
            {"question": "aisance", "scale": scale},
            {"question": "outils", "choices": ["Visio", "Messagerie"]},
            {"question": "attentes", "text": "Des exemples concrets.\n\nEt des outils libres."}
        ],
        "fill_ms": 20000
    })
}

async fn fields(response: Response) -> Vec<(String, String)> {
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: ApiError = response.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::InvalidFields);
    error
        .fields
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect()
}

#[tokio::test]
async fn a_reader_answers_corrects_a_mistake_and_changes_their_mind() {
    let s = start().await;
    assert_eq!(
        s.put("pratiques", &survey(-1, 7)).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        s.put("pratiques", &survey(-1, 7)).await.status(),
        StatusCode::OK
    );

    let shown = s.get("pratiques", READER).await;
    assert_eq!(shown.state, SurveyState::Open);
    assert_eq!(shown.questions.len(), 4);
    assert!(shown.your_answers.is_none() && shown.results.is_none());
    assert!(shown.email_consent.is_none(), "anonymous by default");

    // A scale of 9 and a choice that is not offered: both said at once, nothing kept.
    let wrong = s
        .answer("pratiques", READER, None, &answers("Hôpital", 9))
        .await;
    assert_eq!(
        fields(wrong).await,
        [
            ("answers.structure".to_owned(), "invalid_choice".to_owned()),
            ("answers.aisance".to_owned(), "out_of_range".to_owned())
        ]
    );
    assert!(s.answers("pratiques").await.is_empty());

    let first = s
        .answer(
            "pratiques",
            READER,
            Some("cle-0000001"),
            &answers("Association", 4),
        )
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(!first.json::<SurveyAnswerResult>().await.unwrap().replaced);
    // The answer was lost on its way back: the retry with the same key gets it again.
    let retry = s
        .answer(
            "pratiques",
            READER,
            Some("cle-0000001"),
            &answers("Association", 4),
        )
        .await;
    assert_eq!(retry.status(), StatusCode::CREATED);

    // A changed mind replaces the answer: one answer per reader.
    let again = s
        .answer(
            "pratiques",
            READER,
            Some("cle-0000002"),
            &answers("Collectivité", 2),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert!(again.json::<SurveyAnswerResult>().await.unwrap().replaced);
    let kept = s.answers("pratiques").await;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].answers[0].choices, ["Collectivité"]);
    assert_eq!(kept[0].answers[1].scale, Some(2));
    assert_eq!(
        kept[0].answers[3].text.as_deref(),
        Some("Des exemples concrets.\n\nEt des outils libres.")
    );
    assert!(kept[0].email.is_none());

    // The reader finds their answers when they come back; another reader does not.
    let back = s.get("pratiques", READER).await;
    assert_eq!(back.your_answers.unwrap()[1].scale, Some(2));
    assert!(s
        .get("pratiques", OTHER_READER)
        .await
        .your_answers
        .is_none());

    // Without a reader id there is no answer to keep.
    let anonymous = reqwest::Client::new()
        .put(s.server.url("/v1/sites/demo/surveys/pratiques/answer"))
        .json(&answers("Association", 3))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        anonymous.json::<ApiError>().await.unwrap().code,
        ErrorCode::InvalidReaderId
    );
}

#[tokio::test]
async fn dates_open_and_close_the_survey_and_results_come_out_on_their_date() {
    let s = start().await;
    s.put("bientot", &survey(2, 9)).await;
    let upcoming = s.get("bientot", READER).await;
    assert_eq!(upcoming.state, SurveyState::Upcoming);
    assert!(
        upcoming.questions.is_empty(),
        "questions wait for the opening"
    );
    assert!(upcoming.opens_at.is_some());
    let early = s
        .answer("bientot", READER, None, &answers("Association", 3))
        .await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    assert_eq!(
        early.json::<ApiError>().await.unwrap().code,
        ErrorCode::SurveyNotOpen
    );

    // Open, answered by two readers; then closed, with the results out.
    s.put("ouverte", &survey(-3, 3)).await;
    let mut closing = survey(-3, 3);
    closing["results_from"] = json!(in_days(5));
    closing["results_note"] = json!("Résultats dévoilés lors du webinaire du 15 décembre");
    s.put("ouverte", &closing).await;
    s.answer("ouverte", READER, None, &answers("Association", 4))
        .await;
    let key = Some("cle-fermee-0001");
    s.answer("ouverte", OTHER_READER, key, &answers("Collectivité", 4))
        .await;
    assert!(
        s.get("ouverte", READER).await.results.is_none(),
        "not before their date"
    );

    let mut closed = closing.clone();
    closed["closes_at"] = json!(in_days(-1));
    closed["results_from"] = json!(in_days(-1));
    s.put("ouverte", &closed).await;
    let late = s
        .answer("ouverte", READER, None, &answers("Autre", 1))
        .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    // A retry whose first answer was lost before the closing gets that answer again.
    let retried = s
        .answer("ouverte", OTHER_READER, key, &answers("Collectivité", 4))
        .await;
    assert_eq!(retried.status(), StatusCode::CREATED);
    let view = s.get("ouverte", READER).await;
    assert_eq!(view.state, SurveyState::Closed);
    assert_eq!(
        view.results_note,
        "Résultats dévoilés lors du webinaire du 15 décembre"
    );
    let results = view.results.expect("results out");
    assert_eq!(results.answers, 2);
    let count = |question: &str, option: &str| {
        let q = results
            .questions
            .iter()
            .find(|q| q.question == question)
            .unwrap();
        q.options.iter().find(|o| o.option == option).unwrap().count
    };
    assert_eq!(count("structure", "Association"), 1);
    assert_eq!(count("structure", "Collectivité"), 1);
    assert_eq!(count("structure", "Autre"), 0);
    assert_eq!(count("aisance", "4"), 2);
    assert_eq!(count("outils", "Visio"), 2);
    assert!(
        results.questions.iter().all(|q| q.question != "attentes"),
        "free texts are never public"
    );
}

#[tokio::test]
async fn an_address_is_asked_only_when_wanted_with_its_consent_and_version() {
    let s = start().await;
    let mut asking = survey(-1, 7);
    asking["ask_email"] = json!(true);
    assert_eq!(
        fields(s.put("contact", &asking).await).await,
        [("email_consent".to_owned(), "required".to_owned())]
    );
    asking["email_consent"] = json!("J’accepte d’être recontacté·e au sujet de ce questionnaire.");
    s.put("contact", &asking).await;
    let consent = s.get("contact", READER).await.email_consent.unwrap();
    assert_eq!(consent.version, 1);

    let mut body = answers("Association", 5);
    assert_eq!(
        fields(s.answer("contact", READER, None, &body).await).await,
        [
            ("email".to_owned(), "required".to_owned()),
            ("consent".to_owned(), "consent_required".to_owned())
        ]
    );
    body["email"] = json!("Camille.Martin@Example.org");
    body["consent_version"] = json!(1);
    assert_eq!(
        s.answer("contact", READER, None, &body).await.status(),
        StatusCode::CREATED
    );

    // A new text is a new version: an answer agreeing to the old one is refused.
    asking["email_consent"] = json!("J’accepte d’être recontacté·e par la rédaction.");
    s.put("contact", &asking).await;
    assert_eq!(
        s.get("contact", READER)
            .await
            .email_consent
            .unwrap()
            .version,
        2
    );
    assert_eq!(
        fields(s.answer("contact", OTHER_READER, None, &body).await).await,
        [("consent".to_owned(), "stale_consent".to_owned())]
    );
    let kept = s.answers("contact").await;
    assert_eq!(kept[0].email.as_deref(), Some("camille.martin@example.org"));
    assert_eq!(kept[0].consent_version, Some(1));
    assert_eq!(
        kept[0].consent_text.as_deref(),
        Some("J’accepte d’être recontacté·e au sujet de ce questionnaire.")
    );
}

#[tokio::test]
async fn bots_and_strangers_get_nothing_in() {
    let s = start().await;
    s.put("pratiques", &survey(-1, 7)).await;
    // The honeypot filled, or sent in a second: a normal-looking answer, nothing kept.
    let mut bot = answers("Association", 3);
    bot["website"] = json!("https://spam.example");
    assert_eq!(
        s.answer("pratiques", READER, None, &bot).await.status(),
        StatusCode::CREATED
    );
    let mut fast = answers("Association", 3);
    fast["fill_ms"] = json!(400);
    assert_eq!(
        s.answer("pratiques", OTHER_READER, None, &fast)
            .await
            .status(),
        StatusCode::CREATED
    );
    assert!(s.answers("pratiques").await.is_empty());

    // The admin API needs the site's key; an unknown survey is named.
    let stranger = reqwest::Client::new()
        .get(
            s.server
                .url("/v1/admin/sites/demo/surveys/pratiques/answers"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), StatusCode::UNAUTHORIZED);
    let missing = reqwest::get(s.server.url("/v1/sites/demo/surveys/inconnue"))
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.json::<ApiError>().await.unwrap().code,
        ErrorCode::SurveyNotFound
    );
    // A survey id the console could not show is refused.
    assert_eq!(
        fields(s.put("Pas Bien", &survey(-1, 7)).await).await,
        [("id".to_owned(), "invalid_id".to_owned())]
    );
}
