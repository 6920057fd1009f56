//! First-party storage (the host page's `localStorage`) behind one small API. When storage is
//! blocked or full (privacy modes, sandboxed frames), values live in memory for the page, so
//! the widget works and merely forgets on the next page.

use std::cell::RefCell;

thread_local! {
    /// The page-memory copy of every value written: a few keys, so a list.
    static MEMORY: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    let in_memory = MEMORY.with(|m| {
        m.borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    });
    in_memory.or_else(|| local_storage()?.get_item(key).ok().flatten())
}

pub fn set(key: &str, value: &str) {
    MEMORY.with(|m| {
        let mut m = m.borrow_mut();
        m.retain(|(k, _)| k != key);
        m.push((key.to_owned(), value.to_owned()));
    });
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    MEMORY.with(|m| m.borrow_mut().retain(|(k, _)| k != key));
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}
