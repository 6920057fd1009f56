//! Free accounts: sign-in by e-mailed code or link, read from a real SMTP server.

mod common;

use common::{
    args, cli, start_with, SmtpSink, TestServer, REGISTERED_ARTICLE, SUBSCRIBER_ARTICLES,
};
use kiosque_protocol::{Access, ApiError, ArticlePage, ErrorCode, GrantReason, Session, Wall};
use reqwest::StatusCode;
use serde_json::{json, Value};

const READER: &str = "reader-eeeeeeeeeeeeeeee";

async fn start_with_smtp() -> (TestServer, SmtpSink) {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.smtp_url = Some(sink.url());
    (start_with(dir, config).await, sink)
}

async fn post(server: &TestServer, path: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(server.url(&format!("/v1/sites/demo/auth/{path}")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn error_code(response: reqwest::Response) -> (StatusCode, ErrorCode) {
    let status = response.status();
    (status, response.json::<ApiError>().await.unwrap().code)
}

async fn article(server: &TestServer, slug: &str, session: Option<&str>) -> ArticlePage {
    let mut request = reqwest::Client::new()
        .get(server.url(&format!("/v1/sites/demo/articles/{slug}")))
        .header("x-kiosque-reader", READER);
    if let Some(token) = session {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn start_body(server: &TestServer, email: &str) -> Value {
    json!({
        "email": email,
        "return_url": server.url("/articles/habitat-inclusif-autonomie-handicap"),
        "reader_id": READER,
    })
}

/// The six-digit code and the link of a sign-in mail.
fn code_and_link(mail: &Value) -> (String, String) {
    let subject = mail["subject"].as_str().unwrap();
    let code = subject.rsplit(' ').next().unwrap().to_owned();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{subject}"
    );
    let body = mail["body"].as_str().unwrap();
    assert!(body.contains(&code));
    let link = body
        .lines()
        .find(|l| l.starts_with("http"))
        .expect("a link")
        .to_owned();
    (code, link)
}

#[tokio::test]
async fn registering_by_code_opens_registered_articles_and_raises_the_allowance() {
    let (server, sink) = start_with_smtp().await;
    // Two free articles anonymously, then the wall, with the offer to register.
    for slug in &SUBSCRIBER_ARTICLES[..2] {
        assert!(matches!(
            article(&server, slug, None).await.access,
            Access::Full { .. }
        ));
    }
    let walled = article(&server, SUBSCRIBER_ARTICLES[2], None).await;
    let Access::Teaser {
        wall, register_for, ..
    } = walled.access
    else {
        panic!("wall expected")
    };
    assert_eq!((wall, register_for), (Wall::Subscription, Some(3)));
    let registration = article(&server, REGISTERED_ARTICLE, None).await;
    assert!(matches!(
        registration.access,
        Access::Teaser {
            wall: Wall::Registration,
            register_for: None,
            ..
        }
    ));

    let email = "Claire.Martin@Example.org";
    let started = post(&server, "start", start_body(&server, email)).await;
    assert_eq!(started.status(), StatusCode::ACCEPTED);
    let mail = sink.wait_for_mail("claire.martin@example.org", 1).await;
    assert_eq!(mail["from"], "no-reply@lefilsocial.example");
    let (code, link) = code_and_link(&mail);
    assert!(link
        .starts_with(&server.url("/articles/habitat-inclusif-autonomie-handicap#kiosque-login=")));

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = post(&server, "verify", json!({ "email": email, "code": wrong })).await;
    assert_eq!(
        error_code(refused).await,
        (StatusCode::BAD_REQUEST, ErrorCode::InvalidCode)
    );

    let verified = post(
        &server,
        "verify",
        json!({ "email": email, "code": code, "reader_id": READER }),
    )
    .await;
    assert_eq!(verified.status(), StatusCode::OK);
    let session: Session = verified.json().await.unwrap();
    assert_eq!(session.email, "claire.martin@example.org");

    // Single use: neither the code nor the link of that mail works again.
    let again = post(&server, "verify", json!({ "email": email, "code": code })).await;
    assert_eq!(
        error_code(again).await,
        (StatusCode::BAD_REQUEST, ErrorCode::InvalidCode)
    );
    let token = link.rsplit('=').next().unwrap();
    let again = post(&server, "verify", json!({ "link_token": token })).await;
    assert_eq!(
        error_code(again).await,
        (StatusCode::BAD_REQUEST, ErrorCode::InvalidCode)
    );

    // Signed in: registered articles open, and the three articles the wall promised, on top of
    // the two read before (they came along: reading them again is free and counts nothing).
    let page = article(&server, REGISTERED_ARTICLE, Some(&session.token)).await;
    assert_eq!(
        page.access,
        Access::Full {
            reason: GrantReason::Registered
        }
    );
    assert_eq!(page.account.unwrap().email, "claire.martin@example.org");
    for (n, slug) in SUBSCRIBER_ARTICLES[2..].iter().enumerate() {
        let page = article(&server, slug, Some(&session.token)).await;
        assert_eq!(
            page.access,
            Access::Full {
                reason: GrantReason::Meter
            },
            "{slug}"
        );
        assert_eq!(page.meter.unwrap().used, n as u32 + 1);
    }
    let again = article(&server, SUBSCRIBER_ARTICLES[0], Some(&session.token)).await;
    assert!(matches!(again.access, Access::Full { .. }));
    assert_eq!(
        again.meter.unwrap().used,
        2,
        "a read from before counts nothing"
    );

    // Signing out ends the session at once.
    let out = reqwest::Client::new()
        .delete(server.url("/v1/sites/demo/auth/session"))
        .bearer_auth(&session.token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let page = article(&server, REGISTERED_ARTICLE, Some(&session.token)).await;
    assert!(page.account.is_none());
    assert_ne!(
        page.access,
        Access::Full {
            reason: GrantReason::Registered
        }
    );
}

/// Whether the reader may read the whole of `slug` (and how many reads the meter counts).
async fn opens(server: &TestServer, slug: &str, session: &str) -> (bool, u32) {
    let page = article(server, slug, Some(session)).await;
    (
        matches!(page.access, Access::Full { .. }),
        page.meter.map_or(0, |m| m.used),
    )
}

#[tokio::test]
async fn a_reader_who_registers_after_the_meter_ran_out_reads_exactly_what_the_wall_promised() {
    let (server, sink) = start_with_smtp().await;
    let (ok, _, err) = cli(
        &[
            "site",
            "meter",
            "demo",
            "--anonymous",
            "1",
            "--registered",
            "2",
        ],
        &server.database_url(),
    );
    assert!(ok, "{err}");
    assert!(matches!(
        article(&server, SUBSCRIBER_ARTICLES[0], None).await.access,
        Access::Full { .. }
    ));
    let Access::Teaser { register_for, .. } =
        article(&server, SUBSCRIBER_ARTICLES[1], None).await.access
    else {
        panic!("the meter ran out: a wall")
    };
    assert_eq!(
        register_for,
        Some(2),
        "with a free account, read 2 articles a month"
    );

    let email = "promesse@example.org";
    post(&server, "start", start_body(&server, email)).await;
    let (code, _) = code_and_link(&sink.wait_for_mail(email, 1).await);
    let verified = post(
        &server,
        "verify",
        json!({ "email": email, "code": code, "reader_id": READER }),
    )
    .await;
    let token = verified.json::<Session>().await.unwrap().token;

    assert_eq!(
        opens(&server, SUBSCRIBER_ARTICLES[1], &token).await,
        (true, 1)
    );
    assert_eq!(
        opens(&server, SUBSCRIBER_ARTICLES[2], &token).await,
        (true, 2)
    );
    assert_eq!(
        opens(&server, SUBSCRIBER_ARTICLES[3], &token).await,
        (false, 2),
        "two promised, two given"
    );
    assert_eq!(
        opens(&server, SUBSCRIBER_ARTICLES[0], &token).await,
        (true, 2),
        "the article read before registering stays open"
    );
}

#[tokio::test]
async fn the_emailed_link_signs_in_and_answers_never_reveal_accounts() {
    let (server, sink) = start_with_smtp().await;
    let email = "lien@example.org";
    let first = post(&server, "start", start_body(&server, email)).await;
    let (status, body) = (first.status(), first.text().await.unwrap());
    let (_, link) = code_and_link(&sink.wait_for_mail(email, 1).await);
    let token = link.rsplit('=').next().unwrap();
    let verified = post(&server, "verify", json!({ "link_token": token })).await;
    assert_eq!(verified.status(), StatusCode::OK);

    // The address has an account now: asking again answers exactly the same.
    let second = post(&server, "start", start_body(&server, email)).await;
    assert_eq!(
        (second.status(), second.text().await.unwrap()),
        (status, body.clone())
    );
    let unknown = post(&server, "start", start_body(&server, "inconnu@example.org")).await;
    assert_eq!(
        (unknown.status(), unknown.text().await.unwrap()),
        (status, body)
    );
}

#[tokio::test]
async fn bad_requests_get_clear_codes() {
    let (server, _sink) = start_with_smtp().await;
    let bad_email = post(&server, "start", start_body(&server, "pas-une-adresse")).await;
    assert_eq!(
        error_code(bad_email).await,
        (StatusCode::BAD_REQUEST, ErrorCode::InvalidEmail)
    );
    // Another site, and the server's own origin disguised for an RFC 3986 parser (which reads
    // evil.example as the host of the second one; a browser opens the first host).
    for url in [
        "https://evil.example/voler".to_owned(),
        format!("{}\\@evil.example/", server.base),
        server.base.replace("http://", "http://lecteur@"),
    ] {
        let mut evil = start_body(&server, "a@example.org");
        evil["return_url"] = json!(url);
        assert_eq!(
            error_code(post(&server, "start", evil).await).await,
            (StatusCode::BAD_REQUEST, ErrorCode::InvalidReturnUrl),
            "{url}"
        );
    }
    let empty = post(&server, "verify", json!({})).await;
    assert_eq!(
        error_code(empty).await,
        (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest)
    );
    let missing_field = post(&server, "start", json!({ "email": "a@example.org" })).await;
    assert_eq!(
        error_code(missing_field).await,
        (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest)
    );
}

#[tokio::test]
async fn codes_are_rate_limited_per_address_and_locked_after_five_wrong_tries() {
    let (server, sink) = start_with_smtp().await;
    let email = "presse@example.org";
    for _ in 0..3 {
        assert_eq!(
            post(&server, "start", start_body(&server, email))
                .await
                .status(),
            StatusCode::ACCEPTED
        );
    }
    let limited = post(&server, "start", start_body(&server, email)).await;
    assert!(
        limited.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<i64>()
            .unwrap()
            > 0
    );
    assert_eq!(
        error_code(limited).await,
        (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited)
    );

    let (code, _) = code_and_link(&sink.wait_for_mail(email, 3).await);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for attempt in 1..=5 {
        let response = post(&server, "verify", json!({ "email": email, "code": wrong })).await;
        let expected = if attempt < 5 {
            (StatusCode::BAD_REQUEST, ErrorCode::InvalidCode)
        } else {
            (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts)
        };
        assert_eq!(error_code(response).await, expected, "attempt {attempt}");
    }
    let right_but_late = post(&server, "verify", json!({ "email": email, "code": code })).await;
    assert_eq!(
        error_code(right_but_late).await,
        (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts)
    );
}

#[tokio::test]
async fn a_relay_that_is_down_does_not_fail_the_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    // Nothing listens on port 1.
    config.smtp_url = Some("smtp://127.0.0.1:1".into());
    let server = start_with(dir, config).await;
    let response = post(&server, "start", start_body(&server, "patient@example.org")).await;
    assert_eq!(
        response.status(),
        StatusCode::ACCEPTED,
        "queued, to be retried"
    );
}

/// The database keeps no secret once its mail is sent: the queued mail's body (the code and
/// the link) is dropped on sending, and the challenge is stored only as hashes.
#[tokio::test]
async fn a_sent_sign_in_mail_leaves_no_code_or_link_in_the_database() {
    let (server, sink) = start_with_smtp().await;
    let answer = post(&server, "start", start_body(&server, "secret@example.org")).await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    let mail = sink.wait_for_mail("secret@example.org", 1).await;
    let (code, link) = code_and_link(&mail);
    let token = link.rsplit('=').next().unwrap().to_owned();
    let db = common::db(&server.database_url()).await;
    // The worker records the sending just after the relay took the mail.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let (status, body): (String, String) = loop {
        let row: (String, String) =
            sqlx::query_as("SELECT status, body_text FROM mail_queue WHERE recipient = $1")
                .bind("secret@example.org")
                .fetch_one(&db)
                .await
                .unwrap();
        if row.0 == "sent" || std::time::Instant::now() > deadline {
            break row;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(status, "sent");
    assert_eq!(body, "", "the body, with its code and link, is gone");
    // Nowhere else either: not in the subject (which carries the code), and the challenge
    // holds hashes only.
    let subjects: Vec<(String,)> = sqlx::query_as("SELECT subject FROM mail_queue")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(
        subjects
            .iter()
            .all(|(s,)| !s.contains(&code) && !s.contains(&token)),
        "{subjects:?}"
    );
    let challenges: Vec<(String, String)> =
        sqlx::query_as("SELECT code_hash, link_hash FROM login_challenges")
            .fetch_all(&db)
            .await
            .unwrap();
    assert!(!challenges.is_empty());
    for (code_hash, link_hash) in challenges {
        assert!(!code_hash.contains(&code) && !link_hash.contains(&token));
    }
}
