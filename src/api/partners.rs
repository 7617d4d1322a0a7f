//! Partners of an initiative: volunteers (invited), key figures and WIJ-team contacts.

use actix_web::{HttpResponse, delete, get, post, web};

use super::extract::{Bearer, Body, MaybeBearer, NoQuery, PageQuery, Query};
use super::problem::{ApiResult, Problem};
use super::responses::*;
use super::{run_as, run_maybe_as};
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::service::AppContext;
use crate::service::partners::{self, NewPartnerLink, PartnerInput, PartnerView};

/// The initiative's public partners. Those who may link partners, and the invited volunteer,
/// also see unconfirmed volunteer invitations, with `display: null`.
#[utoipa::path(security((), ("bearer" = [])), tag = "initiatives", params(("id" = String, Path), PageQuery), responses(
    (status = 200, body = Page<PartnerView>),
    BadRequest,
    BadToken,
    NotFound,
    Unavailable,
))]
#[get("/initiatives/{id}/partners")]
pub async fn list_partners(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    id: web::Path<String>,
    query: Query<PageQuery>,
) -> ApiResult<web::Json<Page<PartnerView>>> {
    let (id, cursors) = (id.into_inner(), ctx.cursors.clone());
    Ok(web::Json(
        run_maybe_as(&ctx, token.0, move |conn, caller| {
            let query = query.parse()?;
            let page = PageRequest::parse(
                &cursors,
                partners::LIST_KIND,
                query.limit.as_deref(),
                query.cursor.as_deref(),
                DEFAULT_LIMIT,
            )?;
            partners::list(conn, caller, &id, &page, &cursors)
        })
        .await?,
    ))
}

/// Link a partner (coordinators, admins, workers of a team covering the wijk). For
/// `kind: "volunteer"` any well-formed id answers 201 with `display: null`: an invitation
/// that only that volunteer can confirm, removed after 30 days unconfirmed. The answer never
/// tells whether the id is a volunteer's.
#[utoipa::path(tag = "initiatives", security(("bearer" = [])), params(("id" = String, Path)), request_body = PartnerInput, responses(
    BodyErrors,
    (status = 201, body = PartnerView),
    (status = 400, description = "invalid input, or an unknown key figure or contact id", body = Problem, content_type = "application/problem+json"),
    Unauthorized,
    Forbidden,
    NotFound,
    (status = 409, description = "already linked", body = Problem, content_type = "application/problem+json"),
    Unavailable,
))]
#[post("/initiatives/{id}/partners")]
pub async fn add_partner(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
    body: Body<PartnerInput>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let view = run_as(&ctx, token.0, move |conn, caller| {
        partners::require_linker(conn, caller, &id)?;
        query.parse()?;
        partners::add(
            conn,
            caller,
            &id,
            &NewPartnerLink::try_from(&body.parse()?)?,
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Unlink a partner (as linking, or the linked volunteer).
#[utoipa::path(tag = "initiatives", security(("bearer" = [])), params(("id" = String, Path), ("link_id" = String, Path)), responses(
    (status = 204),
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
))]
#[delete("/initiatives/{id}/partners/{link_id}")]
pub async fn remove_partner(
    ctx: web::Data<AppContext>,
    token: Bearer,
    path: web::Path<(String, String)>,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let (id, link_id) = path.into_inner();
    run_as(&ctx, token.0, move |conn, caller| {
        partners::require_unlinker(conn, caller, &id, &link_id)?;
        query.parse()?;
        partners::remove(conn, caller, &id, &link_id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The linked volunteer confirms a link, which makes it public.
#[utoipa::path(tag = "volunteers", security(("bearer" = [])), params(("link_id" = String, Path)), responses(
    (status = 200, body = PartnerView),
    Unauthorized,
    NotFound,
    (status = 409, description = "the caller has no volunteer profile", body = Problem, content_type = "application/problem+json"),
    Unavailable,
))]
#[post("/volunteers/me/partner-links/{link_id}/confirm")]
pub async fn confirm_link(
    ctx: web::Data<AppContext>,
    token: Bearer,
    link_id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<PartnerView>> {
    let link_id = link_id.into_inner();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            partners::require_invitee(conn, caller, &link_id)?;
            query.parse()?;
            partners::confirm(conn, caller, &link_id)
        })
        .await?,
    ))
}
