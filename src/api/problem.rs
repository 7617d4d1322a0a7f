//! The one place where errors become HTTP answers: RFC 9457 problem details.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::validation::FieldError;
use crate::error::AppError;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The problem type of a write refused because the database's storage is full.
pub const STORAGE_FULL: &str = "tag:wijkmatch,2026:storage-full";

/// `Retry-After` for a full disk: space comes back by an operator's hand, not in seconds.
const STORAGE_FULL_RETRY_SECS: &str = "60";

/// RFC 9457 problem details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For validation errors: what is wrong with which field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            problem_type: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: None,
        }
    }

    pub fn response(&self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(self).unwrap_or_else(|_| "{}".into());
        HttpResponse::build(status)
            .insert_header((header::CONTENT_TYPE, PROBLEM_JSON))
            .body(body)
    }
}

/// The API layer's error: a service error on its way to the client.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(e: crate::db::DbError) -> Self {
        Self(e.into())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ApiError {
    fn problem(&self) -> Problem {
        match &self.0 {
            AppError::Validation(errors) => Problem {
                problem_type: "tag:wijkmatch,2026:validation-error".into(),
                title: "Invalid input".into(),
                status: 400,
                detail: "one or more fields are invalid".into(),
                errors: Some(errors.clone()),
            },
            AppError::BadRequest(m) => Problem::new(StatusCode::BAD_REQUEST, m),
            AppError::Unauthorized { .. } => {
                Problem::new(StatusCode::UNAUTHORIZED, "a valid bearer token is required")
            }
            AppError::InvalidCredentials => {
                Problem::new(StatusCode::UNAUTHORIZED, "email or password is incorrect")
            }
            AppError::Forbidden(m) => Problem::new(StatusCode::FORBIDDEN, m),
            AppError::ReauthenticationRequired => Problem {
                problem_type: "tag:wijkmatch,2026:reauthentication-required".into(),
                title: "Recent login required".into(),
                status: 403,
                detail: "this needs a login of the last 10 minutes; log in again, then retry"
                    .into(),
                errors: None,
            },
            AppError::NotFound(what) => {
                Problem::new(StatusCode::NOT_FOUND, format!("{what} not found"))
            }
            AppError::Conflict(m) => Problem::new(StatusCode::CONFLICT, m),
            AppError::TooManyRequests { .. } => Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too many attempts; try again later",
            ),
            AppError::PayloadTooLarge { limit } => Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is larger than {limit} bytes"),
            ),
            AppError::UnsupportedMediaType => Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send the body as application/json",
            ),
            AppError::Unavailable(_) => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is unavailable; try again shortly",
            ),
            AppError::StorageFull(_) => Problem {
                problem_type: STORAGE_FULL.into(),
                title: "Storage full".into(),
                status: 503,
                detail: "the server cannot store data right now: its storage is full. \
                         Nothing was saved; reading still works. Try again later."
                    .into(),
                errors: None,
            },
            AppError::Internal(_) => Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "an unexpected error occurred",
            ),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.problem().status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        match &self.0 {
            AppError::Internal(cause) => {
                tracing::error!(cause = %crate::error::chain(cause.as_ref()), "internal error")
            }
            AppError::Unavailable(cause) => tracing::warn!(cause = %cause, "database unavailable"),
            AppError::StorageFull(cause) => {
                tracing::error!(cause = %cause, "database storage full: writes refused")
            }
            _ => {}
        }
        let mut response = self.problem().response();
        let headers = response.headers_mut();
        match &self.0 {
            AppError::Unauthorized { token_sent } => {
                let challenge = if *token_sent {
                    r#"Bearer error="invalid_token""#
                } else {
                    "Bearer"
                };
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static(challenge),
                );
            }
            AppError::InvalidCredentials => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            AppError::TooManyRequests { retry_after_secs } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    headers.insert(header::RETRY_AFTER, v);
                }
            }
            AppError::Unavailable(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            AppError::StorageFull(_) => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from_static(STORAGE_FULL_RETRY_SECS),
                );
            }
            _ => {}
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// An error produced outside our handlers (framework, middleware), rendered as a problem
/// with its original status.
#[derive(Debug)]
pub struct StatusProblem {
    pub status: StatusCode,
    pub detail: String,
}

impl std::fmt::Display for StatusProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.status, self.detail)
    }
}

impl ResponseError for StatusProblem {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        Problem::new(self.status, self.detail.clone()).response()
    }
}
