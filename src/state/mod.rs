//! Pure state: reducers over plain data, no DOM, tested natively.

mod article;

pub use article::{ArticleAction, ArticleState, Phase};
