//! Form pieces that keep every console form accessible: each field has a label; its hint and
//! its error are tied to it with `aria-describedby` and `aria-invalid`; errors are summarised
//! at the top of the page (`layout::page` does it) with a link to each field. Forms are
//! `novalidate`: the server's messages, in the page's language, are the only ones.

use super::i18n::Lang;
use super::session::ConsoleUser;
use crate::html::escape;

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
        errors.add(
            "email",
            lang.pick(
                "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.",
                "Enter a valid email address, like name@example.com.",
            ),
        );
    }
    email
}

/// The list of errors that opens a page after a refused form (empty without errors). It takes
/// the focus, so a screen reader reads it first; each message links to its field.
pub fn error_summary(lang: Lang, errors: &Errors) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let items: String = errors
        .0
        .iter()
        .map(|(field, message)| {
            format!(
                r##"<li><a href="#{}">{}</a></li>"##,
                escape(field),
                escape(message)
            )
        })
        .collect();
    format!(
        r#"<div class="error-summary" role="alert" aria-labelledby="erreurs-titre" tabindex="-1" autofocus><h2 id="erreurs-titre">{}</h2><ul>{items}</ul></div>"#,
        lang.pick(
            "Le formulaire contient des erreurs",
            "There is a problem with the form"
        )
    )
}

/// The hint and error paragraphs of a field, and the ids for its `aria-describedby`.
fn described(name: &str, hint: &str, error: Option<&str>, lang: Lang) -> (String, String) {
    let mut html = String::new();
    let mut ids = Vec::new();
    if !hint.is_empty() {
        html += &format!(r#"<p class="hint" id="{name}-aide">{}</p>"#, escape(hint));
        ids.push(format!("{name}-aide"));
    }
    if let Some(error) = error {
        html += &format!(
            r#"<p class="error" id="{name}-erreur"><span class="visually-hidden">{}</span>{}</p>"#,
            lang.pick("Erreur : ", "Error: "),
            escape(error)
        );
        ids.push(format!("{name}-erreur"));
    }
    let attributes = if ids.is_empty() {
        String::new()
    } else {
        format!(r#" aria-describedby="{}""#, ids.join(" "))
    };
    let invalid = if error.is_some() {
        r#" aria-invalid="true""#
    } else {
        ""
    };
    (html, format!("{attributes}{invalid}"))
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
        let (described_html, mut attributes) = described(self.name, self.hint, error, lang);
        for (attribute, value) in [
            ("placeholder", self.placeholder),
            ("lang", self.value_lang),
            ("data-colour", self.picker),
        ] {
            if !value.is_empty() {
                attributes += &format!(r#" {attribute}="{}""#, escape(value));
            }
        }
        let name = escape(self.name);
        let control = if self.kind == "textarea" {
            format!(
                r#"<textarea id="{name}" name="{name}" rows="4" autocomplete="{}"{attributes}>{}</textarea>"#,
                escape(self.autocomplete),
                escape(self.value)
            )
        } else {
            format!(
                r#"<input id="{name}" name="{name}" type="{}" value="{}" autocomplete="{}"{attributes}>"#,
                escape(self.kind),
                escape(self.value),
                escape(self.autocomplete)
            )
        };
        let class = if error.is_some() {
            "field invalid"
        } else {
            "field"
        };
        format!(
            r#"<div class="{class}"><label for="{name}">{}</label>{described_html}{control}</div>"#,
            escape(self.label)
        )
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
        let (described_html, aria) = described(self.name, self.hint, error, lang);
        let name = escape(self.name);
        let kind = if self.multiple { "checkbox" } else { "radio" };
        let boxes: String = self
            .options
            .iter()
            .enumerate()
            .map(|(i, (value, label))| {
                let checked = if self.selected.contains(value) {
                    " checked"
                } else {
                    ""
                };
                format!(
                    r#"<div class="choice"><input type="{kind}" id="{name}-{i}" name="{name}" value="{}"{checked}><label for="{name}-{i}">{}</label></div>"#,
                    escape(value),
                    escape(label)
                )
            })
            .collect();
        let boxes = if boxes.is_empty() {
            format!("<p>{}</p>", escape(self.empty))
        } else {
            boxes
        };
        let class = if error.is_some() {
            "field invalid"
        } else {
            "field"
        };
        format!(
            r#"<div class="{class}"><fieldset id="{name}" tabindex="-1"{aria}><legend>{}</legend>{described_html}{boxes}</fieldset></div>"#,
            escape(self.legend)
        )
    }
}

/// The hidden field that carries the session's CSRF token.
pub fn csrf_field(user: &ConsoleUser) -> String {
    format!(
        r#"<input type="hidden" name="csrf" value="{}">"#,
        escape(&user.csrf)
    )
}

/// A form posting to `action` (a console path) with the CSRF token, the fields in `inner`
/// (trusted HTML) and one submit button.
pub fn post_form(user: &ConsoleUser, action: &str, inner: &str, submit: &str) -> String {
    format!(
        r#"<form method="post" action="{}" novalidate>{}{inner}<button type="submit">{}</button></form>"#,
        escape(action),
        csrf_field(user),
        escape(submit)
    )
}
