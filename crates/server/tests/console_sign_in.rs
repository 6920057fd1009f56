//! The console's door: no page without a session, the session cookie, the same answer for a
//! wrong address and a wrong password, throttling, the sign-in form's own token.

mod common;
mod console_common;

use std::time::{Duration, Instant};

use common::{args, start, start_with};
use console_common::{create_user, signed_in, Browser, PASSWORD};
use reqwest::StatusCode;

#[tokio::test]
async fn no_console_page_opens_without_a_session() {
    let server = start().await;
    let mut browser = Browser::new(&server);
    for path in [
        "/admin",
        "/admin/utilisateurs",
        "/admin/utilisateurs/1",
        "/admin/sites",
        "/admin/sites/demo",
        "/admin/mot-de-passe",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        let location = page.location.unwrap();
        assert!(
            location.starts_with("/admin/connexion"),
            "{path}: {location}"
        );
    }
    assert_eq!(
        browser.get("/admin/sites/demo").await.location.as_deref(),
        Some("/admin/connexion?retour=%2Fadmin%2Fsites%2Fdemo")
    );
    for path in [
        "/admin/utilisateurs",
        "/admin/sites",
        "/admin/mot-de-passe",
        "/admin/deconnexion",
        "/admin/utilisateurs/1/etat",
    ] {
        let page = browser.post(path, &[("csrf", "x")]).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(page.body.contains("Connexion nécessaire"), "{}", page.body);
    }
    // A forged cookie opens nothing either.
    browser
        .cookies
        .insert("kiosque_console".into(), "A".repeat(43));
    assert_eq!(browser.get("/admin").await.status, StatusCode::SEE_OTHER);
    // The sign-in page and the style sheet are open to all.
    assert_eq!(browser.get("/admin/connexion").await.status, StatusCode::OK);
    let css = browser.get("/admin/console.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.body.contains(":focus-visible"));
}

#[tokio::test]
async fn signing_in_sets_a_strict_cookie_and_signing_out_ends_the_session() {
    let server = start().await;
    let mut browser = signed_in(&server, "claire@exemple.fr", "admin", &[]).await;
    browser.get("/admin/deconnexion").await; // a GET signs no one out
    assert_eq!(browser.get("/admin").await.status, StatusCode::OK);

    let mut other = Browser::new(&server);
    let signed = other.sign_in("  Claire@Exemple.FR ", PASSWORD).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    assert_eq!(signed.location.as_deref(), Some("/admin"));
    let cookie = signed.cookie("kiosque_console").unwrap();
    for attribute in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/admin",
        "Max-Age=604800",
    ] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http here: {cookie}");
    let token = cookie.split(';').next().unwrap().split('=').nth(1).unwrap();
    assert_eq!(token.len(), 43, "256 random bits");

    let dashboard = other.get("/admin").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("claire@exemple.fr"));
    for header in ["content-security-policy", "x-frame-options"] {
        assert!(dashboard.headers.contains_key(header), "{header}");
    }
    assert_eq!(dashboard.headers["cache-control"], "no-store");

    let csrf = dashboard.field("csrf");
    let stolen = other.cookies.clone();
    let out = other.post("/admin/deconnexion", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out.cookie("kiosque_console").unwrap().contains("Max-Age=0"));
    // The token is dead on the server too, not just forgotten by the browser.
    other.cookies = stolen;
    assert_eq!(other.get("/admin").await.status, StatusCode::SEE_OTHER);
    // The first browser's session is another one, still alive.
    assert_eq!(browser.get("/admin").await.status, StatusCode::OK);
}

#[tokio::test]
async fn over_https_the_cookies_are_secure_and_other_origins_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = args(&dir);
    config.public_url = Some("https://console.example".into());
    let server = start_with(dir, config).await;
    let one_time = create_user(&server, "ana@exemple.fr", "admin", &[]);
    let mut browser = Browser::new(&server);
    let form = browser.get("/admin/connexion").await;
    assert!(form
        .cookie("kiosque_console_login")
        .unwrap()
        .contains("; Secure"));
    let fields = [
        ("csrf", form.field("csrf")),
        ("email", "ana@exemple.fr".into()),
        ("password", one_time.clone()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let elsewhere = browser
        .post_with(
            "/admin/connexion",
            &fields,
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
    let signed = browser
        .post_with(
            "/admin/connexion",
            &fields,
            &[("origin", "https://console.example")],
        )
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let cookie = signed.cookie("kiosque_console").unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn the_sign_in_form_needs_its_own_token() {
    let server = start().await;
    let one_time = create_user(&server, "bruno@exemple.fr", "admin", &[]);
    let mut browser = Browser::new(&server);
    let fields = [
        ("email", "bruno@exemple.fr"),
        ("password", one_time.as_str()),
    ];
    let forged = browser.post("/admin/connexion", &fields).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.cookie("kiosque_console").is_none());
    assert!(forged.body.contains("a expiré"), "{}", forged.body);
    assert!(
        forged.body.contains(r#"value="bruno@exemple.fr""#),
        "the address is kept"
    );
    assert!(!forged.body.contains(&one_time), "never the password");
    // The refusal hands out a fresh form: posting it works.
    let csrf = forged.field("csrf");
    let signed = browser
        .post("/admin/connexion", &[("csrf", &csrf), fields[0], fields[1]])
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
}

/// The answer for an address, with the address itself blanked out.
async fn refusal(
    browser: &mut Browser,
    email: &str,
    password: &str,
) -> (StatusCode, String, Duration) {
    let started = Instant::now();
    let page = browser.sign_in(email, password).await;
    let took = started.elapsed();
    (page.status, page.body.replace(email, "ADDRESS"), took)
}

#[tokio::test]
async fn a_wrong_address_and_a_wrong_password_get_the_same_answer_in_the_same_time() {
    let server = start().await;
    create_user(&server, "chloe@exemple.fr", "marketer", &["demo"]);
    let mut browser = Browser::new(&server);
    let mut wrong_password = Duration::ZERO;
    let mut unknown_address = Duration::ZERO;
    for _ in 0..2 {
        let (status, body, took) =
            refusal(&mut browser, "chloe@exemple.fr", "pas le bon mot de passe").await;
        wrong_password += took;
        let (other_status, other_body, other_took) = refusal(
            &mut browser,
            "personne@exemple.fr",
            "pas le bon mot de passe",
        )
        .await;
        unknown_address += other_took;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(status, other_status);
        assert_eq!(body, other_body);
        assert!(
            body.contains("Adresse e-mail ou mot de passe incorrect."),
            "{body}"
        );
        assert!(
            body.contains(r#"aria-describedby="email-erreur""#),
            "{body}"
        );
        assert!(body.contains("<title>Erreur\u{a0}: Connexion"), "{body}");
    }
    // Both check a password against an argon2id hash: neither is quick.
    assert!(
        unknown_address * 3 > wrong_password,
        "unknown {unknown_address:?}, wrong password {wrong_password:?}"
    );
}

#[tokio::test]
async fn five_failures_for_an_address_or_twenty_from_a_network_lock_sign_in() {
    let server = start().await;
    create_user(&server, "denis@exemple.fr", "admin", &[]);
    let mut browser = Browser::new(&server);
    for attempt in 1..=5 {
        let page = browser
            .sign_in("denis@exemple.fr", "toujours pas le bon")
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "attempt {attempt}");
    }
    let locked = browser
        .sign_in("denis@exemple.fr", "toujours pas le bon")
        .await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.headers["retry-after"], "900");
    assert!(
        locked.body.contains("Trop de tentatives"),
        "{}",
        locked.body
    );
    assert!(locked
        .body
        .contains(r#"<form method="post" action="/admin/connexion""#));
    // The lock holds whatever the password, and for an address that does not exist alike.
    let one_time = create_user(&server, "emma@exemple.fr", "admin", &[]);
    for _ in 0..5 {
        browser.sign_in("inconnu@exemple.fr", "rien").await;
    }
    assert_eq!(
        browser.sign_in("inconnu@exemple.fr", "rien").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Ten failures from this network so far: another address still gets in…
    assert_eq!(
        Browser::new(&server)
            .sign_in("emma@exemple.fr", &one_time)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    for n in 0..10 {
        let page = browser
            .sign_in(&format!("essai{}@exemple.fr", n / 5), "rien")
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
    }
    // …until twenty: then no address gets in from it.
    assert_eq!(
        Browser::new(&server)
            .sign_in("emma@exemple.fr", &one_time)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
}
