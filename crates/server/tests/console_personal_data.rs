//! The console's *Données personnelles*: a marketer answers requests for its own sites only,
//! an address is refused with the field's error, an erasure needs the box ticked and lands in
//! the site's log under the user's name.

mod common;
mod console_common;

use console_common::{signed_in, two_sites};
use kiosque_server::store::Store;
use reqwest::StatusCode;

const PAGE: &str = "/admin/sites/demo/donnees-personnelles";

#[tokio::test]
async fn a_marketer_answers_for_its_own_sites_and_an_erasure_needs_the_box_ticked() {
    let server = two_sites().await;
    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;
    let page = marketer.get(PAGE).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Aucun effacement"), "{}", page.body);

    // Another site's people are not its to see or erase.
    let other = "/admin/sites/autre/donnees-personnelles";
    assert_eq!(marketer.get(other).await.status, StatusCode::FORBIDDEN);
    let fields = [("email", "lea@exemple.fr"), ("verified", "1")];
    let refused = marketer.submit(&format!("{other}/effacer"), &fields).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let search = marketer.submit(other, &[("email", "lea@exemple.fr")]).await;
    assert_eq!(search.status, StatusCode::FORBIDDEN);
    let store = Store::connect(&server.database_url()).await.unwrap();
    assert!(store.erasures("autre").await.unwrap().is_empty());

    let wrong = marketer.submit(PAGE, &[("email", "lea@")]).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains(r#"aria-invalid="true""#));

    // Nothing held: said so, and nothing offered to erase.
    let found = marketer.submit(PAGE, &[("email", "Lea@Exemple.fr")]).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(
        found.body.contains("Aucune donnée n’est conservée pour"),
        "{}",
        found.body
    );
    assert!(found.body.contains("lea@exemple.fr"));

    let unticked = marketer
        .submit(&format!("{PAGE}/effacer"), &[("email", "lea@exemple.fr")])
        .await;
    assert_eq!(unticked.status, StatusCode::BAD_REQUEST);
    assert!(store.erasures("demo").await.unwrap().is_empty());
    let erased = marketer.submit(&format!("{PAGE}/effacer"), &fields).await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER);
    let to = erased.location.clone().unwrap();
    assert!(!to.contains("lea"), "{to}");
    let log = store.erasures("demo").await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].asked_by, "console:ines@exemple.fr");
    let after = marketer.get(&to).await;
    assert!(after.body.contains("Données effacées"), "{}", after.body);
    assert!(after.body.contains("ines@exemple.fr (console)"));
    assert!(!after.body.contains("lea@"));

    // A registrant erased from the console: their row stays in the session's list, without
    // them.
    let (session, _) = &common::webinar::sessions()[0];
    let form = common::webinar::form("zoe@exemple.fr");
    let signed = common::webinar::register(&server, session, &form).await;
    assert_eq!(signed.status(), StatusCode::CREATED);
    let fields = [("email", "zoe@exemple.fr"), ("verified", "1")];
    let erased = marketer.submit(&format!("{PAGE}/effacer"), &fields).await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER);
    let list = marketer
        .get(&format!(
            "/admin/sites/demo/webinaires/seances/{session}/inscriptions"
        ))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("<em>Données effacées</em>"),
        "{}",
        list.body
    );
    assert!(!list.body.contains("zoe@"));

    // The downloads carry the document, named without the address.
    let json = marketer
        .submit(
            &format!("{PAGE}/export.json"),
            &[("email", "lea@exemple.fr")],
        )
        .await;
    assert_eq!(json.status, StatusCode::OK);
    let disposition = json.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"donnees-demo-"),
        "{disposition}"
    );
    let data: kiosque_protocol::PersonalData = serde_json::from_str(&json.body).unwrap();
    assert_eq!(data.email, "lea@exemple.fr");
}
