//! argon2id with the OWASP parameters (m=19456 KiB, t=2, p=1), run off the async workers and
//! behind a semaphore, so a login flood cannot ask for gigabytes of hashing memory.

use std::sync::Arc;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// The hasher: the parameters in force and the concurrency cap.
#[derive(Clone)]
pub struct PasswordHasherPool {
    permits: Arc<Semaphore>,
    /// A hash of a random password, verified against when the account does not exist, so
    /// unknown emails take as long as wrong passwords.
    dummy_hash: Arc<String>,
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
        let random: [u8; 24] = rand::random();
        let dummy_hash = hash(&hex(&random))?;
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency)),
            dummy_hash: Arc::new(dummy_hash),
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
        &self.dummy_hash
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

pub fn verify(password: &str, stored: &str) -> Verified {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Verified::No;
    };
    if argon2()
        .verify_password(password.as_bytes(), &parsed)
        .is_err()
    {
        return Verified::No;
    }
    let current = Params::default();
    let param = |name: &str| parsed.params.get_decimal(name);
    let up_to_date = parsed.algorithm.as_str() == "argon2id"
        && param("m") == Some(current.m_cost())
        && param("t") == Some(current.t_cost())
        && param("p") == Some(current.p_cost());
    if up_to_date {
        Verified::Yes
    } else {
        Verified::YesButOutdated
    }
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
