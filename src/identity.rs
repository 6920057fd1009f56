//! Who the reader is to the backend: the anonymous reader id the meter counts by (random,
//! one per site) and, once signed in, the session token. Both live in first-party storage.

use crate::storage;

fn reader_key(site: &str) -> String {
    format!("kiosque:{site}:reader")
}

fn session_key(site: &str) -> String {
    format!("kiosque:{site}:session")
}

/// The reader id for `site`: the loader's (see [`adopt_reader_id`]).
pub fn reader_id(site: &str) -> Option<String> {
    storage::get(&reader_key(site)).filter(|id| kiosque_protocol::is_valid_reader_id(id))
}

/// The id the loader made or read for its own first request (`www/loader/identity.js` keeps
/// the same key), kept for the page, so it stays the reader's even if storage is cleared or
/// blocked meanwhile. The widget makes none of its own: it is mounted by the loader only.
pub fn adopt_reader_id(site: &str, id: &str) {
    if kiosque_protocol::is_valid_reader_id(id) {
        storage::set(&reader_key(site), id);
    }
}

pub fn session(site: &str) -> Option<String> {
    storage::get(&session_key(site)).filter(|s| !s.is_empty())
}

pub fn set_session(site: &str, token: &str) {
    storage::set(&session_key(site), token);
}

pub fn forget_session(site: &str) {
    storage::remove(&session_key(site));
}

/// 128 random bits from the browser's CSPRNG, as 22 characters of base64url (also the
/// idempotency key of a webinar registration).
pub fn new_id() -> Option<String> {
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
        for i in 0..=chunk.len() {
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
