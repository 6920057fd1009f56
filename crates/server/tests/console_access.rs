//! What each role may open, CSRF and Origin checks that change nothing, the sites page, and
//! the language switch.

mod common;
mod console_common;

use console_common::{signed_in, two_sites, Browser};
use kiosque_server::store::Store;
use reqwest::StatusCode;

#[tokio::test]
async fn a_marketer_sees_only_its_sites_and_no_admin_page() {
    let server = two_sites().await;
    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;
    let dashboard = marketer.get("/admin").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains(r#"href="/admin/sites/demo""#));
    assert!(!dashboard.body.contains("Autre journal"));
    assert!(
        !dashboard.body.contains(r#"href="/admin/utilisateurs""#),
        "no link it cannot open"
    );
    assert_eq!(
        marketer.get("/admin/sites/demo").await.status,
        StatusCode::OK
    );
    for path in [
        "/admin/sites/autre",
        "/admin/sites/nulle-part",
        "/admin/utilisateurs",
        "/admin/utilisateurs/1",
        "/admin/sites",
    ] {
        let page = marketer.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        assert!(page.body.contains("Accès refusé"));
    }
    // Posting with a perfectly good CSRF token does not help.
    let user = marketer
        .submit(
            "/admin/utilisateurs",
            &[("email", "pirate@exemple.fr"), ("role", "admin")],
        )
        .await;
    assert_eq!(user.status, StatusCode::FORBIDDEN);
    let site = marketer
        .submit("/admin/sites", &[("id", "pirate"), ("name", "Pirate")])
        .await;
    assert_eq!(site.status, StatusCode::FORBIDDEN);
    let store = Store::connect(&server.database_url()).await.unwrap();
    assert!(store
        .console_user_by_email("pirate@exemple.fr")
        .await
        .unwrap()
        .is_none());
    assert!(store.site("pirate").await.unwrap().is_none());
}

#[tokio::test]
async fn a_missing_or_wrong_csrf_token_or_another_origin_changes_nothing() {
    let server = two_sites().await;
    let mut admin = signed_in(&server, "jules@exemple.fr", "admin", &[]).await;
    let good = admin.csrf().await;
    let user = [("email", "nouveau@exemple.fr"), ("role", "admin")];
    let site = [("id", "nouveau"), ("name", "Nouveau")];
    let wrong = "0".repeat(good.len());
    for csrf in [None, Some(""), Some(wrong.as_str())] {
        for (path, fields) in [("/admin/utilisateurs", &user), ("/admin/sites", &site)] {
            let mut all = fields.to_vec();
            if let Some(csrf) = csrf {
                all.push(("csrf", csrf));
            }
            let page = admin.post(path, &all).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path} {csrf:?}");
            assert!(page.body.contains("Formulaire refusé"));
        }
    }
    // The right token, from a page of another site.
    let mut all = site.to_vec();
    all.push(("csrf", &good));
    let elsewhere = admin
        .post_with("/admin/sites", &all, &[("origin", "https://evil.example")])
        .await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
    let cross = admin
        .post_with("/admin/sites", &all, &[("sec-fetch-site", "cross-site")])
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let signed_out = admin
        .post_with(
            "/admin/deconnexion",
            &[("csrf", &good)],
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(signed_out.status, StatusCode::FORBIDDEN);

    let store = Store::connect(&server.database_url()).await.unwrap();
    assert!(store
        .console_user_by_email("nouveau@exemple.fr")
        .await
        .unwrap()
        .is_none());
    assert!(store.site("nouveau").await.unwrap().is_none());
    assert_eq!(
        admin.get("/admin").await.status,
        StatusCode::OK,
        "still signed in"
    );
    // The same form from the console itself goes through.
    let own_origin = admin.base.clone();
    let created = admin
        .post_with("/admin/sites", &all, &[("origin", &own_origin)])
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
}

#[tokio::test]
async fn admins_create_sites_with_their_origins() {
    let server = two_sites().await;
    let mut admin = signed_in(&server, "karim@exemple.fr", "admin", &[]).await;
    let list = admin.get("/admin/sites").await;
    assert!(list.body.contains("Autre journal") && list.body.contains("demo"));

    let bad = admin
        .submit(
            "/admin/sites",
            &[
                ("id", "Le Journal"),
                ("name", ""),
                ("origins", "https://ok.example\njavascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    for message in [
        "lettres minuscules",
        "Saisissez le nom du site",
        "«\u{a0}javascript:alert(1)\u{a0}»",
    ] {
        assert!(bad.body.contains(message), "{message}: {}", bad.body);
    }
    assert!(
        bad.body.contains(r#"value="Le Journal""#),
        "what was typed is kept"
    );
    assert!(bad
        .body
        .contains("https://ok.example\njavascript:alert(1)</textarea>"));

    let fields = [
        ("id", "le-journal"),
        ("name", "Le Journal"),
        (
            "origins",
            " https://www.journal.example/accueil \n\nhttp://localhost:3000",
        ),
    ];
    let created = admin.submit("/admin/sites", &fields).await;
    assert_eq!(created.location.as_deref(), Some("/admin/sites/le-journal"));
    let store = Store::connect(&server.database_url()).await.unwrap();
    let site = store.site("le-journal").await.unwrap().unwrap();
    assert_eq!(
        site.allowed_origins,
        ["https://www.journal.example", "http://localhost:3000"]
    );
    let page = admin.get("/admin/sites/le-journal").await;
    assert!(
        page.body.contains("data-site=&quot;le-journal&quot;"),
        "{}",
        page.body
    );
    assert_eq!(
        admin.submit("/admin/sites", &fields).await.status,
        StatusCode::CONFLICT
    );
    // An admin may open any site; one that does not exist is not found.
    assert_eq!(admin.get("/admin/sites/autre").await.status, StatusCode::OK);
    assert_eq!(
        admin.get("/admin/sites/nulle-part").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn french_by_default_english_on_request_and_remembered() {
    let server = two_sites().await;
    let mut browser = Browser::new(&server);
    let french = browser.get("/admin/connexion").await;
    assert!(french.body.contains(r#"<html lang="fr">"#));
    assert!(french
        .body
        .contains(r##"<a class="skip" href="#contenu">Aller au contenu</a>"##));
    assert!(french
        .body
        .contains(r#"<label for="email">Adresse e-mail</label>"#));
    assert!(french
        .body
        .contains(r#"href="?lang=en" hreflang="en" lang="en">English</a>"#));

    let english = browser.get("/admin/connexion?lang=en").await;
    assert!(english.body.contains(r#"<html lang="en">"#));
    assert!(english.body.contains("Skip to content"));
    assert!(english
        .cookie("kiosque_console_lang")
        .unwrap()
        .starts_with("kiosque_console_lang=en; Path=/admin"));
    // Remembered: the form posted next answers in English.
    let refused = browser.sign_in("personne@exemple.fr", "wrong").await;
    assert!(
        refused.body.contains("Wrong email address or password."),
        "{}",
        refused.body
    );
    assert!(browser
        .get("/admin/connexion?lang=fr")
        .await
        .body
        .contains("Connexion"));
    assert!(browser
        .get("/admin/connexion")
        .await
        .body
        .contains(r#"<html lang="fr">"#));

    let mut admin = signed_in(&server, "lea@exemple.fr", "admin", &[]).await;
    let dashboard = admin.get("/admin?lang=en").await;
    assert!(dashboard.body.contains("Dashboard") && dashboard.body.contains("Sign out"));
    assert!(admin
        .get("/admin/inconnue")
        .await
        .body
        .contains("Page not found"));
}

#[tokio::test]
async fn an_admin_allows_and_removes_an_origin_on_the_sites_overview() {
    let server = two_sites().await;
    let mut admin = signed_in(&server, "admin@exemple.fr", "admin", &[]).await;
    let overview = "/admin/sites/autre";
    let origins = "/admin/sites/autre/origines";
    let refused = admin
        .submit(
            origins,
            &[("action", "add"), ("origin", "javascript:alert(1)")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains(r#"id="origin-erreur""#),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains(r#"value="javascript:alert(1)""#),
        "what was typed stays"
    );

    let added = admin
        .submit(
            origins,
            &[("action", "add"), ("origin", "https://autre.example")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let page = admin.get(added.location.as_deref().unwrap()).await;
    assert!(
        page.body.contains("<code>https://autre.example</code>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Modifications enregistrées."));
    assert!(page.body.contains("Retirer https://autre.example"));

    let removed = admin
        .submit(
            origins,
            &[("action", "remove"), ("origin", "https://autre.example")],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(!admin
        .get(overview)
        .await
        .body
        .contains("<code>https://autre.example</code>"));

    // A marketer sees the origins and no button to change them.
    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;
    let page = marketer.get("/admin/sites/demo").await;
    assert!(page
        .body
        .contains("Un administrateur peut ajouter ou retirer des origines."));
    assert!(!page.body.contains("Retirer "));
}
