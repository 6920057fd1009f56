use std::rc::Rc;

use kiosque_protocol::{Access, ArticlePage, Block, GrantReason, Session};
use yew::prelude::*;

use super::gate;
use crate::i18n::{Text, Texts};
use crate::reader_actions;

#[derive(Properties, PartialEq)]
pub struct ArticleViewProps {
    pub page: Rc<ArticlePage>,
    pub texts: Texts,
    /// A reader signed in through the registration form.
    #[prop_or_default]
    pub on_signed_in: Callback<Session>,
    #[prop_or_default]
    pub on_sign_out: Callback<()>,
}

/// An article body as the server sent it: the whole text, or the teaser fading into the
/// subscription box. Text is rendered as text, never as HTML.
#[component]
pub fn ArticleView(props: &ArticleViewProps) -> Html {
    let page = &props.page;
    let gated = matches!(page.access, Access::Teaser { .. });
    let body_class = classes!("kq-body", gated.then_some("kq-body-teaser"));
    html! {
        <div class="kq-article">
            { gate::notices(&gate::Notices {
                account: page.account.as_ref(),
                entitlement_refused: page.entitlement_error.is_some(),
                meter: page.meter.as_ref(),
                opened: !gated,
            }, &props.texts, &props.on_sign_out) }
            <div class={body_class}>
                { for page.body.iter().map(block) }
            </div>
            { gate::wall(&page.access, page.meter.as_ref(), &props.texts, &props.on_signed_in) }
            { reader_actions(page, &props.texts) }
        </div>
    }
}

/// Print and download: subscriber features; others see them locked, with the reason. The
/// padlock is drawn by the stylesheet: the emoji it replaces had no glyph where no emoji font
/// is installed, and was read out as part of the button's name.
fn reader_actions(page: &Rc<ArticlePage>, t: &Texts) -> Html {
    let subscriber = page.access
        == Access::Full {
            reason: GrantReason::Subscriber,
        };
    if subscriber {
        let for_download = page.clone();
        html! {
            <div class="kq-reader-actions">
                <button type="button" class="kq-action" onclick={Callback::from(|_| reader_actions::print())}>
                    { t.get(Text::Print) }
                </button>
                <button type="button" class="kq-action"
                    onclick={Callback::from(move |_| reader_actions::download(&for_download))}>
                    { t.get(Text::Download) }
                </button>
            </div>
        }
    } else {
        html! {
            <div class="kq-reader-actions">
                <button type="button" class="kq-action" aria-disabled="true" aria-describedby="kq-actions-locked">
                    { t.get(Text::Print) }
                </button>
                <button type="button" class="kq-action" aria-disabled="true" aria-describedby="kq-actions-locked">
                    { t.get(Text::Download) }
                </button>
                <p id="kq-actions-locked" class="kq-actions-note">{ t.get(Text::ActionsLocked) }</p>
            </div>
        }
    }
}

fn block(block: &Block) -> Html {
    match block {
        Block::Paragraph(text) => html! { <p>{ text }</p> },
        Block::Heading(text) => html! { <h2 class="kq-heading">{ text }</h2> },
        Block::Question(text) => html! { <p class="kq-question">{ text }</p> },
        Block::Quote(text) => {
            html! { <blockquote class="kq-quote"><p>{ text }</p></blockquote> }
        }
    }
}
