//! The site's look and the widget's texts as the loader gets them (`GET /v1/sites/{site}/
//! appearance`), and as the console's previews give them.

use kiosque_protocol::{Lang, SiteLook, Text, CATALOGUE};
use serde::Deserialize;

use crate::store::Site;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookQuery {
    /// A language tag (`fr`, `en-GB`, …): English for `en…`, else French. Default: the site's
    /// language.
    pub lang: Option<String>,
}

/// The answer for `site` in `lang`; the console's previews give the same.
pub fn site_look(site: &Site, lang: Lang) -> SiteLook {
    let overrides = site.texts.get(lang.as_str());
    SiteLook {
        appearance: site.appearance.clone(),
        lang: lang.as_str().to_owned(),
        catalogue: CATALOGUE,
        texts: Text::ALL
            .iter()
            .map(|text| {
                let own = overrides
                    .and_then(|o| o.get(text.name()))
                    .map_or(text.default_text(lang), String::as_str);
                crate::typography::text(lang, own)
            })
            .collect(),
    }
}
