//! OpenAPI schemas for what the field types alone cannot say (feature `openapi`): which texts
//! must not be blank, and which keys a translations map takes. The server enforces exactly
//! these rules (`crate::blank` is its test), so a client generated from the document and the
//! server agree on every request.

use utoipa::openapi::schema::{AllOfBuilder, ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};

use crate::Lang;

/// A text with at least one character that is neither white space nor a control character
/// (U+FEFF, which JavaScript counts as a space, included).
pub const NOT_BLANK: &str = r"[^\s\u0000-\u001f\u007f-\u009f\ufeff]";

/// One line of text: no control character, and not blank.
pub const LINE: &str = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f\ufeff][^\u0000-\u001f\u007f-\u009f]*$";

/// A text that is not blank.
pub fn not_blank() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(NOT_BLANK))
        .into()
}

/// `SectionInput::name`.
pub fn section_name() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(120))
        .pattern(Some(LINE))
        .into()
}

/// Translations by language code: `{"en": …}`, only codes of [`Lang::ALL`].
fn translations(value: RefOr<Schema>) -> Schema {
    let codes = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(Lang::ALL.iter().map(|l| l.as_str())));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(value))
        .property_names(Some(codes))
        .into()
}

/// `PaywallSettings::translations`.
pub fn paywall_translations() -> Schema {
    translations(Ref::from_schema_name("PaywallTexts").into())
}

/// `ConsentInput::translations`.
pub fn consent_translations() -> Schema {
    translations(ObjectBuilder::new().schema_type(Type::String).into())
}

/// `PaywallSettings::texts`: in the site's language the kicker, title and button are required.
pub fn required_paywall_texts() -> Schema {
    let text = || {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(NOT_BLANK))
    };
    let required = ObjectBuilder::new()
        .property("kicker", text())
        .property("title", text())
        .property("cta_label", text())
        .required("kicker")
        .required("title")
        .required("cta_label");
    AllOfBuilder::new()
        .item(Ref::from_schema_name("PaywallTexts"))
        .item(required)
        .into()
}

/// Used by `PaywallTexts::benefits`.
pub fn benefits() -> Schema {
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(300)),
        )
        .max_items(Some(20))
        .into()
}

/// `ArticleAnswer::paint`: a list of nodes, each a text or `[tag, [[name, value], …], [nodes]]`
/// (the elements' own schema is left open: OpenAPI cannot name this recursion inline).
pub fn paint() -> Schema {
    let text = ObjectBuilder::new().schema_type(Type::String);
    let element = ArrayBuilder::new().min_items(Some(3)).max_items(Some(3));
    let node = utoipa::openapi::schema::OneOfBuilder::new()
        .item(text)
        .item(element);
    ArrayBuilder::new()
        .items(node)
        .description(Some(
            "The widget's first render: texts and elements `[tag, [[name, value], …], [nodes]]`",
        ))
        .into()
}
