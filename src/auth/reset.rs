//! Password reset links. A reset's token is a keyed hash of the reset's random id under a
//! key derived from the server's secret: the database keeps only the token's SHA-256, and
//! the outbox only the reset's id, so neither a copy of the database nor a pending e-mail
//! in it gives a working link.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

#[derive(Clone)]
pub struct ResetKey {
    key: Vec<u8>,
}

impl ResetKey {
    pub fn new(secret: &[u8]) -> Self {
        // A separate key, so a reset token is never a form token, a cursor or a JWT.
        let mut mac = hmac(secret);
        mac.update(b"wijkmatch password reset key v1");
        Self {
            key: mac.finalize().into_bytes().to_vec(),
        }
    }

    /// The token of the reset with this id (43 URL-safe characters, 256 bits).
    pub fn token(&self, reset_id: &str) -> String {
        let mut mac = hmac(&self.key);
        mac.update(reset_id.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

/// What the database keeps of a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hmac(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC-SHA256 accepts keys of any length"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_the_id_and_the_secret() {
        let key = ResetKey::new(b"a secret of at least thirty-two bytes!!");
        let other = ResetKey::new(b"another secret of thirty-two bytes or more");
        let token = key.token("id-1");
        assert_eq!(token.len(), 43);
        assert_eq!(token, key.token("id-1"));
        assert_ne!(token, key.token("id-2"));
        assert_ne!(token, other.token("id-1"));
        assert_eq!(token_hash(&token).len(), 64);
        assert_ne!(token_hash(&token), token_hash(&key.token("id-2")));
    }
}
