//! Offer descriptions: marketers write a little Markdown (`**bold**`, `*italic*`,
//! `[a link](https://…)`, `- ` list items, a blank line between paragraphs) and readers get
//! its structure (`RichBlock`s of `Span`s), never HTML: paragraphs, bulleted lists, bold,
//! italic, and links to http(s) addresses. Everything else is dropped: raw HTML typed in the
//! text (tags and all; the text between inline tags stays), pictures, other link schemes.
//! The widget builds each element itself, so a description can neither run nor restyle
//! anything on a host page.

use kiosque_protocol::{RichBlock, Span};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::is_web_url;

/// Longest description, in characters of the source.
pub const MAX_CHARS: usize = 1000;

/// The description as readers get it (`Offer::description`).
pub fn render(source: &str) -> Vec<RichBlock> {
    let mut blocks = Vec::new();
    // The runs of the paragraph or list item being read, and the items of an open list.
    let mut runs: Vec<Span> = Vec::new();
    let mut items: Option<Vec<Vec<Span>>> = None;
    // Marks open at this point; for links, whether each open one is kept (an unsafe link is
    // kept as its text alone).
    let (mut strong, mut em, mut images) = (0u32, 0u32, 0u32);
    let mut links: Vec<Option<String>> = Vec::new();
    for event in Parser::new_ext(source, Options::empty()) {
        let link = links.last().and_then(Option::as_ref);
        match event {
            Event::Start(Tag::List(_)) => items = Some(Vec::new()),
            Event::End(TagEnd::List(_)) => {
                if let Some(items) = items.take().filter(|items| !items.is_empty()) {
                    blocks.push(RichBlock::List(items));
                }
            }
            Event::End(TagEnd::Item) => {
                let item = trimmed(std::mem::take(&mut runs));
                if let (Some(items), false) = (items.as_mut(), item.is_empty()) {
                    items.push(item);
                }
            }
            // Inside a list item, its paragraphs (a loose list) belong to the item.
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock)
                if items.is_none() =>
            {
                let paragraph = trimmed(std::mem::take(&mut runs));
                if !paragraph.is_empty() {
                    blocks.push(RichBlock::Paragraph(paragraph));
                }
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => em += 1,
            Event::End(TagEnd::Emphasis) => em = em.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push(is_web_url(&dest_url).then(|| dest_url.to_string()))
            }
            Event::End(TagEnd::Link) => {
                links.pop();
            }
            Event::Start(Tag::Image { .. }) => images += 1,
            Event::End(TagEnd::Image) => images = images.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if images == 0 => {
                push(&mut runs, &text, strong > 0, em > 0, link)
            }
            Event::SoftBreak | Event::HardBreak => push(&mut runs, " ", strong > 0, em > 0, link),
            // Raw HTML, inline or as a block, and anything else: dropped.
            _ => {}
        }
    }
    blocks
}

/// Text added to the runs, in the last one when its marks are the same.
fn push(runs: &mut Vec<Span>, text: &str, strong: bool, em: bool, link: Option<&String>) {
    match runs.last_mut() {
        Some(last) if last.strong == strong && last.em == em && last.link.as_ref() == link => {
            last.text.push_str(text)
        }
        _ => runs.push(Span {
            text: text.to_owned(),
            strong,
            em,
            link: link.cloned(),
        }),
    }
}

/// The runs without white space at either end (what dropped HTML leaves behind).
fn trimmed(mut runs: Vec<Span>) -> Vec<Span> {
    while runs.last().is_some_and(|r| r.text.trim().is_empty()) {
        runs.pop();
    }
    let blank = runs.iter().take_while(|r| r.text.trim().is_empty()).count();
    runs.drain(..blank);
    if let Some(first) = runs.first_mut() {
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(last) = runs.last_mut() {
        last.text = last.text.trim_end().to_owned();
    }
    runs
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

    fn text(text: &str) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }

    #[test]
    fn plain_text_is_one_paragraph() {
        assert_eq!(
            render("Sans engagement,\nrésiliable à tout moment."),
            [RichBlock::Paragraph(vec![text(
                "Sans engagement, résiliable à tout moment."
            )])]
        );
        assert_eq!(render("   "), []);
        assert_eq!(
            render("Prix < 10 € & \"doux\""),
            [RichBlock::Paragraph(vec![text("Prix < 10 € & \"doux\"")])],
            "text stays text: the widget writes it as a text node"
        );
    }

    #[test]
    fn styles_links_and_lists() {
        let link = Some("https://exemple.fr/cgv?a=1&b=2".to_string());
        assert_eq!(
            render("Le **meilleur** tarif, *sans* [**en**gagement](https://exemple.fr/cgv?a=1&b=2).\n\n- un\n- deux"),
            [
                RichBlock::Paragraph(vec![
                    text("Le "),
                    Span { strong: true, ..text("meilleur") },
                    text(" tarif, "),
                    Span { em: true, ..text("sans") },
                    text(" "),
                    Span { strong: true, link: link.clone(), ..text("en") },
                    Span { link, ..text("gagement") },
                    text("."),
                ]),
                RichBlock::List(vec![vec![text("un")], vec![text("deux")]]),
            ]
        );
        assert_eq!(
            render("- un\n\n- deux"),
            [RichBlock::List(vec![vec![text("un")], vec![text("deux")]])]
        );
    }

    #[test]
    fn html_is_dropped_and_only_web_links_are_kept() {
        assert_eq!(
            render("<script>alert(1)</script>\n\nUn <b onclick=\"x()\">prix</b> doux."),
            [RichBlock::Paragraph(vec![text("Un prix doux.")])]
        );
        assert_eq!(
            render("<img src=x onerror=alert(1)>"),
            [],
            "a block of raw HTML"
        );
        assert_eq!(
            render("[clic](javascript:alert(1)) ![image](https://x/y.png)"),
            [RichBlock::Paragraph(vec![text("clic")])]
        );
        assert_eq!(
            render("# Titre"),
            [RichBlock::Paragraph(vec![text("Titre")])]
        );
    }

    #[test]
    fn the_console_is_told_of_a_bad_link_or_a_long_text() {
        assert_eq!(check("[ici](javascript:alert(1))"), Some("invalid_link"));
        assert_eq!(check("[ici](/relatif)"), Some("invalid_link"));
        assert_eq!(check("[ici](https://exemple.fr)"), None);
        assert_eq!(check(&"a".repeat(MAX_CHARS + 1)), Some("too_long"));
    }
}
