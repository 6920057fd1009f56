use std::rc::Rc;

use kiosque_protocol::{Access, ArticlePage, Block};
use yew::prelude::*;

use super::PaywallBox;
use crate::i18n::Lang;

#[derive(Properties, PartialEq)]
pub struct ArticleViewProps {
    pub page: Rc<ArticlePage>,
    pub lang: Lang,
}

/// An article body as the server sent it: the whole text, or the teaser fading into the
/// subscription box. Text is rendered as text, never as HTML.
#[component]
pub fn ArticleView(props: &ArticleViewProps) -> Html {
    let page = &props.page;
    let gated = matches!(page.access, Access::Teaser { .. });
    let body_class = classes!("kq-body", gated.then_some("kq-body-teaser"));
    let strings = props.lang.strings();
    let meter_notice = page
        .meter
        .as_ref()
        .map(|meter| props.lang.meter_notice(meter, !gated));
    html! {
        <div class="kq-article">
            if page.entitlement_error.is_some() {
                <p class="kq-notice kq-notice-warning" role="status">{ strings.entitlement_refused }</p>
            }
            if let Some(notice) = meter_notice {
                <p class="kq-notice kq-meter" role="status">{ notice }</p>
            }
            <div class={body_class}>
                { for page.body.iter().map(block) }
            </div>
            if let Access::Teaser { paywall, .. } = &page.access {
                <PaywallBox paywall={paywall.clone()} lang={props.lang} />
            }
        </div>
    }
}

fn block(block: &Block) -> Html {
    match block {
        Block::Paragraph { text } => html! { <p>{ text }</p> },
        Block::Heading { text } => html! { <h2 class="kq-heading">{ text }</h2> },
        Block::Question { text } => html! { <p class="kq-question">{ text }</p> },
        Block::Quote { text } => {
            html! { <blockquote class="kq-quote"><p>{ text }</p></blockquote> }
        }
    }
}
