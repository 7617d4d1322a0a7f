//! Public statistics.

use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{MaybeBearer, Query};
use super::problem::ApiResult;
use super::responses::*;
use super::{refuse_ended_token, run};
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::service::AppContext;
use crate::service::stats::{self, WijkStats};

pub const STATS_LIST_KIND: &str = "stats_wijken";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// Figures per wijk, by code (aggregates only: counts 1–4 are "<5"; medians and hours need
/// at least 5 requests or volunteers behind them, else `null`). Open to anyone.
#[utoipa::path(tag = "insight", params(StatsQuery), responses(
    (status = 200, body = Page<WijkStats>),
    BadRequest,
    BadToken,
    Unavailable,
))]
#[get("/stats/wijken")]
pub async fn wijken(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    query: Query<StatsQuery>,
) -> ApiResult<web::Json<Page<WijkStats>>> {
    refuse_ended_token(&ctx, token.0).await?;
    let query = query.parse()?;
    let page = PageRequest::parse(
        &ctx.cursors,
        STATS_LIST_KIND,
        query.limit.as_deref(),
        query.cursor.as_deref(),
        DEFAULT_LIMIT,
    )?;
    let cursors = ctx.cursors.clone();
    let page = run(&ctx, move |conn| {
        Page::of_keyed_list(
            stats::wijken(conn)?,
            &page,
            &cursors,
            STATS_LIST_KIND,
            |w| w.code.clone(),
        )
    })
    .await?;
    Ok(web::Json(page))
}
