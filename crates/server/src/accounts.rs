//! Free accounts: sign-in by a one-time code and a link sent by e-mail. Registration and
//! sign-in are the same flow, and answers never reveal whether an address has an account.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// How long an e-mailed code and link stay valid.
pub const CHALLENGE_TTL_SECS: i64 = 15 * 60;
/// How long a session lasts.
pub const SESSION_TTL_SECS: i64 = 30 * 24 * 60 * 60;
/// Wrong codes before a challenge is locked.
pub const MAX_CODE_ATTEMPTS: i64 = 5;
/// The fragment the e-mailed link carries back to the publisher's page.
pub const LINK_FRAGMENT: &str = "kiosque-login";

/// Trimmed and lower-cased, or `None` when it is not an address we can write to.
pub fn normalise_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let plausible = email.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@')
        && email
            .chars()
            .all(|c| c.is_alphanumeric() || "@.!#$%&'*+/=?^_`{|}~-".contains(c));
    plausible.then_some(email)
}

/// Six digits, uniformly drawn.
pub fn new_code() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32))
}

/// 256 random bits as base64url: link tokens and session tokens.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Only hashes of secrets are stored.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A code is hashed with its challenge's link hash, so equal codes hash differently.
pub fn code_hash(link_hash: &str, code: &str) -> String {
    sha256_hex(&format!("{link_hash}:{}", code.trim()))
}

/// Compares two hashes without leaking where they differ.
pub fn same_hash(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The origin (`scheme://host[:port]`) of an http(s) URL.
pub fn origin_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return None;
    }
    Some(parsed.origin().ascii_serialization())
}

/// An origin as a site lists it among those allowed to call its API: `scheme://host[:port]`
/// with an http(s) scheme and nothing more (no path, query, fragment, user or wildcard; a
/// trailing `/` is forgiven). Normalised as browsers send it in `Origin` (lower-case host,
/// default port left out).
pub fn parse_allowed_origin(input: &str) -> Option<String> {
    let input = input.trim();
    if input.contains(['*', '\\']) || input.chars().any(char::is_whitespace) {
        return None;
    }
    let parsed = url::Url::parse(input).ok()?;
    let bare = matches!(parsed.scheme(), "http" | "https")
        && parsed.host_str().is_some()
        && parsed.username().is_empty()
        && parsed.password().is_none()
        && parsed.path() == "/"
        && parsed.query().is_none()
        && parsed.fragment().is_none()
        && !input.ends_with("//")
        && input.trim_end_matches('/').matches('/').count() == 2;
    bare.then(|| parsed.origin().ascii_serialization())
}

/// The page an e-mailed sign-in link leads back to, normalised as browsers read it (the url
/// crate follows the WHATWG URL rules), if it is one of the site's own pages; `None` otherwise.
/// A backslash or a user name is refused outright: browsers and RFC 3986 parsers (mail
/// scanners, some clients) disagree on where such a URL leads. What is mailed is the
/// normalised URL, never the text as sent.
pub fn checked_return_url(
    url: &str,
    allowed_origins: &[String],
    server_origin: &str,
) -> Option<String> {
    if url.contains('\\') || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.host_str().is_none()
        || !parsed.username().is_empty()
        || parsed.password().is_some()
    {
        return None;
    }
    let origin = parsed.origin().ascii_serialization();
    (origin == server_origin || allowed_origins.contains(&origin)).then(|| parsed.to_string())
}

/// `return_url` with the link token in its fragment (never sent to any server by browsers).
pub fn sign_in_link(return_url: &str, link_token: &str) -> String {
    let base = return_url.split('#').next().unwrap_or(return_url);
    format!("{base}#{LINK_FRAGMENT}={link_token}")
}

/// Subject and plain-text body of the sign-in mail, in French typography. The site's name
/// follows "au site" and a colon, never "à" ("à Le Fil Social", "à Les Échos"), so the
/// sentences hold for any name.
pub fn sign_in_mail(site_name: &str, code: &str, link: &str) -> (String, String) {
    let minutes = CHALLENGE_TTL_SECS / 60;
    let subject = format!("{site_name} : votre code de connexion {code}");
    let body = format!(
        "Bonjour,\n\n\
         Voici votre code pour vous connecter au site {site_name} : {code}\n\n\
         Vous pouvez aussi ouvrir ce lien :\n{link}\n\n\
         Le code et le lien sont valables {minutes} minutes et ne servent qu’une fois.\n\
         Si vous n’avez rien demandé, ignorez ce message : aucun compte n’est créé sans lui.\n"
    );
    (
        crate::french::typeset(&subject),
        crate::french::typeset(&body),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_mail_reads_right_for_any_site_name() {
        let (subject, body) = sign_in_mail("Les Échos", "123456", "https://exemple.fr/#k=1");
        assert_eq!(subject, "Les Échos\u{a0}: votre code de connexion 123456");
        assert!(
            body.contains("vous connecter au site Les Échos\u{a0}: 123456"),
            "{body}"
        );
        assert!(!body.contains(" à Les"));
        assert!(
            body.contains("\nhttps://exemple.fr/#k=1\n"),
            "the link as it is"
        );
    }

    #[test]
    fn allowed_origins_are_bare_origins() {
        for (input, origin) in [
            ("https://www.journal.example", "https://www.journal.example"),
            (
                "https://WWW.Journal.example/",
                "https://www.journal.example",
            ),
            ("http://127.0.0.1:8081", "http://127.0.0.1:8081"),
            ("https://journal.example:443", "https://journal.example"),
        ] {
            assert_eq!(
                parse_allowed_origin(input).as_deref(),
                Some(origin),
                "{input}"
            );
        }
        for bad in [
            "",
            "journal.example",
            "ftp://journal.example",
            "https://*.journal.example",
            "*",
            "https://journal.example/articles",
            "https://journal.example/?x=1",
            "https://journal.example#top",
            "https://user@journal.example",
            "https://journal.example\\@evil.example",
            "https://journal.example//",
            "null",
        ] {
            assert_eq!(parse_allowed_origin(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn normalises_and_checks_addresses() {
        assert_eq!(
            normalise_email("  Marie.Curie@Example.ORG "),
            Some("marie.curie@example.org".into())
        );
        assert_eq!(
            normalise_email("élodie@exemple.fr"),
            Some("élodie@exemple.fr".into())
        );
        for bad in [
            "",
            "nobody",
            "a@b",
            "@example.org",
            "a@@example.org",
            "a b@example.org",
            "a@example..org",
            "<a@example.org>",
        ] {
            assert_eq!(normalise_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn codes_are_six_digits_and_secrets_are_long() {
        for _ in 0..100 {
            let code = new_code();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
        assert_eq!(new_secret().len(), 43);
        assert_ne!(new_secret(), new_secret());
    }

    #[test]
    fn code_hashes_depend_on_the_challenge() {
        assert_ne!(code_hash("a", "123456"), code_hash("b", "123456"));
        assert!(same_hash(
            &code_hash("a", " 123456 "),
            &code_hash("a", "123456")
        ));
        assert!(!same_hash("abc", "abd"));
    }

    #[test]
    fn links_only_lead_back_to_the_site() {
        let allowed = vec!["https://www.journal.example".to_owned()];
        let server = "http://127.0.0.1:8080";
        assert_eq!(
            checked_return_url("https://www.journal.example/a/b?x=1", &allowed, server).as_deref(),
            Some("https://www.journal.example/a/b?x=1")
        );
        assert_eq!(
            checked_return_url("HTTP://127.0.0.1:8080/articles/x", &allowed, server).as_deref(),
            Some("http://127.0.0.1:8080/articles/x"),
            "normalised"
        );
        for bad in [
            "https://evil.example/",
            "javascript:alert(1)",
            "https://www.journal.example.evil.example/",
            "//www.journal.example/",
            // A browser opens the first host; an RFC 3986 parser reads evil.example.
            "http://127.0.0.1:8080\\@evil.example/",
            "https://www.journal.example\\.evil.example/",
            "https://user@www.journal.example/",
            "https://user:pass@www.journal.example/",
            "https://www.journal.example/a b",
            "https://www.journal.example/\n",
        ] {
            assert_eq!(checked_return_url(bad, &allowed, server), None, "{bad:?}");
        }
        assert_eq!(
            sign_in_link("https://www.journal.example/a#old", "TOKEN"),
            "https://www.journal.example/a#kiosque-login=TOKEN"
        );
    }
}
