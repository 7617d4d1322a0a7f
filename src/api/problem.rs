//! The one place where errors become HTTP answers: RFC 9457 problem details, in the
//! language the request prefers (see `api::language`).

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::validation::{ErrorCode, FieldError};
use crate::error::AppError;
use crate::i18n::{Lang, Text};

pub use super::media::PROBLEM_JSON;

/// The problem type of a write refused because the database's storage is full.
pub const STORAGE_FULL: &str = "tag:wijkmatch,2026:storage-full";

/// `Retry-After` for a full disk: space comes back by an operator's hand, not in seconds.
const STORAGE_FULL_RETRY_SECS: &str = "60";

/// RFC 9457 problem details. `title`, `detail` and `errors[].message` are Dutch when the
/// request's `Accept-Language` prefers `nl`, English otherwise.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For validation errors: what is wrong with which field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemField>>,
}

/// One invalid field of a validation problem. The document keeps the schema's name
/// (`FieldError`) that clients already know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = FieldError)]
pub struct ProblemField {
    /// The JSON path of the input (`schedule.slots[0].end`), or a query parameter's name.
    pub field: String,
    /// Why, as a stable code that clients can translate themselves.
    pub code: ErrorCode,
    /// Why, in words, in the request's language.
    pub message: String,
}

impl ProblemField {
    pub fn render(error: &FieldError, lang: Lang) -> Self {
        Self {
            field: error.field.clone(),
            code: error.code,
            message: error.text.render(lang),
        }
    }
}

/// The title of a status, in `lang`.
pub fn title(status: StatusCode, lang: Lang) -> String {
    let text = match status.as_u16() {
        400 => Text::TitleBadRequest,
        401 => Text::TitleUnauthorized,
        403 => Text::TitleForbidden,
        404 => Text::TitleNotFound,
        405 => Text::TitleMethodNotAllowed,
        409 => Text::TitleConflict,
        413 => Text::TitlePayloadTooLarge,
        415 => Text::TitleUnsupportedMediaType,
        422 => Text::TitleUnprocessable,
        429 => Text::TitleTooManyRequests,
        500 => Text::TitleInternal,
        503 => Text::TitleUnavailable,
        _ => match status.canonical_reason() {
            // A status we never answer ourselves keeps its English reason in both languages.
            Some(reason) => return reason.to_owned(),
            None => Text::TitleError,
        },
    };
    text.render(lang)
}

/// An OpenAPI answer whose body is a [`Problem`], for responses added to the document by
/// hand (the extractors' and middlewares' own refusals).
pub fn documented_problem(
    description: &str,
) -> utoipa::openapi::RefOr<utoipa::openapi::response::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
        .into()
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self::in_lang(status, detail, super::language::current())
    }

    pub fn in_lang(status: StatusCode, detail: impl Into<String>, lang: Lang) -> Self {
        Self {
            problem_type: "about:blank".into(),
            title: title(status, lang),
            status: status.as_u16(),
            detail: detail.into(),
            errors: None,
        }
    }

    /// A problem whose detail is a catalogue text, in the request's language.
    pub fn text(status: StatusCode, detail: &Text) -> Self {
        let lang = super::language::current();
        Self::in_lang(status, detail.render(lang), lang)
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

/// The status and the words of an error in `lang`, for the web pages (which show them as
/// HTML rather than problem+json).
pub fn status_and_detail(err: AppError, lang: Lang) -> (StatusCode, String) {
    let err = ApiError(err);
    (err.status(), err.problem(lang).detail)
}

impl ApiError {
    /// The problem in `lang`.
    pub fn problem(&self, lang: Lang) -> Problem {
        let with =
            |status: StatusCode, detail: Text| Problem::in_lang(status, detail.render(lang), lang);
        match &self.0 {
            AppError::Validation(errors) => Problem {
                problem_type: "tag:wijkmatch,2026:validation-error".into(),
                title: Text::TitleInvalidInput.render(lang),
                status: 400,
                detail: Text::InvalidFields.render(lang),
                errors: Some(
                    errors
                        .iter()
                        .map(|e| ProblemField::render(e, lang))
                        .collect(),
                ),
            },
            AppError::BadRequest(m) => with(StatusCode::BAD_REQUEST, m.clone()),
            AppError::Unauthorized { .. } => with(StatusCode::UNAUTHORIZED, Text::TokenRequired),
            AppError::InvalidCredentials => with(StatusCode::UNAUTHORIZED, Text::WrongCredentials),
            AppError::Forbidden(m) => with(StatusCode::FORBIDDEN, m.clone()),
            AppError::ReauthenticationRequired => Problem {
                problem_type: "tag:wijkmatch,2026:reauthentication-required".into(),
                title: Text::TitleRecentLogin.render(lang),
                status: 403,
                detail: Text::RecentLoginRequired.render(lang),
                errors: None,
            },
            AppError::NotFound(what) => {
                with(StatusCode::NOT_FOUND, Text::NotFound { what: what.clone() })
            }
            AppError::Conflict(m) => with(StatusCode::CONFLICT, m.clone()),
            AppError::TooManyRequests { .. } => {
                with(StatusCode::TOO_MANY_REQUESTS, Text::TooManyAttempts)
            }
            AppError::PayloadTooLarge { limit } => with(
                StatusCode::PAYLOAD_TOO_LARGE,
                Text::BodyTooLarge { limit: *limit },
            ),
            AppError::UnsupportedMediaType => {
                with(StatusCode::UNSUPPORTED_MEDIA_TYPE, Text::SendJson)
            }
            AppError::Unavailable(_) => {
                with(StatusCode::SERVICE_UNAVAILABLE, Text::DatabaseUnavailable)
            }
            AppError::StorageFull(_) => Problem {
                problem_type: STORAGE_FULL.into(),
                title: Text::TitleStorageFull.render(lang),
                status: 503,
                detail: Text::StorageFull.render(lang),
                errors: None,
            },
            AppError::Internal(_) => with(StatusCode::INTERNAL_SERVER_ERROR, Text::Unexpected),
        }
    }

    fn status(&self) -> StatusCode {
        match &self.0 {
            AppError::Validation(_) | AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized { .. } | AppError::InvalidCredentials => {
                StatusCode::UNAUTHORIZED
            }
            AppError::Forbidden(_) | AppError::ReauthenticationRequired => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unavailable(_) | AppError::StorageFull(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
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
        let mut response = self.problem(super::language::current()).response();
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
    pub detail: Text,
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
        Problem::text(self.status, &self.detail).response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{FieldText, Noun};

    #[test]
    fn every_status_we_answer_has_a_title_in_both_languages() {
        for code in [400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503] {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::IM_A_TEAPOT);
            let (en, nl) = (title(status, Lang::En), title(status, Lang::Nl));
            assert_eq!(Some(en.as_str()), status.canonical_reason(), "{code}");
            if code != 409 {
                assert_ne!(en, nl, "{code}");
            }
        }
    }

    #[test]
    fn a_problem_is_rendered_in_the_language_asked_with_the_same_codes() {
        let errors = ApiError(AppError::Validation(vec![
            FieldError::new("email", FieldText::Email),
            FieldError::new("roles", FieldText::NoRoles),
        ]));
        let (en, nl) = (errors.problem(Lang::En), errors.problem(Lang::Nl));
        let codes = |p: &Problem| -> Vec<(String, ErrorCode)> {
            p.errors
                .iter()
                .flatten()
                .map(|e| (e.field.clone(), e.code))
                .collect()
        };
        assert_eq!(codes(&en), codes(&nl));
        assert_eq!(codes(&en)[1], ("roles".to_owned(), ErrorCode::Required));
        assert_ne!(en.title, nl.title);
        let missing = ApiError(AppError::NotFound(Noun::Request));
        assert_eq!(missing.problem(Lang::En).detail, "request not found");
        assert_eq!(
            missing.problem(Lang::Nl).detail,
            "Niet gevonden: hulpvraag."
        );
        assert_eq!(missing.problem(Lang::Nl).title, "Niet gevonden");
    }
}
