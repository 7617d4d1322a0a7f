//! `Idempotency-Key` on POST: a client that retries (a lost answer, a flaky network) gets
//! the first answer again, status and body, instead of a second record. Keys are kept per
//! caller for 24 hours; the same key with another request is 422; concurrent duplicates
//! wait for the first and get its answer.

use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes, BytesMut};
use actix_web::{Error, HttpMessage, HttpResponse};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::extract::{bearer, client_address};
use super::problem::{ApiError, Problem};
use crate::db::idempotency::{self as repo, Reservation, StoredKey};
use crate::error::AppError;
use crate::i18n::Text;
use crate::service::AppContext;
use crate::service::sessions::{self, SessionLimits};

pub const HEADER: &str = "idempotency-key";
/// How long an answer is kept for a retry.
pub const KEEP_HOURS: i64 = 24;
/// How long a duplicate waits for the first request before it gives up with 409.
const WAIT_FOR_FIRST: Duration = Duration::from_secs(15);

/// POSTs whose answer is a live credential (a login's token, a calendar feed's secret
/// URL): never stored to be replayed, so they take no key.
pub const NEVER_STORED: [&str; 2] = ["/api/v1/auth/login", "/api/v1/me/calendar-feed"];

/// A key is 1–255 visible ASCII characters.
pub fn is_valid_key(key: &[u8]) -> bool {
    (1..=255).contains(&key.len()) && key.iter().all(|b| (0x21..=0x7e).contains(b))
}

/// Who a key belongs to: a user, or an anonymous client address.
struct Scope {
    name: String,
    user_id: Option<String>,
}

pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(raw_key) = req.headers().get(HEADER).cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if req.method() != Method::POST || NEVER_STORED.contains(&req.path()) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let Some(ctx) = req.app_data::<web::Data<AppContext>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Some(scope) = scope_of(&ctx, &req).await? else {
        // No valid session where one is needed: the handler answers 401 before any word
        // about the key, and nothing is worth storing.
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if !is_valid_key(raw_key.as_bytes()) {
        return Err(ApiError(AppError::BadRequest(Text::BadIdempotencyKey)).into());
    }
    let key = String::from_utf8_lossy(raw_key.as_bytes()).into_owned();

    let limit = ctx
        .settings
        .limits
        .json_body_bytes
        .max(ctx.settings.limits.auth_body_bytes);
    let body = read_body(&mut req, limit).await?;
    let hash = request_hash(&req, &body);

    let started = std::time::Instant::now();
    loop {
        let reserved = blocking(&ctx, {
            let user_id = scope.user_id.clone();
            let (scope, key, hash) = (scope.name.clone(), key.clone(), hash.clone());
            move |conn| {
                let now = crate::db::now();
                repo::reserve(
                    conn,
                    &scope,
                    &key,
                    user_id.as_deref(),
                    &hash,
                    now,
                    now - chrono::Duration::hours(KEEP_HOURS),
                )
            }
        })
        .await?;
        match reserved {
            Reservation::Reserved => break,
            Reservation::Released => continue,
            Reservation::Existing(stored) if stored.request_hash != hash => {
                let mut problem = Problem::text(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &Text::IdempotencyKeyReused,
                );
                problem.problem_type = "tag:wijkmatch,2026:idempotency-key-reused".into();
                return Ok(req.into_response(problem.response()));
            }
            Reservation::Existing(stored) => {
                if let Some(response) = replay(&stored) {
                    return Ok(req.into_response(response));
                }
                if started.elapsed() > WAIT_FOR_FIRST {
                    return Err(ApiError(AppError::Conflict(Text::IdempotencyInProgress)).into());
                }
                actix_web::rt::time::sleep(Duration::from_millis(25)).await;
            }
        }
    }

    req.set_payload(Payload::from(body));
    let response = match next.call(req).await {
        Ok(response) => response.map_into_boxed_body(),
        Err(e) => {
            release(&ctx, &scope.name, &key).await;
            return Err(e);
        }
    };
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (request, response) = response.into_parts();
    let (head, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|_| ApiError(AppError::internal("reading the answer to store it")))?;
    // An answer a retry could change (a server error, throttling) is not kept.
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        release(&ctx, &scope.name, &key).await;
    } else {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (scope_name, stored_key) = (scope.name.clone(), key.clone());
        let stored = blocking(&ctx, move |conn| {
            repo::complete(
                conn,
                &scope_name,
                &stored_key,
                i32::from(status.as_u16()),
                content_type.as_deref(),
                &text,
            )
        })
        .await;
        if stored.is_err() {
            release(&ctx, &scope.name, &key).await;
        }
    }
    let response = head.set_body(bytes).map_into_boxed_body();
    Ok(ServiceResponse::new(request, response))
}

/// The POST operations open to callers without a session; every other one needs a token.
const ANONYMOUS_POSTS: &[&str] = &["/api/v1/auth/register"];

/// The caller's scope: the user behind a live session, or the client address when no token
/// was sent to an operation open to anyone; `None` otherwise (the handler answers 401).
async fn scope_of(
    ctx: &web::Data<AppContext>,
    req: &ServiceRequest,
) -> Result<Option<Scope>, Error> {
    match bearer(req.request()) {
        Err(_) => Ok(None),
        Ok(None) if !ANONYMOUS_POSTS.contains(&req.path()) => Ok(None),
        Ok(None) => Ok(Some(Scope {
            name: format!("address:{}", client_address(req.request())),
            user_id: None,
        })),
        Ok(Some(claims)) => {
            let limits = SessionLimits::from_settings(&ctx.settings.auth);
            let caller = blocking(ctx, move |conn| {
                Ok(sessions::authenticate(conn, &claims, &limits, crate::db::now()).ok())
            })
            .await?;
            Ok(caller.map(|c| Scope {
                name: format!("user:{}", c.user_id),
                user_id: Some(c.user_id),
            }))
        }
    }
}

async fn read_body(req: &mut ServiceRequest, limit: usize) -> Result<Bytes, Error> {
    let mut payload = req.take_payload();
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError(AppError::PayloadTooLarge { limit }).into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// What makes two requests "the same": method, path with query, content type and body.
fn request_hash(req: &ServiceRequest, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b"\n");
    hasher.update(req.uri().to_string());
    hasher.update(b"\n");
    if let Some(ct) = req.headers().get(header::CONTENT_TYPE) {
        hasher.update(ct.as_bytes());
    }
    hasher.update(b"\n");
    hasher.update(body);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn replay(stored: &StoredKey) -> Option<HttpResponse> {
    let status = StatusCode::from_u16(u16::try_from(stored.status?).ok()?).ok()?;
    let mut response = HttpResponse::build(status);
    if let Some(ct) = stored
        .content_type
        .as_deref()
        .and_then(|c| HeaderValue::from_str(c).ok())
    {
        response.insert_header((header::CONTENT_TYPE, ct));
    }
    response.insert_header(("Idempotent-Replayed", "true"));
    Some(response.body(stored.body.clone().unwrap_or_default()))
}

async fn release(ctx: &web::Data<AppContext>, scope: &str, key: &str) {
    let (scope, key) = (scope.to_owned(), key.to_owned());
    if let Err(e) = blocking(ctx, move |conn| repo::release(conn, &scope, &key)).await {
        tracing::warn!(error = %e, "releasing an idempotency key failed");
    }
}

/// One blocking database call, as every handler makes it (`api::run`).
async fn blocking<T: Send + 'static>(
    ctx: &web::Data<AppContext>,
    work: impl FnOnce(&mut crate::db::DbConnection) -> Result<T, crate::db::DbError> + Send + 'static,
) -> Result<T, Error> {
    super::run(ctx, move |conn| work(conn).map_err(AppError::from))
        .await
        .map_err(Error::from)
}

/// Say in the OpenAPI document what this middleware does: every POST but those in
/// [`NEVER_STORED`] takes an optional `Idempotency-Key` header and may answer 422 when the
/// key was used for another request.
pub fn document(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::Required;
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    for (path, item) in doc.paths.paths.iter_mut() {
        let Some(operation) = item.post.as_mut() else {
            continue;
        };
        if NEVER_STORED.contains(&path.as_str()) {
            continue;
        }
        let parameter = ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "Makes a retry safe: a repeat by the same caller with the same key within \
                 24 hours gets the first answer again (status and body, with \
                 `Idempotent-Replayed: true`) without doing anything twice.",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(255))
                    .pattern(Some("^[\\x21-\\x7E]+$")),
            ))
            .build();
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(parameter.into());
        operation.responses.responses.insert(
            "422".to_owned(),
            super::problem::documented_problem(
                "The Idempotency-Key was used with another request.",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_1_to_255_visible_ascii_characters() {
        assert!(is_valid_key(b"a"));
        assert!(is_valid_key(&[b'~'; 255]));
        assert!(!is_valid_key(b""));
        assert!(!is_valid_key(&[b'a'; 256]));
        assert!(!is_valid_key(b"met spatie"));
        assert!(!is_valid_key("sleutel-é".as_bytes()));
        assert!(!is_valid_key(b"tab\t"));
    }
}
