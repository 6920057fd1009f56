//! `/admin/sites/{site}/textes`: the site's own wording, per language, for any text the widget
//! shows readers (`kiosque_protocol::Text`). An empty field keeps the text Kiosque ships, so a
//! marketer only writes the few it wants to change. The loader gets the texts with the site's
//! look, revalidated on every page view. maud templates: every value is escaped unless marked
//! otherwise.

use super::phrases::Phrase;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use kiosque_protocol::{Lang as TextLang, Text, TextGroup};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use super::{
    csrf_field, form_page, page, ConsoleError, ConsoleForm, ConsoleUser, Errors, Fields, Input,
    Lang,
};
use crate::store::TextOverrides;
use crate::AppState;

/// `?fait=1`: the page after a save, which says it was saved.
#[derive(Deserialize)]
pub struct Done {
    fait: Option<String>,
}

fn title(lang: Lang) -> &'static str {
    lang.say(Phrase::WidgetTexts)
}

/// The form field of `text` in `text_lang`, e.g. `fr.retry`: the stored name, so a field
/// keeps its meaning when texts are added or reordered.
fn field_name(text_lang: TextLang, text: Text) -> String {
    format!("{}.{}", text_lang.as_str(), text.name())
}

/// A group's anchor and name, for its fieldset and the list of groups at the top.
fn group_label(group: TextGroup, lang: Lang) -> (&'static str, &'static str) {
    match group {
        TextGroup::Article => ("groupe-article", lang.say(Phrase::Article)),
        TextGroup::Meter => ("groupe-compteur", lang.say(Phrase::FreeArticleMeter)),
        TextGroup::Registration => ("groupe-inscription", lang.say(Phrase::FreeRegistration)),
        TextGroup::Teasers => ("groupe-listes", lang.say(Phrase::ArticleLists)),
        TextGroup::Webinar => ("groupe-webinaires", lang.say(Phrase::Webinars)),
        TextGroup::WebinarForm => (
            "groupe-formulaire",
            lang.say(Phrase::WebinarRegistrationForm),
        ),
        TextGroup::Survey => ("groupe-questionnaires", lang.say(Phrase::Questionnaires)),
        TextGroup::Errors => ("groupe-erreurs", lang.say(Phrase::ErrorMessages)),
    }
}

fn language_name(text_lang: TextLang, lang: Lang) -> &'static str {
    match text_lang {
        TextLang::Fr => lang.say(Phrase::French),
        TextLang::En => lang.say(Phrase::English),
    }
}

/// A field's label, also the start of its error message so each line of the error summary
/// says which field it is about: "Bouton pour réessayer après une erreur (français)".
fn label(text: Text, text_lang: TextLang, lang: Lang) -> String {
    format!(
        "{} ({})",
        super::text_labels::describe(text, lang),
        language_name(text_lang, lang)
    )
}

fn texts_of(group: TextGroup) -> impl Iterator<Item = Text> {
    Text::ALL
        .iter()
        .copied()
        .filter(move |t| t.group() == group)
}

/// Every text in the order of the form, so the error summary follows the page.
fn in_form_order() -> impl Iterator<Item = Text> {
    TextGroup::ALL.into_iter().flat_map(texts_of)
}

fn value(texts: &TextOverrides, text_lang: TextLang, text: Text) -> &str {
    texts
        .get(text_lang.as_str())
        .and_then(|by_name| by_name.get(text.name()))
        .map_or("", String::as_str)
}

/// The non-empty fields, trimmed; other fields (unknown names included) are ignored.
fn typed(fields: &Fields) -> TextOverrides {
    let mut typed = TextOverrides::new();
    for text_lang in TextLang::ALL {
        for text in Text::ALL {
            let value = fields.text(&field_name(text_lang, *text));
            if !value.is_empty() {
                typed
                    .entry(text_lang.as_str().to_owned())
                    .or_default()
                    .insert(text.name().to_owned(), value);
            }
        }
    }
    typed
}

fn placeholder_list(text: Text) -> String {
    text.placeholders()
        .iter()
        .map(|name| format!("{{{name}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What is wrong, for an error code of `Text::check_override`.
fn message(code: &str, text: Text, text_lang: TextLang, lang: Lang) -> String {
    let why = match code {
        // The limit is `check_override`'s.
        "too_long" => lang.say(Phrase::T400CharactersAtMost).to_owned(),
        "control_character" => lang.say(Phrase::RemoveTheLineBreaks).to_owned(),
        "unknown_placeholder" if text.placeholders().is_empty() => {
            lang.say(Phrase::ThisTextCannotHold).to_owned()
        }
        "unknown_placeholder" => format!(
            "{} {} {}",
            lang.say(Phrase::Only),
            placeholder_list(text),
            lang.say(Phrase::AreFilledInBy)
        ),
        _ => lang.say(Phrase::ThisTextIsNot).to_owned(),
    };
    let colon = lang.say(Phrase::Colon);
    format!("{}{colon}{why}", label(text, text_lang, lang))
}

fn check(typed: &TextOverrides, lang: Lang) -> Errors {
    let mut errors = Errors::default();
    for text in in_form_order() {
        for text_lang in TextLang::ALL {
            let value = value(typed, text_lang, text);
            if value.is_empty() {
                continue;
            }
            if let Err(code) = text.check_override(value) {
                errors.add(
                    &field_name(text_lang, text),
                    message(code, text, text_lang, lang),
                );
            }
        }
    }
    errors
}

/// The default shown under the field, and the placeholders the text may hold.
fn hint(text: Text, text_lang: TextLang, lang: Lang) -> String {
    let default = text.default_text(text_lang);
    // No full stop after the quote: most defaults end with their own.
    let mut hint = match lang {
        Lang::Fr => format!("Par défaut : « {default} »"),
        Lang::En => format!("Default: “{default}”"),
    };
    if !text.placeholders().is_empty() {
        hint += lang.say(Phrase::MayHold);
        hint += &placeholder_list(text);
    }
    hint
}

/// What the page says once, before the fields.
fn introduction(lang: Lang) -> Markup {
    let paragraphs = [
        lang.say(Phrase::EveryTextTheWidget),
        lang.say(Phrase::NamesInBracesSuch),
        lang.say(Phrase::TextsForOneAnd),
        lang.say(Phrase::ReadersGetTheSaved),
    ];
    html! {
        @for paragraph in paragraphs { p { (paragraph) } }
        nav aria-labelledby="groupes-titre" {
            h2 id="groupes-titre" { (lang.say(Phrase::GroupsOfTexts)) }
            ul { @for group in TextGroup::ALL.iter() {
                @let (id, name) = group_label(*group, lang);
                li { a href=(format!("#{id}")) { (name) } }
            } }
        }
    }
}

fn field(
    text: Text,
    text_lang: TextLang,
    texts: &TextOverrides,
    lang: Lang,
    errors: &Errors,
) -> Markup {
    let name = field_name(text_lang, text);
    let label = label(text, text_lang, lang);
    let hint = hint(text, text_lang, lang);
    // The form helpers' HTML, every value in it escaped.
    PreEscaped(
        Input::new(&name, &label)
            .value(value(texts, text_lang, text))
            .placeholder(text.default_text(text_lang))
            .value_lang(text_lang.as_str())
            .hint(&hint)
            .render(lang, errors),
    )
}

fn form(user: &ConsoleUser, site: &str, texts: &TextOverrides, errors: &Errors) -> Markup {
    let lang = user.lang;
    html! {
        form method="post" action=(format!("/admin/sites/{site}/textes")) novalidate {
            (PreEscaped(csrf_field(user)))
            @for group in TextGroup::ALL.iter() {
                @let (id, name) = group_label(*group, lang);
                fieldset id=(id) class="text-group" tabindex="-1" {
                    legend { (name) }
                    @for text in texts_of(*group) {
                        div class="text-pair" { @for text_lang in TextLang::ALL.iter() {
                            (field(text, *text_lang, texts, lang, errors))
                        } }
                    }
                }
            }
            p { button type="submit" { (lang.say(Phrase::SaveTheTexts)) } }
        }
    }
}

/// `GET /admin/sites/{site}/textes`.
pub async fn show(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, ConsoleError> {
    let site = user.managed_site(&state, &id).await?;
    let lang = user.lang;
    let main = html! {
        @if done.fait.is_some() {
            p class="notice success" role="status" { (lang.say(Phrase::TextsSavedReadersWill)) }
        }
        (introduction(lang))
        (form(&user, &site.id, &site.texts, &Errors::default()))
    };
    Ok(page(&user, title(lang), &Errors::default(), &main.into_string()).into_response())
}

/// `POST /admin/sites/{site}/textes`: every override at once, or nothing when one is wrong.
pub async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let site = user.managed_site(&state, &id).await?;
    let lang = user.lang;
    let typed = typed(&fields);
    let errors = check(&typed, lang);
    if !errors.is_empty() {
        let main = html! {
            (introduction(lang))
            (form(&user, &site.id, &typed, &errors))
        };
        return Ok(form_page(&user, title(lang), &errors, &main.into_string()));
    }
    if !state.store.set_texts(&site.id, &typed).await? {
        return Err(ConsoleError::NotFound(lang));
    }
    Ok(Redirect::to(&format!("/admin/sites/{}/textes?fait=1", site.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_in_the_form_once() {
        let listed: Vec<Text> = in_form_order().collect();
        assert_eq!(listed.len(), Text::ALL.len());
        for text in Text::ALL {
            assert!(listed.contains(text), "{}", text.name());
        }
    }

    #[test]
    fn fields_are_trimmed_and_unknown_ones_ignored() {
        let fields = Fields::parse(b"fr.retry=+Encore+&en.retry=&fr.nope=x&de.retry=y");
        let typed = typed(&fields);
        assert_eq!(value(&typed, TextLang::Fr, Text::Retry), "Encore");
        assert!(!typed.contains_key("en"), "an empty field is the default");
        assert_eq!(typed.len(), 1);
    }

    #[test]
    fn messages_name_their_field_and_the_placeholders() {
        let m = message(
            "unknown_placeholder",
            Text::MeterLeftOther,
            TextLang::En,
            Lang::En,
        );
        assert_eq!(
            m,
            "Meter: several free articles left (English): only {n}, {period} are filled in by the widget; any other {…} would be shown as it is."
        );
        assert!(hint(Text::Retry, TextLang::Fr, Lang::Fr).contains("« Réessayer »"));
    }
}
