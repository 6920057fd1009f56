//! The mails of webinar registrations, in French. Names in them were cleaned when the form was
//! validated (`webinars::clean`: no control characters, so no header or line injection).

use chrono::{DateTime, Utc};

use super::calendar::{ics, CalendarEvent};
use super::{instant, PENDING_TTL_SECS};
use crate::french::{session_when, typeset};
use crate::store::{Attachment, ComposedMail, News, SessionMails, SessionRow, Site};

/// The mails of one session's registrations, with links to this server's pages. It owns
/// what it writes from, so a sign-up can be handed to the store's writer whole.
pub struct SessionMail {
    origin: String,
    site: Site,
    session: SessionRow,
    when: String,
    now: DateTime<Utc>,
}

impl SessionMail {
    pub fn new(origin: &str, site: &Site, session: &SessionRow) -> anyhow::Result<Self> {
        let starts = instant(&session.starts_at, &session.time_zone)?;
        let ends = instant(&session.ends_at, &session.time_zone)?;
        Ok(SessionMail {
            origin: origin.to_owned(),
            site: site.clone(),
            session: session.clone(),
            when: session_when(&starts, &ends),
            now: Utc::now(),
        })
    }

    /// The page of a link: `/webinaires/annulation` or `/webinaires/confirmation`.
    fn link(&self, page: &str, token: &str) -> String {
        format!(
            "{}/webinaires/{page}?site={}&jeton={token}",
            self.origin,
            kiosque_protocol::encode_segment(&self.site.id)
        )
    }

    /// The `.ics` of the session for one registration (its UID is stable for that registration,
    /// so a resent or updated file replaces the event instead of adding a second one).
    fn calendar(&self, registration_id: i64) -> Option<Attachment> {
        let session = &self.session;
        let utc = |local: &str| instant(local, &session.time_zone).map(|t| t.with_timezone(&Utc));
        let (Ok(starts), Ok(ends)) = (utc(&session.starts_at), utc(&session.ends_at)) else {
            return None;
        };
        let uid = format!(
            "webinaire-{}-{}-{registration_id}@kiosque",
            self.site.id, session.id
        );
        let description = typeset(&format!(
            "{}\n\n{}\n\n{}",
            self.when, session.description, self.site.name
        ));
        Some(Attachment {
            name: "webinaire.ics".into(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            body: ics(&CalendarEvent {
                uid: &uid,
                title: &session.title,
                description: &description,
                starts,
                ends,
                stamp: self.now,
            }),
        })
    }
}

impl SessionMails for SessionMail {
    fn news(
        &self,
        news: News,
        first_name: &str,
        registration_id: i64,
        token: &str,
    ) -> ComposedMail {
        let (title, when, site) = (&self.session.title, &self.when, &self.site.name);
        let cancel = || self.link("annulation", token);
        let (subject, body, calendar) = match news {
            News::Pending => {
                let hours = PENDING_TTL_SECS / 3600;
                let link = self.link("confirmation", token);
                (
                    format!("Confirmez votre inscription : {title}"),
                    format!(
                        "Bonjour {first_name},\n\nPour finaliser votre inscription au webinaire « {title} », \
                         {when}, confirmez votre adresse en ouvrant ce lien, valable {hours} heures :\n\
                         {link}\n\nSans confirmation, aucune place ne vous est réservée. Si vous n’avez \
                         rien demandé, ignorez ce message.\n\n{site}\n"
                    ),
                    None,
                )
            }
            News::Confirmed => (
                format!("Inscription confirmée : {title}"),
                format!(
                    "Bonjour {first_name},\n\nVotre inscription au webinaire « {title} », {when}, \
                     est confirmée. Le fichier joint l’ajoute à votre agenda.\n\n\
                     Si vous ne pouvez plus venir, libérez votre place : {}\n\n{site}\n",
                    cancel()
                ),
                self.calendar(registration_id),
            ),
            News::Waitlisted => (
                format!("Liste d’attente : {title}"),
                format!(
                    "Bonjour {first_name},\n\nLe webinaire « {title} », {when}, est complet : vous êtes \
                     inscrit·e sur la liste d’attente. Nous vous écrirons dès qu’une place se libère.\n\n\
                     Pour vous retirer de la liste : {}\n\n{site}\n",
                    cancel()
                ),
                None,
            ),
            News::Promoted => (
                format!("Une place s’est libérée : {title}"),
                format!(
                    "Bonjour {first_name},\n\nUne place s’est libérée : votre inscription au webinaire \
                     « {title} », {when}, est confirmée. Le fichier joint l’ajoute à votre agenda.\n\n\
                     Si vous ne pouvez plus venir, libérez votre place : {}\n\n{site}\n",
                    cancel()
                ),
                self.calendar(registration_id),
            ),
        };
        (typeset(&subject), typeset(&body), calendar)
    }

    fn cancelled(&self, first_name: &str) -> ComposedMail {
        let (title, when, site) = (&self.session.title, &self.when, &self.site.name);
        (
            typeset(&format!("Inscription annulée : {title}")),
            typeset(&format!(
                "Bonjour {first_name},\n\nVotre inscription au webinaire « {title} », {when}, a été \
                 annulée par l’organisateur. Vous n’avez rien à faire.\n\n{site}\n"
            )),
            None,
        )
    }
}

pub fn reminder_mail(
    site_name: &str,
    first_name: &str,
    session_title: &str,
    when: &str,
    kind: &str,
) -> (String, String) {
    let soon = if kind == "hour" {
        "dans une heure"
    } else {
        "demain"
    };
    (
        typeset(&format!("Rappel : « {session_title} » commence {soon}")),
        typeset(&format!(
            "Bonjour {first_name},\n\nLe webinaire « {session_title} » commence {soon} : {when}.\n\n\
             Si vous ne pouvez plus venir, le lien de votre mail de confirmation libère votre place.\n\n{site_name}\n"
        )),
    )
}
