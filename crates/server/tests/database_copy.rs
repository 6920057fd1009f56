//! Moving a site from SQLite to PostgreSQL as the README says ("Scaling out"): stop, run
//! `kiosque-server database copy --to postgres://…`, start on PostgreSQL. Needs the test
//! cluster (`make test-postgres` runs it); without one there is nothing to copy into.

mod common;

use common::webinar::Webinars;
use common::{args, cli, start_with, SmtpSink};
use reqwest::Method;
use serde_json::Value;

/// A server with its SMTP sink and an admin API key, on `database_url`.
async fn webinars_on(database_url: &str, key: Option<String>) -> Webinars {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.database_url = database_url.to_owned();
    config.smtp_url = Some(sink.url());
    let server = start_with(dir, config).await;
    let key = key.unwrap_or_else(|| {
        let (ok, key, err) = cli(&["site", "api-key", "demo", "--name", "CRM"], database_url);
        assert!(ok, "{err}");
        key
    });
    Webinars {
        server,
        sink,
        key,
        database_url: database_url.to_owned(),
    }
}

/// `(email, status)` of a session's registrations, as the admin API lists them.
async fn statuses(w: &Webinars, session: &str) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = w
        .registrations(session)
        .await
        .into_iter()
        .map(|r| (r.email, format!("{:?}", r.status)))
        .collect();
    list.sort();
    list
}

/// The article list, without the server's own address (the demo images are on it).
async fn articles(w: &Webinars) -> String {
    let url = w.server.url("/v1/sites/demo/articles?limit=50");
    let list: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert!(!list["articles"].as_array().unwrap().is_empty());
    list.to_string().replace(&w.server.base, "")
}

#[tokio::test]
async fn a_site_moves_from_sqlite_to_postgres_whole_and_goes_on_there() {
    let Ok(cluster) = std::env::var("KIOSQUE_TEST_POSTGRES_URL") else {
        eprintln!("no KIOSQUE_TEST_POSTGRES_URL: run under scripts/with-postgres.sh");
        return;
    };
    assert!(!cluster.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("site.db").display());
    let old = webinars_on(&sqlite, None).await;
    old.series("copie", false).await;
    old.session("copie", "s1", 3, true).await;
    for email in ["a@exemple.fr", "b@exemple.fr", "c@exemple.fr"] {
        old.signed_up("s1", email, "confirmed").await;
    }
    old.signed_up("s1", "d@exemple.fr", "waitlisted").await;

    // The copy, into a new database of the cluster.
    let postgres = common::new_database_url(&dir);
    assert!(postgres.starts_with("postgres"));
    let (ok, out, err) = cli(&["database", "copy", "--to", &postgres], &sqlite);
    assert!(ok, "{err}");
    assert!(out.contains("webinar_registrations: 4 rows"), "{out}");
    // Copying again would mix two sites' rows: refused, nothing changed.
    let (again, _, err) = cli(&["database", "copy", "--to", &postgres], &sqlite);
    assert!(!again && err.contains("not empty"), "{err}");

    // The same site on PostgreSQL, the same admin key.
    let new = webinars_on(&postgres, Some(old.key.clone())).await;
    assert_eq!(statuses(&new, "s1").await, statuses(&old, "s1").await);
    assert_eq!(articles(&new).await, articles(&old).await);
    assert_eq!(new.seats_left("copie", "s1").await, Some(0));
    // It goes on: the seat counter and the waitlist work there, and new rows get new ids.
    let a = new.registration("s1", "a@exemple.fr").await;
    let cancelled = new.act(a.id, "cancel").await;
    assert!(cancelled.status().is_success(), "{}", cancelled.status());
    let d = new.registration("s1", "d@exemple.fr").await;
    assert_eq!(format!("{:?}", d.status), "Confirmed", "promoted");
    assert_eq!(new.seats_left("copie", "s1").await, Some(0));
    new.signed_up("s1", "e@exemple.fr", "waitlisted").await;
    let e = new.registration("s1", "e@exemple.fr").await;
    assert!(e.id > d.id);
    let response = new
        .admin(Method::GET, "/webinars/sessions/s1/registrations", None)
        .await;
    assert!(response.status().is_success());
}
