//! The demo publisher site: the pages a news site's own CMS would render, carrying the Kiosque
//! script tag and placeholders. Public metadata (title, standfirst) is in the page; the body
//! comes from the widget, so a gated article's text is never in this HTML.

mod front;
mod html;
mod subscriber;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use kiosque_protocol::AccessLevel;
use serde_json::json;

use self::html::{badge, escape, french_date, script_json, Shell};
use crate::error::AppError;
use crate::store::Site;
use crate::AppState;

pub(super) const SITE: &str = "demo";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(front::home))
        .route("/rubriques/{slug}", get(front::section))
        .route("/articles/{slug}", get(article))
        .route("/a-propos", get(about))
        .route("/webinaires", get(webinars))
        .route("/questionnaire", get(survey))
        .route("/demo/connexion", post(subscriber::sign_in))
        .route("/demo/deconnexion", post(subscriber::sign_out))
        .route("/demo/boite-mail", get(outbox))
}

pub(super) fn shell<'a>(
    site: &'a Site,
    title: &'a str,
    token: Option<&'a str>,
    head: &'a str,
) -> Shell<'a> {
    Shell {
        title,
        site_id: &site.id,
        site_name: &site.name,
        entitlement: token,
        head,
    }
}

/// The demo subscriber's token, when the reader signed in as one.
pub(super) fn token_for(site: &Site, headers: &HeaderMap) -> Option<String> {
    subscriber::is_signed_in(headers)
        .then(|| subscriber::token(site, crate::unix_now()))
        .flatten()
}

async fn article(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (Some(site), Some(article)) = (
        state.store.site(SITE).await?,
        state.store.article(SITE, &slug).await?,
    ) else {
        return Ok(not_found());
    };
    let a = &article.meta;
    let main = format!(
        r#"<article class="article">
<p class="kicker"><a href="/rubriques/{section_slug}">{section}</a> · <span>{kicker}</span>{badge}</p>
<h1>{title}</h1>
<p class="standfirst">{standfirst}</p>
<p class="byline">Par {author} · <time datetime="{date}">{date_fr}</time></p>
{picture}
<div class="article-body" data-kiosque="paywall" data-article="{slug}">
  <p class="fallback">Le contenu de cet article n’a pas pu être chargé. Réessayez dans un instant.</p>
</div>
</article>
<aside class="related" data-kiosque="teasers" data-related="{slug}" data-layout="compact" data-limit="3"></aside>"#,
        section_slug = escape(&a.section.slug),
        section = escape(&a.section.name),
        kicker = escape(&a.kicker),
        badge = badge(a.access),
        picture = a
            .image
            .as_ref()
            .map(|i| format!(
                r#"<figure class="picture"><img src="{}" alt="{}" width="640" height="360"></figure>"#,
                escape(&i.url),
                escape(&i.alt)
            ))
            .unwrap_or_default(),
        title = escape(&a.title),
        standfirst = escape(&a.standfirst),
        author = escape(&a.author),
        date = escape(&a.published_at),
        date_fr = escape(&french_date(&a.published_at)),
        slug = escape(&a.slug),
    );
    // Structured data from public fields only. A gated body is marked as such, so search
    // engines see a paywall rather than cloaking (schema.org isAccessibleForFree + hasPart).
    let free = a.access == AccessLevel::Free;
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.standfirst,
        "datePublished": a.published_at,
        "author": { "@type": "Person", "name": a.author },
        "publisher": { "@type": "Organization", "name": site.name },
        "isAccessibleForFree": free,
    });
    if !free {
        data["hasPart"] = json!({
            "@type": "WebPageElement",
            "isAccessibleForFree": false,
            "cssSelector": ".article-body",
        });
    }
    // Excerpts and descriptions come from the public standfirst, never from the body.
    let head = format!(
        r#"<meta name="description" content="{}">
<script type="application/ld+json">{}</script>"#,
        escape(&a.standfirst),
        script_json(&data)
    );
    let title = format!("{} — {}", a.title, site.name);
    let token = token_for(&site, &headers);
    Ok(shell(&site, &title, token.as_deref(), &head)
        .render(&main)
        .into_response())
}

/// The site's webinar series, each in a `webinar` placeholder: sessions, seats, sign-up form.
async fn webinars(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let Some(site) = state.store.site(SITE).await? else {
        return Ok(not_found());
    };
    let series: String = state
        .store
        .series_list(SITE)
        .await?
        .iter()
        .map(|(id, title, description)| {
            format!(
                r#"<div class="webinar" data-kiosque="webinar" data-series="{id}">
  <h2>{title}</h2>
  <p>{description}</p>
  <p class="fallback">Les inscriptions sont momentanément indisponibles. Réessayez dans un instant.</p>
</div>"#,
                id = escape(id),
                title = escape(title),
                description = escape(description),
            )
        })
        .collect();
    let main = format!(
        r#"<h1 class="page-title">Webinaires</h1>
<p class="lede">Des rencontres en ligne gratuites avec celles et ceux qui font le travail social.</p>
{series}"#
    );
    let title = format!("Webinaires — {}", site.name);
    let token = token_for(&site, &headers);
    Ok(shell(&site, &title, token.as_deref(), "")
        .render(&main)
        .into_response())
}

/// The questionnaire the webinar series announces, in a `survey` placeholder.
async fn survey(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let Some(site) = state.store.site(SITE).await? else {
        return Ok(not_found());
    };
    let surveys: String = state
        .store
        .surveys(SITE)
        .await?
        .iter()
        .map(|s| {
            format!(
                r#"<div class="survey" data-kiosque="survey" data-survey="{id}">
  <h2>{title}</h2>
  <p class="fallback">Le questionnaire est momentanément indisponible. Réessayez dans un instant.</p>
</div>"#,
                id = escape(&s.id),
                title = escape(&s.title),
            )
        })
        .collect();
    let main = format!(
        r#"<h1 class="page-title">Questionnaire</h1>
<p class="lede">Vos réponses nourrissent nos articles et nos webinaires.</p>
{surveys}"#
    );
    let title = format!("Questionnaire — {}", site.name);
    let token = token_for(&site, &headers);
    Ok(shell(&site, &title, token.as_deref(), "")
        .render(&main)
        .into_response())
}

async fn about(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let Some(site) = state.store.site(SITE).await? else {
        return Ok(not_found());
    };
    let main = r#"<h1 class="page-title">À propos</h1>
<p>Ce site de démonstration est inventé : articles, auteurs et organisations sont fictifs.
Il montre Kiosque intégré à un site d’information, avec une seule balise <code>&lt;script&gt;</code>.</p>
<p>Cette page charge le script de Kiosque mais ne contient aucun emplacement : le module
WebAssembly n’est donc pas téléchargé.</p>
<p>Le bouton « Simuler un abonnement » joue le rôle du site de l’éditeur et de ses abonnés :
il signe un jeton d’accès de courte durée que Kiosque vérifie avant de servir les articles
complets. Le compte gratuit, lui, se crée dans le mur de Kiosque, qui affiche
« Connecté·e : … » une fois le lecteur connecté.</p>"#;
    let title = format!("À propos — {}", site.name);
    let token = token_for(&site, &headers);
    Ok(shell(&site, &title, token.as_deref(), "")
        .render(main)
        .into_response())
}

/// The demo's mailbox: what the server "sent" when no SMTP relay is configured, so a visitor
/// can follow a sign-in link. Never served when mail goes to a real relay.
async fn outbox(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let Some(site) = state.store.site(SITE).await? else {
        return Ok(not_found());
    };
    if !state.mailer.is_outbox() {
        return Ok(not_found());
    }
    let mails = state.store.recent_mails(20).await?;
    let items: String = mails
        .iter()
        .map(|m| {
            format!(
                r#"<li class="mail"><p class="byline">À {to} · {status}</p><h2>{subject}</h2><pre>{body}</pre></li>"#,
                to = escape(&m.to),
                status = if m.status == "sent" { "envoyé" } else { "en attente" },
                subject = escape(&m.subject),
                body = linkify(&crate::mail::with_footer(
                    &m.body,
                    &state.server_origin,
                    m.site.as_deref()
                )),
            )
        })
        .collect();
    let main = format!(
        r#"<h1 class="page-title">Boîte mail (démo)</h1>
<p class="lede">Sans serveur SMTP configuré, Kiosque dépose ici les messages qu’il enverrait.</p>
<ul class="cards">{}</ul>"#,
        if items.is_empty() {
            "<li>Aucun message pour l’instant.</li>".to_owned()
        } else {
            items
        }
    );
    let title = format!("Boîte mail — {}", site.name);
    let token = token_for(&site, &headers);
    Ok(shell(&site, &title, token.as_deref(), "")
        .render(&main)
        .into_response())
}

/// Escapes a mail body and makes its http(s) lines clickable.
fn linkify(body: &str) -> String {
    body.lines()
        .map(|line| {
            if line.starts_with("https://") || line.starts_with("http://") {
                format!(r#"<a href="{0}">{0}</a>"#, escape(line))
            } else {
                escape(line)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn not_found() -> Response {
    let shell = Shell {
        title: "Page introuvable",
        site_id: SITE,
        site_name: "Kiosque",
        entitlement: None,
        head: "",
    };
    (
        StatusCode::NOT_FOUND,
        shell.render("<h1>Page introuvable</h1>"),
    )
        .into_response()
}
