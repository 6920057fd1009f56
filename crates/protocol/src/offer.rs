use serde::{Deserialize, Serialize};

/// A subscription offer as the reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    pub id: String,
    /// The card's title ("Intégral annuel"); the marketer's internal name never reaches readers.
    pub title: String,
    pub headline: String,
    /// What the marketer wrote, as structure rather than HTML: the widget builds each element
    /// itself, so no backend can make it insert markup.
    pub description: Vec<RichBlock>,
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

/// A block of an offer's description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RichBlock {
    Paragraph(Vec<Span>),
    /// A bulleted list: each item is its runs of text.
    List(Vec<Vec<Span>>),
}

/// A run of text with its marks. Consecutive runs with the same `link` are one link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Span {
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strong: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub em: bool,
    /// An http(s) address; the widget makes nothing else clickable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// The subscription box shown where a gated article's teaser ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Paywall {
    /// "Abonnement".
    pub kicker: String,
    /// "Accédez à l’intégralité de nos contenus".
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
