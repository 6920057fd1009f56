//! What each of the widget's texts is, in plain words, for the texts page's labels ("Bouton
//! pour réessayer après une erreur" rather than `retry`).

use kiosque_protocol::Text;

use super::Lang;

/// `(français, English)` for `text`.
fn words(text: Text) -> (&'static str, &'static str) {
    use Text::*;
    match text {
        Loading => (
            "Pendant le chargement de l’article",
            "While the article loads",
        ),
        LoadFailed => (
            "L’article n’a pas pu être chargé",
            "The article could not be loaded",
        ),
        NotFound => ("L’article n’existe pas", "The article does not exist"),
        Retry => (
            "Bouton pour réessayer après une erreur",
            "Button to try again after an error",
        ),
        Unavailable => (
            "Le service est momentanément indisponible",
            "The service is briefly unavailable",
        ),
        OffersHeading => (
            "Titre de la liste des offres (lu par les lecteurs d’écran)",
            "Heading of the offers list (read by screen readers)",
        ),
        HideOffers => (
            "Bouton qui replie les offres",
            "Button that folds the offers",
        ),
        EntitlementRefused => (
            "L’accès abonné n’a pas pu être vérifié",
            "The subscriber access could not be verified",
        ),
        Print => ("Bouton Imprimer", "Print button"),
        Download => ("Bouton Télécharger", "Download button"),
        ActionsLocked => (
            "Impression et téléchargement réservés aux abonnés",
            "Printing and downloading for subscribers only",
        ),
        SignedInAs => (
            "Lecteur connecté (avec son adresse)",
            "Signed-in reader (with their address)",
        ),
        SignOut => ("Bouton de déconnexion", "Sign-out button"),
        MeterLast => (
            "Compteur : c’était le dernier article gratuit",
            "Meter: that was the last free article",
        ),
        MeterLeftOne => (
            "Compteur : il reste un article gratuit",
            "Meter: one free article left",
        ),
        MeterLeftOther => (
            "Compteur : il reste plusieurs articles gratuits",
            "Meter: several free articles left",
        ),
        MeterReadOne => (
            "Compteur : l’article gratuit est lu",
            "Meter: the free article is read",
        ),
        MeterReadOther => (
            "Compteur : tous les articles gratuits sont lus",
            "Meter: every free article is read",
        ),
        PeriodMonth => ("Période du compteur : le mois", "Meter period: the month"),
        PeriodWeek => ("Période du compteur : la semaine", "Meter period: the week"),
        PeriodDay => ("Période du compteur : le jour", "Meter period: the day"),
        PeriodDays => (
            "Période du compteur : un nombre de jours",
            "Meter period: a number of days",
        ),
        RegisterTitle => (
            "Titre de l’invitation à créer un compte",
            "Heading of the invitation to register",
        ),
        RegisterForOne => (
            "Invitation à créer un compte, pour un article",
            "Invitation to register, for one article",
        ),
        RegisterForOther => (
            "Invitation à créer un compte, pour plusieurs articles",
            "Invitation to register, for several articles",
        ),
        PerMonth => ("Fréquence : par mois", "Frequency: a month"),
        PerWeek => ("Fréquence : par semaine", "Frequency: a week"),
        PerDays => (
            "Fréquence : un nombre de jours",
            "Frequency: a number of days",
        ),
        EmailLabel => (
            "Champ de l’adresse e-mail (compte)",
            "E-mail field (account)",
        ),
        SendCode => (
            "Bouton qui envoie le code de connexion",
            "Button that sends the sign-in code",
        ),
        CodeSent => (
            "Le code de connexion est envoyé",
            "The sign-in code is sent",
        ),
        CodeLabel => ("Champ du code de connexion", "Sign-in code field"),
        CheckCode => ("Bouton qui vérifie le code", "Button that checks the code"),
        ChangeEmail => (
            "Lien pour changer d’adresse ou de code",
            "Link to change address or code",
        ),
        More => (
            "Bouton qui affiche plus d’articles",
            "Button that shows more articles",
        ),
        RelatedTitle => ("Titre des articles liés", "Heading of related articles"),
        BadgeSubscribers => (
            "Étiquette d’un article réservé aux abonnés",
            "Label of a subscribers-only article",
        ),
        BadgeRegistered => (
            "Étiquette d’un article réservé aux inscrits",
            "Label of a registered-only article",
        ),
        NoTeasers => ("Aucun article à montrer", "No article to show"),
        TeasersShownOne => ("Nombre d’articles affichés : un", "Articles shown: one"),
        TeasersShownOther => (
            "Nombre d’articles affichés : plusieurs",
            "Articles shown: several",
        ),
        WebinarsLoading => (
            "Pendant le chargement des webinaires",
            "While the webinars load",
        ),
        WebinarsLoadFailed => (
            "Les webinaires n’ont pas pu être chargés",
            "The webinars could not be loaded",
        ),
        WebinarNotFound => ("Le webinaire n’existe pas", "The webinar does not exist"),
        Hosts => ("Titre de l’animation", "Hosts heading"),
        Speakers => ("Titre des intervenants", "Speakers heading"),
        Points => ("Titre du programme", "Agenda heading"),
        SessionTime => (
            "Horaire d’une séance, dans son fuseau",
            "A session’s time, in its zone",
        ),
        InYourZone => (
            "Horaire d’une séance, à l’heure du lecteur",
            "A session’s time, in the reader’s zone",
        ),
        SeatsLeftOne => ("Places restantes : une", "Seats left: one"),
        SeatsLeftOther => ("Places restantes : plusieurs", "Seats left: several"),
        FullWaitlist => (
            "Séance complète, liste d’attente ouverte",
            "Session full, waiting list open",
        ),
        Full => ("Séance complète", "Session full"),
        Closed => ("Inscriptions closes", "Registration closed"),
        Cancelled => ("Webinaire annulé", "Webinar cancelled"),
        Ended => ("Webinaire terminé", "Webinar over"),
        Replay => ("Lien vers la rediffusion", "Link to the replay"),
        Register => ("Bouton d’inscription", "Register button"),
        JoinWaitlist => (
            "Bouton d’inscription en liste d’attente",
            "Join-the-waiting-list button",
        ),
        FormTitle => ("Titre du formulaire d’inscription", "Sign-up form heading"),
        RequiredLegend => (
            "Explication des champs obligatoires",
            "Note on required fields",
        ),
        FirstName => ("Champ du prénom", "First name field"),
        LastName => ("Champ du nom", "Last name field"),
        Email => (
            "Champ de l’adresse e-mail (inscription)",
            "E-mail field (sign-up)",
        ),
        Organisation => ("Champ de l’organisation", "Organisation field"),
        JobTitle => ("Champ de la fonction", "Job title field"),
        Consents => ("Titre des consentements", "Consents heading"),
        Honeypot => (
            "Champ piège à robots (caché aux lecteurs)",
            "Trap field for robots (hidden from readers)",
        ),
        Sending => ("Pendant l’envoi du formulaire", "While the form is sent"),
        Confirmed => ("Inscription confirmée", "Registration confirmed"),
        Waitlisted => ("Inscription en liste d’attente", "Put on the waiting list"),
        Pending => (
            "Inscription à confirmer par e-mail",
            "Registration to confirm by e-mail",
        ),
        FormErrorsOne => ("Le formulaire a une erreur", "The form has one error"),
        FormErrorsOther => (
            "Le formulaire a plusieurs erreurs",
            "The form has several errors",
        ),
        FullNow => (
            "La séance vient d’être complète",
            "The session has just filled up",
        ),
        ClosedNow => (
            "Les inscriptions viennent de fermer",
            "Registration has just closed",
        ),
        SurveyLoading => (
            "Questionnaire en cours de chargement",
            "Questionnaire loading",
        ),
        SurveyLoadFailed => (
            "Questionnaire : chargement impossible",
            "Questionnaire: could not load",
        ),
        SurveyNotFound => ("Questionnaire introuvable", "Questionnaire not found"),
        SurveyOpensOn => (
            "Questionnaire pas encore ouvert (avec sa date)",
            "Questionnaire not open yet (with its date)",
        ),
        SurveyClosesOn => (
            "Date de clôture du questionnaire",
            "Questionnaire's closing date",
        ),
        SurveyClosed => ("Questionnaire clos", "Questionnaire closed"),
        SurveyAnonymous => ("Réponses anonymes", "Anonymous answers"),
        SurveySend => ("Bouton d’envoi des réponses", "Send answers button"),
        SurveyUpdate => (
            "Bouton de mise à jour des réponses",
            "Update answers button",
        ),
        SurveyThanks => ("Réponses enregistrées", "Answers saved"),
        SurveyUpdated => ("Réponses mises à jour", "Answers updated"),
        SurveyAnsweredBefore => ("Lecteur ayant déjà répondu", "Reader who already answered"),
        SurveyEdit => ("Bouton pour modifier ses réponses", "Change answers button"),
        SurveyNotOpenNow => (
            "Questionnaire fermé entre-temps",
            "Questionnaire closed meanwhile",
        ),
        SurveyResults => ("Titre des résultats", "Results heading"),
        SurveyAnswersOne => ("Nombre de réponses (une)", "Number of answers (one)"),
        SurveyAnswersOther => (
            "Nombre de réponses (plusieurs)",
            "Number of answers (several)",
        ),
        SurveyShare => (
            "Part d’une réponse (pourcentage et nombre)",
            "Share of an answer (percentage and count)",
        ),
        SurveyTicked => ("Résultat d’une case à cocher", "Result of a checkbox"),
        SurveySeries => (
            "Webinaire où les résultats sont présentés",
            "Webinar presenting the results",
        ),
        ErrorSurveyConsent => (
            "Erreur : consentement à donner son adresse",
            "Error: consent to give an address",
        ),
        ErrorScale => (
            "Erreur : note hors de l’échelle",
            "Error: number off the scale",
        ),
        ErrorRequired => (
            "Erreur : champ obligatoire vide",
            "Error: required field empty",
        ),
        ErrorTooLong => ("Erreur : texte trop long", "Error: text too long"),
        ErrorConsent => (
            "Erreur : consentement non coché",
            "Error: consent not ticked",
        ),
        ErrorStaleConsent => (
            "Erreur : le texte du consentement a changé",
            "Error: the consent text changed",
        ),
        ErrorChoice => (
            "Erreur : choix hors des propositions",
            "Error: choice not among the options",
        ),
        ErrorOther => ("Erreur : réponse refusée", "Error: answer refused"),
        ErrorEmail => (
            "Erreur : adresse e-mail non valide",
            "Error: e-mail address not valid",
        ),
        ErrorCode => (
            "Erreur : code non valide ou expiré",
            "Error: code not valid or expired",
        ),
        ErrorAttempts => (
            "Erreur : trop d’essais de code",
            "Error: too many code tries",
        ),
        ErrorRate => ("Erreur : trop de demandes", "Error: too many requests"),
        ErrorNetwork => ("Erreur : pas de connexion", "Error: no connection"),
        ErrorServer => ("Erreur du serveur", "Server error"),
    }
}

/// The plain words for `text` in the console's language.
pub fn describe(text: Text, lang: Lang) -> &'static str {
    let (fr, en) = words(text);
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_its_own_words_in_both_languages() {
        for lang in [Lang::Fr, Lang::En] {
            let mut seen = std::collections::BTreeSet::new();
            for &text in Text::ALL {
                let words = describe(text, lang);
                assert!(!words.is_empty() && !words.contains('_'), "{text:?}");
                assert!(seen.insert(words), "two texts read the same: {words}");
            }
        }
    }
}
