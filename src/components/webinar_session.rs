use kiosque_protocol::{Person, SessionStatus, WebinarSession};
use yew::prelude::*;

use super::offer_card::is_web_link;
use crate::i18n::{Text, Texts};
use crate::when;

/// One session: title, when (in its zone and the reader's), seats or state, who speaks, what
/// about, then `children` (the sign-up button or form). `heading`: the title's level (2 alone
/// on the placeholder, 3 in a series).
pub fn session_card(session: &WebinarSession, t: &Texts, heading: u8, children: Html) -> Html {
    let times = when::session_times(&session.starts_at, &session.ends_at, &session.time_zone, t);
    let (state_class, state) = availability(session, t);
    let title_id = format!("kq-session-{}", session.id);
    let people = |label: &str, people: &[Person]| {
        (!people.is_empty()).then(|| {
            html! {
                <p class="kq-people"><strong>{ label }{ " : " }</strong>
                    { people.iter().enumerate().map(|(i, p)| {
                        format!("{}{} ({})", if i > 0 { ", " } else { "" }, p.name, p.role)
                    }).collect::<String>() }
                </p>
            }
        })
    };
    html! {
        <li class="kq-session" aria-labelledby={title_id.clone()}>
            <@{format!("h{heading}")} class="kq-session-title" id={title_id}>
                { &session.title }
            </@>
            if let Some(times) = times {
                <p class="kq-when">{ times.local }</p>
                if let Some((theirs, zone)) = times.reader {
                    <p class="kq-when-reader">{ t.fill(Text::InYourZone, &[("when", &theirs), ("zone", &zone)]) }</p>
                }
            }
            if let Some(state) = state {
                <p class={classes!("kq-seats", state_class)}>{ state }</p>
            }
            <p>{ &session.description }</p>
            { people(t.get(Text::Hosts), &session.hosts) }
            { people(t.get(Text::Speakers), &session.speakers) }
            if !session.points.is_empty() {
                <p class="kq-people"><strong>{ t.get(Text::Points) }</strong></p>
                <ul class="kq-points">
                    { for session.points.iter().map(|p| html! { <li>{ p }</li> }) }
                </ul>
            }
            if let Some(url) = session.replay_url.as_deref().filter(|u| is_web_link(u)) {
                <p><a class="kq-button" href={url.to_owned()} target="_blank" rel="noopener">{ t.get(Text::Replay) }</a></p>
            }
            { children }
        </li>
    }
}

/// The session's state as a class and a short text: cancelled, over, closed, full (with or
/// without a waiting list), or the seats left.
fn availability(session: &WebinarSession, t: &Texts) -> (&'static str, Option<String>) {
    let text = match (session.status, session.seats_left) {
        (SessionStatus::Cancelled, _) => t.get(Text::Cancelled),
        (SessionStatus::Ended, _) => t.get(Text::Ended),
        _ if !session.registration_open => t.get(Text::Closed),
        (_, Some(0)) if session.waitlist => t.get(Text::FullWaitlist),
        (_, Some(0)) => t.get(Text::Full),
        (_, Some(n)) => return ("kq-seats-open", Some(t.seats_left(n))),
        (_, None) => return ("kq-seats-open", None),
    };
    ("kq-seats-closed", Some(text.to_owned()))
}
