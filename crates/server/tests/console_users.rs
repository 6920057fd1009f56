//! Console users: one-time passwords from the command line, the first start and the users
//! page, to be changed before anything else; argon2id hashes; roles, sites and CSRF.

mod common;
mod console_common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::start;
use console_common::{create_user, one_time_in, signed_in, two_sites, Browser, PASSWORD};
use kiosque_server::store::Store;
use reqwest::StatusCode;

#[tokio::test]
async fn a_one_time_password_from_the_command_line_must_be_changed_before_anything_else() {
    let server = two_sites().await;
    let one_time = create_user(&server, "Fanny@Exemple.fr", "marketer", &["demo", "autre"]);
    assert!(one_time.len() >= 12, "{one_time}");
    let mut browser = Browser::new(&server);
    let signed = browser.sign_in("fanny@exemple.fr", &one_time).await;
    assert_eq!(signed.location.as_deref(), Some("/admin/mot-de-passe"));
    for path in ["/admin", "/admin/sites/demo"] {
        let page = browser.get(path).await;
        assert_eq!(
            page.location.as_deref(),
            Some("/admin/mot-de-passe"),
            "{path}"
        );
    }
    let form = browser.get("/admin/mot-de-passe").await;
    assert!(
        form.body.contains("mot de passe à usage unique"),
        "{}",
        form.body
    );

    // Refusals, each with its message tied to its field, and no password sent back.
    let short = browser.change_password(&one_time, "trop court").await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(
        short.body.contains("au moins 12 caractères"),
        "{}",
        short.body
    );
    assert!(short
        .body
        .contains(r#"aria-describedby="new-aide new-erreur" aria-invalid="true""#));
    assert!(!short.body.contains(&one_time));
    let mismatch = browser
        .submit(
            "/admin/mot-de-passe",
            &[
                ("current", &one_time),
                ("new", PASSWORD),
                ("confirm", "autre chose encore"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    assert!(mismatch.body.contains("ne sont pas identiques"));
    let same = browser.change_password(&one_time, &one_time).await;
    assert!(same.body.contains("différent de l’actuel"), "{}", same.body);
    let wrong = browser
        .change_password("pas le mot de passe", PASSWORD)
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("actuel est incorrect"));
    assert_eq!(
        browser.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "still locked"
    );

    let changed = browser.change_password(&one_time, PASSWORD).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert!(
        changed.cookie("kiosque_console").is_some(),
        "a new session token"
    );
    let dashboard = browser.get("/admin").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(dashboard.body.contains("Autre journal"));

    // The one-time password is spent; the database holds only argon2id hashes.
    let mut other = Browser::new(&server);
    let old = other.sign_in("fanny@exemple.fr", &one_time).await;
    assert_eq!(old.status, StatusCode::BAD_REQUEST);
    let store = Store::connect(&server.database_url()).await.unwrap();
    let user = store
        .console_user_by_email("fanny@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    assert!(user
        .password_hash
        .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    assert!(!user.must_change_password);
    assert_eq!(user.sites, ["autre", "demo"]);
    for text in everything_stored(&server).await {
        assert!(!text.contains(PASSWORD) && !text.contains(&one_time));
    }
}

#[tokio::test]
async fn the_command_line_refuses_unknown_sites_and_taken_addresses() {
    let server = start().await;
    let db = server.database_url();
    let create = |args: &[&str]| common::cli(&[&["admin", "create"], args].concat(), &db);
    let (ok, _, err) = create(&[
        "--email",
        "g@exemple.fr",
        "--role",
        "marketer",
        "--site",
        "x",
    ]);
    assert!(!ok && err.contains(r#"no site "x""#), "{err}");
    let (ok, _, err) = create(&["--email", "pas une adresse", "--role", "admin"]);
    assert!(!ok && err.contains("not an e-mail address"), "{err}");
    create_user(&server, "g@exemple.fr", "admin", &[]);
    let (ok, _, err) = create(&["--email", "g@exemple.fr", "--role", "admin"]);
    assert!(!ok && err.contains("exists already"), "{err}");
    // A lost password: a new one-time password, which again must be changed.
    let (ok, out, err) = common::cli(&["admin", "reset-password", "--email", "G@exemple.fr"], &db);
    assert!(ok, "{err}");
    let mut browser = Browser::new(&server);
    let signed = browser.sign_in("g@exemple.fr", &one_time_in(&out)).await;
    assert_eq!(signed.location.as_deref(), Some("/admin/mot-de-passe"));
}

/// Starts the real binary on `database_url` and reads its output up to `listening on`.
fn serve_output(dir: &std::path::Path, database_url: &str) -> Vec<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiosque-server"))
        .args(["serve", "--listen", "127.0.0.1:0", "--demo", "false"])
        .args(["--database-url", database_url])
        .arg("--static-dir")
        .arg(dir.join("static"))
        .arg("--outbox-dir")
        .arg(dir.join("outbox"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Read on a thread, so a server that never says it listens fails the test, not hangs it.
    let (sender, receiver) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    while let Ok(line) = receiver.recv_timeout(std::time::Duration::from_secs(60)) {
        let done = line.contains("listening on");
        lines.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    lines
}

#[tokio::test]
async fn the_first_start_prints_a_one_time_password_for_the_first_admin() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("first.db").display());
    let first = serve_output(dir.path(), &database_url);
    let line = first
        .iter()
        .find(|l| l.starts_with("console: first admin admin@kiosque.local, one-time password: "))
        .unwrap_or_else(|| panic!("{first:?}"));
    assert!(line.contains("change it at http://127.0.0.1:"), "{line}");
    let one_time = one_time_in(line);
    let again = serve_output(dir.path(), &database_url);
    assert!(
        !again.iter().any(|l| l.contains("one-time password")),
        "{again:?}"
    );

    // That admin signs in on a server over the same database, and must change it first.
    let mut config = common::args(&dir);
    config.database_url = database_url;
    config.demo = false;
    let server = common::start_with(dir, config).await;
    let mut browser = Browser::new(&server);
    let signed = browser.sign_in("admin@kiosque.local", &one_time).await;
    assert_eq!(signed.location.as_deref(), Some("/admin/mot-de-passe"));
    assert_eq!(
        browser.get("/admin/utilisateurs").await.location.as_deref(),
        Some("/admin/mot-de-passe")
    );
    let csrf = browser.csrf().await;
    let blocked = browser
        .post(
            "/admin/sites",
            &[("csrf", &csrf), ("id", "x"), ("name", "X")],
        )
        .await;
    assert_eq!(blocked.status, StatusCode::FORBIDDEN);
    assert_eq!(
        browser.change_password(&one_time, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        browser.get("/admin/utilisateurs").await.status,
        StatusCode::OK
    );
}

async fn user_id(store: &Store, email: &str) -> i64 {
    store
        .console_user_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// An admin's POST about another user.
async fn on_user(
    admin: &mut Browser,
    id: i64,
    action: &str,
    fields: &[(&str, &str)],
) -> StatusCode {
    admin
        .submit(&format!("/admin/utilisateurs/{id}/{action}"), fields)
        .await
        .status
}

#[tokio::test]
async fn admins_make_users_whose_one_time_password_is_shown_once() {
    let server = two_sites().await;
    let mut admin = signed_in(&server, "admin@exemple.fr", "admin", &[]).await;
    let page = admin.get("/admin/utilisateurs").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("admin@exemple.fr"));

    let bad = admin
        .submit(
            "/admin/utilisateurs",
            &[("email", "hugo@"), ("role", "marketer")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("adresse e-mail valide"));
    assert!(bad.body.contains("Cochez au moins un site"));
    assert!(
        bad.body.contains(r#"value="hugo@""#),
        "what was typed is kept"
    );
    assert!(
        bad.body.contains(r##"<a href="#sites">"##),
        "the summary links to the field"
    );

    let fields = [
        ("email", " Hugo@Exemple.fr"),
        ("role", "marketer"),
        ("sites", "demo"),
    ];
    let created = admin.submit("/admin/utilisateurs", &fields).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let one_time = created.one_time_password();
    assert!(created.body.contains("hugo@exemple.fr"));
    let list = admin.get("/admin/utilisateurs").await;
    assert!(!list.body.contains(&one_time), "shown once");
    let taken = admin.submit("/admin/utilisateurs", &fields).await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.body.contains("déjà cette adresse"));

    let mut hugo = Browser::new(&server);
    hugo.sign_in("hugo@exemple.fr", &one_time).await;
    assert_eq!(
        hugo.change_password(&one_time, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(hugo.get("/admin/sites/demo").await.status, StatusCode::OK);

    // Disabled: signed out at once, and refused at sign-in like any wrong password.
    let store = Store::connect(&server.database_url()).await.unwrap();
    let id = user_id(&store, "hugo@exemple.fr").await;
    let disabled = on_user(&mut admin, id, "etat", &[("disabled", "1")]).await;
    assert_eq!(disabled, StatusCode::SEE_OTHER);
    assert_eq!(hugo.get("/admin").await.status, StatusCode::SEE_OTHER);
    let refused = Browser::new(&server)
        .sign_in("hugo@exemple.fr", PASSWORD)
        .await;
    assert!(refused
        .body
        .contains("Adresse e-mail ou mot de passe incorrect."));
    on_user(&mut admin, id, "etat", &[("disabled", "0")]).await;
    assert_eq!(
        hugo.sign_in("hugo@exemple.fr", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );

    // Given the other site too, then a new one-time password.
    let sites = [("role", "marketer"), ("sites", "demo"), ("sites", "autre")];
    let access = on_user(&mut admin, id, "acces", &sites).await;
    assert_eq!(access, StatusCode::SEE_OTHER);
    assert_eq!(hugo.get("/admin/sites/autre").await.status, StatusCode::OK);
    let reset = admin
        .submit(&format!("/admin/utilisateurs/{id}/mot-de-passe"), &[])
        .await;
    let new_one_time = reset.one_time_password();
    assert_ne!(new_one_time, one_time);
    assert_eq!(
        hugo.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );

    // An admin changes nothing of its own account from there.
    let me = user_id(&store, "admin@exemple.fr").await;
    let myself = on_user(&mut admin, me, "etat", &[("disabled", "1")]).await;
    assert_eq!(myself, StatusCode::FORBIDDEN);
    assert_eq!(admin.get("/admin").await.status, StatusCode::OK);
}

/// Every byte the database holds: the SQLite files (log included), or every row of every
/// PostgreSQL table as text.
async fn everything_stored(server: &common::TestServer) -> Vec<String> {
    let url = server.database_url();
    if !url.starts_with("postgres") {
        let db_dir = server.dir.path().join("db");
        return std::fs::read_dir(db_dir)
            .unwrap()
            .map(|entry| {
                String::from_utf8_lossy(&std::fs::read(entry.unwrap().path()).unwrap()).into_owned()
            })
            .collect();
    }
    let db = common::db(&url).await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    let mut rows = Vec::new();
    for table in tables {
        let sql = format!("SELECT CAST(t AS TEXT) FROM {table} t");
        rows.extend(
            sqlx::query_scalar::<_, String>(&sql)
                .fetch_all(&db)
                .await
                .unwrap(),
        );
    }
    rows
}
