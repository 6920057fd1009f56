//! JSON in and out. In the browser, the browser's own `JSON.parse`/`JSON.stringify` do the
//! text work and serde-wasm-bindgen maps values to our types: that keeps serde_json's parser
//! and float formatting out of the download (measured in BENCHMARKS.md). Natively (unit tests)
//! serde_json does the same job.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Objects are rebuilt without a prototype while parsing: a host page that polluted
/// `Object.prototype` (`Object.prototype.meter = …`) must not fill in fields the server left
/// out, since a missing field is looked up through the prototype chain.
#[cfg(target_arch = "wasm32")]
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    let reviver =
        Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(|_key: JsValue, value: JsValue| {
            if value.is_object() && !js_sys::Array::is_array(&value) {
                let bare: js_sys::Object = js_sys::Object::create(JsValue::NULL.unchecked_ref());
                let source: &js_sys::Object = value.unchecked_ref();
                js_sys::Object::assign(&bare, source).into()
            } else {
                value
            }
        });
    let value =
        json_parse(text, reviver.as_ref().unchecked_ref()).map_err(|_| "not JSON".to_owned())?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `JSON.parse(text, reviver)` (js-sys has no binding with a reviver).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(
        text: &str,
        reviver: &js_sys::Function,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

#[cfg(target_arch = "wasm32")]
pub fn stringify<T: Serialize>(value: &T) -> Option<String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

#[cfg(not(target_arch = "wasm32"))]
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(not(target_arch = "wasm32"))]
pub fn stringify<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}
