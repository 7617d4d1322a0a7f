//! Registration, login, logout, the caller's own account, and admin user management.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::{Bearer, Body, ClientAddr, NoQuery, Query};
use super::problem::{ApiError, ApiResult, Problem};
use super::responses::*;
use super::{run, run_as};
use crate::domain::account::{DisplayName, Email};
use crate::domain::notices::{Language, NoticeSettings};
use crate::domain::paging::{DEFAULT_LIMIT, Page, PageRequest};
use crate::domain::password;
use crate::domain::roles::Role;
use crate::domain::validation::Invalid;
use crate::error::AppError;
use crate::i18n::FieldText;
use crate::service::AppContext;
use crate::service::accounts::{
    self, AccountExport, AccountView, LoginOutcome, PasswordChangeError,
};
use crate::service::password_reset;
use crate::service::sessions::SessionLimits;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterBody {
    /// Compared case-insensitively; one account per address.
    #[schema(schema_with = Email::schema)]
    pub email: String,
    #[schema(schema_with = password::schema)]
    pub password: String,
    /// At least one letter or digit that shows; no bidirectional controls.
    #[schema(schema_with = DisplayName::schema)]
    pub display_name: String,
}

/// Create a volunteer account.
#[utoipa::path(tag = "accounts", request_body = RegisterBody, responses(
    (status = 201, body = AccountView),
    BodyErrors,
    BadToken,
    (status = 409, description = "duplicate email", body = Problem, content_type = "application/problem+json"),
    TooManyRequests,
    Unavailable,
))]
#[post("/register")]
pub async fn register(
    ctx: web::Data<AppContext>,
    token: super::extract::MaybeBearer,
    addr: ClientAddr,
    query: NoQuery,
    body: Body<RegisterBody>,
) -> ApiResult<HttpResponse> {
    super::refuse_ended_token(&ctx, token.0).await?;
    query.parse()?;
    let body = body.parse()?;
    super::throttle::register_attempt(&ctx, addr.0).await?;
    let input = accounts::parse_registration(
        &ctx.password_policy,
        &body.email,
        &body.password,
        &body.display_name,
    )?;
    let _permit = ctx.hasher.permit().await;
    let view = run(&ctx, move |conn| accounts::register(conn, &input)).await?;
    Ok(HttpResponse::Created().json(view))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
}

/// Log in: a bearer token bound to a new session.
#[utoipa::path(tag = "accounts", request_body = LoginBody, responses(
    (status = 200, body = LoginOutcome),
    BodyErrors,
    (status = 401, description = "wrong email or password", body = Problem, content_type = "application/problem+json"),
    TooManyRequests,
    Unavailable,
))]
#[post("/login")]
pub async fn login(
    ctx: web::Data<AppContext>,
    token: super::extract::MaybeBearer,
    addr: ClientAddr,
    query: NoQuery,
    body: Body<LoginBody>,
) -> ApiResult<HttpResponse> {
    super::refuse_ended_token(&ctx, token.0).await?;
    query.parse()?;
    let body = body.parse()?;
    let key = crate::domain::account::email_key(&body.email);
    super::throttle::check_login(&ctx, &key, addr.0).await?;
    let permit = ctx.hasher.permit().await;
    let limits = SessionLimits::from_settings(&ctx.settings.auth);
    let (tokens, hasher) = (ctx.tokens.clone(), ctx.hasher.clone());
    let outcome = run(&ctx, move |conn| {
        accounts::login(
            conn,
            &body.email,
            &body.password,
            hasher.dummy_hash(),
            &limits,
            &tokens,
        )
    })
    .await;
    drop(permit);
    match outcome {
        Ok(outcome) => {
            super::throttle::login_succeeded(&ctx, &key).await?;
            Ok(HttpResponse::Ok()
                .insert_header(("Cache-Control", "no-store"))
                .json(outcome))
        }
        Err(ApiError(AppError::InvalidCredentials)) => {
            super::throttle::login_failed(&ctx, &key, addr.0).await?;
            Err(AppError::InvalidCredentials.into())
        }
        Err(other) => Err(other),
    }
}

/// End the current session; the token stops working at once.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 204),
    Unauthorized,
    Unavailable,
))]
#[post("/logout")]
pub async fn logout(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        accounts::logout(conn, caller)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's own account.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = AccountView),
    Unauthorized,
    Unavailable,
))]
#[get("/me")]
pub async fn get_me(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
) -> ApiResult<web::Json<AccountView>> {
    let view = run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        accounts::me(conn, caller)
    })
    .await?;
    Ok(web::Json(view))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MePatch {
    #[schema(schema_with = DisplayName::schema)]
    pub display_name: Option<String>,
    /// The language of this person's e-mails and pages (`nl` until changed).
    pub language: Option<Language>,
}

/// Change the caller's display name and/or language.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = MePatch, responses(
    (status = 200, body = AccountView),
    BodyErrors,
    Unauthorized,
    Unavailable,
))]
#[patch("/me")]
pub async fn patch_me(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    body: Body<MePatch>,
) -> ApiResult<web::Json<AccountView>> {
    let view = run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        let body = body.parse()?;
        let name = body
            .display_name
            .as_deref()
            .map(|n| DisplayName::parse("display_name", n))
            .transpose()
            .map_err(Invalid::from)?;
        accounts::update_me(conn, caller, name.as_ref(), body.language)
    })
    .await?;
    Ok(web::Json(view))
}

/// The caller's e-mail notices: which are on (all, until turned off).
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = NoticeSettings),
    Unauthorized,
    Unavailable,
))]
#[get("/me/notifications")]
pub async fn get_notifications(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let settings = run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        accounts::notices(conn, caller)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(settings))
}

/// Turn e-mail notices on or off; every one is named. The password reset e-mail cannot be
/// turned off.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = NoticeSettings, responses(
    (status = 200, body = NoticeSettings),
    BodyErrors,
    Unauthorized,
    Unavailable,
))]
#[put("/me/notifications")]
pub async fn put_notifications(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
    body: Body<NoticeSettings>,
) -> ApiResult<HttpResponse> {
    let settings = run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        let body = body.parse()?;
        accounts::set_notices(conn, caller, body)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(settings))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequestBody {
    /// The account's address; the answer is the same whether or not an account has it.
    pub email: String,
}

/// Ask for a password reset link by e-mail: 202 always, whether or not an account has the
/// address. Asking counts like a failed login for the address and the client, so a run of
/// requests is slowed down (429).
#[utoipa::path(tag = "accounts", request_body = ResetRequestBody, responses(
    (status = 202),
    BodyErrors,
    BadToken,
    TooManyRequests,
    Unavailable,
))]
#[post("/password-reset")]
pub async fn request_password_reset(
    ctx: web::Data<AppContext>,
    token: super::extract::MaybeBearer,
    addr: ClientAddr,
    query: NoQuery,
    body: Body<ResetRequestBody>,
) -> ApiResult<HttpResponse> {
    super::refuse_ended_token(&ctx, token.0).await?;
    query.parse()?;
    let body = body.parse()?;
    let key = format!("reset:{}", crate::domain::account::email_key(&body.email));
    super::throttle::check_login(&ctx, &key, addr.0).await?;
    super::throttle::login_failed(&ctx, &key, addr.0).await?;
    let reset_key = ctx.reset_key.clone();
    run(&ctx, move |conn| {
        password_reset::request(conn, &body.email, &reset_key)
    })
    .await?;
    Ok(HttpResponse::Accepted().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetConfirmBody {
    /// The token from the e-mailed link.
    pub token: String,
    #[schema(schema_with = password::schema)]
    pub new_password: String,
}

/// Set a new password with a reset link's token: 204, and every session of the account
/// ends. A used, expired or unknown token → 400.
#[utoipa::path(tag = "accounts", request_body = ResetConfirmBody, responses(
    (status = 204),
    BodyErrors,
    BadToken,
    Unavailable,
))]
#[post("/password-reset/confirm")]
pub async fn confirm_password_reset(
    ctx: web::Data<AppContext>,
    token: super::extract::MaybeBearer,
    query: NoQuery,
    body: Body<ResetConfirmBody>,
) -> ApiResult<HttpResponse> {
    super::refuse_ended_token(&ctx, token.0).await?;
    query.parse()?;
    let body = body.parse()?;
    let _permit = ctx.hasher.permit().await;
    let policy = ctx.password_policy.clone();
    run(&ctx, move |conn| {
        password_reset::confirm(conn, &policy, &body.token, &body.new_password)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Admin: send an account the password reset e-mail.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 202),
    Unauthorized,
    (status = 403, description = "not an admin", body = Problem, content_type = "application/problem+json"),
    NotFound,
    Unavailable,
))]
#[post("/users/{id}/password-reset")]
pub async fn admin_password_reset(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let reset_key = ctx.reset_key.clone();
    run_as(&ctx, token.0, move |conn, caller| {
        accounts::require_admin(caller)?;
        query.parse()?;
        password_reset::request_for(conn, caller, &id, &reset_key)
    })
    .await?;
    Ok(HttpResponse::Accepted().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    #[schema(schema_with = password::schema)]
    pub new_password: String,
}

/// Change the caller's password; every other session ends.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = PasswordChange, responses(
    BodyErrors,
    (status = 204),
    (status = 400, description = "wrong current password or a refused new one", body = Problem, content_type = "application/problem+json"),
    Unauthorized,
    TooManyRequests,
    Unavailable,
))]
#[put("/me/password")]
pub async fn change_password(
    ctx: web::Data<AppContext>,
    token: Bearer,
    addr: ClientAddr,
    query: NoQuery,
    body: Body<PasswordChange>,
) -> ApiResult<HttpResponse> {
    // Guessing the current password here counts like failed logins for the account.
    let key = format!("user:{}", token.0.sub);
    super::throttle::check_login(&ctx, &key, addr.0).await?;
    let _permit = ctx.hasher.permit().await;
    let policy = ctx.password_policy.clone();
    let outcome = run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        let body = body.parse()?;
        match accounts::change_password(
            conn,
            &policy,
            caller,
            &body.current_password,
            &body.new_password,
        ) {
            Ok(()) => Ok(true),
            Err(PasswordChangeError::WrongCurrentPassword) => Ok(false),
            Err(PasswordChangeError::Other(e)) => Err(e),
        }
    })
    .await?;
    if !outcome {
        super::throttle::login_failed(&ctx, &key, addr.0).await?;
        return Err(AppError::field("current_password", FieldText::PasswordIncorrect).into());
    }
    super::throttle::login_succeeded(&ctx, &key).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Everything stored about the caller, as JSON (AVG art. 15/20). At most
/// `limits.exports_per_day` (5) a day per user, else 429.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = AccountExport),
    Unauthorized,
    TooManyRequests,
    Unavailable,
))]
#[get("/me/export")]
pub async fn export_me(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    let limits = ctx.settings.limits.clone();
    let export = run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        accounts::export(conn, caller, &limits)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"wijkmatch-export.json\"",
        ))
        .json(export))
}

/// Erase the caller's personal data (AVG art. 17); all sessions end. Needs a login of the
/// last 10 minutes; the last admin cannot erase themselves.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 204),
    Unauthorized,
    (status = 403, description = "the login is more than 10 minutes old (`reauthentication-required`)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "the caller is the last admin", body = Problem, content_type = "application/problem+json"),
    Unavailable,
))]
#[delete("/me")]
pub async fn erase_me(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: NoQuery,
) -> ApiResult<HttpResponse> {
    run_as(&ctx, token.0, move |conn, caller| {
        query.parse()?;
        accounts::erase(conn, caller)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Part of the email address (case-insensitive).
    pub email: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// Admin: find accounts by email, newest first.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), params(UserQuery), responses(
    (status = 200, body = Page<AccountView>),
    BadRequest,
    Unauthorized,
    Forbidden,
    Unavailable,
))]
#[get("/users")]
pub async fn find_users(
    ctx: web::Data<AppContext>,
    token: Bearer,
    query: Query<UserQuery>,
) -> ApiResult<web::Json<Page<AccountView>>> {
    let cursors = ctx.cursors.clone();
    let page = run_as(&ctx, token.0, move |conn, caller| {
        accounts::require_admin(caller)?;
        let query = query.parse()?;
        let page = PageRequest::parse(
            &cursors,
            accounts::USERS_LIST_KIND,
            query.limit.as_deref(),
            query.cursor.as_deref(),
            DEFAULT_LIMIT,
        )?;
        let needle = query.email.unwrap_or_default();
        accounts::find_users(conn, caller, &needle, &page, &cursors)
    })
    .await?;
    Ok(web::Json(page))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RolesBody {
    /// A non-empty subset of `volunteer`, `team_worker`, `admin`.
    #[schema(min_items = 1)]
    pub roles: Vec<Role>,
    /// Required with `team_worker`, and `null` otherwise (the field itself is required).
    #[serde(deserialize_with = "crate::domain::patch::required_nullable")]
    pub wij_team_id: Option<String>,
}

/// Admin: set a user's roles and team; their sessions end. Needs a login of the last 10
/// minutes.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = RolesBody, responses(
    (status = 200, body = AccountView),
    BodyErrors,
    Unauthorized,
    (status = 403, description = "not an admin, or the login is more than 10 minutes old (`reauthentication-required`)", body = Problem, content_type = "application/problem+json"),
    NotFound,
    (status = 409, description = "this would take the role from the last admin", body = Problem, content_type = "application/problem+json"),
    Unavailable,
))]
#[put("/users/{id}/roles")]
pub async fn set_roles(
    ctx: web::Data<AppContext>,
    token: Bearer,
    id: web::Path<String>,
    query: NoQuery,
    body: Body<RolesBody>,
) -> ApiResult<web::Json<AccountView>> {
    let id = id.into_inner();
    let view = run_as(&ctx, token.0, move |conn, caller| {
        accounts::require_admin(caller)?;
        crate::service::sessions::require_recent_login(caller, crate::db::now())?;
        query.parse()?;
        let body = body.parse()?;
        accounts::set_roles(conn, caller, &id, &body.roles, body.wij_team_id.as_deref())
    })
    .await?;
    Ok(web::Json(view))
}
