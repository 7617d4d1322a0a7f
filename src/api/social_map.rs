//! The social map of a wijk: its partners nearest first, for team workers and admins.

use actix_web::http::header;
use actix_web::{CustomizeResponder, Responder, get, web};

use super::extract::Query;
use super::problem::ApiResult;
use super::responses::*;
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::service::AppContext;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SocialMapQuery {
    /// Only these kinds of partner (a comma list); default every kind. Organisations are
    /// not partners yet: `organisation`, like any unknown kind, is a 400 on `kind`.
    #[param(schema_with = crate::domain::kinds::MapKind::list_schema)]
    pub kind: Option<String>,
    /// Only partners for this theme: initiatives with it, volunteers with one of its
    /// skills, key figures whose `connects` names it (WIJ contacts are listed regardless).
    #[param(schema_with = crate::domain::vocabulary::Theme::schema)]
    pub theme: Option<String>,
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next_cursor` of the page before (signed; anything else is a 400).
    pub cursor: Option<String>,
}

/// Team workers and admins: initiatives, key figures, WIJ contacts and volunteers that reach
/// this wijk, nearest first, then id, in pages.
#[utoipa::path(tag = "reference", security(("bearer" = [])), params(("code" = String, Path), SocialMapQuery), responses(
    (status = 200, body = Page<crate::service::social_map::MapItem>),
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[get("/wijken/{code}/partners")]
pub async fn social_map(
    ctx: web::Data<AppContext>,
    token: super::extract::Bearer,
    code: web::Path<String>,
    query: Query<SocialMapQuery>,
    lang: crate::i18n::Lang,
) -> ApiResult<CustomizeResponder<web::Json<Page<crate::service::social_map::MapItem>>>> {
    use crate::service::social_map::{self, MapFilter};
    let code = code.into_inner();
    let cursors = ctx.cursors.clone();
    // The `why` of each item is written in the caller's language.
    Ok(web::Json(
        super::run_as(&ctx, token.0, move |conn, caller| {
            super::require_role(caller.is_staff(), crate::i18n::Text::SocialMapForStaff)?;
            let q = query.parse()?;
            let filter = MapFilter::parse(q.kind.as_deref(), q.theme.as_deref())?;
            let page = PageRequest::parse(
                &cursors,
                social_map::LIST_KIND,
                q.limit.as_deref(),
                q.cursor.as_deref(),
                DEFAULT_LIMIT,
            )?;
            social_map::for_wijk(conn, caller, &code, &filter, &page, &cursors, lang)
        })
        .await?,
    )
    .customize()
    .append_header((header::VARY, "Accept-Language")))
}
