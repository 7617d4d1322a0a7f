//! argon2id with the OWASP parameters (m=19456 KiB, t=2, p=1), run off the async workers and
//! behind a semaphore, so a login flood cannot ask for gigabytes of hashing memory.

use std::sync::{Arc, OnceLock};

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{self, PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// The hasher: the parameters in force and the concurrency cap.
#[derive(Clone)]
pub struct PasswordHasherPool {
    permits: Arc<Semaphore>,
}

/// A hash of a random password, verified against whenever there is no usable hash (an
/// unknown email, a stored value that is no PHC string), so those take as long as a wrong
/// password.
static DUMMY_HASH: OnceLock<String> = OnceLock::new();

fn dummy_hash() -> &'static str {
    DUMMY_HASH.get_or_init(|| {
        let random: [u8; 24] = rand::random();
        hash(&hex(&random)).unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot make the dummy hash");
            String::new()
        })
    })
}

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

impl PasswordHasherPool {
    pub fn new(concurrency: usize) -> Result<Self, HashError> {
        let concurrency = if concurrency == 0 {
            std::thread::available_parallelism().map_or(2, |n| n.get())
        } else {
            concurrency
        };
        // Made now, so the first login does not pay for it.
        if dummy_hash().is_empty() {
            return Err(HashError("cannot make the dummy hash".into()));
        }
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency)),
        })
    }

    /// Wait for a hashing slot; hold it while the blocking work runs.
    pub async fn permit(&self) -> OwnedSemaphorePermit {
        match Arc::clone(&self.permits).acquire_owned().await {
            Ok(permit) => permit,
            // The semaphore is never closed.
            Err(_) => unreachable!("hashing semaphore closed"),
        }
    }

    pub fn dummy_hash(&self) -> &str {
        dummy_hash()
    }
}

/// Hash a password into a PHC string with a fresh random salt.
pub fn hash(password: &str) -> Result<String, HashError> {
    argon2()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    No,
    Yes,
    /// Correct, but stored with other parameters: rehash it now.
    YesButOutdated,
}

/// Check `password` against a stored PHC string. A stored value that cannot be parsed or
/// verified (a placeholder, another algorithm, bad parameters) is `No`, after as much work
/// as a real verification: timing must not tell which accounts have no usable hash.
pub fn verify(password: &str, stored: &str) -> Verified {
    match verify_phc(password, stored) {
        Some(verified) => verified,
        None => {
            let _ = verify_phc(password, dummy_hash());
            Verified::No
        }
    }
}

/// `None` when `stored` is no hash this verifier can check.
fn verify_phc(password: &str, stored: &str) -> Option<Verified> {
    let parsed = PasswordHash::new(stored).ok()?;
    // The verifier answers "invalid password" at once, without hashing, when the salt or
    // the output is missing or the parameters are unreadable: that is no verification.
    let argon2_family = matches!(
        parsed.algorithm.as_str(),
        "argon2id" | "argon2i" | "argon2d"
    );
    if !argon2_family
        || parsed.salt.is_none()
        || parsed.hash.is_none()
        || Params::try_from(&parsed).is_err()
    {
        return None;
    }
    match argon2().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => {}
        Err(password_hash::Error::PasswordInvalid) => return Some(Verified::No),
        Err(_) => return None,
    }
    let current = Params::default();
    let param = |name: &str| parsed.params.get_decimal(name);
    let up_to_date = parsed.algorithm.as_str() == "argon2id"
        && param("m") == Some(current.m_cost())
        && param("t") == Some(current.t_cost())
        && param("p") == Some(current.p_cost());
    Some(if up_to_date {
        Verified::Yes
    } else {
        Verified::YesButOutdated
    })
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_use_the_owasp_parameters_and_verify() {
        let h = hash("paarse koffie op de fiets").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert_eq!(verify("paarse koffie op de fiets", &h), Verified::Yes);
        assert_eq!(verify("paarse koffie op de fietS", &h), Verified::No);
        assert_eq!(verify("x", "not a hash"), Verified::No);
        assert_eq!(
            verify("x", "$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA"),
            Verified::No
        );
        assert_eq!(
            verify("x", "$argon2id$v=19$m=1,t=0,p=0$c2FsdHNhbHQ$aGFzaA"),
            Verified::No
        );
    }

    #[test]
    fn an_unusable_stored_hash_costs_a_verification_too() {
        let real = hash("paarse koffie op de fiets").unwrap();
        let timed = |stored: &str| {
            let started = std::time::Instant::now();
            assert_eq!(verify("iets anders", stored), Verified::No);
            started.elapsed()
        };
        for unusable in [
            "",
            "not a hash",
            "$2b$12$abcdefghijklmnopqrstuv",
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ",
            "$argon2id$v=19$m=1,t=0,p=0$c2FsdHNhbHQ$aGFzaA",
        ] {
            // Interleaved and the fastest of five, against a noisy machine; the margin is
            // generous because a skipped verification is a thousand times faster, not four.
            let (mut fastest_real, mut fastest_unusable) =
                (std::time::Duration::MAX, std::time::Duration::MAX);
            for _ in 0..5 {
                fastest_real = fastest_real.min(timed(&real));
                fastest_unusable = fastest_unusable.min(timed(unusable));
            }
            assert!(
                fastest_unusable * 4 >= fastest_real,
                "{unusable:?} answered in {fastest_unusable:?}, a verification takes {fastest_real:?}"
            );
        }
    }

    #[test]
    fn weaker_stored_parameters_ask_for_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        )
        .hash_password(b"paarse koffie op de fiets")
        .unwrap()
        .to_string();
        assert_eq!(
            verify("paarse koffie op de fiets", &weak),
            Verified::YesButOutdated
        );
    }
}
