//! Extractors: the bearer token (verified inline, the session is checked with the request's
//! database work), the client address, and the body and query, both kept unparsed until the
//! handler has decided whether the caller may do the operation at all: authorisation comes
//! before any word about the body or the query.

use std::future::{Ready, ready};
use std::marker::PhantomData;
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use utoipa::IntoParams;
use utoipa::openapi::path::ParameterIn;

use super::problem::ApiError;
use crate::auth::tokens::Claims;
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::i18n::{FieldText, Text};
use crate::service::AppContext;

fn context(req: &HttpRequest) -> Result<&web::Data<AppContext>, ApiError> {
    req.app_data::<web::Data<AppContext>>()
        .ok_or_else(|| AppError::internal("application context missing").into())
}

/// Read and verify a bearer token. `Ok(None)` when no Authorization header was sent.
pub(crate) fn bearer(req: &HttpRequest) -> Result<Option<Claims>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let invalid = || ApiError(AppError::Unauthorized { token_sent: true });
    let value = value.to_str().map_err(|_| invalid())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(invalid)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(invalid());
    }
    let ctx = context(req)?;
    let claims = ctx
        .tokens
        .verify(token.trim(), ctx.clock.now().timestamp())
        .map_err(|_| invalid())?;
    Ok(Some(claims))
}

/// A verified token whose session is still to be checked (see `AppContext` helpers).
pub struct Bearer(pub Claims);

impl FromRequest for Bearer {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(bearer(req).and_then(|c| {
            c.map(Bearer)
                .ok_or(ApiError(AppError::Unauthorized { token_sent: false }))
        }))
    }
}

/// For endpoints open to anyone: no token is fine, a bad token is still a 401.
pub struct MaybeBearer(pub Option<Claims>);

impl FromRequest for MaybeBearer {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(bearer(req).map(MaybeBearer))
    }
}

/// The client's address: the socket peer, or the X-Forwarded-For entry added by a
/// configured trusted proxy. Never a header the client alone controls.
pub struct ClientAddr(pub IpAddr);

impl FromRequest for ClientAddr {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(ClientAddr(client_address(req))))
    }
}

/// The client's address as [`ClientAddr`] extracts it.
pub(crate) fn client_address(req: &HttpRequest) -> IpAddr {
    let peer = req
        .peer_addr()
        .map_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), |a| a.ip());
    let trusted = context(req)
        .map(|ctx| ctx.settings.server.trusted_proxies.clone())
        .unwrap_or_default();
    client_addr(peer, &trusted, req)
}

fn client_addr(peer: IpAddr, trusted: &[IpAddr], req: &HttpRequest) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    // Walk the chain from the right, skipping our own proxies: the first other hop is the
    // client as the nearest trusted proxy saw it.
    let forwarded: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// Body size limit for a scope, read by [`Body`].
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON body, read but not yet parsed: a handler first decides whether the caller may do
/// the operation at all, then calls [`Body::parse`]. Only the size is checked on the way in
/// (413 over the scope's limit): a body has to be held while the database is asked, and an
/// oversized one is refused before it is buffered. The media type (415) and the fields
/// (400, with the exact path) are words about the body, so they come after authorisation.
pub struct Body<T> {
    bytes: web::Bytes,
    is_json: bool,
    // `fn() -> T` keeps the body `Send` whatever `T` is: it holds bytes, not a `T`.
    _type: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Body<T> {
    /// 415 unless `application/json`, 400 with the exact field path when it does not fit the
    /// type (unknown fields included).
    pub fn parse(&self) -> Result<T, AppError> {
        if !self.is_json {
            return Err(AppError::UnsupportedMediaType);
        }
        parse_json(&self.bytes)
    }
}

impl<T: 'static> FromRequest for Body<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<BodyLimit>().map_or(32 * 1024, |l| l.0);
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_json_media_type);
        let declared_len = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if declared_len.is_some_and(|n| n > limit) {
                return Err(AppError::PayloadTooLarge { limit }.into());
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|_| AppError::BadRequest(Text::UnreadableBody))?;
                if body.len() + chunk.len() > limit {
                    return Err(AppError::PayloadTooLarge { limit }.into());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Body {
                bytes: body.freeze(),
                is_json,
                _type: PhantomData,
            })
        })
    }
}

/// The query string, kept but not yet parsed: as with [`Body`], a handler decides who may
/// call it first, then calls [`Query::parse`]. The parameters `T` documents (its
/// `IntoParams`, the same list the OpenAPI document shows) are the only ones accepted; any
/// other is a 400 naming it, never silently ignored.
pub struct Query<T> {
    raw: String,
    _type: PhantomData<fn() -> T>,
}

impl<T> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Query {
            raw: req.query_string().to_owned(),
            _type: PhantomData,
        }))
    }
}

impl<T: DeserializeOwned + IntoParams> Query<T> {
    pub fn parse(&self) -> Result<T, AppError> {
        let accepted: Vec<String> = T::into_params(|| Some(ParameterIn::Query))
            .into_iter()
            .map(|p| p.name)
            .collect();
        refuse_unknown_parameters(&self.raw, &accepted)?;
        web::Query::<T>::from_query(&self.raw)
            .map(web::Query::into_inner)
            .map_err(invalid_query)
    }
}

/// For operations that take no query parameters: any one sent is unknown.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoParams {}

impl IntoParams for NoParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<utoipa::openapi::path::Parameter> {
        Vec::new()
    }
}

/// The query of an operation that takes none: checked with `parse` like any other.
pub type NoQuery = Query<NoParams>;

/// 400 naming every parameter in `raw` that is not in `accepted` (each name once).
fn refuse_unknown_parameters(raw: &str, accepted: &[String]) -> Result<(), AppError> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(raw).map_err(invalid_query)?;
    let mut unknown: Vec<String> = Vec::new();
    for (name, _) in pairs.into_inner() {
        if !accepted.contains(&name) && !unknown.contains(&name) {
            unknown.push(name);
        }
    }
    if unknown.is_empty() {
        return Ok(());
    }
    let text = if accepted.is_empty() {
        FieldText::NoQueryParameters
    } else {
        FieldText::UnknownQueryParameter {
            known: accepted.join(", "),
        }
    };
    Err(AppError::Validation(
        unknown
            .iter()
            .map(|name| FieldError::new(name, text.clone()))
            .collect(),
    ))
}

fn invalid_query(e: actix_web::error::QueryPayloadError) -> AppError {
    AppError::BadRequest(Text::InvalidQuery {
        english: e.to_string(),
    })
}

/// 400 for a body that is not JSON at all, saying where it breaks (serde's own words are
/// English; the position is all the message needs).
fn malformed(e: &serde_json::Error) -> AppError {
    AppError::BadRequest(Text::MalformedJson {
        line: e.line(),
        column: e.column(),
    })
}

/// What every `cursor` parameter says: a rule no schema can state, since a valid cursor is
/// one the server signed.
const CURSOR_RULE: &str = "The `next_cursor` of the previous page of this list, as given. \
     Cursors are signed by the server: one it did not issue for this list answers 400 \
     (`invalid_format`).";

/// Every documented operation refuses unknown query parameters with 400, so each one lists
/// a 400 answer, also those that have no other cause for one; every `cursor` says its rule.
pub fn document(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    for item in doc.paths.paths.values_mut() {
        let operations = [
            item.get.as_mut(),
            item.post.as_mut(),
            item.put.as_mut(),
            item.patch.as_mut(),
            item.delete.as_mut(),
        ];
        for operation in operations.into_iter().flatten() {
            for parameter in operation.parameters.iter_mut().flatten() {
                let utoipa::openapi::RefOr::T(parameter) = parameter else {
                    continue;
                };
                if parameter.name == "cursor" && parameter.parameter_in == ParameterIn::Query {
                    parameter.description = Some(CURSOR_RULE.to_owned());
                }
            }
            operation
                .responses
                .responses
                .entry("400".to_owned())
                .or_insert_with(|| {
                    super::problem::documented_problem(
                        "An unknown query parameter (`errors[].field` names it).",
                    )
                });
        }
    }
}

/// `application/json` or `application/<something>+json`, in any letter case, with no charset
/// parameter other than UTF-8 (the only encoding JSON bodies are read in).
pub fn is_json_media_type(content_type: &str) -> bool {
    let mut parts = content_type.split(';');
    let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let json = mime == "application/json"
        || mime
            .strip_prefix("application/")
            .and_then(|sub| sub.strip_suffix("+json"))
            .is_some_and(|name| {
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.".contains(c))
            });
    json && parts.all(|param| {
        let (name, value) = param.split_once('=').unwrap_or((param, ""));
        !name.trim().eq_ignore_ascii_case("charset")
            || value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
    })
}

/// Deserialize with the path of the offending field in the error.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    // serde reads a struct from an array too (fields by position); every body here is an
    // object, so anything else is refused before it can slip past the field checks.
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{')
        && serde_json::from_slice::<serde_json::Value>(body).is_ok()
    {
        return Err(AppError::field("body", FieldText::JsonObject));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(value) => {
            de.end().map_err(|e| malformed(&e))?;
            Ok(value)
        }
        Err(err) => {
            let inner = err.inner();
            if inner.is_syntax() || inner.is_eof() || inner.is_io() {
                return Err(malformed(inner));
            }
            let path = err.path().to_string();
            let message = inner.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_owned();
            // serde's English stays in the English message; the code and the Dutch
            // message say the same from the catalogue.
            let field = field_name(&path, &message);
            let english = message;
            let text = if english == crate::domain::patch::NOT_NULL {
                FieldText::NotNull
            } else if english.starts_with("missing field") {
                FieldText::JsonMissing { english }
            } else if english.starts_with("unknown field") {
                FieldText::JsonUnknownField { english }
            } else if english.starts_with("unknown variant") {
                FieldText::JsonUnknownVariant { english }
            } else {
                FieldText::JsonType { english }
            };
            Err(AppError::Validation(vec![FieldError::new(&field, text)]))
        }
    }
}

/// The field an error is about: the path, extended by the name in "unknown field `x`" or
/// "missing field `x`", which serde reports at the parent's path.
fn field_name(path: &str, message: &str) -> String {
    let parent = if path == "." { "" } else { path };
    // serde_path_to_error already ends the path with an unknown field's name.
    let named = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    match named {
        Some(name) if parent.is_empty() => name.to_owned(),
        Some(name) => format!("{parent}.{name}"),
        None if parent.is_empty() => "body".to_owned(),
        None => parent.to_owned(),
    }
}

/// `?limit=&cursor=` as sent; validated by `PageRequest::parse`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_media_types_are_json_bodies() {
        for ok in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            "application/json;charset=\"UTF-8\"",
            "application/merge-patch+json",
            "application/vnd.wijkmatch.v1+json",
        ] {
            assert!(is_json_media_type(ok), "{ok}");
        }
        for bad in [
            "",
            "text/json",
            "text/plain",
            "text/plain+json",
            "application/xml",
            "application/jsonp",
            "application/json-seq",
            "application/+json",
            "application/x/y+json",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
            "application/json; charset=iso-8859-1",
            "json",
        ] {
            assert!(!is_json_media_type(bad), "{bad}");
        }
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Slot {
        weekday: u8,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Input {
        email: String,
        slots: Vec<Slot>,
    }

    fn field_of(body: &str) -> String {
        match parse_json::<Input>(body.as_bytes()) {
            Err(AppError::Validation(e)) => e[0].field.clone(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(field_of(r#"{"slots": []}"#), "email");
        assert_eq!(field_of(r#"{"email": 3, "slots": []}"#), "email");
        assert_eq!(
            field_of(r#"{"email": "a", "slots": [], "roles": ["admin"]}"#),
            "roles"
        );
        assert_eq!(
            field_of(r#"{"email": "a", "slots": [{"weekday": "x"}]}"#),
            "slots[0].weekday"
        );
        assert_eq!(
            field_of(r#"{"email": "a", "slots": [{"day": 1}]}"#),
            "slots[0].day"
        );
    }

    #[test]
    fn the_client_address_is_the_peer_unless_a_trusted_proxy_forwarded_it() {
        use actix_web::test::TestRequest;
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "192.0.2.7".parse().unwrap();
        let spoofed: IpAddr = "198.51.100.9".parse().unwrap();
        let req = |peer: IpAddr, xff: &str| {
            TestRequest::default()
                .peer_addr(std::net::SocketAddr::new(peer, 4000))
                .insert_header(("x-forwarded-for", xff.to_owned()))
                .to_http_request()
        };
        // No trusted proxies: the header is ignored.
        assert_eq!(
            client_addr(client, &[], &req(client, "198.51.100.9")),
            client
        );
        // From a trusted proxy: the rightmost address that is not one of ours. A client
        // cannot push a fake address past the proxy by sending its own header first.
        let r = req(proxy, &format!("{spoofed}, {client}"));
        assert_eq!(client_addr(proxy, &[proxy], &r), client);
        // A request that did not come through the proxy keeps its peer address.
        assert_eq!(
            client_addr(client, &[proxy], &req(client, "198.51.100.9")),
            client
        );
        // A trusted proxy that sent no usable header: the proxy itself.
        assert_eq!(client_addr(proxy, &[proxy], &req(proxy, "garbage")), proxy);
    }

    #[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
    #[into_params(parameter_in = Query)]
    #[allow(dead_code)]
    struct Filter {
        wijk: Option<String>,
        limit: Option<String>,
    }

    fn query<T>(raw: &str) -> Query<T> {
        Query {
            raw: raw.to_owned(),
            _type: PhantomData,
        }
    }

    fn unknown(result: Result<impl std::fmt::Debug, AppError>) -> Vec<String> {
        match result {
            Err(AppError::Validation(e)) => e.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn only_documented_query_parameters_are_accepted() {
        let f = query::<Filter>("wijk=WK001404&limit=5").parse().unwrap();
        assert_eq!(f.wijk.as_deref(), Some("WK001404"));
        assert!(query::<Filter>("").parse().is_ok());
        assert_eq!(unknown(query::<Filter>("kind=x").parse()), ["kind"]);
        // Each unknown name once, in the order sent; known ones are no excuse.
        assert_eq!(
            unknown(query::<Filter>("wijk=a&b=1&c=2&b=3").parse()),
            ["b", "c"]
        );
        // Names are decoded before they are compared.
        assert!(query::<Filter>("wij%6B=a").parse().is_ok());
        assert_eq!(unknown(query::<NoParams>("foo=1").parse()), ["foo"]);
        assert!(query::<NoParams>("").parse().is_ok());
    }

    #[test]
    fn a_body_says_nothing_until_it_is_parsed() {
        let body = |bytes: &'static [u8], is_json: bool| Body::<Input> {
            bytes: web::Bytes::from_static(bytes),
            is_json,
            _type: PhantomData,
        };
        assert!(matches!(
            body(b"{}", false).parse(),
            Err(AppError::UnsupportedMediaType)
        ));
        assert_eq!(
            match body(b"{\"slots\": []}", true).parse() {
                Err(AppError::Validation(e)) => e[0].field.clone(),
                other => panic!("{other:?}"),
            },
            "email"
        );
        assert!(
            body(br#"{"email": "a", "slots": []}"#, true)
                .parse()
                .is_ok()
        );
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        assert!(matches!(
            parse_json::<Input>(b"{"),
            Err(AppError::BadRequest(_))
        ));
        assert!(matches!(
            parse_json::<Input>(br#"{"email":"a","slots":[]} x"#),
            Err(AppError::BadRequest(_))
        ));
    }
}
