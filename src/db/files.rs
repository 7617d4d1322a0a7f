//! File modes of runtime state: the data directory and the SQLite database (with its
//! `-wal` and `-shm` files) hold private data and password hashes, so only the service's
//! own user may read them, whatever the umask.

use std::fs;
use std::io;
use std::path::Path;

/// Create `dir` (and missing parents) readable by the owner only; an existing one loses
/// any group and world access.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    restrict(dir)
}

/// Create the SQLite file with mode 0600 if it is absent (SQLite gives its `-wal` and
/// `-shm` files the database file's mode), and take group and world access from an
/// existing one and its companions.
pub fn make_database_private(path: &Path) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    drop(options.open(path)?);
    restrict(path)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut companion = path.as_os_str().to_owned();
        companion.push(suffix);
        match restrict(Path::new(&companion)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            other => other?,
        }
    }
    Ok(())
}

/// Remove group and world permissions.
fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            fs::set_permissions(path, fs::Permissions::from_mode(mode & !0o077))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_databases_are_made_private() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("a/data");
        create_private_dir(&data).unwrap();
        assert_eq!(mode(&data), 0o700);
        fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
        create_private_dir(&data).unwrap();
        assert_eq!(mode(&data), 0o700, "an existing directory is tightened");

        let db = data.join("x.db");
        make_database_private(&db).unwrap();
        assert_eq!(mode(&db), 0o600);
        assert_eq!(fs::metadata(&db).unwrap().len(), 0);
        fs::write(&db, b"kept").unwrap();
        fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).unwrap();
        let wal = data.join("x.db-wal");
        fs::write(&wal, b"").unwrap();
        fs::set_permissions(&wal, fs::Permissions::from_mode(0o664)).unwrap();
        make_database_private(&db).unwrap();
        assert_eq!(mode(&db), 0o600, "an existing database is tightened");
        assert_eq!(mode(&wal), 0o600);
        assert_eq!(fs::read(&db).unwrap(), b"kept", "and not truncated");
    }
}
