//! The error type of the service layer: what went wrong, in the domain's terms. The API
//! layer maps it to problem+json in exactly one place (`api::problem`).

use crate::db::DbError;
use crate::domain::validation::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that failed validation, field by field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// Malformed input that is not about one field (a forged cursor, a bad query).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// No valid session. `token_sent` decides the `WWW-Authenticate` challenge.
    #[error("unauthorized")]
    Unauthorized { token_sent: bool },
    /// Wrong email or password: one answer for both, so accounts cannot be enumerated.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The caller may see the record but not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// A sensitive operation by a session whose login is too old: log in again.
    #[error("reauthentication required")]
    ReauthenticationRequired,
    /// Unknown id, or a record the caller may not know exists.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Duplicate, no capacity, or wrong state.
    #[error("conflict: {0}")]
    Conflict(String),
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
    /// A bug or an unexpected failure; the cause goes to the log, never to the client.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
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
            Self::Internal(_) => "internal",
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Unavailable(m) => Self::Unavailable(m),
            DbError::UniqueViolation => Self::Conflict("the record already exists".into()),
            DbError::ForeignKeyViolation => {
                Self::BadRequest("the request refers to a record that does not exist".into())
            }
            // An unexpected NotFound is a bug, not a 404: expected absence uses `.optional()`.
            DbError::NotFound => Self::Internal("unexpected missing row".into()),
            DbError::Other(e) => Self::Internal(e.to_string()),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        DbError::from(e).into()
    }
}

pub type AppResult<T> = Result<T, AppError>;
