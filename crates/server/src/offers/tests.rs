use super::*;
use kiosque_protocol::{RichBlock, Span};

fn variant(id: &str, weight: u32) -> Variant {
    Variant {
        id: id.into(),
        weight,
        title: format!("Mensuel {id}"),
        headline: format!("Accroche {id}"),
        description: String::new(),
        price: "9,90 €".into(),
        period: "par mois".into(),
        benefits: vec![],
        cta_label: "Je m’abonne".into(),
        badge: None,
        translations: Default::default(),
    }
}

fn spec(variants: Vec<Variant>) -> OfferSpec {
    OfferSpec {
        name: "Mensuel".into(),
        cta_url: "https://abonnement.example.org/mensuel?ref=site".into(),
        placement: Placement::Paywall,
        priority: 1,
        starts_at: None,
        ends_at: None,
        targeting: Targeting::default(),
        variants,
    }
}

fn context() -> Context<'static> {
    Context {
        section: Some("droit"),
        tags: &[],
        level: AccessLevel::Subscribers,
        meter_exhausted: false,
        metered: true,
        mobile: false,
        returning: true,
        now: 1_000,
    }
}

#[test]
fn a_reader_keeps_their_variant_and_the_split_follows_the_weights() {
    let offer = spec(vec![variant("a", 1), variant("b", 3)]);
    let first = offer
        .variant_for("demo", "mensuel", "reader-42")
        .unwrap()
        .id
        .clone();
    for _ in 0..10 {
        assert_eq!(
            offer
                .variant_for("demo", "mensuel", "reader-42")
                .unwrap()
                .id,
            first
        );
    }
    // 20,000 readers (fixed ids, so the test is deterministic): the counts must fit 1:3 by a
    // chi-square test at p = 0.001 (one degree of freedom: 10.83).
    let n = 20_000u32;
    let a = (0..n)
        .filter(|i| {
            offer
                .variant_for("demo", "mensuel", &format!("reader-{i}"))
                .unwrap()
                .id
                == "a"
        })
        .count() as f64;
    let (expected_a, expected_b) = (f64::from(n) / 4.0, f64::from(n) * 3.0 / 4.0);
    let b = f64::from(n) - a;
    let chi2 = (a - expected_a).powi(2) / expected_a + (b - expected_b).powi(2) / expected_b;
    assert!(chi2 < 10.83, "a = {a}, b = {b}, chi2 = {chi2}");
    // Another offer splits the same readers independently.
    let other = spec(vec![variant("a", 1), variant("b", 1)]);
    let same = (0..2000)
        .filter(|i| {
            let r = format!("reader-{i}");
            offer.variant_for("demo", "mensuel", &r).unwrap().id
                == other.variant_for("demo", "annuel", &r).unwrap().id
        })
        .count();
    assert!((800..1200).contains(&same), "{same}");
}

#[test]
fn the_schedule_starts_inclusive_and_ends_exclusive() {
    let mut offer = spec(vec![variant("a", 1)]);
    offer.starts_at = Some(1_000);
    offer.ends_at = Some(2_000);
    let at = |now| Context { now, ..context() };
    assert!(!offer.applies(&at(999)));
    assert!(offer.applies(&at(1_000)));
    assert!(offer.applies(&at(1_999)));
    assert!(!offer.applies(&at(2_000)));
}

#[test]
fn targeting_narrows_by_page_and_reader() {
    let mut offer = spec(vec![variant("a", 1)]);
    offer.targeting = Targeting {
        sections: vec!["droit".into()],
        tags: vec!["enfance".into()],
        access_levels: vec![AccessLevel::Subscribers],
        meter: MeterTarget::Exhausted,
        device: DeviceTarget::Mobile,
        reader: ReaderTarget::Returning,
    };
    let tags = ["enfance".to_string()];
    let hit = Context {
        tags: &tags,
        meter_exhausted: true,
        mobile: true,
        ..context()
    };
    assert!(offer.applies(&hit));
    assert!(!offer.applies(&Context {
        section: Some("social"),
        ..hit
    }));
    assert!(!offer.applies(&Context { tags: &[], ..hit }));
    assert!(!offer.applies(&Context {
        level: AccessLevel::Registered,
        ..hit
    }));
    assert!(!offer.applies(&Context {
        meter_exhausted: false,
        ..hit
    }));
    assert!(!offer.applies(&Context {
        mobile: false,
        ..hit
    }));
    assert!(!offer.applies(&Context {
        returning: false,
        ..hit
    }));
    assert!(
        spec(vec![variant("a", 1)]).applies(&context()),
        "no targeting: everyone"
    );
}

#[test]
fn a_spec_is_checked_field_by_field() {
    let mut offer = spec(vec![variant("a", 0), variant("a", 1), variant("b c", 1)]);
    offer.cta_url = "javascript:alert(1)".into();
    offer.starts_at = Some(10);
    offer.ends_at = Some(10);
    offer.variants[1].price = " ".into();
    let fields: Vec<(String, String)> = offer
        .check()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    let expected = [
        ("cta_url", "invalid_url"),
        ("ends_at", "before_start"),
        ("variants.0.weight", "not_positive"),
        ("variants.1.id", "duplicate"),
        ("variants.1.price", "required"),
        ("variants.2.id", "invalid_id"),
    ];
    assert_eq!(
        fields,
        expected.map(|(f, c)| (f.to_string(), c.to_string()))
    );
    assert!(spec(vec![variant("a", 1)]).check().is_empty());
}

#[test]
fn the_reader_gets_the_variants_texts_and_a_tracked_link() {
    let offer = spec(vec![variant("a", 1), variant("b", 1)]);
    let shown = offer.for_reader("mensuel", &offer.variants[1], kiosque_protocol::Lang::Fr);
    assert_eq!(
        shown.title, "Mensuel b",
        "the variant's title, not the internal name"
    );
    assert_eq!(shown.headline, "Accroche b");
    assert_eq!(shown.variant, "b");
    assert_eq!(
        shown.cta_url,
        "https://abonnement.example.org/mensuel?ref=site&utm_source=kiosque&utm_medium=paywall&utm_campaign=mensuel&utm_content=b"
    );
}

#[test]
fn an_english_reader_gets_what_was_translated_and_the_rest_in_the_sites_language() {
    let mut v = variant("a", 1);
    v.description = "**Sans** engagement".into();
    v.translations.insert(
        "en".into(),
        VariantTexts {
            title: "Monthly".into(),
            headline: "Read everything".into(),
            description: "**No** commitment".into(),
            period: "a month".into(),
            benefits: vec!["Every article".into()],
            ..VariantTexts::default()
        },
    );
    let offer = spec(vec![v]);
    let en = offer.for_reader("mensuel", &offer.variants[0], kiosque_protocol::Lang::En);
    assert_eq!(en.title, "Monthly");
    assert_eq!(en.headline, "Read everything");
    assert_eq!(en.description, rich_text::render("**No** commitment"));
    assert_eq!(
        en.description[0],
        RichBlock::Paragraph(vec![
            Span {
                text: "No".into(),
                strong: true,
                ..Span::default()
            },
            Span {
                text: " commitment".into(),
                ..Span::default()
            },
        ])
    );
    assert_eq!(en.period, "a month");
    assert_eq!(en.benefits, ["Every article"]);
    // Not translated: the site's language.
    assert_eq!(en.price, "9,90 €");
    assert_eq!(en.cta_label, "Je m’abonne");
    let fr = offer.for_reader("mensuel", &offer.variants[0], kiosque_protocol::Lang::Fr);
    assert_eq!(fr.headline, "Accroche a");
    assert_eq!(fr.description, rich_text::render("**Sans** engagement"));
}

#[test]
fn a_translated_description_is_checked_like_the_original() {
    let mut v = variant("a", 1);
    v.translations.insert(
        "en".into(),
        VariantTexts {
            description: "[link](javascript:alert(1))".into(),
            ..VariantTexts::default()
        },
    );
    let fields: Vec<String> = spec(vec![v]).check().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["variants.0.en_description"]);
}

#[test]
fn a_draft_saved_before_titles_shows_readers_what_they_saw_before() {
    let mut untitled = variant("a", 1);
    untitled.title = String::new();
    let offer = spec(vec![untitled, variant("b", 1)]).with_titles();
    assert_eq!(
        offer.variants[0].title, "Mensuel",
        "the offer's name, as readers saw it"
    );
    assert_eq!(offer.variants[1].title, "Mensuel b");
    let mut missing = spec(vec![variant("a", 1)]);
    missing.variants[0].title = " ".into();
    assert!(missing
        .check()
        .iter()
        .any(|e| e.field == "variants.0.title" && e.code == "required"));
}
