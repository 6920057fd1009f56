//! Every string the widget shows that the site does not write itself, in French and English.
//!
//! The server sends them with the site's look (`GET /v1/sites/{site}/appearance?lang=…`),
//! each replaced by the marketer's override for that language when there is one; the widget
//! holds none of them and reads them by `Text` (its position in `Text::ALL`). So the texts
//! cost the wasm nothing and a marketer's change needs no new build.
//!
//! `{name}` marks a value the widget puts in (`{n}` a number, `{email}`, …). A text comes in
//! `_one` and `_other` forms where it counts something: French uses `_one` for 0 and 1,
//! English for 1 only (see `Lang::is_one`).

use serde::{Deserialize, Serialize};

/// The languages the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// `en`, `en-GB`, `EN_us` → English; anything else → French.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Fr
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Whether `n` takes the `_one` form: French counts 0 and 1 as singular, English 1 only.
    pub fn is_one(self, n: u64) -> bool {
        match self {
            Lang::Fr => n <= 1,
            Lang::En => n == 1,
        }
    }
}

/// Where a text is shown, to group them in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextGroup {
    Article,
    Meter,
    Registration,
    Teasers,
    Webinar,
    WebinarForm,
    Survey,
    Errors,
}

impl TextGroup {
    pub const ALL: [TextGroup; 8] = [
        TextGroup::Article,
        TextGroup::Meter,
        TextGroup::Registration,
        TextGroup::Teasers,
        TextGroup::Webinar,
        TextGroup::WebinarForm,
        TextGroup::Survey,
        TextGroup::Errors,
    ];
}

/// Declares `Text` from one row per text: its name, group, French and English.
macro_rules! texts {
    ( $( $variant:ident $name:literal $group:ident $fr:literal $en:literal; )* ) => {
        /// One of the widget's texts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text {
            $( $variant, )*
        }

        impl Text {
            /// Every text, in the order of `TextSet::texts`.
            pub const ALL: &'static [Text] = &[$(Text::$variant,)*];

            const NAMES: &'static [&'static str] = &[$($name,)*];

            /// The stable name a marketer's override is stored under.
            pub fn name(self) -> &'static str {
                Self::NAMES[self as usize]
            }

            pub fn from_name(name: &str) -> Option<Text> {
                Self::ALL.iter().copied().find(|t| t.name() == name)
            }

            pub fn group(self) -> TextGroup {
                match self { $( Text::$variant => TextGroup::$group, )* }
            }

            /// The text Kiosque ships.
            pub fn default_text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Text::$variant, Lang::Fr) => $fr, (Text::$variant, Lang::En) => $en, )*
                }
            }
        }
    };
}

texts! {
    Loading "loading" Article "Chargement de l’article…" "Loading the article…";
    LoadFailed "load_failed" Article "Cet article n’a pas pu être chargé." "This article could not be loaded.";
    NotFound "not_found" Article "Cet article est introuvable." "This article could not be found.";
    Retry "retry" Article "Réessayer" "Try again";
    Unavailable "unavailable" Article "Ce contenu est momentanément indisponible." "This content is temporarily unavailable.";
    OffersHeading "offers_heading" Article "Nos offres" "Our offers";
    HideOffers "hide_offers" Article "Masquer les offres" "Hide the offers";
    EntitlementRefused "entitlement_refused" Article "Votre accès abonné n’a pas pu être vérifié : reconnectez-vous sur le site." "Your subscriber access could not be verified: please sign in again on the site.";
    Print "print" Article "Imprimer" "Print";
    Download "download" Article "Télécharger" "Download";
    ActionsLocked "actions_locked" Article "Impression et téléchargement sont réservés aux abonnés." "Printing and downloading are for subscribers.";
    SignedInAs "signed_in_as" Article "Connecté·e : {email}" "Signed in: {email}";
    SignOut "sign_out" Article "Se déconnecter" "Sign out";
    MeterLast "meter_last" Meter "C’était votre dernier article gratuit {period}." "This was your last free article {period}.";
    MeterLeftOne "meter_left_one" Meter "Il vous reste {n} article gratuit {period}." "You have {n} free article left {period}.";
    MeterLeftOther "meter_left_other" Meter "Il vous reste {n} articles gratuits {period}." "You have {n} free articles left {period}.";
    MeterReadOne "meter_read_one" Meter "Vous avez lu votre article gratuit {period}." "You have read your free article {period}.";
    MeterReadOther "meter_read_other" Meter "Vous avez lu vos {n} articles gratuits {period}." "You have read your {n} free articles {period}.";
    PeriodMonth "period_month" Meter "ce mois-ci" "this month";
    PeriodWeek "period_week" Meter "cette semaine" "this week";
    PeriodDay "period_day" Meter "aujourd’hui" "today";
    PeriodDays "period_days" Meter "sur {n} jours" "over {n} days";
    RegisterTitle "register_title" Registration "Inscrivez-vous gratuitement pour lire la suite" "Register for free to read on";
    RegisterForOne "register_for_one" Registration "Pas encore prêt·e à vous abonner ? Avec un compte gratuit, lisez {n} article {per}." "Not ready to subscribe? With a free account, read {n} article {per}.";
    RegisterForOther "register_for_other" Registration "Pas encore prêt·e à vous abonner ? Avec un compte gratuit, lisez {n} articles {per}." "Not ready to subscribe? With a free account, read {n} articles {per}.";
    PerMonth "per_month" Registration "par mois" "a month";
    PerWeek "per_week" Registration "par semaine" "a week";
    PerDays "per_days" Registration "tous les {n} jours" "every {n} days";
    EmailLabel "email_label" Registration "Votre adresse e-mail" "Your e-mail address";
    SendCode "send_code" Registration "Recevoir mon code" "Send me a code";
    CodeSent "code_sent" Registration "Nous avons envoyé un code à {email}. Il est valable 15 minutes." "We sent a code to {email}. It is valid for 15 minutes.";
    CodeLabel "code_label" Registration "Code à 6 chiffres" "6-digit code";
    CheckCode "check_code" Registration "Valider" "Confirm";
    ChangeEmail "change_email" Registration "Changer d’adresse ou recevoir un nouveau code" "Change address or get a new code";
    More "more" Teasers "Voir plus" "See more";
    RelatedTitle "related_title" Teasers "À lire aussi" "Read also";
    BadgeSubscribers "badge_subscribers" Teasers "Abonnés" "Subscribers";
    BadgeRegistered "badge_registered" Teasers "Inscrits" "Registered";
    NoTeasers "no_teasers" Teasers "Aucun article pour l’instant." "No articles yet.";
    TeasersShownOne "teasers_shown_one" Teasers "{n} article affiché" "{n} article shown";
    TeasersShownOther "teasers_shown_other" Teasers "{n} articles affichés" "{n} articles shown";
    WebinarsLoading "webinars_loading" Webinar "Chargement des webinaires…" "Loading the webinars…";
    WebinarsLoadFailed "webinars_load_failed" Webinar "Les webinaires n’ont pas pu être chargés." "The webinars could not be loaded.";
    WebinarNotFound "webinar_not_found" Webinar "Ce webinaire est introuvable." "This webinar could not be found.";
    Hosts "hosts" Webinar "Animation" "Hosted by";
    Speakers "speakers" Webinar "Intervenants" "Speakers";
    Points "points" Webinar "Au programme" "On the agenda";
    SessionTime "session_time" Webinar "{when} (heure de {zone})" "{when} ({zone} time)";
    InYourZone "in_your_zone" Webinar "Soit {when} à votre heure ({zone})" "That is {when} your time ({zone})";
    SeatsLeftOne "seats_left_one" Webinar "Plus qu’une place" "{n} seat left";
    SeatsLeftOther "seats_left_other" Webinar "{n} places restantes" "{n} seats left";
    FullWaitlist "full_waitlist" Webinar "Complet — inscription en liste d’attente" "Full — join the waiting list";
    Full "full" Webinar "Complet" "Full";
    Closed "closed" Webinar "Inscriptions closes" "Registration closed";
    Cancelled "cancelled" Webinar "Webinaire annulé" "Webinar cancelled";
    Ended "ended" Webinar "Webinaire terminé" "Webinar over";
    Replay "replay" Webinar "Voir la rediffusion" "Watch the replay";
    Register "register" Webinar "S’inscrire" "Register";
    JoinWaitlist "join_waitlist" Webinar "S’inscrire en liste d’attente" "Join the waiting list";
    FormTitle "form_title" WebinarForm "Inscription" "Registration";
    RequiredLegend "required_legend" WebinarForm "Les champs marqués d’un astérisque (*) sont obligatoires." "Fields marked with an asterisk (*) are required.";
    FirstName "first_name" WebinarForm "Prénom" "First name";
    LastName "last_name" WebinarForm "Nom" "Last name";
    Email "email" WebinarForm "Adresse e-mail" "E-mail address";
    Organisation "organisation" WebinarForm "Organisation" "Organisation";
    JobTitle "job_title" WebinarForm "Fonction" "Job title";
    Consents "consents" WebinarForm "Vos données" "Your data";
    Honeypot "honeypot" WebinarForm "Ne remplissez pas ce champ" "Leave this field empty";
    Sending "sending" WebinarForm "Envoi en cours…" "Sending…";
    Confirmed "confirmed" WebinarForm "C’est noté : votre inscription est confirmée. Vous allez recevoir un e-mail avec l’invitation à ajouter à votre agenda." "Done: your registration is confirmed. You will receive an e-mail with an invitation for your calendar.";
    Waitlisted "waitlisted" WebinarForm "La session est complète : vous êtes inscrit·e sur la liste d’attente. Nous vous écrirons dès qu’une place se libère." "This session is full: you are on the waiting list. We will write to you as soon as a seat frees up.";
    Pending "pending" WebinarForm "Plus qu’une étape : confirmez votre inscription avec le lien que nous venons de vous envoyer par e-mail." "One more step: confirm your registration with the link we have just e-mailed you.";
    FormErrorsOne "form_errors_one" WebinarForm "Le formulaire contient {n} erreur." "The form has {n} error.";
    FormErrorsOther "form_errors_other" WebinarForm "Le formulaire contient {n} erreurs." "The form has {n} errors.";
    FullNow "full_now" WebinarForm "Il n’y a plus de place pour cette session. Ce que vous avez saisi est conservé si vous choisissez une autre session." "There are no seats left for this session. What you typed is kept if you choose another session.";
    ClosedNow "closed_now" WebinarForm "Les inscriptions à cette session sont closes." "Registration for this session is closed.";
    SurveyLoading "survey_loading" Survey "Chargement du questionnaire…" "Loading the questionnaire…";
    SurveyLoadFailed "survey_load_failed" Survey "Le questionnaire n’a pas pu être chargé." "The questionnaire could not be loaded.";
    SurveyNotFound "survey_not_found" Survey "Ce questionnaire est introuvable." "This questionnaire could not be found.";
    SurveyOpensOn "survey_opens_on" Survey "Ce questionnaire ouvrira le {date}." "This questionnaire opens on {date}.";
    SurveyClosesOn "survey_closes_on" Survey "Réponses jusqu’au {date}." "Answers until {date}.";
    SurveyClosed "survey_closed" Survey "Ce questionnaire est clos : merci à toutes les personnes qui y ont répondu." "This questionnaire is closed: thank you to everyone who answered.";
    SurveyAnonymous "survey_anonymous" Survey "Vos réponses sont anonymes." "Your answers are anonymous.";
    SurveySend "survey_send" Survey "Envoyer mes réponses" "Send my answers";
    SurveyUpdate "survey_update" Survey "Mettre à jour mes réponses" "Update my answers";
    SurveyThanks "survey_thanks" Survey "Merci, vos réponses sont enregistrées." "Thank you, your answers are saved.";
    SurveyUpdated "survey_updated" Survey "C’est noté : vos réponses sont mises à jour." "Done: your answers are updated.";
    SurveyAnsweredBefore "survey_answered_before" Survey "Vous avez déjà répondu : vous pouvez modifier vos réponses jusqu’à la clôture." "You have already answered: you can change your answers until it closes.";
    SurveyEdit "survey_edit" Survey "Modifier mes réponses" "Change my answers";
    SurveyNotOpenNow "survey_not_open_now" Survey "Ce questionnaire ne prend plus de réponses." "This questionnaire no longer takes answers.";
    SurveyResults "survey_results" Survey "Résultats" "Results";
    SurveyAnswersOne "survey_answers_one" Survey "{n} réponse" "{n} answer";
    SurveyAnswersOther "survey_answers_other" Survey "{n} réponses" "{n} answers";
    SurveyShare "survey_share" Survey "{percent} % ({n})" "{percent}% ({n})";
    SurveyTicked "survey_ticked" Survey "Case cochée" "Box ticked";
    SurveySeries "survey_series" Survey "Résultats présentés lors du webinaire « {title} »." "Results presented at the webinar “{title}”.";
    ErrorSurveyConsent "error_survey_consent" Errors "Cochez cette case pour donner votre adresse." "Tick this box to give your address.";
    ErrorScale "error_scale" Errors "Choisissez un nombre de 1 à 5." "Choose a number from 1 to 5.";
    ErrorRequired "error_required" Errors "Ce champ est obligatoire." "This field is required.";
    ErrorTooLong "error_too_long" Errors "Ce texte est trop long." "This text is too long.";
    ErrorConsent "error_consent" Errors "Cochez cette case pour vous inscrire." "Tick this box to register.";
    ErrorStaleConsent "error_stale_consent" Errors "Ce texte vient de changer : rechargez la page pour lire la nouvelle version." "This text has just changed: reload the page to read the new version.";
    ErrorChoice "error_choice" Errors "Choisissez parmi les propositions." "Choose among the options.";
    ErrorOther "error_other" Errors "Cette réponse n’est pas acceptée." "This answer is not accepted.";
    ErrorEmail "error_email" Errors "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr." "Enter a valid e-mail address, such as name@example.com.";
    ErrorCode "error_code" Errors "Ce code n’est pas valide ou a expiré." "This code is not valid or has expired.";
    ErrorAttempts "error_attempts" Errors "Trop d’essais : demandez un nouveau code." "Too many tries: ask for a new code.";
    ErrorRate "error_rate" Errors "Trop de demandes : réessayez dans quelques minutes." "Too many requests: try again in a few minutes.";
    ErrorNetwork "error_network" Errors "Connexion impossible. Ce que vous avez saisi est conservé : réessayez." "No connection. What you typed is kept: try again.";
    ErrorServer "error_server" Errors "Une erreur est survenue. Réessayez dans un instant." "Something went wrong. Try again in a moment.";
}

/// Identifies the list of texts (their names, in order): the widget checks it so that a
/// loader and a server from different releases cannot show one text in another's place.
pub const CATALOGUE: u32 = catalogue(Text::NAMES);

/// FNV-1a over the names, each followed by a zero byte.
const fn catalogue(names: &[&str]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < names.len() {
        let bytes = names[i].as_bytes();
        let mut j = 0;
        while j <= bytes.len() {
            let byte = if j < bytes.len() { bytes[j] } else { 0 };
            hash = (hash ^ byte as u32).wrapping_mul(0x0100_0193);
            j += 1;
        }
        i += 1;
    }
    hash
}

impl Text {
    /// The `{name}` placeholders the widget fills in this text, from its default texts.
    pub fn placeholders(self) -> Vec<&'static str> {
        let mut names = Vec::new();
        for lang in Lang::ALL {
            for name in placeholders_in(self.default_text(lang)) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// Why `text` cannot stand for this text, if it cannot: `empty`, `too_long` (over 400
    /// characters), `control_character`, or `unknown_placeholder` (a `{name}` the widget
    /// does not fill would be shown as is). Leaving a placeholder out is allowed.
    pub fn check_override(self, text: &str) -> Result<(), &'static str> {
        if text.trim().is_empty() {
            return Err("empty");
        }
        if text.chars().count() > 400 {
            return Err("too_long");
        }
        if text.chars().any(char::is_control) {
            return Err("control_character");
        }
        let known = self.placeholders();
        if placeholders_in(text).any(|name| !known.contains(&name)) {
            return Err("unknown_placeholder");
        }
        Ok(())
    }
}

/// The names between `{` and `}` in `text`.
fn placeholders_in(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// `GET /v1/sites/{site}/appearance?lang=fr|en`: the site's look (the `Appearance` fields)
/// and the widget's texts in one language, the marketer's overrides merged in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteLook {
    #[serde(flatten)]
    pub appearance: crate::Appearance,
    /// `fr` or `en`: the language of `texts`.
    pub lang: String,
    /// `CATALOGUE` of the server that wrote `texts`.
    pub catalogue: u32,
    /// One per `Text`, in the order of `Text::ALL`.
    pub texts: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_texts_are_complete() {
        for (i, a) in Text::ALL.iter().enumerate() {
            assert_eq!(*a as usize, i, "ALL is in declaration order");
            assert_eq!(Text::from_name(a.name()), Some(*a));
            for lang in Lang::ALL {
                assert!(!a.default_text(lang).is_empty(), "{} {lang:?}", a.name());
            }
        }
    }

    #[test]
    fn counted_texts_come_in_pairs() {
        for text in Text::ALL {
            if let Some(stem) = text.name().strip_suffix("_one") {
                let other = Text::from_name(&format!("{stem}_other")).expect("an _other form");
                assert!(other.placeholders().contains(&"n"), "{stem}_other counts");
                for name in text.placeholders() {
                    assert!(other.placeholders().contains(&name), "{stem}: {name}");
                }
            }
        }
    }

    #[test]
    fn overrides_keep_to_the_placeholders_the_widget_fills() {
        assert_eq!(Text::MeterLeftOther.placeholders(), vec!["n", "period"]);
        assert_eq!(Text::SeatsLeftOne.placeholders(), vec!["n"]);
        assert!(Text::MeterLeftOther
            .check_override("Encore {n} articles offerts {period} !")
            .is_ok());
        assert!(Text::MeterLeftOther
            .check_override("Encore des articles offerts")
            .is_ok());
        assert_eq!(
            Text::MeterLeftOther.check_override("Encore {count} articles"),
            Err("unknown_placeholder")
        );
        assert_eq!(Text::Retry.check_override("  "), Err("empty"));
        assert_eq!(
            Text::Retry.check_override("a\u{7}b"),
            Err("control_character")
        );
        assert_eq!(
            Text::Retry.check_override(&"x".repeat(401)),
            Err("too_long")
        );
    }

    #[test]
    fn plurals_follow_each_language() {
        assert!(Lang::Fr.is_one(0) && Lang::Fr.is_one(1) && !Lang::Fr.is_one(2));
        assert!(!Lang::En.is_one(0) && Lang::En.is_one(1) && !Lang::En.is_one(2));
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::Fr);
    }

    #[test]
    fn the_catalogue_changes_with_the_names() {
        assert_ne!(catalogue(&["a", "b"]), catalogue(&["ab"]));
        assert_ne!(catalogue(&["a", "b"]), catalogue(&["b", "a"]));
        assert_eq!(CATALOGUE, catalogue(Text::NAMES));
    }
}
