//! A publisher's own site, set up as the README's getting-started steps say: a new site from
//! the command line, its allowed origins (command line and admin API), articles pushed by the
//! CMS with hostile HTML in them, a feed served on loopback, the section renamed, and the
//! widget's files fetched as a page on another origin fetches them.

mod common;

use common::{args, cli, start_with, TestServer};
use kiosque_protocol::{AdminArticle, AdminArticleList, ApiError, ArticlePage, ErrorCode};
use reqwest::{header, StatusCode};
use serde_json::json;

const PAGE_ORIGIN: &str = "http://127.0.0.1:9431";
/// Past the public teaser of the pushed article: must never reach a reader who is not entitled.
const GATED: &str = "Cette phrase réservée aux abonnés ne sort jamais du serveur.";

struct Publisher {
    server: TestServer,
    database_url: String,
    key: String,
}

async fn publisher() -> Publisher {
    let dir = tempfile::tempdir().unwrap();
    let config = args(&dir);
    std::fs::write(
        config
            .static_dir
            .join("kiosque_widget_bg.0123456789abcdef.wasm"),
        b"\0asm",
    )
    .unwrap();
    let database_url = config.database_url.clone();
    let server = start_with(dir, config).await;
    let run = |args: &[&str]| {
        let (ok, out, err) = cli(args, &database_url);
        assert!(ok, "{args:?}: {err}");
        out
    };
    run(&[
        "site",
        "create",
        "journal",
        "--name",
        "Le Journal",
        "--origin",
        PAGE_ORIGIN,
    ]);
    run(&["site", "meter", "journal", "--anonymous", "0"]);
    let key = run(&["site", "api-key", "journal", "--name", "CMS"]);
    Publisher {
        server,
        database_url,
        key,
    }
}

impl Publisher {
    fn admin(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        reqwest::Client::new()
            .request(
                method,
                self.server.url(&format!("/v1/admin/sites/journal{path}")),
            )
            .bearer_auth(&self.key)
    }

    async fn put_article(&self, slug: &str, body: serde_json::Value) -> reqwest::Response {
        self.admin(reqwest::Method::PUT, &format!("/articles/{slug}"))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// The site's articles through the admin API (the first page of 50).
    async fn articles(&self) -> AdminArticleList {
        let answer = self
            .admin(reqwest::Method::GET, "/articles")
            .send()
            .await
            .unwrap();
        answer.json().await.unwrap()
    }

    /// One article as stored, through the admin API.
    async fn stored(&self, slug: &str) -> AdminArticle {
        let answer = self
            .admin(reqwest::Method::GET, &format!("/articles/{slug}"))
            .send()
            .await
            .unwrap();
        answer.json().await.unwrap()
    }

    /// What an anonymous reader's browser on the publisher's page gets for an article.
    async fn read(&self, slug: &str) -> reqwest::Response {
        reqwest::Client::new()
            .get(
                self.server
                    .url(&format!("/v1/sites/journal/articles/{slug}")),
            )
            .header(header::ORIGIN, PAGE_ORIGIN)
            .header("x-kiosque-reader", "lecteur-anonyme-0001")
            .send()
            .await
            .unwrap()
    }
}

fn hostile_article() -> serde_json::Value {
    json!({
        "title": "Les foyers de l’enfance face à la pénurie",
        "kicker": "Enquête",
        "standfirst": "Un chapeau public.",
        "body_html": format!(
            "<p>Premier paragraphe public.</p><script>alert('x')</script>\
             <p onclick=\"alert('y')\">Second <a href=\"javascript:alert('z')\">paragraphe</a> public.</p>\
             <iframe src=\"https://evil.example/\"></iframe><img src=x onerror=\"alert('w')\">\
             <h2>La suite</h2><p>{GATED}</p>"
        ),
        "access": "subscribers",
        "section": "protection-enfance",
        "section_name": "Protection de l’enfance",
        "tags": ["foyers"],
        "author": "Claire Dubois",
        "published_at": "2026-11-30T09:00:00+01:00",
        "paywall_after": 2
    })
}

#[tokio::test]
async fn origins_are_listed_added_and_removed_from_the_command_line() {
    let p = publisher().await;
    let run = |args: &[&str]| cli(args, &p.database_url);
    let (ok, out, _) = run(&["site", "origins", "journal", "--list"]);
    assert!(ok);
    assert_eq!(out, PAGE_ORIGIN);
    let (ok, out, _) = run(&[
        "site",
        "origins",
        "journal",
        "--add",
        "https://WWW.Journal.example/",
    ]);
    assert!(ok);
    assert_eq!(out, format!("{PAGE_ORIGIN}\nhttps://www.journal.example"));
    for bad in [
        "https://*.journal.example",
        "https://journal.example/articles",
        "journal.example",
    ] {
        let (ok, _, err) = run(&["site", "origins", "journal", "--add", bad]);
        assert!(!ok, "{bad} accepted");
        assert!(err.contains("is not an origin"), "{err}");
    }
    let (ok, out, _) = run(&["site", "origins", "journal", "--remove", PAGE_ORIGIN]);
    assert!(ok);
    assert_eq!(out, "https://www.journal.example");
    let (ok, _, err) = run(&["site", "origins", "nowhere", "--list"]);
    assert!(!ok && err.contains("no site"), "{err}");
}

#[tokio::test]
async fn origins_through_the_admin_api_decide_cors() {
    let p = publisher().await;
    let preflight = |origin: &'static str| {
        let url = p.server.url("/v1/sites/journal/articles");
        async move {
            reqwest::Client::new()
                .request(reqwest::Method::OPTIONS, url)
                .header(header::ORIGIN, origin)
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .send()
                .await
                .unwrap()
        }
    };
    let other = "https://other.example";
    assert!(preflight(other)
        .await
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());

    let bad = p
        .admin(reqwest::Method::PUT, "/origins")
        .json(&json!({"origins": [other, "https://x.example/path", "*"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let error: ApiError = bad.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::InvalidFields);
    let fields: Vec<_> = error
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("origins[1]", "invalid_origin"),
            ("origins[2]", "invalid_origin")
        ]
    );
    // Refused whole: the first origin was not saved either.
    let listed: serde_json::Value = p
        .admin(reqwest::Method::GET, "/origins")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed, json!({"origins": [PAGE_ORIGIN]}));

    let saved = p
        .admin(reqwest::Method::PUT, "/origins")
        .json(&json!({"origins": [PAGE_ORIGIN, other, other]}))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: serde_json::Value = saved.json().await.unwrap();
    assert_eq!(saved, json!({"origins": [PAGE_ORIGIN, other]}));
    let answer = preflight(other).await;
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(answer.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], other);

    let anonymous = reqwest::Client::new()
        .get(p.server.url("/v1/admin/sites/journal/origins"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_pushed_article_is_sanitised_cut_on_the_server_and_unpublished() {
    let p = publisher().await;
    let created = p.put_article("foyers-penurie", hostile_article()).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let stored: AdminArticle = created.json().await.unwrap();
    let stored_text = serde_json::to_string(&stored).unwrap();
    for gone in [
        "alert",
        "script",
        "javascript",
        "onclick",
        "iframe",
        "evil",
        "onerror",
    ] {
        assert!(!stored_text.contains(gone), "{gone} stored: {stored_text}");
    }
    assert_eq!(stored.body.len(), 4);
    assert_eq!(stored.article.section.name, "Protection de l’enfance");
    assert_eq!(stored.article.published_at, "2026-11-30");

    // The same PUT again changes nothing.
    let replayed = p.put_article("foyers-penurie", hostile_article()).await;
    assert_eq!(replayed.status(), StatusCode::OK);
    let replayed: AdminArticle = replayed.json().await.unwrap();
    assert_eq!(replayed, stored);

    // A reader of the publisher's page gets the teaser, never the gated sentence.
    let answer = p.read("foyers-penurie").await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        PAGE_ORIGIN
    );
    let text = answer.text().await.unwrap();
    assert!(!text.contains(GATED), "the gated sentence leaked: {text}");
    let page: ArticlePage = serde_json::from_str(&text).unwrap();
    assert_eq!(page.body.len(), 2, "cut at paywall_after");
    assert!(matches!(
        page.access,
        kiosque_protocol::Access::Teaser { .. }
    ));
    let list = reqwest::get(
        p.server
            .url("/v1/sites/journal/articles?section=protection-enfance"),
    )
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    assert!(
        list.contains("foyers-penurie") && !list.contains(GATED),
        "{list}"
    );

    let listed = p.articles().await;
    assert_eq!(listed.total, 1);
    assert!(listed.articles[0].published);

    let deleted = p
        .admin(reqwest::Method::DELETE, "/articles/foyers-penurie")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = p.read("foyers-penurie").await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let error: ApiError = gone.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::ArticleNotFound);
    let list = reqwest::get(p.server.url("/v1/sites/journal/articles"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!list.contains("foyers-penurie"), "{list}");
    let again = p
        .admin(reqwest::Method::DELETE, "/articles/foyers-penurie")
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let kept = p.stored("foyers-penurie").await;
    assert!(!kept.published);
    // A PUT publishes it again.
    assert_eq!(
        p.put_article("foyers-penurie", hostile_article())
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(p.read("foyers-penurie").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn bad_articles_are_refused_whole_with_every_field_named() {
    let p = publisher().await;
    let mut bad = hostile_article();
    bad["access"] = json!("premium");
    bad["published_at"] = json!("30 novembre");
    bad["title"] = json!("");
    let answer = p.put_article("Pas-Un-Slug", bad).await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let error: ApiError = answer.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::InvalidFields);
    let fields: Vec<_> = error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["slug", "title", "access", "published_at"]);
    assert!(!serde_json::to_string(&error).unwrap().contains(GATED));
    let listed = p.articles().await;
    assert_eq!(listed.total, 0, "nothing half-written");

    let mut huge = hostile_article();
    huge["body_html"] = json!(format!("<p>{}</p>", "x".repeat(3 * 1024 * 1024)));
    let answer = p.put_article("trop-long", huge).await;
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let wrong_key = reqwest::Client::new()
        .put(p.server.url("/v1/admin/sites/journal/articles/x"))
        .bearer_auth("not-the-key")
        .json(&hostile_article())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_key.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_section_is_renamed_for_readers() {
    let p = publisher().await;
    p.put_article("foyers-penurie", hostile_article()).await;
    let renamed = p
        .admin(reqwest::Method::PUT, "/sections/protection-enfance")
        .json(&json!({"name": "Enfance et familles"}))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), StatusCode::NO_CONTENT);
    let list = reqwest::get(p.server.url("/v1/sites/journal/articles"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Enfance et familles"), "{list}");
    let missing = p
        .admin(reqwest::Method::PUT, "/sections/nulle-part")
        .json(&json!({"name": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let error: ApiError = missing.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::SectionNotFound);

    // The name's rules, as the OpenAPI document states them: one line, not blank, 120
    // characters as sent.
    let long = format!(" {} ", "é".repeat(119));
    for (name, code) in [
        (" \u{feff}\u{3000} ", "required"),
        ("\u{1}", "required"),
        ("Enfance\n", "invalid_text"),
        (long.as_str(), "too_long"),
    ] {
        let refused = p
            .admin(reqwest::Method::PUT, "/sections/protection-enfance")
            .json(&json!({ "name": name }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{name:?}");
        let error: ApiError = refused.json().await.unwrap();
        assert_eq!(error.fields[0].code, code, "{name:?}");
    }
}

/// A feed served on loopback; `items` is what it says now.
async fn serve_feed(items: std::sync::Arc<std::sync::Mutex<String>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .route(
            "/feed.xml",
            axum::routing::get(move || {
                let items = items.lock().unwrap().clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/rss+xml")],
                        format!(
                            r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Le Journal</title><link>https://journal.example/</link><description>Le fil</description>
{items}</channel></rss>"#
                        ),
                    )
                }
            }),
        )
        .route(
            "/broken.xml",
            axum::routing::get(|| async { "<html>not a feed" }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

fn rss_item(guid: &str, title: &str, gated: &str) -> String {
    format!(
        r#"<item><guid>{guid}</guid><title>{title}</title><description>Le chapeau de {title}.</description>
<content:encoded><![CDATA[<p>Un.</p><p>Deux.</p><script>alert(1)</script><p>{gated}</p>]]></content:encoded>
<pubDate>Mon, 30 Nov 2026 08:00:00 +0000</pubDate></item>"#
    )
}

// Several threads: the command line below blocks one while the feed server answers on another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_is_imported_updated_in_place_and_a_broken_one_changes_nothing() {
    let p = publisher().await;
    let items = std::sync::Arc::new(std::sync::Mutex::new(format!(
        "{}{}",
        rss_item("guid-1", "Premier article", GATED),
        rss_item("guid-2", "Second article", "Autre phrase réservée.")
    )));
    let base = serve_feed(items.clone()).await;
    let run = |args: &[&str]| cli(args, &p.database_url);
    let feed_url = format!("{base}/feed.xml");
    let (ok, out, err) = run(&[
        "site",
        "feed",
        "journal",
        "--add",
        &feed_url,
        "--access",
        "subscribers",
        "--every",
        "1h",
        "--import",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("2 created, 0 updated"), "{out}");

    let listed = p.articles().await;
    assert_eq!(listed.total, 2);
    let first = listed
        .articles
        .iter()
        .find(|a| a.article.title == "Premier article")
        .unwrap()
        .article
        .slug
        .clone();
    assert!(first.starts_with("premier-article-"), "{first}");
    let text = p.read(&first).await.text().await.unwrap();
    assert!(!text.contains(GATED) && !text.contains("alert"), "{text}");
    assert!(text.contains("Le chapeau de Premier article."), "{text}");

    // The first item is rewritten: same article, new text; the second is unchanged.
    *items.lock().unwrap() = format!(
        "{}{}",
        rss_item("guid-1", "Premier article, corrigé", GATED),
        rss_item("guid-2", "Second article", "Autre phrase réservée.")
    );
    let (ok, out, err) = run(&["site", "feed", "journal", "--import"]);
    assert!(ok, "{err}");
    assert!(out.contains("0 created, 1 updated, 1 unchanged"), "{out}");
    let updated = p.stored(&first).await;
    assert_eq!(updated.article.title, "Premier article, corrigé");

    // A feed that is not a feed: the reason is said, nothing changes.
    let broken = format!("{base}/broken.xml");
    let (ok, _, err) = run(&["site", "feed", "journal", "--add", &broken, "--import"]);
    assert!(!ok);
    assert!(err.contains("not an RSS or Atom feed"), "{err}");
    let (ok, out, _) = run(&["site", "feed", "journal"]);
    assert!(ok);
    assert!(
        out.contains("last import failed: not an RSS or Atom feed"),
        "{out}"
    );
    // The import report (here on the command line; the console shows the same row) says what
    // happened, never what the gated paragraphs say.
    assert!(!out.contains(GATED) && !err.contains(GATED), "{out} {err}");
    let listed = p.articles().await;
    assert_eq!(listed.total, 2);
}

#[tokio::test]
async fn widget_files_are_served_to_any_origin_with_cdn_caching() {
    let p = publisher().await;
    let client = reqwest::Client::new();
    let loader = client
        .get(p.server.url("/kiosque.js"))
        .header(header::ORIGIN, "https://any-publisher.example")
        .send()
        .await
        .unwrap();
    assert_eq!(loader.status(), StatusCode::OK);
    let h = loader.headers();
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert_eq!(h["cross-origin-resource-policy"], "cross-origin");
    assert_eq!(h[header::CACHE_CONTROL], "public, no-cache");
    let etag = h[header::ETAG].to_str().unwrap().to_owned();
    let again = client
        .get(p.server.url("/kiosque.js"))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), etag);

    let wasm = client
        .get(p.server.url("/kiosque_widget_bg.0123456789abcdef.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(
        wasm.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(wasm.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(wasm.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
}

#[tokio::test]
async fn the_compressed_files_made_at_build_time_are_sent_as_they_are() {
    let p = publisher().await;
    let wasm = p
        .server
        .dir
        .path()
        .join("static/kiosque_widget_bg.0123456789abcdef.wasm");
    // Distinct bytes, to see which file was sent (a real build writes brotli and zopfli).
    std::fs::write(wasm.with_extension("wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(wasm.with_extension("wasm.gz"), b"gzip bytes").unwrap();
    let client = reqwest::Client::new();
    for (accepts, encoding, body) in [
        (
            Some("gzip, deflate, br, zstd"),
            Some("br"),
            &b"brotli bytes"[..],
        ),
        (Some("gzip"), Some("gzip"), &b"gzip bytes"[..]),
        (None, None, &b"\0asm"[..]),
    ] {
        let mut request = client.get(p.server.url("/kiosque_widget_bg.0123456789abcdef.wasm"));
        if let Some(accepts) = accepts {
            request = request.header(header::ACCEPT_ENCODING, accepts);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let h = response.headers().clone();
        assert_eq!(
            h.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()),
            encoding,
            "{accepts:?}"
        );
        assert_eq!(h[header::VARY], "accept-encoding");
        assert_eq!(h[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(
            h[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(&response.bytes().await.unwrap()[..], body, "{accepts:?}");
    }
}
