use serde::{Deserialize, Serialize};

use crate::offer::Paywall;

/// Who may read an article in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessLevel {
    /// Everyone.
    Free,
    /// Readers with a free account.
    Registered,
    /// Paying subscribers.
    Subscribers,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section {
    pub slug: String,
    pub name: String,
}

/// Everything about an article that is public whatever its access level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleMeta {
    pub slug: String,
    pub section: Section,
    /// Short label above the title, such as "Interview".
    pub kicker: String,
    pub title: String,
    /// The chapeau: always public.
    pub standfirst: String,
    pub author: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published_at: String,
    pub access: AccessLevel,
}

/// One block of an article body. Text is plain text: the widget never renders it as HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
    },
    Heading {
        text: String,
    },
    /// An interviewer's question in a Q&A article.
    Question {
        text: String,
    },
    Quote {
        text: String,
    },
}

impl Block {
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph { text }
            | Block::Heading { text }
            | Block::Question { text }
            | Block::Quote { text } => text,
        }
    }
}

/// The server's decision for this reader and article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Access {
    /// `body` is the whole article.
    Full,
    /// `body` is only the public teaser, cut on the server; the rest was never sent.
    Teaser { paywall: Paywall },
}

/// `GET /v1/sites/{site}/articles/{slug}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticlePage {
    pub article: ArticleMeta,
    pub body: Vec<Block>,
    pub access: Access,
}

/// `GET /v1/sites/{site}/articles`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleList {
    pub articles: Vec<ArticleMeta>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_is_tagged_by_decision() {
        let full = serde_json::to_value(Access::Full).unwrap();
        assert_eq!(full, serde_json::json!({ "decision": "full" }));
        let block: Block =
            serde_json::from_str(r#"{"type":"question","text":"Pourquoi ?"}"#).unwrap();
        assert_eq!(block.text(), "Pourquoi ?");
    }
}
