//! A real server on a loopback port with a real database, for the integration tests: a SQLite
//! file, or a fresh database of the PostgreSQL cluster named by `KIOSQUE_TEST_POSTGRES_URL`
//! (`scripts/with-postgres.sh` starts one; `make test` runs the suite on both).
#![allow(dead_code)] // each test file uses a different part of this module

pub mod webinar;

use std::path::PathBuf;

use kiosque_server::config::{LogFormat, ServeArgs};
use tempfile::TempDir;

/// The demo's subscriber-only articles, and its one article for registered readers.
pub const SUBSCRIBER_ARTICLES: [&str; 4] = [
    "numerique-accompagnement-social-entretien-directrice",
    "protection-enfance-reforme-financement-departements",
    "secret-professionnel-partage-travailleurs-sociaux-dossier-juridique",
    "habitat-inclusif-autonomie-handicap",
];
pub const REGISTERED_ARTICLE: &str = "penurie-recrutement-formation-travail-social";

/// Runs `kiosque-server ARGS --database-url URL`: (success, stdout, stderr).
pub fn cli(args: &[&str], database_url: &str) -> (bool, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kiosque-server"))
        .args(args)
        .args(["--database-url", database_url])
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

pub struct TestServer {
    pub base: String,
    pub dir: TempDir,
    database_url: String,
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn database_url(&self) -> String {
        self.database_url.clone()
    }
}

/// A new, empty database for one test: a SQLite file in `dir` (in a folder that does not
/// exist yet: the server creates it), or a database of its own in the test cluster.
pub fn new_database_url(dir: &TempDir) -> String {
    match std::env::var("KIOSQUE_TEST_POSTGRES_URL") {
        Ok(cluster) if !cluster.is_empty() => new_postgres_database(&cluster),
        _ => format!("sqlite://{}", dir.path().join("db/kiosque.db").display()),
    }
}

/// `CREATE DATABASE` in the cluster, from a thread of its own (callers may be inside a
/// runtime or not); the URL of the new database.
fn new_postgres_database(cluster: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "kiosque_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let mut url = url::Url::parse(cluster).unwrap();
    url.set_path(&name);
    let cluster = cluster.to_owned();
    let create = format!("CREATE DATABASE {name}");
    std::thread::spawn(move || {
        use sqlx::Connection;
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let mut conn = sqlx::PgConnection::connect(&cluster).await.unwrap();
                sqlx::Executor::execute(&mut conn, create.as_str())
                    .await
                    .unwrap();
            });
    })
    .join()
    .unwrap();
    url.to_string()
}

/// A pool on the test's database, to look at it or move time in it.
pub async fn db(database_url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(database_url).await.unwrap()
}

pub fn args(dir: &TempDir) -> ServeArgs {
    let static_dir: PathBuf = dir.path().join("static");
    std::fs::create_dir_all(&static_dir).unwrap();
    std::fs::write(static_dir.join("kiosque.js"), "/* loader */").unwrap();
    ServeArgs {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: new_database_url(dir),
        static_dir,
        demo: true,
        request_timeout_secs: 10,
        max_body_bytes: 64 * 1024,
        public_url: None,
        smtp_url: None,
        mail_from: "Le Fil Social <no-reply@lefilsocial.example>".into(),
        outbox_dir: dir.path().join("outbox"),
        signups_per_ip_per_hour: 60,
        trusted_proxies: Vec::new(),
        event_batches_per_ip_per_hour: 600,
        sqlite_synchronous: kiosque_server::store::Durability::Full,
        database_pool_size: None,
        database_statement_timeout_secs: 30,
        retain_events_days: 395,
        retain_mail_days: 30,
        log_format: LogFormat::Text,
    }
}

/// Starts the app on a free port; it runs until the test's runtime ends.
pub async fn start_with(dir: TempDir, args: ServeArgs) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let database_url = args.database_url.clone();
    let router = kiosque_server::app(args, addr).await.expect("app starts");
    let base = format!("http://{addr}");
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, service).await.unwrap()
    });
    TestServer {
        base,
        dir,
        database_url,
    }
}

pub async fn start() -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let args = args(&dir);
    start_with(dir, args).await
}

/// The demo content as written, to compare responses against.
pub fn demo_content() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/content.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every sentence of the body blocks a non-entitled reader must never receive, per article.
pub fn gated_texts(content: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    let teaser_blocks = content["site"]["teaser_blocks"].as_u64().unwrap() as usize;
    content["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["access"] != "free")
        .map(|a| {
            let body = a["body"].as_array().unwrap();
            let public = a["paywall_after"]
                .as_u64()
                .map(|n| n as usize)
                .unwrap_or(teaser_blocks);
            let gated = body[public..]
                .iter()
                .map(|b| b["text"].as_str().unwrap().to_owned())
                .collect();
            (a["slug"].as_str().unwrap().to_owned(), gated)
        })
        .collect()
}

/// A real SMTP server (aiosmtpd, `scripts/smtp-sink.py`) on a loopback port; it saves each
/// mail it receives as JSON in its folder. Stopped when dropped.
pub struct SmtpSink {
    pub port: u16,
    pub dir: TempDir,
    child: std::process::Child,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        use std::io::{BufRead, BufReader};
        let dir = tempfile::tempdir().unwrap();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/smtp-sink.py");
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .arg("--dir")
            .arg(dir.path())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs scripts/smtp-sink.py (make setup installs aiosmtpd)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("smtp sink did not start: {line:?}"));
        SmtpSink { port, dir, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every mail received so far for `to`, oldest first, as `{to, from, subject, body}`.
    pub fn mails_to(&self, to: &str) -> Vec<serde_json::Value> {
        self.mails_to_anyone()
            .into_iter()
            .filter(|m| m["to"].as_array().unwrap().iter().any(|t| t == to))
            .collect()
    }

    /// Every mail received so far, oldest first.
    pub fn mails_to_anyone(&self) -> Vec<serde_json::Value> {
        let mut names: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .into_iter()
            // A mail being written has its `.json` last: a partial one is read next time.
            .filter_map(|p| serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok())
            .collect()
    }

    /// Waits (up to 10 s) for the `n`-th mail to `to`.
    pub async fn wait_for_mail(&self, to: &str, n: usize) -> serde_json::Value {
        for _ in 0..200 {
            let mails = self.mails_to(to);
            if mails.len() >= n {
                return mails[n - 1].clone();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no mail #{n} for {to} within 10 s");
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
