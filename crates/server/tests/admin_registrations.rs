//! The admin API's actions on one registration: cancel (the seat goes to the first waitlisted),
//! approve a pending one, promote a chosen waitlisted one; never more confirmed than the
//! capacity, every refusal a 4xx with its code.

mod common;

use common::webinar::{link_in, start, subject, Webinars};
use kiosque_protocol::{AdminRegistration, ApiError, ErrorCode, RegistrationStatus};
use reqwest::{Response, StatusCode};

async fn error(response: Response) -> (StatusCode, ErrorCode) {
    let status = response.status();
    (status, response.json::<ApiError>().await.unwrap().code)
}

/// The code of an action refused with `409`.
async fn refused(w: &Webinars, id: i64, action: &str) -> ErrorCode {
    let (status, code) = error(w.act(id, action).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "{action} {id}: {code:?}");
    code
}

/// The `n`-th mail to `to` is a confirmation with the calendar file.
async fn confirmation(w: &Webinars, to: &str, n: usize) {
    let mail = w.sink.wait_for_mail(to, n).await;
    assert!(
        subject(&mail).starts_with("Inscription confirmée"),
        "{mail}"
    );
    assert_eq!(mail["attachments"][0]["content_type"], "text/calendar");
}

async fn done(response: Response) -> AdminRegistration {
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// A series (double opt-in or not) with one session `seance` of `capacity` seats.
async fn session(capacity: u32, waitlist: bool, double_opt_in: bool) -> Webinars {
    let w = start().await;
    w.series("cycle-admin", double_opt_in).await;
    w.session("cycle-admin", "seance", capacity, waitlist).await;
    w
}

#[tokio::test]
async fn cancelling_one_registration_gives_its_seat_to_the_first_waitlisted() {
    let w = session(1, true, false).await;
    w.signed_up("seance", "assise@exemple.fr", "confirmed")
        .await;
    w.signed_up("seance", "premiere@exemple.fr", "waitlisted")
        .await;
    w.signed_up("seance", "seconde@exemple.fr", "waitlisted")
        .await;
    let assise = w.registration("seance", "assise@exemple.fr").await;

    let cancelled = done(w.act(assise.id, "cancel").await).await;
    assert_eq!(cancelled.status, RegistrationStatus::Cancelled);
    assert_eq!(cancelled.email, "assise@exemple.fr");
    let notice = w.sink.wait_for_mail("assise@exemple.fr", 2).await;
    assert!(
        subject(&notice).starts_with("Inscription annulée"),
        "{notice}"
    );
    let promoted = w.sink.wait_for_mail("premiere@exemple.fr", 2).await;
    assert!(subject(&promoted).starts_with("Une place s’est libérée"));
    assert_eq!(promoted["attachments"][0]["content_type"], "text/calendar");
    link_in(&promoted, "annulation");
    let premiere = w.registration("seance", "premiere@exemple.fr").await;
    assert_eq!(premiere.status, RegistrationStatus::Confirmed);

    // Again: nothing changes, nobody is mailed.
    let again = done(w.act(assise.id, "cancel").await).await;
    assert_eq!(again.status, RegistrationStatus::Cancelled);
    w.mails_settle_at("assise@exemple.fr", 2).await;
    w.mails_settle_at("seconde@exemple.fr", 1).await;
    assert_eq!(w.seats_left("cycle-admin", "seance").await, Some(0));

    assert_eq!(
        error(w.act(999_999, "cancel").await).await,
        (StatusCode::NOT_FOUND, ErrorCode::RegistrationNotFound)
    );
    let bad_id = w
        .admin(
            reqwest::Method::POST,
            "/webinars/registrations/abc/cancel",
            None,
        )
        .await;
    assert_eq!(error(bad_id).await.0, StatusCode::BAD_REQUEST);
    let no_key = reqwest::Client::new()
        .post(w.server.url(&format!(
            "/v1/admin/sites/demo/webinars/registrations/{}/cancel",
            premiere.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(no_key).await,
        (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized)
    );
}

#[tokio::test]
async fn approving_a_pending_registration_runs_the_capacity_decision() {
    let w = session(1, false, true).await;
    w.signed_up("seance", "un@exemple.fr", "pending").await;
    w.signed_up("seance", "deux@exemple.fr", "pending").await;
    let un = w.registration("seance", "un@exemple.fr").await;
    let deux = w.registration("seance", "deux@exemple.fr").await;

    let approved = done(w.act(un.id, "approve").await).await;
    assert_eq!(approved.status, RegistrationStatus::Confirmed);
    confirmation(&w, "un@exemple.fr", 2).await;
    assert_eq!(
        refused(&w, un.id, "approve").await,
        ErrorCode::RegistrationNotPending
    );

    // No seat and no waitlist: refused, still pending, not mailed.
    assert_eq!(
        refused(&w, deux.id, "approve").await,
        ErrorCode::SessionFull
    );
    let still = w.registration("seance", "deux@exemple.fr").await;
    assert_eq!(still.status, RegistrationStatus::Pending);

    // Its link expired meanwhile, but the admin vouches for the reader.
    let db = w.db().await;
    sqlx::query(
        "UPDATE webinar_registrations SET created_at = created_at - 72 * 3600 WHERE id = $1",
    )
    .bind(deux.id)
    .execute(&db)
    .await
    .unwrap();
    done(w.act(un.id, "cancel").await).await;
    let approved = done(w.act(deux.id, "approve").await).await;
    assert_eq!(approved.status, RegistrationStatus::Confirmed);
    confirmation(&w, "deux@exemple.fr", 2).await;
    assert_eq!(w.seats_left("cycle-admin", "seance").await, Some(0));
}

#[tokio::test]
async fn promoting_a_chosen_waitlisted_registration_needs_a_free_seat() {
    let w = session(1, true, false).await;
    w.signed_up("seance", "assis@exemple.fr", "confirmed").await;
    w.signed_up("seance", "avant@exemple.fr", "waitlisted")
        .await;
    w.signed_up("seance", "choisi@exemple.fr", "waitlisted")
        .await;
    let assis = w.registration("seance", "assis@exemple.fr").await;
    let choisi = w.registration("seance", "choisi@exemple.fr").await;

    assert_eq!(
        refused(&w, choisi.id, "promote").await,
        ErrorCode::SessionFull
    );
    assert_eq!(
        refused(&w, assis.id, "promote").await,
        ErrorCode::RegistrationNotWaitlisted
    );

    // A second seat: the admin gives it to the one they choose, not the first in line.
    w.session("cycle-admin", "seance", 2, true).await;
    let promoted = done(w.act(choisi.id, "promote").await).await;
    assert_eq!(promoted.status, RegistrationStatus::Confirmed);
    let mail = w.sink.wait_for_mail("choisi@exemple.fr", 2).await;
    assert_eq!(mail["attachments"][0]["content_type"], "text/calendar");
    let avant = w.registration("seance", "avant@exemple.fr").await;
    assert_eq!(avant.status, RegistrationStatus::Waitlisted);
    assert_eq!(
        refused(&w, avant.id, "promote").await,
        ErrorCode::SessionFull,
        "never more confirmed than the capacity"
    );
    let confirmed = w
        .registrations("seance")
        .await
        .iter()
        .filter(|r| r.status == RegistrationStatus::Confirmed)
        .count();
    assert_eq!(confirmed, 2);
    assert_eq!(w.seats_left("cycle-admin", "seance").await, Some(0));
    w.mails_settle_at("avant@exemple.fr", 1).await;
}

#[tokio::test]
async fn no_seat_changes_hands_in_a_cancelled_session() {
    let w = session(1, true, false).await;
    w.signed_up("seance", "assis@exemple.fr", "confirmed").await;
    w.signed_up("seance", "attend@exemple.fr", "waitlisted")
        .await;
    let cancel = w
        .admin(
            reqwest::Method::POST,
            "/webinars/sessions/seance/cancel",
            None,
        )
        .await;
    assert_eq!(cancel.status(), StatusCode::NO_CONTENT);
    let attend = w.registration("seance", "attend@exemple.fr").await;
    assert_eq!(
        refused(&w, attend.id, "promote").await,
        ErrorCode::RegistrationClosed
    );
    // Cancelling one registration frees a seat nobody is offered: the session will not happen.
    let assis = w.registration("seance", "assis@exemple.fr").await;
    done(w.act(assis.id, "cancel").await).await;
    let attend = w.registration("seance", "attend@exemple.fr").await;
    assert_eq!(attend.status, RegistrationStatus::Waitlisted);
    // The session's own cancellation notice, nothing else.
    w.mails_settle_at("attend@exemple.fr", 2).await;
}

#[tokio::test]
async fn the_actions_are_in_the_openapi_document() {
    let w = start().await;
    let doc: serde_json::Value = reqwest::get(w.server.url("/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for action in ["cancel", "approve", "promote"] {
        let path = format!("/v1/admin/sites/{{site}}/webinars/registrations/{{id}}/{action}");
        assert!(doc["paths"][&path]["post"].is_object(), "{path}");
    }
    let register =
        &doc["paths"]["/v1/sites/{site}/webinars/sessions/{session}/registrations"]["post"];
    let params = register["parameters"].as_array().unwrap();
    assert!(params
        .iter()
        .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header"));
}

/// The wire names, as serde writes them, must be the names the document lists. Ignored while
/// `wire_enum!` (crates/protocol/src/wire_enum.rs, not this crate's) takes the names as
/// `$wire:literal`: utoipa does not see a `rename` passed as a literal fragment and lists the
/// Rust names (`IdempotencyConflict`); `$wire:tt` fixes it (checked by hand).
#[tokio::test]
async fn the_document_lists_the_wire_names_of_codes_and_statuses() {
    let w = start().await;
    let doc: serde_json::Value = reqwest::get(w.server.url("/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schemas = &doc["components"]["schemas"];
    let names = |schema: &str| -> Vec<String> {
        schemas[schema]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    for &code in ErrorCode::ALL {
        assert!(
            names("ErrorCode").contains(&code.as_str().to_owned()),
            "{code:?}"
        );
    }
    for &status in RegistrationStatus::ALL {
        assert!(names("RegistrationStatus").contains(&status.as_str().to_owned()));
    }
}
