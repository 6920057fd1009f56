//! Readers who hang up: thousands of metered reads (each a meter write in a transaction) cut
//! off a few milliseconds after they were sent. Every later write must still work: a metered
//! read, a registration, the command line on the same database, and `/healthz`, which takes a
//! write transaction.

mod common;

use common::webinar::{form, register, sessions};
use common::{args, cli, start_with, SUBSCRIBER_ARTICLES};
use tokio::io::AsyncWriteExt;

const DROPPED: usize = 10_000;
const AT_ONCE: usize = 64;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_keep_working_after_thousands_of_dropped_requests() {
    let dir = tempfile::tempdir().unwrap();
    let config = args(&dir);
    let database_url = config.database_url.clone();
    let server = start_with(dir, config).await;
    let addr = server.base.trim_start_matches("http://").to_owned();

    let limit = std::sync::Arc::new(tokio::sync::Semaphore::new(AT_ONCE));
    let mut cut = tokio::task::JoinSet::new();
    for i in 0..DROPPED {
        let (addr, limit) = (addr.clone(), limit.clone());
        cut.spawn(async move {
            let _permit = limit.acquire().await.unwrap();
            let Ok(mut socket) = tokio::net::TcpStream::connect(&addr).await else {
                return;
            };
            let request = format!(
                "GET /v1/sites/demo/articles/{} HTTP/1.1\r\nHost: {addr}\r\n\
                 x-kiosque-reader: lecteur-coupe-{i:010}\r\n\r\n",
                SUBSCRIBER_ARTICLES[i % SUBSCRIBER_ARTICLES.len()]
            );
            let _ = socket.write_all(request.as_bytes()).await;
            // Hang up 0 to 4 ms after sending, mid-way through the meter's transaction.
            tokio::time::sleep(std::time::Duration::from_micros((i % 5) as u64 * 1000)).await;
            drop(socket);
        });
    }
    while cut.join_next().await.is_some() {}

    // The cut requests still run to their end (that is the point): while that backlog
    // drains a read may time out (503), but it must never fail (500), and it must come back.
    let client = reqwest::Client::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let read = client
            .get(server.url(&format!(
                "/v1/sites/demo/articles/{}",
                SUBSCRIBER_ARTICLES[0]
            )))
            .header("x-kiosque-reader", "lecteur-apres-les-coupures")
            .send()
            .await
            .unwrap();
        let status = read.status();
        let body = read.text().await.unwrap();
        assert_ne!(status, 500, "a write failed after the hang-ups: {body}");
        if status == 200 {
            break;
        }
        assert_eq!(status, 503, "{body}");
        assert!(
            std::time::Instant::now() < deadline,
            "writes never came back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let health = client.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let (session, _) = &sessions()[0];
    assert_eq!(
        register(&server, session, &form("apres@exemple.fr"))
            .await
            .status(),
        201
    );
    let url = database_url.clone();
    let (ok, out, err) = tokio::task::spawn_blocking(move || {
        cli(
            &[
                "site",
                "meter",
                "demo",
                "--anonymous",
                "2",
                "--registered",
                "5",
            ],
            &url,
        )
    })
    .await
    .unwrap();
    assert!(ok, "the command line could not write: {out} {err}");
}
