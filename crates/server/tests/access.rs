//! The meter and subscriber entitlements, over HTTP with a real SQLite file.

mod common;

use common::{args, cli, start, start_with, TestServer, REGISTERED_ARTICLE, SUBSCRIBER_ARTICLES};
use kiosque_protocol::{Access, ArticlePage, ErrorCode, GrantReason, MeterState, Wall};
use kiosque_server::entitlement::{sign, Claims};
use reqwest::StatusCode;

const KEY: &[u8] = b"demo-only-entitlement-key: never use this one in production";

async fn read(server: &TestServer, slug: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request =
        reqwest::Client::new().get(server.url(&format!("/v1/sites/demo/articles/{slug}")));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

async fn page_for(server: &TestServer, slug: &str, headers: &[(&str, &str)]) -> ArticlePage {
    let response = read(server, slug, headers).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn reader(id: &str) -> [(&'static str, &str); 1] {
    [("x-kiosque-reader", id)]
}

fn meter(used: u32) -> Option<MeterState> {
    Some(MeterState {
        allowance: 2,
        used,
        remaining: 2 - used,
        period_days: 30,
    })
}

fn now() -> i64 {
    kiosque_server::unix_now()
}

fn token(claims: Claims) -> String {
    sign(&claims, KEY)
}

fn subscriber_claims(sub: &str) -> Claims {
    Claims {
        aud: "demo".into(),
        sub: sub.into(),
        iat: now() - 5,
        exp: now() + 600,
        scope: None,
    }
}

#[tokio::test]
async fn an_anonymous_reader_gets_two_free_articles_then_the_wall() {
    let server = start().await;
    let me = reader("reader-aaaaaaaaaaaaaaaa");
    let [a, b, c, _] = SUBSCRIBER_ARTICLES;

    let first = page_for(&server, a, &me).await;
    assert_eq!(
        first.access,
        Access::Full {
            reason: GrantReason::Meter
        }
    );
    assert_eq!(first.meter, meter(1));

    // Reading the same article again in the period does not count twice.
    let again = page_for(&server, a, &me).await;
    assert_eq!(
        again.access,
        Access::Full {
            reason: GrantReason::Meter
        }
    );
    assert_eq!(again.meter, meter(1));

    let second = page_for(&server, b, &me).await;
    assert_eq!(
        second.access,
        Access::Full {
            reason: GrantReason::Meter
        }
    );
    assert_eq!(second.meter, meter(2));

    let third = page_for(&server, c, &me).await;
    assert!(matches!(
        third.access,
        Access::Teaser {
            wall: Wall::Subscription,
            ..
        }
    ));
    assert_eq!(third.meter, meter(2));
    assert_eq!(third.body.len(), 3, "the editor's marker still applies");

    let registered = page_for(&server, REGISTERED_ARTICLE, &me).await;
    assert!(matches!(
        registered.access,
        Access::Teaser {
            wall: Wall::Registration,
            ..
        }
    ));

    // Articles already counted stay open for the period.
    let back = page_for(&server, b, &me).await;
    assert_eq!(
        back.access,
        Access::Full {
            reason: GrantReason::Meter
        }
    );

    // Another reader has their own meter; a request without reader id is not metered.
    let other = page_for(&server, c, &reader("reader-bbbbbbbbbbbbbbbb")).await;
    assert_eq!(
        other.access,
        Access::Full {
            reason: GrantReason::Meter
        }
    );
    let nobody = page_for(&server, a, &[]).await;
    assert!(matches!(nobody.access, Access::Teaser { .. }));
    assert_eq!(nobody.meter, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reads_never_exceed_the_allowance() {
    let server = start().await;
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..24 {
        let slug = SUBSCRIBER_ARTICLES[i % SUBSCRIBER_ARTICLES.len()];
        let url = server.url(&format!("/v1/sites/demo/articles/{slug}"));
        requests.spawn(async move {
            let response = reqwest::Client::new()
                .get(url)
                .header("x-kiosque-reader", "reader-cccccccccccccccc")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            (slug, response.json::<ArticlePage>().await.unwrap())
        });
    }
    let mut opened = Vec::new();
    while let Some(result) = requests.join_next().await {
        let (slug, page) = result.unwrap();
        if matches!(page.access, Access::Full { .. }) {
            opened.push(slug);
        }
        assert!(page.meter.unwrap().used <= 2);
    }
    opened.sort();
    opened.dedup();
    assert_eq!(
        opened.len(),
        2,
        "exactly the allowance of distinct articles: {opened:?}"
    );
}

#[tokio::test]
async fn a_malformed_reader_id_is_a_clear_400() {
    let server = start().await;
    for bad in [
        "short",
        "has spaces and is long enough",
        "é-not-ascii-at-all-here",
    ] {
        let response = read(&server, SUBSCRIBER_ARTICLES[0], &reader(bad)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let error: kiosque_protocol::ApiError = response.json().await.unwrap();
        assert_eq!(error.code, ErrorCode::InvalidReaderId);
    }
}

/// The reader id as `?reader=` (what browsers send without a preflight) is the same reader as
/// the header says: one meter between them, and the same 400 for a malformed one.
#[tokio::test]
async fn the_reader_id_in_the_query_is_the_same_reader() {
    let server = start().await;
    let id = "reader-qqqqqqqqqqqqqqqq";
    let [a, b, c, _] = SUBSCRIBER_ARTICLES;
    let by_query = |slug: &str, id: &str| {
        reqwest::Client::new()
            .get(server.url(&format!("/v1/sites/demo/articles/{slug}")))
            .query(&[("reader", id)])
            .send()
    };
    let first: ArticlePage = by_query(a, id).await.unwrap().json().await.unwrap();
    assert_eq!(first.meter, meter(1));
    let second = page_for(&server, b, &reader(id)).await;
    assert_eq!(second.meter, meter(2));
    let third: ArticlePage = by_query(c, id).await.unwrap().json().await.unwrap();
    assert!(
        matches!(third.access, Access::Teaser { .. }),
        "{:?}",
        third.access
    );
    assert_eq!(third.meter, meter(2));

    // Both sent (the widget never does): the header is the one read, and each must be valid.
    let both = |query_id: &str| {
        reqwest::Client::new()
            .get(server.url(&format!("/v1/sites/demo/articles/{c}?reader={query_id}")))
            .header("x-kiosque-reader", id)
            .send()
    };
    let other: ArticlePage = both("reader-zzzzzzzzzzzzzzzz")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(other.meter, meter(2));

    for bad in ["short", "has%20spaces%20and%20is%20long%20enough", ""] {
        let response = reqwest::Client::new()
            .get(server.url(&format!("/v1/sites/demo/articles/{a}?reader={bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let error: kiosque_protocol::ApiError = response.json().await.unwrap();
        assert_eq!(error.code, ErrorCode::InvalidReaderId);
        let beside_a_header = both(bad).await.unwrap();
        assert_eq!(beside_a_header.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn a_valid_subscriber_token_opens_every_article() {
    let server = start().await;
    let t = token(subscriber_claims("abonne-1"));
    for slug in SUBSCRIBER_ARTICLES.iter().chain([&REGISTERED_ARTICLE]) {
        let page = page_for(&server, slug, &[("x-kiosque-entitlement", &t)]).await;
        assert_eq!(
            page.access,
            Access::Full {
                reason: GrantReason::Subscriber
            },
            "{slug}"
        );
        assert_eq!(page.entitlement_error, None);
        assert_eq!(page.meter, None, "subscribers are not metered");
    }
}

#[tokio::test]
async fn refused_tokens_get_the_teaser_and_say_why() {
    let server = start().await;
    let good = token(subscriber_claims("abonne-2"));
    let parts: Vec<&str> = good.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], parts[1], "AAAA".repeat(10));
    let mut expired = subscriber_claims("abonne-2");
    expired.iat = now() - 4000;
    expired.exp = now() - 3000;
    let mut other_site = subscriber_claims("abonne-2");
    other_site.aud = "autre-site".into();
    let signed_elsewhere = sign(&subscriber_claims("abonne-2"), b"another publisher's key");
    let cases = [
        (tampered, ErrorCode::EntitlementInvalid),
        (signed_elsewhere, ErrorCode::EntitlementInvalid),
        (token(expired), ErrorCode::EntitlementExpired),
        (token(other_site), ErrorCode::EntitlementWrongSite),
    ];
    for (t, code) in cases {
        let page = page_for(
            &server,
            SUBSCRIBER_ARTICLES[0],
            &[("x-kiosque-entitlement", &t)],
        )
        .await;
        assert!(matches!(page.access, Access::Teaser { .. }), "{code:?}");
        assert_eq!(page.entitlement_error, Some(code));
        assert_eq!(page.body.len(), 2);
    }
}

#[tokio::test]
async fn revocation_refuses_tokens_issued_before_it() {
    let server = start().await;
    let reader_token = token(subscriber_claims("abonne-3"));
    let revoke = |t: String| {
        let url = server.url("/v1/sites/demo/entitlements/revocations");
        async move {
            reqwest::Client::new()
                .post(url)
                .json(&serde_json::json!({ "token": t }))
                .send()
                .await
                .unwrap()
        }
    };

    // A reader's own token cannot revoke anything.
    let refused = revoke(reader_token.clone()).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let mut revocation = subscriber_claims("abonne-3");
    revocation.scope = Some("revoke".into());
    assert_eq!(
        revoke(token(revocation)).await.status(),
        StatusCode::NO_CONTENT
    );

    let page = page_for(
        &server,
        SUBSCRIBER_ARTICLES[0],
        &[("x-kiosque-entitlement", &reader_token)],
    )
    .await;
    assert_eq!(page.entitlement_error, Some(ErrorCode::EntitlementRevoked));
    assert!(matches!(page.access, Access::Teaser { .. }));

    // A token issued after the revocation works again; other subscribers were never affected.
    let mut fresh = subscriber_claims("abonne-3");
    fresh.iat = now() + 2;
    let page = page_for(
        &server,
        SUBSCRIBER_ARTICLES[0],
        &[("x-kiosque-entitlement", &token(fresh))],
    )
    .await;
    assert_eq!(
        page.access,
        Access::Full {
            reason: GrantReason::Subscriber
        }
    );
    let other = token(subscriber_claims("abonne-4"));
    let page = page_for(
        &server,
        SUBSCRIBER_ARTICLES[0],
        &[("x-kiosque-entitlement", &other)],
    )
    .await;
    assert_eq!(
        page.access,
        Access::Full {
            reason: GrantReason::Subscriber
        }
    );

    // Malformed requests get a JSON 4xx.
    let bad = reqwest::Client::new()
        .post(server.url("/v1/sites/demo/entitlements/revocations"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let error: kiosque_protocol::ApiError = bad.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::InvalidRequest);
}

#[tokio::test]
async fn the_meter_is_set_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = args(&dir);
    let database_url = config.database_url.clone();
    let server = start_with(dir, config).await;
    let (ok, _, err) = cli(
        &["site", "meter", "demo", "--anonymous", "0"],
        &database_url,
    );
    assert!(ok, "{err}");
    let page = page_for(
        &server,
        SUBSCRIBER_ARTICLES[0],
        &reader("reader-dddddddddddddddd"),
    )
    .await;
    assert!(matches!(page.access, Access::Teaser { .. }), "meter off");

    let (ok, _, err) = cli(
        &["site", "meter", "nope", "--anonymous", "1"],
        &database_url,
    );
    assert!(!ok && err.contains("no site"), "{err}");
}

#[tokio::test]
async fn the_decision_alone_serves_client_side_pages_without_letting_them_lower_the_level() {
    let server = start().await;
    let decide = |slug: &str, level: &str, id: &str| {
        let url = server.url(&format!("/v1/sites/demo/access/{slug}?level={level}"));
        let id = id.to_owned();
        async move {
            let response = reqwest::Client::new()
                .get(url)
                .header("x-kiosque-reader", id)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            response
                .json::<kiosque_protocol::AccessDecision>()
                .await
                .unwrap()
        }
    };
    let me = "reader-ffffffffffffffff";
    // An article only the page knows: its claimed level applies, and the meter counts it.
    let first = decide("article-hors-base", "subscribers", me).await;
    assert_eq!(
        first.access,
        Access::Full {
            reason: GrantReason::Meter
        }
    );
    assert_eq!(first.meter, meter(1));
    let free = decide("breve-hors-base", "free", me).await;
    assert_eq!(
        free.access,
        Access::Full {
            reason: GrantReason::Free
        }
    );
    // A page cannot make a subscriber article free.
    let known = decide(SUBSCRIBER_ARTICLES[0], "free", me).await;
    assert_eq!(
        known.access,
        Access::Full {
            reason: GrantReason::Meter
        }
    );
    assert_eq!(known.meter, meter(2));
    let walled = decide(SUBSCRIBER_ARTICLES[1], "free", me).await;
    assert!(matches!(
        walled.access,
        Access::Teaser {
            wall: Wall::Subscription,
            ..
        }
    ));

    let bad = reqwest::get(server.url("/v1/sites/demo/access/x?level=gratuit"))
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

/// The answer as the loader asks for it (`?paint=true`), with its `paint`.
async fn painted(
    server: &TestServer,
    slug: &str,
    headers: &[(&str, &str)],
) -> kiosque_protocol::ArticleAnswer {
    let response = read(server, &format!("{slug}?paint=true"), headers).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// Every text of a paint, in order, and every class it names.
fn texts_and_classes(nodes: &[kiosque_protocol::PaintNode]) -> (Vec<String>, Vec<String>) {
    let (mut texts, mut classes) = (Vec::new(), Vec::new());
    fn walk(nodes: &[kiosque_protocol::PaintNode], t: &mut Vec<String>, c: &mut Vec<String>) {
        for node in nodes {
            match node {
                kiosque_protocol::PaintNode::Text(text) => t.push(text.clone()),
                kiosque_protocol::PaintNode::Element(_, attributes, children) => {
                    c.extend(
                        attributes
                            .iter()
                            .filter(|(n, _)| n == "class")
                            .map(|(_, v)| v.clone()),
                    );
                    walk(children, t, c);
                }
            }
        }
    }
    walk(nodes, &mut texts, &mut classes);
    (texts, classes)
}

fn block_text(block: &kiosque_protocol::Block) -> &str {
    match block {
        kiosque_protocol::Block::Paragraph(t)
        | kiosque_protocol::Block::Heading(t)
        | kiosque_protocol::Block::Question(t)
        | kiosque_protocol::Block::Quote(t) => t,
    }
}

#[tokio::test]
async fn the_first_paint_of_a_wall_holds_the_teaser_and_not_one_word_more() {
    let server = start().await;
    let [a, b, c, _] = SUBSCRIBER_ARTICLES;
    let me = reader("reader-cccccccccccccccc");
    page_for(&server, a, &me).await;
    page_for(&server, b, &me).await;

    let answer = painted(&server, c, &me).await;
    assert!(matches!(answer.page.access, Access::Teaser { .. }));
    let paint = answer.paint.expect("a wall is painted");
    let (texts, classes) = texts_and_classes(&paint);
    assert!(classes.iter().any(|c| c == "kq-paywall"), "{classes:?}");
    assert!(
        texts
            .iter()
            .any(|t| t == "Accédez à l’intégralité de nos contenus"),
        "{texts:?}"
    );
    // The teaser's blocks are there; the rest of the body, which a subscriber reads, is not.
    let all = texts.join("\n");
    for block in &answer.page.body {
        assert!(all.contains(block_text(block)));
    }
    let subscriber = [(
        "x-kiosque-entitlement",
        token(subscriber_claims("sub-paint")),
    )];
    let full = page_for(
        &server,
        c,
        &subscriber
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .collect::<Vec<_>>(),
    )
    .await;
    assert!(full.body.len() > answer.page.body.len());
    for block in &full.body[answer.page.body.len()..] {
        assert!(
            !all.contains(block_text(block)),
            "leaked: {}",
            block_text(block)
        );
    }

    // The same answer is painted the same way; in English for an English placeholder.
    assert_eq!(painted(&server, c, &me).await.paint, Some(paint));
    let english = painted(&server, c, &[me[0], ("accept-language", "en")]).await;
    let (texts, _) = texts_and_classes(&english.paint.unwrap());
    assert!(texts.iter().any(|t| t == "Print"), "{texts:?}");
}

#[tokio::test]
async fn an_open_article_is_painted_in_full_a_refused_entitlement_not_at_all() {
    let server = start().await;
    let [a, ..] = SUBSCRIBER_ARTICLES;
    let me = reader("reader-dddddddddddddddd");
    let answer = painted(&server, a, &me).await;
    assert_eq!(
        answer.page.access,
        Access::Full {
            reason: GrantReason::Meter
        }
    );
    let (texts, _) = texts_and_classes(&answer.paint.expect("an open article is painted"));
    let all = texts.join("\n");
    for block in &answer.page.body {
        assert!(all.contains(block_text(block)));
    }

    // Without `paint`, as other clients ask: the page alone.
    let plain: serde_json::Value = read(&server, a, &me).await.json().await.unwrap();
    assert!(plain.get("paint").is_none() && plain.get("appearance").is_none());
    assert_eq!(
        answer.appearance,
        Some(kiosque_protocol::Appearance::default())
    );

    // A refused entitlement: the widget sends its event, so the widget renders.
    let expired = token(Claims {
        exp: now() - 60,
        ..subscriber_claims("sub-expired")
    });
    let refused = painted(&server, a, &[("x-kiosque-entitlement", expired.as_str())]).await;
    assert_eq!(
        refused.page.entitlement_error,
        Some(ErrorCode::EntitlementExpired)
    );
    assert_eq!((refused.paint, refused.appearance), (None, None));

    // `paint` is a boolean.
    let wrong = read(&server, &format!("{a}?paint=yes"), &me).await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(body["code"], "invalid_request");
}
