//! Which methods each documented path allows, read from the OpenAPI document (complete by
//! construction: every route is registered together with its documentation), so that a
//! known path asked with another method answers 405 with `Allow` rather than 404.

use actix_web::http::StatusCode;
use actix_web::http::header::{ALLOW, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::PathItem;

use super::problem::Problem;
use crate::i18n::{Noun, Text};

enum Segment {
    Literal(String),
    /// A parameter, possibly followed by literal text in the same segment (`{token}.ics`).
    Param {
        suffix: String,
    },
}

/// Path templates with their methods.
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<&'static str>)>,
}

fn methods(item: &PathItem) -> Vec<&'static str> {
    [
        ("GET", item.get.is_some()),
        ("POST", item.post.is_some()),
        ("PUT", item.put.is_some()),
        ("PATCH", item.patch.is_some()),
        ("DELETE", item.delete.is_some()),
    ]
    .into_iter()
    .filter_map(|(m, present)| present.then_some(m))
    .collect()
}

fn segments(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .map(|s| match (s.strip_prefix('{'), s.find('}')) {
            (Some(_), Some(close)) => Segment::Param {
                suffix: s[close + 1..].to_owned(),
            },
            _ => Segment::Literal(s.to_owned()),
        })
        .collect()
}

impl RouteTable {
    pub fn from_openapi(doc: &OpenApi) -> Self {
        Self {
            routes: doc
                .paths
                .paths
                .iter()
                .map(|(template, item)| (segments(template), methods(item)))
                .collect(),
        }
    }

    /// The methods allowed on `path`, or `None` when no documented route has that shape.
    pub fn allowed(&self, path: &str) -> Option<Vec<&'static str>> {
        let parts: Vec<&str> = path.split('/').collect();
        let mut allowed: Vec<&'static str> = self
            .routes
            .iter()
            .filter(|(template, _)| {
                template.len() == parts.len()
                    && template.iter().zip(&parts).all(|(seg, part)| match seg {
                        Segment::Literal(l) => l == part,
                        Segment::Param { suffix } => part
                            .strip_suffix(suffix.as_str())
                            .is_some_and(|name| !name.is_empty()),
                    })
            })
            .flat_map(|(_, methods)| methods.iter().copied())
            .collect();
        allowed.sort_unstable();
        allowed.dedup();
        (!allowed.is_empty()).then_some(allowed)
    }
}

/// Fallback for requests no route took: 405 with `Allow` for a known path, else 404 (an
/// HTML page outside the API's paths).
pub async fn fallback(req: HttpRequest, table: web::Data<RouteTable>) -> HttpResponse {
    if crate::web::is_page_path(req.path()) {
        return crate::web::not_found(req).await;
    }
    match table.allowed(req.path()) {
        Some(allowed) if !allowed.contains(&req.method().as_str()) => {
            let list = allowed.join(", ");
            let mut response = Problem::text(
                StatusCode::METHOD_NOT_ALLOWED,
                &Text::MethodNotAllowed {
                    method: req.method().to_string(),
                    allowed: list.clone(),
                },
            )
            .response();
            if let Ok(v) = HeaderValue::from_str(&list) {
                response.headers_mut().insert(ALLOW, v);
            }
            response
        }
        _ => Problem::text(
            StatusCode::NOT_FOUND,
            &Text::NotFound {
                what: Noun::Resource,
            },
        )
        .response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RouteTable {
        let doc: OpenApi = serde_json::from_value(serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/api/v1/volunteers/me": {"get": {"responses": {}}, "put": {"responses": {}}},
                "/api/v1/volunteers/{id}": {"get": {"responses": {}}},
                "/calendar/{token}.ics": {"get": {"responses": {}}},
                "/api/v1/auth/login": {"post": {"responses": {}}}
            }
        }))
        .unwrap();
        RouteTable::from_openapi(&doc)
    }

    #[test]
    fn known_paths_list_their_methods_and_unknown_ones_none() {
        let t = table();
        assert_eq!(t.allowed("/api/v1/auth/login"), Some(vec!["POST"]));
        assert_eq!(t.allowed("/api/v1/volunteers/me"), Some(vec!["GET", "PUT"]));
        assert_eq!(t.allowed("/api/v1/volunteers/abc"), Some(vec!["GET"]));
        assert_eq!(t.allowed("/api/v1/volunteers/"), None);
        assert_eq!(t.allowed("/api/v1/nothing"), None);
        assert_eq!(t.allowed("/calendar/abc.ics"), Some(vec!["GET"]));
        assert_eq!(t.allowed("/calendar/.ics"), None);
        assert_eq!(t.allowed("/calendar/abc"), None);
    }
}
