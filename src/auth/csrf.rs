//! Tokens against cross-site request forgery for the web pages' forms.
//!
//! A token is a keyed hash of what it is bound to: the session id for a logged-in visitor,
//! or a random value kept in a cookie for an anonymous one (the login and registration
//! forms). A page from another site can neither read the token nor make one, so a form it
//! posts is refused. Tokens need no storage: the server recomputes and compares them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Makes and checks form tokens with a key derived from the server's secret.
#[derive(Clone)]
pub struct CsrfKey {
    key: Vec<u8>,
}

/// What a token is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding<'a> {
    /// A logged-in visitor's session id.
    Session(&'a str),
    /// An anonymous visitor's random cookie value.
    Anonymous(&'a str),
}

impl CsrfKey {
    pub fn new(secret: &[u8]) -> Self {
        // A separate key, so a form token is never usable as a cursor, a tag or a JWT.
        let mut mac = hmac(secret);
        mac.update(b"wijkmatch csrf key v1");
        Self {
            key: mac.finalize().into_bytes().to_vec(),
        }
    }

    fn mac(&self, binding: Binding<'_>) -> Hmac<Sha256> {
        let mut mac = hmac(&self.key);
        let (kind, value) = match binding {
            Binding::Session(id) => (b's', id),
            Binding::Anonymous(value) => (b'a', value),
        };
        mac.update(&[kind]);
        mac.update(value.as_bytes());
        mac
    }

    /// The token for forms shown to this binding.
    pub fn token(&self, binding: Binding<'_>) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(binding).finalize().into_bytes())
    }

    /// Whether `token` was made for this binding (compared in constant time).
    pub fn verify(&self, binding: Binding<'_>, token: &str) -> bool {
        match URL_SAFE_NO_PAD.decode(token) {
            Ok(bytes) => self.mac(binding).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

fn hmac(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC-SHA256 accepts keys of any length"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_fits_only_its_own_binding_and_key() {
        let key = CsrfKey::new(b"0123456789abcdef0123456789abcdef");
        let token = key.token(Binding::Session("s1"));
        assert!(key.verify(Binding::Session("s1"), &token));
        assert!(!key.verify(Binding::Session("s2"), &token));
        assert!(
            !key.verify(Binding::Anonymous("s1"), &token),
            "kinds differ"
        );
        assert!(!key.verify(Binding::Session("s1"), ""));
        assert!(!key.verify(Binding::Session("s1"), "not base64!"));
        assert!(!key.verify(Binding::Session("s1"), &token[..token.len() - 2]));
        let other = CsrfKey::new(b"another secret of thirty-two byte");
        assert!(!other.verify(Binding::Session("s1"), &token));
    }
}
