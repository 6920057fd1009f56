//! Entitlement tokens: how a publisher's site vouches for a subscriber.
//!
//! The format is a JWT signed with HMAC-SHA256 (`alg: HS256`) with the site's
//! `entitlement_key`, so any JWT library can issue one. Claims:
//!
//! | claim | meaning |
//! | --- | --- |
//! | `aud` | the Kiosque site id; a token for another site is refused |
//! | `sub` | the publisher's own id for the reader (used for revocation; not personal data) |
//! | `iat`, `exp` | Unix seconds; `exp - iat` may not exceed the site's maximum lifetime |
//! | `scope` | absent for readers; `"revoke"` for the server-to-server revocation call |
//!
//! Verification accepts nothing but HS256 (no `none`, no algorithm confusion), compares the
//! signature in constant time, and allows 60 seconds of clock skew.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use kiosque_protocol::ErrorCode;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Clock skew tolerated between the publisher's servers and ours, in seconds.
pub const LEEWAY_SECS: i64 = 60;
/// The earliest `iat` accepted: 2000-01-01T00:00:00Z.
const EARLIEST_IAT: i64 = 946_684_800;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub aud: String,
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

/// What verification needs to know about the site.
pub struct Verifier<'a> {
    pub site: &'a str,
    pub key: &'a [u8],
    pub max_lifetime_secs: i64,
}

impl Verifier<'_> {
    /// Checks form, signature, audience and times. Revocation is checked by the caller, which
    /// owns the store.
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, ErrorCode> {
        let invalid = ErrorCode::EntitlementInvalid;
        let token = token.trim();
        let (signing_input, signature) = token.rsplit_once('.').ok_or(invalid)?;
        let (header, payload) = signing_input.split_once('.').ok_or(invalid)?;
        if payload.contains('.') {
            return Err(invalid);
        }
        let header: Header = decode_json(header).ok_or(invalid)?;
        if header.alg != "HS256" {
            return Err(invalid);
        }
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| invalid)?;
        let mut mac = hmac(self.key);
        mac.update(signing_input.as_bytes());
        mac.verify_slice(&signature).map_err(|_| invalid)?;

        let claims: Claims = decode_json(payload).ok_or(invalid)?;
        if claims.aud != self.site {
            return Err(ErrorCode::EntitlementWrongSite);
        }
        // `iat` is a real issuing time: not in the future, not before 2000 (a token claiming
        // 1970 or -2^63 is a forgery attempt or a bug, and would make the lifetime overflow).
        if claims.sub.is_empty()
            || claims.iat > now.saturating_add(LEEWAY_SECS)
            || claims.iat < EARLIEST_IAT
        {
            return Err(invalid);
        }
        // Checked arithmetic: no claim value can wrap a comparison around.
        let lifetime = claims.exp.checked_sub(claims.iat);
        if claims.exp.saturating_add(LEEWAY_SECS) <= now
            || lifetime.is_none_or(|l| l > self.max_lifetime_secs)
        {
            return Err(ErrorCode::EntitlementExpired);
        }
        Ok(claims)
    }
}

/// Signs `claims` as an HS256 JWT: what a publisher's backend does (the demo's does it too).
pub fn sign(claims: &Claims, key: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialise"));
    let signing_input = format!("{header}.{payload}");
    let mut mac = hmac(key);
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

fn hmac(key: &[u8]) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length")
}

fn decode_json<T: for<'de> Deserialize<'de>>(part: &str) -> Option<T> {
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"test key";
    const NOW: i64 = 1_800_000_000;

    fn verifier() -> Verifier<'static> {
        Verifier {
            site: "demo",
            key: KEY,
            max_lifetime_secs: 3600,
        }
    }

    fn claims() -> Claims {
        Claims {
            aud: "demo".into(),
            sub: "reader-42".into(),
            iat: NOW - 10,
            exp: NOW + 600,
            scope: None,
        }
    }

    #[test]
    fn a_well_signed_token_is_accepted() {
        let token = sign(&claims(), KEY);
        assert_eq!(verifier().verify(&token, NOW), Ok(claims()));
    }

    #[test]
    fn a_token_signed_with_another_key_is_invalid() {
        let token = sign(&claims(), b"other key");
        assert_eq!(
            verifier().verify(&token, NOW),
            Err(ErrorCode::EntitlementInvalid)
        );
    }

    #[test]
    fn a_tampered_payload_is_invalid() {
        let token = sign(&claims(), KEY);
        let mut forged = claims();
        forged.sub = "someone-else".into();
        let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
        let parts: Vec<&str> = token.split('.').collect();
        let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        assert_eq!(
            verifier().verify(&tampered, NOW),
            Err(ErrorCode::EntitlementInvalid)
        );
    }

    #[test]
    fn alg_none_and_garbage_are_invalid() {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims()).unwrap());
        let none = format!(
            "{}.{payload}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#)
        );
        for token in [none.as_str(), "", "a.b", "a.b.c.d", "not a token at all"] {
            assert_eq!(
                verifier().verify(token, NOW),
                Err(ErrorCode::EntitlementInvalid),
                "{token}"
            );
        }
    }

    #[test]
    fn claims_that_would_overflow_are_refused() {
        let mut ancient = claims();
        ancient.iat = i64::MIN;
        ancient.exp = NOW + 10 * 365 * 86_400;
        assert_eq!(
            verifier().verify(&sign(&ancient, KEY), NOW),
            Err(ErrorCode::EntitlementInvalid)
        );
        let mut epoch = claims();
        epoch.iat = 0;
        assert_eq!(
            verifier().verify(&sign(&epoch, KEY), NOW),
            Err(ErrorCode::EntitlementInvalid)
        );
        let mut endless = claims();
        endless.exp = i64::MAX;
        assert_eq!(
            verifier().verify(&sign(&endless, KEY), NOW),
            Err(ErrorCode::EntitlementExpired)
        );
        let mut before = claims();
        before.exp = i64::MIN;
        assert_eq!(
            verifier().verify(&sign(&before, KEY), NOW),
            Err(ErrorCode::EntitlementExpired)
        );
    }

    #[test]
    fn expiry_lifetime_and_audience_are_enforced() {
        let mut expired = claims();
        expired.exp = NOW - LEEWAY_SECS;
        assert_eq!(
            verifier().verify(&sign(&expired, KEY), NOW),
            Err(ErrorCode::EntitlementExpired)
        );
        let mut within_skew = claims();
        within_skew.exp = NOW - LEEWAY_SECS + 1;
        assert!(verifier().verify(&sign(&within_skew, KEY), NOW).is_ok());

        let mut too_long = claims();
        too_long.exp = too_long.iat + 3601;
        assert_eq!(
            verifier().verify(&sign(&too_long, KEY), NOW),
            Err(ErrorCode::EntitlementExpired)
        );

        let mut other_site = claims();
        other_site.aud = "other".into();
        assert_eq!(
            verifier().verify(&sign(&other_site, KEY), NOW),
            Err(ErrorCode::EntitlementWrongSite)
        );

        let mut from_the_future = claims();
        from_the_future.iat = NOW + 3600;
        from_the_future.exp = NOW + 3700;
        assert_eq!(
            verifier().verify(&sign(&from_the_future, KEY), NOW),
            Err(ErrorCode::EntitlementInvalid)
        );
    }
}
