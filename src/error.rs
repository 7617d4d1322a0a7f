//! The error type of the service layer: what went wrong, in the domain's terms. The API
//! layer maps it to problem+json in exactly one place (`api::problem`).

use crate::db::DbError;
use crate::domain::validation::{FieldError, Invalid};
use crate::i18n::{FieldText, Noun, Text};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that failed validation, field by field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// Malformed input that is not about one field (a forged cursor, a bad query).
    #[error("bad request: {0}")]
    BadRequest(Text),
    /// No valid session. `token_sent` decides the `WWW-Authenticate` challenge.
    #[error("unauthorized")]
    Unauthorized { token_sent: bool },
    /// Wrong email or password: one answer for both, so accounts cannot be enumerated.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The caller may see the record but not do this.
    #[error("forbidden: {0}")]
    Forbidden(Text),
    /// A sensitive operation by a session whose login is too old: log in again.
    #[error("reauthentication required")]
    ReauthenticationRequired,
    /// Unknown id, or a record the caller may not know exists.
    #[error("{0} not found")]
    NotFound(Noun),
    /// Duplicate, no capacity, or wrong state.
    #[error("conflict: {0}")]
    Conflict(Text),
    /// Throttled; retry after this many seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// The body exceeds the size limit.
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    /// The body is not JSON.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The database cannot be reached right now.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The database cannot store anything more (a full disk); reads still work.
    #[error("storage full: {0}")]
    StorageFull(String),
    /// A bug or an unexpected failure; the cause, with its whole chain of sources, goes to
    /// the log, never to the client.
    #[error("internal error")]
    Internal(#[source] Cause),
}

/// The cause of an internal error: an error with its own sources, or a message.
pub use crate::db::Cause;

/// An error and every source under it, one after the other, for one log line:
/// `reading offers: database error: relation "offers" does not exist`.
pub fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        let part = cause.to_string();
        // thiserror's `{0}` messages often repeat their source; say each part once.
        if !text.ends_with(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        next = cause.source();
    }
    text
}

impl AppError {
    pub fn field(field: &str, text: FieldText) -> Self {
        Self::Validation(vec![FieldError::new(field, text)])
    }

    /// An internal error from an error (its sources are kept) or from a message.
    pub fn internal(cause: impl Into<Cause>) -> Self {
        Self::Internal(cause.into())
    }

    /// A stable name for the kind of error, for logs: never the message, which can carry
    /// values the client sent.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation",
            Self::BadRequest(_) => "bad_request",
            Self::Unauthorized { .. } => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden(_) => "forbidden",
            Self::ReauthenticationRequired => "reauthentication_required",
            Self::NotFound(_) => "not_found",
            Self::Conflict(_) => "conflict",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::Unavailable(_) => "unavailable",
            Self::StorageFull(_) => "storage_full",
            Self::Internal(_) => "internal",
        }
    }
}

impl From<Invalid> for AppError {
    fn from(Invalid(errors): Invalid) -> Self {
        Self::Validation(errors)
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Unavailable(m) => Self::Unavailable(m),
            DbError::StorageFull(m) => Self::StorageFull(m),
            DbError::UniqueViolation => Self::Conflict(Text::AlreadyExists),
            DbError::ForeignKeyViolation => Self::BadRequest(Text::UnknownReference),
            // An unexpected NotFound is a bug, not a 404: expected absence uses `.optional()`.
            DbError::NotFound => Self::internal("unexpected missing row"),
            other @ (DbError::Other(_) | DbError::Migration(_)) => Self::Internal(Box::new(other)),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        DbError::from(e).into()
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("reading the schedule of request r1")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn an_internal_error_keeps_its_whole_chain_for_the_log() {
        let e = AppError::internal(Outer(std::io::Error::other("disk full")));
        assert_eq!(
            chain(&e),
            "internal error: reading the schedule of request r1: disk full"
        );
        let db = AppError::from(DbError::Other(diesel::result::Error::AlreadyInTransaction));
        let text = chain(&db);
        assert!(
            text.starts_with("internal error: database error: "),
            "{text}"
        );
        let inner = diesel::result::Error::AlreadyInTransaction.to_string();
        assert_eq!(text.matches(&inner).count(), 1, "each part once: {text}");
        assert_eq!(
            chain(&AppError::internal("a message")),
            "internal error: a message"
        );
    }
}
