//! Logging: one span per request with a request id, formatted for people or as JSON,
//! written through a non-blocking writer. Never bodies, tokens, emails or query strings.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use crate::api::problem::ApiError;
use crate::config::{LogFormat, LogSettings};

/// Install the global subscriber. Keep the guard alive for the life of the process, or
/// buffered lines are lost at exit. Errors if a subscriber is already installed.
pub fn init(settings: &LogSettings) -> Result<WorkerGuard, String> {
    let filter = EnvFilter::try_new(&settings.level).map_err(|e| format!("log.level: {e}"))?;
    let (writer, guard) = tracing_appender::non_blocking(std::io::stdout());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_target(false);
    let installed = match settings.format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
    installed.map_err(|e| e.to_string())?;
    Ok(guard)
}

/// Request spans that record the route pattern, never the raw path or query string
/// (which can carry ids and emails), plus a request id.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let pattern = request.match_pattern();
        // Shared with the metrics, so the route is looked up once per request.
        request
            .extensions_mut()
            .insert(crate::api::metrics::RoutePattern(pattern.clone()));
        let route = pattern.unwrap_or_else(|| crate::metrics::UNMATCHED.to_owned());
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(|id| id.to_string())
            .unwrap_or_default();
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %route,
            request_id = %request_id,
            status = tracing::field::Empty,
        )
    }

    /// One line per request: the status and, for an error, its kind. Never the error's
    /// message or details, which can repeat what the client sent (a password given as a
    /// number, a private latitude out of range).
    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let (status, error) = match outcome {
            Ok(response) => (response.status(), response.response().error()),
            Err(error) => (error.as_response_error().status_code(), Some(error)),
        };
        let status = status.as_u16();
        span.record("status", status);
        let error_kind = error.map(|e| {
            e.as_error::<ApiError>()
                .map_or("framework", |api| api.0.kind())
        });
        span.in_scope(|| match error_kind {
            Some(kind) => tracing::info!(status, error_kind = kind, "request done"),
            None => tracing::info!(status, "request done"),
        });
    }
}
