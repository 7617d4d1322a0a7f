//! Vocabulary and wijken: public reference data.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::{MaybeBearer, NoQuery, Query};
use super::problem::ApiResult;
use super::responses::*;
use super::run_maybe_as;
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::reference::vocabulary::{self, Term};
use crate::service::AppContext;
use crate::service::geojson::{self, WijkCollection};
use crate::service::wijken::{self, BuurtView, WijkView};

#[derive(Serialize, ToSchema)]
pub struct Vocabulary {
    pub categories: &'static [Term],
    pub themes: &'static [Term],
    pub skills: &'static [Term],
    pub languages: &'static [Term],
}

/// Help categories, initiative themes, skills and languages.
#[utoipa::path(tag = "reference", responses(
    (status = 200, body = Vocabulary),
    BadToken,
))]
#[get("/vocabulary")]
pub async fn get_vocabulary(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    query: NoQuery,
) -> ApiResult<web::Json<Vocabulary>> {
    super::refuse_ended_token(&ctx, token.0).await?;
    query.parse()?;
    Ok(web::Json(Vocabulary {
        categories: vocabulary::CATEGORIES,
        themes: vocabulary::THEMES,
        skills: vocabulary::SKILLS,
        languages: vocabulary::LANGUAGES,
    }))
}

pub const WIJKEN_LIST_KIND: &str = "wijken";

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WijkenQuery {
    /// A Dutch postcode, `9714` (PC4) or `9714 AB` / `9714AB`: the wijken whose own or whose
    /// buurten's postcode areas contain its PC4, the wijk holding most of it first. The list
    /// is then ranked and has no next page.
    pub postcode: Option<String>,
    /// Part of the name or the former name; case and accents are ignored. At most 100
    /// characters.
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page (not with `postcode`).
    pub cursor: Option<String>,
}

/// The 20 wijken of Groningen, by code; or those a postcode or a name points to.
#[utoipa::path(tag = "reference", params(WijkenQuery), responses(
    (status = 200, body = Page<WijkView>),
    BadRequest,
    BadToken,
    Unavailable,
))]
#[get("/wijken")]
pub async fn list_wijken(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    query: Query<WijkenQuery>,
) -> ApiResult<web::Json<Page<WijkView>>> {
    let cursors = ctx.cursors.clone();
    let page = run_maybe_as(&ctx, token.0, move |conn, _| {
        let query = query.parse()?;
        let ranked = query
            .postcode
            .as_deref()
            .is_some_and(|p| !p.trim().is_empty());
        // A ranked list issues no cursor, so any cursor sent with a postcode is unknown.
        let kind = if ranked {
            "wijken_by_postcode"
        } else {
            WIJKEN_LIST_KIND
        };
        let page = PageRequest::parse(
            &cursors,
            kind,
            query.limit.as_deref(),
            query.cursor.as_deref(),
            DEFAULT_LIMIT,
        )?;
        let (found, ranked) = wijken::lookup(conn, query.postcode.as_deref(), query.q.as_deref())?;
        if ranked {
            Ok(Page::ranked(found, page.limit))
        } else {
            Page::of_keyed_list(found, &page, &cursors, WIJKEN_LIST_KIND, |w| w.code.clone())
        }
    })
    .await?;
    Ok(web::Json(page))
}

/// A GeoJSON document as the answer, with its own media type.
pub fn geojson_response<T: serde::Serialize>(document: &T) -> ApiResult<HttpResponse> {
    let body = serde_json::to_vec(document)
        .map_err(|e| super::problem::ApiError(crate::error::AppError::internal(e)))?;
    Ok(HttpResponse::Ok()
        .content_type(geojson::MEDIA_TYPE)
        .body(body))
}

/// The 20 wijken as an RFC 7946 FeatureCollection of their polygons (generalised CBS 2025
/// outlines; longitude first; exterior rings counter-clockwise), each with its code, name,
/// population and covering teams.
#[utoipa::path(tag = "reference", responses(
    (status = 200, body = WijkCollection, content_type = "application/geo+json"),
    BadRequest,
    BadToken,
    Unavailable,
))]
#[get("/wijken.geojson")]
pub async fn wijken_geojson(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let collection = run_maybe_as(&ctx, token.0, move |conn, _| {
        query.parse()?;
        geojson::wijken(conn)
    })
    .await?;
    geojson_response(&collection)
}

pub const BUURTEN_LIST_KIND: &str = "buurten";

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BuurtenQuery {
    /// Only the buurten of this wijk (CBS code); an unknown code is refused.
    #[param(schema_with = crate::domain::vocabulary::WijkCode::schema)]
    pub wijk: Option<String>,
    /// 1–200, default 50.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The 150 CBS buurten (2022 division) with their wijk and centroid, by code.
#[utoipa::path(tag = "reference", params(BuurtenQuery), responses(
    (status = 200, body = Page<BuurtView>),
    BadRequest,
    BadToken,
))]
#[get("/buurten")]
pub async fn list_buurten(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    query: Query<BuurtenQuery>,
) -> ApiResult<web::Json<Page<BuurtView>>> {
    super::refuse_ended_token(&ctx, token.0).await?;
    let q = query.parse()?;
    let page = PageRequest::parse(
        &ctx.cursors,
        BUURTEN_LIST_KIND,
        q.limit.as_deref(),
        q.cursor.as_deref(),
        DEFAULT_LIMIT,
    )?;
    let wijk = crate::domain::patch::parse_present(q.wijk.as_deref(), |w| {
        crate::domain::vocabulary::WijkCode::parse("wijk", w)
    })
    .map_err(|e| crate::error::AppError::from(crate::domain::validation::Invalid::from(e)))?;
    let all = wijken::buurten(wijk);
    Ok(web::Json(Page::of_keyed_list(
        all,
        &page,
        &ctx.cursors,
        BUURTEN_LIST_KIND,
        |b| b.code.clone(),
    )?))
}

/// One wijk.
#[utoipa::path(tag = "reference", params(("code" = String, Path, description = "CBS wijk code, e.g. WK001404")), responses(
    (status = 200, body = WijkView),
    BadToken,
    NotFound,
    Unavailable,
))]
#[get("/wijken/{code}")]
pub async fn get_wijk(
    ctx: web::Data<AppContext>,
    token: MaybeBearer,
    code: web::Path<String>,
    query: NoQuery,
) -> ApiResult<web::Json<WijkView>> {
    let code = code.into_inner();
    let view = run_maybe_as(&ctx, token.0, move |conn, _| {
        query.parse()?;
        wijken::get(conn, &code)
    })
    .await?;
    Ok(web::Json(view))
}
