//! The public API over real HTTP on loopback, with a real SQLite file.

mod common;

use common::{demo_content, gated_texts, start};
use kiosque_protocol::{Access, ApiError, ArticleList, ArticlePage, ErrorCode, GrantReason};
use reqwest::StatusCode;

async fn get(server: &common::TestServer, path: &str) -> reqwest::Response {
    reqwest::get(server.url(path)).await.unwrap()
}

async fn error_of(response: reqwest::Response) -> (StatusCode, ErrorCode) {
    let status = response.status();
    let body: ApiError = response.json().await.expect("a JSON error body");
    assert!(!body.message.is_empty());
    (status, body.code)
}

#[tokio::test]
async fn health_check_answers() {
    let server = start().await;
    let response = get(&server, "/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), r#"{"status":"ok"}"#);
}

#[tokio::test]
async fn a_free_article_comes_in_full() {
    let server = start().await;
    let content = demo_content();
    let free = content["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["access"] == "free")
        .unwrap();
    let slug = free["slug"].as_str().unwrap();
    let response = get(&server, &format!("/v1/sites/demo/articles/{slug}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: ArticlePage = response.json().await.unwrap();
    assert_eq!(
        page.access,
        Access::Full {
            reason: GrantReason::Free
        }
    );
    assert_eq!(page.article.title, free["title"].as_str().unwrap());
    let texts: Vec<&str> = page.body.iter().map(|b| b.text()).collect();
    let expected: Vec<&str> = free["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, expected);
}

#[tokio::test]
async fn a_gated_article_is_cut_on_the_server_and_comes_with_the_paywall() {
    let server = start().await;
    let content = demo_content();
    for (slug, gated) in gated_texts(&content) {
        let response = get(&server, &format!("/v1/sites/demo/articles/{slug}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["cache-control"],
            "no-store",
            "an answer for one reader"
        );
        let raw = response.text().await.unwrap();
        for sentence in &gated {
            assert!(!raw.contains(sentence.as_str()), "{slug} leaks: {sentence}");
        }
        let page: ArticlePage = serde_json::from_str(&raw).unwrap();
        let article = content["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["slug"] == slug.as_str())
            .unwrap();
        // Up to the editor's cut, less any headings it would end on: a teaser never ends on
        // a subheading without its section.
        let body = article["body"].as_array().unwrap();
        let mut public = body.len() - gated.len();
        while public > 0 && body[public - 1]["type"] == "heading" {
            public -= 1;
        }
        assert_eq!(page.body.len(), public, "{slug}: teaser length");
        assert!(
            !matches!(page.body.last(), Some(kiosque_protocol::Block::Heading(_))),
            "{slug} ends on a heading"
        );
        let Access::Teaser { paywall, .. } = page.access else {
            panic!("{slug} is not gated")
        };
        assert_eq!(paywall.kicker, "Abonnement");
        assert_eq!(paywall.title, "Accédez à l’intégralité de nos contenus");
        assert_eq!(paywall.cta_label, "Découvrez nos offres");
        assert_eq!(paywall.benefits.len(), 4);
        let offer_ids: Vec<&str> = paywall.offers.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(
            offer_ids,
            [
                "numerique-annuel",
                "numerique-mensuel",
                "numerique-solidaire"
            ],
            "by priority"
        );
    }
}

#[tokio::test]
async fn the_editors_marker_sets_the_teaser_length() {
    let server = start().await;
    let response = get(
        &server,
        "/v1/sites/demo/articles/secret-professionnel-partage-travailleurs-sociaux-dossier-juridique",
    )
    .await;
    let page: ArticlePage = response.json().await.unwrap();
    assert_eq!(page.body.len(), 3);
}

#[tokio::test]
async fn the_list_is_newest_first_and_carries_no_body() {
    let server = start().await;
    let response = get(&server, "/v1/sites/demo/articles").await;
    assert_eq!(response.status(), StatusCode::OK);
    let raw = response.text().await.unwrap();
    for (slug, gated) in gated_texts(&demo_content()) {
        for sentence in gated {
            assert!(!raw.contains(&sentence), "list leaks {slug}");
        }
    }
    let list: ArticleList = serde_json::from_str(&raw).unwrap();
    assert_eq!(list.articles.len(), 8);
    let dates: Vec<&str> = list
        .articles
        .iter()
        .map(|a| a.published_at.as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    assert!(!raw.contains("\"body\""));
    // Pictures stored as paths come as absolute URLs on this server (syndicated teasers).
    let image = list.articles[0].image.as_ref().expect("a teaser picture");
    assert!(
        image.url.starts_with(&server.url("/demo/images/")),
        "{}",
        image.url
    );
}

#[tokio::test]
async fn errors_are_json_with_a_stable_code() {
    let server = start().await;
    let cases = [
        (
            "/v1/sites/nope/articles/x",
            StatusCode::NOT_FOUND,
            ErrorCode::SiteNotFound,
        ),
        (
            "/v1/sites/nope/articles",
            StatusCode::NOT_FOUND,
            ErrorCode::SiteNotFound,
        ),
        (
            "/v1/sites/demo/articles/nope",
            StatusCode::NOT_FOUND,
            ErrorCode::ArticleNotFound,
        ),
        (
            "/v1/nothing/here",
            StatusCode::NOT_FOUND,
            ErrorCode::RouteNotFound,
        ),
        // Percent-encoded invalid UTF-8 in a path segment.
        (
            "/v1/sites/demo/articles/%FF",
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
        ),
    ];
    for (path, status, code) in cases {
        assert_eq!(
            error_of(get(&server, path).await).await,
            (status, code),
            "{path}"
        );
    }
    let post = reqwest::Client::new()
        .post(server.url("/v1/sites/demo/articles"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(post).await,
        (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed)
    );
}

#[tokio::test]
async fn cors_answers_only_the_sites_own_origins() {
    let server = start().await;
    let client = reqwest::Client::new();
    let url = server.url("/v1/sites/demo/articles");
    let allowed = client
        .get(&url)
        .header("origin", "http://localhost:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://localhost:8080"
    );
    let other = client
        .get(&url)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());

    let preflight = client
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "http://127.0.0.1:8080")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    assert!(preflight.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
}

#[tokio::test]
async fn openapi_document_describes_the_article_routes() {
    let server = start().await;
    let doc: serde_json::Value = get(&server, "/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/v1/sites/{site}/articles/{slug}"]["get"].is_object());
    assert!(doc["paths"]["/v1/sites/{site}/articles"]["get"].is_object());
    for schema in [
        "ArticlePage",
        "Paywall",
        "Offer",
        "ApiError",
        "ErrorCode",
        "Block",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "schema {schema}"
        );
    }
}

/// The document a client is generated from passes openapi-spec-validator (PyPI, pinned in
/// requirements-test.txt): query parameters in the query, unique operation ids, valid schemas.
#[tokio::test]
async fn openapi_document_is_valid() {
    let server = start().await;
    let doc = get(&server, "/v1/openapi.json").await.text().await.unwrap();
    let file = server.dir.path().join("openapi.json");
    std::fs::write(&file, &doc).unwrap();
    let output = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .expect("python3 runs openapi-spec-validator (make setup-python installs it)");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success() && said.contains(": OK"), "{said}");
    let parsed: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let list = &parsed["paths"]["/v1/sites/{site}/articles"]["get"]["parameters"];
    let section = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "section")
        .unwrap();
    assert_eq!(section["in"], "query");
}

/// A request refused before its body is read (here: too large) closes its connection, so the
/// unread body cannot be taken for the next request; answers are never sniffed as another type.
#[tokio::test]
async fn a_refused_body_closes_the_connection_and_answers_are_not_sniffed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = start().await;
    let addr = server.base.trim_start_matches("http://").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let body = "x".repeat(100 * 1024);
    let request = format!(
        "POST /v1/sites/demo/events HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n",
        body.len()
    );
    // The server may close before reading it all: what matters is the answer it gave.
    let _ = socket.write_all(request.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        socket.read_to_end(&mut answer),
    )
    .await;
    let answer = String::from_utf8_lossy(&answer).to_lowercase();
    assert!(answer.starts_with("http/1.1 413"), "{answer}");
    assert!(answer.contains("connection: close"), "{answer}");
    assert!(
        answer.contains("x-content-type-options: nosniff"),
        "{answer}"
    );
    // The unread body was never read as a second request.
    assert_eq!(answer.matches("http/1.1 ").count(), 1, "{answer}");

    let fine = get(&server, "/v1/sites/demo/articles").await;
    assert_eq!(fine.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn serves_the_built_front_end_files() {
    let server = start().await;
    let response = get(&server, "/kiosque.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(response.text().await.unwrap(), "/* loader */");
}

#[tokio::test]
async fn teasers_filter_by_section_tag_and_relation_and_page() {
    let server = start().await;
    let list = |query: &str| {
        let url = server.url(&format!("/v1/sites/demo/articles?{query}"));
        async move { reqwest::get(url).await.unwrap() }
    };
    let page = |response: reqwest::Response| async move {
        assert_eq!(response.status(), StatusCode::OK);
        response.json::<ArticleList>().await.unwrap()
    };
    let slugs = |list: &ArticleList| {
        list.articles
            .iter()
            .map(|a| a.slug.clone())
            .collect::<Vec<_>>()
    };

    let all = page(list("limit=50").await).await;
    assert_eq!((all.articles.len(), all.next.as_deref()), (8, None));
    let first = page(list("limit=3").await).await;
    assert!(first.next.is_some());
    let last = page(list("limit=3&offset=6").await).await;
    assert!(last.next.is_none());
    assert_eq!(slugs(&first), slugs(&all)[..3]);
    assert_eq!(slugs(&last), slugs(&all)[6..]);

    // "Voir plus" by the server's mark: every article once, in order, then no mark.
    let mut paged = slugs(&first);
    let mut next = first.next.clone();
    while let Some(after) = next {
        let more = page(list(&format!("limit=3&after={}", urlencoding(&after))).await).await;
        paged.extend(slugs(&more));
        next = more.next;
    }
    assert_eq!(paged, slugs(&all));
    // An offset counts from the mark.
    let after_first = format!(
        "limit=2&offset=1&after={}",
        urlencoding(first.next.as_deref().unwrap())
    );
    assert_eq!(
        slugs(&page(list(&after_first).await).await),
        slugs(&all)[4..6]
    );
    // A mark this server did not make: refused, with the reason.
    for query in [
        "limit=3&after=nonsense",
        "limit=3&after=~x",
        "limit=3&after=2026-01-01~Pas_un_slug",
    ] {
        let refused = list(query).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{query}");
        let error: kiosque_protocol::ApiError = refused.json().await.unwrap();
        assert_eq!(error.code, ErrorCode::InvalidRequest);
    }

    let section = page(list("section=protection-enfance").await).await;
    assert!(!section.articles.is_empty());
    assert!(section
        .articles
        .iter()
        .all(|a| a.section.slug == "protection-enfance"));

    let tagged = page(list("tag=%C3%A9thique").await).await;
    assert_eq!(tagged.articles.len(), 2);
    assert!(tagged
        .articles
        .iter()
        .all(|a| a.tags.contains(&"éthique".to_owned())));

    let anchor = &all.articles[0];
    let related = page(list(&format!("related={}", anchor.slug)).await).await;
    assert!(related
        .articles
        .iter()
        .all(|a| a.slug != anchor.slug && a.section == anchor.section));

    assert_eq!(
        error_of(list("related=nope").await).await,
        (StatusCode::NOT_FOUND, ErrorCode::ArticleNotFound)
    );
    for bad in ["limit=0", "limit=51", "limit=beaucoup", "offset=-1"] {
        assert_eq!(
            error_of(list(bad).await).await,
            (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest),
            "{bad}"
        );
    }
}

/// A query parameter's value, percent-encoded.
fn urlencoding(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
