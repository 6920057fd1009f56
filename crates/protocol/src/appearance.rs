use serde::{Deserialize, Serialize};

/// `GET /v1/sites/{site}/appearance`: the site's look as set in the console. Each value
/// becomes the widget's CSS custom property of the same name (`accent` → `--kq-accent`)
/// unless the host page sets that property itself; `scheme` is the default `data-theme`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Appearance {
    /// `#rgb` or `#rrggbb`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accent_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub muted: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surface: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub border: Option<String>,
    /// `0` to `40px`, or `0` to `3rem`/`em`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius: Option<String>,
    /// A font stack: letters, digits, spaces, commas, hyphens and quotes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font: Option<String>,
    /// `light`, `dark` or `auto`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
}

impl Appearance {
    /// The fields and their custom property names, for both sides.
    pub fn properties(&self) -> [(&'static str, &Option<String>); 9] {
        [
            ("accent", &self.accent),
            ("accent-text", &self.accent_text),
            ("text", &self.text),
            ("muted", &self.muted),
            ("background", &self.background),
            ("surface", &self.surface),
            ("border", &self.border),
            ("radius", &self.radius),
            ("font", &self.font),
        ]
    }

    /// Every value that is not safe to put in a stylesheet, by field name (`accent`, …).
    pub fn invalid_fields(&self) -> Vec<&'static str> {
        let colour = |v: &str| {
            let hex = v.strip_prefix('#').unwrap_or("");
            (hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())
        };
        let radius = |v: &str| {
            let (number, max) = if let Some(n) = v.strip_suffix("px") {
                (n, 40.0)
            } else if let Some(n) = v.strip_suffix("rem").or_else(|| v.strip_suffix("em")) {
                (n, 3.0)
            } else {
                (v, 0.0)
            };
            number
                .parse::<f64>()
                .is_ok_and(|n| (0.0..=max).contains(&n))
                || v == "0"
        };
        let font = |v: &str| {
            !v.is_empty()
                && v.len() <= 200
                && v.chars()
                    .all(|c| c.is_alphanumeric() || " ,-'\"".contains(c))
        };
        let mut wrong = Vec::new();
        for (name, value) in self.properties() {
            let ok = match (name, value) {
                (_, None) => true,
                ("radius", Some(v)) => radius(v),
                ("font", Some(v)) => font(v),
                (_, Some(v)) => colour(v),
            };
            if !ok {
                wrong.push(name);
            }
        }
        if self
            .scheme
            .as_deref()
            .is_some_and(|s| !["light", "dark", "auto"].contains(&s))
        {
            wrong.push("scheme");
        }
        wrong
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_values_pass() {
        let good = Appearance {
            accent: Some("#b3123b".into()),
            text: Some("#fff".into()),
            radius: Some("8px".into()),
            font: Some("\"Source Sans 3\", Arial, sans-serif".into()),
            scheme: Some("dark".into()),
            ..Appearance::default()
        };
        assert!(good.invalid_fields().is_empty());
        let bad = Appearance {
            accent: Some("red; } body { display: none".into()),
            border: Some("#12345".into()),
            radius: Some("99px".into()),
            font: Some("x; background: url(//evil)".into()),
            scheme: Some("neon".into()),
            ..Appearance::default()
        };
        assert_eq!(
            bad.invalid_fields(),
            ["accent", "border", "radius", "font", "scheme"]
        );
    }
}
