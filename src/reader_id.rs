//! The anonymous reader id the meter counts by: random, first-party (the host page's own
//! `localStorage`), one per site. When storage is blocked (some privacy modes, sandboxed
//! frames) the id lives for the page only, and the reader is simply a new reader next time.

use std::cell::RefCell;

thread_local! {
    /// Ids of this page, by site: every placeholder of a page is the same reader. A page has
    /// one site or two, so a list beats a map (and its hasher) in download size.
    static PAGE_IDS: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// The reader id for `site`: kept in storage when possible, made once otherwise.
pub fn reader_id(site: &str) -> Option<String> {
    let known = PAGE_IDS.with(|ids| {
        let ids = ids.borrow();
        ids.iter()
            .find(|(s, _)| s == site)
            .map(|(_, id)| id.clone())
    });
    if let Some(id) = known {
        return Some(id);
    }
    let key = format!("kiosque:{site}:reader");
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let stored = storage
        .as_ref()
        .and_then(|s| s.get_item(&key).ok().flatten())
        .filter(|id| kiosque_protocol::is_valid_reader_id(id));
    let id = match stored {
        Some(id) => id,
        None => {
            let id = new_id()?;
            if let Some(storage) = &storage {
                // A full or blocked storage only costs the reader their meter history.
                let _ = storage.set_item(&key, &id);
            }
            id
        }
    };
    PAGE_IDS.with(|ids| ids.borrow_mut().push((site.to_owned(), id.clone())));
    Some(id)
}

/// 128 random bits from the browser's CSPRNG, as 22 characters of base64url.
fn new_id() -> Option<String> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; 16];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(base64url(&bytes))
}

/// Unpadded base64url.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64url;

    #[test]
    fn encodes_base64url_without_padding() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        let id = base64url(&[7u8; 16]);
        assert_eq!(id.len(), 22);
        assert!(kiosque_protocol::is_valid_reader_id(&id));
    }
}
