//! The hand-written decoders and encoders against serde, which the server uses: whatever the
//! server writes, the widget reads back unchanged, and the other way round.

use kiosque_protocol::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::encode::{self, Encode};
use super::{parse, Decode};

/// serde writes it (as the server does), the widget's decoder reads the same value.
fn round_trip<T: Serialize + Decode + PartialEq + std::fmt::Debug>(value: T) {
    let text = serde_json::to_string(&value).unwrap();
    assert_eq!(parse::<T>(&text).as_ref(), Some(&value), "{text}");
}

/// The widget writes it, serde (the server) reads the same value.
fn encodes<T: Encode + DeserializeOwned + PartialEq + std::fmt::Debug>(value: T) {
    let text = value.encode();
    assert_eq!(serde_json::from_str::<T>(&text).unwrap(), value, "{text}");
}

fn offer(badge: Option<&str>) -> Offer {
    Offer {
        id: "annuel".into(),
        title: "Annuel".into(),
        headline: "L’essentiel".into(),
        description: vec![
            RichBlock::Paragraph(vec![
                Span {
                    text: "Tout \"Le Fil\" ".into(),
                    ..Span::default()
                },
                Span {
                    text: "sans".into(),
                    strong: true,
                    em: true,
                    link: Some("https://exemple.fr/cgv".into()),
                },
            ]),
            RichBlock::List(vec![vec![Span {
                text: "un".into(),
                em: true,
                ..Span::default()
            }]]),
        ],
        price: "9,90 €".into(),
        period: "par mois".into(),
        benefits: vec!["Archives".into(), "Lettre".into()],
        cta_label: "Je m’abonne".into(),
        cta_url: "https://exemple.fr/abo?x=1&y=2".into(),
        badge: badge.map(Into::into),
        variant: "b".into(),
    }
}

fn meta(access: AccessLevel, tags: Vec<String>) -> ArticleMeta {
    ArticleMeta {
        slug: "un-article".into(),
        section: Section {
            slug: "droit".into(),
            name: "Droit".into(),
        },
        kicker: "Enquête".into(),
        title: "Titre\nsur deux lignes".into(),
        standfirst: "Chapô".into(),
        author: "A. Auteur".into(),
        published_at: "2026-11-20T08:00:00Z".into(),
        access,
        tags,
        image: None,
    }
}

#[test]
fn article_pages_of_every_kind_decode() {
    for (access, meter, account, entitlement_error) in [
        (
            Access::Full {
                reason: GrantReason::Meter,
            },
            Some(MeterState {
                allowance: 3,
                used: 1,
                remaining: 2,
                period_days: 30,
            }),
            None,
            None,
        ),
        (
            Access::Teaser {
                wall: Wall::Subscription,
                paywall: Paywall {
                    kicker: "Abonnez-vous".into(),
                    title: "Pour lire la suite".into(),
                    benefits: vec![],
                    cta_label: "Voir".into(),
                    offers: vec![offer(Some("Populaire")), offer(None)],
                },
                register_for: Some(3),
            },
            None,
            Some(Account {
                email: "a@b.fr".into(),
            }),
            Some(ErrorCode::EntitlementExpired),
        ),
    ] {
        round_trip(ArticlePage {
            article: meta(AccessLevel::Subscribers, vec!["enfance".into()]),
            body: vec![
                Block::Paragraph("Un".into()),
                Block::Heading("Deux".into()),
                Block::Question("Trois ?".into()),
                Block::Quote("« Quatre »".into()),
            ],
            access: access.clone(),
            meter,
            account: account.clone(),
            entitlement_error,
        });
        round_trip(AccessDecision {
            access,
            meter,
            account,
            entitlement_error,
        });
    }
}

#[test]
fn lists_sessions_and_codes_decode() {
    let mut pictured = meta(AccessLevel::Free, vec![]);
    pictured.image = Some(Image {
        url: "https://exemple.fr/a.jpg".into(),
        alt: "Une éducatrice".into(),
    });
    round_trip(ArticleList {
        articles: vec![pictured, meta(AccessLevel::Registered, vec![])],
        next: Some("2026-11-20T08:00:00Z~un-article".into()),
    });
    round_trip(LoginStarted {
        expires_in_secs: 900,
    });
    round_trip(Session {
        token: "t".into(),
        email: "a@b.fr".into(),
        expires_at: 1_790_000_000,
    });
    for &code in ErrorCode::ALL {
        round_trip(code);
    }
    assert_eq!(
        parse::<ErrorCode>(r#""from_the_future""#),
        Some(ErrorCode::Unknown)
    );
}

fn person(name: &str) -> Person {
    Person {
        name: name.into(),
        role: "Journaliste".into(),
    }
}

#[test]
fn webinar_series_and_registration_answers_decode() {
    let session = |id: &str, capacity: Option<u32>, status| WebinarSession {
        id: id.into(),
        title: "Dématérialisation".into(),
        description: "Comment…".into(),
        starts_at: "2026-12-03T15:30:00+01:00".into(),
        ends_at: "2026-12-03T17:00:00+01:00".into(),
        time_zone: "Europe/Paris".into(),
        capacity,
        seats_left: capacity.map(|c| c / 2),
        waitlist: capacity.is_some(),
        status,
        registration_open: status == SessionStatus::Scheduled,
        hosts: vec![person("Julien")],
        speakers: vec![person("Samia"), person("Pierre-Yves")],
        points: vec!["Un".into(), "Deux".into()],
        replay_url: (status == SessionStatus::Ended).then(|| "https://video.example/r".into()),
    };
    let question = |id: &str, kind, choices: &[&str]| Question {
        id: id.into(),
        label: format!("Question {id}"),
        kind,
        required: kind == QuestionKind::SingleChoice,
        choices: choices.iter().map(|c| c.to_string()).collect(),
    };
    round_trip(WebinarSeries {
        id: "numerique".into(),
        title: "Le numérique".into(),
        description: "Quatre rencontres".into(),
        sessions: vec![
            session("a", Some(100), SessionStatus::Scheduled),
            session("b", None, SessionStatus::Cancelled),
            session("c", Some(0), SessionStatus::Ended),
        ],
        questions: vec![
            question("s", QuestionKind::ShortText, &[]),
            question("o", QuestionKind::SingleChoice, &["CCAS", "Autre"]),
            question("m", QuestionKind::MultipleChoice, &["A", "B"]),
            question("c", QuestionKind::Checkbox, &[]),
        ],
        double_opt_in: true,
        consent_processing: ConsentText {
            version: 2,
            text: "J’accepte…".into(),
        },
        consent_marketing: ConsentText {
            version: 1,
            text: "Je souhaite…".into(),
        },
    });
    for &status in RegistrationStatus::ALL {
        round_trip(RegistrationResult {
            status,
            created: status != RegistrationStatus::Cancelled,
            seats_left: (status == RegistrationStatus::Confirmed).then_some(12),
        });
    }
    round_trip(vec![FieldError {
        field: "answers.s".into(),
        code: "required".into(),
    }]);
}

#[test]
fn surveys_round_trip_with_results_and_the_readers_answers() {
    let question = |id: &str, kind| Question {
        id: id.into(),
        label: format!("Question {id}"),
        kind,
        required: true,
        choices: vec!["Oui".into(), "Non, \"pas\"".into()],
    };
    let answers = vec![
        Answer {
            question: "note".into(),
            scale: Some(4),
            ..Answer::default()
        },
        Answer {
            question: "avis".into(),
            text: Some("Deux\n\nparagraphes".into()),
            ..Answer::default()
        },
    ];
    for &state in SurveyState::ALL {
        round_trip(Survey {
            id: "pratiques".into(),
            title: "Vos pratiques".into(),
            introduction: "Dix minutes.".into(),
            questions: vec![
                question("note", QuestionKind::Scale),
                question("avis", QuestionKind::LongText),
                question("choix", QuestionKind::SingleChoice),
            ],
            state,
            opens_at: Some("2026-12-01T08:00:00Z".into()),
            closes_at: (state == SurveyState::Closed).then(|| "2026-12-14T17:00:00Z".into()),
            email_consent: (state == SurveyState::Open).then(|| ConsentText {
                version: 2,
                text: "J’accepte.".into(),
            }),
            results_note: "Au webinaire du 15 décembre".into(),
            series: Some(SurveySeries {
                id: "numerique".into(),
                title: "Le numérique".into(),
            }),
            results: (state == SurveyState::Closed).then(|| SurveyResults {
                answers: 12,
                questions: vec![QuestionResult {
                    question: "choix".into(),
                    label: "Question choix".into(),
                    answered: 11,
                    options: vec![
                        OptionCount {
                            option: "Oui".into(),
                            count: 7,
                        },
                        OptionCount {
                            option: "Non".into(),
                            count: 4,
                        },
                    ],
                }],
            }),
            your_answers: (state != SurveyState::Upcoming).then(|| answers.clone()),
        });
    }
    round_trip(SurveyAnswerResult { replaced: true });
    encodes(SurveyAnswerRequest::default());
    encodes(SurveyAnswerRequest {
        answers,
        email: "zoe@exemple.fr".into(),
        consent_version: Some(2),
        website: String::new(),
        fill_ms: Some(9_000),
    });
    // A scale out of a byte is no answer.
    assert_eq!(parse::<Answer>(r#"{"question":"q","scale":300}"#), None);
}

#[test]
fn malformed_answers_are_refused() {
    // A missing required field, a wrong type, a fractional or negative count, an unknown tag.
    assert_eq!(parse::<Session>(r#"{"token":"t","email":"e"}"#), None);
    assert_eq!(parse::<LoginStarted>(r#"{"expires_in_secs":"900"}"#), None);
    assert_eq!(parse::<LoginStarted>(r#"{"expires_in_secs":1.5}"#), None);
    assert_eq!(parse::<LoginStarted>(r#"{"expires_in_secs":-1}"#), None);
    assert_eq!(parse::<Block>(r#"{"script":"x"}"#), None);
    assert_eq!(parse::<Block>(r#"{"paragraph":"x","quote":"y"}"#), None);
    assert_eq!(parse::<Access>(r#"{"full":{"reason":"bribe"}}"#), None);
    assert_eq!(parse::<ArticleList>("not json"), None);
    // An optional field present with the wrong shape is an error too, not "absent".
    assert_eq!(
        parse::<AccessDecision>(r#"{"access":{"full":{"reason":"free"}},"meter":"lots"}"#),
        None
    );
    // `null` is absent.
    assert!(
        parse::<AccessDecision>(r#"{"access":{"full":{"reason":"free"}},"meter":null}"#).is_some()
    );
}

#[test]
fn request_bodies_are_what_serde_reads() {
    encodes(LoginStart {
        email: "é\"\\\u{1}\n@exemple.fr".into(),
        return_url: "https://exemple.fr/a?b=c#d".into(),
        reader_id: None,
    });
    encodes(LoginStart {
        email: "a@b.fr".into(),
        return_url: String::new(),
        reader_id: Some("AbCdEfGhIjKlMnOpQrStUv".into()),
    });
    encodes(LoginVerify {
        email: Some("a@b.fr".into()),
        code: Some("123456".into()),
        ..LoginVerify::default()
    });
    encodes(LoginVerify {
        link_token: Some("tok".into()),
        ..LoginVerify::default()
    });
    encodes(RegistrationRequest::default());
    encodes(RegistrationRequest {
        first_name: "Zoé".into(),
        last_name: "O'Brien \"Jr\"".into(),
        email: "zoe@exemple.fr".into(),
        organisation: "CCAS".into(),
        job_title: "Éducatrice".into(),
        consent_processing_version: Some(2),
        consent_marketing_version: None,
        source_page: "https://exemple.fr/webinaires".into(),
        answers: vec![
            Answer {
                question: "q1".into(),
                text: Some("Une réponse".into()),
                ..Answer::default()
            },
            Answer {
                question: "q2".into(),
                choices: vec!["A".into(), "B, C".into()],
                ..Answer::default()
            },
            Answer {
                question: "q3".into(),
                checked: Some(false),
                ..Answer::default()
            },
            Answer {
                question: "q4".into(),
                scale: Some(5),
                ..Answer::default()
            },
        ],
        website: String::new(),
        fill_ms: Some(12_345),
    });
}

#[test]
fn every_control_character_is_escaped() {
    let all: String = (0u32..0x80).filter_map(char::from_u32).collect();
    let mut text = String::new();
    encode::push_string(&mut text, &all);
    assert_eq!(serde_json::from_str::<String>(&text).unwrap(), all);
    assert_eq!(
        encode::array(["1".to_string(), "\"a\"".to_string()]),
        r#"[1,"a"]"#
    );
}
