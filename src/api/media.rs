//! Media types the API answers with, shared by the layers that set them.

/// The media type of every error answer (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";
