//! Pure state: reducers over plain data, no DOM, tested natively.

mod load;
mod registration;
mod teasers;

pub use load::{ArticleAction, ArticleState, Decided, LoadAction, LoadState, Phase};
pub use registration::{FormError, RegistrationAction, RegistrationState, Step, Submit};
pub use teasers::{TeaserAction, TeaserState};
