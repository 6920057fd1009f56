//! Form pieces that keep every console form accessible: each field has a label; its hint and
//! its error are tied to it with `aria-describedby` and `aria-invalid`; errors are summarised
//! at the top of the page (`layout::page` does it) with a link to each field. Forms are
//! `novalidate`: the server's messages, in the page's language, are the only ones. maud
//! templates: every value is escaped unless marked otherwise.

use super::i18n::Lang;
use super::phrases::Phrase;
use super::session::ConsoleUser;
use maud::{html, Markup, PreEscaped};

/// The errors of a posted form, by field name, in the order of the form.
#[derive(Debug, Default)]
pub struct Errors(Vec<(String, String)>);

impl Errors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_owned(), message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first error of a field.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, message)| message.as_str())
    }
}

/// The address typed in the field `email`, normalised; otherwise an error on that field
/// (`missing` when nothing was typed).
pub fn read_email(lang: Lang, typed: &str, missing: &str, errors: &mut Errors) -> Option<String> {
    if typed.is_empty() {
        errors.add("email", missing);
        return None;
    }
    let email = crate::accounts::normalise_email(typed);
    if email.is_none() {
        errors.add("email", lang.say(Phrase::EnterAValidEmail));
    }
    email
}

/// The list of errors that opens a page after a refused form (empty without errors). It takes
/// the focus, so a screen reader reads it first; each message links to its field.
pub fn error_summary(lang: Lang, errors: &Errors) -> String {
    if errors.is_empty() {
        return String::new();
    }
    html! {
        div.error-summary role="alert" aria-labelledby="erreurs-titre" tabindex="-1" autofocus {
            h2 #erreurs-titre {
                (lang.say(Phrase::ThereIsAProblem))
            }
            ul { @for (field, message) in &errors.0 {
                li { a href=(format!("#{field}")) { (message) } }
            } }
        }
    }
    .into_string()
}

/// What describes a field: its hint and error paragraphs, the ids for its
/// `aria-describedby`, and whether it is invalid.
struct Described {
    html: Markup,
    ids: Option<String>,
    invalid: Option<&'static str>,
}

fn described(name: &str, hint: &str, error: Option<&str>, lang: Lang) -> Described {
    let hint_id = (!hint.is_empty()).then(|| format!("{name}-aide"));
    let error_id = error.map(|_| format!("{name}-erreur"));
    let ids: Vec<&str> = [&hint_id, &error_id]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    Described {
        html: html! {
            @if let Some(id) = &hint_id { p.hint id=(id) { (hint) } }
            @if let (Some(id), Some(error)) = (&error_id, error) {
                p.error id=(id) { span.visually-hidden { (lang.say(Phrase::Error)) } (error) }
            }
        },
        ids: (!ids.is_empty()).then(|| ids.join(" ")),
        invalid: error.map(|_| "true"),
    }
}

/// A text field: `Input::new("email", "Adresse e-mail").kind("email").value(&typed)
/// .autocomplete("username").render(lang, &errors)`. Password fields are never given a value.
pub struct Input<'a> {
    name: &'a str,
    label: &'a str,
    kind: &'a str,
    value: &'a str,
    hint: &'a str,
    autocomplete: &'a str,
    placeholder: &'a str,
    value_lang: &'a str,
    /// A colour (`#rrggbb`): `console.js` puts a picker beside it, named by this.
    picker: &'a str,
}

impl<'a> Input<'a> {
    pub fn new(name: &'a str, label: &'a str) -> Self {
        Input {
            name,
            label,
            kind: "text",
            value: "",
            hint: "",
            autocomplete: "off",
            placeholder: "",
            value_lang: "",
            picker: "",
        }
    }

    /// An `<input type>`, or `textarea`.
    pub fn kind(self, kind: &'a str) -> Self {
        Input { kind, ..self }
    }

    pub fn value(self, value: &'a str) -> Self {
        Input { value, ..self }
    }

    pub fn hint(self, hint: &'a str) -> Self {
        Input { hint, ..self }
    }

    pub fn autocomplete(self, autocomplete: &'a str) -> Self {
        Input {
            autocomplete,
            ..self
        }
    }

    /// Shown in the empty field. Never instead of a label or hint: it goes once typed in.
    pub fn placeholder(self, placeholder: &'a str) -> Self {
        Input {
            placeholder,
            ..self
        }
    }

    /// The language of what is typed (`lang` on the field), when it is not the page's: screen
    /// readers pronounce it and spell checkers check it in that language.
    pub fn value_lang(self, value_lang: &'a str) -> Self {
        Input { value_lang, ..self }
    }

    /// A colour field: `picker` names the colour picker `console.js` adds beside it
    /// ("Choisir la couleur d’accent").
    pub fn colour(self, picker: &'a str) -> Self {
        Input { picker, ..self }
    }

    pub fn render(&self, lang: Lang, errors: &Errors) -> String {
        let error = errors.get(self.name);
        let d = described(self.name, self.hint, error, lang);
        let optional = |value: &'a str| (!value.is_empty()).then_some(value);
        let name = self.name;
        html! {
            div class=(if error.is_some() { "field invalid" } else { "field" }) {
                label for=(name) { (self.label) }
                (d.html)
                @if self.kind == "textarea" {
                    textarea id=(name) name=(name) rows="4" autocomplete=(self.autocomplete)
                        aria-describedby=[&d.ids] aria-invalid=[d.invalid]
                        placeholder=[optional(self.placeholder)] lang=[optional(self.value_lang)] { (self.value) }
                } @else {
                    input id=(name) name=(name) type=(self.kind) value=(self.value) autocomplete=(self.autocomplete)
                        aria-describedby=[&d.ids] aria-invalid=[d.invalid]
                        placeholder=[optional(self.placeholder)] lang=[optional(self.value_lang)]
                        data-colour=[optional(self.picker)];
                }
            }
        }
        .into_string()
    }
}

/// Checkboxes (`multiple`) or radio buttons in a fieldset whose legend is `legend`:
/// `options` are `(value, label)`, those in `selected` are checked. The fieldset has the
/// field's id, so the error summary's link leads to it.
pub struct Choices<'a> {
    pub name: &'a str,
    pub legend: &'a str,
    pub hint: &'a str,
    pub multiple: bool,
    pub options: &'a [(String, String)],
    pub selected: &'a [String],
    /// Shown instead of the boxes when there is no option.
    pub empty: &'a str,
}

impl Choices<'_> {
    pub fn render(&self, lang: Lang, errors: &Errors) -> String {
        let error = errors.get(self.name);
        let d = described(self.name, self.hint, error, lang);
        let name = self.name;
        let kind = if self.multiple { "checkbox" } else { "radio" };
        html! {
            div class=(if error.is_some() { "field invalid" } else { "field" }) {
                fieldset id=(name) tabindex="-1" aria-describedby=[&d.ids] aria-invalid=[d.invalid] {
                    legend { (self.legend) }
                    (d.html)
                    @for (i, (value, label)) in self.options.iter().enumerate() {
                        div.choice {
                            input type=(kind) id=(format!("{name}-{i}")) name=(name) value=(value)
                                checked[self.selected.contains(value)];
                            label for=(format!("{name}-{i}")) { (label) }
                        }
                    }
                    @if self.options.is_empty() { p { (self.empty) } }
                }
            }
        }
        .into_string()
    }
}

/// The hidden field that carries the session's CSRF token.
pub fn csrf_field(user: &ConsoleUser) -> String {
    html! { input type="hidden" name="csrf" value=(user.csrf); }.into_string()
}

/// A form posting to `action` (a console path) with the CSRF token, the fields in `inner`
/// (trusted HTML) and one submit button.
pub fn post_form(user: &ConsoleUser, action: &str, inner: &str, submit: &str) -> String {
    html! {
        form method="post" action=(action) novalidate {
            (PreEscaped(csrf_field(user)))
            (PreEscaped(inner))
            button type="submit" { (submit) }
        }
    }
    .into_string()
}

/// A one-button form set in a line of text or a table row (remove an origin, import a feed
/// now): hidden `fields`, the CSRF token and a secondary button saying `label`.
pub fn inline_action(user: &ConsoleUser, action: &str, fields: Markup, label: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) novalidate {
            (PreEscaped(csrf_field(user)))
            (fields)
            button.secondary type="submit" { (label) }
        }
    }
}
