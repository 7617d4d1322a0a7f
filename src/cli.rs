//! The command line: `serve` (default), `create-admin`, `seed-demo`, `solve` and `backup`.

use std::io::Read;

use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::service::accounts::{self, AdminCreated};
use crate::startup::{Application, build_context};

#[derive(Debug, Parser)]
#[command(
    name = "wijkmatch",
    version,
    about = "Neighbourhood initiative registry and matchmaking"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the HTTP server (the default).
    Serve,
    /// Create an admin account, or promote an existing one (keeping its password).
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// Read the password from standard input (the only way: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Read a weighted bipartite instance (JSON) on stdin; print the optimal assignment.
    Solve,
    /// Copy the SQLite database while the server runs, checked and written atomically.
    /// On PostgreSQL, use pg_dump (the command says how).
    Backup {
        /// Where the copy goes (its directory must exist).
        #[arg(long)]
        to: std::path::PathBuf,
        /// Replace a file that is already there.
        #[arg(long)]
        overwrite: bool,
    },
    /// Fill the database with a deterministic demo set on Groningen's real wijken.
    SeedDemo {
        /// Number of initiatives; volunteers are 5×, key figures ÷10.
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        scale: u32,
        /// Seed of the generator: the same seed gives the same data.
        #[arg(long, default_value_t = 2017)]
        seed: u64,
        /// Add demo data even when the database holds real registry records.
        #[arg(long)]
        force: bool,
    },
}

/// Exit codes: 0 ok, 1 failure, 2 bad input.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILURE: i32 = 1;
pub const EXIT_BAD_INPUT: i32 = 2;

pub fn serve(settings: Settings) -> i32 {
    let _log_guard = match crate::telemetry::init(&settings.log) {
        Ok(guard) => Some(guard),
        Err(e) => {
            eprintln!("configuration error: {e}");
            return EXIT_BAD_INPUT;
        }
    };
    match actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings)?;
        let base = app.base_url();
        println!("wijkmatch is listening on {base}");
        println!("  API:      {base}/api/v1");
        println!("  API docs: {base}/docs/");
        println!("  OpenAPI:  {base}/api-docs/openapi.json");
        tracing::info!(
            port = app.port(),
            backend = app.context().db.backend(),
            "started"
        );
        app.run_until_stopped()
            .await
            .map_err(|e| crate::startup::StartupError::caused("serving", e))
    }) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("wijkmatch: {}", crate::error::chain(&e));
            EXIT_FAILURE
        }
    }
}

pub fn create_admin(settings: Settings, email: &str, stdin: &mut impl Read) -> i32 {
    let mut input = String::new();
    if let Err(e) = stdin.read_to_string(&mut input) {
        eprintln!("cannot read the password from standard input: {e}");
        return EXIT_BAD_INPUT;
    }
    // One line: drop the line ending a shell adds, nothing else (no trimming).
    let password = input
        .strip_suffix("\r\n")
        .or_else(|| input.strip_suffix('\n'))
        .unwrap_or(&input);
    let ctx = match build_context(settings) {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("wijkmatch: {}", crate::error::chain(&e));
            return EXIT_FAILURE;
        }
    };
    let outcome = ctx
        .db
        .get()
        .map_err(crate::error::AppError::from)
        .and_then(|mut conn| {
            accounts::create_admin(&mut conn, &ctx.password_policy, email, password)
        });
    match outcome {
        Ok(AdminCreated::Created(id)) => {
            println!("created admin account {id}");
            EXIT_OK
        }
        Ok(AdminCreated::Promoted(id)) => {
            println!("account {id} is now an admin (password unchanged)");
            EXIT_OK
        }
        Err(crate::error::AppError::Validation(errors)) => {
            for e in errors {
                eprintln!("{}: {}", e.field, e.text);
            }
            EXIT_BAD_INPUT
        }
        Err(e) => {
            eprintln!("wijkmatch: {}", crate::error::chain(&e));
            EXIT_FAILURE
        }
    }
}

pub fn seed_demo(settings: Settings, options: crate::demo::DemoOptions) -> i32 {
    let ctx = match build_context(settings) {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("wijkmatch: {}", crate::error::chain(&e));
            return EXIT_FAILURE;
        }
    };
    let started = std::time::Instant::now();
    let outcome = ctx
        .db
        .get()
        .map_err(crate::error::AppError::from)
        .and_then(|mut conn| crate::demo::seed(&mut conn, options));
    match outcome {
        Ok(summary) => {
            println!(
                "demo data ({} backend, scale {}, seed {}) written in {:.1} s:",
                ctx.db.backend(),
                options.scale,
                options.seed,
                started.elapsed().as_secs_f64()
            );
            println!(
                "  {} initiatives, {} volunteers, {} key figures, {} WIJ contacts, {} offers, {} open requests",
                summary.initiatives,
                summary.volunteers,
                summary.key_figures,
                summary.contacts,
                summary.offers,
                summary.requests
            );
            println!("demo logins (password for all: {}):", summary.password);
            for (email, role) in summary.logins {
                println!("  {email}  ({role})");
            }
            EXIT_OK
        }
        Err(crate::error::AppError::Conflict(message)) => {
            eprintln!("wijkmatch: {message}");
            EXIT_BAD_INPUT
        }
        Err(e) => {
            eprintln!("wijkmatch: {}", crate::error::chain(&e));
            EXIT_FAILURE
        }
    }
}

pub fn backup(settings: Settings, to: &std::path::Path, overwrite: bool) -> i32 {
    use crate::config::DatabaseUrl;
    match settings.database_url() {
        Err(e) => {
            eprintln!("wijkmatch: {}", crate::error::chain(&e));
            EXIT_BAD_INPUT
        }
        Ok(DatabaseUrl::Postgres(_)) => {
            eprintln!(
                "wijkmatch backup copies SQLite databases. For PostgreSQL use pg_dump, e.g.\n  \
                 pg_dump --format=custom --file={} \"$WIJKMATCH__DATABASE__URL\"\n\
                 and restore with pg_restore --clean --dbname=… (see README, Backup and restore).",
                to.display()
            );
            EXIT_BAD_INPUT
        }
        Ok(DatabaseUrl::Sqlite(source)) => {
            match crate::db::backup::sqlite_backup(&source, to, overwrite) {
                Ok(report) => {
                    println!(
                        "backup of {} written to {} ({} bytes, integrity ok, {:.1} s)",
                        source.display(),
                        to.display(),
                        report.bytes,
                        report.took.as_secs_f64()
                    );
                    EXIT_OK
                }
                Err(e) => {
                    eprintln!("wijkmatch backup: {e}");
                    if e.is_bad_input() {
                        EXIT_BAD_INPUT
                    } else {
                        EXIT_FAILURE
                    }
                }
            }
        }
    }
}
