//! A real server on a loopback port with a real SQLite file, for the integration tests.
#![allow(dead_code)] // each test file uses a different part of this module

use std::path::PathBuf;

use kiosque_server::config::{LogFormat, ServeArgs};
use tempfile::TempDir;

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
        log_format: LogFormat::Text,
    }
}

/// Starts the app on a free port; it runs until the test's runtime ends.
pub async fn start_with(dir: TempDir, args: ServeArgs) -> TestServer {
    let router = kiosque_server::app(args).await.expect("app starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
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
