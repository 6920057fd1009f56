//! The widget's own strings, in French (default) and English. Texts that marketers configure
//! (paywall, offers) come from the server instead.

use serde::{Deserialize, Deserializer};

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
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let tag = Option::<String>::deserialize(d)?;
        Ok(tag.map(|t| Lang::from_tag(&t)).unwrap_or_default())
    }
}

pub struct Strings {
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub not_found: &'static str,
    pub retry: &'static str,
    pub hide_offers: &'static str,
    pub offers_heading: &'static str,
}

static FR: Strings = Strings {
    loading: "Chargement de l’article…",
    load_failed: "Cet article n’a pas pu être chargé.",
    not_found: "Cet article est introuvable.",
    retry: "Réessayer",
    hide_offers: "Masquer les offres",
    offers_heading: "Nos offres",
};

static EN: Strings = Strings {
    loading: "Loading the article…",
    load_failed: "This article could not be loaded.",
    not_found: "This article could not be found.",
    retry: "Try again",
    hide_offers: "Hide the offers",
    offers_heading: "Our offers",
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
}
