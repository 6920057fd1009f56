//! Widget tests in headless Chromium: mount components into a real shadow root and check
//! what a reader would see. Run with `make test-widget`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use kiosque::components::{ArticleView, ArticleViewProps};
use kiosque::i18n::{Lang, Text, Texts};
use kiosque_protocol::{
    Access, AccessLevel, ArticleMeta, ArticlePage, Block, GrantReason, MeterState, Offer, Paywall,
    RichBlock, Section, Span, Wall,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

/// A placeholder on the page with an open shadow root and a container in it, as the loader
/// makes them.
fn placeholder(fallback_html: &str) -> (Element, ShadowRoot, Element) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_inner_html(fallback_html);
    document.body().unwrap().append_child(&host).unwrap();
    let shadow = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    let container = document.create_element("div").unwrap();
    shadow.append_child(&container).unwrap();
    (host, shadow, container)
}

async fn settle() {
    gloo_timers::future::TimeoutFuture::new(20).await;
}

/// Waits (up to 10 s) until `selector` matches inside `root`.
async fn wait_for(root: &ShadowRoot, selector: &str) -> Element {
    for _ in 0..500 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        settle().await;
    }
    panic!("{selector} never appeared");
}

fn texts(root: &ShadowRoot, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn offer(id: &str, badge: Option<&str>, url: &str) -> Offer {
    Offer {
        id: id.into(),
        title: format!("Offre {id}"),
        headline: "Tout le site".into(),
        // As the server builds it from the marketer's Markdown.
        description: vec![RichBlock::Paragraph(vec![
            Span {
                text: "Sans ".into(),
                ..Span::default()
            },
            Span {
                text: "engagement".into(),
                strong: true,
                link: Some("javascript:alert(1)".into()),
                ..Span::default()
            },
            Span {
                text: "<img src=x onerror=alert(1)>".into(),
                ..Span::default()
            },
            Span {
                text: " Conditions".into(),
                link: Some("https://abo.example.org/cgv".into()),
                ..Span::default()
            },
        ])],
        price: "9,90 €".into(),
        period: "par mois".into(),
        benefits: vec!["Articles".into()],
        cta_label: "Je m’abonne".into(),
        cta_url: url.into(),
        badge: badge.map(Into::into),
        variant: "a".into(),
    }
}

fn page(access: Access, body: &[&str]) -> ArticlePage {
    ArticlePage {
        article: ArticleMeta {
            slug: "secret-partage".into(),
            section: Section {
                slug: "droit".into(),
                name: "Droit".into(),
            },
            kicker: "Décryptage".into(),
            title: "Le secret partagé".into(),
            standfirst: "Ce que dit la loi.".into(),
            author: "Claire Martin".into(),
            published_at: "2026-11-20".into(),
            access: AccessLevel::Subscribers,
            tags: Vec::new(),
            image: None,
        },
        body: body
            .iter()
            .map(|t| Block::Paragraph(t.to_string()))
            .collect(),
        access,
        meter: None,
        account: None,
        entitlement_error: None,
    }
}

fn teaser_page() -> ArticlePage {
    page(
        Access::Teaser {
            wall: Wall::Subscription,
            register_for: None,
            paywall: Paywall {
                kicker: "Abonnement".into(),
                title: "Accédez à l’intégralité de nos contenus".into(),
                benefits: vec![
                    "Articles & brèves".into(),
                    "Vidéos & infographies".into(),
                    "Longs formats & dossiers juridiques".into(),
                    "Reportages & enquêtes".into(),
                ],
                cta_label: "Découvrez nos offres".into(),
                offers: vec![
                    offer(
                        "annuel",
                        Some("Le plus choisi"),
                        "https://abo.example.org/annuel",
                    ),
                    offer("piege", None, "javascript:alert(1)"),
                ],
            },
        },
        &[
            "Premier paragraphe public.",
            "Deuxième paragraphe public <b>pas du HTML</b>.",
        ],
    )
}

#[wasm_bindgen_test]
async fn teaser_shows_the_public_paragraphs_and_the_subscription_box() {
    let (_host, shadow, container) = placeholder("");
    let props = ArticleViewProps {
        page: Rc::new(teaser_page()),
        texts: Texts::defaults(Lang::Fr),
        on_signed_in: Default::default(),
        on_sign_out: Default::default(),
    };
    yew::Renderer::<ArticleView>::with_root_and_props(container, props).render();
    wait_for(&shadow, ".kq-paywall").await;

    assert_eq!(
        texts(&shadow, ".kq-body p"),
        [
            "Premier paragraphe public.",
            "Deuxième paragraphe public <b>pas du HTML</b>."
        ],
        "text is rendered as text"
    );
    assert!(shadow.query_selector(".kq-body b").unwrap().is_none());
    assert_eq!(texts(&shadow, ".kq-paywall-kicker"), ["Abonnement"]);
    assert_eq!(
        texts(&shadow, ".kq-paywall-title"),
        ["Accédez à l’intégralité de nos contenus"]
    );
    assert_eq!(texts(&shadow, ".kq-benefits li").len(), 4);

    // The best offer (the first) is shown at once with its price, alone on its row; the
    // others wait for the reader to ask.
    assert_eq!(texts(&shadow, ".kq-offer-title"), ["Offre annuel"]);
    assert_eq!(texts(&shadow, ".kq-price strong"), ["9,90 €"]);
    let list = shadow.query_selector("#kq-offers").unwrap().unwrap();
    assert_eq!(list.class_name(), "kq-offer-list kq-c1");
    let button: HtmlElement = shadow
        .query_selector(".kq-paywall > button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(button.text_content().unwrap(), "Découvrez nos offres");
    assert_eq!(button.get_attribute("aria-expanded").unwrap(), "false");
    assert_eq!(button.get_attribute("aria-controls").unwrap(), "kq-offers");
    button.click();
    wait_for(&shadow, ".kq-offer + .kq-offer").await;
    assert_eq!(button.get_attribute("aria-expanded").unwrap(), "true");
    assert_eq!(
        texts(&shadow, ".kq-offer-title"),
        ["Offre annuel", "Offre piege"]
    );
    assert_eq!(
        list.class_name(),
        "kq-offer-list kq-c2",
        "two cards, two columns"
    );
    assert_eq!(texts(&shadow, ".kq-badge"), ["Le plus choisi"]);
    assert_eq!(
        texts(&shadow, ".kq-offer-description strong"),
        ["engagement", "engagement"],
        "the description's bold text"
    );
    // The description's text stays text, and only its web link is a link.
    assert_eq!(
        texts(&shadow, ".kq-offer-description p")[0],
        "Sans engagement<img src=x onerror=alert(1)> Conditions"
    );
    assert!(shadow
        .query_selector(".kq-offer-description img")
        .unwrap()
        .is_none());
    let cgv = shadow
        .query_selector_all(".kq-offer-description a")
        .unwrap();
    assert_eq!(cgv.length(), 2, "one per card");
    let cgv: Element = cgv.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(
        cgv.get_attribute("href").unwrap(),
        "https://abo.example.org/cgv"
    );
    assert_eq!(cgv.get_attribute("rel").unwrap(), "noopener");
    assert_eq!(cgv.text_content().unwrap(), " Conditions");

    // Only the web link became clickable.
    let links = shadow.query_selector_all(".kq-offer > a").unwrap();
    assert_eq!(links.length(), 1);
    let link: Element = links.item(0).unwrap().dyn_into().unwrap();
    // The publisher's checkout, told where to bring the reader back (the page, without its
    // fragment).
    let href = web_sys::window().unwrap().location().href().unwrap();
    let page: String = js_sys::encode_uri_component(href.split('#').next().unwrap()).into();
    assert_eq!(
        link.get_attribute("href").unwrap(),
        format!("https://abo.example.org/annuel?return_url={page}")
    );
}

#[wasm_bindgen_test]
async fn a_full_article_has_every_block_and_no_paywall() {
    let (_host, shadow, container) = placeholder("");
    let props = ArticleViewProps {
        page: Rc::new(page(
            Access::Full {
                reason: GrantReason::Subscriber,
            },
            &["Un.", "Deux.", "Trois."],
        )),
        texts: Texts::defaults(Lang::Fr),
        on_signed_in: Default::default(),
        on_sign_out: Default::default(),
    };
    yew::Renderer::<ArticleView>::with_root_and_props(container, props).render();
    wait_for(&shadow, ".kq-body p").await;
    assert_eq!(texts(&shadow, ".kq-body p"), ["Un.", "Deux.", "Trois."]);
    assert!(shadow.query_selector(".kq-paywall").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn an_unreachable_backend_shows_the_publishers_fallback_and_tells_the_page() {
    let (host, shadow, container) = placeholder("<p id=\"fb\">Lire sur notre site</p>");
    let errors = Rc::new(RefCell::new(Vec::<String>::new()));
    let listener = {
        let errors = errors.clone();
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
            let code = js_sys::Reflect::get(&event.detail(), &"code".into()).unwrap();
            errors
                .borrow_mut()
                .push(code.as_string().unwrap_or_default());
        })
    };
    host.add_event_listener_with_callback("kiosque:error", listener.as_ref().unchecked_ref())
        .unwrap();

    // Nothing listens on port 1 of loopback: the request fails fast.
    let options = with_texts(
        r#"{"kind":"paywall","site":"demo","api":"http://127.0.0.1:1","article":"x","timeout_ms":3000}"#,
    );
    let mounted = kiosque::mount(host.clone(), container, &options);
    assert!(mounted.is_ok());

    let alert = wait_for(&shadow, "[role=alert]").await;
    let slot = alert
        .query_selector("slot")
        .unwrap()
        .expect("the fallback slot");
    let slot: web_sys::HtmlSlotElement = slot.dyn_into().unwrap();
    let assigned = slot.assigned_nodes();
    assert_eq!(
        assigned.length(),
        1,
        "the placeholder's own content is shown"
    );
    assert_eq!(errors.borrow().as_slice(), ["network"]);
    assert!(
        shadow.query_selector("button").unwrap().is_some(),
        "a retry button"
    );
    drop(listener);
}

/// `json` with the shipped French texts, as the loader passes the site's look.
fn with_texts(json: &str) -> String {
    let texts: Vec<String> = Text::ALL
        .iter()
        .map(|t| format!("\"{}\"", t.default_text(Lang::Fr).replace('"', "\\\"")))
        .collect();
    let catalogue = kiosque_protocol::CATALOGUE;
    let head = format!(
        r#"{{"lang":"fr","catalogue":{catalogue},"texts":[{}],"#,
        texts.join(",")
    );
    json.replacen('{', &head, 1)
}

#[wasm_bindgen_test]
fn bad_options_are_an_error_not_a_panic() {
    let (host, _shadow, container) = placeholder("");
    let result = kiosque::mount(
        host.clone(),
        container.clone(),
        &with_texts(r#"{"kind":"paywall","site":"demo","api":"x"}"#),
    );
    assert!(result.is_err(), "no data-article");
    let without_texts = r#"{"kind":"teasers","site":"demo","api":"x"}"#;
    assert!(kiosque::mount(host, container, without_texts).is_err());
}

#[wasm_bindgen_test]
async fn a_metered_reader_is_told_what_is_left() {
    let (_host, shadow, container) = placeholder("");
    let mut opened = page(
        Access::Full {
            reason: GrantReason::Meter,
        },
        &["Un."],
    );
    opened.meter = Some(MeterState {
        allowance: 3,
        used: 1,
        remaining: 2,
        period_days: 30,
    });
    let props = ArticleViewProps {
        page: Rc::new(opened),
        texts: Texts::defaults(Lang::Fr),
        on_signed_in: Default::default(),
        on_sign_out: Default::default(),
    };
    yew::Renderer::<ArticleView>::with_root_and_props(container, props).render();
    let notice = wait_for(&shadow, ".kq-meter").await;
    assert_eq!(
        notice.text_content().unwrap(),
        "Il vous reste 2 articles gratuits ce mois-ci."
    );
    assert_eq!(notice.get_attribute("role").unwrap(), "status");
}

#[wasm_bindgen_test]
fn the_reader_id_is_the_loaders_kept_in_first_party_storage() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("kiosque:widget-test:reader").unwrap();
    assert_eq!(
        kiosque::identity::reader_id("widget-test"),
        None,
        "none of its own"
    );
    // The loader's id (it makes the reader id for its first request): kept, per site.
    kiosque::identity::adopt_reader_id("widget-test", "not an id!");
    assert_eq!(kiosque::identity::reader_id("widget-test"), None);
    let id = "loaderMadeThisId_0123456789";
    kiosque::identity::adopt_reader_id("widget-test", id);
    assert_eq!(
        kiosque::identity::reader_id("widget-test").as_deref(),
        Some(id)
    );
    assert_eq!(
        storage
            .get_item("kiosque:widget-test:reader")
            .unwrap()
            .as_deref(),
        Some(id)
    );
    // Storage cleared meanwhile: the page keeps the id its requests were made with.
    storage.remove_item("kiosque:widget-test:reader").unwrap();
    assert_eq!(
        kiosque::identity::reader_id("widget-test").as_deref(),
        Some(id)
    );
    assert_eq!(
        kiosque::identity::reader_id("other-site"),
        None,
        "one id per site"
    );
}

#[wasm_bindgen_test]
fn dates_are_written_out_by_the_browser() {
    let (fr, en) = (Texts::defaults(Lang::Fr), Texts::defaults(Lang::En));
    assert_eq!(fr.date("2026-11-01"), "1er novembre 2026");
    assert_eq!(fr.date("2026-08-20"), "20 août 2026");
    assert_eq!(fr.date("2026-11-20T08:00:00Z"), "20 novembre 2026");
    assert_eq!(en.date("2026-11-01"), "1 November 2026");
    assert_eq!(en.date("soon"), "soon");
}
