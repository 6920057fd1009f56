//! Kiosque reader widget: yew components mounted by the loader (`www/loader`) into a shadow
//! root on each `[data-kiosque]` placeholder.
//!
//! Layers: `components` (view) → `hooks` (a placeholder's requests, answers turned into
//! actions) → `state` (pure reducers, no DOM) and `api` (the only HTTP) → `kiosque_protocol`
//! (wire types). `host_events` is the only code that talks to the host page.

// A module of one kind leaves the other kinds' code unused (and out of the wasm).
#![cfg_attr(
    not(all(feature = "every-kind", feature = "survey")),
    allow(dead_code, unused_imports)
)]

pub mod api;
pub mod components;
#[cfg(not(target_arch = "wasm32"))]
pub mod first_paint;
pub mod hooks;
pub mod host_events;
pub mod i18n;
pub mod identity;
pub mod options;
pub mod reader_actions;
pub mod state;
pub mod storage;
mod when;
mod wire;

use wasm_bindgen::prelude::*;

use crate::components::{App, AppProps};
use crate::options::MountOptions;

/// A mounted placeholder; the loader keeps it to unmount later.
#[wasm_bindgen]
pub struct Mounted {
    handle: Option<yew::AppHandle<App>>,
}

#[wasm_bindgen]
impl Mounted {
    /// Tears the component down; safe to call twice.
    pub fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}

/// Mounts the component for `options_json` (see [`MountOptions`]) into `container`, an
/// element inside the open shadow root of `host`, the placeholder itself. Errors are returned
/// to the loader, which logs them; nothing here throws into the host page.
#[wasm_bindgen]
pub fn mount(
    host: web_sys::Element,
    container: web_sys::Element,
    options_json: &str,
) -> Result<Mounted, JsError> {
    install_panic_hook();
    let mut options = MountOptions::from_json(options_json).map_err(|e| JsError::new(&e))?;
    if !options.kind.in_this_module() {
        return Err(JsError::new(
            "this module of the widget does not show this kind of placeholder",
        ));
    }
    if let Some(session) = options.session.take().filter(|s| !s.is_empty()) {
        crate::identity::set_session(&options.site, &session);
    }
    // The loader made or read the reader id for its own first request: the same one here,
    // even where storage is blocked and each side would otherwise make its own.
    if let Some(id) = options.reader_id.take() {
        crate::identity::adopt_reader_id(&options.site, &id);
    }
    // Offers the loader fetched are on screen as soon as the placeholder renders.
    let placed = (options.kind == options::PlaceholderKind::Offers)
        .then(|| (options.offers.clone(), options.placement));
    let props = AppProps {
        host: host.clone(),
        options,
    };
    let handle = yew::Renderer::<App>::with_root_and_props(container, props).render();
    #[cfg(feature = "offers")]
    if let Some((offers, placement)) = placed {
        components::announce_offers(&host, &offers, placement);
    }
    #[cfg(not(feature = "offers"))]
    let _ = placed;
    Ok(Mounted {
        handle: Some(handle),
    })
}

/// A panic is a bug: say so in the console with our prefix rather than a bare trap.
fn install_panic_hook() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if !INSTALLED.swap(true, Ordering::Relaxed) {
        std::panic::set_hook(Box::new(|info| {
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .copied()
                .unwrap_or("panic");
            web_sys::console::error_2(&"[kiosque] internal error:".into(), &message.into());
        }));
    }
}

// talc: smaller than std's dlmalloc in the download, made for single-threaded wasm.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };
