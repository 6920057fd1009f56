//! A first paint: the widget's first render of an answer, made by the server, which the loader
//! shows before the widget's module has arrived (`GET /v1/sites/{site}/articles/{slug}?paint=true`).
//!
//! It is a tree of elements and texts, never HTML: the loader builds it node by node
//! (`document.createElement`, `setAttribute`, text nodes) and keeps only the tags and
//! attributes it knows, so a backend cannot put a script or a handler on the publisher's page.

use serde::{Deserialize, Serialize};

/// A text, or an element: `["tag", [["name", "value"], …], [children…]]` in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PaintNode {
    Text(String),
    Element(String, Vec<(String, String)>, Vec<PaintNode>),
}
