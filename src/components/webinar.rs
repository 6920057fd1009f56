use kiosque_protocol::WebinarSession;
use yew::prelude::*;

use super::questions::{load_failed, loading, use_form_focus};
use super::webinar_form::form_view;
use super::webinar_session::session_card;
use crate::api::FetchError;
use crate::hooks::{use_webinar, WebinarData};
use crate::i18n::{Text, Texts};
use crate::state::FormPhase;

#[derive(Properties, PartialEq)]
pub struct WebinarProps {
    /// `data-series`.
    pub series: AttrValue,
    /// `data-session`: show only this session of the series.
    #[prop_or_default]
    pub session: Option<AttrValue>,
    pub texts: Texts,
}

/// `data-kiosque="webinar"`: a series' sessions (or one of them) with dates, seats left and
/// the sign-up form. One component holds it all (the load, the chosen session, the form's
/// state, which follows the reader from one session to another); the parts are plain
/// functions, since each yew component costs kilobytes of wasm.
#[component]
pub fn Webinar(props: &WebinarProps) -> Html {
    let WebinarData {
        loaded,
        form,
        retry,
        submit,
    } = use_webinar(&props.series);
    let chosen = use_state(|| None::<String>);
    let root = use_node_ref();
    use_form_focus(
        &root,
        form.refusals,
        matches!(form.phase, FormPhase::Done(_)),
    );
    let t = &props.texts;
    let series = match &*loaded {
        Some(Ok(series)) => series.clone(),
        None => return loading(t.get(Text::WebinarsLoading)),
        Some(Err(err)) => {
            let message = match err {
                FetchError::Api { status: 404, .. } => t.get(Text::WebinarNotFound),
                _ => t.get(Text::WebinarsLoadFailed),
            };
            return load_failed(message, retry, t);
        }
    };
    let sessions: Vec<&WebinarSession> = series
        .sessions
        .iter()
        .filter(|x| props.session.as_deref().is_none_or(|id| x.id == id))
        .collect();
    if sessions.is_empty() {
        return html! { <p class="kq-error" role="alert">{ t.get(Text::WebinarNotFound) }</p> };
    }
    let single = sessions.len() == 1;
    let cards = sessions.into_iter().map(|session| {
        let open = single || chosen.as_deref() == Some(session.id.as_str());
        let action = if open {
            form_view(&form, &submit, &series, session, t)
        } else if can_register(session) {
            let choose = {
                let (chosen, id) = (chosen.clone(), session.id.clone());
                Callback::from(move |_: MouseEvent| chosen.set(Some(id.clone())))
            };
            html! {
                <button type="button" class="kq-button" onclick={choose}
                    aria-label={format!("{} : {}", label(session, t), session.title)}>
                    { label(session, t) }
                </button>
            }
        } else {
            Html::default()
        };
        session_card(session, t, if single { 2 } else { 3 }, action)
    });
    html! {
        <section ref={root} class="kq-webinar" aria-labelledby="kq-series-title">
            if single {
                <p class="kq-kicker" id="kq-series-title">{ &series.title }</p>
            } else {
                <h2 class="kq-webinar-title" id="kq-series-title">{ &series.title }</h2>
                <p class="kq-standfirst">{ &series.description }</p>
            }
            <ul class="kq-sessions">{ for cards }</ul>
        </section>
    }
}

/// Whether a registration would be taken: open, and a seat or a waiting list.
pub fn can_register(session: &WebinarSession) -> bool {
    session.registration_open && (session.seats_left != Some(0) || session.waitlist)
}

/// "S'inscrire", or "S'inscrire en liste d'attente" when the session is full.
pub fn label<'t>(session: &WebinarSession, t: &'t Texts) -> &'t str {
    if session.seats_left == Some(0) {
        t.get(Text::JoinWaitlist)
    } else {
        t.get(Text::Register)
    }
}
