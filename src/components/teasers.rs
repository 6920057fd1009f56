use kiosque_protocol::{encode_segment, AccessLevel, ArticleMeta, TeaserFilter};
use yew::prelude::*;

use super::offer_card::is_web_link;
use crate::hooks::{use_teasers, TeaserSource};
use crate::host_events::WidgetEvent;
use crate::i18n::{Text, Texts};
use crate::options::Layout;
use crate::state::TeaserAction;

#[derive(Properties, PartialEq)]
pub struct TeasersProps {
    pub api: AttrValue,
    pub site: AttrValue,
    pub filter: TeaserFilter,
    pub layout: Layout,
    /// Teasers per page.
    pub limit: u32,
    /// Where a teaser leads: the article's slug goes between these two.
    pub link: (String, String),
    pub texts: Texts,
    pub timeout_ms: u32,
    pub on_event: Callback<WidgetEvent>,
}

/// `data-kiosque="teasers"`: the newest articles, of a section, with a tag, or related to an
/// article ("À lire aussi"); list, grid or compact; "Voir plus" adds the next page.
#[component]
pub fn Teasers(props: &TeasersProps) -> Html {
    let state = use_teasers(
        TeaserSource {
            api: props.api.clone(),
            site: props.site.clone(),
            filter: props.filter.clone(),
            limit: props.limit,
            timeout_ms: props.timeout_ms,
        },
        &props.on_event,
    );

    let t = &props.texts;
    let layout = match props.layout {
        Layout::List => "kq-layout-list",
        Layout::Grid => "kq-layout-grid",
        Layout::Compact => "kq-layout-compact",
    };
    let more = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(TeaserAction::More))
    };
    // "À lire aussi" with nothing to list is not shown at all: an empty box under an article
    // reads as a broken page. (A teasers block of its own still says it has no articles.)
    let loaded_empty = state.items.is_empty() && !state.loading && !state.failed;
    if props.filter.related.is_some() && loaded_empty {
        return Html::default();
    }
    html! {
        <section class={classes!("kq-teasers", layout)} aria-busy={state.loading.to_string()}>
            if props.filter.related.is_some() {
                <h2 class="kq-teasers-title">{ t.get(Text::RelatedTitle) }</h2>
            }
            if state.items.is_empty() && state.loading {
                <p class="kq-sr" role="status">{ t.get(Text::Loading) }</p>
            } else if state.items.is_empty() {
                <p>{ t.get(Text::NoTeasers) }</p>
            }
            <ul class="kq-teaser-list">
                { for state.items.iter().map(|a| teaser(a, props)) }
            </ul>
            <p class="kq-sr" role="status">
                { if state.items.is_empty() { String::new() } else { t.teasers_shown(state.items.len()) } }
            </p>
            if state.failed {
                // The publisher's own content if nothing could be shown, else a short note.
                if state.items.is_empty() {
                    <slot><p role="alert">{ t.get(Text::LoadFailed) }</p></slot>
                } else {
                    <p class="kq-field-error" role="alert">{ t.get(Text::LoadFailed) }</p>
                }
            }
            if state.has_more() || state.failed {
                <button type="button" class="kq-button kq-button-secondary" onclick={more} disabled={state.loading}>
                    { if state.failed { t.get(Text::Retry) } else { t.get(Text::More) } }
                </button>
            }
        </section>
    }
}

fn teaser(a: &ArticleMeta, props: &TeasersProps) -> Html {
    let t = &props.texts;
    let badge = match a.access {
        AccessLevel::Free => None,
        AccessLevel::Registered => Some(t.get(Text::BadgeRegistered)),
        AccessLevel::Subscribers => Some(t.get(Text::BadgeSubscribers)),
    };
    let href = [
        props.link.0.as_str(),
        &encode_segment(&a.slug),
        props.link.1.as_str(),
    ]
    .concat();
    html! {
        <li class="kq-teaser" key={a.slug.clone()}>
            <article>
                <p class="kq-teaser-kicker">
                    { &a.section.name }{ " · " }{ &a.kicker }
                    if let Some(badge) = badge {
                        { " " }<span class="kq-badge">{ badge }</span>
                    }
                </p>
                <h3 class="kq-teaser-title"><a href={href}>{ &a.title }</a></h3>
                if props.layout != Layout::Compact {
                    if let Some(image) = a.image.as_ref().filter(|i| is_web_link(&i.url)) {
                        <img class="kq-teaser-image" src={image.url.clone()} alt={image.alt.clone()} loading="lazy" />
                    }
                    <p class="kq-teaser-standfirst">{ &a.standfirst }</p>
                }
                <p class="kq-teaser-date"><time datetime={a.published_at.clone()}>{ t.date(&a.published_at) }</time></p>
            </article>
        </li>
    }
}
