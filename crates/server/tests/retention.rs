//! The purge: what a reader leaves behind (rate-limit windows, meter reads, sign-in challenges,
//! data requests, events and conversions, sent mails) is deleted once past its period, and nothing is deleted
//! before. Registrations are not the purge's (they are the publisher's records).

mod common;

use common::webinar::{form, register, sessions};
use common::{args, start_with, SmtpSink, SUBSCRIBER_ARTICLES};
use kiosque_server::store::{Retention, Store};
use serde_json::json;

const KEEP: Retention = Retention {
    events_days: 395,
    mail_days: 30,
};

async fn count(db: &sqlx::AnyPool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn records_are_purged_after_their_period_and_not_before() {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.smtp_url = Some(sink.url());
    let server = start_with(dir, config).await;
    let client = reqwest::Client::new();
    // A sign-in (challenge, mail, rate-limit windows), a metered read, events, a registration.
    let start = client
        .post(server.url("/v1/sites/demo/auth/start"))
        .json(&json!({"email": "lecteur@exemple.fr", "return_url": server.url("/")}))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 202);
    sink.wait_for_mail("lecteur@exemple.fr", 1).await;
    let read = client
        .get(server.url(&format!(
            "/v1/sites/demo/articles/{}",
            SUBSCRIBER_ARTICLES[0]
        )))
        .header("x-kiosque-reader", "lecteur-anonyme-0007")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let events = client
        .post(server.url("/v1/sites/demo/events"))
        .header("origin", &server.base)
        .header("content-type", "application/json")
        .body(r#"{"events":[{"id":"evt-purge-01","kind":"impression","offer":"numerique-annuel","variant":"a"}]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    let (session, _) = &sessions()[0];
    assert_eq!(
        register(&server, session, &form("inscrite@exemple.fr"))
            .await
            .status(),
        201
    );
    sink.wait_for_mail("inscrite@exemple.fr", 1).await;
    // A reader asks for the link to their data (the request lives an hour).
    let asked = client
        .post(server.url("/donnees"))
        .form(&[("site", "demo"), ("email", "inscrite@exemple.fr")])
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 200);
    sink.wait_for_mail("inscrite@exemple.fr", 2).await;

    let db = common::db(&server.database_url()).await;
    // The mail worker records the sending just after the relay took it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while count(&db, "mail_queue WHERE status = 'sent'").await < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "mails not recorded as sent"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let tables = [
        "rate_limits",
        "meter_reads",
        "login_challenges",
        "events",
        "conversions",
        "mail_queue",
        "data_requests",
    ];
    let mut before = Vec::new();
    for table in tables {
        let n = count(&db, table).await;
        assert!(n > 0, "{table} is empty before the purge");
        before.push(n);
    }

    let store = Store::connect(&server.database_url()).await.unwrap();
    let now = kiosque_server::unix_now();
    // Now: nothing is past its period.
    assert_eq!(store.purge(now, KEEP).await.unwrap().total(), 0);
    for (table, n) in tables.iter().zip(&before) {
        assert_eq!(count(&db, table).await, *n, "{table}");
    }
    // Two days on: counters and the expired challenge go; reads, events and mails stay.
    let purged = store.purge(now + 2 * 86_400, KEEP).await.unwrap();
    assert!(
        purged.rate_limits > 0 && purged.challenges > 0 && purged.data_requests == 1,
        "{purged:?}"
    );
    assert_eq!((purged.meter_reads, purged.events, purged.mails), (0, 0, 0));
    // Past the meter's period (30 days) and the mails' (30): reads and mails go.
    let purged = store.purge(now + 31 * 86_400, KEEP).await.unwrap();
    assert!(purged.meter_reads > 0 && purged.mails > 0, "{purged:?}");
    assert_eq!(purged.events, 0);
    // Past 395 days: events and conversions too.
    let purged = store.purge(now + 396 * 86_400, KEEP).await.unwrap();
    assert!(purged.events >= 2, "{purged:?}");
    for table in tables {
        assert_eq!(count(&db, table).await, 0, "{table} after every period");
    }
    // The registration itself is the publisher's record: kept.
    assert_eq!(count(&db, "webinar_registrations").await, 1);
}
