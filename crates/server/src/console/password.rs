//! Passwords: argon2id hashes as PHC strings, the length policy, one-time passwords.
//!
//! Hashing is slow on purpose (about 19 MiB and two passes each): it runs on the blocking
//! pool, a few at a time, so a burst of sign-ins neither stalls the server nor exhausts memory.

use anyhow::Context;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::{Rng, RngCore};
use tokio::sync::Semaphore;

/// Shortest password accepted, in characters.
pub const MIN_CHARS: usize = 12;
/// Longest password accepted, in characters: enough for any passphrase, and a bound on the
/// work one request can ask for.
pub const MAX_CHARS: usize = 256;

/// Hashes being computed at once; the others wait their turn.
static HASHING: Semaphore = Semaphore::const_new(4);

/// The hash an unknown address is checked against, so that a wrong address takes as long as a
/// wrong password. Made with the same parameters as real hashes (a unit test checks it) from a
/// password nobody knows.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$jtoZc+vyg8SsbBrUYoHhdQ$+CVdenStFuQ0hvYHYQIz8SlP8YxPcQCxnduTwn8UJDY";

/// argon2's defaults: Argon2id, version 19, m=19456 KiB, t=2, p=1 (OWASP's recommendation).
fn argon2() -> Argon2<'static> {
    Argon2::default()
}

fn hash_now(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let hash = argon2()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
    Ok(hash.to_string())
}

fn verify_now(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// The argon2id PHC string of `password`.
pub async fn hash(password: String) -> anyhow::Result<String> {
    let _turn = HASHING.acquire().await.context("hashing queue closed")?;
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .context("hashing task")?
}

/// Whether `password` matches `phc`; without a hash (unknown address, disabled user), checks
/// it against a dummy hash all the same and answers `false`, taking the same time.
pub async fn verify(password: String, phc: Option<String>) -> anyhow::Result<bool> {
    let _turn = HASHING.acquire().await.context("hashing queue closed")?;
    tokio::task::spawn_blocking(move || match phc {
        Some(phc) => verify_now(&password, &phc),
        None => {
            verify_now(&password, DUMMY_HASH);
            false
        }
    })
    .await
    .context("verifying task")
}

/// Whether a new password is long enough and not absurdly long: `Err(Some(MIN_CHARS))` when
/// too short, `Err(None)` when too long.
pub fn check_length(password: &str) -> Result<(), Option<usize>> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        Err(Some(MIN_CHARS))
    } else if chars > MAX_CHARS {
        Err(None)
    } else {
        Ok(())
    }
}

/// A one-time password: four groups of five characters without look-alikes (no 0/o, 1/l/i),
/// about 99 bits, easy to read out over the phone.
pub fn one_time() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let groups: Vec<String> = (0..4)
        .map(|_| {
            (0..5)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect()
        })
        .collect();
    groups.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_phc_strings_that_verify() {
        let hash = hash_now("correct horse battery").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_now("correct horse battery", &hash));
        assert!(!verify_now("correct horse batterie", &hash));
        assert!(!verify_now("anything", "not a hash"));
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let real = hash_now("whatever it is").unwrap();
        let params = |phc: &str| phc.split('$').take(4).collect::<Vec<_>>().join("$");
        assert_eq!(params(DUMMY_HASH), params(&real));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn lengths_and_one_time_passwords() {
        assert_eq!(check_length("short"), Err(Some(12)));
        assert_eq!(check_length("exactly12chr"), Ok(()));
        assert_eq!(
            check_length("éééééééééééé"),
            Ok(()),
            "counted in characters"
        );
        assert_eq!(check_length(&"x".repeat(257)), Err(None));
        let otp = one_time();
        assert_eq!(otp.len(), 23);
        assert!(check_length(&otp).is_ok());
        assert_ne!(otp, one_time());
    }
}
