//! A real server on a loopback port with a real SQLite file, for the integration tests.
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
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn database_url(&self) -> String {
        format!(
            "sqlite://{}",
            self.dir.path().join("db/kiosque.db").display()
        )
    }
}

pub fn args(dir: &TempDir) -> ServeArgs {
    let static_dir: PathBuf = dir.path().join("static");
    std::fs::create_dir_all(&static_dir).unwrap();
    std::fs::write(static_dir.join("kiosque.js"), "/* loader */").unwrap();
    ServeArgs {
        listen: "127.0.0.1:0".parse().unwrap(),
        // A folder that does not exist yet: the server creates it.
        database_url: format!("sqlite://{}", dir.path().join("db/kiosque.db").display()),
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
        retain_events_days: 395,
        retain_mail_days: 30,
        log_format: LogFormat::Text,
    }
}

/// Starts the app on a free port; it runs until the test's runtime ends.
pub async fn start_with(dir: TempDir, args: ServeArgs) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = kiosque_server::app(args, addr).await.expect("app starts");
    let base = format!("http://{addr}");
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, service).await.unwrap()
    });
    TestServer { base, dir }
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
        let mut names: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(p).unwrap())
                    .unwrap()
            })
            .filter(|m| m["to"].as_array().unwrap().iter().any(|t| t == to))
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
