//! The reader actions of the modelled site, print and download: browser calls kept here.

use kiosque_protocol::ArticlePage;
use wasm_bindgen::JsCast;

/// Opens the browser's print dialog for the page.
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// The article as plain text: title, standfirst, byline, then every block.
pub fn article_text(page: &ArticlePage) -> String {
    let a = &page.article;
    let mut text = format!(
        "{}\n\n{}\n\n{} — {}\n",
        a.title, a.standfirst, a.author, a.published_at
    );
    for block in &page.body {
        text.push('\n');
        text.push_str(block.text());
        text.push('\n');
    }
    text
}

/// Saves the article as a `.txt` file named after its slug.
pub fn download(page: &ArticlePage) {
    let _ = try_download(page);
}

fn try_download(page: &ArticlePage) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let parts = js_sys::Array::of1(&article_text(page).into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(&format!("{}.txt", page.article.slug));
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosque_protocol::{Access, AccessLevel, ArticleMeta, Block, GrantReason, Section};

    #[test]
    fn the_text_has_the_header_and_every_block() {
        let page = ArticlePage {
            article: ArticleMeta {
                slug: "s".into(),
                section: Section {
                    slug: "x".into(),
                    name: "X".into(),
                },
                kicker: "K".into(),
                title: "Titre".into(),
                standfirst: "Chapeau.".into(),
                author: "Claire".into(),
                published_at: "2026-11-20".into(),
                access: AccessLevel::Subscribers,
                tags: Vec::new(),
                image: None,
            },
            body: vec![
                Block::Paragraph("Un.".into()),
                Block::Question("Deux ?".into()),
            ],
            access: Access::Full {
                reason: GrantReason::Subscriber,
            },
            meter: None,
            account: None,
            entitlement_error: None,
        };
        assert_eq!(
            article_text(&page),
            "Titre\n\nChapeau.\n\nClaire — 2026-11-20\n\nUn.\n\nDeux ?\n"
        );
    }
}
