//! The widget's first render of an article's answer, made by the server (yew's server
//! renderer, feature `ssr`) so that the loader can show the wall before the wasm has arrived:
//! the same components as in the browser, hence the same DOM, which the widget then takes over
//! (`www/loader/paint.js`). Native builds only.

/// Where a checkout link carries the reader's page (`return_url`), which the server cannot
/// know: the loader writes the page's address, URI-encoded, in its place.
pub const PAGE_MARK: &str = "{page}";

#[cfg(feature = "ssr")]
pub use render::article;

#[cfg(feature = "ssr")]
mod render {
    use std::rc::Rc;

    use kiosque_protocol::ArticlePage;
    use yew::prelude::*;

    use crate::components::ArticleView;
    use crate::hooks::Endpoint;
    use crate::i18n::Texts;

    #[derive(Properties, PartialEq)]
    struct PaintProps {
        page: Rc<ArticlePage>,
        texts: Texts,
    }

    /// What `App` renders inside its container for a server-mode paywall that has its answer:
    /// the wrapper and the article view (the placeholder component adds no element). The
    /// endpoint is there because the forms render only inside a placeholder; nothing is sent.
    #[component]
    fn Painted(props: &PaintProps) -> Html {
        let endpoint = Endpoint {
            api: AttrValue::default(),
            site: AttrValue::default(),
            timeout_ms: 0,
            lang: props.texts.lang(),
            events: Callback::noop(),
        };
        html! {
            <ContextProvider<Endpoint> context={endpoint}>
                <div class="kq">
                    <ArticleView page={props.page.clone()} texts={props.texts.clone()} />
                </div>
            </ContextProvider<Endpoint>>
        }
    }

    /// The HTML of the widget's first render of `page` in `texts` (as `App` would render it).
    /// `None` if the renderer had to wait, which these components never make it do.
    pub fn article(page: ArticlePage, texts: Texts) -> Option<String> {
        use futures_util::FutureExt;
        yew::LocalServerRenderer::<Painted>::with_props(PaintProps {
            page: Rc::new(page),
            texts,
        })
        .hydratable(false)
        .render()
        .now_or_never()
    }
}
