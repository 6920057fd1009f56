//! `/admin/utilisateurs` (admins only): the list of console users, and making one, whose
//! one-time password is shown once. maud templates: every value is escaped unless marked
//! otherwise.

use super::phrases::Phrase;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped};

use super::errors::ConsoleError;
use super::forms::{post_form, read_email, Choices, Errors, Input};
use super::i18n::Lang;
use super::layout::page;
use super::provision;
use super::session::{ConsoleForm, ConsoleUser, Fields};
use crate::store::{ConsoleRole, ConsoleUserRow};
use crate::AppState;

pub fn role_label(role: ConsoleRole, lang: Lang) -> &'static str {
    match role {
        ConsoleRole::Admin => lang.say(Phrase::Administrator),
        ConsoleRole::Marketer => lang.say(Phrase::Marketer),
    }
}

/// The role and sites fields, as the create form and a user's page show them.
pub fn access_fields(user: &ConsoleUser, role: &str, sites: &[String], errors: &Errors) -> Markup {
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
    // Trusted HTML: the form helpers escape what they show.
    html! {
        (PreEscaped(roles.render(lang, errors)))
        (PreEscaped(sites.render(lang, errors)))
    }
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
pub fn one_time_notice(lang: Lang, email: &str, one_time: &str) -> Markup {
    html! {
        div.notice.success role="status" {
            p { (lang.say(Phrase::OneTimePasswordOf)) " " strong { (email) } (lang.say(Phrase::ColonAtEnd)) }
            p.secret { code { (one_time) } }
            p { (lang.say(Phrase::PassItOnSafely)) }
        }
    }
}

/// The sites a user manages, as the list shows them.
fn sites_of(u: &ConsoleUserRow, lang: Lang) -> String {
    match u.role {
        ConsoleRole::Admin => lang.say(Phrase::AllInText).to_owned(),
        ConsoleRole::Marketer if u.sites.is_empty() => "—".to_owned(),
        ConsoleRole::Marketer => u.sites.join(", "),
    }
}

fn state_of(u: &ConsoleUserRow, lang: Lang) -> &'static str {
    if u.disabled {
        lang.say(Phrase::Disabled)
    } else if u.must_change_password {
        lang.say(Phrase::ActiveOneTimePassword)
    } else {
        lang.say(Phrase::Active)
    }
}

fn users_table(lang: Lang, users: &[ConsoleUserRow]) -> Markup {
    html! {
        table {
            caption { (lang.say(Phrase::ConsoleUsers)) }
            thead { tr {
                th scope="col" { (lang.say(Phrase::Address)) }
                th scope="col" { (lang.say(Phrase::Role)) }
                th scope="col" { "Sites" }
                th scope="col" { (lang.say(Phrase::State)) }
            } }
            tbody { @for u in users { tr {
                th scope="row" { a href=(format!("/admin/utilisateurs/{}", u.id)) { (u.email) } }
                td { (role_label(u.role, lang)) }
                td { (sites_of(u, lang)) }
                td { (state_of(u, lang)) }
            } } }
        }
    }
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
    notice: Option<Markup>,
) -> Result<Response, ConsoleError> {
    let lang = user.lang;
    let users = state.store.console_users().await?;
    let email = Input::new("email", lang.say(Phrase::EmailAddress))
        .kind("email")
        .value(&typed.email)
        .autocomplete("off")
        .render(lang, errors);
    // Trusted HTML: the form helpers escape what they show.
    let fields = html! {
        (PreEscaped(email))
        (access_fields(user, &typed.role, &typed.sites, errors))
    };
    let form = post_form(
        user,
        "/admin/utilisateurs",
        &fields.into_string(),
        lang.say(Phrase::CreateTheUser),
    );
    let main = html! {
        @if let Some(notice) = notice { (notice) }
        (users_table(lang, &users))
        h2 { (lang.say(Phrase::CreateAUser)) }
        p { (lang.say(Phrase::AOneTimePassword)) }
        (PreEscaped(form))
    };
    let title = lang.say(Phrase::Users);
    Ok((status, page(user, title, errors, &main.into_string())).into_response())
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
        None,
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
        return users_page(
            &state,
            &user,
            StatusCode::BAD_REQUEST,
            &errors,
            &typed,
            None,
        )
        .await;
    };
    let Some(one_time) = provision::create_user(&state.store, &email, role, &sites).await? else {
        errors.add("email", lang.say(Phrase::AUserAlreadyHas));
        return users_page(&state, &user, StatusCode::CONFLICT, &errors, &typed, None).await;
    };
    tracing::info!(by = %user.email, %email, role = role.as_str(), "console: user created");
    let notice = one_time_notice(lang, &email, &one_time);
    users_page(
        &state,
        &user,
        StatusCode::CREATED,
        &Errors::default(),
        &empty_form(),
        Some(notice),
    )
    .await
}
