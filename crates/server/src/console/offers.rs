//! `/admin/sites/{site}/offres`: a site's offers, the editor (draft kept apart from what readers
//! get), publishing in one action, archiving.

use super::phrases::Phrase;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use maud::{html, Markup, PreEscaped};

use super::charts;
use super::offer_form::{self, placement_label, status_label, valid_offer_id};
use super::{
    csrf_field, form_page, page, ConsoleError, ConsoleForm, ConsoleUser, Errors, Input, Lang,
};
use crate::offers::OfferSpec;
use crate::store::{Period, Published};
use crate::AppState;

/// What the editor offers besides the offer itself: the site's sections (for targeting) and
/// the languages other than the site's (for translations of each variant).
struct EditorData {
    sections: Vec<(String, String)>,
    translate_to: Vec<kiosque_protocol::Lang>,
}

async fn sections(state: &AppState, site: &str) -> anyhow::Result<EditorData> {
    Ok(EditorData {
        sections: state.store.sections(site).await?,
        translate_to: state.store.other_langs(site).await?,
    })
}

/// "du 1 déc. 2026 au 24 déc. 2026", "dès le …", "jusqu’au …", "sans limite" (UTC).
fn schedule(starts_at: Option<i64>, ends_at: Option<i64>, lang: Lang) -> String {
    let day = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0).map_or_else(String::new, |t| {
            let date = t.date_naive();
            format!(
                "{} {}",
                charts::short_date(date, lang),
                chrono::Datelike::year(&date)
            )
        })
    };
    match (starts_at, ends_at, lang) {
        (None, None, _) => lang.say(Phrase::NoLimit).to_owned(),
        (Some(s), Some(e), Lang::Fr) => format!("Du {} au {}", day(s), day(e)),
        (Some(s), Some(e), Lang::En) => format!("{} to {}", day(s), day(e)),
        (Some(s), None, Lang::Fr) => format!("Dès le {}", day(s)),
        (Some(s), None, Lang::En) => format!("From {}", day(s)),
        (None, Some(e), Lang::Fr) => format!("Jusqu’au {}", day(e)),
        (None, Some(e), Lang::En) => format!("Until {}", day(e)),
    }
}

/// `GET /admin/sites/{site}/offres`: each offer with its status, placement, schedule and
/// click rate over the last 30 days.
pub async fn list(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let lang = user.lang;
    let offers = state.store.offer_summaries(&site.id).await?;
    let now = crate::unix_now();
    let counts = state
        .store
        .offer_counts(
            &site.id,
            Period {
                since: now - 30 * 86_400,
                until: now + 1,
            },
            false,
        )
        .await?;
    let clicks = |offer: &str| {
        counts
            .iter()
            .filter(|c| c.offer == offer)
            .fold((0, 0), |(i, c), v| (i + v.impressions, c + v.clicks))
    };
    let base = format!("/admin/sites/{}", site.id);
    let main = html! {
        p {
            a.button href=(format!("{base}/offres/nouvelle")) { (lang.say(Phrase::NewOffer)) }
            " "
            a href=(format!("{base}/statistiques")) { (lang.say(Phrase::Figures)) }
        }
        div.table-scroll tabindex="0" role="region" aria-label=(lang.say(Phrase::Offers)) { table {
            caption { (lang.say(Phrase::Offers)) " — " (site.name) }
            thead { tr {
                th scope="col" { (lang.say(Phrase::InternalName)) }
                th scope="col" { (lang.say(Phrase::Status)) }
                th scope="col" { (lang.say(Phrase::Placement)) }
                th scope="col" { (lang.say(Phrase::ScheduleUTC)) }
                th scope="col" { (lang.say(Phrase::ClickRate30Days)) }
            } }
            tbody {
                @for o in &offers {
                    @let (impressions, clicked) = clicks(&o.id);
                    tr {
                        td { a href=(format!("{base}/offres/{}", o.id)) { (o.name) } br; code { (o.id) } }
                        td { (PreEscaped(status_label(o.status.as_deref(), o.has_draft, lang))) }
                        td { (placement_label(o.placement, lang)) }
                        td { (schedule(o.starts_at, o.ends_at, lang)) }
                        td {
                            @if impressions == 0 { "—" } @else {
                                (charts::percent(clicked as f64 / impressions as f64, lang))
                                " " span.ci { "(" (lang.count(clicked, ("clic", "clics"), ("click", "clicks"))) " / " (impressions) ")" }
                            }
                        }
                    }
                }
                @if offers.is_empty() { tr { td colspan="5" { (lang.say(Phrase::NoOfferYet)) } } }
            }
        } }
    };
    Ok(page(
        &user,
        lang.say(Phrase::Offers),
        &Errors::default(),
        &main.into_string(),
    )
    .into_response())
}

fn editor(
    user: &ConsoleUser,
    site: &str,
    id: Option<&str>,
    spec: &OfferSpec,
    data: &EditorData,
    errors: &Errors,
    typed_id: &str,
) -> Markup {
    let lang = user.lang;
    let action = match id {
        Some(id) => format!("/admin/sites/{site}/offres/{id}"),
        None => format!("/admin/sites/{site}/offres"),
    };
    // The form helpers return trusted HTML, every value in it already escaped.
    let id_field = if id.is_none() {
        Input::new("id", lang.say(Phrase::OfferIdAZ))
            .value(typed_id)
            .render(lang, errors)
    } else {
        String::new()
    };
    let fields = offer_form::render(spec, &data.sections, &data.translate_to, lang, errors);
    html! {
        form method="post" action=(action) novalidate {
            (PreEscaped(csrf_field(user)))
            (PreEscaped(id_field))
            (PreEscaped(fields))
            p {
                button type="submit" name="action" value="save" { (lang.say(Phrase::SaveTheDraft)) }
                @if let Some(id) = id {
                    " "
                    button type="submit" name="action" value="publish" { (lang.say(Phrase::SaveAndPublish)) }
                    " "
                    // Preview what is typed without saving it (`preview::preview_typed`).
                    button type="submit" class="secondary" formaction=(format!("/admin/sites/{site}/offres/{id}/apercu")) {
                        (lang.say(Phrase::Preview))
                    }
                }
            }
        }
    }
}

/// `GET /admin/sites/{site}/offres/nouvelle`.
pub async fn new(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path(site): Path<String>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let sections = sections(&state, &site.id).await?;
    let main = editor(
        &user,
        &site.id,
        None,
        &offer_form::blank(),
        &sections,
        &Errors::default(),
        "",
    );
    Ok(page(
        &user,
        user.lang.say(Phrase::NewOffer),
        &Errors::default(),
        &main.into_string(),
    )
    .into_response())
}

/// `POST /admin/sites/{site}/offres`: a new offer, saved as a draft.
pub async fn create(
    State(state): State<AppState>,
    Path(site): Path<String>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let ConsoleForm { user, fields } = form;
    let site = user.require_site(&site)?.clone();
    let lang = user.lang;
    let id = fields.text("id");
    let (spec, mut errors) = offer_form::parse(&fields, lang);
    if !valid_offer_id(&id) {
        errors.add("id", lang.say(Phrase::LowerCaseLettersDigits));
    } else if state
        .store
        .offer_for_editing(&site.id, &id)
        .await?
        .is_some()
    {
        errors.add("id", lang.say(Phrase::AnOfferAlreadyHas));
    }
    if errors.is_empty() {
        if let Err(refused) = state
            .store
            .save_offer_draft(&site.id, &id, &spec, crate::unix_now())
            .await?
        {
            tracing::error!(
                ?refused,
                "an offer draft passed the form's checks but not the store's"
            );
            return Err(ConsoleError::Internal(anyhow::anyhow!("draft refused")));
        }
        return Ok(Redirect::to(&format!(
            "/admin/sites/{}/offres/{id}?enregistre=1",
            site.id
        ))
        .into_response());
    }
    let sections = sections(&state, &site.id).await?;
    let main = editor(&user, &site.id, None, &spec, &sections, &errors, &id);
    Ok(form_page(
        &user,
        lang.say(Phrase::NewOffer),
        &errors,
        &main.into_string(),
    ))
}

/// `status` is trusted HTML (`status_label` escapes what it holds).
fn heading(user: &ConsoleUser, site: &str, id: &str, status: &str, variants: &[String]) -> Markup {
    let lang = user.lang;
    html! {
        p { (lang.say(Phrase::Status)) " : " (PreEscaped(status)) }
        ul { @for v in variants {
            li { a href=(format!("/admin/sites/{site}/offres/{id}/apercu#variante-{v}")) {
                (lang.say(Phrase::PreviewOfVariant)) " " (v)
            } }
        } }
        form method="post" action=(format!("/admin/sites/{site}/offres/{id}/archiver")) {
            (PreEscaped(csrf_field(user)))
            button type="submit" class="secondary" { (lang.say(Phrase::Archive)) }
        }
    }
}

pub(super) async fn edit_page(
    state: &AppState,
    user: &ConsoleUser,
    site: &str,
    id: &str,
    spec: &OfferSpec,
    errors: &Errors,
) -> Result<String, ConsoleError> {
    let summary = state
        .store
        .offer_summaries(site)
        .await?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let status = status_label(summary.status.as_deref(), summary.has_draft, user.lang);
    let variants: Vec<String> = spec.variants.iter().map(|v| v.id.clone()).collect();
    let sections = sections(state, site).await?;
    Ok(html! {
        (heading(user, site, id, &status, &variants))
        (editor(user, site, Some(id), spec, &sections, errors, ""))
    }
    .into_string())
}

/// `GET /admin/sites/{site}/offres/{id}`: the editor, on the draft if there is one.
pub async fn edit(
    State(state): State<AppState>,
    user: ConsoleUser,
    Path((site, id)): Path<(String, String)>,
) -> Result<Response, ConsoleError> {
    let site = user.require_site(&site)?.clone();
    let spec = state
        .store
        .offer_for_editing(&site.id, &id)
        .await?
        .ok_or(ConsoleError::NotFound(user.lang))?;
    let main = edit_page(&state, &user, &site.id, &id, &spec, &Errors::default()).await?;
    let title = format!("{} — {}", user.lang.say(Phrase::Offer), spec.name);
    Ok(page(&user, &title, &Errors::default(), &main).into_response())
}

/// `POST /admin/sites/{site}/offres/{id}`: saves the draft; with `action=publish`, publishes it
/// too (readers get it on their next request).
pub async fn save(
    State(state): State<AppState>,
    Path((site, id)): Path<(String, String)>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let ConsoleForm { user, fields } = form;
    let site = user.require_site(&site)?.clone();
    let lang: Lang = user.lang;
    if state
        .store
        .offer_for_editing(&site.id, &id)
        .await?
        .is_none()
    {
        return Err(ConsoleError::NotFound(lang));
    }
    let (spec, errors) = offer_form::parse(&fields, lang);
    if !errors.is_empty() {
        let main = edit_page(&state, &user, &site.id, &id, &spec, &errors).await?;
        return Ok(form_page(&user, lang.say(Phrase::Offer), &errors, &main));
    }
    let now = crate::unix_now();
    if let Err(refused) = state
        .store
        .save_offer_draft(&site.id, &id, &spec, now)
        .await?
    {
        tracing::error!(
            ?refused,
            "an offer draft passed the form's checks but not the store's"
        );
        return Err(ConsoleError::Internal(anyhow::anyhow!("draft refused")));
    }
    let mut saved = "1";
    if fields.text("action") == "publish" {
        saved = "publie";
        match state.store.publish_offer(&site.id, &id, now).await? {
            Published::Done => {}
            other => {
                return Err(ConsoleError::Internal(anyhow::anyhow!(
                    "publishing a saved draft: {other:?}"
                )))
            }
        }
    }
    Ok(Redirect::to(&format!(
        "/admin/sites/{}/offres/{id}?enregistre={saved}",
        site.id
    ))
    .into_response())
}

/// `POST /admin/sites/{site}/offres/{id}/archiver`.
pub async fn archive(
    State(state): State<AppState>,
    Path((site, id)): Path<(String, String)>,
    form: ConsoleForm,
) -> Result<Response, ConsoleError> {
    let user = form.user;
    let site = user.require_site(&site)?.clone();
    state.store.archive_offer(&site.id, &id).await?;
    Ok(Redirect::to(&format!("/admin/sites/{}/offres", site.id)).into_response())
}
