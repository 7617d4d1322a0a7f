//! WIJ-teams and their contacts.

use actix_web::{HttpResponse, delete, get, patch, post, web};

use super::extract::{Bearer, Body, MaybeBearer, NoQuery, PageQuery, Query};
use super::problem::ApiResult;
use super::responses::*;
use super::{run_as, run_maybe_as};
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::service::AppContext;
use crate::service::accounts::require_admin;
use crate::service::teams::{
    self, CONTACTS_LIST_KIND, ContactChange, ContactInput, ContactPatch, ContactView, NewContact,
    NewTeam, NewTeamInput, TEAMS_LIST_KIND, TeamChange, TeamPatch, TeamView,
};

/// All WIJ-teams, by name.
#[utoipa::path(tag = "wij-teams", params(PageQuery), responses(
    (status = 200, body = Page<TeamView>),
    BadRequest,
    BadToken,
    Unavailable,
))]
#[get("/wij-teams")]
pub async fn list_teams(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    query: Query<PageQuery>,
) -> ApiResult<web::Json<Page<TeamView>>> {
    let cursors = ctx.cursors.clone();
    let page = run_maybe_as(&ctx, token.0, move |conn, _| {
        let query = query.parse()?;
        let page = PageRequest::parse(
            &cursors,
            TEAMS_LIST_KIND,
            query.limit.as_deref(),
            query.cursor.as_deref(),
            DEFAULT_LIMIT,
        )?;
        teams::list(conn, &page, &cursors)
    })
    .await?;
    Ok(web::Json(page))
}

/// Admin: create a WIJ-team.
#[utoipa::path(tag = "wij-teams", security(("bearer" = [])), request_body = NewTeamInput, responses(
    (status = 201, body = TeamView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    Unavailable,
))]
#[post("/wij-teams")]
pub async fn create_team(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    body: Body<NewTeamInput>,
) -> ApiResult<HttpResponse> {
    let view = run_as(&ctx, token.0, move |conn, caller| {
        require_admin(caller)?;
        query.parse()?;
        teams::create(conn, caller, &NewTeam::try_from(&body.parse()?)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One WIJ-team.
#[utoipa::path(tag = "wij-teams", params(("id" = String, Path)), responses(
    (status = 200, body = TeamView),
    BadToken,
    NotFound,
    Unavailable,
))]
#[get("/wij-teams/{id}")]
pub async fn get_team(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<TeamView>> {
    let id = id.into_inner();
    let view = run_maybe_as(&ctx, token.0, move |conn, _| {
        query.parse()?;
        teams::get(conn, &id)
    })
    .await?;
    Ok(web::Json(view))
}

/// Edit a team: admins all fields; the team's own workers all but `wijk_codes` (403).
#[utoipa::path(tag = "wij-teams", security(("bearer" = [])), params(("id" = String, Path)), request_body = TeamPatch, responses(
    (status = 200, body = TeamView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[patch("/wij-teams/{id}")]
pub async fn update_team(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
    body: Body<TeamPatch>,
) -> ApiResult<web::Json<TeamView>> {
    let id = id.into_inner();
    let view = run_as(&ctx, token.0, move |conn, caller| {
        teams::require_team_rights(conn, caller, &id, None)?;
        query.parse()?;
        let body = body.parse()?;
        teams::require_coverage_rights(caller, body.wijk_codes.is_some())?;
        teams::update(conn, caller, &id, &TeamChange::try_from(&body)?)
    })
    .await?;
    Ok(web::Json(view))
}

/// A team's contacts, newest first. Email and phone only for team workers and admins.
#[utoipa::path(security((), ("bearer" = [])), tag = "wij-teams", params(("id" = String, Path), PageQuery), responses(
    (status = 200, body = Page<ContactView>),
    BadRequest,
    BadToken,
    NotFound,
    Unavailable,
))]
#[get("/wij-teams/{id}/contacts")]
pub async fn list_contacts(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    id: web::Path<String>,
    query: Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let cursors = ctx.cursors.clone();
    let id = id.into_inner();
    let page = run_maybe_as(&ctx, token.0, move |conn, caller| {
        let query = query.parse()?;
        let page = PageRequest::parse(
            &cursors,
            CONTACTS_LIST_KIND,
            query.limit.as_deref(),
            query.cursor.as_deref(),
            DEFAULT_LIMIT,
        )?;
        teams::list_contacts(conn, caller, &id, &page, &cursors)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(page))
}

/// Add a contact (admins and the team's workers).
#[utoipa::path(tag = "wij-teams", security(("bearer" = [])), params(("id" = String, Path)), request_body = ContactInput, responses(
    (status = 201, body = ContactView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[post("/wij-teams/{id}/contacts")]
pub async fn add_contact(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
    body: Body<ContactInput>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let view = run_as(&ctx, token.0, move |conn, caller| {
        teams::require_team_rights(conn, caller, &id, None)?;
        query.parse()?;
        teams::add_contact(conn, caller, &id, &NewContact::try_from(&body.parse()?)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Edit a contact (admins and the team's workers).
#[utoipa::path(tag = "wij-teams", security(("bearer" = [])), params(("id" = String, Path), ("contact_id" = String, Path)), request_body = ContactPatch, responses(
    (status = 200, body = ContactView),
    BodyErrors,
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[patch("/wij-teams/{id}/contacts/{contact_id}")]
pub async fn update_contact(
    ctx: web::Data<AppContext>,
    token: Bearer,
    path: web::Path<(String, String)>,
    query: NoQuery,
    body: Body<ContactPatch>,
) -> ApiResult<web::Json<ContactView>> {
    let (id, contact_id) = path.into_inner();
    let view = run_as(&ctx, token.0, move |conn, caller| {
        teams::require_team_rights(conn, caller, &id, Some(&contact_id))?;
        query.parse()?;
        let change = ContactChange::try_from(&body.parse()?)?;
        teams::update_contact(conn, caller, &id, &contact_id, &change)
    })
    .await?;
    Ok(web::Json(view))
}

/// Remove a contact (admins and the team's workers).
#[utoipa::path(tag = "wij-teams", security(("bearer" = [])), params(("id" = String, Path), ("contact_id" = String, Path)), responses(
    (status = 204),
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[delete("/wij-teams/{id}/contacts/{contact_id}")]
pub async fn delete_contact(
    ctx: web::Data<AppContext>,
    token: Bearer,
    path: web::Path<(String, String)>,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let (id, contact_id) = path.into_inner();
    run_as(&ctx, token.0, move |conn, caller| {
        teams::require_team_rights(conn, caller, &id, Some(&contact_id))?;
        query.parse()?;
        teams::delete_contact(conn, caller, &id, &contact_id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
