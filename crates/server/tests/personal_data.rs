//! Readers' rights (issue 18): a person with an account, reads, events, two registrations
//! (one holding the last seat of a session with a waitlist), a questionnaire answer and its
//! consent is found, exported with every record, and erased: nothing of the address or the
//! reader id is left in any table, the waitlisted person gets the seat and its mail, and the
//! figures keep their totals. The reader can do the same from the link in any mail.

mod common;

use common::webinar::{plain_form, register, start, subject, url_query, Webinars};
use common::SUBSCRIBER_ARTICLES;
use kiosque_protocol::{ApiError, Erasure, ErrorCode, HeldKind, PersonalData, RegistrationStatus};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const EMAIL: &str = "claire.martin@exemple.fr";
const READER: &str = "lectriceAAAAAAAAAAAAAAAA";
const WAITING: &str = "attente@exemple.fr";

/// A questionnaire that asks for an address, open for a week.
fn survey() -> Value {
    let day = |d: i64| {
        (chrono::Utc::now() + chrono::Duration::days(d))
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string()
    };
    json!({
        "title": "Vos pratiques numériques", "time_zone": "UTC",
        "opens_at": day(-1), "closes_at": day(7), "ask_email": true,
        "email_consent": "J’accepte d’être recontactée au sujet de ce questionnaire.",
        "questions": [
            {"id": "structure", "label": "Votre structure", "kind": "single_choice",
             "required": true, "choices": ["Association", "Collectivité"]},
            {"id": "attentes", "label": "Vos attentes", "kind": "long_text"}
        ]
    })
}

/// Claire: reads an article, signs in from the same browser, sees and follows an offer,
/// registers for two sessions (taking the last seat of `pleine`, where `attente` then waits)
/// and answers a questionnaire with her address.
async fn claire(w: &Webinars) {
    let client = reqwest::Client::new();
    let article = client
        .get(w.server.url(&format!(
            "/v1/sites/demo/articles/{}",
            SUBSCRIBER_ARTICLES[0]
        )))
        .header("x-kiosque-reader", READER)
        .send()
        .await
        .unwrap();
    assert_eq!(article.status(), StatusCode::OK);

    let auth = |step: &str, body: Value| {
        client
            .post(w.server.url(&format!("/v1/sites/demo/auth/{step}")))
            .json(&body)
            .send()
    };
    let return_url = w
        .server
        .url("/articles/habitat-inclusif-autonomie-handicap");
    let started = auth(
        "start",
        json!({"email": EMAIL, "return_url": return_url, "reader_id": READER}),
    )
    .await
    .unwrap();
    assert_eq!(started.status(), StatusCode::ACCEPTED);
    let mail = w.sink.wait_for_mail(EMAIL, 1).await;
    let code = subject(&mail).rsplit(' ').next().unwrap().to_owned();
    let verified = auth(
        "verify",
        json!({"email": EMAIL, "code": code, "reader_id": READER}),
    )
    .await
    .unwrap();
    assert_eq!(verified.status(), StatusCode::OK);

    let events = json!({"events": [
        {"id": "evt-claire-1", "kind": "impression", "offer": "numerique-annuel", "variant": "a"},
        {"id": "evt-claire-2", "kind": "click", "offer": "numerique-annuel", "variant": "a"},
    ]});
    let sent = client
        .post(w.server.url("/v1/sites/demo/events"))
        .header("content-type", "text/plain;charset=UTF-8")
        .header("origin", &w.server.base)
        .header("x-kiosque-reader", READER)
        .body(events.to_string())
        .send()
        .await
        .unwrap();
    assert!(sent.status().is_success(), "{}", sent.status());

    w.series("cycle", false).await;
    w.session("cycle", "pleine", 1, true).await;
    w.session("cycle", "ouverte", 20, false).await;
    w.signed_up("pleine", EMAIL, "confirmed").await;
    w.signed_up("pleine", WAITING, "waitlisted").await;
    w.signed_up("ouverte", EMAIL, "confirmed").await;

    let put = w
        .admin(Method::PUT, "/surveys/pratiques", Some(survey()))
        .await;
    assert_eq!(put.status(), StatusCode::CREATED);
    let answer = json!({
        "answers": [
            {"question": "structure", "choices": ["Association"]},
            {"question": "attentes", "text": "Je suis Claire Martin, du CCAS de Lille."}
        ],
        "email": EMAIL, "consent_version": 1, "fill_ms": 20000
    });
    let answered = client
        .put(w.server.url("/v1/sites/demo/surveys/pratiques/answer"))
        .header("x-kiosque-reader", READER)
        .json(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::CREATED);
    // Both confirmations sent: nothing of hers is still on its way when she is erased.
    w.sink.wait_for_mail(EMAIL, 3).await;
}

async fn find(w: &Webinars, email: &str) -> PersonalData {
    let response = w
        .admin(
            Method::POST,
            "/personal-data",
            Some(json!({ "email": email })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn count(db: &sqlx::AnyPool, sql: &str, bind: &str) -> usize {
    let n: i64 = sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(db)
        .await
        .unwrap();
    n as usize
}

/// Every column of every table, as `(table, column)`.
async fn columns(db: &sqlx::AnyPool, postgres: bool) -> Vec<(String, String)> {
    if postgres {
        return sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'",
        )
        .fetch_all(db)
        .await
        .unwrap();
    }
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\'",
    )
    .fetch_all(db)
    .await
    .unwrap();
    let mut all = Vec::new();
    for table in tables {
        let names: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
            .bind(&table)
            .fetch_all(db)
            .await
            .unwrap();
        all.extend(names.into_iter().map(|c| (table.clone(), c)));
    }
    all
}

/// The places where `needle` (any case) is still written in the database.
async fn traces(w: &Webinars, needle: &str) -> Vec<String> {
    let db = w.db().await;
    let postgres = w.database_url.starts_with("postgres");
    let mut found = Vec::new();
    for (table, column) in columns(&db, postgres).await {
        let sql =
            format!("SELECT COUNT(*) FROM {table} WHERE LOWER(CAST({column} AS TEXT)) LIKE $1");
        let n = count(&db, &sql, &format!("%{}%", needle.to_lowercase())).await;
        if n > 0 {
            found.push(format!("{table}.{column} ({n})"));
        }
    }
    found
}

#[tokio::test]
async fn a_person_is_found_exported_whole_and_erased_without_a_trace_and_figures_hold() {
    let w = start().await;
    claire(&w).await;
    let db = w.db().await;

    let data = find(&w, " Claire.Martin@Exemple.FR ").await;
    assert_eq!(data.email, EMAIL);
    assert_eq!(data.reader_ids, [READER]);
    // The export lists what the tables hold, record for record.
    let account: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(EMAIL)
        .fetch_one(&db)
        .await
        .unwrap();
    let held = [
        (
            HeldKind::Account,
            "SELECT COUNT(*) FROM accounts WHERE email = $1",
            EMAIL,
        ),
        (
            HeldKind::SignIn,
            "SELECT COUNT(*) FROM login_challenges WHERE email = $1",
            EMAIL,
        ),
        (
            HeldKind::Registration,
            "SELECT COUNT(*) FROM webinar_registrations WHERE email = $1",
            EMAIL,
        ),
        (
            HeldKind::SurveyAnswer,
            "SELECT COUNT(*) FROM survey_answers WHERE email = $1",
            EMAIL,
        ),
        (
            HeldKind::Mail,
            "SELECT COUNT(*) FROM mail_queue WHERE recipient = $1",
            EMAIL,
        ),
        (
            HeldKind::Event,
            "SELECT COUNT(*) FROM events WHERE reader_id = $1",
            READER,
        ),
        (
            HeldKind::ReaderId,
            "SELECT COUNT(*) FROM account_readers WHERE reader_id = $1",
            READER,
        ),
    ];
    for (kind, sql, bind) in held {
        let rows = count(&db, sql, bind).await;
        assert!(rows > 0, "{kind:?}: nothing in the table");
        assert_eq!(data.count(kind), rows, "{kind:?}");
    }
    let reads = count(
        &db,
        "SELECT COUNT(*) FROM meter_reads WHERE reader = $1",
        &format!("acct:{account}"),
    )
    .await;
    assert_eq!((data.count(HeldKind::Read), reads), (1, 1));
    assert_eq!(data.count(HeldKind::Session), 1);
    assert_eq!(
        data.count(HeldKind::Counter),
        2,
        "sign-in and sign-up counters"
    );
    assert_eq!(data.count(HeldKind::Registration), 2);
    let registration = data
        .items
        .iter()
        .find(|i| i.kind == HeldKind::Registration)
        .unwrap();
    assert!(registration.about.contains("pleine"), "{registration:?}");
    let field = |name: &str| {
        registration
            .fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.clone())
    };
    assert_eq!(field("first_name").as_deref(), Some("Claire"));
    assert_eq!(field("status").as_deref(), Some("confirmed"));
    assert_eq!(registration.consents[0].kind, "processing");
    assert!(!registration.consents[0].text.is_empty());
    let answer = data
        .items
        .iter()
        .find(|i| i.kind == HeldKind::SurveyAnswer)
        .unwrap();
    assert_eq!(answer.consents[0].kind, "survey_email");
    assert!(answer.consents[0].text.starts_with("J’accepte"));

    // The scan below sees the address where it is.
    assert!(
        traces(&w, EMAIL).await.len() >= 5,
        "{:?}",
        traces(&w, EMAIL).await
    );

    // The figures before.
    let events_before = count(
        &db,
        "SELECT COUNT(*) FROM events WHERE site_id = $1",
        "demo",
    )
    .await;
    let registrations_before = w.registrations("pleine").await.len();
    let claire_mails = w.sink.mails_to(EMAIL).len();

    let erased = w
        .admin(
            Method::POST,
            "/personal-data/erase",
            Some(json!({ "email": EMAIL })),
        )
        .await;
    assert_eq!(erased.status(), StatusCode::OK);
    let erasure: Erasure = erased.json().await.unwrap();
    assert_eq!((erasure.seats_freed, erasure.promoted), (2, 1));
    assert_eq!(erasure.asked_by, "api-key:CRM");
    let erased_count = |kind| {
        erasure
            .erased
            .iter()
            .find(|e| e.kind == kind)
            .map_or(0, |e| e.count)
    };
    assert_eq!(erased_count(HeldKind::Registration), 2);
    assert_eq!(erased_count(HeldKind::Account), 1);
    assert_eq!(erased_count(HeldKind::Event), 2);

    // The waitlisted person has the seat, and its mail.
    let promoted = w.registration("pleine", WAITING).await;
    assert_eq!(promoted.status, RegistrationStatus::Confirmed);
    let mail = w.sink.wait_for_mail(WAITING, 2).await;
    assert!(
        subject(&mail).starts_with("Une place s’est libérée"),
        "{mail}"
    );
    // Nothing more is written to the person erased.
    w.mails_settle_at(EMAIL, claire_mails).await;

    // Nothing of the address or the reader id is left anywhere.
    assert_eq!(traces(&w, EMAIL).await, Vec::<String>::new());
    assert_eq!(traces(&w, READER).await, Vec::<String>::new());
    assert_eq!(traces(&w, "Claire Martin").await, Vec::<String>::new());
    assert!(find(&w, EMAIL).await.items.is_empty());

    // The figures keep their totals: the registrations are there (hers cancelled), the
    // events and the questionnaire's answer too, without her.
    let pleine = w.registrations("pleine").await;
    assert_eq!(pleine.len(), registrations_before);
    assert_eq!(
        pleine
            .iter()
            .filter(|r| r.status == RegistrationStatus::Cancelled)
            .count(),
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM events WHERE site_id = $1",
            "demo"
        )
        .await,
        events_before
    );
    let answers: Vec<Value> = w
        .admin(Method::GET, "/surveys/pratiques/answers", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(
        answers[0]["answers"],
        json!([{"question": "structure", "choices": ["Association"]}])
    );
    assert!(answers[0].get("email").is_none());

    // The record of the erasure names who asked and what, never the address.
    let log = w.admin(Method::GET, "/erasures", None).await;
    let log_text = log.text().await.unwrap();
    let log: Vec<Erasure> = serde_json::from_str(&log_text).unwrap();
    assert_eq!(log, [erasure]);
    assert!(!log_text.to_lowercase().contains("claire"));
}

#[tokio::test]
async fn the_admin_api_wants_its_key_and_an_address() {
    let w = start().await;
    let bad = w
        .admin(
            Method::POST,
            "/personal-data",
            Some(json!({"email": "claire@"})),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        bad.json::<ApiError>().await.unwrap().code,
        ErrorCode::InvalidEmail
    );
    let erase = w
        .admin(
            Method::POST,
            "/personal-data/erase",
            Some(json!({"email": ""})),
        )
        .await;
    assert_eq!(erase.status(), StatusCode::BAD_REQUEST);
    let anonymous = reqwest::Client::new()
        .post(w.server.url("/v1/admin/sites/demo/personal-data"))
        .json(&json!({"email": EMAIL}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // Nothing held: an empty document.
    assert!(find(&w, "personne@exemple.fr").await.items.is_empty());
}

/// The body of `response`, once its status is `status`.
async fn page(response: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status, "{}", response.url());
    response.text().await.unwrap()
}

#[tokio::test]
async fn a_reader_sees_and_erases_their_data_from_the_link_at_the_foot_of_a_mail() {
    let w = start().await;
    w.series("cycle", false).await;
    w.session("cycle", "seance", 10, false).await;
    let response = register(&w.server, "seance", &plain_form(EMAIL, "Claire")).await;
    assert_eq!(response.status(), StatusCode::CREATED);

    // Every mail ends with the way to the reader's data.
    let confirmation = w.sink.wait_for_mail(EMAIL, 1).await;
    let body = confirmation["body"].as_str().unwrap();
    let footer = body
        .lines()
        .find(|l| l.starts_with("Vos données\u{a0}: "))
        .expect(body);
    let link = footer.trim_start_matches("Vos données\u{a0}: ").to_owned();
    assert_eq!(link, w.server.url("/donnees?site=demo"));
    let form = page(reqwest::get(&link).await.unwrap(), StatusCode::OK).await;
    assert!(form.contains(r#"name="email""#), "{form}");

    let client = reqwest::Client::new();
    let ask = |email: &str| {
        client
            .post(w.server.url("/donnees"))
            .form(&[("site", "demo"), ("email", email)])
            .send()
    };
    let wrong = page(ask("claire@").await.unwrap(), StatusCode::BAD_REQUEST).await;
    assert!(wrong.contains(r#"aria-invalid="true""#), "{wrong}");
    let asked = page(
        ask(" Claire.Martin@exemple.fr").await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(asked.contains("Consultez votre messagerie"), "{asked}");

    let mail = w.sink.wait_for_mail(EMAIL, 2).await;
    assert_eq!(subject(&mail), "Vos données sur Le Fil Social");
    let body = mail["body"].as_str().unwrap();
    let link = body
        .split_whitespace()
        .find(|w| w.contains("/donnees/consulter?"))
        .expect(body)
        .to_owned();
    let shown = page(reqwest::get(&link).await.unwrap(), StatusCode::OK).await;
    assert!(shown.contains("Inscriptions aux webinaires (1)"), "{shown}");
    assert!(shown.contains("Claire"));

    let query = url_query(&link);
    let token = &query.iter().find(|(k, _)| k == "jeton").unwrap().1;
    let json_url = w
        .server
        .url(&format!("/donnees/export.json?site=demo&jeton={token}"));
    let export: PersonalData = reqwest::get(&json_url).await.unwrap().json().await.unwrap();
    assert_eq!(export.count(HeldKind::Registration), 1);
    assert_eq!(export.count(HeldKind::DataRequest), 1);

    let erase = |confirmed: bool| {
        let mut form = vec![("site", "demo"), ("jeton", token.as_str())];
        if confirmed {
            form.push(("confirme", "oui"));
        }
        client
            .post(w.server.url("/donnees/effacer"))
            .form(&form)
            .send()
    };
    let unticked = page(erase(false).await.unwrap(), StatusCode::BAD_REQUEST).await;
    assert!(unticked.contains("Cochez la case"), "{unticked}");
    let done = page(erase(true).await.unwrap(), StatusCode::OK).await;
    assert!(done.contains("Vos données ont été effacées"), "{done}");
    assert!(done.contains("Retourner sur Le Fil Social"), "{done}");

    // The link is spent, nothing of the address is left, and the erasure is on record.
    page(reqwest::get(&link).await.unwrap(), StatusCode::GONE).await;
    assert_eq!(traces(&w, EMAIL).await, Vec::<String>::new());
    let log: Vec<Erasure> = w
        .admin(Method::GET, "/erasures", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log[0].asked_by, "reader");

    // Three links an hour for one address; the fourth waits.
    for _ in 0..3 {
        page(ask(EMAIL).await.unwrap(), StatusCode::OK).await;
    }
    page(ask(EMAIL).await.unwrap(), StatusCode::TOO_MANY_REQUESTS).await;
    // An unknown site is said so.
    page(
        reqwest::get(w.server.url("/donnees?site=inconnu"))
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
}
