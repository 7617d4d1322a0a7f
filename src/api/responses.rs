//! Error responses as OpenAPI sees them, named once and listed per operation, so every
//! operation documents each status it can return without repeating the problem schema.

use utoipa::IntoResponses;

use super::problem::Problem;

/// Invalid input; validation problems list `errors[]` per field.
#[derive(IntoResponses)]
#[response(status = 400, content_type = "application/problem+json")]
pub struct BadRequest(pub Problem);

/// Missing, invalid or expired token (`WWW-Authenticate: Bearer`).
#[derive(IntoResponses)]
#[response(status = 401, content_type = "application/problem+json")]
pub struct Unauthorized(pub Problem);

/// Open to anyone, but a bad token was sent.
#[derive(IntoResponses)]
#[response(
    status = 401,
    description = "a bad token was sent",
    content_type = "application/problem+json"
)]
pub struct BadToken(pub Problem);

/// The caller may see the record but not do this.
#[derive(IntoResponses)]
#[response(status = 403, content_type = "application/problem+json")]
pub struct Forbidden(pub Problem);

/// Unknown id, or a record the caller may not know exists.
#[derive(IntoResponses)]
#[response(status = 404, content_type = "application/problem+json")]
pub struct NotFound(pub Problem);

/// Duplicate, no capacity, or wrong state.
#[derive(IntoResponses)]
#[response(status = 409, content_type = "application/problem+json")]
pub struct Conflict(pub Problem);

/// Throttled (`Retry-After`).
#[derive(IntoResponses)]
#[response(status = 429, content_type = "application/problem+json")]
pub struct TooManyRequests(pub Problem);

/// The database is unavailable, or its storage is full (`Retry-After`; problem type
/// `tag:wijkmatch,2026:storage-full`).
#[derive(IntoResponses)]
#[response(status = 503, content_type = "application/problem+json")]
pub struct Unavailable(pub Problem);

/// What any operation with a JSON body can answer about the body itself.
#[derive(IntoResponses)]
pub enum BodyErrors {
    /// Invalid input; validation problems list `errors[]` per field.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// The body is larger than the limit.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// The body is not `application/json`.
    #[response(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Problem),
}
