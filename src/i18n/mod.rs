//! The widget's texts in the reader's language. The server sends them with the site's look
//! (`kiosque_protocol::SiteLook`), the marketer's overrides merged in, so the wasm holds no
//! string table; this module only picks a text and fills its `{…}` values. Texts that
//! marketers write elsewhere (paywall, offers, webinars) come with the content.

use std::rc::Rc;

use kiosque_protocol::{MeterState, RegistrationStatus, CATALOGUE};

pub use kiosque_protocol::{Lang, Text};

use crate::state::{Failure, FormError};

/// Every `Text`, in the order of `Text::ALL`. Cheap to clone; equal when it is the same set.
#[derive(Debug, Clone)]
pub struct Texts {
    lang: Lang,
    all: Rc<[String]>,
}

impl PartialEq for Texts {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.all, &other.all)
    }
}

impl Texts {
    /// The texts as the server sent them; `None` when they are not one per `Text` of this
    /// build (`catalogue` differs: a loader and a server from different releases).
    pub fn new(lang: Lang, catalogue: u32, all: Vec<String>) -> Option<Texts> {
        (catalogue == CATALOGUE && all.len() == Text::ALL.len()).then(|| Texts {
            lang,
            all: all.into(),
        })
    }

    /// The texts Kiosque ships, as a server without overrides sends them (tests, previews).
    pub fn defaults(lang: Lang) -> Texts {
        let all = Text::ALL.iter().map(|t| t.default_text(lang).to_owned());
        Texts {
            lang,
            all: all.collect(),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn get(&self, text: Text) -> &str {
        &self.all[text as usize]
    }

    /// `text` with each `{name}` replaced by its value, in one pass (a value holding braces,
    /// such as an address, is never read again as a placeholder).
    pub fn fill(&self, text: Text, values: &[(&str, &str)]) -> String {
        let mut out = String::new();
        let mut rest = self.get(text);
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            rest = &rest[open..];
            let value = rest.find('}').and_then(|close| {
                let (_, value) = values.iter().find(|(name, _)| *name == &rest[1..close])?;
                Some((value, close))
            });
            match value {
                Some((value, close)) => {
                    out.push_str(value);
                    rest = &rest[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The `_one` or `_other` form for `n`, with `{n}` and `values` filled.
    fn count(&self, one: Text, other: Text, n: u32, values: &[(&str, &str)]) -> String {
        let text = if self.lang.is_one(n.into()) {
            one
        } else {
            other
        };
        let n = n.to_string();
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(values);
        self.fill(text, &all)
    }

    /// Where a metered reader stands, after reading (`opened`) or meeting the wall.
    pub fn meter_notice(&self, meter: &MeterState, opened: bool) -> String {
        let period = self.period(meter.period_days);
        let values = [("period", period.as_str())];
        match (opened, meter.remaining) {
            (true, 0) => self.fill(Text::MeterLast, &values),
            (true, n) => self.count(Text::MeterLeftOne, Text::MeterLeftOther, n, &values),
            (false, _) => self.count(
                Text::MeterReadOne,
                Text::MeterReadOther,
                meter.allowance,
                &values,
            ),
        }
    }

    /// The offer of a free account behind the subscription wall.
    pub fn register_for(&self, articles: u32, period_days: u32) -> String {
        let per = match period_days {
            28..=31 => self.get(Text::PerMonth).to_owned(),
            7 => self.get(Text::PerWeek).to_owned(),
            n => self.count(Text::PerDays, Text::PerDays, n, &[]),
        };
        let values = [("per", per.as_str())];
        self.count(
            Text::RegisterForOne,
            Text::RegisterForOther,
            articles,
            &values,
        )
    }

    fn period(&self, days: u32) -> String {
        match days {
            28..=31 => self.get(Text::PeriodMonth).to_owned(),
            7 => self.get(Text::PeriodWeek).to_owned(),
            1 => self.get(Text::PeriodDay).to_owned(),
            n => self.count(Text::PeriodDays, Text::PeriodDays, n, &[]),
        }
    }

    pub fn form_error(&self, error: FormError) -> &str {
        self.get(match error {
            FormError::InvalidEmail => Text::ErrorEmail,
            FormError::InvalidCode => Text::ErrorCode,
            FormError::TooManyAttempts => Text::ErrorAttempts,
            FormError::RateLimited => Text::ErrorRate,
            FormError::Network => Text::ErrorNetwork,
            FormError::Server => Text::ErrorServer,
        })
    }

    /// `2026-11-20` → `20 novembre 2026` / `20 November 2026` (the browser's `Intl` knows the
    /// month names); anything else unchanged.
    pub fn date(&self, iso: &str) -> String {
        crate::when::day(iso, self.lang).unwrap_or_else(|| iso.to_owned())
    }

    /// An instant's day in the reader's zone (`2026-12-15T08:00:00Z` → `15 décembre 2026`);
    /// anything else unchanged.
    pub fn reader_date(&self, instant: &str) -> String {
        crate::when::reader_day(instant, self.lang).unwrap_or_else(|| instant.to_owned())
    }

    pub fn survey_answers(&self, n: u32) -> String {
        self.count(Text::SurveyAnswersOne, Text::SurveyAnswersOther, n, &[])
    }

    /// Why a questionnaire's answers did not go through (field errors aside).
    pub fn survey_failure(&self, failure: Failure) -> &str {
        self.get(match failure {
            Failure::Network => Text::ErrorNetwork,
            Failure::Full | Failure::Closed => Text::SurveyNotOpenNow,
            Failure::RateLimited => Text::ErrorRate,
            Failure::Server => Text::ErrorServer,
        })
    }

    pub fn teasers_shown(&self, n: usize) -> String {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        self.count(Text::TeasersShownOne, Text::TeasersShownOther, n, &[])
    }

    pub fn seats_left(&self, n: u32) -> String {
        self.count(Text::SeatsLeftOne, Text::SeatsLeftOther, n, &[])
    }

    pub fn form_has_errors(&self, n: usize) -> String {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        self.count(Text::FormErrorsOne, Text::FormErrorsOther, n, &[])
    }

    pub fn registered(&self, status: RegistrationStatus) -> &str {
        self.get(match status {
            RegistrationStatus::Waitlisted => Text::Waitlisted,
            RegistrationStatus::Pending => Text::Pending,
            RegistrationStatus::Confirmed | RegistrationStatus::Cancelled => Text::Confirmed,
        })
    }

    pub fn webinar_failure(&self, failure: Failure) -> &str {
        self.get(match failure {
            Failure::Network => Text::ErrorNetwork,
            Failure::Full => Text::FullNow,
            Failure::Closed => Text::ClosedNow,
            Failure::RateLimited => Text::ErrorRate,
            Failure::Server => Text::ErrorServer,
        })
    }

    /// A field error code from the form's checks or the server (`FieldError::code`).
    pub fn field_error(&self, code: &str) -> &str {
        self.get(match code {
            "required" => Text::ErrorRequired,
            "invalid_email" => Text::ErrorEmail,
            "too_long" => Text::ErrorTooLong,
            "consent_required" => Text::ErrorConsent,
            "stale_consent" => Text::ErrorStaleConsent,
            "invalid_choice" => Text::ErrorChoice,
            "out_of_range" => Text::ErrorScale,
            _ => Text::ErrorOther,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meter(allowance: u32, remaining: u32, period_days: u32) -> MeterState {
        MeterState {
            allowance,
            used: allowance - remaining,
            remaining,
            period_days,
        }
    }

    #[test]
    fn texts_from_another_release_are_refused() {
        let all = |n| vec![String::new(); n];
        assert!(Texts::new(Lang::Fr, CATALOGUE, all(Text::ALL.len())).is_some());
        assert!(Texts::new(Lang::Fr, CATALOGUE ^ 1, all(Text::ALL.len())).is_none());
        assert!(Texts::new(Lang::Fr, CATALOGUE, all(Text::ALL.len() - 1)).is_none());
    }

    #[test]
    fn counts_agree_in_number() {
        let fr = Texts::defaults(Lang::Fr);
        assert_eq!(fr.teasers_shown(3), "3 articles affichés");
        assert_eq!(fr.teasers_shown(1), "1 article affiché");
        assert_eq!(fr.seats_left(1), "Plus qu’une place");
        assert_eq!(Texts::defaults(Lang::En).seats_left(1), "1 seat left");
        assert_eq!(fr.form_has_errors(2), "Le formulaire contient 2 erreurs.");
        assert_eq!(
            fr.register_for(1, 10),
            "Pas encore prêt·e à vous abonner ? Avec un compte gratuit, lisez 1 article tous les 10 jours."
        );
    }

    #[test]
    fn meter_notices_agree_in_number() {
        let fr = Texts::defaults(Lang::Fr);
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
        let en = Texts::defaults(Lang::En);
        assert_eq!(
            en.meter_notice(&meter(5, 1, 31), true),
            "You have 1 free article left this month."
        );
        assert_eq!(
            en.meter_notice(&meter(2, 0, 30), false),
            "You have read your 2 free articles this month."
        );
    }

    #[test]
    fn a_marketers_text_is_filled_like_the_default() {
        let mut all: Vec<String> = Text::ALL
            .iter()
            .map(|t| t.default_text(Lang::Fr).to_owned())
            .collect();
        all[Text::MeterLeftOther as usize] = "Encore {n} lectures offertes {period} !".into();
        let fr = Texts::new(Lang::Fr, CATALOGUE, all).unwrap();
        assert_eq!(
            fr.meter_notice(&meter(5, 4, 7), true),
            "Encore 4 lectures offertes cette semaine !"
        );
        let code_sent = fr.fill(Text::CodeSent, &[("email", "{n}@exemple.fr")]);
        assert!(code_sent.contains("à {n}@exemple.fr."), "{code_sent}");
    }
}
