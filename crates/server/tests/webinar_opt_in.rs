//! Double opt-in: a registration stays pending (no seat, no reminder) until its reader presses
//! the button of the page their mailed link opens; the confirmation goes through the same
//! capacity decision as a direct sign-up; links expire after 48 hours.

mod common;

use common::webinar::{
    link_in, plain_form, press_button, register, start, starts_in, subject, Webinars,
};
use kiosque_protocol::{RegistrationResult, RegistrationStatus, WebinarSeries};
use reqwest::StatusCode;

const SERIES: &str = "cycle-confirme";

/// A double opt-in series with one session of `capacity` seats.
async fn opt_in(capacity: u32, waitlist: bool) -> Webinars {
    let w = start().await;
    w.series(SERIES, true).await;
    w.session(SERIES, "seance", capacity, waitlist).await;
    w
}

/// Signs `email` up, expects `pending`, and returns the link of the mail it gets.
async fn pending(w: &Webinars, email: &str, n: usize) -> String {
    w.signed_up("seance", email, "pending").await;
    let mail = w.sink.wait_for_mail(email, n).await;
    assert!(
        subject(&mail).starts_with("Confirmez votre inscription"),
        "{mail}"
    );
    assert!(mail["attachments"].as_array().unwrap().is_empty());
    link_in(&mail, "confirmation")
}

#[tokio::test]
async fn a_pending_registration_holds_no_seat_until_its_reader_presses_the_button() {
    let w = opt_in(2, true).await;
    let series: WebinarSeries =
        reqwest::get(w.server.url(&format!("/v1/sites/demo/webinars/{SERIES}")))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert!(series.double_opt_in);

    let link = pending(&w, "claire@exemple.fr", 1).await;
    assert_eq!(
        w.seats_left(SERIES, "seance").await,
        Some(2),
        "no seat held"
    );
    let row = w.registration("seance", "claire@exemple.fr").await;
    assert_eq!(row.status, RegistrationStatus::Pending);
    let csv = w
        .admin(
            reqwest::Method::GET,
            "/webinars/sessions/seance/registrations.csv",
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains(",pending,"), "{csv}");

    // Following the link (as mail scanners do) only shows the page.
    let page = reqwest::get(&link).await.unwrap().text().await.unwrap();
    assert!(page.contains("Confirmer mon inscription"));
    let row = w.registration("seance", "claire@exemple.fr").await;
    assert_eq!(
        row.status,
        RegistrationStatus::Pending,
        "a GET confirms nothing"
    );
    w.mails_settle_at("claire@exemple.fr", 1).await;

    assert!(press_button(&link).await.contains("Inscription confirmée"));
    let mail = w.sink.wait_for_mail("claire@exemple.fr", 2).await;
    assert!(subject(&mail).starts_with("Inscription confirmée"));
    assert_eq!(mail["attachments"][0]["content_type"], "text/calendar");
    link_in(&mail, "annulation");
    assert_eq!(w.seats_left(SERIES, "seance").await, Some(1));
    assert!(press_button(&link).await.contains("déjà confirmée"));

    // Signing up again is the same registration, confirmed; the answer says what a new
    // address would get here (pending until its link is followed), nothing about this one.
    let again = w.sign_up("seance", "claire@exemple.fr").await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: RegistrationResult = again.json().await.unwrap();
    assert_eq!(again.status, RegistrationStatus::Pending);
    assert_eq!(
        w.registration("seance", "claire@exemple.fr").await.status,
        RegistrationStatus::Confirmed
    );
    w.mails_settle_at("claire@exemple.fr", 2).await;
}

#[tokio::test]
async fn a_confirmation_after_the_session_filled_goes_to_the_waitlist() {
    let w = opt_in(1, true).await;
    let early = pending(&w, "tot@exemple.fr", 1).await;
    let late = pending(&w, "tard@exemple.fr", 1).await;
    assert!(press_button(&late).await.contains("Inscription confirmée"));
    let page = press_button(&early).await;
    assert!(page.contains("liste d’attente"), "{page}");
    let mail = w.sink.wait_for_mail("tot@exemple.fr", 2).await;
    assert!(subject(&mail).starts_with("Liste d’attente"));
    assert_eq!(w.seats_left(SERIES, "seance").await, Some(0));
    let statuses: Vec<_> = w
        .registrations("seance")
        .await
        .iter()
        .map(|r| (r.email.clone(), r.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("tard@exemple.fr".to_owned(), RegistrationStatus::Confirmed),
            ("tot@exemple.fr".to_owned(), RegistrationStatus::Waitlisted)
        ],
        "listed in the order they took their place"
    );
}

#[tokio::test]
async fn without_a_waitlist_a_late_confirmation_finds_the_session_full() {
    let w = opt_in(1, false).await;
    let first = pending(&w, "un@exemple.fr", 1).await;
    let second = pending(&w, "deux@exemple.fr", 1).await;
    assert!(press_button(&second)
        .await
        .contains("Inscription confirmée"));
    let page = press_button(&first).await;
    assert!(page.contains("Webinaire complet"), "{page}");
    let row = w.registration("seance", "un@exemple.fr").await;
    assert_eq!(row.status, RegistrationStatus::Pending, "nothing changed");
    w.mails_settle_at("un@exemple.fr", 1).await;
    assert_eq!(w.seats_left(SERIES, "seance").await, Some(0));
    // Full without a waitlist: a new sign-up is refused at once, not sent a pointless link.
    let refused = w.sign_up("seance", "trois@exemple.fr").await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    w.mails_settle_at("trois@exemple.fr", 0).await;
}

#[tokio::test]
async fn a_link_expires_after_48_hours_and_the_address_can_sign_up_again() {
    let w = opt_in(5, true).await;
    let old = pending(&w, "lente@exemple.fr", 1).await;
    let db = w.db().await;
    sqlx::query("UPDATE webinar_registrations SET created_at = created_at - 49 * 3600, updated_at = updated_at - 49 * 3600")
        .execute(&db)
        .await
        .unwrap();
    assert!(press_button(&old).await.contains("a expiré"));
    let row = w.registration("seance", "lente@exemple.fr").await;
    assert_eq!(row.status, RegistrationStatus::Pending);

    // Signing up again reuses the row: a new registration, a new link, the old one dead.
    let again = register(
        &w.server,
        "seance",
        &plain_form("lente@exemple.fr", "Claire-Marie"),
    )
    .await;
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: RegistrationResult = again.json().await.unwrap();
    assert_eq!(
        (again.status, again.created),
        (RegistrationStatus::Pending, true)
    );
    let mail = w.sink.wait_for_mail("lente@exemple.fr", 2).await;
    assert!(mail["body"]
        .as_str()
        .unwrap()
        .contains("Bonjour Claire-Marie"));
    let fresh = link_in(&mail, "confirmation");
    assert!(press_button(&old).await.contains("Lien inconnu"));
    assert!(press_button(&fresh).await.contains("Inscription confirmée"));
    let rows = w.registrations("seance").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].first_name, "Claire-Marie");
    assert_eq!(rows[0].status, RegistrationStatus::Confirmed);
}

#[tokio::test]
async fn pending_registrations_get_no_reminder() {
    let w = opt_in(5, true).await;
    let link = pending(&w, "confirme@exemple.fr", 1).await;
    assert!(press_button(&link).await.contains("Inscription confirmée"));
    w.sink.wait_for_mail("confirme@exemple.fr", 2).await;
    pending(&w, "attend@exemple.fr", 1).await;

    // The session now starts in 30 minutes, and both signed up two days ago.
    let db = w.db().await;
    starts_in(&db, "seance", 30).await;
    sqlx::query("UPDATE webinar_registrations SET created_at = created_at - 172800")
        .execute(&db)
        .await
        .unwrap();
    let reminder = w.sink.wait_for_mail("confirme@exemple.fr", 3).await;
    assert!(subject(&reminder).starts_with("Rappel"), "{reminder}");
    w.mails_settle_at("attend@exemple.fr", 1).await;
}
