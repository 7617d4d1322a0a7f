//! Typed settings, layered: compiled-in defaults (`config/default.toml`), an optional
//! `config/local.toml`, then `WIJKMATCH__SECTION__KEY` environment variables. Settings are
//! loaded once in `main` and passed explicitly, so tests can vary them freely.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Deserialize;

/// The documented defaults, compiled in so the binary runs from any working directory.
pub const DEFAULTS_TOML: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub storage: StorageSettings,
    pub auth: AuthSettings,
    pub limits: LimitSettings,
    pub privacy: PrivacySettings,
    pub log: LogSettings,
    pub metrics: MetricsSettings,
    pub mail: MailSettings,
    pub web: WebSettings,
    pub matching: crate::matching::MatchingConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub workers: usize,
    pub trusted_proxies: Vec<IpAddr>,
    pub cors_allowed_origins: Vec<String>,
    pub shutdown_timeout_secs: u64,
    pub secure_cookies: SecureCookies,
}

/// When the web pages' cookies carry `Secure` (sent over HTTPS only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecureCookies {
    /// When the request came over TLS: its own scheme, or `X-Forwarded-Proto: https` from a
    /// trusted proxy.
    Auto,
    Always,
    /// Plain HTTP on a developer's machine only.
    Never,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: SecretString,
    pub pool_size: u32,
    pub checkout_timeout_secs: u64,
    pub sqlite_max_size_mb: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSettings {
    pub data_dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    pub jwt_secret: SecretString,
    pub issuer: String,
    pub audience: String,
    pub idle_timeout_minutes: i64,
    pub volunteer_session_hours: i64,
    pub staff_session_hours: i64,
    pub max_sessions_per_account: i64,
    pub hash_concurrency: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    pub login_failures_per_account: u32,
    pub login_failures_per_address: u32,
    pub registrations_per_address_per_hour: u32,
    pub exports_per_day: u32,
    pub applications_per_hour: u32,
    pub matching_runs_per_minute: u32,
    pub requests_per_day_by_non_staff: u32,
    pub json_body_bytes: usize,
    pub auth_body_bytes: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacySettings {
    pub private_retention_days: i64,
    pub audit_retention_days: i64,
    pub changes_retention_days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub level: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSettings {
    pub enabled: bool,
    pub token: SecretString,
    pub loopback_without_token: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// `smtp://host:port` or empty (e-mail off: the outbox keeps its items).
    pub smtp_url: SecretString,
    /// The sender, `name <address>` or an address.
    pub from: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSettings {
    /// Where people reach the web pages: the links in e-mails start with it.
    pub base_url: String,
}

/// A start-up configuration problem; the message names the offending key.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

/// Which database backend a URL selects, with the location it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// Parse `sqlite://PATH` or `postgres://…` (also `postgresql://…`). Anything else is
    /// refused, so a typo never silently creates a new SQLite file somewhere.
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(ConfigError(
                    "database.url: `sqlite://` needs a file path, e.g. sqlite://data/wijkmatch.db"
                        .into(),
                ));
            }
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else {
            let scheme = url.split("://").next().unwrap_or_default();
            Err(ConfigError(format!(
                "database.url: unknown scheme `{scheme}`; use sqlite://PATH or postgres://…"
            )))
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

impl Settings {
    /// Defaults, then `config/local.toml` in the working directory, then the environment.
    pub fn load() -> Result<Self, ConfigError> {
        Self::load_with(Some(Path::new("config/local.toml")), std::env::vars())
    }

    /// The compiled-in defaults alone (tests start from these).
    pub fn defaults() -> Result<Self, ConfigError> {
        Self::load_with(None, std::iter::empty())
    }

    /// Layered loading with an explicit local file and environment, so it can be tested.
    pub fn load_with(
        local_file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        use config::{Config, Environment, File, FileFormat};

        let env_map: config::Map<String, String> = env
            .into_iter()
            .filter(|(key, _)| key.starts_with("WIJKMATCH__"))
            .collect();
        let mut builder =
            Config::builder().add_source(File::from_str(DEFAULTS_TOML, FileFormat::Toml));
        if let Some(path) = local_file {
            builder = builder.add_source(File::from(path).format(FileFormat::Toml).required(false));
        }
        let built = builder
            .add_source(
                Environment::with_prefix("WIJKMATCH")
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("server.trusted_proxies")
                    .with_list_parse_key("server.cors_allowed_origins")
                    .source(Some(env_map)),
            )
            .build()
            .map_err(|e| ConfigError(e.to_string()))?;
        let settings: Settings = built
            .try_deserialize()
            .map_err(|e| ConfigError(e.to_string()))?;
        settings.validate()?;
        Ok(settings)
    }

    /// Range checks the types cannot express, each naming its key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        use secrecy::ExposeSecret;
        let fail = |key: &str, why: &str| Err(ConfigError(format!("{key}: {why}")));
        if self.server.host.trim().is_empty() {
            return fail("server.host", "must not be empty");
        }
        DatabaseUrl::parse(self.database.url.expose_secret())?;
        if self.database.pool_size == 0 {
            return fail("database.pool_size", "must be at least 1");
        }
        if self.database.checkout_timeout_secs == 0 {
            return fail("database.checkout_timeout_secs", "must be at least 1");
        }
        let secret = self.auth.jwt_secret.expose_secret();
        if !secret.is_empty() && secret.len() < 32 {
            return fail(
                "auth.jwt_secret",
                "must be at least 32 bytes (or empty to generate one)",
            );
        }
        if self.auth.idle_timeout_minutes < 1 {
            return fail("auth.idle_timeout_minutes", "must be at least 1");
        }
        if !(1..=24).contains(&self.auth.volunteer_session_hours) {
            return fail("auth.volunteer_session_hours", "must be 1 to 24");
        }
        if !(1..=24).contains(&self.auth.staff_session_hours) {
            return fail("auth.staff_session_hours", "must be 1 to 24");
        }
        if self.auth.max_sessions_per_account < 1 {
            return fail("auth.max_sessions_per_account", "must be at least 1");
        }
        if self.limits.login_failures_per_account == 0 {
            return fail("limits.login_failures_per_account", "must be at least 1");
        }
        if self.limits.login_failures_per_address == 0 {
            return fail("limits.login_failures_per_address", "must be at least 1");
        }
        if self.limits.json_body_bytes < 1024 {
            return fail("limits.json_body_bytes", "must be at least 1024");
        }
        if self.limits.auth_body_bytes < 512 {
            return fail("limits.auth_body_bytes", "must be at least 512");
        }
        if self.privacy.changes_retention_days < 1 {
            return fail("privacy.changes_retention_days", "must be at least 1");
        }
        if self.privacy.private_retention_days < 1 {
            return fail("privacy.private_retention_days", "must be at least 1");
        }
        if !(1..=10_000).contains(&self.matching.candidates_per_request) {
            return fail("matching.candidates_per_request", "must be 1 to 10000");
        }
        let w = &self.matching.weights;
        let weights = [
            w.distance, w.time, w.skills, w.language, w.waiting, w.urgency,
        ];
        if weights.iter().any(|x| !x.is_finite() || *x < 0.0) || weights.iter().sum::<f64>() <= 0.0
        {
            return fail(
                "matching.weights",
                "weights must be non-negative with a positive sum",
            );
        }
        if !(w.distance_half_km > 0.0 && w.waiting_full_days > 0.0) {
            return fail(
                "matching.weights",
                "distance_half_km and waiting_full_days must be positive",
            );
        }
        let metrics_token = self.metrics.token.expose_secret();
        if !metrics_token.is_empty() && metrics_token.len() < 16 {
            return fail(
                "metrics.token",
                "must be at least 16 bytes (or empty: loopback only)",
            );
        }
        if self.privacy.audit_retention_days < 1 {
            return fail("privacy.audit_retention_days", "must be at least 1");
        }
        crate::mail::SmtpTarget::parse(self.mail.smtp_url.expose_secret())
            .map_err(|why| ConfigError(format!("mail.smtp_url: {why}")))?;
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return fail(
                "mail.from",
                "must be an e-mail address, optionally `Name <address>`",
            );
        }
        let base = self.web.base_url.trim_end_matches('/');
        if !(base.starts_with("http://") || base.starts_with("https://"))
            || base.contains(['?', '#'])
        {
            return fail(
                "web.base_url",
                "must be an http:// or https:// URL without query",
            );
        }
        if self
            .server
            .cors_allowed_origins
            .iter()
            .any(|o| o.trim() == "*")
        {
            return fail(
                "server.cors_allowed_origins",
                "list origins explicitly; `*` is not allowed",
            );
        }
        Ok(())
    }

    /// The configured database; a bad URL is an error naming the key, never a fallback.
    pub fn database_url(&self) -> Result<DatabaseUrl, ConfigError> {
        use secrecy::ExposeSecret;
        DatabaseUrl::parse(self.database.url.expose_secret())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn compiled_defaults_load_and_match_the_contract() {
        let s = Settings::defaults().unwrap();
        assert_eq!(s.server.host, "127.0.0.1");
        assert_eq!(s.server.port, 8080);
        assert_eq!(s.database.url.expose_secret(), "sqlite://data/wijkmatch.db");
        assert_eq!(s.limits.login_failures_per_account, 5);
        assert_eq!(s.limits.login_failures_per_address, 30);
        assert_eq!(s.limits.registrations_per_address_per_hour, 100);
        assert_eq!(s.privacy.private_retention_days, 365);
        assert_eq!(s.privacy.audit_retention_days, 1825);
        assert_eq!(
            s.matching,
            crate::matching::MatchingConfig::default(),
            "documented = compiled"
        );
    }

    #[test]
    fn environment_overrides_use_the_documented_names() {
        let s = Settings::load_with(
            None,
            env(&[
                ("WIJKMATCH__SERVER__PORT", "9123"),
                ("WIJKMATCH__SERVER__HOST", "0.0.0.0"),
                ("WIJKMATCH__DATABASE__URL", "postgres://localhost/x"),
                ("WIJKMATCH__LIMITS__LOGIN_FAILURES_PER_ACCOUNT", "7"),
                ("WIJKMATCH__SERVER__TRUSTED_PROXIES", "10.0.0.1,::1"),
            ]),
        )
        .unwrap();
        assert_eq!(s.server.port, 9123);
        assert_eq!(s.server.host, "0.0.0.0");
        assert_eq!(
            s.database_url().unwrap(),
            DatabaseUrl::Postgres("postgres://localhost/x".into())
        );
        assert_eq!(s.limits.login_failures_per_account, 7);
        assert_eq!(s.server.trusted_proxies.len(), 2);
    }

    #[test]
    fn bad_values_are_errors_that_name_the_key() {
        let cases = [
            ("WIJKMATCH__SERVER__PORT", "eighty", "port"),
            ("WIJKMATCH__DATABASE__URL", "mysql://x", "database.url"),
            ("WIJKMATCH__DATABASE__POOL_SIZE", "0", "database.pool_size"),
            ("WIJKMATCH__AUTH__JWT_SECRET", "short", "auth.jwt_secret"),
            ("WIJKMATCH__SERVER__PROT", "1", "prot"),
            ("WIJKMATCH__LOG__FORMAT", "xml", "format"),
            (
                "WIJKMATCH__MATCHING__WEIGHTS__SKILLS",
                "-1",
                "matching.weights",
            ),
            (
                "WIJKMATCH__MATCHING__CANDIDATES_PER_REQUEST",
                "0",
                "matching.candidates_per_request",
            ),
        ];
        for (key, value, named) in cases {
            let err = Settings::load_with(None, env(&[(key, value)])).unwrap_err();
            assert!(
                err.to_string().contains(named),
                "{key}={value}: `{err}` should name `{named}`"
            );
        }
    }

    #[test]
    fn sqlite_urls_keep_the_path_as_written() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/wijkmatch.db").unwrap(),
            DatabaseUrl::Sqlite("data/wijkmatch.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/wijkmatch/db.sqlite").unwrap(),
            DatabaseUrl::Sqlite("/var/lib/wijkmatch/db.sqlite".into())
        );
        assert!(DatabaseUrl::parse("sqlite://").is_err());
        assert!(DatabaseUrl::parse("data/wijkmatch.db").is_err());
    }
}
