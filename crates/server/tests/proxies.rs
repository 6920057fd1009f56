//! Behind a reverse proxy: rate limits count the client named by a trusted proxy's
//! `X-Forwarded-For`, and nobody else's header.

mod common;

use common::webinar::{form, sessions};
use common::{args, start_with, TestServer};
use reqwest::StatusCode;

async fn sign_up(server: &TestServer, email: &str, forwarded_for: &str) -> StatusCode {
    let (session, _) = &sessions()[0];
    reqwest::Client::new()
        .post(server.url(&format!(
            "/v1/sites/demo/webinars/sessions/{session}/registrations"
        )))
        .header("x-forwarded-for", forwarded_for)
        .json(&form(email))
        .send()
        .await
        .unwrap()
        .status()
}

async fn server(trusted: &[&str]) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.signups_per_ip_per_hour = 1;
    config.trusted_proxies = trusted.iter().map(|a| a.parse().unwrap()).collect();
    start_with(dir, config).await
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client() {
    // The tests reach the server from 127.0.0.1, standing for the proxy.
    let server = server(&["127.0.0.1"]).await;
    assert_eq!(
        sign_up(&server, "a@exemple.fr", "203.0.113.1").await,
        StatusCode::CREATED
    );
    assert_eq!(
        sign_up(&server, "b@exemple.fr", "203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the same client"
    );
    assert_eq!(
        sign_up(&server, "c@exemple.fr", "198.51.100.7, 203.0.113.2").await,
        StatusCode::CREATED,
        "another client, after a spoofed entry the proxy did not vouch for"
    );
}

#[tokio::test]
async fn without_trusted_proxies_the_header_is_ignored() {
    let server = server(&[]).await;
    assert_eq!(
        sign_up(&server, "a@exemple.fr", "203.0.113.1").await,
        StatusCode::CREATED
    );
    assert_eq!(
        sign_up(&server, "b@exemple.fr", "203.0.113.2").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a client cannot choose its address"
    );
}
