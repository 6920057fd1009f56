//! The pages a registration mail's links open, as a reader meets them: in the site's name and
//! look, about their webinar session, with a way back to the publisher's site; a button only
//! while the link can still do something; an unknown link said to be so.

mod common;

use common::webinar::{link_in, plain_form, press_button, register, start, subject, Webinars};
use reqwest::StatusCode;

const SERIES: &str = "cycle-liens";

async fn signed_up(w: &Webinars, email: &str, source_page: &str) -> serde_json::Value {
    let mut form = plain_form(email, "Claire");
    form["source_page"] = source_page.into();
    let response = register(&w.server, "seance", &form).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    w.sink.wait_for_mail(email, 1).await
}

async fn get(url: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let response = reqwest::get(url).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.unwrap())
}

/// The `href` of the page's "Retourner sur …" link.
fn back_href(page: &str) -> Option<&str> {
    let link = page.split(r#"<p class="back"><a href=""#).nth(1)?;
    link.split('"').next()
}

#[tokio::test]
async fn the_cancel_page_names_the_site_and_session_asks_once_then_says_it_is_done() {
    let w = start().await;
    w.series(SERIES, false).await;
    w.session(SERIES, "seance", 5, true).await;
    // The demo site's origins are the demo pages' (content.json).
    let mail = signed_up(
        &w,
        "claire@exemple.fr",
        "http://localhost:8080/atelier.html?x=1",
    )
    .await;
    assert!(subject(&mail).starts_with("Inscription confirmée"));
    let link = link_in(&mail, "annulation");

    let (status, headers, page) = get(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<header><p>Le Fil Social</p></header>"),
        "{page}"
    );
    assert!(page.contains("<title>Annuler votre inscription – Le Fil Social</title>"));
    assert!(
        page.contains(r#"<p class="title">Séance seance</p>"#),
        "{page}"
    );
    assert!(
        page.contains(", de 15\u{a0}h à 16\u{a0}h\u{a0}30 (heure de Paris)"),
        "{page}"
    );
    assert!(page.contains(">Annuler mon inscription</button>"));
    assert_eq!(
        back_href(&page),
        Some("http://localhost:8080/atelier.html?x=1")
    );
    assert!(page.contains(">Retourner sur Le Fil Social</a>"));
    // French typography on the page's own sentences.
    assert!(page.contains("webinaire\u{202f}? Libérez"), "{page}");
    // The address holds the link's secret: no referrer leaves with it; the inline stylesheet
    // is allowed by its hash alone.
    assert_eq!(headers["referrer-policy"], "no-referrer");
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(
        policy.starts_with("default-src 'none'; style-src 'sha256-"),
        "{policy}"
    );
    assert_eq!(
        w.registration("seance", "claire@exemple.fr").await.status,
        kiosque_protocol::RegistrationStatus::Confirmed,
        "a GET cancels nothing"
    );

    let done = press_button(&link).await;
    assert!(done.contains("<h1>Inscription annulée</h1>"), "{done}");
    assert!(!done.contains("<form"), "nothing more to press");
    assert!(done.contains(r#"<p class="title">Séance seance</p>"#));

    // The used link, followed again or pressed again: said to be used, no button.
    let (status, _, again) = get(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        again.contains("<h1>Inscription déjà annulée</h1>"),
        "{again}"
    );
    assert!(!again.contains("<form"));
    assert!(press_button(&link)
        .await
        .contains("<h1>Inscription déjà annulée</h1>"));
}

#[tokio::test]
async fn a_made_up_or_cut_link_gets_a_clear_page_without_a_button() {
    let w = start().await;
    let (status, _, page) = get(&w
        .server
        .url("/webinaires/annulation?site=demo&jeton=invente"))
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("<h1>Lien inconnu</h1>"), "{page}");
    assert!(
        page.contains("<header><p>Le Fil Social</p></header>"),
        "the site's page still"
    );
    assert!(!page.contains("<form"), "{page}");
    assert_eq!(
        back_href(&page),
        Some("http://127.0.0.1:8080/"),
        "the site's first origin"
    );

    // Cut by a mail reader before the secret, or naming no real site: the same, unbranded
    // when there is no site to brand it with.
    for path in [
        "/webinaires/annulation?site=demo",
        "/webinaires/confirmation",
        "/webinaires/confirmation?site=nulle-part&jeton=x",
    ] {
        let (status, _, page) = get(&w.server.url(path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.contains("<h1>Lien inconnu</h1>"), "{path}: {page}");
        assert!(!page.contains("<form"), "{path}");
    }
    let posted = reqwest::Client::new()
        .post(w.server.url("/webinaires/annulation"))
        .form(&[("site", "demo"), ("jeton", "invente")])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_sign_up_page_elsewhere_is_not_linked_to_and_a_past_session_cannot_be_cancelled() {
    let w = start().await;
    w.series(SERIES, false).await;
    w.session(SERIES, "seance", 5, true).await;
    let mail = signed_up(&w, "marc@exemple.fr", "https://ailleurs.example/piege").await;
    let link = link_in(&mail, "annulation");
    let (_, _, page) = get(&link).await;
    assert_eq!(back_href(&page), Some("http://127.0.0.1:8080/"), "{page}");

    common::webinar::starts_in(&w.db().await, "seance", -200).await;
    let (status, _, page) = get(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Webinaire terminé</h1>"), "{page}");
    assert!(!page.contains("<form"));
    assert!(press_button(&link)
        .await
        .contains("<h1>Webinaire terminé</h1>"));
    assert_eq!(
        w.registration("seance", "marc@exemple.fr").await.status,
        kiosque_protocol::RegistrationStatus::Confirmed
    );
}

#[tokio::test]
async fn a_used_confirmation_link_says_so_without_a_button() {
    let w = start().await;
    w.series(SERIES, true).await;
    w.session(SERIES, "seance", 5, true).await;
    let mail = signed_up(&w, "lea@exemple.fr", "").await;
    assert!(subject(&mail).starts_with("Confirmez votre inscription"));
    let link = link_in(&mail, "confirmation");
    let (_, _, page) = get(&link).await;
    assert!(
        page.contains(">Confirmer mon inscription</button>"),
        "{page}"
    );
    assert!(page.contains(r#"<p class="title">Séance seance</p>"#));
    assert!(press_button(&link)
        .await
        .contains("<h1>Inscription confirmée</h1>"));
    let (status, _, again) = get(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        again.contains("<h1>Inscription déjà confirmée</h1>"),
        "{again}"
    );
    assert!(!again.contains("<form"));
}
