//! The demo publisher site: the pages a news site's own CMS would render, carrying the Kiosque
//! script tag and placeholders. Public metadata (title, standfirst) is in the page; the body
//! comes from the widget, so a gated article's text is never in this HTML.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use kiosque_protocol::{AccessLevel, ArticleMeta};

use crate::error::AppError;
use crate::AppState;

const SITE: &str = "demo";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/articles/{slug}", get(article))
        .route("/a-propos", get(about))
}

async fn home(State(state): State<AppState>) -> Result<Response, AppError> {
    let Some(site) = state.store.site(SITE).await? else {
        return Ok(not_found());
    };
    let articles = state.store.newest_articles(SITE, 20).await?;
    let cards: String = articles.iter().map(card).collect();
    let main = format!(
        r#"<h1 class="page-title">À la une</h1>
<p class="lede">{tagline}</p>
<ul class="cards">{cards}</ul>"#,
        tagline = escape(&site.tagline)
    );
    Ok(page(&site.name, &site.name, &main).into_response())
}

async fn article(
    State(state): State<AppState>,
    Path(slug): Path<String>,
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
<p class="kicker"><a href="/">{section}</a> · <span>{kicker}</span>{badge}</p>
<h1>{title}</h1>
<p class="standfirst">{standfirst}</p>
<p class="byline">Par {author} · <time datetime="{date}">{date_fr}</time></p>
<div data-kiosque="paywall" data-article="{slug}">
  <p class="fallback">Le contenu de cet article n’a pas pu être chargé. Réessayez dans un instant.</p>
</div>
</article>"#,
        section = escape(&a.section.name),
        kicker = escape(&a.kicker),
        badge = badge(a.access),
        title = escape(&a.title),
        standfirst = escape(&a.standfirst),
        author = escape(&a.author),
        date = escape(&a.published_at),
        date_fr = escape(&french_date(&a.published_at)),
        slug = escape(&a.slug),
    );
    let title = format!("{} — {}", a.title, site.name);
    Ok(page(&title, &site.name, &main).into_response())
}

async fn about(State(state): State<AppState>) -> Result<Response, AppError> {
    let name = match state.store.site(SITE).await? {
        Some(site) => site.name,
        None => return Ok(not_found()),
    };
    let main = r#"<h1 class="page-title">À propos</h1>
<p>Ce site de démonstration est inventé : articles, auteurs et organisations sont fictifs.
Il montre Kiosque intégré à un site d’information, avec une seule balise <code>&lt;script&gt;</code>.</p>
<p>Cette page charge le script de Kiosque mais ne contient aucun emplacement : le module
WebAssembly n’est donc pas téléchargé.</p>"#;
    Ok(page(&format!("À propos — {name}"), &name, main).into_response())
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        page("Page introuvable", "Kiosque", "<h1>Page introuvable</h1>"),
    )
        .into_response()
}

fn page(title: &str, site_name: &str, main: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/demo/demo.css">
<script src="/kiosque.js" data-site="{SITE}" async></script>
</head>
<body>
<header class="masthead">
  <a class="brand" href="/">{site_name}</a>
  <nav aria-label="Rubriques"><a href="/">À la une</a> <a href="/a-propos">À propos</a></nav>
</header>
<main>
{main}
</main>
<footer class="footer">Site de démonstration de Kiosque — contenus fictifs.</footer>
</body>
</html>
"#,
        title = escape(title),
        site_name = escape(site_name),
    ))
}

fn card(a: &ArticleMeta) -> String {
    format!(
        r#"<li class="card"><p class="kicker">{section} · {kicker}{badge}</p>
<h2><a href="/articles/{slug}">{title}</a></h2>
<p>{standfirst}</p>
<p class="byline"><time datetime="{date}">{date_fr}</time></p></li>"#,
        section = escape(&a.section.name),
        kicker = escape(&a.kicker),
        badge = badge(a.access),
        slug = escape(&a.slug),
        title = escape(&a.title),
        standfirst = escape(&a.standfirst),
        date = escape(&a.published_at),
        date_fr = escape(&french_date(&a.published_at)),
    )
}

fn badge(access: AccessLevel) -> &'static str {
    match access {
        AccessLevel::Free => "",
        AccessLevel::Registered => r#" <span class="badge">Inscrits</span>"#,
        AccessLevel::Subscribers => r#" <span class="badge badge-sub">Abonnés</span>"#,
    }
}

/// `2026-11-20` → `20 novembre 2026`; anything else is returned unchanged.
fn french_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let mut parts = iso.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_owned();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_owned(),
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">l'été & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;l&#39;été &amp; co&lt;/a&gt;"
        );
    }

    #[test]
    fn formats_french_dates() {
        assert_eq!(french_date("2026-11-03"), "3 novembre 2026");
        assert_eq!(french_date("bientôt"), "bientôt");
        assert_eq!(french_date("2026-13-01"), "2026-13-01");
    }
}
