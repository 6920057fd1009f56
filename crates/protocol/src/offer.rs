use serde::{Deserialize, Serialize};

/// A subscription offer as the reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    pub id: String,
    pub name: String,
    pub headline: String,
    /// HTML built by the server from what the marketer wrote, with nothing outside this
    /// allow-list: `p`, `ul`, `li`, `strong`, `em`, and `a` with an http(s) `href`,
    /// `target="_blank"` and `rel="noopener"`; text escaped. The widget inserts it as is, so a
    /// backend must hold to the same list.
    pub description: String,
    /// Display price, already formatted by the publisher ("9,90 €").
    pub price: String,
    /// Billing period as displayed ("par mois").
    pub period: String,
    pub benefits: Vec<String>,
    pub cta_label: String,
    /// The publisher's own checkout page.
    pub cta_url: String,
    /// Highlight such as "Le plus choisi".
    pub badge: Option<String>,
    /// The A/B variant this reader was given (sticky per reader); analytics events name it.
    #[serde(default)]
    pub variant: String,
}

/// The subscription box shown where a gated article's teaser ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Paywall {
    /// "Abonnement".
    pub kicker: String,
    /// "Accédez à l'intégralité de nos contenus".
    pub title: String,
    /// What a subscription opens.
    pub benefits: Vec<String>,
    /// Label of the button that reveals the offers ("Découvrez nos offres").
    pub cta_label: String,
    pub offers: Vec<Offer>,
}

/// `GET /v1/sites/{site}/offers?placement=inline|banner&article=slug`: the offers a page
/// places outside the paywall (an inline block, a banner), each in the reader's variant;
/// none for a subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacedOffers {
    pub offers: Vec<Offer>,
}
