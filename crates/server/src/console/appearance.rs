//! `/admin/sites/{site}/apparence`: the widget's look for a site (colours, radius, font,
//! colour scheme), previewed in the real widget before it is saved. A host page may still set
//! any of these properties itself: the widget prefers the page's own values. maud templates:
//! every value is escaped unless marked otherwise.

use super::phrases::Phrase;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kiosque_protocol::Appearance;
use maud::{html, Markup, PreEscaped};

use super::widget_frame::{frame_pair, framing, live_previews, widget_page, Framed, Placeholder};
use super::{
    csrf_field, form_page, page, Choices, ConsoleError, ConsoleForm, ConsoleUser, Errors, Fields,
    Input, Lang,
};
use crate::AppState;

/// The form's field names, labels and hints.
fn labels(lang: Lang) -> [(&'static str, &'static str); 9] {
    [
        ("accent", lang.say(Phrase::AccentColourButtonsLinks)),
        ("accent_text", lang.say(Phrase::TextOnTheAccent)),
        ("text", lang.say(Phrase::Text)),
        ("muted", lang.say(Phrase::SecondaryText)),
        ("background", lang.say(Phrase::Background)),
        ("surface", lang.say(Phrase::BoxBackground)),
        ("border", lang.say(Phrase::Borders)),
        ("radius", lang.say(Phrase::CornerRadiusPxRem)),
        ("font", lang.say(Phrase::Font)),
    ]
}

fn from_fields(fields: &Fields) -> Appearance {
    let get = |name: &str| Some(fields.text(name)).filter(|v| !v.is_empty());
    Appearance {
        accent: get("accent"),
        accent_text: get("accent_text"),
        text: get("text"),
        muted: get("muted"),
        background: get("background"),
        surface: get("surface"),
        border: get("border"),
        radius: get("radius"),
        font: get("font"),
        scheme: get("scheme").filter(|s| s != "page"),
    }
}

fn value<'a>(a: &'a Appearance, name: &str) -> &'a str {
    let v = match name {
        "accent" => &a.accent,
        "accent_text" => &a.accent_text,
        "text" => &a.text,
        "muted" => &a.muted,
        "background" => &a.background,
        "surface" => &a.surface,
        "border" => &a.border,
        "radius" => &a.radius,
        _ => &a.font,
    };
    v.as_deref().unwrap_or("")
}

fn check(a: &Appearance, lang: Lang) -> Errors {
    let mut errors = Errors::default();
    for field in a.invalid_fields() {
        let name = if field == "accent-text" {
            "accent_text"
        } else {
            field
        };
        let message = match name {
            "radius" => lang.say(Phrase::From0To40px),
            "font" => lang.say(Phrase::FontNamesSeparatedBy),
            "scheme" => lang.say(Phrase::ChooseOneOfThe),
            _ => lang.say(Phrase::ARgbOrRrggbb),
        };
        errors.add(name, message);
    }
    errors
}

fn form(user: &ConsoleUser, site: &str, a: &Appearance, errors: &Errors) -> Markup {
    let lang = user.lang;
    // The form helpers' HTML, every value in it escaped.
    let inputs: Vec<Markup> = labels(lang)
        .iter()
        .map(|(name, label)| {
            let picker = format!("{} {label}", lang.say(Phrase::Choose));
            let colour = !matches!(*name, "radius" | "font");
            PreEscaped(
                Input::new(name, label)
                    .value(value(a, name))
                    .colour(if colour { &picker } else { "" })
                    .hint(if *name == "font" {
                        ""
                    } else {
                        lang.say(Phrase::EmptyTheDefault)
                    })
                    .render(lang, errors),
            )
        })
        .collect();
    let options: Vec<(String, String)> = [
        ("page", lang.say(Phrase::ThePagesLightBy)),
        ("light", lang.say(Phrase::Light)),
        ("dark", lang.say(Phrase::Dark)),
        ("auto", lang.say(Phrase::AsTheReadersSetting)),
    ]
    .iter()
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .collect();
    // Like `inputs`, the form helpers' HTML, every value in it escaped.
    let scheme = Choices {
        name: "scheme",
        legend: lang.say(Phrase::Scheme),
        hint: "",
        multiple: false,
        options: &options,
        selected: &[a.scheme.clone().unwrap_or_else(|| "page".into())],
        empty: "",
    }
    .render(lang, errors);
    html! {
        form method="post" action=(format!("/admin/sites/{site}/apparence")) novalidate {
            (PreEscaped(csrf_field(user)))
            @for input in &inputs { (input) }
            (PreEscaped(scheme))
            p {
                button type="submit" formaction=(format!("/admin/sites/{site}/apparence/apercu")) { (lang.say(Phrase::Preview)) }
                " "
                button type="submit" { (lang.say(Phrase::Save)) }
            }
        }
    }
}

/// `GET /admin/sites/{site}/apparence`.
pub async fn show(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
) -> Result<Response, ConsoleError> {
    let row = user.managed_site(&state, &site).await?;
    let main = form(&user, &site, &row.appearance, &Errors::default());
    Ok(page(
        &user,
        user.lang.say(Phrase::Appearance),
        &Errors::default(),
        &main.into_string(),
    )
    .into_response())
}

/// `POST /admin/sites/{site}/apparence`: saves; readers' pages get it within five minutes
/// (the loader's copy is cached that long).
pub async fn save(
    State(state): State<AppState>,
    Path(site): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    let typed = from_fields(&fields);
    let errors = check(&typed, user.lang);
    if !errors.is_empty() {
        let main = form(&user, &site, &typed, &errors);
        return Ok(form_page(
            &user,
            user.lang.say(Phrase::Appearance),
            &errors,
            &main.into_string(),
        ));
    }
    state.store.set_appearance(&site, &typed).await?;
    Ok(Redirect::to(&format!("/admin/sites/{site}/apparence?enregistre=1")).into_response())
}

/// The typed look as a query string for the preview frames.
fn query(a: &Appearance) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (name, _) in labels(Lang::Fr) {
        let v = value(a, name);
        if !v.is_empty() {
            q.append_pair(name, v);
        }
    }
    if let Some(s) = &a.scheme {
        q.append_pair("scheme", s);
    }
    q.finish()
}

/// `POST /admin/sites/{site}/apparence/apercu`: the typed look, not saved, in the real widget
/// on desktop and phone widths, with the form again to adjust and save.
pub async fn preview(
    Path(site): Path<String>,
    ConsoleForm { user, fields }: ConsoleForm,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    let lang = user.lang;
    let typed = from_fields(&fields);
    let errors = check(&typed, lang);
    let frames = if errors.is_empty() {
        let src = format!("/admin/sites/{site}/apparence/cadre?{}", query(&typed));
        frame_pair(&src, lang, "")
    } else {
        String::new()
    };
    let main = html! {
        (form(&user, &site, &typed, &errors))
        // `frame_pair`'s HTML, every value in it escaped.
        (live_previews(lang, PreEscaped(frames)))
    };
    let title = lang.say(Phrase::AppearancePreview);
    Ok(framing(form_page(
        &user,
        title,
        &errors,
        &main.into_string(),
    )))
}

/// `GET /admin/sites/{site}/apparence/cadre?…`: a gated article in the real widget with the
/// look given in the query (checked again: only safe values reach the style attribute).
pub async fn frame(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ConsoleError> {
    user.require_site(&site)?;
    let typed = from_fields(&Fields::parse(query.unwrap_or_default().as_bytes()));
    if !check(&typed, user.lang).is_empty() {
        return Err(ConsoleError::Status(StatusCode::BAD_REQUEST, user.lang));
    }
    let style: String = typed
        .properties()
        .iter()
        .filter_map(|(name, v)| v.as_ref().map(|v| format!("--kq-{name}: {v}; ")))
        .collect();
    // The preview API answers as the public one does for an anonymous reader: the wall shows,
    // whatever the meter would still give the marketer's own browser.
    let api = format!(
        "{}/admin/sites/{site}/apparence/cadre/api",
        state.server_origin
    );
    let framed = Framed {
        site: &site,
        title: user.lang.say(Phrase::PreviewHeading),
        api: Some(&api),
        style: &style,
        scheme: typed.scheme.as_deref(),
        placeholder: Placeholder::GatedArticle,
    };
    widget_page(&state, &user, framed).await
}
