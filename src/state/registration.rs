//! The sign-up / sign-in form: ask for a code by e-mail, then type it. Pure state: what the
//! reader typed is never lost, whatever fails.

use std::rc::Rc;

use yew::Reducible;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Step {
    #[default]
    Email,
    /// A code was sent to `email`.
    Code,
}

/// What went wrong, as the form tells the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    InvalidEmail,
    InvalidCode,
    TooManyAttempts,
    RateLimited,
    /// No answer: the reader can simply try again, nothing was lost.
    Network,
    Server,
}

/// The request a submit makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submit {
    SendCode { email: String },
    CheckCode { email: String, code: String },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegistrationState {
    pub step: Step,
    pub email: String,
    pub code: String,
    pub busy: bool,
    pub error: Option<FormError>,
}

pub enum RegistrationAction {
    EmailInput(String),
    CodeInput(String),
    /// A submit that passed the checks below is under way.
    Submitting,
    /// A submit stopped before sending (the checks failed) or the server said no.
    Failed(FormError),
    CodeSent,
    /// Back to the address (to fix it or to ask for a new code); the address is kept.
    ChangeEmail,
}

impl RegistrationState {
    /// What a submit should send now, or why it cannot (checked before any request).
    pub fn submit(&self) -> Result<Submit, FormError> {
        let email = self.email.trim().to_owned();
        let plausible = email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
        if !plausible {
            return Err(FormError::InvalidEmail);
        }
        match self.step {
            Step::Email => Ok(Submit::SendCode { email }),
            Step::Code => {
                let code: String = self.code.chars().filter(|c| !c.is_whitespace()).collect();
                if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(Submit::CheckCode { email, code })
                } else {
                    Err(FormError::InvalidCode)
                }
            }
        }
    }
}

impl Reducible for RegistrationState {
    type Action = RegistrationAction;

    fn reduce(self: Rc<Self>, action: RegistrationAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            RegistrationAction::EmailInput(value) => {
                next.email = value;
                next.error = None;
            }
            RegistrationAction::CodeInput(value) => {
                next.code = value;
                next.error = None;
            }
            RegistrationAction::Submitting => {
                next.busy = true;
                next.error = None;
            }
            RegistrationAction::Failed(error) => {
                next.busy = false;
                next.error = Some(error);
            }
            RegistrationAction::CodeSent => {
                next.busy = false;
                next.error = None;
                next.step = Step::Code;
                next.code.clear();
            }
            RegistrationAction::ChangeEmail => {
                next.step = Step::Email;
                next.busy = false;
                next.error = None;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<RegistrationState> {
        Rc::new(RegistrationState::default())
    }

    #[test]
    fn a_bad_address_is_caught_before_any_request_and_kept() {
        let s = state().reduce(RegistrationAction::EmailInput("claire@exemple".into()));
        assert_eq!(s.submit(), Err(FormError::InvalidEmail));
        let s = s.reduce(RegistrationAction::Failed(FormError::InvalidEmail));
        assert_eq!(s.email, "claire@exemple", "what the reader typed stays");
        let s = s.reduce(RegistrationAction::EmailInput("claire@exemple.fr".into()));
        assert_eq!(s.error, None, "typing clears the error");
        assert_eq!(
            s.submit(),
            Ok(Submit::SendCode {
                email: "claire@exemple.fr".into()
            })
        );
    }

    #[test]
    fn the_code_step_checks_six_digits_and_keeps_everything_on_failure() {
        let s = state()
            .reduce(RegistrationAction::EmailInput(" a@b.fr ".into()))
            .reduce(RegistrationAction::Submitting)
            .reduce(RegistrationAction::CodeSent);
        assert_eq!(s.step, Step::Code);
        let s = s.reduce(RegistrationAction::CodeInput("12 34".into()));
        assert_eq!(s.submit(), Err(FormError::InvalidCode));
        let s = s.reduce(RegistrationAction::CodeInput("123 456".into()));
        assert_eq!(
            s.submit(),
            Ok(Submit::CheckCode {
                email: "a@b.fr".into(),
                code: "123456".into()
            })
        );
        let s = s
            .reduce(RegistrationAction::Submitting)
            .reduce(RegistrationAction::Failed(FormError::Network));
        assert_eq!(s.error, Some(FormError::Network));
        assert_eq!((s.code.as_str(), s.busy), ("123 456", false));
        let s = s.reduce(RegistrationAction::ChangeEmail);
        assert_eq!((s.step, s.email.as_str()), (Step::Email, " a@b.fr "));
    }
}
