//! Request bodies, written as JSON text directly (they are small, flat and few).

use kiosque_protocol::{Answer, LoginStart, LoginVerify, RegistrationRequest, SurveyAnswerRequest};

/// A JSON object being written: `Object::new().string("a", "b").finish()`.
pub struct Object {
    text: String,
}

impl Object {
    pub fn new() -> Self {
        Object {
            text: String::from("{"),
        }
    }

    fn key(&mut self, key: &str) {
        if self.text.len() > 1 {
            self.text.push(',');
        }
        push_string(&mut self.text, key);
        self.text.push(':');
    }

    pub fn string(mut self, key: &str, value: &str) -> Self {
        self.key(key);
        push_string(&mut self.text, value);
        self
    }

    /// Leaves the field out when `None` (`skip_serializing_if = "Option::is_none"`).
    pub fn opt_string(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.string(key, value),
            None => self,
        }
    }

    pub fn number(mut self, key: &str, value: u32) -> Self {
        self.key(key);
        self.text.push_str(&value.to_string());
        self
    }

    pub fn opt_number(self, key: &str, value: Option<u32>) -> Self {
        match value {
            Some(value) => self.number(key, value),
            None => self,
        }
    }

    pub fn boolean(mut self, key: &str, value: bool) -> Self {
        self.key(key);
        self.text.push_str(if value { "true" } else { "false" });
        self
    }

    /// A field whose value is already JSON text (a nested object or an array).
    pub fn raw(mut self, key: &str, json: &str) -> Self {
        self.key(key);
        self.text.push_str(json);
        self
    }

    pub fn finish(mut self) -> String {
        self.text.push('}');
        self.text
    }
}

impl Default for Object {
    fn default() -> Self {
        Object::new()
    }
}

/// A JSON array of already-encoded values.
pub fn array(items: impl IntoIterator<Item = String>) -> String {
    let mut text = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&item);
    }
    text.push(']');
    text
}

/// A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259 §7).
pub fn push_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes a request body.
pub trait Encode {
    fn encode(&self) -> String;
}

impl Encode for LoginStart {
    fn encode(&self) -> String {
        Object::new()
            .string("email", &self.email)
            .string("return_url", &self.return_url)
            .opt_string("reader_id", self.reader_id.as_deref())
            .finish()
    }
}

impl Encode for LoginVerify {
    fn encode(&self) -> String {
        Object::new()
            .opt_string("email", self.email.as_deref())
            .opt_string("code", self.code.as_deref())
            .opt_string("link_token", self.link_token.as_deref())
            .opt_string("reader_id", self.reader_id.as_deref())
            .finish()
    }
}

impl Encode for Answer {
    fn encode(&self) -> String {
        let mut answer = Object::new()
            .string("question", &self.question)
            .opt_string("text", self.text.as_deref());
        if !self.choices.is_empty() {
            answer = answer.raw("choices", &array(self.choices.iter().map(|c| quoted(c))));
        }
        if let Some(checked) = self.checked {
            answer = answer.boolean("checked", checked);
        }
        if let Some(scale) = self.scale {
            answer = answer.number("scale", u32::from(scale));
        }
        answer.finish()
    }
}

impl Encode for RegistrationRequest {
    fn encode(&self) -> String {
        Object::new()
            .string("first_name", &self.first_name)
            .string("last_name", &self.last_name)
            .string("email", &self.email)
            .string("organisation", &self.organisation)
            .string("job_title", &self.job_title)
            .opt_number(
                "consent_processing_version",
                self.consent_processing_version,
            )
            .opt_number("consent_marketing_version", self.consent_marketing_version)
            .string("source_page", &self.source_page)
            .raw("answers", &array(self.answers.iter().map(Encode::encode)))
            .string("website", &self.website)
            .opt_number("fill_ms", self.fill_ms)
            .finish()
    }
}

impl Encode for SurveyAnswerRequest {
    fn encode(&self) -> String {
        Object::new()
            .raw("answers", &array(self.answers.iter().map(Encode::encode)))
            .string("email", &self.email)
            .opt_number("consent_version", self.consent_version)
            .string("website", &self.website)
            .opt_number("fill_ms", self.fill_ms)
            .finish()
    }
}

fn quoted(value: &str) -> String {
    let mut text = String::new();
    push_string(&mut text, value);
    text
}
