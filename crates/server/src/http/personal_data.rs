//! The reader's own data page, linked from the footer of every mail ("Vos données"): the
//! reader gives their address, gets a link valid an hour by mail (so only the address's owner
//! sees its data), and on that link sees what the site holds, downloads it, or erases it.
//! French, like the mails. Like the other mailed links, a GET only shows; erasing is a POST.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kiosque_protocol::{Erasure, Lang, PersonalData};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;

use super::extract::Query;
use super::link_page::{back_link, secure, stylesheet};
use crate::client_ip::ClientIp;
use crate::error::AppError;
use crate::french::typeset;
use crate::personal_data::document;
use crate::store::{address_counter, Limit, NewMail, Site};
use crate::{accounts, AppState};

/// How long a mailed link shows the data.
const LINK_TTL_SECS: i64 = 3600;
/// Links asked for one address in an hour, and from one network.
const PER_ADDRESS: u32 = 3;
const PER_IP: u32 = 10;

#[derive(Deserialize)]
pub struct SiteQuery {
    #[serde(default)]
    site: String,
}

#[derive(Deserialize)]
pub struct AskForm {
    #[serde(default)]
    site: String,
    #[serde(default)]
    email: String,
}

/// A mailed link's query, or the erase form. Missing parts read as empty: an unknown link.
#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    site: String,
    #[serde(default)]
    jeton: String,
    /// The erase form's confirmation box.
    #[serde(default)]
    confirme: Option<String>,
}

/// A page in the site's name and look.
fn page(site: Option<&Site>, status: StatusCode, title: &str, main: Markup) -> Response {
    let css = stylesheet(site.map(|s| &s.appearance))
        + document::STYLE
        + "label{display:block;font-weight:600;margin:1rem 0 .3rem}\
           input[type=email]{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;\
           border:1px solid var(--border);border-radius:var(--radius)}\
           .error{color:#b3123b;font-weight:600}.check{display:flex;gap:.5rem;\
           align-items:flex-start;font-weight:400}.check input{margin-top:.4rem}\
           .actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:1.5rem 0}";
    let title = typeset(title);
    let html = html! {
        (DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) @if let Some(s) = site { " – " (s.name) } }
                style { (maud::PreEscaped(&css)) }
            }
            body {
                @if let Some(s) = site { header { p { (s.name) } } }
                main { h1 { (title) } (main) }
            }
        }
    };
    secure(status, html.into_string(), &css)
}

fn unknown_site() -> Response {
    page(
        None,
        StatusCode::NOT_FOUND,
        "Lien inconnu",
        html! { p { "Ce lien ne mène à aucun site. Utilisez le lien en bas d’un message reçu." } },
    )
}

/// The form asking for the address, with an error when the last one was not an address.
fn ask_page(site: &Site, status: StatusCode, typed: &str, error: Option<&str>) -> Response {
    let text = typeset(&format!(
        "Indiquez votre adresse e-mail : nous vous envoyons un lien pour voir les données que \
         {} conserve à votre sujet, les télécharger ou les effacer.",
        site.name
    ));
    page(
        Some(site),
        status,
        "Vos données personnelles",
        html! {
            p { (text) }
            form method="post" action="/donnees" {
                input type="hidden" name="site" value=(site.id);
                label for="email" { "Adresse e-mail" }
                @if let Some(error) = error {
                    p.error id="email-error" { (typeset(error)) }
                }
                input type="email" id="email" name="email" value=(typed) required
                    autocomplete="email" aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| "email-error")];
                div.actions { button type="submit" { "Recevoir le lien" } }
            }
        },
    )
}

pub async fn ask_page_get(
    State(state): State<AppState>,
    Query(q): Query<SiteQuery>,
) -> Result<Response, AppError> {
    let Some(site) = state.store.site(&q.site).await? else {
        return Ok(unknown_site());
    };
    Ok(ask_page(&site, StatusCode::OK, "", None))
}

/// Mails the link, answering the same whether or not the site holds anything about the
/// address: the page tells no one else what is held.
pub async fn ask(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    axum::extract::Form(form): axum::extract::Form<AskForm>,
) -> Result<Response, AppError> {
    let Some(site) = state.store.site(&form.site).await? else {
        return Ok(unknown_site());
    };
    let Some(email) = accounts::normalise_email(&form.email) else {
        let error = "Cette adresse e-mail n’est pas valide : vérifiez-la.";
        return Ok(ask_page(
            &site,
            StatusCode::BAD_REQUEST,
            &form.email,
            Some(error),
        ));
    };
    let now = crate::unix_now();
    let limits = vec![
        Limit {
            key: format!("data:ip:{}:{ip}", site.id),
            max: PER_IP,
            window_secs: 3600,
        },
        Limit {
            key: address_counter("data", &site.id, &email),
            max: PER_ADDRESS,
            window_secs: 3600,
        },
    ];
    if state.store.rate_limit(limits, now).await?.is_some() {
        let text = "Trop de liens ont été demandés pour cette adresse ou depuis ce réseau. \
                    Réessayez dans une heure.";
        return Ok(page(
            Some(&site),
            StatusCode::TOO_MANY_REQUESTS,
            "Trop de demandes",
            html! { p { (typeset(text)) } },
        ));
    }
    let token = accounts::new_secret();
    let link = format!(
        "{}/donnees/consulter?site={}&jeton={token}",
        state.server_origin,
        kiosque_protocol::encode_segment(&site.id)
    );
    let subject = typeset(&format!("Vos données sur {}", site.name));
    let body = typeset(&format!(
        "Bonjour,\n\nVous avez demandé à voir les données que {name} conserve à votre sujet. \
         Ce lien les montre, permet de les télécharger ou de les effacer ; il est valable une \
         heure :\n{link}\n\nSi vous n’avez rien demandé, ignorez ce message : rien ne change.\n\n\
         {name}\n",
        name = site.name
    ));
    let mail = NewMail {
        site: &site.id,
        to: &email,
        subject: &subject,
        body: &body,
        attachment: None,
    };
    let hash = accounts::sha256_hex(&token);
    state
        .store
        .create_data_request(&site.id, &email, &hash, now, now + LINK_TTL_SECS, mail)
        .await?;
    state.mail_queued.queued();
    let text = typeset(&format!(
        "Si l’adresse {email} est juste, un message vient d’y être envoyé avec un lien valable \
         une heure. Ouvrez-le pour voir vos données."
    ));
    Ok(page(
        Some(&site),
        StatusCode::OK,
        "Consultez votre messagerie",
        html! { p { (text) } },
    ))
}

/// The request a link names, while it is valid: its site and address.
async fn request(
    state: &AppState,
    q: &LinkQuery,
) -> Result<Result<(std::sync::Arc<Site>, String), Response>, AppError> {
    let Some(site) = state.store.site(&q.site).await? else {
        return Ok(Err(unknown_site()));
    };
    let hash = accounts::sha256_hex(&q.jeton);
    match state
        .store
        .data_request(&site.id, &hash, crate::unix_now())
        .await?
    {
        Some(email) => Ok(Ok((site, email))),
        None => {
            let again = crate::mail::data_page_link("", &site.id);
            Ok(Err(page(
                Some(&site),
                StatusCode::GONE,
                "Ce lien n’est plus valable",
                html! {
                    p { (typeset("Un lien vers vos données est valable une heure, et plus du tout une fois vos données effacées.")) }
                    p { a href=(again) { "Demander un nouveau lien" } }
                },
            )))
        }
    }
}

/// The data, with the download and the erase form (`error` when the box was not ticked).
fn data_page(site: &Site, data: &PersonalData, token: &str, error: bool) -> Response {
    let json = format!(
        "/donnees/export.json?site={}&jeton={token}",
        kiosque_protocol::encode_segment(&site.id)
    );
    let status = if error {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    page(
        Some(site),
        status,
        "Vos données personnelles",
        html! {
            (document::body(data, Lang::Fr))
            div.actions { a href=(json) download { "Télécharger vos données (JSON)" } }
            @if !data.items.is_empty() {
                h2 { "Effacer vos données" }
                p { (typeset("Votre compte, vos inscriptions aux webinaires à venir (votre place ira à la personne suivante sur la liste d’attente) et tout ce qui est listé ci-dessus seront effacés. Les réponses et inscriptions passées restent dans les chiffres, sans votre nom ni votre adresse. C’est définitif.")) }
                form method="post" action="/donnees/effacer" {
                    input type="hidden" name="site" value=(site.id);
                    input type="hidden" name="jeton" value=(token);
                    @if error {
                        p.error id="confirme-error" { (typeset("Cochez la case pour confirmer l’effacement.")) }
                    }
                    label.check {
                        input type="checkbox" name="confirme" value="oui" required
                            aria-invalid=[error.then_some("true")]
                            aria-describedby=[error.then_some("confirme-error")];
                        span { (typeset("Je comprends que l’effacement est définitif.")) }
                    }
                    div.actions { button type="submit" { "Effacer mes données" } }
                }
            }
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    Query(q): Query<LinkQuery>,
) -> Result<Response, AppError> {
    let (site, email) = match request(&state, &q).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let data = state
        .store
        .personal_data(&site.id, &email, crate::unix_now())
        .await?;
    Ok(data_page(&site, &data, &q.jeton, false))
}

pub async fn export_json(
    State(state): State<AppState>,
    Query(q): Query<LinkQuery>,
) -> Result<Response, AppError> {
    let (site, email) = match request(&state, &q).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    let now = crate::unix_now();
    let data = state.store.personal_data(&site.id, &email, now).await?;
    let day = document::when(now);
    let name = format!(
        "attachment; filename=\"donnees-{}-{}.json\"",
        site.id,
        day.get(..10).unwrap_or_default()
    );
    let mut response = axum::Json(data).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if let Ok(name) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, name);
    }
    Ok(response)
}

pub async fn erase(
    State(state): State<AppState>,
    axum::extract::Form(q): axum::extract::Form<LinkQuery>,
) -> Result<Response, AppError> {
    let (site, email) = match request(&state, &q).await? {
        Ok(found) => found,
        Err(page) => return Ok(page),
    };
    if q.confirme.is_none() {
        let data = state
            .store
            .personal_data(&site.id, &email, crate::unix_now())
            .await?;
        return Ok(data_page(&site, &data, &q.jeton, true));
    }
    let erasure = crate::personal_data::erase(&state, &site, &email, "reader").await?;
    let back = back_link(&site, "", &state.server_origin);
    Ok(erased_page(&site, &erasure, back.as_deref()))
}

fn erased_page(site: &Site, erasure: &Erasure, back: Option<&str>) -> Response {
    let total: u32 = erasure.erased.iter().map(|e| e.count).sum();
    let text = typeset(&format!(
        "{total} enregistrement{} effacé{} ou rendu{} anonyme{}. {} ne garde de votre demande \
         que sa date et ces nombres, sans votre adresse.",
        if total > 1 { "s" } else { "" },
        if total > 1 { "s" } else { "" },
        if total > 1 { "s" } else { "" },
        if total > 1 { "s" } else { "" },
        site.name
    ));
    page(
        Some(site),
        StatusCode::OK,
        "Vos données ont été effacées",
        html! {
            p { (text) }
            // "sur" takes any name as it is ("sur Le Fil Social"), as on the link pages.
            @if let Some(back) = back { p.back { a href=(back) { "Retourner sur " (site.name) } } }
        },
    )
}
