//! The token signing key: from configuration, or generated once into the data directory.

use std::fs;
use std::io::Write;
use std::path::Path;

use secrecy::{ExposeSecret, SecretBox, SecretString};

const KEY_FILE: &str = "jwt.key";

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct KeyError(String);

/// The configured secret, or the one in `<data_dir>/jwt.key`, created (mode 0600) with 32
/// bytes from the OS random generator when absent.
pub fn load_or_generate(
    configured: &SecretString,
    data_dir: &Path,
) -> Result<SecretBox<Vec<u8>>, KeyError> {
    let configured = configured.expose_secret();
    if !configured.is_empty() {
        return Ok(SecretBox::new(Box::new(configured.as_bytes().to_vec())));
    }
    let path = data_dir.join(KEY_FILE);
    match fs::read_to_string(&path) {
        Ok(text) => {
            let key = unhex(text.trim())
                .filter(|k| k.len() >= 32)
                .ok_or_else(|| {
                    KeyError(format!(
                        "{}: not a hex key of at least 32 bytes",
                        path.display()
                    ))
                })?;
            Ok(SecretBox::new(Box::new(key)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key: [u8; 32] = rand::random();
            write_private(&path, &super::hashing::hex(&key))
                .map_err(|e| KeyError(format!("cannot write {}: {e}", path.display())))?;
            Ok(SecretBox::new(Box::new(key.to_vec())))
        }
        Err(e) => Err(KeyError(format!("cannot read {}: {e}", path.display()))),
    }
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_is_private_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let empty = SecretString::from("");
        let first = load_or_generate(&empty, dir.path()).unwrap();
        let second = load_or_generate(&empty, dir.path()).unwrap();
        assert_eq!(first.expose_secret().len(), 32);
        assert_eq!(first.expose_secret(), second.expose_secret());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_configured_key_wins() {
        let dir = tempfile::tempdir().unwrap();
        let key = SecretString::from("k".repeat(40));
        let loaded = load_or_generate(&key, dir.path()).unwrap();
        assert_eq!(loaded.expose_secret().len(), 40);
        assert!(!dir.path().join(KEY_FILE).exists());
    }
}
