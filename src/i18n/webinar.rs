//! The webinar placeholder's strings. Texts the marketer writes (titles, questions, consent
//! texts) come from the server.

use kiosque_protocol::RegistrationStatus;

use super::Lang;
use crate::state::Failure;

pub struct WebinarStrings {
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub not_found: &'static str,
    pub hosts: &'static str,
    pub speakers: &'static str,
    pub points: &'static str,
    pub full_waitlist: &'static str,
    pub full: &'static str,
    pub closed: &'static str,
    pub cancelled: &'static str,
    pub ended: &'static str,
    pub register: &'static str,
    pub join_waitlist: &'static str,
    pub sending: &'static str,
    pub form_title: &'static str,
    pub required_legend: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub email: &'static str,
    pub organisation: &'static str,
    pub job_title: &'static str,
    pub consents: &'static str,
    pub honeypot: &'static str,
    pub replay: &'static str,
    pub confirmed: &'static str,
    pub waitlisted: &'static str,
    pub pending: &'static str,
    pub full_now: &'static str,
    pub closed_now: &'static str,
    pub error_required: &'static str,
    pub error_too_long: &'static str,
    pub error_consent: &'static str,
    pub error_stale_consent: &'static str,
    pub error_choice: &'static str,
    pub error_other: &'static str,
}

impl Lang {
    pub fn webinar(self) -> &'static WebinarStrings {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    pub fn seats_left(self, n: u32) -> String {
        match (self, n) {
            (Lang::Fr, 1) => "Plus qu’une place".to_owned(),
            (Lang::Fr, n) => format!("{n} places restantes"),
            (Lang::En, 1) => "1 seat left".to_owned(),
            (Lang::En, n) => format!("{n} seats left"),
        }
    }

    /// The same session in the reader's own time zone.
    pub fn in_your_zone(self, when: &str, zone: &str) -> String {
        match self {
            Lang::Fr => format!("Soit {when} à votre heure ({zone})"),
            Lang::En => format!("That is {when} your time ({zone})"),
        }
    }

    pub fn form_has_errors(self, n: usize) -> String {
        match (self, n) {
            (Lang::Fr, 1) => "Le formulaire contient 1 erreur.".to_owned(),
            (Lang::Fr, n) => format!("Le formulaire contient {n} erreurs."),
            (Lang::En, 1) => "The form has 1 error.".to_owned(),
            (Lang::En, n) => format!("The form has {n} errors."),
        }
    }

    pub fn registered(self, status: RegistrationStatus) -> &'static str {
        let s = self.webinar();
        match status {
            RegistrationStatus::Waitlisted => s.waitlisted,
            RegistrationStatus::Pending => s.pending,
            RegistrationStatus::Confirmed | RegistrationStatus::Cancelled => s.confirmed,
        }
    }

    pub fn webinar_failure(self, failure: Failure) -> &'static str {
        let (s, w) = (self.strings(), self.webinar());
        match failure {
            Failure::Network => s.error_network,
            Failure::Full => w.full_now,
            Failure::Closed => w.closed_now,
            Failure::RateLimited => s.error_rate,
            Failure::Server => s.error_server,
        }
    }

    /// A field error code from the form's checks or the server (`FieldError::code`).
    pub fn field_error(self, code: &str) -> &'static str {
        let w = self.webinar();
        match code {
            "required" => w.error_required,
            "invalid_email" => self.strings().error_email,
            "too_long" => w.error_too_long,
            "consent_required" => w.error_consent,
            "stale_consent" => w.error_stale_consent,
            "invalid_choice" => w.error_choice,
            _ => w.error_other,
        }
    }
}

static FR: WebinarStrings = WebinarStrings {
    loading: "Chargement des webinaires…",
    load_failed: "Les webinaires n’ont pas pu être chargés.",
    not_found: "Ce webinaire est introuvable.",
    hosts: "Animation",
    speakers: "Intervenants",
    points: "Au programme",
    full_waitlist: "Complet — inscription en liste d’attente",
    full: "Complet",
    closed: "Inscriptions closes",
    cancelled: "Webinaire annulé",
    ended: "Webinaire terminé",
    register: "S’inscrire",
    join_waitlist: "S’inscrire en liste d’attente",
    sending: "Envoi en cours…",
    form_title: "Inscription",
    required_legend: "Les champs marqués d’un astérisque (*) sont obligatoires.",
    first_name: "Prénom",
    last_name: "Nom",
    email: "Adresse e-mail",
    organisation: "Organisation",
    job_title: "Fonction",
    consents: "Vos données",
    honeypot: "Ne remplissez pas ce champ",
    replay: "Voir la rediffusion",
    confirmed: "C’est noté : votre inscription est confirmée. Vous allez recevoir un e-mail avec l’invitation à ajouter à votre agenda.",
    waitlisted: "La session est complète : vous êtes inscrit·e sur la liste d’attente. Nous vous écrirons dès qu’une place se libère.",
    pending: "Plus qu’une étape : confirmez votre inscription avec le lien que nous venons de vous envoyer par e-mail.",
    full_now: "Il n’y a plus de place pour cette session. Ce que vous avez saisi est conservé si vous choisissez une autre session.",
    closed_now: "Les inscriptions à cette session sont closes.",
    error_required: "Ce champ est obligatoire.",
    error_too_long: "Ce texte est trop long.",
    error_consent: "Cochez cette case pour vous inscrire.",
    error_stale_consent: "Ce texte vient de changer : rechargez la page pour lire la nouvelle version.",
    error_choice: "Choisissez parmi les propositions.",
    error_other: "Cette réponse n’est pas acceptée.",
};

static EN: WebinarStrings = WebinarStrings {
    loading: "Loading the webinars…",
    load_failed: "The webinars could not be loaded.",
    not_found: "This webinar could not be found.",
    hosts: "Hosted by",
    speakers: "Speakers",
    points: "On the agenda",
    full_waitlist: "Full — join the waiting list",
    full: "Full",
    closed: "Registration closed",
    cancelled: "Webinar cancelled",
    ended: "Webinar over",
    register: "Register",
    join_waitlist: "Join the waiting list",
    sending: "Sending…",
    form_title: "Registration",
    required_legend: "Fields marked with an asterisk (*) are required.",
    first_name: "First name",
    last_name: "Last name",
    email: "E-mail address",
    organisation: "Organisation",
    job_title: "Job title",
    consents: "Your data",
    honeypot: "Leave this field empty",
    replay: "Watch the replay",
    confirmed: "Done: your registration is confirmed. You will receive an e-mail with an invitation for your calendar.",
    waitlisted: "This session is full: you are on the waiting list. We will write to you as soon as a seat frees up.",
    pending: "One more step: confirm your registration with the link we have just e-mailed you.",
    full_now: "There are no seats left for this session. What you typed is kept if you choose another session.",
    closed_now: "Registration for this session is closed.",
    error_required: "This field is required.",
    error_too_long: "This text is too long.",
    error_consent: "Tick this box to register.",
    error_stale_consent: "This text has just changed: reload the page to read the new version.",
    error_choice: "Choose among the options.",
    error_other: "This answer is not accepted.",
};
