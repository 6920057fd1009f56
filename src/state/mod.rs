//! Pure state: reducers over plain data, no DOM, tested natively.

mod answers;
mod load;
mod registration;
mod survey_form;
mod teasers;
mod webinar_form;

pub use answers::{answer_field, blank_answers, AnswerAction};
pub use load::{ArticleAction, ArticleState, Decided, LoadAction, LoadState, Phase};
pub use registration::{FormError, RegistrationAction, RegistrationState, Step, Submit};
pub use survey_form::{SurveyAction, SurveyForm, SurveyPhase, SURVEY_CONSENT, SURVEY_EMAIL};
pub use teasers::{TeaserAction, TeaserState};
pub use webinar_form::{
    Failure, Field, FormAction, Phase as FormPhase, WebinarForm, CONSENT_MARKETING,
    CONSENT_PROCESSING,
};
