//! `/admin/utilisateurs` (admins only): the list of console users, and making one, whose
//! one-time password is shown once.

use super::phrases::Phrase;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::errors::ConsoleError;
use super::forms::{post_form, read_email, Choices, Errors, Input};
use super::i18n::Lang;
use super::layout::page;
use super::provision;
use super::session::{ConsoleForm, ConsoleUser, Fields};
use crate::html::escape;
use crate::store::{ConsoleRole, ConsoleUserRow};
use crate::AppState;

pub fn role_label(role: ConsoleRole, lang: Lang) -> &'static str {
    match role {
        ConsoleRole::Admin => lang.say(Phrase::Administrator),
        ConsoleRole::Marketer => lang.say(Phrase::Marketer),
    }
}

/// The role and sites fields, as the create form and a user's page show them.
pub fn access_fields(user: &ConsoleUser, role: &str, sites: &[String], errors: &Errors) -> String {
    let lang = user.lang;
    let roles = [
        (
            "marketer".to_owned(),
            lang.say(Phrase::MarketerManagesTheContent).to_owned(),
        ),
        (
            "admin".to_owned(),
            lang.say(Phrase::AdministratorManagesUsersSites).to_owned(),
        ),
    ];
    let site_options: Vec<(String, String)> = user
        .sites
        .iter()
        .map(|s| (s.id.clone(), format!("{} ({})", s.name, s.id)))
        .collect();
    let role = [role.to_owned()];
    let roles = Choices {
        name: "role",
        legend: lang.say(Phrase::Role),
        hint: "",
        multiple: false,
        options: &roles,
        selected: &role,
        empty: "",
    };
    let sites = Choices {
        name: "sites",
        legend: lang.say(Phrase::SitesGiven),
        hint: lang.say(Phrase::AnAdministratorManagesEvery),
        multiple: true,
        options: &site_options,
        selected: sites,
        empty: lang.say(Phrase::NoSiteYet),
    };
    format!(
        "{}{}",
        roles.render(lang, errors),
        sites.render(lang, errors)
    )
}

/// Reads and checks the role and sites fields.
pub fn read_access(
    user: &ConsoleUser,
    fields: &Fields,
    errors: &mut Errors,
) -> Option<(ConsoleRole, Vec<String>)> {
    let lang = user.lang;
    let role = ConsoleRole::parse(&fields.text("role"));
    if role.is_none() {
        errors.add("role", lang.say(Phrase::ChooseARole));
    }
    let mut sites = fields.all("sites");
    sites.sort();
    sites.dedup();
    if sites.iter().any(|site| !user.can_manage(site)) {
        errors.add("sites", lang.say(Phrase::ChooseAmongTheSites));
    } else if role == Some(ConsoleRole::Marketer) && sites.is_empty() {
        errors.add("sites", lang.say(Phrase::TickAtLeastOne));
    }
    role.map(|role| (role, sites))
}

/// The one-time password, shown once.
pub fn one_time_notice(lang: Lang, email: &str, one_time: &str) -> String {
    format!(
        r#"<div class="notice success" role="status"><p>{intro} <strong>{email}</strong>{colon}</p><p class="secret"><code>{one_time}</code></p><p>{outro}</p></div>"#,
        intro = lang.say(Phrase::OneTimePasswordOf),
        email = escape(email),
        colon = lang.say(Phrase::ColonAtEnd),
        one_time = escape(one_time),
        outro = lang.say(Phrase::PassItOnSafely),
    )
}

fn users_table(lang: Lang, users: &[ConsoleUserRow]) -> String {
    let rows: String = users
        .iter()
        .map(|u| {
            let sites = match u.role {
                ConsoleRole::Admin => lang.say(Phrase::AllInText).to_owned(),
                ConsoleRole::Marketer if u.sites.is_empty() => "—".to_owned(),
                ConsoleRole::Marketer => escape(&u.sites.join(", ")),
            };
            let state = if u.disabled {
                lang.say(Phrase::Disabled)
            } else if u.must_change_password {
                lang.say(Phrase::ActiveOneTimePassword)
            } else {
                lang.say(Phrase::Active)
            };
            format!(
                r#"<tr><th scope="row"><a href="/admin/utilisateurs/{id}">{email}</a></th><td>{role}</td><td>{sites}</td><td>{state}</td></tr>"#,
                id = u.id,
                email = escape(&u.email),
                role = role_label(u.role, lang),
            )
        })
        .collect();
    format!(
        r#"<table><caption>{caption}</caption><thead><tr><th scope="col">{email}</th><th scope="col">{role}</th><th scope="col">Sites</th><th scope="col">{state}</th></tr></thead><tbody>{rows}</tbody></table>"#,
        caption = lang.say(Phrase::ConsoleUsers),
        email = lang.say(Phrase::Address),
        role = lang.say(Phrase::Role),
        state = lang.say(Phrase::State),
    )
}

/// What the create form shows again after a refusal (all it has: no password is typed).
struct Typed {
    email: String,
    role: String,
    sites: Vec<String>,
}

async fn users_page(
    state: &AppState,
    user: &ConsoleUser,
    status: StatusCode,
    errors: &Errors,
    typed: &Typed,
    notice: &str,
) -> Result<Response, ConsoleError> {
    let lang = user.lang;
    let users = state.store.console_users().await?;
    let email = Input::new("email", lang.say(Phrase::EmailAddress))
        .kind("email")
        .value(&typed.email)
        .autocomplete("off")
        .render(lang, errors);
    let form = post_form(
        user,
        "/admin/utilisateurs",
        &format!(
            "{email}{}",
            access_fields(user, &typed.role, &typed.sites, errors)
        ),
        lang.say(Phrase::CreateTheUser),
    );
    let main = format!(
        r#"{notice}{table}<h2>{create}</h2><p>{explain}</p>{form}"#,
        table = users_table(lang, &users),
        create = lang.say(Phrase::CreateAUser),
        explain = lang.say(Phrase::AOneTimePassword),
    );
    let title = lang.say(Phrase::Users);
    Ok((status, page(user, title, errors, &main)).into_response())
}

fn empty_form() -> Typed {
    Typed {
        email: String::new(),
        role: "marketer".into(),
        sites: Vec::new(),
    }
}

/// `GET /admin/utilisateurs`.
pub async fn list(
    State(state): State<AppState>,
    user: ConsoleUser,
) -> Result<Response, ConsoleError> {
    user.require_admin()?;
    users_page(
        &state,
        &user,
        StatusCode::OK,
        &Errors::default(),
        &empty_form(),
        "",
    )
    .await
}

/// `POST /admin/utilisateurs`: creates a user and shows its one-time password once.
pub async fn create(
    State(state): State<AppState>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let (user, fields) = form.admin_only()?;
    let lang = user.lang;
    let typed = Typed {
        email: fields.text("email"),
        role: fields.text("role"),
        sites: fields.all("sites"),
    };
    let mut errors = Errors::default();
    let missing = lang.say(Phrase::EnterThePersonsEmail);
    let email = read_email(lang, &typed.email, missing, &mut errors);
    let access = read_access(&user, &fields, &mut errors);
    let (Some(email), Some((role, sites)), true) = (email, access, errors.is_empty()) else {
        return users_page(&state, &user, StatusCode::BAD_REQUEST, &errors, &typed, "").await;
    };
    let Some(one_time) = provision::create_user(&state.store, &email, role, &sites).await? else {
        errors.add("email", lang.say(Phrase::AUserAlreadyHas));
        return users_page(&state, &user, StatusCode::CONFLICT, &errors, &typed, "").await;
    };
    tracing::info!(by = %user.email, %email, role = role.as_str(), "console: user created");
    let notice = one_time_notice(lang, &email, &one_time);
    users_page(
        &state,
        &user,
        StatusCode::CREATED,
        &Errors::default(),
        &empty_form(),
        &notice,
    )
    .await
}
