//! Online backups of the SQLite database: a consistent copy taken while the server keeps
//! serving writes, checked, and put in place atomically. (PostgreSQL has `pg_dump`.)

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the database `{}` does not exist", .0.display())]
    NoDatabase(PathBuf),
    #[error("the directory of `{}` does not exist", .0.display())]
    NoTargetDirectory(PathBuf),
    #[error("`{}` exists already; pass --overwrite to replace it", .0.display())]
    TargetExists(PathBuf),
    #[error("the copy failed its integrity check: {0}")]
    Integrity(String),
    #[error("{what}: {source}")]
    Io {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("{what}: {source}")]
    Database {
        what: &'static str,
        #[source]
        source: diesel::result::Error,
    },
    #[error("cannot open the database: {0}")]
    Connect(#[source] diesel::ConnectionError),
}

impl BackupError {
    /// Whether the operator asked for something impossible (exit 2) rather than the copy
    /// failing (exit 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Self::NoDatabase(_) | Self::NoTargetDirectory(_) | Self::TargetExists(_)
        )
    }
}

#[derive(Debug)]
pub struct BackupReport {
    pub bytes: u64,
    pub took: Duration,
}

fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> BackupError {
    move |source| BackupError::Io { what, source }
}

/// Copy the SQLite database at `source` to `target`. `VACUUM INTO` reads one snapshot (under
/// WAL, writers go on meanwhile) into a temporary file beside the target, created 0600 since
/// it holds private parts and password hashes; `PRAGMA integrity_check` must answer `ok`;
/// the file is synced, renamed over the target and the directory synced, so the target is
/// either the old file or a complete new one.
pub fn sqlite_backup(
    source: &Path,
    target: &Path,
    overwrite: bool,
) -> Result<BackupReport, BackupError> {
    let started = Instant::now();
    if !source.is_file() {
        return Err(BackupError::NoDatabase(source.to_owned()));
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(BackupError::NoTargetDirectory(target.to_owned()));
    }
    if target.exists() && !overwrite {
        return Err(BackupError::TargetExists(target.to_owned()));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".to_owned());
    let partial = dir.join(format!(".{name}.partial-{}", uuid::Uuid::new_v4().simple()));
    let outcome = copy_and_check(source, &partial).and_then(|()| {
        File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(io("syncing the copy"))?;
        fs::rename(&partial, target).map_err(io("moving the copy into place"))?;
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io("syncing the target directory"))
    });
    if outcome.is_err() {
        let _ = fs::remove_file(&partial);
    }
    outcome?;
    let bytes = fs::metadata(target).map_err(io("reading the copy"))?.len();
    Ok(BackupReport {
        bytes,
        took: started.elapsed(),
    })
}

fn copy_and_check(source: &Path, partial: &Path) -> Result<(), BackupError> {
    // VACUUM INTO writes into an empty existing file, which keeps the mode given here.
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    drop(options.open(partial).map_err(io("creating the copy"))?);

    let mut conn =
        SqliteConnection::establish(&source.to_string_lossy()).map_err(BackupError::Connect)?;
    conn.batch_execute("PRAGMA busy_timeout = 5000;")
        .map_err(|source| BackupError::Database {
            what: "configuring the connection",
            source,
        })?;
    let literal = partial.to_string_lossy().replace('\'', "''");
    conn.batch_execute(&format!("VACUUM INTO '{literal}'"))
        .map_err(|source| BackupError::Database {
            what: "copying",
            source,
        })?;
    drop(conn);

    #[derive(QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let mut copy =
        SqliteConnection::establish(&partial.to_string_lossy()).map_err(BackupError::Connect)?;
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut copy)
        .map_err(|source| BackupError::Database {
            what: "checking the copy",
            source,
        })?;
    let findings: Vec<String> = rows.into_iter().map(|r| r.integrity_check).collect();
    if findings != ["ok"] {
        return Err(BackupError::Integrity(findings.join("; ")));
    }
    Ok(())
}
