//! Several servers on one database (README, "Scaling out"): real `kiosque-server serve`
//! processes sharing the test's database (PostgreSQL under `make test-postgres`, a SQLite file
//! otherwise) and one SMTP server. Seats are never overbooked, each mail is sent once, jobs are
//! held by one server at a time, and a server killed under load loses no acknowledged sign-up:
//! the other sends the mails it had claimed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::webinar::{form, sessions};
use common::{new_database_url, SmtpSink, SUBSCRIBER_ARTICLES};
use kiosque_server::store::Store;
use reqwest::StatusCode;

/// A `kiosque-server serve` process; killed (SIGKILL) when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    /// Starts the binary on `database_url` and waits until it listens.
    fn start(dir: &std::path::Path, database_url: &str, smtp_url: &str) -> Server {
        Server::start_with(dir, database_url, smtp_url, &[])
    }

    fn start_with(
        dir: &std::path::Path,
        database_url: &str,
        smtp_url: &str,
        more: &[&str],
    ) -> Server {
        std::fs::create_dir_all(dir.join("static")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_kiosque-server"))
            .args(["serve", "--listen", "127.0.0.1:0", "--demo", "true"])
            .args(["--database-url", database_url])
            .args(["--smtp-url", smtp_url])
            // Every sign-up of the test comes from one address.
            .args(["--signups-per-ip-per-hour", "100000"])
            .arg("--static-dir")
            .arg(dir.join("static"))
            .args(more)
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, lines) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        // Read on, so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        // Killed when dropped, so a server that never says where it listens goes too.
        let mut server = Server {
            child,
            base: String::new(),
        };
        while let Ok(line) = lines.recv_timeout(Duration::from_secs(60)) {
            if let Some(base) = line.split("listening on ").nth(1) {
                server.base = base.trim().to_owned();
                return server;
            }
        }
        panic!("the server never said where it listens");
    }

    fn sign_up_url(&self, session: &str) -> String {
        format!(
            "{}/v1/sites/demo/webinars/sessions/{session}/registrations",
            self.base
        )
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An SMTP URL whose server accepts connections and says nothing, ever.
fn black_hole() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().collect();
        drop(held);
    });
    url
}

/// Sends a sign-up of `email`; whether it was acknowledged (201).
async fn sign_up(client: reqwest::Client, url: String, email: String) -> (String, bool) {
    let answer = client.post(url).json(&form(&email)).send().await;
    let acknowledged = matches!(answer, Ok(a) if a.status() == StatusCode::CREATED);
    (email, acknowledged)
}

/// The Message-IDs each address received, once the mails stop coming: each expected address
/// has at least one, and nothing new came for 3 s (or `within` passed).
async fn mails_settled(
    smtp: &SmtpSink,
    expected: &BTreeSet<String>,
    within: Duration,
) -> BTreeMap<String, Vec<String>> {
    let deadline = Instant::now() + within;
    let mut last_count = usize::MAX;
    let mut quiet_since = Instant::now();
    loop {
        let mut by_address: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for mail in smtp.mails_to_anyone() {
            for to in mail["to"].as_array().unwrap() {
                by_address
                    .entry(to.as_str().unwrap().to_owned())
                    .or_default()
                    .push(mail["message_id"].as_str().unwrap().to_owned());
            }
        }
        let count: usize = by_address.values().map(Vec::len).sum();
        if count != last_count {
            last_count = count;
            quiet_since = Instant::now();
        }
        let all_in = expected.iter().all(|a| by_address.contains_key(a));
        if (all_in && quiet_since.elapsed() > Duration::from_secs(3)) || Instant::now() > deadline {
            return by_address;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// `(confirmed, waitlisted)` in a session, and the addresses registered there.
async fn registered(database_url: &str, session: &str) -> (i64, i64, BTreeSet<String>) {
    let db = common::db(database_url).await;
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT email, status FROM webinar_registrations WHERE session_id = $1")
            .bind(session)
            .fetch_all(&db)
            .await
            .unwrap();
    let count = |status: &str| rows.iter().filter(|(_, s)| s == status).count() as i64;
    let emails = rows.iter().map(|(e, _)| e.clone()).collect();
    (count("confirmed"), count("waitlisted"), emails)
}

#[tokio::test]
async fn two_servers_fill_exactly_the_seats_and_send_each_mail_once() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = new_database_url(&dir);
    let smtp = SmtpSink::start();
    // One after the other: the first creates the schema and the demo content.
    let a = Server::start(&dir.path().join("a"), &database_url, &smtp.url());
    let b = Server::start(&dir.path().join("b"), &database_url, &smtp.url());
    let (session, capacity) = sessions().into_iter().find(|(_, c)| *c == 100).unwrap();

    let client = reqwest::Client::new();
    let mut sign_ups = tokio::task::JoinSet::new();
    for i in 0..500 {
        let server = if i % 2 == 0 { &a } else { &b };
        let url = server.sign_up_url(&session);
        sign_ups.spawn(sign_up(client.clone(), url, format!("deux{i}@exemple.fr")));
    }
    let mut acknowledged = BTreeSet::new();
    while let Some(done) = sign_ups.join_next().await {
        let (email, ok) = done.unwrap();
        assert!(ok, "{email} was not acknowledged");
        acknowledged.insert(email);
    }

    let (confirmed, waitlisted, emails) = registered(&database_url, &session).await;
    assert_eq!(
        confirmed, capacity as i64,
        "never more confirmed than seats"
    );
    assert_eq!(waitlisted, 500 - capacity as i64);
    assert_eq!(emails, acknowledged, "one registration per sign-up");
    // Each registrant gets one mail (confirmation or waitlist), sent by one server only.
    let mails = mails_settled(&smtp, &acknowledged, Duration::from_secs(60)).await;
    for email in &acknowledged {
        assert_eq!(
            mails.get(email).map(Vec::len),
            Some(1),
            "{email}: {mails:?}"
        );
    }
}

#[tokio::test]
async fn a_server_killed_under_load_loses_no_acknowledged_sign_up_and_its_mails_go_out() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = new_database_url(&dir);
    let smtp = SmtpSink::start();
    // The first server's relay takes connections and never answers: every mail it claims
    // stays claimed, unsent, until it dies. Only the second server can deliver.
    let mut a = Server::start(&dir.path().join("a"), &database_url, &black_hole());
    let b = Server::start(&dir.path().join("b"), &database_url, &smtp.url());
    let (session, _) = sessions().into_iter().find(|(_, c)| *c == 100).unwrap();

    let client = reqwest::Client::new();
    // First the dead-to-be server takes mails: sign-ups through it wake its mail worker, which
    // claims them and hangs on its relay. Claimed mails are pending with a lease ahead.
    let db = common::db(&database_url).await;
    let mut first = 0;
    loop {
        for _ in 0..5 {
            let url = a.sign_up_url(&session);
            let (email, ok) = sign_up(client.clone(), url, format!("tot{first}@exemple.fr")).await;
            assert!(ok, "{email}");
            first += 1;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        let claimed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM mail_queue WHERE status = 'pending' AND next_attempt_at > $1",
        )
        .bind(kiosque_server::unix_now() + 5)
        .fetch_one(&db)
        .await
        .unwrap();
        if claimed > 0 {
            break;
        }
        assert!(first < 50, "the first server never claimed a mail");
    }
    let mut sign_ups = tokio::task::JoinSet::new();
    for i in 0..300 {
        let server = if i % 2 == 0 { &a } else { &b };
        let url = server.sign_up_url(&session);
        sign_ups.spawn(sign_up(client.clone(), url, format!("tue{i}@exemple.fr")));
    }
    // Once a third are answered, the first server dies at once (no shutdown), with sign-ups
    // in flight and mails queued or claimed.
    let mut acknowledged = BTreeSet::new();
    let mut answered = 0;
    while let Some(done) = sign_ups.join_next().await {
        let (email, ok) = done.unwrap();
        answered += 1;
        if ok {
            acknowledged.insert(email);
        }
        if answered == 100 {
            a.kill();
        }
    }
    assert!(
        acknowledged.len() >= 150,
        "{} acknowledged",
        acknowledged.len()
    );

    // Every acknowledged sign-up is written; what the dead server did not answer may or may
    // not be, never half.
    let (confirmed, waitlisted, emails) = registered(&database_url, &session).await;
    assert!(
        acknowledged.is_subset(&emails),
        "an acknowledged sign-up was lost"
    );
    assert_eq!(confirmed + waitlisted, emails.len() as i64);
    assert!(confirmed <= 100);
    // Every registrant's mail goes out, by the survivor: it takes over the dead one's claims
    // once their lease ends (30 s). (With a real relay, a mail it took just before the kill
    // may come twice, but as the same message, same Message-ID, which mail systems drop.)
    let mails = mails_settled(&smtp, &emails, Duration::from_secs(90)).await;
    for email in &emails {
        let ids: BTreeSet<&String> = mails.get(email).into_iter().flatten().collect();
        assert_eq!(ids.len(), 1, "{email}: {mails:?}");
    }
    drop(b);
}

#[tokio::test]
async fn a_job_is_held_by_one_server_until_its_lease_ends() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = new_database_url(&dir);
    let one = Store::connect(&database_url).await.unwrap();
    let other = Store::connect(&database_url).await.unwrap();
    assert!(one.hold_job("purge", 1_000, 10).await.unwrap());
    assert!(!other.hold_job("purge", 1_005, 10).await.unwrap(), "held");
    assert!(
        other.hold_job("feeds", 1_005, 10).await.unwrap(),
        "jobs apart"
    );
    // Its holder renews it; once a lease ends, the other takes the job.
    assert!(one.hold_job("purge", 1_008, 10).await.unwrap());
    assert!(!other.hold_job("purge", 1_017, 10).await.unwrap());
    assert!(other.hold_job("purge", 1_018, 10).await.unwrap());
    assert!(!one.hold_job("purge", 1_020, 10).await.unwrap());
}

/// nginx (Debian's package) with the README's `deploy/nginx.conf`, its upstream addresses and
/// port replaced; stopped when dropped.
struct Nginx {
    child: Child,
    base: String,
    access_log: std::path::PathBuf,
}

impl Nginx {
    fn start(dir: &std::path::Path, upstreams: [&str; 2]) -> Nginx {
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../deploy/nginx.conf");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let site = std::fs::read_to_string(example)
            .unwrap()
            .replace("127.0.0.1:8081", upstreams[0])
            .replace("127.0.0.1:8082", upstreams[1])
            .replace("listen 80;", &format!("listen 127.0.0.1:{port};"));
        assert!(site.contains(upstreams[0]) && site.contains(upstreams[1]));
        let prefix = dir.join("nginx");
        let access_log = prefix.join("access.log");
        let site = site.replace(
            "/var/log/nginx/kiosque.access.log",
            &access_log.display().to_string(),
        );
        assert!(site.contains("access.log kiosque;"));
        std::fs::create_dir_all(&prefix).unwrap();
        std::fs::write(prefix.join("kiosque.conf"), site).unwrap();
        let p = prefix.display();
        let main = format!(
            "daemon off; worker_processes 1; pid {p}/nginx.pid; error_log {p}/error.log warn;\n\
             events {{ worker_connections 256; }}\n\
             http {{ access_log off; client_body_temp_path {p}/body; proxy_temp_path {p}/proxy;\n\
             fastcgi_temp_path {p}/fastcgi; uwsgi_temp_path {p}/uwsgi; scgi_temp_path {p}/scgi;\n\
             include {p}/kiosque.conf; }}\n"
        );
        std::fs::write(prefix.join("nginx.conf"), main).unwrap();
        let child = Command::new("nginx")
            .arg("-c")
            .arg(prefix.join("nginx.conf"))
            .arg("-p")
            .arg(&prefix)
            .spawn()
            .expect("nginx runs (make setup installs Debian's nginx)");
        Nginx {
            child,
            base: format!("http://127.0.0.1:{port}"),
            access_log,
        }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM, so the master stops its workers too (SIGKILL would leave them behind).
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// The address a server listens on, `host:port`, from its base URL.
fn address(server: &Server) -> &str {
    server.base.trim_start_matches("http://")
}

#[tokio::test]
async fn behind_the_readmes_nginx_a_dead_server_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = new_database_url(&dir);
    let smtp = SmtpSink::start();
    let trust = ["--trusted-proxies", "127.0.0.1"];
    let mut a = Server::start_with(&dir.path().join("a"), &database_url, &smtp.url(), &trust);
    let b = Server::start_with(&dir.path().join("b"), &database_url, &smtp.url(), &trust);
    let nginx = Nginx::start(dir.path(), [address(&a), address(&b)]);
    let client = reqwest::Client::new();
    let healthz = format!("{}/healthz", nginx.base);
    let started = Instant::now();
    while client.get(&healthz).send().await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "nginx did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The longest preview path the console makes (8 KB of draft) reaches a server: it is
    // the console that answers (sign in first), not nginx with 414.
    let preview = format!(
        "{}/admin/sites/demo/offres/essai/cadre/{}",
        nginx.base,
        "A".repeat(8192)
    );
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answered = redirect.get(&preview).send().await.unwrap();
    assert_eq!(
        answered.status(),
        StatusCode::SEE_OTHER,
        "the console's sign-in"
    );
    let (session, _) = sessions().into_iter().find(|(_, c)| *c == 100).unwrap();
    let sign_up_url = format!(
        "{}/v1/sites/demo/webinars/sessions/{session}/registrations",
        nginx.base
    );
    for i in 0..10 {
        let (email, ok) = sign_up(
            client.clone(),
            sign_up_url.clone(),
            format!("lb{i}@exemple.fr"),
        )
        .await;
        assert!(ok, "{email}");
    }
    // A reader's article, its reader id in the query as the loader sends it: logged by its
    // path alone.
    let reader = "lecteur-derriere-nginx-0001";
    let article = client
        .get(format!(
            "{}/v1/sites/demo/articles/{}?paint=true&reader={reader}",
            nginx.base, SUBSCRIBER_ARTICLES[0]
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(article.status(), StatusCode::OK);
    // nginx writes a request's line after it has sent the answer: wait for it.
    let asked = Instant::now();
    let logged = loop {
        let logged = std::fs::read_to_string(&nginx.access_log).unwrap();
        if logged.contains(SUBSCRIBER_ARTICLES[0]) {
            break logged;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(10),
            "the article's request is not in the access log: {logged}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(!logged.contains(reader), "{logged}");
    // One server dies: readers and sign-ups go on through the other.
    a.kill();
    for i in 10..20 {
        let read = client.get(&healthz).send().await.unwrap();
        assert_eq!(read.status(), StatusCode::OK);
        let (email, ok) = sign_up(
            client.clone(),
            sign_up_url.clone(),
            format!("lb{i}@exemple.fr"),
        )
        .await;
        assert!(ok, "{email}");
    }
    let (confirmed, _, emails) = registered(&database_url, &session).await;
    assert_eq!((confirmed, emails.len()), (20, 20));
    drop(b);
}
