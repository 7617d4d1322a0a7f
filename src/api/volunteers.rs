//! Volunteer profiles.

use actix_web::{get, put, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Bearer, Body, NoQuery, Query};
use super::problem::ApiResult;
use super::responses::*;
use super::run_as;
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::domain::validation::{Checker, Invalid};
use crate::domain::vocabulary::{Skill, WijkCode};
use crate::i18n::Text;
use crate::parse_fields;
use crate::service::AppContext;
use crate::service::volunteers::{
    self, AnyProfileView, ProfileInput, ProfileView, PublicProfileView, VolunteerFilter,
    VolunteerProfile,
};

/// Create or replace the caller's volunteer profile.
#[utoipa::path(tag = "volunteers", security(("bearer" = [])), request_body = ProfileInput, responses(
    (status = 200, body = ProfileView),
    BodyErrors,
    Unauthorized,
    Unavailable,
))]
#[put("/volunteers/me")]
pub async fn put_mine(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    body: Body<ProfileInput>,
) -> ApiResult<web::Json<ProfileView>> {
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            query.parse()?;
            volunteers::put_mine(conn, caller, &VolunteerProfile::try_from(&body.parse()?)?)
        })
        .await?,
    ))
}

/// The caller's volunteer profile; 404 before the first PUT.
#[utoipa::path(tag = "volunteers", security(("bearer" = [])), responses(
    (status = 200, body = ProfileView),
    Unauthorized,
    NotFound,
    Unavailable,
))]
#[get("/volunteers/me")]
pub async fn get_mine(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
) -> ApiResult<web::Json<ProfileView>> {
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            query.parse()?;
            volunteers::get_mine(conn, caller)
        })
        .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VolunteerQuery {
    /// Home wijk.
    #[param(schema_with = WijkCode::schema)]
    pub wijk: Option<String>,
    #[param(schema_with = Skill::schema)]
    pub skill: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

impl TryFrom<&VolunteerQuery> for VolunteerFilter {
    type Error = Invalid;

    fn try_from(q: &VolunteerQuery) -> Result<Self, Invalid> {
        let mut check = Checker::new();
        parse_fields!(
            check,
            VolunteerFilter {
                wijk: q
                    .wijk
                    .as_deref()
                    .map(|w| WijkCode::parse("wijk", w))
                    .transpose(),
                skill: q
                    .skill
                    .as_deref()
                    .map(|s| Skill::parse("skill", s))
                    .transpose(),
            }
        )
    }
}

/// Team workers and admins: public volunteer profiles, newest first.
#[utoipa::path(tag = "volunteers", security(("bearer" = [])), params(VolunteerQuery), responses(
    (status = 200, body = Page<PublicProfileView>),
    BadRequest,
    Unauthorized,
    Forbidden,
    Unavailable,
))]
#[get("/volunteers")]
pub async fn list(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: Query<VolunteerQuery>,
) -> ApiResult<web::Json<Page<PublicProfileView>>> {
    let cursors = ctx.cursors.clone();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            super::require_role(caller.is_staff(), Text::VolunteerListForStaff)?;
            let q = query.parse()?;
            let page = PageRequest::parse(
                &cursors,
                volunteers::LIST_KIND,
                q.limit.as_deref(),
                q.cursor.as_deref(),
                DEFAULT_LIMIT,
            )?;
            volunteers::list(
                conn,
                caller,
                &VolunteerFilter::try_from(&q)?,
                &page,
                &cursors,
            )
        })
        .await?,
    ))
}

/// One profile: the volunteer sees their own; team workers and admins the public one.
#[utoipa::path(tag = "volunteers", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, body = AnyProfileView),
    Unauthorized,
    NotFound,
    Unavailable,
))]
#[get("/volunteers/{id}")]
pub async fn get_one(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<AnyProfileView>> {
    let id = id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            query.parse()?;
            volunteers::get(conn, caller, &id)
        })
        .await?,
    ))
}
