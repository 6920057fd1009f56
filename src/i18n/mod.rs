//! The widget's own strings, in French (default) and English. Texts that marketers configure
//! (paywall, offers) come from the server instead.

use kiosque_protocol::MeterState;

use crate::state::FormError;

mod webinar;

pub use webinar::WebinarStrings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// `en`, `en-GB`, `EN_us` → English; anything else → French.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Fr
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    /// Where a metered reader stands, after reading (`opened`) or meeting the wall.
    pub fn meter_notice(self, meter: &MeterState, opened: bool) -> String {
        let period = self.period(meter.period_days);
        let (left, allowance) = (meter.remaining, meter.allowance);
        match (self, opened, left) {
            (Lang::Fr, true, 0) => format!("C’était votre dernier article gratuit {period}."),
            (Lang::Fr, true, 1) => format!("Il vous reste 1 article gratuit {period}."),
            (Lang::Fr, true, n) => format!("Il vous reste {n} articles gratuits {period}."),
            (Lang::Fr, false, _) if allowance == 1 => {
                format!("Vous avez lu votre article gratuit {period}.")
            }
            (Lang::Fr, false, _) => {
                format!("Vous avez lu vos {allowance} articles gratuits {period}.")
            }
            (Lang::En, true, 0) => format!("This was your last free article {period}."),
            (Lang::En, true, 1) => format!("You have 1 free article left {period}."),
            (Lang::En, true, n) => format!("You have {n} free articles left {period}."),
            (Lang::En, false, _) if allowance == 1 => {
                format!("You have read your free article {period}.")
            }
            (Lang::En, false, _) => {
                format!("You have read your {allowance} free articles {period}.")
            }
        }
    }

    /// The offer of a free account behind the subscription wall.
    pub fn register_for(self, articles: u32, period_days: u32) -> String {
        let per = match (self, period_days) {
            (Lang::Fr, 28..=31) => "par mois".to_owned(),
            (Lang::Fr, 7) => "par semaine".to_owned(),
            (Lang::Fr, n) => format!("tous les {n} jours"),
            (Lang::En, 28..=31) => "a month".to_owned(),
            (Lang::En, 7) => "a week".to_owned(),
            (Lang::En, n) => format!("every {n} days"),
        };
        match (self, articles) {
            (Lang::Fr, 1) => format!("Pas encore prêt·e à vous abonner ? Avec un compte gratuit, lisez 1 article {per}."),
            (Lang::Fr, n) => format!("Pas encore prêt·e à vous abonner ? Avec un compte gratuit, lisez {n} articles {per}."),
            (Lang::En, 1) => format!("Not ready to subscribe? With a free account, read 1 article {per}."),
            (Lang::En, n) => format!("Not ready to subscribe? With a free account, read {n} articles {per}."),
        }
    }

    pub fn code_sent(self, email: &str) -> String {
        match self {
            Lang::Fr => format!("Nous avons envoyé un code à {email}. Il est valable 15 minutes."),
            Lang::En => format!("We sent a code to {email}. It is valid for 15 minutes."),
        }
    }

    pub fn signed_in_as(self, email: &str) -> String {
        match self {
            Lang::Fr => format!("Connecté·e : {email}"),
            Lang::En => format!("Signed in: {email}"),
        }
    }

    pub fn form_error(self, error: FormError) -> &'static str {
        let s = self.strings();
        match error {
            FormError::InvalidEmail => s.error_email,
            FormError::InvalidCode => s.error_code,
            FormError::TooManyAttempts => s.error_attempts,
            FormError::RateLimited => s.error_rate,
            FormError::Network => s.error_network,
            FormError::Server => s.error_server,
        }
    }

    /// `2026-11-20` → `20 novembre 2026` / `20 November 2026` (the browser's `Intl` knows the
    /// month names); anything else unchanged.
    pub fn date(self, iso: &str) -> String {
        crate::when::day(iso, self).unwrap_or_else(|| iso.to_owned())
    }

    pub fn teasers_shown(self, n: usize) -> String {
        match (self, n) {
            (Lang::Fr, 1) => "1 article affiché".to_owned(),
            (Lang::Fr, n) => format!("{n} articles affichés"),
            (Lang::En, 1) => "1 article shown".to_owned(),
            (Lang::En, n) => format!("{n} articles shown"),
        }
    }

    fn period(self, days: u32) -> String {
        match (self, days) {
            (Lang::Fr, 28..=31) => "ce mois-ci".into(),
            (Lang::Fr, 7) => "cette semaine".into(),
            (Lang::Fr, 1) => "aujourd’hui".into(),
            (Lang::Fr, n) => format!("sur {n} jours"),
            (Lang::En, 28..=31) => "this month".into(),
            (Lang::En, 7) => "this week".into(),
            (Lang::En, 1) => "today".into(),
            (Lang::En, n) => format!("over {n} days"),
        }
    }
}

pub struct Strings {
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub not_found: &'static str,
    pub retry: &'static str,
    pub hide_offers: &'static str,
    pub offers_heading: &'static str,
    pub entitlement_refused: &'static str,
    pub unavailable: &'static str,
    pub register_title: &'static str,
    pub email_label: &'static str,
    pub send_code: &'static str,
    pub code_label: &'static str,
    pub check_code: &'static str,
    pub change_email: &'static str,
    pub sign_out: &'static str,
    pub more: &'static str,
    pub related_title: &'static str,
    pub badge_subscribers: &'static str,
    pub badge_registered: &'static str,
    pub no_teasers: &'static str,
    pub print: &'static str,
    pub download: &'static str,
    pub actions_locked: &'static str,
    pub error_email: &'static str,
    pub error_code: &'static str,
    pub error_attempts: &'static str,
    pub error_rate: &'static str,
    pub error_network: &'static str,
    pub error_server: &'static str,
}

static FR: Strings = Strings {
    loading: "Chargement de l’article…",
    load_failed: "Cet article n’a pas pu être chargé.",
    not_found: "Cet article est introuvable.",
    retry: "Réessayer",
    hide_offers: "Masquer les offres",
    offers_heading: "Nos offres",
    entitlement_refused:
        "Votre accès abonné n’a pas pu être vérifié : reconnectez-vous sur le site.",
    unavailable: "Ce contenu est momentanément indisponible.",
    register_title: "Inscrivez-vous gratuitement pour lire la suite",
    email_label: "Votre adresse e-mail",
    send_code: "Recevoir mon code",
    code_label: "Code à 6 chiffres",
    check_code: "Valider",
    change_email: "Changer d’adresse ou recevoir un nouveau code",
    sign_out: "Se déconnecter",
    more: "Voir plus",
    related_title: "À lire aussi",
    badge_subscribers: "Abonnés",
    badge_registered: "Inscrits",
    no_teasers: "Aucun article pour l’instant.",
    print: "Imprimer",
    download: "Télécharger",
    actions_locked: "Impression et téléchargement sont réservés aux abonnés.",
    error_email: "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.",
    error_code: "Ce code n’est pas valide ou a expiré.",
    error_attempts: "Trop d’essais : demandez un nouveau code.",
    error_rate: "Trop de demandes : réessayez dans quelques minutes.",
    error_network: "Connexion impossible. Ce que vous avez saisi est conservé : réessayez.",
    error_server: "Une erreur est survenue. Réessayez dans un instant.",
};

static EN: Strings = Strings {
    loading: "Loading the article…",
    load_failed: "This article could not be loaded.",
    not_found: "This article could not be found.",
    retry: "Try again",
    hide_offers: "Hide the offers",
    offers_heading: "Our offers",
    entitlement_refused:
        "Your subscriber access could not be verified: please sign in again on the site.",
    unavailable: "This content is temporarily unavailable.",
    register_title: "Register for free to read on",
    email_label: "Your e-mail address",
    send_code: "Send me a code",
    code_label: "6-digit code",
    check_code: "Confirm",
    change_email: "Change address or get a new code",
    sign_out: "Sign out",
    more: "See more",
    related_title: "Read also",
    badge_subscribers: "Subscribers",
    badge_registered: "Registered",
    no_teasers: "No articles yet.",
    print: "Print",
    download: "Download",
    actions_locked: "Printing and downloading are for subscribers.",
    error_email: "Enter a valid e-mail address, such as name@example.com.",
    error_code: "This code is not valid or has expired.",
    error_attempts: "Too many tries: ask for a new code.",
    error_rate: "Too many requests: try again in a few minutes.",
    error_network: "No connection. What you typed is kept: try again.",
    error_server: "Something went wrong. Try again in a moment.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_language_tags() {
        assert_eq!(Lang::from_tag("en"), Lang::En);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("fr-FR"), Lang::Fr);
        assert_eq!(Lang::from_tag(""), Lang::Fr);
        assert_eq!(Lang::from_tag("de"), Lang::Fr);
    }

    fn meter(allowance: u32, remaining: u32, period_days: u32) -> MeterState {
        MeterState {
            allowance,
            used: allowance - remaining,
            remaining,
            period_days,
        }
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(Lang::Fr.teasers_shown(3), "3 articles affichés");
    }

    #[test]
    fn meter_notices_agree_in_number() {
        let fr = Lang::Fr;
        assert_eq!(
            fr.meter_notice(&meter(3, 2, 30), true),
            "Il vous reste 2 articles gratuits ce mois-ci."
        );
        assert_eq!(
            fr.meter_notice(&meter(3, 1, 30), true),
            "Il vous reste 1 article gratuit ce mois-ci."
        );
        assert_eq!(
            fr.meter_notice(&meter(3, 0, 30), true),
            "C’était votre dernier article gratuit ce mois-ci."
        );
        assert_eq!(
            fr.meter_notice(&meter(3, 0, 7), false),
            "Vous avez lu vos 3 articles gratuits cette semaine."
        );
        assert_eq!(
            fr.meter_notice(&meter(1, 0, 10), false),
            "Vous avez lu votre article gratuit sur 10 jours."
        );
        assert_eq!(
            Lang::En.meter_notice(&meter(5, 1, 31), true),
            "You have 1 free article left this month."
        );
        assert_eq!(
            Lang::En.meter_notice(&meter(2, 0, 30), false),
            "You have read your 2 free articles this month."
        );
    }
}
