//! JSON in and out, without serde.
//!
//! The browser's `JSON.parse` and `JSON.stringify` do the text work; [`Decode`] reads the
//! protocol types out of the parsed value field by field, and [`encode::Object`] writes request
//! bodies. serde's generated visitors and serde-wasm-bindgen cost about a fifth of the wasm
//! (measured in BENCHMARKS.md); these few hundred lines do the same job for the shapes the widget
//! reads. Natively (unit tests) the same decoders run over `serde_json::Value`, and the tests
//! check them against what serde writes on the server side, so the two cannot drift apart.

#[macro_use]
mod decode;
mod decode_survey;
mod decode_webinar;
pub mod encode;

#[cfg(target_arch = "wasm32")]
mod backend {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// A parsed JSON value.
    #[derive(Clone)]
    pub struct Value(JsValue);

    #[wasm_bindgen]
    extern "C" {
        /// `JSON.parse(text, reviver)` (js-sys has no binding with a reviver).
        #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
        fn json_parse(text: &str, reviver: &js_sys::Function) -> Result<JsValue, JsValue>;
    }

    /// Objects are rebuilt without a prototype while parsing: a host page that polluted
    /// `Object.prototype` (`Object.prototype.meter = …`) must not fill in fields the server
    /// left out, since a missing field is looked up through the prototype chain.
    pub fn parse(text: &str) -> Option<Value> {
        let reviver = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(
            |_key: JsValue, value: JsValue| {
                if value.is_object() && !js_sys::Array::is_array(&value) {
                    let bare: js_sys::Object =
                        js_sys::Object::create(JsValue::NULL.unchecked_ref());
                    js_sys::Object::assign(&bare, value.unchecked_ref()).into()
                } else {
                    value
                }
            },
        );
        json_parse(text, reviver.as_ref().unchecked_ref())
            .ok()
            .map(Value)
    }

    impl Value {
        /// A field of an object; `None` when missing, `null`, or when this is not an object.
        pub fn get(&self, key: &str) -> Option<Value> {
            if !self.0.is_object() {
                return None;
            }
            let v = js_sys::Reflect::get(&self.0, &JsValue::from_str(key)).ok()?;
            (!v.is_null() && !v.is_undefined()).then_some(Value(v))
        }

        pub fn string(&self) -> Option<String> {
            self.0.as_string()
        }

        pub fn number(&self) -> Option<f64> {
            self.0.as_f64()
        }

        pub fn boolean(&self) -> Option<bool> {
            self.0.as_bool()
        }

        pub fn items(&self) -> Option<Vec<Value>> {
            js_sys::Array::is_array(&self.0).then(|| {
                let array: &js_sys::Array = self.0.unchecked_ref();
                array.iter().map(Value).collect()
            })
        }

        /// The only key of an object and its value: how externally tagged enums travel.
        pub fn tag(&self) -> Option<(String, Value)> {
            if !self.0.is_object() || js_sys::Array::is_array(&self.0) {
                return None;
            }
            let object: &js_sys::Object = self.0.unchecked_ref();
            let keys = js_sys::Object::keys(object);
            if keys.length() != 1 {
                return None;
            }
            let key = keys.get(0).as_string()?;
            let value = js_sys::Reflect::get(&self.0, &JsValue::from_str(&key)).ok()?;
            Some((key, Value(value)))
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod backend {
    /// A parsed JSON value.
    #[derive(Clone)]
    pub struct Value(serde_json::Value);

    pub fn parse(text: &str) -> Option<Value> {
        serde_json::from_str(text).ok().map(Value)
    }

    impl Value {
        pub fn get(&self, key: &str) -> Option<Value> {
            match self.0.get(key)? {
                serde_json::Value::Null => None,
                v => Some(Value(v.clone())),
            }
        }

        pub fn string(&self) -> Option<String> {
            self.0.as_str().map(str::to_owned)
        }

        pub fn number(&self) -> Option<f64> {
            self.0.as_f64()
        }

        pub fn boolean(&self) -> Option<bool> {
            self.0.as_bool()
        }

        pub fn items(&self) -> Option<Vec<Value>> {
            Some(self.0.as_array()?.iter().cloned().map(Value).collect())
        }

        pub fn tag(&self) -> Option<(String, Value)> {
            let object = self.0.as_object()?;
            let mut entries = object.iter();
            match (entries.next(), entries.next()) {
                (Some((key, value)), None) => Some((key.clone(), Value(value.clone()))),
                _ => None,
            }
        }
    }
}

pub use backend::Value;

/// Reads a type out of a parsed JSON value; `None` when the value does not have its shape.
pub trait Decode: Sized {
    fn decode(value: &Value) -> Option<Self>;
}

/// Parses JSON text into `T`.
pub fn parse<T: Decode>(text: &str) -> Option<T> {
    T::decode(&backend::parse(text)?)
}

/// Parses JSON text, for a caller that reads it field by field with its own error messages.
pub fn parse_value(text: &str) -> Option<Value> {
    backend::parse(text)
}

impl Value {
    /// A required field.
    pub fn req<T: Decode>(&self, key: &str) -> Option<T> {
        T::decode(&self.get(key)?)
    }

    /// An optional field: `Some(None)` when missing or `null`, `None` when present but
    /// malformed (a wrong shape is an error, as it would be for serde).
    pub fn opt<T: Decode>(&self, key: &str) -> Option<Option<T>> {
        match self.get(key) {
            None => Some(None),
            Some(v) => T::decode(&v).map(Some),
        }
    }

    /// A field with a default (`#[serde(default)]` on the server side).
    pub fn or_default<T: Decode + Default>(&self, key: &str) -> Option<T> {
        self.opt(key).map(Option::unwrap_or_default)
    }
}

// Native only: they compare with serde_json, which the wasm build leaves out. The browser
// backend is exercised by the widget and end-to-end tests against the real server.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
