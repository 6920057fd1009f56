//! Article HTML from a CMS or a feed → the block model (`protocol::Block`: plain text in
//! paragraphs, headings, questions and quotes).
//!
//! Two steps, so that nothing hostile can survive by a parser quirk of ours: ammonia (an
//! allow-list sanitiser on html5ever, the browsers' parsing rules) keeps only the block
//! elements below, drops `script`, `style` and the like with their content, every attribute
//! but `class="question"` on a paragraph, and every other element while keeping its text; then
//! html5ever's tokenizer reads that clean, well-formed markup and gathers each block's text.
//! What is stored is text: the widget never renders it as HTML.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use kiosque_protocol::Block;

/// Elements that start a block; every other element is reduced to its text.
const BLOCK_TAGS: [&str; 11] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "li",
    "br",
    "div",
];

/// Elements removed with everything inside them.
const DROPPED_WITH_CONTENT: [&str; 12] = [
    "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
    "select", "textarea", "title",
];

/// The body's blocks, in order; empty blocks are left out.
pub fn html_to_blocks(html: &str) -> Vec<Block> {
    let clean = ammonia::Builder::empty()
        .tags(HashSet::from(BLOCK_TAGS))
        .clean_content_tags(HashSet::from(DROPPED_WITH_CONTENT))
        .allowed_classes(HashMap::from([("p", HashSet::from(["question"]))]))
        .clean(html)
        .to_string();
    let sink = BlockSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(clean.as_str()));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let sink = tokenizer.sink;
    let mut state = sink.state.into_inner();
    state.flush();
    state.blocks
}

#[derive(Default)]
struct BlockSink {
    state: RefCell<Gathering>,
}

#[derive(Default)]
struct Gathering {
    blocks: Vec<Block>,
    text: String,
    /// Open elements that decide a block's kind.
    quote_depth: usize,
    heading_depth: usize,
    question_depth: usize,
    list_item: bool,
}

impl Gathering {
    /// Ends the block being gathered, if it has any text.
    fn flush(&mut self) {
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.text.clear();
        if text.is_empty() {
            return;
        }
        let block = if self.heading_depth > 0 {
            Block::Heading(text)
        } else if self.quote_depth > 0 {
            Block::Quote(text)
        } else if self.question_depth > 0 {
            Block::Question(text)
        } else if self.list_item {
            Block::Paragraph(format!("• {text}"))
        } else {
            Block::Paragraph(text)
        };
        self.blocks.push(block);
    }
}

impl TokenSink for BlockSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::CharacterTokens(text) => state.text.push_str(&text),
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                let start = tag.kind == TagKind::StartTag;
                // Every block boundary ends the text gathered so far.
                state.flush();
                match name {
                    "blockquote" if start => state.quote_depth += 1,
                    "blockquote" => state.quote_depth = state.quote_depth.saturating_sub(1),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if start => state.heading_depth += 1,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        state.heading_depth = state.heading_depth.saturating_sub(1)
                    }
                    "p" if start => {
                        let question = tag
                            .attrs
                            .iter()
                            .any(|a| &*a.name.local == "class" && a.value.contains("question"));
                        if question {
                            state.question_depth += 1;
                        }
                    }
                    "p" => state.question_depth = 0,
                    "li" => state.list_item = start,
                    _ => {}
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> String {
        blocks.iter().map(Block::text).collect::<Vec<_>>().join("|")
    }

    #[test]
    fn keeps_the_structure_as_blocks() {
        let blocks = html_to_blocks(
            "<h2>Le contexte</h2><p>Un <strong>premier</strong> paragraphe,\n  sur deux lignes.</p>\
             <p class=\"question\">Pourquoi ?</p><blockquote><p>Une citation.</p></blockquote>\
             <ul><li>un</li><li>deux</li></ul>Du texte nu.",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Heading("Le contexte".into()),
                Block::Paragraph("Un premier paragraphe, sur deux lignes.".into()),
                Block::Question("Pourquoi ?".into()),
                Block::Quote("Une citation.".into()),
                Block::Paragraph("• un".into()),
                Block::Paragraph("• deux".into()),
                Block::Paragraph("Du texte nu.".into()),
            ]
        );
    }

    #[test]
    fn entities_become_text_and_markup_in_text_stays_text() {
        let blocks = html_to_blocks("<p>L&rsquo;&eacute;t&eacute; &lt;script&gt; &amp; co</p>");
        assert_eq!(blocks, vec![Block::Paragraph("L’été <script> & co".into())]);
    }

    #[test]
    fn hostile_markup_leaves_nothing_but_text() {
        let hostile = r#"<p>Avant</p>
            <script>alert('script')</script>
            <style>p { display: none }</style>
            <iframe src="https://evil.example/"></iframe>
            <img src=x onerror="alert('img')">
            <p onclick="alert('click')">Cliquez <a href="javascript:alert('js')">ici</a></p>
            <svg><script>alert('svg')</script></svg>
            <math><mi xlink:href="javascript:alert('math')">m</mi></math>
            <noscript><p>noscript</p></noscript>
            <template><p>template</p></template>
            <p>Apr<!-- comment -->ès</p>
            <object data="x.swf"></object><embed src="x.swf">
            </p><p>Fin <form action="https://evil.example"><input value="champ"></form></p>"#;
        let blocks = html_to_blocks(hostile);
        let all = texts(&blocks);
        for gone in [
            "alert",
            "display",
            "evil",
            "onerror",
            "javascript",
            "noscript",
            "template",
            "comment",
            "swf",
            "champ",
        ] {
            assert!(!all.contains(gone), "{gone:?} survived in {all:?}");
        }
        assert_eq!(all, "Avant|Cliquez ici|Après|Fin");
    }

    #[test]
    fn an_empty_or_textless_body_has_no_blocks() {
        assert!(html_to_blocks("").is_empty());
        assert!(html_to_blocks("<p> </p><script>x</script><br>").is_empty());
    }
}
