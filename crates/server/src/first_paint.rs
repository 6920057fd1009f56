//! The first paint of a paywall (`GET …/articles/{slug}?paint=true`): the wall, or the article
//! in full, as the widget will render it, sent with the answer so that the loader shows it at
//! once, before the widget's module has arrived, as fast as a hand-written script would (issue
//! 13). The loader asks for the module only then; the widget renders the same answer over it.
//!
//! One renderer: the widget's own components, rendered here by yew's server renderer
//! (`kiosque::first_paint`), so the paint is the widget's DOM by construction (an end-to-end
//! test compares the two). Their HTML is then read by html5ever's tokenizer into a tree of
//! elements and texts, which is what the loader builds node by node: no HTML string reaches
//! the publisher's page.
//!
//! Rendering costs more than the rest of a read (side by side, a free article's requests/s
//! halved), and a viral article's readers get the same few answers, so each paint is kept,
//! by the answer it paints (see [`Paints`]).

use std::cell::RefCell;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::Arc;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use kiosque_protocol::{ArticlePage, Lang, PaintNode};
use moka::sync::Cache;
use serde_json::value::RawValue;

use crate::look::site_look;
use crate::store::{Site, FRESH_FOR};

/// Paints kept, all sites together, by size: a paint is a few KB.
const KEPT_BYTES: u64 = 32 << 20;

/// The paints made lately, as JSON, by the answer they paint. An entry is used only for the
/// same `Site` row it was made with (the read cache's, replaced at least every
/// [`FRESH_FOR`]): the texts a marketer changes reach the paint as fast as the look does.
pub struct Paints {
    kept: Cache<(u64, usize, Lang), Arc<Painted>>,
    hasher: RandomState,
}

/// A paint as JSON, put in the answer as it is.
pub struct Painted {
    site: Arc<Site>,
    json: Box<RawValue>,
}

impl Default for Paints {
    fn default() -> Self {
        Paints {
            kept: Cache::builder()
                .weigher(|_, p: &Arc<Painted>| p.json.get().len().try_into().unwrap_or(u32::MAX))
                .max_capacity(KEPT_BYTES)
                .time_to_live(FRESH_FOR)
                .build(),
            // Keyed by a secret of this process: no one can make two answers collide.
            hasher: RandomState::new(),
        }
    }
}

impl Paints {
    /// The first paint of `page` for a reader of `lang` (see [`article`]).
    pub fn article(
        &self,
        page: &ArticlePage,
        site: &Arc<Site>,
        lang: Lang,
    ) -> Option<Arc<Painted>> {
        // Checked before the answer is hashed: such an answer is never painted.
        if page.entitlement_error.is_some() {
            return None;
        }
        let json = serde_json::to_vec(page).ok()?;
        let mut hasher = self.hasher.build_hasher();
        hasher.write(&json);
        let key = (hasher.finish(), json.len(), lang);
        if let Some(kept) = self.kept.get(&key).filter(|p| Arc::ptr_eq(&p.site, site)) {
            return Some(kept);
        }
        let nodes = article(page, site, lang)?;
        let painted = Arc::new(Painted {
            site: site.clone(),
            json: serde_json::value::to_raw_value(&nodes).ok()?,
        });
        self.kept.insert(key, painted.clone());
        Some(painted)
    }
}

impl serde::Serialize for Painted {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

/// The first paint of `page` for a reader of `lang`: the wall, or the article in full. A refused
/// entitlement is left to the widget, whose event it is to send.
pub fn article(page: &ArticlePage, site: &Site, lang: Lang) -> Option<Vec<PaintNode>> {
    if page.entitlement_error.is_some() {
        return None;
    }
    let look = site_look(site, lang);
    let texts = kiosque::i18n::Texts::new(lang, look.catalogue, look.texts)?;
    let page = page.clone();
    // A component that reached for the browser would panic here: the reader then gets the
    // answer without a paint, and the widget renders it as before.
    let html = std::panic::catch_unwind(move || kiosque::first_paint::article(page, texts))
        .map_err(|_| tracing::error!("the widget's components panicked in the first paint"))
        .ok()
        .flatten()?;
    Some(nodes(&html))
}

/// The nodes of HTML written by yew's server renderer (well-formed, every element closed).
fn nodes(html: &str) -> Vec<PaintNode> {
    let tokenizer = Tokenizer::new(TreeSink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut open = tokenizer.sink.open.into_inner();
    // Anything left open is closed where the input ends.
    while open.len() > 1 {
        close(&mut open);
    }
    open.pop().map(|root| root.children).unwrap_or_default()
}

/// Elements that have no end tag.
const VOID: [&str; 6] = ["input", "br", "img", "hr", "wbr", "source"];

/// An element being read: its tag, its attributes in order, its children so far.
#[derive(Default)]
struct Open {
    tag: String,
    attributes: Vec<(String, String)>,
    children: Vec<PaintNode>,
}

/// The elements open so far, the outermost (a nameless root) first.
struct TreeSink {
    open: RefCell<Vec<Open>>,
}

impl Default for TreeSink {
    fn default() -> Self {
        TreeSink {
            open: RefCell::new(vec![Open::default()]),
        }
    }
}

fn close(open: &mut Vec<Open>) {
    if let Some(done) = open.pop() {
        let element = PaintNode::Element(done.tag, done.attributes, done.children);
        if let Some(parent) = open.last_mut() {
            parent.children.push(element);
        }
    }
}

impl TokenSink for TreeSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut open = self.open.borrow_mut();
        match token {
            Token::CharacterTokens(text) => {
                let children = &mut open.last_mut().expect("the root stays open").children;
                match children.last_mut() {
                    Some(PaintNode::Text(before)) => before.push_str(&text),
                    _ => children.push(PaintNode::Text(text.to_string())),
                }
            }
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                open.push(Open {
                    tag: tag.name.to_string(),
                    attributes: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                    children: Vec::new(),
                });
                if tag.self_closing || VOID.contains(&&*tag.name) {
                    close(&mut open);
                }
            }
            Token::TagToken(tag) => {
                // Closes the innermost element of that name (yew closes each in order).
                if let Some(at) = open.iter().rposition(|o| *o.tag == *tag.name) {
                    while open.len() > at {
                        close(&mut open);
                    }
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

    fn element(tag: &str, attributes: &[(&str, &str)], children: Vec<PaintNode>) -> PaintNode {
        let attributes = attributes
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        PaintNode::Element(tag.into(), attributes, children)
    }

    #[test]
    fn reads_elements_attributes_in_order_and_texts() {
        let html = r#"<div class="kq"><p id="x" class="a b">Un &amp; <strong>deux</strong> &lt;trois&gt;</p><ul></ul></div>"#;
        assert_eq!(
            nodes(html),
            vec![element(
                "div",
                &[("class", "kq")],
                vec![
                    element(
                        "p",
                        &[("id", "x"), ("class", "a b")],
                        vec![
                            PaintNode::Text("Un & ".into()),
                            element("strong", &[], vec![PaintNode::Text("deux".into())]),
                            PaintNode::Text(" <trois>".into()),
                        ]
                    ),
                    element("ul", &[], vec![]),
                ]
            )]
        );
    }

    #[test]
    fn void_elements_hold_nothing() {
        assert_eq!(
            nodes(r#"<label for="e">E</label><input id="e" required><button>B</button>"#),
            vec![
                element("label", &[("for", "e")], vec![PaintNode::Text("E".into())]),
                element("input", &[("id", "e"), ("required", "")], vec![]),
                element("button", &[], vec![PaintNode::Text("B".into())]),
            ]
        );
    }

    #[test]
    fn markup_in_a_text_stays_text() {
        // yew escapes every text; what it escaped comes back as the same text, never a tag.
        let html = "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>";
        assert_eq!(
            nodes(html),
            vec![element(
                "p",
                &[],
                vec![PaintNode::Text("<script>alert(1)</script>".into())]
            )]
        );
    }

    #[test]
    fn an_unclosed_element_is_closed_at_the_end() {
        assert_eq!(
            nodes("<section><p>a"),
            vec![element(
                "section",
                &[],
                vec![element("p", &[], vec![PaintNode::Text("a".into())])]
            )]
        );
    }
}
