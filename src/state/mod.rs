//! Pure state: reducers over plain data, no DOM, tested natively.

mod article;
mod registration;

pub use article::{ArticleAction, ArticleState, Phase};
pub use registration::{FormError, RegistrationAction, RegistrationState, Step, Submit};
