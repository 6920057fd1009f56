//! The console's offer editor, paywall settings and figures over HTTP: validation with a
//! message per field and nothing saved, drafts not served, publishing served at once, a
//! marketer kept to its own sites, the meter set from the console.

mod common;
mod console_common;

use common::SUBSCRIBER_ARTICLES;
use console_common::{signed_in, two_sites};
use kiosque_protocol::{Access, ArticlePage, RichBlock, Span};
use reqwest::StatusCode;

fn offer_fields<'a>(url: &'a str, weight_b: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("id", "essai"),
        ("name", "Essai"),
        ("cta_url", url),
        ("placement", "paywall"),
        ("priority", "0"),
        ("v0_id", "a"),
        ("v0_weight", "1"),
        ("v0_title", "Un mois d’essai"),
        ("v0_headline", "Un mois pour 1 €"),
        ("v0_price", "1 €"),
        ("v0_period", "le premier mois"),
        ("v0_cta_label", "J’essaie"),
        ("v1_id", "b"),
        ("v1_weight", weight_b),
        ("v1_title", "Essai"),
        ("v1_headline", "Essayez un mois"),
        ("v1_price", "1 €"),
        ("v1_period", "le premier mois"),
        ("v1_cta_label", "J’essaie"),
    ]
}

/// Saves the offer `essai` from `fields` and publishes it, in one action of the editor.
async fn publish(marketer: &mut console_common::Browser, mut fields: Vec<(&str, &str)>) {
    fields.retain(|(k, _)| *k != "id");
    fields.push(("action", "publish"));
    let published = marketer
        .submit("/admin/sites/demo/offres/essai", &fields)
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
}

/// The address of the desktop frame titled with `what` ("variante b") in a preview page.
fn frame_of(body: &str, what: &str) -> String {
    body.split("<iframe class=\"desktop\" src=\"")
        .skip(1)
        .find(|rest| rest.split('>').next().unwrap_or_default().contains(what))
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no frame for {what} in {body}"))
        .to_owned()
}

/// The wall's offers a preview frame's API gives the widget.
async fn framed_wall(
    marketer: &mut console_common::Browser,
    frame: &str,
) -> Vec<kiosque_protocol::Offer> {
    let api = marketer
        .get(&format!(
            "{frame}/api/v1/sites/demo/articles/{}",
            SUBSCRIBER_ARTICLES[0]
        ))
        .await;
    let page: ArticlePage = serde_json::from_str(&api.body).unwrap();
    let Access::Teaser { paywall, .. } = page.access else {
        panic!("a teaser")
    };
    paywall.offers
}

/// The first gated article as the reader `reader` gets it (`query`: `""` or `?paint=true`).
async fn gated_article_as<T: serde::de::DeserializeOwned>(
    server: &common::TestServer,
    query: &str,
    reader: &str,
) -> T {
    reqwest::Client::new()
        .get(server.url(&format!(
            "/v1/sites/demo/articles/{}{query}",
            SUBSCRIBER_ARTICLES[0]
        )))
        .header("x-kiosque-reader", reader)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn paywall_offers(server: &common::TestServer) -> Vec<String> {
    served_offers(server)
        .await
        .into_iter()
        .map(|o| o.id)
        .collect()
}

async fn served_offers(server: &common::TestServer) -> Vec<kiosque_protocol::Offer> {
    let page: ArticlePage = reqwest::Client::new()
        .get(server.url(&format!(
            "/v1/sites/demo/articles/{}",
            SUBSCRIBER_ARTICLES[0]
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    match page.access {
        Access::Teaser { paywall, .. } => paywall.offers,
        Access::Full { .. } => vec![],
    }
}

#[tokio::test]
async fn an_offer_is_checked_drafted_previewed_and_published() {
    let server = two_sites().await;
    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;

    let refused = marketer
        .submit(
            "/admin/sites/demo/offres",
            &offer_fields("javascript:alert(1)", "0"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains(r#"id="cta_url-erreur""#),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"id="v1_weight-erreur""#));
    assert!(
        refused.body.contains("Essayez un mois"),
        "what was typed stays"
    );
    assert_eq!(
        marketer.get("/admin/sites/demo/offres/essai").await.status,
        StatusCode::NOT_FOUND
    );

    let created = marketer
        .submit(
            "/admin/sites/demo/offres",
            &offer_fields("https://abonnement.example.org/essai", "3"),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert!(
        !paywall_offers(&server).await.contains(&"essai".to_owned()),
        "a draft is not served"
    );

    let preview = marketer.get("/admin/sites/demo/offres/essai/apercu").await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_eq!(
        preview.body.matches("<iframe").count(),
        4,
        "two variants, two widths"
    );
    let csp = preview.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-src 'self'"), "{csp}");
    let frame_b = frame_of(&preview.body, "variante b");
    let frame = marketer.get(&frame_b).await;
    assert_eq!(frame.status, StatusCode::OK);
    assert!(
        frame.body.contains(r#"data-consent="required""#),
        "a preview sends no analytics"
    );
    assert!(frame.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("'wasm-unsafe-eval'"));
    assert_eq!(frame.headers["x-frame-options"], "SAMEORIGIN");
    let offers = framed_wall(&mut marketer, &frame_b).await;
    assert_eq!(offers.len(), 1, "the variant alone: its card shows at once");
    assert_eq!(
        (
            offers[0].variant.as_str(),
            offers[0].title.as_str(),
            offers[0].headline.as_str()
        ),
        ("b", "Essai", "Essayez un mois")
    );

    // What is typed, unsaved, is previewed; a mistake gets its message and no preview.
    let mut typed = offer_fields("https://abonnement.example.org/essai", "3");
    typed.retain(|(k, _)| *k != "id");
    typed.retain(|(k, _)| *k != "v1_headline");
    typed.push(("v1_headline", "Un mois, sans engagement"));
    let previewed = marketer
        .submit("/admin/sites/demo/offres/essai/apercu", &typed)
        .await;
    assert_eq!(previewed.status, StatusCode::OK, "{}", previewed.body);
    assert!(
        previewed.body.contains(r#"name="v1_headline""#),
        "the editor stays, with what is typed"
    );
    let offers = framed_wall(&mut marketer, &frame_of(&previewed.body, "variante b")).await;
    assert_eq!(offers[0].headline, "Un mois, sans engagement");
    let saved = marketer.get("/admin/sites/demo/offres/essai").await;
    assert!(
        !saved.body.contains("Un mois, sans engagement"),
        "a preview saves nothing"
    );
    typed.retain(|(k, _)| *k != "v0_weight");
    typed.push(("v0_weight", "zéro"));
    let refused = marketer
        .submit("/admin/sites/demo/offres/essai/apercu", &typed)
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(!refused.body.contains("<iframe"));

    publish(
        &mut marketer,
        offer_fields("https://abonnement.example.org/essai", "3"),
    )
    .await;
    assert_eq!(
        paywall_offers(&server).await[0],
        "essai",
        "served at once, first by priority"
    );
    assert!(marketer
        .get("/admin/sites/demo/offres")
        .await
        .body
        .contains("Publiée"));
    assert_eq!(
        marketer.get("/admin/sites/demo/statistiques").await.status,
        StatusCode::OK
    );

    // Another site's offers are out of reach, and so is the preview API without a session.
    assert_eq!(
        marketer.get("/admin/sites/autre/offres").await.status,
        StatusCode::FORBIDDEN
    );
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(server.url(&frame_b))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_offer_description_is_markdown_with_its_html_removed() {
    let server = two_sites().await;
    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;
    let url = "https://abonnement.example.org/essai";
    let with = |description: &'static str| {
        let mut fields = offer_fields(url, "1");
        fields.push(("v0_description", description));
        fields.push(("v1_description", description));
        fields
    };
    let refused = marketer
        .submit(
            "/admin/sites/demo/offres",
            &with("Voir [les conditions](javascript:alert(1))"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains(r#"id="v0_description-erreur""#));
    assert!(
        refused.body.contains("http(s)"),
        "the message says what a link needs"
    );

    let written = concat!(
        "Le **meilleur** prix <img src=x onerror=alert(1)>, ",
        "[sans engagement](https://exemple.fr/cgv).\n\n",
        "<script>alert(1)</script>\n\n- un mois\n- puis 9 €"
    );
    let created = marketer
        .submit("/admin/sites/demo/offres", &with(written))
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    publish(&mut marketer, with(written)).await;
    let offer = served_offers(&server)
        .await
        .into_iter()
        .find(|o| o.id == "essai")
        .expect("the published offer, in either variant");
    let text = |text: &str| Span {
        text: text.into(),
        ..Span::default()
    };
    assert_eq!(
        offer.description,
        [
            RichBlock::Paragraph(vec![
                text("Le "),
                Span {
                    strong: true,
                    ..text("meilleur")
                },
                text(" prix , "),
                Span {
                    link: Some("https://exemple.fr/cgv".into()),
                    ..text("sans engagement")
                },
                text("."),
            ]),
            // French typography on what readers get: a no-break space before the unit.
            RichBlock::List(vec![vec![text("un mois")], vec![text("puis 9\u{a0}€")]]),
        ],
        "the markup typed in the text is gone, the Markdown is structure"
    );
    let edited = marketer.get("/admin/sites/demo/offres/essai").await;
    assert!(
        edited.body.contains("Le **meilleur** prix &lt;img"),
        "the marketer's own text is kept to edit"
    );
}

#[tokio::test]
async fn paywall_texts_and_meter_are_set_in_the_console() {
    let server = two_sites().await;
    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;
    let fields = |anonymous: &'static str| {
        vec![
            ("kicker", "Abonnement"),
            ("title", "Lisez la suite"),
            ("benefits", "Tout le site\nLes archives"),
            ("cta_label", "Nos offres"),
            ("teaser_blocks", "2"),
            ("anonymous", anonymous),
            ("registered", "3"),
            ("period_days", "30"),
        ]
    };
    // The preview: the typed texts in the real widget, nothing saved.
    let mut typed = fields("0");
    typed.retain(|(k, _)| *k != "teaser_blocks");
    typed.push(("teaser_blocks", "1"));
    let preview = marketer
        .submit("/admin/sites/demo/mur/apercu", &typed)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let start = preview
        .body
        .find("/admin/sites/demo/mur/cadre/")
        .expect("a preview frame");
    let frame = &preview.body[start..preview.body[start..].find('"').unwrap() + start];
    let api = marketer
        .get(&format!(
            "{frame}/api/v1/sites/demo/articles/{}",
            SUBSCRIBER_ARTICLES[0]
        ))
        .await;
    let previewed: ArticlePage = serde_json::from_str(&api.body).unwrap();
    let Access::Teaser { paywall, .. } = previewed.access else {
        panic!("the wall")
    };
    assert_eq!(paywall.title, "Lisez la suite");
    assert!(!paywall.offers.is_empty(), "with the site's offers");
    assert_eq!(
        previewed.body.len(),
        1,
        "cut after the typed public paragraph, not the saved 2"
    );
    let frame_page = marketer.get(frame).await;
    assert!(frame_page.body.contains(r#"data-consent="required""#));
    assert!(frame_page.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("'wasm-unsafe-eval'"));
    let tampered = marketer
        .get("/admin/sites/demo/mur/cadre/bm90LWpzb24")
        .await;
    assert_eq!(tampered.status, StatusCode::BAD_REQUEST);

    let refused = marketer
        .submit("/admin/sites/demo/mur", &fields("-1"))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains(r#"id="anonymous-erreur""#));
    let saved = marketer.submit("/admin/sites/demo/mur", &fields("0")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    // Meter off: an anonymous reader with an id meets the wall at once, with the new texts.
    let page: ArticlePage = gated_article_as(&server, "", "readerEEEEEEEEEEEEEEEEEE").await;
    let Access::Teaser { paywall, .. } = page.access else {
        panic!("the wall")
    };
    assert_eq!(paywall.title, "Lisez la suite");
    assert_eq!(paywall.benefits, ["Tout le site", "Les archives"]);
    assert_eq!(page.body.len(), 2);
    assert_eq!(
        marketer.get("/admin/sites/autre/mur").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_look_is_checked_saved_and_served_to_loaders() {
    let server = two_sites().await;
    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;
    let refused = marketer
        .submit(
            "/admin/sites/demo/apparence",
            &[
                ("accent", "red; } * { display: none"),
                ("radius", "99px"),
                ("scheme", "page"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains(r#"id="accent-erreur""#)
            && refused.body.contains(r#"id="radius-erreur""#)
    );
    let served = || async {
        reqwest::get(server.url("/v1/sites/demo/appearance"))
            .await
            .unwrap()
            .json::<kiosque_protocol::Appearance>()
            .await
            .unwrap()
    };
    assert_eq!(
        served().await,
        kiosque_protocol::Appearance::default(),
        "nothing half-saved"
    );
    let saved = marketer
        .submit(
            "/admin/sites/demo/apparence",
            &[
                ("accent", "#0a6640"),
                ("radius", "10px"),
                ("font", "Georgia, serif"),
                ("scheme", "dark"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let look = served().await;
    assert_eq!(look.accent.as_deref(), Some("#0a6640"));
    assert_eq!(
        (look.radius.as_deref(), look.scheme.as_deref()),
        (Some("10px"), Some("dark"))
    );
    assert_eq!(look.text, None);
    // A first paint comes with the look it was painted with: the loader shows it at once.
    let painted: kiosque_protocol::ArticleAnswer =
        gated_article_as(&server, "?paint=true", "readerFFFFFFFFFFFFFFFFFF").await;
    assert!(painted.paint.is_some(), "the wall is painted");
    assert_eq!(painted.appearance.as_ref(), Some(&look));
    // The look's preview shows the wall as a reader meets it, whatever the meter would give the
    // marketer's own browser.
    let preview = marketer
        .submit(
            "/admin/sites/demo/apparence/apercu",
            &[("accent", "#0a6640"), ("scheme", "dark")],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let frame = marketer.get(&frame_of(&preview.body, "")).await;
    let api = frame
        .body
        .split(r#"data-api=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a preview API")
        .replace(&server.base, "");
    let shown: ArticlePage = serde_json::from_str(
        &marketer
            .get(&format!(
                "{api}/v1/sites/demo/articles/{}",
                SUBSCRIBER_ARTICLES[0]
            ))
            .await
            .body,
    )
    .unwrap();
    assert!(matches!(shown.access, Access::Teaser { .. }), "the wall");
    // The preview frame refuses values that did not pass the checks.
    let frame = marketer
        .get("/admin/sites/demo/apparence/cadre?accent=red%3B%7D")
        .await;
    assert_eq!(frame.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        marketer.get("/admin/sites/autre/apparence").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_banner_offer_is_previewed_as_a_banner() {
    let server = two_sites().await;
    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;
    let mut fields = offer_fields("https://abonnement.example.org/essai", "1");
    fields.retain(|(k, _)| *k != "placement");
    fields.push(("placement", "banner"));
    let created = marketer.submit("/admin/sites/demo/offres", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);

    let preview = marketer.get("/admin/sites/demo/offres/essai/apercu").await;
    let frame_b = frame_of(&preview.body, "variante b");
    let frame = marketer.get(&frame_b).await;
    assert!(
        frame
            .body
            .contains(r#"data-kiosque="offers" data-placement="banner""#),
        "{}",
        frame.body
    );
    let api = marketer
        .get(&format!(
            "{frame_b}/api/v1/sites/demo/offers?placement=banner"
        ))
        .await;
    let placed: kiosque_protocol::PlacedOffers = serde_json::from_str(&api.body).unwrap();
    assert_eq!(placed.offers.len(), 1);
    assert_eq!(
        (
            placed.offers[0].variant.as_str(),
            placed.offers[0].headline.as_str()
        ),
        ("b", "Essayez un mois")
    );
    assert!(placed.offers[0].cta_url.contains("utm_medium=banner"));
}

/// Sends `events` (`(kind, variant)`, variant empty for a wall view) for offer `essai`, in
/// batches of 100 as the loader does.
async fn send_offer_events(server: &common::TestServer, events: &[(&str, &str)]) {
    let all: Vec<serde_json::Value> = events
        .iter()
        .enumerate()
        .map(|(i, (kind, variant))| match *variant {
            "" => serde_json::json!({"id": format!("evt-figures-{i:06}"), "kind": kind}),
            v => serde_json::json!({"id": format!("evt-figures-{i:06}"), "kind": kind, "offer": "essai", "variant": v}),
        })
        .collect();
    for batch in all.chunks(100) {
        let sent = reqwest::Client::new()
            .post(server.url("/v1/sites/demo/events"))
            .header("content-type", "text/plain;charset=UTF-8")
            .header("origin", &server.base)
            .header("x-kiosque-reader", "readerFIGURES0000000000")
            .body(serde_json::json!({ "events": batch }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn the_figures_count_wall_views_name_offers_and_call_the_ab_test() {
    let server = two_sites().await;
    let mut marketer = signed_in(&server, "ines@exemple.fr", "marketer", &["demo"]).await;
    let fields = offer_fields("https://abonnement.example.org/essai", "1");
    let created = marketer.submit("/admin/sites/demo/offres", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    publish(&mut marketer, fields).await;
    // 500 walls shown; variant a clicked 8 times in 400, b 40 times in 400.
    let mut events = vec![("wall_view", ""); 500];
    for (variant, clicks) in [("a", 8), ("b", 40)] {
        events.extend(std::iter::repeat_n(("impression", variant), 400));
        events.extend(std::iter::repeat_n(("click", variant), clicks));
    }
    send_offer_events(&server, &events).await;

    let figures = marketer.get("/admin/sites/demo/statistiques").await;
    assert_eq!(figures.status, StatusCode::OK);
    let body = figures.body;
    let row = |label: &str, n: u64| format!(r#"<th scope="row">{label}</th><td>{n}</td>"#);
    assert!(body.contains(&row("Murs affichés", 500)), "{body}");
    assert!(body.contains(&row("Offres vues", 800)));
    assert!(body.contains(&row("Clics", 48)));
    assert!(
        body.contains(r#"<th scope="row">Essai</th><td>b</td><td>400</td><td>40</td>"#),
        "the offer by its name"
    );
    assert!(body.contains("Variante en tête\u{a0}: b"), "{body}");
    assert!(body.contains("<tfoot>"), "totals");
    assert!(
        body.contains("Variante a — clics"),
        "a legend that reads right"
    );

    // English, and a period before anything happened.
    let before = marketer
        .get("/admin/sites/demo/statistiques?du=2020-01-01&au=2020-01-31&lang=en")
        .await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.body.contains("No offer seen in this period."));
    assert!(before
        .body
        .contains(r#"<th scope="row">Walls shown</th><td>0</td>"#));

    // A period that makes no sense: 400, the message on its field.
    let wrong = marketer
        .get("/admin/sites/demo/statistiques?du=2026-12-07&au=2026-12-01&lang=fr")
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains(r#"id="au-erreur""#), "{}", wrong.body);
}
