//! JSON in and out. In the browser, the browser's own `JSON.parse`/`JSON.stringify` do the
//! text work and serde-wasm-bindgen maps values to our types: that keeps serde_json's parser
//! and float formatting out of the download (measured in BENCHMARKS.md). Natively (unit tests)
//! serde_json does the same job.

use serde::de::DeserializeOwned;
use serde::Serialize;

#[cfg(target_arch = "wasm32")]
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_owned())?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
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
