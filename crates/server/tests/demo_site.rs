//! The demo publisher site and the demo content's loading.

mod common;

use common::{args, cli, demo_content, gated_texts, start, start_with};
use kiosque_protocol::ArticleList;
use reqwest::StatusCode;

#[tokio::test]
async fn article_pages_carry_the_script_and_placeholder_but_no_gated_text() {
    let server = start().await;
    for (slug, gated) in gated_texts(&demo_content()) {
        let response = reqwest::get(server.url(&format!("/articles/{slug}")))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let html = response.text().await.unwrap();
        assert!(html.contains(r#"<script src="/kiosque.js" data-site="demo" async></script>"#));
        assert!(html.contains(&format!(r#"data-kiosque="paywall" data-article="{slug}""#)));
        for sentence in gated {
            assert!(!html.contains(&sentence), "page of {slug} leaks {sentence}");
        }
    }
}

#[tokio::test]
async fn the_webinar_page_has_a_placeholder_per_series() {
    let server = start().await;
    let html = reqwest::get(server.url("/webinaires"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let series = demo_content()["webinar_series"].as_array().unwrap().clone();
    assert!(!series.is_empty());
    for s in series {
        let id = s["id"].as_str().unwrap();
        assert!(
            html.contains(&format!(r#"data-kiosque="webinar" data-series="{id}""#)),
            "placeholder for {id}"
        );
    }
}

#[tokio::test]
async fn home_lists_every_article_and_unknown_pages_are_404() {
    let server = start().await;
    let html = reqwest::get(server.url("/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for article in demo_content()["articles"].as_array().unwrap() {
        let slug = article["slug"].as_str().unwrap();
        assert!(
            html.contains(&format!("/articles/{slug}")),
            "home links {slug}"
        );
    }
    let missing = reqwest::get(server.url("/articles/nope")).await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn demo_content_loads_once_and_restarts_keep_the_database() {
    let first = start().await;
    let list: ArticleList = reqwest::get(first.url("/v1/sites/demo/articles"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.articles.len(), 8);
    let database_url = first.database_url();

    // A second server on the same file: the content is not loaded twice.
    let dir = tempfile::tempdir().unwrap();
    let mut again = args(&dir);
    again.database_url = database_url;
    let second = start_with(dir, again).await;
    let list: ArticleList = reqwest::get(second.url("/v1/sites/demo/articles"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.articles.len(), 8);
    drop(first);
}

#[tokio::test]
async fn without_demo_there_is_no_demo_site() {
    let dir = tempfile::tempdir().unwrap();
    let mut no_demo = args(&dir);
    no_demo.demo = false;
    let server = start_with(dir, no_demo).await;
    let response = reqwest::get(server.url("/v1/sites/demo/articles"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let home = reqwest::get(server.url("/")).await.unwrap();
    assert_eq!(home.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_database_that_cannot_be_used_stops_the_start_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let addr: std::net::SocketAddr = "127.0.0.1:9".parse().unwrap();
    let mut mysql = args(&dir);
    mysql.database_url = "mysql://localhost/kiosque".into();
    let err = kiosque_server::app(mysql, addr).await.expect_err("refused");
    assert!(err.to_string().contains("postgres://"), "{err}");
    // Nothing listens on port 9: the message names the database, never its password.
    let mut down = args(&dir);
    down.database_url = "postgres://kiosque:s3cret@127.0.0.1:9/kiosque".into();
    let err = format!(
        "{:#}",
        kiosque_server::app(down, addr).await.expect_err("down")
    );
    assert!(err.contains("cannot open database"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
}

#[tokio::test]
async fn the_demo_publisher_vouches_for_its_signed_in_subscriber() {
    let server = start().await;
    let slug = "habitat-inclusif-autonomie-handicap";
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let signed_in = client
        .post(server.url("/demo/connexion"))
        .header("referer", server.url(&format!("/articles/{slug}")))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(signed_in.headers()["location"], format!("/articles/{slug}"));
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly"));

    let html = client
        .get(server.url(&format!("/articles/{slug}")))
        .header("cookie", "demo_abonne=1")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = html
        .split(r#"data-entitlement=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries a token");
    let page: kiosque_protocol::ArticlePage = client
        .get(server.url(&format!("/v1/sites/demo/articles/{slug}")))
        .header("x-kiosque-entitlement", token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        page.access,
        kiosque_protocol::Access::Full {
            reason: kiosque_protocol::GrantReason::Subscriber
        }
    );

    // Structured data marks the gated part and is built from public fields only.
    assert!(html.contains(r#""isAccessibleForFree":false"#));
    assert!(html.contains(r#""cssSelector":".article-body""#));
    let anonymous = reqwest::get(server.url(&format!("/articles/{slug}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!anonymous.contains("data-entitlement"));
}

#[tokio::test]
async fn a_site_is_created_and_keyed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.demo = false;
    let database_url = config.database_url.clone();
    let server = start_with(dir, config).await;
    let cli = |args: &[&str]| cli(&[&["site"], args].concat(), &database_url);
    let (ok, _, err) = cli(&[
        "create",
        "journal",
        "--name",
        "Le Journal",
        "--origin",
        "https://www.journal.example/",
    ]);
    assert!(ok, "{err}");
    let (ok, _, err) = cli(&["create", "journal", "--name", "Encore"]);
    assert!(!ok && err.contains("exists already"), "{err}");
    let (ok, _, err) = cli(&["create", "Mauvais Id", "--name", "X"]);
    assert!(!ok && err.contains("a-z"), "{err}");
    let (ok, key, err) = cli(&["entitlement-key", "journal", "--max-lifetime-secs", "3600"]);
    assert!(ok && key.len() == 43, "{err}");

    // The new site answers, for its own origin only, and accepts tokens signed with the key.
    let response = reqwest::Client::new()
        .get(server.url("/v1/sites/journal/articles"))
        .header("origin", "https://www.journal.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://www.journal.example"
    );
    let now = kiosque_server::unix_now();
    let token = kiosque_server::entitlement::sign(
        &kiosque_server::entitlement::Claims {
            aud: "journal".into(),
            sub: "abonne".into(),
            iat: now,
            exp: now + 600,
            scope: None,
        },
        key.as_bytes(),
    );
    let decision: kiosque_protocol::AccessDecision = reqwest::Client::new()
        .get(server.url("/v1/sites/journal/access/un-article?level=subscribers"))
        .header("x-kiosque-entitlement", token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        decision.access,
        kiosque_protocol::Access::Full {
            reason: kiosque_protocol::GrantReason::Subscriber
        }
    );
}

async fn page(server: &common::TestServer, path: &str) -> (StatusCode, String) {
    let response = reqwest::get(server.url(path)).await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_front_pages_lead_with_a_picture_and_each_section_has_its_page() {
    let server = start().await;
    let content = demo_content();
    let articles = content["articles"].as_array().unwrap();
    let newest = articles
        .iter()
        .max_by_key(|a| a["published_at"].as_str().unwrap().to_owned())
        .unwrap();

    // The home page: the newest story first and large, with its picture; the sections.
    let (status, home) = page(&server, "/").await;
    assert_eq!(status, StatusCode::OK);
    let lead = home
        .split(r#"<li class="card lead">"#)
        .nth(1)
        .expect("a lead story");
    let lead = lead.split("</li>").next().unwrap();
    assert!(lead.contains(&format!(
        r#"<img src="{}""#,
        newest["image"]["url"].as_str().unwrap()
    )));
    assert!(lead.contains(&format!(
        r#"href="/articles/{}""#,
        newest["slug"].as_str().unwrap()
    )));
    for section in content["sections"].as_array().unwrap() {
        let slug = section["slug"].as_str().unwrap();
        assert!(
            home.contains(&format!(r#"href="/rubriques/{slug}""#)),
            "{slug}"
        );

        // Its page lists its articles and no other.
        let (status, html) = page(&server, &format!("/rubriques/{slug}")).await;
        assert_eq!(status, StatusCode::OK, "{slug}");
        for a in articles {
            let link = format!(
                r#"<h2><a href="/articles/{}">"#,
                a["slug"].as_str().unwrap()
            );
            assert_eq!(html.contains(&link), a["section"] == slug, "{slug}: {link}");
        }
        assert!(html.contains(r#"aria-current="page""#));
    }
    assert_eq!(
        page(&server, "/rubriques/inconnue").await.0,
        StatusCode::NOT_FOUND
    );

    // An article page shows its picture (an illustration, decorative beside its title).
    let slug = newest["slug"].as_str().unwrap();
    let (_, html) = page(&server, &format!("/articles/{slug}")).await;
    assert!(
        html.contains(&format!(
            r#"<figure class="picture"><img src="{}" alt=""#,
            newest["image"]["url"].as_str().unwrap()
        )),
        "{html}"
    );
}
