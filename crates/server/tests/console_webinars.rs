//! The console's webinar pages over HTTP: editing a series and a session (seen in the public
//! API), the registrations with their filters, CSV and actions (with their mails), consent
//! texts, cancelling a session; another site's marketer and a missing CSRF token get 403.

mod common;
mod console_common;

use common::webinar::{plain_form, register, start, subject, Webinars};
use console_common::{signed_in, Browser};
use kiosque_protocol::{RegistrationStatus, WebinarSeries};
use reqwest::StatusCode;
use serde_json::json;

const BASE: &str = "/admin/sites/demo/webinaires";

async fn public_series(w: &Webinars, series: &str) -> WebinarSeries {
    let url = w.server.url(&format!("/v1/sites/demo/webinars/{series}"));
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

async fn marketer(w: &Webinars) -> Browser {
    signed_in(&w.server, "ines@exemple.fr", "marketer", &["demo"]).await
}

/// The session form's fields, as a marketer would send them.
fn session_form<'a>(title: &'a str, capacity: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("description", "Une séance pour tout comprendre."),
        ("starts_at", "2031-03-04T15:30"),
        ("ends_at", "2031-03-04T17:00"),
        ("time_zone", "Europe/Paris"),
        ("capacity", capacity),
        ("waitlist", "1"),
        ("registration_closes_at", ""),
        ("hosts", "Claire Martin — Rédactrice en chef"),
        ("speakers", "Paul Durand — Juriste\nAnne Roy"),
        ("points", "Le cadre légal\n\nLes bonnes pratiques"),
    ]
}

/// The `n`-th mail to `to` has a subject starting with `start`.
async fn mailed(w: &Webinars, to: &str, n: usize, start: &str) {
    let mail = w.sink.wait_for_mail(to, n).await;
    assert!(subject(&mail).starts_with(start), "{mail}");
}

async fn status_of(w: &Webinars, session: &str, email: &str) -> RegistrationStatus {
    w.registration(session, email).await.status
}

#[tokio::test]
async fn a_marketer_edits_a_session_and_readers_see_it() {
    let w = start().await;
    w.series("essai", false).await;
    w.session("essai", "s1", 2, true).await;
    w.series("cycle", false).await;
    w.session("cycle", "c1", 1, true).await;
    w.signed_up("s1", "alice@exemple.fr", "confirmed").await;
    w.signed_up("c1", "bob@exemple.fr", "confirmed").await;
    w.signed_up("c1", "carole@exemple.fr", "waitlisted").await;
    let mut browser = marketer(&w).await;

    let list = browser.get(BASE).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Séance s1"), "{}", list.body);
    for (session, tally) in [
        ("s1", "1 confirmée, 0 en attente, 0 à confirmer, 0 annulée"),
        ("c1", "1 confirmée, 1 en attente, 0 à confirmer, 0 annulée"),
    ] {
        let row = list
            .body
            .split("<tr>")
            .find(|row| row.contains(&format!("/seances/{session}\"")))
            .expect("a row per session");
        assert!(row.contains(tally), "{session}: {row}");
    }
    assert!(list
        .body
        .contains(r#"href="/admin/sites/demo/webinaires/seances/s1""#));
    assert!(browser
        .get("/admin/sites/demo")
        .await
        .body
        .contains(r#"href="/admin/sites/demo/webinaires""#));

    let editor = browser.get(&format!("{BASE}/seances/s1")).await;
    assert_eq!(editor.status, StatusCode::OK);
    assert!(editor.body.contains(r#"value="Europe/Paris""#));
    assert!(editor.body.contains(r#"/seances/s1/annuler""#));

    // Refused: every wrong field said on its field, what was typed kept.
    let mut wrong = session_form("Nouveau titre", "0");
    wrong[3] = ("ends_at", "2031-03-04T14:00");
    wrong[4] = ("time_zone", "Europe/Lutece");
    let refused = browser.submit(&format!("{BASE}/seances/s1"), &wrong).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("Saisissez un fuseau IANA"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Saisissez un nombre positif"));
    assert!(refused.body.contains(r#"value="Nouveau titre""#));
    assert!(refused.body.contains(r#"aria-invalid="true""#));
    assert_eq!(
        public_series(&w, "essai").await.sessions[0].title,
        "Séance s1"
    );

    let saved = browser
        .submit(
            &format!("{BASE}/seances/s1"),
            &session_form("Nouveau titre", "5"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let session = public_series(&w, "essai").await.sessions.remove(0);
    assert_eq!(session.title, "Nouveau titre");
    assert_eq!(session.starts_at, "2031-03-04T15:30:00+01:00");
    assert_eq!(session.capacity, Some(5));
    assert_eq!(session.hosts[0].name, "Claire Martin");
    assert_eq!(session.hosts[0].role, "Rédactrice en chef");
    assert_eq!(session.speakers[1].name, "Anne Roy");
    assert_eq!(session.points, ["Le cadre légal", "Les bonnes pratiques"]);

    // A new session in the series, from the console.
    let mut new = session_form("Deuxième séance", "");
    new.push(("id", "s2"));
    let created = browser
        .submit(&format!("{BASE}/series/essai/seances"), &new)
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let sessions = public_series(&w, "essai").await.sessions;
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[1].capacity, None, "empty: unlimited");
}

#[tokio::test]
async fn a_series_is_written_with_its_questions() {
    let w = start().await;
    let mut browser = marketer(&w).await;
    assert_eq!(
        browser.get(&format!("{BASE}/series/nouvelle")).await.status,
        StatusCode::OK
    );
    let fields = [
        ("id", "cycle"),
        ("title", "Cycle juridique"),
        ("description", "Trois séances."),
        ("double_opt_in", "1"),
        ("q0_id", "structure"),
        ("q0_label", "Votre structure"),
        ("q0_kind", "single_choice"),
        ("q0_required", "1"),
        ("q0_choices", "CCAS\n"),
        ("q1_id", ""),
        ("q1_label", ""),
        ("q1_kind", "short_text"),
        ("q1_choices", ""),
    ];
    let refused = browser.submit(&format!("{BASE}/series"), &fields).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("Donnez au moins deux choix"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r##"href="#q0_choices""##));
    assert!(refused.body.contains(r#"value="Votre structure""#));

    let mut fields = fields.to_vec();
    fields[8] = ("q0_choices", "CCAS\nDépartement");
    let created = browser.submit(&format!("{BASE}/series"), &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert_eq!(
        created.location.as_deref(),
        Some("/admin/sites/demo/webinaires/series/cycle?enregistre=1")
    );
    let confirmed = browser.get(created.location.as_deref().unwrap()).await;
    assert!(
        confirmed
            .body
            .contains(r#"<p class="notice success" role="status">Modifications enregistrées.</p>"#),
        "a save is confirmed"
    );
    let again = browser.submit(&format!("{BASE}/series"), &fields).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "an id already taken");

    w.session("cycle", "c1", 10, false).await;
    let series = public_series(&w, "cycle").await;
    assert_eq!(series.title, "Cycle juridique");
    assert!(series.double_opt_in);
    assert_eq!(series.questions.len(), 1);
    assert_eq!(series.questions[0].choices, ["CCAS", "Département"]);
    assert!(series.questions[0].required);

    let editor = browser.get(&format!("{BASE}/series/cycle")).await;
    assert!(editor.body.contains("CCAS\nDépartement"), "{}", editor.body);
}

#[tokio::test]
async fn the_sign_up_form_is_previewed_with_the_typed_questions_and_nothing_saved() {
    let w = start().await;
    w.series("essai", false).await;
    w.session("essai", "s1", 5, true).await;
    let mut browser = marketer(&w).await;
    let editor = browser.get(&format!("{BASE}/series/essai")).await;
    assert!(editor
        .body
        .contains(r#"formaction="/admin/sites/demo/webinaires/series/essai/apercu""#));

    let mut fields = vec![
        ("title", "Titre en cours"),
        ("description", "Pas encore enregistré."),
        ("q0_id", "structure"),
        ("q0_label", "Votre structure"),
        ("q0_kind", "single_choice"),
        ("q0_required", "1"),
        ("q0_choices", "CCAS"),
    ];
    let preview = format!("{BASE}/series/essai/apercu");
    let refused = browser.submit(&preview, &fields).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains(r##"href="#q0_choices""##));
    assert!(
        !refused.body.contains("<iframe"),
        "no preview of a wrong form"
    );

    fields[6] = ("q0_choices", "CCAS\nDépartement");
    let shown = browser.submit(&preview, &fields).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert_eq!(
        shown.body.matches("<iframe").count(),
        2,
        "desktop and phone"
    );
    let src = shown
        .body
        .split(r#"<iframe class="desktop" src=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the frame's address")
        .to_owned();
    let frame = browser.get(&src).await;
    assert_eq!(frame.status, StatusCode::OK);
    assert!(frame
        .body
        .contains(r#"data-kiosque="webinar" data-series="essai""#));
    let api = browser
        .get(&format!("{src}/api/v1/sites/demo/webinars/essai"))
        .await;
    let typed: WebinarSeries = serde_json::from_str(&api.body).unwrap();
    assert_eq!(typed.title, "Titre en cours");
    assert_eq!(typed.questions[0].choices, ["CCAS", "Département"]);
    assert_eq!(typed.sessions.len(), 1, "the saved sessions carry the form");
    let look = browser
        .get(&format!("{src}/api/v1/sites/demo/appearance?lang=fr"))
        .await;
    assert_eq!(look.status, StatusCode::OK, "the loader's texts");

    let saved = public_series(&w, "essai").await;
    assert_ne!(saved.title, "Titre en cours", "a preview saves nothing");
    assert!(saved.questions.is_empty());
    let mut other = signed_in(&w.server, "paul@exemple.fr", "marketer", &[]).await;
    assert_eq!(
        other.submit(&preview, &fields).await.status,
        StatusCode::FORBIDDEN
    );
}

/// A CSV file as a spreadsheet reads it: BOM dropped, `separator` between cells.
fn spreadsheet(body: &str, separator: u8) -> Vec<Vec<String>> {
    let body = body
        .strip_prefix('\u{feff}')
        .expect("a BOM, for Excel to read UTF-8");
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn the_registrations_export_opens_in_a_spreadsheet_with_dates_and_answers() {
    let w = start().await;
    let questions = json!({"title": "Cycle d’essai", "questions": [
        {"id": "structure", "label": "Votre structure", "kind": "single_choice", "choices": ["CCAS", "Département"]},
        {"id": "sujets", "label": "Sujets", "kind": "multiple_choice", "choices": ["Droit", "Terrain"]},
        {"id": "attentes", "label": "Vos attentes", "kind": "short_text"},
        {"id": "replay", "label": "Recevoir le replay", "kind": "checkbox"}
    ]});
    let saved = w
        .admin(reqwest::Method::PUT, "/webinars/essai", Some(questions))
        .await;
    assert!(saved.status().is_success(), "{}", saved.status());
    w.session("essai", "s1", 10, true).await;
    let mut form = plain_form("claire@exemple.fr", "Claire");
    form["organisation"] = json!("Ville; de Lyon");
    form["consent_marketing_version"] = json!(1);
    form["answers"] = json!([
        {"question": "structure", "choices": ["CCAS"]},
        {"question": "sujets", "choices": ["Droit", "Terrain"]},
        {"question": "attentes", "text": "=HYPERLINK(\"x\") et des cas concrets"},
        {"question": "replay", "checked": true}
    ]);
    let before = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Paris);
    assert_eq!(
        register(&w.server, "s1", &form).await.status(),
        StatusCode::CREATED
    );
    w.signed_up("s1", "bruno@exemple.fr", "confirmed").await;
    let mut browser = marketer(&w).await;
    let export = format!("{BASE}/seances/s1/inscriptions.csv");

    // French: `;` between cells, French headers, the session's wall clock.
    let french = browser.get(&export).await;
    assert_eq!(french.status, StatusCode::OK);
    let sheet = spreadsheet(&french.body, b';');
    assert_eq!(sheet.len(), 3, "{:?}", sheet);
    let header = &sheet[0];
    assert_eq!(header[..4], ["N°", "Prénom", "Nom", "E-mail"]);
    assert!(
        header.contains(&"Inscrit le (Europe/Paris)".to_owned()),
        "{header:?}"
    );
    assert_eq!(
        header[header.len() - 4..],
        [
            "Votre structure",
            "Sujets",
            "Vos attentes",
            "Recevoir le replay"
        ]
    );
    let claire = sheet
        .iter()
        .find(|r| r.contains(&"claire@exemple.fr".to_owned()))
        .unwrap();
    let cell = |name: &str| claire[header.iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(
        cell("Organisation"),
        "Ville; de Lyon",
        "quoted, in one cell"
    );
    assert_eq!(cell("État"), "Confirmée");
    assert_eq!(cell("Consentement au traitement (version)"), "1");
    assert_eq!(cell("Consentement à la prospection (version)"), "1");
    assert_eq!(cell("Votre structure"), "CCAS");
    assert_eq!(cell("Sujets"), "Droit | Terrain");
    assert_eq!(
        cell("Vos attentes"),
        "'=HYPERLINK(\"x\") et des cas concrets",
        "never a formula"
    );
    assert_eq!(cell("Recevoir le replay"), "oui");
    let registered = chrono::NaiveDateTime::parse_from_str(
        &cell("Inscrit le (Europe/Paris)"),
        "%Y-%m-%d %H:%M:%S",
    )
    .expect("a date a spreadsheet reads");
    let drift = (registered - before.naive_local()).num_seconds();
    assert!(
        (0..60).contains(&drift),
        "Paris time, not UTC: {registered} against {before}"
    );
    let bruno = sheet
        .iter()
        .find(|r| r.contains(&"bruno@exemple.fr".to_owned()))
        .unwrap();
    assert_eq!(
        bruno[header
            .iter()
            .position(|h| h == "Consentement à la prospection (version)")
            .unwrap()],
        "non"
    );
    assert_eq!(bruno[header.len() - 1], "non", "an unticked box");

    // English, or a comma asked for: `,` and English headers.
    let english = browser
        .get(&format!("{export}?lang=en&separateur=virgule"))
        .await;
    let sheet = spreadsheet(&english.body, b',');
    assert_eq!(sheet[0][..4], ["No.", "First name", "Last name", "E-mail"]);
    assert!(sheet
        .iter()
        .any(|r| r.contains(&"Droit | Terrain".to_owned())));

    // The list page offers the choice, the language's own selected.
    let list = browser
        .get(&format!("{BASE}/seances/s1/inscriptions?lang=fr"))
        .await;
    assert!(
        list.body
            .contains(r#"<option value="point-virgule" selected>"#),
        "{}",
        list.body
    );
}

#[tokio::test]
async fn registrations_are_filtered_exported_and_acted_on() {
    let w = start().await;
    w.series("essai", false).await;
    w.session("essai", "s1", 1, true).await;
    w.signed_up("s1", "alice@exemple.fr", "confirmed").await;
    w.signed_up("s1", "bruno@exemple.fr", "waitlisted").await;
    w.signed_up("s1", "chloe@exemple.fr", "waitlisted").await;
    let mut browser = marketer(&w).await;
    let list = format!("{BASE}/seances/s1/inscriptions");

    let all = browser.get(&list).await;
    assert_eq!(all.status, StatusCode::OK);
    for email in ["alice@", "bruno@", "chloe@"] {
        assert!(all.body.contains(email), "{email}");
    }
    assert!(all.body.contains(r#"<label for="statut">"#));
    let waitlisted = browser.get(&format!("{list}?statut=waitlisted")).await;
    assert!(!waitlisted.body.contains("alice@exemple.fr"));
    assert!(waitlisted.body.contains("bruno@exemple.fr"));
    let searched = browser.get(&format!("{list}?q=CHLOE")).await;
    assert!(searched.body.contains("chloe@exemple.fr"));
    assert!(!searched.body.contains("bruno@exemple.fr"));

    let csv = browser.get(&format!("{list}.csv")).await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        csv.body.lines().count(),
        4,
        "a header and three registrations"
    );

    let bruno = w.registration("s1", "bruno@exemple.fr").await.id;
    let alice = w.registration("s1", "alice@exemple.fr").await.id;
    let chloe = w.registration("s1", "chloe@exemple.fr").await.id;
    // Full: promoting is refused, and the page says why.
    let full = browser
        .submit(
            &format!("{BASE}/inscriptions/{bruno}/promouvoir"),
            &[("statut", ""), ("q", "")],
        )
        .await;
    assert_eq!(full.status, StatusCode::CONFLICT);
    assert!(
        full.body.contains("La séance est complète"),
        "{}",
        full.body
    );
    assert_eq!(
        status_of(&w, "s1", "bruno@exemple.fr").await,
        RegistrationStatus::Waitlisted
    );

    // Cancelling Alice gives her seat to Bruno, the first waitlisted; both are mailed.
    let cancelled = browser
        .submit(
            &format!("{BASE}/inscriptions/{alice}/annuler"),
            &[("statut", "confirmed"), ("q", "")],
        )
        .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    assert_eq!(
        cancelled.location.as_deref(),
        Some("/admin/sites/demo/webinaires/seances/s1/inscriptions?statut=confirmed&fait=annuler")
    );
    assert_eq!(
        status_of(&w, "s1", "alice@exemple.fr").await,
        RegistrationStatus::Cancelled
    );
    assert_eq!(
        status_of(&w, "s1", "bruno@exemple.fr").await,
        RegistrationStatus::Confirmed
    );
    mailed(&w, "alice@exemple.fr", 2, "Inscription annulée").await;
    mailed(&w, "bruno@exemple.fr", 2, "Une place s’est libérée").await;

    // A seat more, then Chloé promoted by hand.
    let more = session_form("Séance s1", "2");
    let saved = browser.submit(&format!("{BASE}/seances/s1"), &more).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let promoted = browser
        .submit(&format!("{BASE}/inscriptions/{chloe}/promouvoir"), &[])
        .await;
    assert_eq!(promoted.status, StatusCode::SEE_OTHER, "{}", promoted.body);
    assert_eq!(
        status_of(&w, "s1", "chloe@exemple.fr").await,
        RegistrationStatus::Confirmed
    );
    mailed(&w, "chloe@exemple.fr", 2, "Une place s’est libérée").await;
    let done = browser.get(promoted.location.as_deref().unwrap()).await;
    assert!(done.body.contains(r#"class="notice success""#));
}

#[tokio::test]
async fn a_pending_registration_is_approved() {
    let w = start().await;
    w.series("optin", true).await;
    w.session("optin", "o1", 5, false).await;
    w.signed_up("o1", "dora@exemple.fr", "pending").await;
    let id = w.registration("o1", "dora@exemple.fr").await.id;
    let mut browser = marketer(&w).await;
    let page = browser
        .get(&format!("{BASE}/seances/o1/inscriptions"))
        .await;
    assert!(page.body.contains(&format!("/inscriptions/{id}/approuver")));
    let approved = browser
        .submit(&format!("{BASE}/inscriptions/{id}/approuver"), &[])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    assert_eq!(
        status_of(&w, "o1", "dora@exemple.fr").await,
        RegistrationStatus::Confirmed
    );
    mailed(&w, "dora@exemple.fr", 2, "Inscription confirmée").await;
    let again = browser
        .submit(&format!("{BASE}/inscriptions/{id}/approuver"), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("Seule une inscription à confirmer"));
}

#[tokio::test]
async fn a_session_is_cancelled_after_a_confirm_step() {
    let w = start().await;
    w.series("essai", false).await;
    w.session("essai", "s1", 5, false).await;
    w.signed_up("s1", "alice@exemple.fr", "confirmed").await;
    let mut browser = marketer(&w).await;
    let confirm = browser.get(&format!("{BASE}/seances/s1/annuler")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        confirm.body.contains("1 personnes inscrites"),
        "{}",
        confirm.body
    );
    assert_eq!(
        public_series(&w, "essai").await.sessions[0].status,
        kiosque_protocol::SessionStatus::Scheduled,
        "opening the page changes nothing"
    );
    let cancelled = browser
        .submit(&format!("{BASE}/seances/s1/annuler"), &[])
        .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    assert_eq!(
        public_series(&w, "essai").await.sessions[0].status,
        kiosque_protocol::SessionStatus::Cancelled
    );
    mailed(&w, "alice@exemple.fr", 2, "Annulé : ").await;
    let again = browser
        .submit(&format!("{BASE}/seances/s1/annuler"), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn consent_texts_get_new_versions() {
    let w = start().await;
    let mut browser = marketer(&w).await;
    let series = common::webinar::series_id();
    let before = public_series(&w, &series).await.consent_marketing;
    let page = browser.get(&format!("{BASE}/consentements")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains(&format!("Version en vigueur\u{a0}: {}", before.version)));
    let empty = browser
        .submit(
            &format!("{BASE}/consentements/marketing"),
            &[("marketing_text", "  ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains(r##"href="#marketing_text""##));
    let text = "J’accepte de recevoir la lettre du journal.";
    let published = browser
        .submit(
            &format!("{BASE}/consentements/marketing"),
            &[("marketing_text", text)],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let after = public_series(&w, &series).await.consent_marketing;
    assert_eq!(after.version, before.version + 1);
    assert_eq!(after.text, text);
}

#[tokio::test]
async fn another_sites_marketer_and_a_missing_token_change_nothing() {
    let w = start().await;
    let (ok, _, err) = common::cli(
        &["site", "create", "autre", "--name", "Autre journal"],
        &w.database_url,
    );
    assert!(ok, "{err}");
    w.series("essai", false).await;
    w.session("essai", "s1", 1, true).await;
    w.signed_up("s1", "alice@exemple.fr", "confirmed").await;
    let id = w.registration("s1", "alice@exemple.fr").await.id;
    let cancel = format!("{BASE}/inscriptions/{id}/annuler");

    let mut other = signed_in(&w.server, "paul@exemple.fr", "marketer", &["autre"]).await;
    for path in [
        BASE.to_owned(),
        format!("{BASE}/seances/s1"),
        format!("{BASE}/seances/s1/inscriptions"),
        format!("{BASE}/seances/s1/inscriptions.csv"),
        format!("{BASE}/consentements"),
        format!("{BASE}/series/essai"),
    ] {
        assert_eq!(
            other.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    for (path, fields) in [
        (cancel.clone(), vec![]),
        (format!("{BASE}/seances/s1/annuler"), vec![]),
        (format!("{BASE}/seances/s1"), session_form("Pirate", "9")),
        (
            format!("{BASE}/consentements/marketing"),
            vec![("marketing_text", "Pirate")],
        ),
    ] {
        let page = other.submit(&path, &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    // The right user without the token.
    let mut browser = marketer(&w).await;
    let page = browser.post(&cancel, &[]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("Formulaire refusé"));
    assert_eq!(
        status_of(&w, "s1", "alice@exemple.fr").await,
        RegistrationStatus::Confirmed
    );
    let session = public_series(&w, "essai").await.sessions.remove(0);
    assert_eq!(session.title, "Séance s1");
    assert_eq!(session.status, kiosque_protocol::SessionStatus::Scheduled);
}
