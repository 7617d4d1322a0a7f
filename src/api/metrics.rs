//! `GET /metrics` and the middleware that counts every answer.
//!
//! Who may read them: a caller on this machine (loopback, not through a proxy), or anyone
//! with the configured bearer token. Without the token: 401 when a token is configured (a
//! scraper can present one), 403 when none is (no credential would help).

use std::net::IpAddr;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, get, web};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use super::extract::NoQuery;
use super::problem::{ApiError, ApiResult};
use super::responses::*;
use crate::config::MetricsSettings;
use crate::error::AppError;
use crate::i18n::{Noun, Text};
use crate::service::AppContext;

/// Whether a caller may read the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Allowed,
    /// 401: send the configured token (`token_sent`: a wrong one was sent).
    TokenRequired {
        token_sent: bool,
    },
    /// 403: no token is configured and the caller is not on this machine.
    Refused,
}

/// What is known about the caller.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    /// The socket peer.
    pub peer: Option<IpAddr>,
    /// The request carries `X-Forwarded-For` or `Forwarded`: a proxy passed it on.
    pub forwarded: bool,
    /// The bearer token sent, if any.
    pub token: Option<&'a str>,
}

/// The decision, kept apart from HTTP so every case can be tested.
pub fn decide(
    settings: &MetricsSettings,
    trusted_proxies: &[IpAddr],
    caller: Caller<'_>,
) -> Access {
    let configured = settings.token.expose_secret();
    if !configured.is_empty() {
        if let Some(sent) = caller.token {
            // Comparing digests: the time taken tells nothing about the token.
            return if Sha256::digest(sent.as_bytes()) == Sha256::digest(configured.as_bytes()) {
                Access::Allowed
            } else {
                Access::TokenRequired { token_sent: true }
            };
        }
    }
    // A proxy on this machine makes every outside caller look local: what came through
    // one (its address, or the headers proxies add) is never "this machine".
    let local = caller
        .peer
        .is_some_and(|p| p.is_loopback() && !caller.forwarded && !trusted_proxies.contains(&p));
    if settings.loopback_without_token && local {
        Access::Allowed
    } else if configured.is_empty() {
        Access::Refused
    } else {
        Access::TokenRequired {
            token_sent: caller.token.is_some(),
        }
    }
}

fn bearer_token(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Prometheus text format (version 0.0.4): requests, latency, the database pool and
/// writer lock, a full disk, background jobs. From loopback, or with
/// `Authorization: Bearer <metrics.token>`; 404 when `metrics.enabled` is false.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Prometheus text format", content_type = "text/plain", body = String),
    Unauthorized,
    Forbidden,
    NotFound,
))]
#[get("/metrics")]
pub async fn scrape(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    if !ctx.metrics.enabled() {
        return Err(AppError::NotFound(Noun::Metrics).into());
    }
    let headers = req.headers();
    let caller = Caller {
        peer: req.peer_addr().map(|a| a.ip()),
        forwarded: headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded"),
        token: bearer_token(&req),
    };
    match decide(
        &ctx.settings.metrics,
        &ctx.settings.server.trusted_proxies,
        caller,
    ) {
        Access::Allowed => {
            query.parse()?;
        }
        Access::TokenRequired { token_sent } => {
            return Err(AppError::Unauthorized { token_sent }.into());
        }
        Access::Refused => {
            return Err(AppError::Forbidden(Text::MetricsLocalOnly).into());
        }
    }
    let text = ctx
        .metrics
        .encode()
        .map_err(|e| ApiError(AppError::internal(e)))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE))
        .body(text))
}

/// The route pattern a request matched, found once (by the request span) and shared.
#[derive(Debug, Clone)]
pub struct RoutePattern(pub Option<String>);

/// Count each answer by method, route pattern and status, and time it. Wrapped inside the
/// request span, so the status is the one the client gets.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req
        .app_data::<web::Data<AppContext>>()
        .map(|ctx| ctx.metrics.clone())
        .filter(|m| m.enabled());
    let Some(metrics) = metrics else {
        return next.call(req).await;
    };
    let started = Instant::now();
    let method = method_label(req.method());
    // Taken, not copied: the request span has already recorded it.
    let known = req.extensions_mut().remove::<RoutePattern>();
    let route = match known {
        Some(RoutePattern(route)) => route,
        None => req.match_pattern(),
    };
    let result = next.call(req).await;
    let status = match &result {
        Ok(res) => res.status(),
        Err(e) => e.as_response_error().status_code(),
    };
    metrics.record_request(method, route, status.as_u16(), started.elapsed());
    result
}

/// A method as a label: the standard ones by name, anything else as `other` (a client
/// could otherwise make up a new series per request).
pub fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretString;

    fn settings(token: &str, loopback_without_token: bool) -> MetricsSettings {
        MetricsSettings {
            enabled: true,
            token: SecretString::from(token.to_owned()),
            loopback_without_token,
        }
    }

    const TOKEN: &str = "a-scraper-token-of-some-length";
    const LOCAL: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    const REMOTE: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 7)));

    fn caller(peer: Option<IpAddr>, forwarded: bool, token: Option<&str>) -> Caller<'_> {
        Caller {
            peer,
            forwarded,
            token,
        }
    }

    #[test]
    fn loopback_needs_no_token_unless_it_came_through_a_proxy() {
        let s = settings("", true);
        assert_eq!(decide(&s, &[], caller(LOCAL, false, None)), Access::Allowed);
        let v6 = Some(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST));
        assert_eq!(decide(&s, &[], caller(v6, false, None)), Access::Allowed);
        assert_eq!(decide(&s, &[], caller(LOCAL, true, None)), Access::Refused);
        let proxy = LOCAL.into_iter().collect::<Vec<_>>();
        assert_eq!(
            decide(&s, &proxy, caller(LOCAL, false, None)),
            Access::Refused
        );
        assert_eq!(
            decide(&s, &[], caller(REMOTE, false, None)),
            Access::Refused
        );
        assert_eq!(decide(&s, &[], caller(None, false, None)), Access::Refused);
    }

    #[test]
    fn elsewhere_only_the_configured_token_opens_them() {
        let s = settings(TOKEN, true);
        assert_eq!(
            decide(&s, &[], caller(REMOTE, false, Some(TOKEN))),
            Access::Allowed
        );
        assert_eq!(
            decide(&s, &[], caller(REMOTE, true, Some(TOKEN))),
            Access::Allowed
        );
        assert_eq!(
            decide(&s, &[], caller(REMOTE, false, None)),
            Access::TokenRequired { token_sent: false }
        );
        assert_eq!(
            decide(
                &s,
                &[],
                caller(REMOTE, false, Some("a-scraper-token-of-some-lengtH"))
            ),
            Access::TokenRequired { token_sent: true }
        );
        // A wrong token is refused on loopback too: it was sent, so it must be right.
        assert_eq!(
            decide(&s, &[], caller(LOCAL, false, Some("wrong"))),
            Access::TokenRequired { token_sent: true }
        );
    }

    #[test]
    fn without_the_loopback_allowance_even_local_callers_need_the_token() {
        let s = settings(TOKEN, false);
        assert_eq!(
            decide(&s, &[], caller(LOCAL, false, None)),
            Access::TokenRequired { token_sent: false }
        );
        assert_eq!(
            decide(&s, &[], caller(LOCAL, false, Some(TOKEN))),
            Access::Allowed
        );
        assert_eq!(
            decide(&settings("", false), &[], caller(LOCAL, false, None)),
            Access::Refused
        );
    }
}
