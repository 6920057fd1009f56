//! Signing up again: retries with an Idempotency-Key get the first answer and no second mail,
//! the same address again gets its mail again at most every ten minutes (with fresh links),
//! sign-ups per address are limited, and browsers may send the key (CORS preflight).

mod common;

use common::webinar::{
    form, link_in, press_button, register, register_with_key, sessions, start, subject,
};
use kiosque_protocol::{ApiError, ErrorCode, RegistrationResult, RegistrationStatus};
use reqwest::StatusCode;

fn created(status: RegistrationStatus, seats_left: u64) -> RegistrationResult {
    RegistrationResult {
        status,
        created: true,
        seats_left: Some(u32::try_from(seats_left).unwrap()),
    }
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_no_second_mail() {
    let w = start().await;
    let (session, capacity) = &sessions()[0];
    let body = form("retry@exemple.fr");
    let key = "0f8c2a9e-4b1d-4c3e-9f6a-1b2c3d4e5f60";
    let first = register_with_key(&w.server, session, &body, Some(key)).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: RegistrationResult = first.json().await.unwrap();
    assert_eq!(first, created(RegistrationStatus::Confirmed, capacity - 1));

    let retry = register_with_key(&w.server, session, &body, Some(key)).await;
    assert_eq!(
        retry.status(),
        StatusCode::CREATED,
        "the first answer again"
    );
    assert_eq!(retry.json::<RegistrationResult>().await.unwrap(), first);

    // Retries racing each other still make one registration and one mail.
    let mut retries = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let url = w.server.url(&format!(
            "/v1/sites/demo/webinars/sessions/{session}/registrations"
        ));
        let body = form("course@exemple.fr");
        retries.spawn(async move {
            let response = reqwest::Client::new()
                .post(url)
                .header("idempotency-key", "course-key-0001")
                .json(&body)
                .send()
                .await
                .unwrap();
            (
                response.status(),
                response.json::<RegistrationResult>().await.unwrap(),
            )
        });
    }
    while let Some(answer) = retries.join_next().await {
        let (status, result) = answer.unwrap();
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(result, created(RegistrationStatus::Confirmed, capacity - 2));
    }
    let rows = w.registrations(session).await;
    assert_eq!(
        rows.iter()
            .filter(|r| r.email == "course@exemple.fr")
            .count(),
        1
    );
    w.sink.wait_for_mail("retry@exemple.fr", 1).await;
    w.sink.wait_for_mail("course@exemple.fr", 1).await;
    w.mails_settle_at("retry@exemple.fr", 1).await;
    w.mails_settle_at("course@exemple.fr", 1).await;
}

#[tokio::test]
async fn a_retry_keeps_the_first_status_and_a_key_of_another_address_is_a_conflict() {
    let w = start().await;
    w.series("cycle-cle", false).await;
    w.session("cycle-cle", "seance-cle", 1, true).await;
    let body = common::webinar::plain_form("attend@exemple.fr", "Claire");
    w.signed_up("seance-cle", "premier@exemple.fr", "confirmed")
        .await;
    let key = Some("waitlist-key-42");
    let first = register_with_key(&w.server, "seance-cle", &body, key).await;
    assert_eq!(
        first.json::<RegistrationResult>().await.unwrap(),
        created(RegistrationStatus::Waitlisted, 0)
    );
    // The seat frees up and goes to them; a late retry still gets the answer it lost.
    let premier = w.registration("seance-cle", "premier@exemple.fr").await;
    assert_eq!(w.act(premier.id, "cancel").await.status(), StatusCode::OK);
    let retry = register_with_key(&w.server, "seance-cle", &body, key).await;
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(
        retry.json::<RegistrationResult>().await.unwrap(),
        created(RegistrationStatus::Waitlisted, 0)
    );

    let other = common::webinar::plain_form("autre@exemple.fr", "Paul");
    let conflict = register_with_key(&w.server, "seance-cle", &other, key).await;
    assert_eq!(conflict.status(), StatusCode::CONFLICT);
    assert_eq!(
        conflict.json::<ApiError>().await.unwrap().code,
        ErrorCode::IdempotencyConflict
    );
    let rows = w.registrations("seance-cle").await;
    assert!(
        rows.iter().all(|r| r.email != "autre@exemple.fr"),
        "nothing written"
    );
    w.mails_settle_at("autre@exemple.fr", 0).await;
}

#[tokio::test]
async fn malformed_idempotency_keys_are_refused() {
    let w = start().await;
    let (session, _) = &sessions()[0];
    let long = "k".repeat(101);
    for key in ["court", "with space", "accentué-clé", long.as_str()] {
        let response =
            register_with_key(&w.server, session, &form("cle@exemple.fr"), Some(key)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{key}");
        assert_eq!(
            response.json::<ApiError>().await.unwrap().code,
            ErrorCode::InvalidRequest
        );
    }
    assert!(w.registrations(session).await.is_empty());
}

#[tokio::test]
async fn the_same_address_again_gets_its_mail_again_at_most_every_ten_minutes() {
    let w = start().await;
    let (session, _) = &sessions()[0];
    let email = "encore@exemple.fr";
    let body = form(email);
    assert_eq!(
        register(&w.server, session, &body).await.status(),
        StatusCode::CREATED
    );
    let first = w.sink.wait_for_mail(email, 1).await;
    let first_link = link_in(&first, "annulation");

    // Straight away: the answer a new address would get (nothing tells that this one is
    // registered), the same registration, and no second mail.
    let again = register(&w.server, session, &body).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: RegistrationResult = again.json().await.unwrap();
    assert_eq!(
        (again.status, again.created),
        (RegistrationStatus::Confirmed, true)
    );
    w.mails_settle_at(email, 1).await;

    // Eleven minutes later: the confirmation again, calendar file and a fresh link.
    let db = w.db().await;
    sqlx::query("UPDATE webinar_registrations SET updated_at = updated_at - 660 WHERE email = $1")
        .bind(email)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        register(&w.server, session, &body).await.status(),
        StatusCode::CREATED
    );
    let resent = w.sink.wait_for_mail(email, 2).await;
    assert!(subject(&resent).starts_with("Inscription confirmée"));
    assert_eq!(resent["attachments"][0]["content_type"], "text/calendar");
    let fresh_link = link_in(&resent, "annulation");
    assert_ne!(fresh_link, first_link);
    // Counted from that resend: nothing more for now, with a new key or without.
    let new_key = register_with_key(&w.server, session, &body, Some("nouvelle-cle")).await;
    assert_eq!(new_key.status(), StatusCode::CREATED);
    w.mails_settle_at(email, 2).await;

    // Only hashes of link secrets are kept, so the resend replaced the old link.
    assert!(press_button(&first_link).await.contains("Lien inconnu"));
    assert!(press_button(&fresh_link)
        .await
        .contains("Votre inscription est annulée"));
    assert_eq!(w.registrations(session).await.len(), 1, "never a duplicate");
}

#[tokio::test]
async fn a_waitlisted_address_signing_up_again_gets_the_waitlist_mail_again() {
    let w = start().await;
    w.series("cycle-attente", false).await;
    w.session("cycle-attente", "petite", 1, true).await;
    w.signed_up("petite", "assis@exemple.fr", "confirmed").await;
    w.signed_up("petite", "debout@exemple.fr", "waitlisted")
        .await;
    w.sink.wait_for_mail("debout@exemple.fr", 1).await;
    let db = w.db().await;
    sqlx::query("UPDATE webinar_registrations SET updated_at = updated_at - 700")
        .execute(&db)
        .await
        .unwrap();
    let again = w.sign_up("petite", "debout@exemple.fr").await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let resent = w.sink.wait_for_mail("debout@exemple.fr", 2).await;
    assert!(subject(&resent).starts_with("Liste d’attente"), "{resent}");
    assert!(resent["attachments"].as_array().unwrap().is_empty());
    assert!(press_button(&link_in(&resent, "annulation"))
        .await
        .contains("Vous ne figurez plus sur la liste d’attente"));
}

#[tokio::test]
async fn sign_ups_for_one_address_are_limited() {
    let w = start().await;
    let (session, _) = &sessions()[0];
    for attempt in 0..10 {
        let response = register(&w.server, session, &form("pressee@exemple.fr")).await;
        assert!(response.status().is_success(), "attempt {attempt}");
    }
    let limited = register(&w.server, session, &form("pressee@exemple.fr")).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(
        limited.json::<ApiError>().await.unwrap().code,
        ErrorCode::RateLimited
    );
    // Per address: others still sign up from the same network.
    let other = register(&w.server, session, &form("calme@exemple.fr")).await;
    assert_eq!(other.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn browsers_may_send_the_idempotency_key() {
    let w = start().await;
    let (session, _) = &sessions()[0];
    let preflight = reqwest::Client::new()
        .request(
            reqwest::Method::OPTIONS,
            w.server.url(&format!(
                "/v1/sites/demo/webinars/sessions/{session}/registrations"
            )),
        )
        .header("origin", "http://localhost:8080")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, idempotency-key",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    let allowed = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_owned();
    let allowed: Vec<&str> = allowed.split(',').map(str::trim).collect();
    assert!(allowed.contains(&"idempotency-key"), "{allowed:?}");
    assert!(allowed.contains(&"content-type"), "{allowed:?}");
}

/// Signing up an address that is registered answers what a new address would get now, so no
/// one learns from the answer whether an address is registered or where it stands: only its
/// mail says so. A cancelled registration signs up anew.
#[tokio::test]
async fn the_answer_to_a_known_address_reveals_nothing_the_mail_does_not() {
    let w = start().await;
    w.series("cycle-discret", false).await;
    w.session("cycle-discret", "une-place", 1, true).await;
    w.signed_up("une-place", "assise@exemple.fr", "confirmed")
        .await;
    // Full now: a newcomer would be waitlisted, so the confirmed address is answered the same.
    let again = w.sign_up("une-place", "assise@exemple.fr").await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: RegistrationResult = again.json().await.unwrap();
    let newcomer = w.sign_up("une-place", "nouvelle@exemple.fr").await;
    let newcomer: RegistrationResult = newcomer.json().await.unwrap();
    assert_eq!(again, newcomer);
    assert_eq!(again.status, RegistrationStatus::Waitlisted);
    // Still one registration, still confirmed.
    let kept = w.registration("une-place", "assise@exemple.fr").await;
    assert_eq!(kept.status, RegistrationStatus::Confirmed);
    assert_eq!(w.registrations("une-place").await.len(), 2);

    // Cancelled by an admin, then signing up again: a new registration, at the end of the queue.
    assert_eq!(w.act(kept.id, "cancel").await.status(), StatusCode::OK);
    w.signed_up("une-place", "assise@exemple.fr", "waitlisted")
        .await;
    let back = w.registration("une-place", "assise@exemple.fr").await;
    assert_eq!(back.status, RegistrationStatus::Waitlisted);

    // Each registration is one conversion, recorded with it: the same row signed up anew is
    // not counted twice, but once its conversion was purged (kept a limited time), signing up
    // anew counts again.
    let db = w.db().await;
    let conversions = |key: String| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM conversions WHERE key = $1")
                .bind(key)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    let key = format!("registration:{}", back.id);
    assert_eq!(back.id, kept.id, "the row is reused");
    assert_eq!(conversions(key.clone()).await, 1);
    let newcomer = w.registration("une-place", "nouvelle@exemple.fr").await;
    assert_eq!(
        conversions(format!("registration:{}", newcomer.id)).await,
        1
    );
    sqlx::query("DELETE FROM conversions WHERE key = $1")
        .bind(&key)
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(w.act(back.id, "cancel").await.status(), StatusCode::OK);
    w.signed_up("une-place", "assise@exemple.fr", "waitlisted")
        .await;
    assert_eq!(conversions(key).await, 1);
}
