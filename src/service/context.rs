//! Everything a use case may need besides its connection, built once at start-up.

use std::sync::Arc;

use crate::auth::hashing::PasswordHasherPool;
use crate::auth::throttle::Throttle;
use crate::auth::tokens::TokenKeys;
use crate::config::Settings;
use crate::db::Db;
use crate::domain::alias::AliasKey;
use crate::domain::paging::CursorCodec;
use crate::domain::password::PasswordPolicy;

#[derive(Clone)]
pub struct AppContext {
    pub settings: Arc<Settings>,
    pub db: Db,
    pub tokens: TokenKeys,
    pub hasher: PasswordHasherPool,
    pub password_policy: Arc<PasswordPolicy>,
    pub throttle: Arc<Throttle>,
    pub cursors: CursorCodec,
    /// Keys the per-request aliases of volunteers in suggestions.
    pub aliases: AliasKey,
    /// Makes and checks the web forms' CSRF tokens.
    pub csrf: crate::auth::csrf::CsrfKey,
    /// Where "now" comes from (see `clock`): installed for every request's and job's work.
    pub clock: crate::clock::Clock,
    /// Held by a matching run that writes, so such runs never overlap.
    pub run_lock: Arc<crate::service::run_lock::RunLock>,
    /// What matching holds in memory, kept in step with the change feed.
    pub live: Arc<crate::service::live::Live>,
    /// What `/metrics` reports.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// The SMTP client the outbox sends through; `None` when e-mail is off.
    pub mailer: Option<crate::mail::Mailer>,
    /// Makes password reset tokens.
    pub reset_key: crate::auth::reset::ResetKey,
}
