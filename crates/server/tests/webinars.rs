//! Webinar registration over HTTP: validation, idempotency, capacity and waitlist under
//! concurrency, the confirmation mail with a calendar file read by a real iCalendar parser,
//! and cancellation by the mailed link, which promotes the first waitlisted registrant.

mod common;

use common::webinar::{
    form, register, series_id, server_with_smtp, sessions, starts_in, url_query,
};
use common::{args, start_with, SmtpSink};
use kiosque_protocol::{
    ApiError, ErrorCode, RegistrationResult, RegistrationStatus, WebinarSeries,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A demo session's start, as the API gives it (RFC 3339 with Paris' offset).
async fn demo_session_start(
    server: &common::TestServer,
    session: &str,
) -> chrono::DateTime<chrono::FixedOffset> {
    let series: WebinarSeries =
        reqwest::get(server.url(&format!("/v1/sites/demo/webinars/{}", series_id())))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let s = series.sessions.iter().find(|s| s.id == session).unwrap();
    chrono::DateTime::parse_from_rfc3339(&s.starts_at).unwrap()
}

/// `jeudi 3 décembre 2026`, written out here independently of the server's own tables.
fn french_day(t: &chrono::DateTime<chrono::FixedOffset>) -> String {
    use chrono::Datelike;
    const DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let day = match t.day() {
        1 => "1er".to_owned(),
        d => d.to_string(),
    };
    format!(
        "{} {day} {} {}",
        DAYS[t.weekday().num_days_from_monday() as usize],
        MONTHS[t.month0() as usize],
        t.year()
    )
}

#[tokio::test]
async fn the_series_lists_its_sessions_with_local_times_and_seats() {
    let (server, _sink) = server_with_smtp().await;
    let response = reqwest::get(server.url(&format!("/v1/sites/demo/webinars/{}", series_id())))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let series: WebinarSeries = response.json().await.unwrap();
    assert_eq!(series.sessions.len(), 4);
    let first = &series.sessions[0];
    // 15:30 in Paris, with winter or summer time's offset (the demo moves its sessions by
    // whole weeks to keep them ahead, see store/demo.rs).
    assert!(
        first.starts_at.ends_with("T15:30:00+01:00")
            || first.starts_at.ends_with("T15:30:00+02:00"),
        "{}",
        first.starts_at
    );
    assert_eq!(first.time_zone, "Europe/Paris");
    assert_eq!(first.seats_left, first.capacity);
    assert!(first.registration_open);
    assert_eq!(series.consent_processing.version, 1);
    let missing = reqwest::get(server.url("/v1/sites/demo/webinars/nope"))
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_registration_is_checked_confirmed_once_and_mailed_with_a_calendar_file() {
    let (server, sink) = server_with_smtp().await;
    let (session, capacity) = &sessions()[0];
    let starts = demo_session_start(&server, session).await;

    let mut bad = form("claire@exemple");
    bad["first_name"] = json!("");
    bad["consent_processing_version"] = Value::Null;
    bad["answers"] = json!([{"question": "structure", "choices": ["Mairie"]}]);
    let refused = register(&server, session, &bad).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let error: ApiError = refused.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::InvalidFields);
    let fields: Vec<(&str, &str)> = error
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("first_name", "required"),
            ("email", "invalid_email"),
            ("consent_processing", "consent_required"),
            ("answers.structure", "invalid_choice"),
        ]
    );

    let created = register(&server, session, &form("Claire.Martin@Exemple.fr")).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let result: RegistrationResult = created.json().await.unwrap();
    assert_eq!(
        result,
        RegistrationResult {
            status: RegistrationStatus::Confirmed,
            created: true,
            // The seat it took is no longer left: the form shows this.
            seats_left: Some(*capacity as u32 - 1),
        }
    );

    // The same address again: the same registration, not a second one (the answer is what a
    // new address would get, so it tells nothing about this one).
    let again = register(&server, session, &form(" claire.martin@exemple.FR")).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert!(again.json::<RegistrationResult>().await.unwrap().created);

    let mail = sink.wait_for_mail("claire.martin@exemple.fr", 1).await;
    assert!(mail["subject"]
        .as_str()
        .unwrap()
        .starts_with("Inscription confirmée"));
    let body = mail["body"].as_str().unwrap();
    assert!(
        // French typography: no-break spaces inside the time, so "15 h 30" never splits.
        body.contains(&format!(
            "\u{a0}», {}, de 15\u{a0}h\u{a0}30 à 17\u{a0}h (heure de Paris), est confirmée",
            french_day(&starts)
        )),
        "{body}"
    );
    let ics = mail["attachments"][0]["content"].as_str().unwrap();
    assert_eq!(mail["attachments"][0]["content_type"], "text/calendar");

    // A real iCalendar parser reads the right instant (15:30 in Paris is 14:30 or 13:30 UTC).
    let parsed = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, icalendar; cal = icalendar.Calendar.from_ical(sys.stdin.read()); \
             ev = next(iter(cal.walk('VEVENT'))); \
             print(ev.decoded('DTSTART').isoformat(), ev.decoded('DTEND').isoformat(), ev['UID']); \
             print(ev['DESCRIPTION'])",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(ics.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        parsed.status.success(),
        "{}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    let out = String::from_utf8(parsed.stdout).unwrap();
    assert!(
        out.starts_with(&format!(
            "{} {} webinaire-demo-",
            starts.with_timezone(&chrono::Utc).to_rfc3339(),
            (starts + chrono::Duration::minutes(90))
                .with_timezone(&chrono::Utc)
                .to_rfc3339()
        )),
        "{out}"
    );
    // The calendar's description says when, as the mail does.
    assert!(
        out.contains(&format!(
            "\n{}, de 15\u{a0}h\u{a0}30 à 17\u{a0}h (heure de Paris)\n",
            french_day(&starts)
        )),
        "{out}"
    );
    // No second mail for the repeated registration.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.mails_to("claire.martin@exemple.fr").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_concurrent_sign_ups_fill_exactly_one_hundred_seats() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.signups_per_ip_per_hour = 1000; // every sign-up comes from this one test process
    let server = start_with(dir, config).await;
    let (session, capacity) = sessions().into_iter().find(|(_, c)| *c == 100).unwrap();
    let mut sign_ups = tokio::task::JoinSet::new();
    for i in 0..500 {
        let url = server.url(&format!(
            "/v1/sites/demo/webinars/sessions/{session}/registrations"
        ));
        // Every address twice, at once: still one registration each.
        let body = form(&format!("inscrit{}@exemple.fr", i % 250));
        sign_ups.spawn(async move {
            let response = reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status();
            (status, response.json::<RegistrationResult>().await.ok())
        });
    }
    while let Some(result) = sign_ups.join_next().await {
        let (status, result) = result.unwrap();
        // Every answer is one a new address could get: it never tells a repeat apart.
        assert_eq!(status, StatusCode::CREATED);
        assert!(result.unwrap().created);
    }
    // What was written, as the admin reads it: one registration per address, never more
    // confirmed than the capacity.
    let db = common::db(&server.database_url()).await;
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status, COUNT(*) FROM webinar_registrations WHERE session_id = $1 \
         GROUP BY status ORDER BY status",
    )
    .bind(&session)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(
        counts,
        [
            ("confirmed".to_owned(), capacity as i64),
            ("waitlisted".to_owned(), 250 - capacity as i64)
        ],
        "one registration per address"
    );
    let series: WebinarSeries =
        reqwest::get(server.url(&format!("/v1/sites/demo/webinars/{}", series_id())))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let seen = series.sessions.iter().find(|s| s.id == session).unwrap();
    assert_eq!(seen.seats_left, Some(0));
}

#[tokio::test]
async fn cancelling_by_the_mailed_link_frees_the_seat_for_the_first_waitlisted() {
    let (server, sink) = server_with_smtp().await;
    let (session, capacity) = sessions().into_iter().min_by_key(|(_, c)| *c).unwrap();
    for i in 0..capacity {
        assert_eq!(
            register(&server, &session, &form(&format!("place{i}@exemple.fr")))
                .await
                .status(),
            StatusCode::CREATED
        );
    }
    let waiting = register(&server, &session, &form("attente1@exemple.fr")).await;
    assert_eq!(
        waiting.json::<RegistrationResult>().await.unwrap().status,
        RegistrationStatus::Waitlisted
    );
    register(&server, &session, &form("attente2@exemple.fr")).await;
    let waitlist_mail = sink.wait_for_mail("attente1@exemple.fr", 1).await;
    assert!(waitlist_mail["subject"]
        .as_str()
        .unwrap()
        .starts_with("Liste d’attente"));
    assert!(
        waitlist_mail["attachments"].as_array().unwrap().is_empty(),
        "no calendar for the waitlist"
    );

    let mail = sink.wait_for_mail("place0@exemple.fr", 1).await;
    let link = mail["body"]
        .as_str()
        .unwrap()
        .lines()
        .find_map(|l| l.split(": ").nth(1).filter(|u| u.starts_with("http")))
        .unwrap()
        .to_owned();
    // Following the link only shows a page (mail scanners follow links); the button cancels.
    let page = reqwest::get(&link).await.unwrap().text().await.unwrap();
    assert!(page.contains("Annuler mon inscription"));
    let query: Vec<(String, String)> = url_query(&link);
    let client = reqwest::Client::new();
    let cancelled = client
        .post(link.split('?').next().unwrap())
        .form(&query)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(cancelled.contains("Votre inscription est annulée"));
    let again = client
        .post(link.split('?').next().unwrap())
        .form(&query)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(again.contains("Inscription déjà annulée"));

    let promoted = sink.wait_for_mail("attente1@exemple.fr", 2).await;
    assert!(promoted["subject"]
        .as_str()
        .unwrap()
        .starts_with("Une place s’est libérée"));
    assert_eq!(promoted["attachments"][0]["content_type"], "text/calendar");
    assert!(
        sink.mails_to("attente2@exemple.fr").len() == 1,
        "the second in line still waits"
    );
}

#[tokio::test]
async fn suspected_bots_get_a_normal_answer_but_no_seat_and_no_mail() {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.smtp_url = Some(sink.url());
    config.signups_per_ip_per_hour = 4;
    let server = start_with(dir, config).await;
    let (session, capacity) = &sessions()[0];

    let mut honeypot = form("robot1@exemple.fr");
    honeypot["website"] = json!("https://spam.example");
    let mut hasty = form("robot2@exemple.fr");
    hasty["fill_ms"] = json!(400);
    for body in [&honeypot, &hasty] {
        let response = register(&server, session, body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let result: RegistrationResult = response.json().await.unwrap();
        assert_eq!(
            result,
            RegistrationResult {
                status: RegistrationStatus::Confirmed,
                created: true,
                // A caught bot is told what a reader would see, and takes no seat.
                seats_left: Some(*capacity as u32),
            }
        );
    }
    let mut person = form("personne@exemple.fr");
    person["fill_ms"] = json!(25_000);
    assert_eq!(
        register(&server, session, &person).await.status(),
        StatusCode::CREATED
    );
    sink.wait_for_mail("personne@exemple.fr", 1).await;
    assert!(
        sink.mails_to("robot1@exemple.fr").is_empty()
            && sink.mails_to("robot2@exemple.fr").is_empty()
    );
    let series: WebinarSeries =
        reqwest::get(server.url(&format!("/v1/sites/demo/webinars/{}", series_id())))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(
        series.sessions[0].seats_left,
        Some(*capacity as u32 - 1),
        "only the person holds a seat"
    );

    // Sign-ups from one network address are limited.
    assert_eq!(
        register(&server, session, &form("quatre@exemple.fr"))
            .await
            .status(),
        StatusCode::CREATED
    );
    let limited = register(&server, session, &form("cinq@exemple.fr")).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        limited.json::<ApiError>().await.unwrap().code,
        ErrorCode::RateLimited
    );
}

#[tokio::test]
async fn reminders_go_out_once_even_across_a_restart() {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.smtp_url = Some(sink.url());
    let database_url = config.database_url.clone();
    let server = start_with(dir, config).await;
    let (session, _) = &sessions()[0];
    assert_eq!(
        register(&server, session, &form("rappel@exemple.fr"))
            .await
            .status(),
        StatusCode::CREATED
    );
    sink.wait_for_mail("rappel@exemple.fr", 1).await;

    // The session now starts in 30 minutes (Paris time), and the reader registered two days ago.
    let pool = common::db(&database_url).await;
    starts_in(&pool, session, 30).await;
    sqlx::query("UPDATE webinar_registrations SET created_at = created_at - 172800")
        .execute(&pool)
        .await
        .unwrap();

    let reminder = sink.wait_for_mail("rappel@exemple.fr", 2).await;
    assert!(
        reminder["subject"]
            .as_str()
            .unwrap()
            .contains("commence dans une heure"),
        "{reminder}"
    );

    // A second server on the same database (a restart, or another worker): nothing twice.
    let dir = tempfile::tempdir().unwrap();
    let mut again = args(&dir);
    again.smtp_url = Some(sink.url());
    again.database_url = database_url;
    let _second = start_with(dir, again).await;
    tokio::time::sleep(std::time::Duration::from_secs(7)).await;
    assert_eq!(
        sink.mails_to("rappel@exemple.fr").len(),
        2,
        "one confirmation, one reminder"
    );
}
