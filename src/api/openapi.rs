//! The OpenAPI document: paths are collected from the registered handlers; this adds the
//! title, the bearer scheme and the shared schemas.

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
