//! Offers with A/B variants served to readers (sticky, targeted, scheduled, published from a
//! draft), analytics events (deduplicated) and the conversions the server records itself.

mod common;

use common::{cli, start, TestServer, SUBSCRIBER_ARTICLES};
use kiosque_protocol::{Access, ApiError, ArticlePage, ErrorCode, EventsAccepted};
use kiosque_server::entitlement::{sign, Claims};
use kiosque_server::offers::{OfferSpec, Placement, Targeting, Variant};
use kiosque_server::store::{Published, Store};
use reqwest::StatusCode;
use serde_json::json;

const KEY: &[u8] = b"demo-only-entitlement-key: never use this one in production";

fn variant(id: &str, weight: u32, headline: &str) -> Variant {
    Variant {
        id: id.into(),
        weight,
        title: "Un mois d’essai".into(),
        headline: headline.into(),
        description: String::new(),
        price: "5,00 €".into(),
        period: "par mois".into(),
        benefits: vec![],
        cta_label: "Essayer".into(),
        badge: None,
        translations: Default::default(),
    }
}

fn trial(targeting: Targeting) -> OfferSpec {
    OfferSpec {
        name: "Essai".into(),
        cta_url: "https://abonnement.example.org/essai".into(),
        placement: Placement::Paywall,
        priority: 0,
        starts_at: None,
        ends_at: None,
        targeting,
        variants: vec![variant("a", 1, "Essai A"), variant("b", 1, "Essai B")],
    }
}

/// Publishes from a second store on the server's database, as another server would: the
/// running one sees it once its read cache has expired (`FRESH_FOR`, the README's bound).
async fn publish(server: &TestServer, spec: &OfferSpec) {
    let store = Store::connect(&server.database_url()).await.unwrap();
    let now = kiosque_server::unix_now();
    store
        .save_offer_draft("demo", "essai", spec, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.publish_offer("demo", "essai", now).await.unwrap(),
        Published::Done
    );
    tokio::time::sleep(kiosque_server::store::FRESH_FOR).await;
}

/// The paywall offers a reader gets on a subscriber-only article: `(id, variant, headline)`.
async fn offers_seen(
    server: &TestServer,
    reader: &str,
    user_agent: &str,
) -> Vec<(String, String, String)> {
    let page: ArticlePage = reqwest::Client::new()
        .get(server.url(&format!(
            "/v1/sites/demo/articles/{}",
            SUBSCRIBER_ARTICLES[0]
        )))
        .header("x-kiosque-reader", reader)
        .header("user-agent", user_agent)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let Access::Teaser { paywall, .. } = page.access else {
        panic!("expected the paywall");
    };
    paywall
        .offers
        .into_iter()
        .map(|o| (o.id, o.variant, o.headline))
        .collect()
}

/// A server whose meter is off, so every anonymous reader meets the paywall and its offers.
async fn walled() -> TestServer {
    let server = start().await;
    let (ok, _, err) = cli(
        &["site", "meter", "demo", "--anonymous", "0"],
        &server.database_url(),
    );
    assert!(ok, "{err}");
    server
}

const DESKTOP: &str = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156";
const PHONE: &str = "Mozilla/5.0 (Linux; Android 15) Mobile Chrome/156";

#[tokio::test]
async fn a_published_offer_reaches_readers_in_their_own_sticky_variant() {
    let server = walled().await;
    let before = offers_seen(&server, "readerAAAAAAAAAAAAAAAAAA", DESKTOP).await;
    assert!(
        before.iter().all(|(id, _, _)| id != "essai"),
        "a draft is not served"
    );

    publish(&server, &trial(Targeting::default())).await;
    let mut variants = std::collections::BTreeSet::new();
    for i in 0..40 {
        let reader = format!("reader{i:0>18}");
        let seen = offers_seen(&server, &reader, DESKTOP).await;
        let essai = seen
            .iter()
            .find(|(id, _, _)| id == "essai")
            .unwrap()
            .clone();
        assert_eq!(essai.2, format!("Essai {}", essai.1.to_uppercase()));
        assert_eq!(
            offers_seen(&server, &reader, DESKTOP)
                .await
                .iter()
                .find(|(id, _, _)| id == "essai"),
            Some(&essai),
            "the same reader keeps their variant"
        );
        variants.insert(essai.1);
        // Priority 0 puts it first; the demo's own offers follow.
        assert_eq!(seen[0].0, "essai");
        assert!(seen.len() > 1);
    }
    assert_eq!(variants.len(), 2, "both variants are served");
}

#[tokio::test]
async fn targeting_by_device_and_schedule_is_applied_per_request() {
    let server = walled().await;
    let mut spec = trial(Targeting {
        device: kiosque_server::offers::DeviceTarget::Mobile,
        ..Targeting::default()
    });
    publish(&server, &spec).await;
    let reader = "readerBBBBBBBBBBBBBBBBBB";
    assert!(offers_seen(&server, reader, PHONE)
        .await
        .iter()
        .any(|o| o.0 == "essai"));
    assert!(offers_seen(&server, reader, DESKTOP)
        .await
        .iter()
        .all(|o| o.0 != "essai"));

    spec.targeting = Targeting::default();
    spec.ends_at = Some(kiosque_server::unix_now() - 1);
    spec.starts_at = Some(kiosque_server::unix_now() - 100);
    publish(&server, &spec).await;
    assert!(
        offers_seen(&server, reader, PHONE)
            .await
            .iter()
            .all(|o| o.0 != "essai"),
        "ended"
    );
}

#[tokio::test]
async fn an_invalid_draft_is_refused_and_archived_offers_are_not_served() {
    let server = walled().await;
    let store = Store::connect(&server.database_url()).await.unwrap();
    let mut bad = trial(Targeting::default());
    bad.variants[1].weight = 0;
    let errors = store
        .save_offer_draft("demo", "essai", &bad, 0)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(errors[0].field, "variants.1.weight");
    assert_eq!(
        store.publish_offer("demo", "essai", 0).await.unwrap(),
        Published::NoDraft
    );
    publish(&server, &trial(Targeting::default())).await;
    assert!(store.archive_offer("demo", "essai").await.unwrap());
    assert!(offers_seen(&server, "readerCCCCCCCCCCCCCCCCCC", DESKTOP)
        .await
        .iter()
        .all(|o| o.0 != "essai"));
}

async fn send_events(server: &TestServer, reader: &str, body: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(server.url("/v1/sites/demo/events"))
        .header("content-type", "text/plain;charset=UTF-8")
        .header("origin", &server.base)
        .header("x-kiosque-reader", reader)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn events_count_once_and_a_subscribers_return_converts_the_offer_they_clicked() {
    let server = start().await;
    let reader = "readerDDDDDDDDDDDDDDDDDD";
    let batch = json!({"events": [
        {"id": "evt-00000001", "kind": "impression", "offer": "numerique-annuel", "variant": "a"},
        {"id": "evt-00000002", "kind": "click", "offer": "numerique-annuel", "variant": "a"},
    ]})
    .to_string();
    // A page elsewhere tries to post first the id the server's conversion used to take, to
    // hide it: it is refused for its origin, and the ids no longer meet anyway.
    let forged = json!({"events": [
        {"id": format!("conversion-numerique-annuel-{reader}"), "kind": "click", "offer": "numerique-annuel"},
    ]})
    .to_string();
    for origin in [Some("https://evil.example"), None] {
        let mut request = reqwest::Client::new()
            .post(server.url("/v1/sites/demo/events"))
            .header("content-type", "text/plain")
            .body(forged.clone());
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let refused = request.send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{origin:?}");
        let error: ApiError = refused.json().await.unwrap();
        assert_eq!(error.code, ErrorCode::OriginNotAllowed);
    }
    let xml = reqwest::Client::new()
        .post(server.url("/v1/sites/demo/events"))
        .header("origin", &server.base)
        .header("content-type", "application/xml")
        .body(batch.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(xml.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // From an allowed page, a client-chosen id that looks like a conversion is just an event.
    let sneaky = json!({"events": [
        {"id": format!("offer-numerique-annuel-{reader}"), "kind": "view", "series": "s"},
    ]})
    .to_string();
    assert_eq!(
        send_events(&server, reader, &sneaky).await.status(),
        StatusCode::OK
    );

    let first = send_events(&server, reader, &batch).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.json::<EventsAccepted>().await.unwrap().accepted, 2);
    let again = send_events(&server, reader, &batch).await;
    assert_eq!(
        again.json::<EventsAccepted>().await.unwrap().accepted,
        0,
        "a resent batch counts once"
    );

    // A beacon carries the reader id in the body.
    let beacon = json!({"events": [{"id": "evt-00000003", "kind": "view", "series": "s"}], "reader": reader});
    let response = reqwest::Client::new()
        .post(server.url("/v1/sites/demo/events"))
        .header("origin", &server.base)
        .header("content-type", "text/plain;charset=UTF-8")
        .body(beacon.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.json::<EventsAccepted>().await.unwrap().accepted, 1);

    let bad = send_events(&server, reader, r#"{"events":[{"id":"x","kind":"click"}]}"#).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let error: ApiError = bad.json().await.unwrap();
    assert_eq!(
        (error.code, error.fields[0].field.as_str()),
        (ErrorCode::InvalidFields, "events.0.id")
    );
    let unknown = send_events(
        &server,
        reader,
        r#"{"events":[{"id":"evt-0000009","kind":"purchase"}]}"#,
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let many: Vec<_> = (0..101)
        .map(|i| json!({"id": format!("evt-many-{i:04}"), "kind": "view"}))
        .collect();
    let too_many = send_events(&server, reader, &json!({ "events": many }).to_string()).await;
    assert_eq!(too_many.status(), StatusCode::BAD_REQUEST);

    // The reader subscribes on the publisher's site and comes back with a token, twice.
    let now = kiosque_server::unix_now();
    let token = sign(
        &Claims {
            aud: "demo".into(),
            sub: "abonne-42".into(),
            iat: now - 5,
            exp: now + 600,
            scope: None,
        },
        KEY,
    );
    for _ in 0..2 {
        let response = reqwest::Client::new()
            .get(server.url(&format!(
                "/v1/sites/demo/articles/{}",
                SUBSCRIBER_ARTICLES[0]
            )))
            .header("x-kiosque-reader", reader)
            .header("x-kiosque-entitlement", &token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let store = Store::connect(&server.database_url()).await.unwrap();
    let counts = store
        .offer_counts("demo", kiosque_server::store::Period::all(), false)
        .await
        .unwrap();
    let annual = counts
        .iter()
        .find(|c| c.offer == "numerique-annuel")
        .unwrap();
    assert_eq!(
        (
            annual.variant.as_str(),
            annual.impressions,
            annual.clicks,
            annual.conversions
        ),
        ("a", 1, 1, 1)
    );
}

#[tokio::test]
async fn analytics_batches_are_limited_per_network_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::args(&dir);
    config.event_batches_per_ip_per_hour = 2;
    let server = common::start_with(dir, config).await;
    let batch = |i: u32| {
        json!({"events": [{"id": format!("evt-limit-{i:04}"), "kind": "view"}]}).to_string()
    };
    for i in 0..2 {
        let ok = send_events(&server, "readerFFFFFFFFFFFFFFFFFF", &batch(i)).await;
        assert_eq!(ok.status(), StatusCode::OK);
    }
    let limited = send_events(&server, "readerFFFFFFFFFFFFFFFFFF", &batch(9)).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
}

/// `GET /v1/sites/demo/offers?{query}` as `reader`, a subscriber if `token` is given.
async fn placed(
    server: &TestServer,
    query: &str,
    reader: &str,
    token: Option<&str>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .get(server.url(&format!("/v1/sites/demo/offers?{query}")))
        .header("x-kiosque-reader", reader);
    if let Some(token) = token {
        request = request.header("x-kiosque-entitlement", token);
    }
    request.send().await.unwrap()
}

async fn placed_offers(server: &TestServer, query: &str, reader: &str) -> Vec<(String, String)> {
    let answer: kiosque_protocol::PlacedOffers = placed(server, query, reader, None)
        .await
        .json()
        .await
        .unwrap();
    answer
        .offers
        .into_iter()
        .map(|o| (o.id, o.variant))
        .collect()
}

#[tokio::test]
async fn inline_offers_are_targeted_sticky_and_never_shown_to_subscribers() {
    let server = walled().await;
    let mut spec = trial(Targeting {
        sections: vec!["metiers-formation".into()],
        ..Targeting::default()
    });
    spec.placement = Placement::Inline;
    publish(&server, &spec).await;
    let reader = "readerCCCCCCCCCCCCCCCCCC";
    let in_section = "placement=inline&article=decret-revalorisation-salaires-travailleurs-sociaux";

    let seen = placed_offers(&server, in_section, reader).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].0, "essai");
    assert_eq!(
        placed_offers(&server, in_section, reader).await,
        seen,
        "the same variant again"
    );
    assert!(
        placed_offers(&server, "placement=inline", reader)
            .await
            .is_empty(),
        "a page about no article is in no section"
    );
    let banner = placed_offers(
        &server,
        "placement=banner&article=decret-revalorisation-salaires-travailleurs-sociaux",
        reader,
    )
    .await;
    assert_eq!(
        banner,
        [("decouverte-banniere".to_owned(), "a".to_owned())],
        "the demo's banner, not the inline offer"
    );
    assert!(
        offers_seen(&server, reader, DESKTOP)
            .await
            .iter()
            .all(|o| o.0 != "essai"),
        "not in the paywall"
    );

    let now = kiosque_server::unix_now();
    let token = sign(
        &Claims {
            aud: "demo".into(),
            sub: "abonne-7".into(),
            iat: now - 5,
            exp: now + 600,
            scope: None,
        },
        KEY,
    );
    let subscriber: kiosque_protocol::PlacedOffers =
        placed(&server, in_section, reader, Some(&token))
            .await
            .json()
            .await
            .unwrap();
    assert!(
        subscriber.offers.is_empty(),
        "a subscriber is offered nothing"
    );

    let refused = placed(&server, "placement=paywall", reader, None).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let error: ApiError = refused.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::InvalidRequest);
}
