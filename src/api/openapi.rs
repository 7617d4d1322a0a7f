//! The OpenAPI document: paths are collected from the registered handlers; this adds the
//! title, the bearer scheme and the shared schemas.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AdditionalProperties, Schema};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "wijkmatch API",
        description = "Neighbourhood initiative registry and matchmaking for Groningen's wijken. \
                       Errors are RFC 9457 problem details (application/problem+json).",
        version = "1"
    ),
    components(schemas(
        super::problem::Problem,
        super::problem::ProblemField,
        crate::domain::validation::ErrorCode
    )),
    modifiers(&BearerScheme)
)]
pub struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.bearer_format = Some("JWT".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

/// Internally tagged input enums refuse unknown fields (`deny_unknown_fields`), but the
/// derive states that only for structs: each variant of these gets `additionalProperties:
/// false` once the handlers' schemas are collected, so a client generated from the document
/// sends what the server accepts.
pub fn close_tagged_variants(openapi: &mut utoipa::openapi::OpenApi) {
    const CLOSED_TAGGED_ENUMS: [&str; 1] = ["ScheduleInput"];
    let Some(components) = openapi.components.as_mut() else {
        return;
    };
    for name in CLOSED_TAGGED_ENUMS {
        let Some(RefOr::T(Schema::OneOf(one_of))) = components.schemas.get_mut(name) else {
            continue;
        };
        for variant in &mut one_of.items {
            if let RefOr::T(Schema::Object(object)) = variant {
                object.additional_properties =
                    Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
        }
    }
}
