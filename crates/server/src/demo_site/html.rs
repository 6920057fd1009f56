//! HTML of the demo publisher's pages: the layout, article cards, escaping, French dates.

use axum::response::Html;
use kiosque_protocol::{AccessLevel, ArticleMeta};

/// What every page's layout needs to know.
pub struct Shell<'a> {
    pub title: &'a str,
    pub site_id: &'a str,
    pub site_name: &'a str,
    /// The subscriber's entitlement token, when the demo reader is signed in as one.
    pub entitlement: Option<&'a str>,
    /// Extra markup for `<head>` (structured data).
    pub head: &'a str,
}

impl Shell<'_> {
    pub fn render(&self, main: &str) -> Html<String> {
        let entitlement = self
            .entitlement
            .map(|t| format!(r#" data-entitlement="{}""#, escape(t)))
            .unwrap_or_default();
        // The publisher's own subscription, simulated: named so that it never reads as a
        // sign-in state of its own beside the widget's free account ("Connecté·e : …").
        let account = if self.entitlement.is_some() {
            r#"<form method="post" action="/demo/deconnexion"><span class="account">Abonnement simulé</span> <button type="submit">Arrêter la simulation</button></form>"#
        } else {
            r#"<form method="post" action="/demo/connexion"><button type="submit">Simuler un abonnement (démo)</button></form>"#
        };
        let page = format!(
            r#"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/demo/demo.css">
<script src="/kiosque.js" data-site="{site_id}"{entitlement} async></script>
{head}
</head>
<body>
<header class="masthead">
  <a class="brand" href="/">{site_name}</a>
  <nav aria-label="Rubriques"><a href="/">À la une</a> <a href="/webinaires">Webinaires</a> <a href="/questionnaire">Questionnaire</a> <a href="/a-propos">À propos</a> <a href="/demo/boite-mail">Boîte mail (démo)</a></nav>
  <div class="account-box">{account}</div>
</header>
<main>
{main}
</main>
<footer class="footer">Site de démonstration de Kiosque — contenus fictifs.</footer>
</body>
</html>
"#,
            title = escape(self.title),
            site_id = escape(self.site_id),
            site_name = escape(self.site_name),
            head = self.head,
        );
        // The publisher's pages follow the rule the widget's texts do.
        Html(crate::typography::html(kiosque_protocol::Lang::Fr, &page))
    }
}

/// An article in a list: its picture, section (a link to it), kicker, title, standfirst, date.
/// `lead`: the day's first story, larger.
pub fn card(a: &ArticleMeta, lead: bool) -> String {
    let picture = a
        .image
        .as_ref()
        .map(|i| {
            format!(
                r#"<a class="thumb" href="/articles/{slug}" tabindex="-1" aria-hidden="true"><img src="{src}" alt="" width="640" height="360"{lazy}></a>"#,
                slug = escape(&a.slug),
                src = escape(&i.url),
                // The lead's picture is the first thing seen: not lazy.
                lazy = if lead { "" } else { r#" loading="lazy""# },
            )
        })
        .unwrap_or_default();
    format!(
        r#"<li class="card{lead}">{picture}<div class="card-text"><p class="kicker"><a href="/rubriques/{section_slug}">{section}</a> · {kicker}{badge}</p>
<h2><a href="/articles/{slug}">{title}</a></h2>
<p>{standfirst}</p>
<p class="byline"><time datetime="{date}">{date_fr}</time></p></div></li>"#,
        lead = if lead { " lead" } else { "" },
        section_slug = escape(&a.section.slug),
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

pub fn badge(access: AccessLevel) -> &'static str {
    match access {
        AccessLevel::Free => "",
        AccessLevel::Registered => r#" <span class="badge">Inscrits</span>"#,
        AccessLevel::Subscribers => r#" <span class="badge badge-sub">Abonnés</span>"#,
    }
}

pub use crate::french::date as french_date;
pub use crate::html::escape;

/// JSON for a `<script type="application/ld+json">`: `<` escaped so no `</script>` can end it.
pub fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        let json = script_json(&serde_json::json!({ "headline": "</script><b>" }));
        assert!(!json.contains('<'), "{json}");
    }
}
