//! The console's page for the widget's texts, over HTTP: overrides saved per language and
//! served to loaders, a message tied to each wrong field and nothing saved, an emptied field
//! back to the default, and only the site's marketers, with the CSRF token, changing them.

mod common;
mod console_common;

use common::TestServer;
use console_common::{signed_in, two_sites};
use kiosque_protocol::{Lang, SiteLook, Text};
use reqwest::StatusCode;

const PAGE: &str = "/admin/sites/demo/textes";
const RETRY_FR: &str = "Recharger l’article";
const LEFT_EN: &str = "Only {n} free articles left {period}!";

/// The texts the public API gives a loader of the demo site in `lang`.
async fn served(server: &TestServer, lang: Lang) -> Vec<String> {
    let look: SiteLook =
        reqwest::get(server.url(&format!("/v1/sites/demo/appearance?lang={}", lang.as_str())))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(look.texts.len(), Text::ALL.len());
    look.texts
}

/// The status of a revalidation of the French answer tagged `etag`, and the tag it gives.
async fn revalidated(server: &TestServer, etag: &str) -> (StatusCode, String) {
    let answer = reqwest::Client::new()
        .get(server.url("/v1/sites/demo/appearance?lang=fr"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["cache-control"], "public, no-cache");
    (
        answer.status(),
        answer.headers()["etag"].to_str().unwrap().to_owned(),
    )
}

/// The shipped texts in `lang`, but `changed` at its position.
fn defaults_but(lang: Lang, changed: Option<(Text, &str)>) -> Vec<String> {
    Text::ALL
        .iter()
        .map(|text| match changed {
            Some((t, value)) if t == *text => as_served(lang, value),
            _ => as_served(lang, text.default_text(lang)),
        })
        .collect()
}

/// A text as readers get it: in French, with a no-break space before `:` and inside `« »`, and
/// a thin one before `; ! ?` (the rule restated here, apart from the server's).
fn as_served(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_owned();
    }
    [
        (" :", "\u{a0}:"),
        (" ;", "\u{202f};"),
        (" !", "\u{202f}!"),
        (" ?", "\u{202f}?"),
        ("« ", "«\u{a0}"),
        (" »", "\u{a0}»"),
    ]
    .iter()
    .fold(text.to_owned(), |t, (from, to)| t.replace(from, to))
}

#[tokio::test]
async fn overrides_are_checked_saved_per_language_and_served_to_loaders() {
    let server = two_sites().await;
    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;
    let site = marketer.get("/admin/sites/demo").await;
    assert!(site.body.contains(r#"href="/admin/sites/demo/textes""#));

    let form = marketer.get(PAGE).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(
        r#"<label for="fr.retry">Bouton pour réessayer après une erreur (français)</label>"#
    ));
    assert!(
        form.body.contains(
            r#"name="en.retry" type="text" value="" autocomplete="off" aria-describedby="en.retry-aide" placeholder="Try again" lang="en">"#
        ),
        "{}",
        form.body
    );
    assert!(form
        .body
        .contains("Par défaut\u{a0}: «\u{a0}Réessayer\u{a0}»<"));
    assert!(form
        .body
        .contains("»\u{202f}; peut contenir {n}, {period}<"));
    assert!(form
        .body
        .contains("<legend>Compteur d’articles gratuits</legend>"));

    // A loader's copy is revalidated: unchanged, a 304; once a text changes, the new answer.
    let (status, before) = revalidated(&server, "\"none\"").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        revalidated(&server, &before).await.0,
        StatusCode::NOT_MODIFIED
    );

    let saved = marketer
        .submit(
            PAGE,
            &[
                ("fr.retry", &format!("  {RETRY_FR} ")),
                ("en.meter_left_other", LEFT_EN),
                ("fr.not_a_text", "ignoré"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let location = saved.location.expect("back to the page");
    assert_eq!(location, format!("{PAGE}?fait=1"));
    let confirmed = marketer.get(&location).await;
    assert!(confirmed
        .body
        .contains(r#"class="notice success" role="status""#));
    assert!(
        confirmed.body.contains(&format!(r#"value="{RETRY_FR}""#)),
        "the override, trimmed, as the field's value"
    );
    let french = defaults_but(Lang::Fr, Some((Text::Retry, RETRY_FR)));
    let english = defaults_but(Lang::En, Some((Text::MeterLeftOther, LEFT_EN)));
    assert_eq!(served(&server, Lang::Fr).await, french);
    assert_eq!(served(&server, Lang::En).await, english);
    let (status, after) = revalidated(&server, &before).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "saved texts reach the next page view"
    );
    assert_ne!(after, before);

    // An unknown placeholder and a text too long: both refused, each message on its field.
    let too_long = "x".repeat(401);
    let refused = marketer
        .submit(
            PAGE,
            &[
                ("fr.retry", RETRY_FR),
                ("en.meter_left_other", "{count} articles left"),
                ("fr.confirmed", &too_long),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    for field in ["en.meter_left_other", "fr.confirmed"] {
        assert!(
            refused.body.contains(&format!(
                r#"aria-describedby="{field}-aide {field}-erreur" aria-invalid="true""#
            )),
            "{field}: {}",
            refused.body
        );
        assert!(refused
            .body
            .contains(&format!(r#"<p class="error" id="{field}-erreur">"#)));
        assert!(refused
            .body
            .contains(&format!(r##"<li><a href="#{field}">"##)));
    }
    assert!(refused
        .body
        .contains("seuls {n}, {period} sont remplis par le widget"));
    assert!(refused.body.contains("400 caractères au plus."));
    assert!(
        refused.body.contains(r#"value="{count} articles left""#),
        "what was typed stays"
    );
    assert!(!refused
        .body
        .contains("aria-describedby=\"fr.retry-aide fr.retry-erreur\""));
    assert_eq!(served(&server, Lang::Fr).await, french, "nothing saved");
    assert_eq!(served(&server, Lang::En).await, english, "nothing saved");

    // An emptied field gives the text back its default.
    let emptied = marketer
        .submit(PAGE, &[("fr.retry", ""), ("en.meter_left_other", LEFT_EN)])
        .await;
    assert_eq!(emptied.status, StatusCode::SEE_OTHER, "{}", emptied.body);
    assert_eq!(
        served(&server, Lang::Fr).await,
        defaults_but(Lang::Fr, None)
    );
    assert_eq!(served(&server, Lang::En).await, english);
}

#[tokio::test]
async fn only_the_sites_marketers_with_the_csrf_token_change_texts() {
    let server = two_sites().await;
    let mut other = signed_in(&server, "paul@exemple.fr", "marketer", &["autre"]).await;
    assert_eq!(other.get(PAGE).await.status, StatusCode::FORBIDDEN);
    let refused = other.submit(PAGE, &[("fr.retry", "Pirate")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Accès refusé"));
    assert_eq!(
        other.get("/admin/sites/autre/textes").await.status,
        StatusCode::OK
    );

    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;
    let no_token = marketer.post(PAGE, &[("fr.retry", "Pirate")]).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert!(no_token.body.contains("Formulaire refusé"));
    assert_eq!(
        served(&server, Lang::Fr).await,
        defaults_but(Lang::Fr, None)
    );

    let mut admin = signed_in(&server, "jules@exemple.fr", "admin", &[]).await;
    assert_eq!(admin.get(PAGE).await.status, StatusCode::OK);
}
