//! Per-request aliases for volunteers ("Vrijwilliger A"), shown to managers who are not
//! vetted instead of a name and an id.
//!
//! An alias is keyed by a tag: a keyed hash of (request, volunteer). The tag is what is
//! stored, never the volunteer's id, and without the server's secret it cannot be tied to a
//! volunteer or to the same volunteer's tag on another request. Letters are handed out in
//! order (A, B, … Z, AA, AB, …) the first time a volunteer is shown for a request, so one
//! volunteer keeps one letter for that request.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Bytes of the HMAC kept in a tag: collisions within one request are out of reach.
const TAG_BYTES: usize = 16;

/// Makes alias tags with a key derived from the server's secret.
#[derive(Clone)]
pub struct AliasKey {
    key: Vec<u8>,
}

impl AliasKey {
    pub fn new(secret: &[u8]) -> Self {
        // A separate key, so a tag is never usable as a cursor, a token or anything else.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret)
            .unwrap_or_else(|_| unreachable_hmac());
        mac.update(b"wijkmatch volunteer alias key v1");
        Self {
            key: mac.finalize().into_bytes().to_vec(),
        }
    }

    /// The tag of one volunteer on one request (hex).
    pub fn tag(&self, request_id: &str, volunteer_id: &str) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable_hmac());
        // Length-prefixed, so no two (request, volunteer) pairs hash the same input.
        mac.update(&(request_id.len() as u64).to_be_bytes());
        mac.update(request_id.as_bytes());
        mac.update(volunteer_id.as_bytes());
        mac.finalize().into_bytes()[..TAG_BYTES]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The letters of the `ordinal`-th alias (from 0): A … Z, AA … AZ, BA … ZZ, AAA, …
pub fn letters(ordinal: u32) -> String {
    let mut n = u64::from(ordinal) + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The alias shown for the `ordinal`-th volunteer of a request.
pub fn display(ordinal: u32) -> String {
    format!("Vrijwilliger {}", letters(ordinal))
}

// HMAC accepts keys of any length; this cannot happen.
fn unreachable_hmac<T>() -> T {
    unreachable!("HMAC-SHA256 accepts keys of any length")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_past_z_like_spreadsheet_columns() {
        let cases = [
            (0, "A"),
            (1, "B"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
        ];
        for (n, expected) in cases {
            assert_eq!(letters(n), expected, "{n}");
        }
        assert_eq!(display(2), "Vrijwilliger C");
    }

    #[test]
    fn every_ordinal_has_its_own_letters() {
        let all: std::collections::HashSet<String> = (0..5000).map(letters).collect();
        assert_eq!(all.len(), 5000);
    }

    #[test]
    fn tags_are_stable_per_pair_and_unrelated_across_requests_and_keys() {
        let key = AliasKey::new(b"0123456789abcdef0123456789abcdef");
        let t = key.tag("request-1", "volunteer-1");
        assert_eq!(t, key.tag("request-1", "volunteer-1"));
        assert_eq!(t.len(), 2 * TAG_BYTES);
        assert_ne!(t, key.tag("request-2", "volunteer-1"));
        assert_ne!(t, key.tag("request-1", "volunteer-2"));
        // The boundary between the two ids is part of the input.
        assert_ne!(key.tag("ab", "c"), key.tag("a", "bc"));
        let other = AliasKey::new(b"another secret of thirty-two byt");
        assert_ne!(t, other.tag("request-1", "volunteer-1"));
        assert!(!t.contains("volunteer"));
    }
}
