//! Offer descriptions: marketers write a little Markdown (`**bold**`, `*italic*`,
//! `[a link](https://…)`, `- ` list items, a blank line between paragraphs) and readers get
//! HTML written here from the parser's events with an allow-list: `p`, `ul`, `li`, `strong`,
//! `em`, and `a` with an http(s) `href`. Everything else is dropped: raw HTML typed in the
//! text (tags and all; the text between inline tags stays), pictures, other link schemes.
//! Text and addresses are escaped. So the one HTML the widget inserts can neither run nor
//! restyle anything on a host page.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::is_web_url;
use crate::html::escape;

/// Longest description, in characters of the source.
pub const MAX_CHARS: usize = 1000;

/// The description as readers get it (`Offer::description`).
pub fn render(source: &str) -> String {
    let mut html = String::new();
    // Whether each open link was written out (an unsafe one is kept as its text alone).
    let mut links = Vec::new();
    let mut images = 0u32;
    // Inside a list item, its paragraphs (a loose list) are not wrapped again.
    let mut in_item = false;
    for event in Parser::new_ext(source, Options::empty()) {
        match event {
            Event::Start(Tag::List(_)) => html.push_str("<ul>"),
            Event::End(TagEnd::List(_)) => html.push_str("</ul>"),
            Event::Start(Tag::Item) => {
                in_item = true;
                html.push_str("<li>");
            }
            Event::End(TagEnd::Item) => {
                in_item = false;
                html.push_str("</li>");
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)) if !in_item => {
                html.push_str("<p>")
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) if !in_item => {
                html.push_str("</p>")
            }
            Event::Start(Tag::Strong) => html.push_str("<strong>"),
            Event::End(TagEnd::Strong) => html.push_str("</strong>"),
            Event::Start(Tag::Emphasis) => html.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => html.push_str("</em>"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let safe = is_web_url(&dest_url);
                if safe {
                    html.push_str(&format!(
                        r#"<a href="{}" target="_blank" rel="noopener">"#,
                        escape(&dest_url)
                    ));
                }
                links.push(safe);
            }
            Event::End(TagEnd::Link) => html.push_str(if links.pop() == Some(true) {
                "</a>"
            } else {
                ""
            }),
            Event::Start(Tag::Image { .. }) => images += 1,
            Event::End(TagEnd::Image) => images -= 1,
            Event::Text(text) | Event::Code(text) if images == 0 => html.push_str(&escape(&text)),
            Event::SoftBreak | Event::HardBreak => html.push(' '),
            // Raw HTML, inline or as a block, and anything else: dropped.
            _ => {}
        }
    }
    // A block of raw HTML alone leaves nothing but empty paragraphs.
    html.replace("<p></p>", "")
}

/// What is wrong with a description, if anything: `too_long`, or `invalid_link` (a link
/// that is not a full http(s) address would be shown as plain text).
pub fn check(source: &str) -> Option<&'static str> {
    if source.chars().count() > MAX_CHARS {
        return Some("too_long");
    }
    let bad_link = Parser::new_ext(source, Options::empty()).any(
        |event| matches!(event, Event::Start(Tag::Link { dest_url, .. }) if !is_web_url(&dest_url)),
    );
    bad_link.then_some("invalid_link")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_one_paragraph() {
        assert_eq!(
            render("Sans engagement,\nrésiliable à tout moment."),
            "<p>Sans engagement, résiliable à tout moment.</p>"
        );
        assert_eq!(render("   "), "");
        assert_eq!(
            render("Prix < 10 € & \"doux\""),
            "<p>Prix &lt; 10 € &amp; &quot;doux&quot;</p>"
        );
    }

    #[test]
    fn styles_links_and_lists() {
        assert_eq!(
            render("Le **meilleur** tarif, *sans* [engagement](https://exemple.fr/cgv?a=1&b=2).\n\n- un\n- deux"),
            "<p>Le <strong>meilleur</strong> tarif, <em>sans</em> \
             <a href=\"https://exemple.fr/cgv?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener\">engagement</a>.</p>\
             <ul><li>un</li><li>deux</li></ul>"
        );
        assert_eq!(
            render("- un\n\n- deux"),
            "<ul><li>un</li><li>deux</li></ul>"
        );
    }

    #[test]
    fn html_is_dropped_and_only_web_links_are_kept() {
        assert_eq!(
            render("<script>alert(1)</script>\n\nUn <b onclick=\"x()\">prix</b> doux."),
            "<p>Un prix doux.</p>"
        );
        assert_eq!(
            render("<img src=x onerror=alert(1)>"),
            "",
            "a block of raw HTML"
        );
        assert_eq!(
            render("[clic](javascript:alert(1)) ![image](https://x/y.png)"),
            "<p>clic </p>"
        );
        assert_eq!(render("# Titre"), "<p>Titre</p>");
    }

    #[test]
    fn the_console_is_told_of_a_bad_link_or_a_long_text() {
        assert_eq!(check("[ici](javascript:alert(1))"), Some("invalid_link"));
        assert_eq!(check("[ici](/relatif)"), Some("invalid_link"));
        assert_eq!(check("[ici](https://exemple.fr)"), None);
        assert_eq!(check(&"a".repeat(MAX_CHARS + 1)), Some("too_long"));
    }
}
