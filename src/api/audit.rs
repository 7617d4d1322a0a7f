//! The audit log of reads of private parts and of changes, for admins.

use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{Bearer, Query};
use super::problem::ApiResult;
use super::responses::*;
use super::run_as;
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::i18n::Text;
use crate::service::AppContext;
use crate::service::audit::{self, AuditEntryView};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// The id of the record or user the entries are about.
    pub subject: Option<String>,
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// The audit log, newest first (admins).
#[utoipa::path(tag = "insight", security(("bearer" = [])), params(AuditQuery), responses(
    (status = 200, body = Page<AuditEntryView>),
    BadRequest,
    Unauthorized,
    Forbidden,
    Unavailable,
))]
#[get("/audit")]
pub async fn list_audit(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: Query<AuditQuery>,
) -> ApiResult<web::Json<Page<AuditEntryView>>> {
    let cursors = ctx.cursors.clone();
    Ok(web::Json(
        run_as(&ctx, token.0, move |conn, caller| {
            super::require_role(caller.is_admin(), Text::AuditForAdmins)?;
            let q = query.parse()?;
            let page = PageRequest::parse(
                &cursors,
                audit::LIST_KIND,
                q.limit.as_deref(),
                q.cursor.as_deref(),
                DEFAULT_LIMIT,
            )?;
            audit::list(conn, caller, q.subject.as_deref(), &page, &cursors)
        })
        .await?,
    ))
}
