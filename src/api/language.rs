//! The language of each answer, decided once per request from `Accept-Language`.
//!
//! actix renders an error (`ResponseError::error_response`) without the request, so the
//! language travels beside the request as a task-local value: [`negotiate`] decides it at
//! the edge and runs the rest of the request (handler, extractors, inner middleware) inside
//! it, and also renders there any error that would otherwise leave the middleware chain
//! unrendered (the request cannot be kept to build a response: routing needs it unshared). Handlers that return text themselves take [`Lang`] as an extractor.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest};
use std::future::{Ready, ready};

use super::media::PROBLEM_JSON;
use crate::i18n::Lang;

tokio::task_local! {
    static LANG: Lang;
}

/// The language of the request being answered; English outside one.
pub fn current() -> Lang {
    LANG.try_with(|lang| *lang).unwrap_or_default()
}

fn from_headers(req: &HttpRequest) -> Lang {
    Lang::negotiate(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// Decide the language and answer in it; problem answers carry `Vary: Accept-Language`.
/// (No `Content-Language`: an idempotent replay returns the stored answer, which may be in
/// the language of the first attempt.)
pub async fn negotiate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let lang = from_headers(req.request());
    req.extensions_mut().insert(lang);
    LANG.scope(lang, async move {
        match next.call(req).await {
            Ok(mut res) => {
                vary_if_problem(res.headers_mut());
                Ok(res.map_into_boxed_body())
            }
            // An error the chain passes on would be rendered after this scope has ended, in
            // English: render it here and pass on the rendered answer.
            Err(err) => {
                let mut response = err.error_response();
                vary_if_problem(response.headers_mut());
                Err(InternalError::from_response(err.to_string(), response).into())
            }
        }
    })
    .await
}

fn vary_if_problem(headers: &mut HeaderMap) {
    let is_problem = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem {
        headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
    }
}

/// The language [`negotiate`] decided (or, outside it, the header's).
impl FromRequest for Lang {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let lang = req
            .extensions()
            .get::<Lang>()
            .copied()
            .unwrap_or_else(|| from_headers(req));
        ready(Ok(lang))
    }
}
