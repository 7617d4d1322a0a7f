//! Building and running the application: the one builder that `main` and every test use.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::middleware::DefaultHeaders;
use actix_web::{App, HttpResponse, HttpServer, web};
use secrecy::ExposeSecret;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::api::extract::BodyLimit;
use crate::api::problem::ApiError;
use crate::api::{self, openapi::ApiDoc};
use crate::auth::hashing::PasswordHasherPool;
use crate::auth::keys;
use crate::auth::throttle::{Throttle, ThrottleLimits};
use crate::auth::tokens::TokenKeys;
use crate::clock::Clock;
use crate::config::{DatabaseUrl, Settings};
use crate::db::{self, Db};
use crate::domain::alias::AliasKey;
use crate::domain::paging::CursorCodec;
use crate::domain::password::PasswordPolicy;
use crate::error::AppError;
use crate::i18n::Text;
use crate::service::AppContext;
use crate::telemetry::RequestSpan;

/// Why the service could not start: what it was doing (naming the setting where one is to
/// blame) and the error underneath, kept as the source.
#[derive(Debug)]
pub struct StartupError {
    context: String,
    source: Option<crate::error::Cause>,
}

impl StartupError {
    pub fn new(context: impl Into<String>) -> Self {
        Self {
            context: context.into(),
            source: None,
        }
    }

    pub fn caused(context: impl Into<String>, source: impl Into<crate::error::Cause>) -> Self {
        Self {
            context: context.into(),
            source: Some(source.into()),
        }
    }
}

impl std::fmt::Display for StartupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.context),
            None => f.write_str(&self.context),
        }
    }
}

impl std::error::Error for StartupError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// A bound, not yet running, server.
pub struct Application {
    port: u16,
    host: String,
    server: Server,
    context: AppContext,
    stopping: Stopping,
}

/// Set once a shutdown has begun: answers then close their connection, so a client on a
/// kept-alive connection reconnects (and is refused) instead of being served until the
/// shutdown timeout.
#[derive(Clone, Default)]
pub struct Stopping(Arc<std::sync::atomic::AtomicBool>);

impl Stopping {
    fn begin(&self) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    fn is_set(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Application {
    /// Prepare storage, open and migrate the database, seed reference data, load the
    /// signing key and bind the listener.
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        Self::build_with_clock(settings, Clock::system())
    }

    /// As [`Application::build`], reading time from `clock` (tests move it).
    pub fn build_with_clock(settings: Settings, clock: Clock) -> Result<Self, StartupError> {
        settings
            .validate()
            .map_err(|e| StartupError::caused("configuration", e))?;
        let context = build_context_with_clock(settings, clock)?;
        let settings = context.settings.clone();
        let listener = TcpListener::bind((settings.server.host.as_str(), settings.server.port))
            .map_err(|e| {
                StartupError::caused(
                    format!(
                        "server.host/server.port: cannot listen on {}:{}",
                        settings.server.host, settings.server.port
                    ),
                    e,
                )
            })?;
        let port = listener
            .local_addr()
            .map_err(|e| StartupError::caused("server: reading the bound address", e))?
            .port();
        let stopping = Stopping::default();
        let server = run(listener, context.clone(), stopping.clone())?;
        Ok(Self {
            port,
            host: settings.server.host.clone(),
            server,
            context,
            stopping,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn base_url(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }

    pub fn context(&self) -> &AppContext {
        &self.context
    }

    /// Serve until SIGINT/SIGTERM: stop accepting, let requests in flight finish (up to
    /// `server.shutdown_timeout_secs`), then stop the background jobs.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let jobs = crate::jobs::spawn_all(&self.context);
        let handle = self.server.handle();
        let stopping = self.stopping.clone();
        let signals = actix_web::rt::spawn(async move {
            if wait_for_stop_signal().await.is_ok() {
                tracing::info!("shutting down: no new connections, finishing requests in flight");
                stopping.begin();
                handle.stop(true).await;
            }
        });
        let result = self.server.await;
        signals.abort();
        for job in jobs {
            job.abort();
        }
        tracing::info!("stopped");
        result
    }
}

/// Everything but the listener: usable by the CLI commands too.
pub fn build_context(settings: Settings) -> Result<AppContext, StartupError> {
    build_context_with_clock(settings, Clock::system())
}

fn build_context_with_clock(settings: Settings, clock: Clock) -> Result<AppContext, StartupError> {
    let _now = clock.install();
    let data_dir = &settings.storage.data_dir;
    db::files::create_private_dir(data_dir).map_err(|e| {
        StartupError::caused(
            format!("storage.data_dir: cannot create `{}`", data_dir.display()),
            e,
        )
    })?;
    let url = DatabaseUrl::parse(settings.database.url.expose_secret())
        .map_err(|e| StartupError::caused("configuration", e))?;
    let db = Db::connect(
        &url,
        settings.database.pool_size,
        Duration::from_secs(settings.database.checkout_timeout_secs),
        settings.database.sqlite_max_size_mb,
    )
    .map_err(|e| StartupError::caused("database", e))?;
    {
        let mut conn = db.get().map_err(|e| StartupError::caused("database", e))?;
        db::reference::seed(&mut conn)
            .map_err(|e| StartupError::caused("seeding reference data", e))?;
        crate::service::upgrades::apply_pending(&mut conn)
            .map_err(|e| StartupError::caused("upgrading derived data", e))?;
    }
    let secret = keys::load_or_generate(&settings.auth.jwt_secret, data_dir)
        .map_err(|e| StartupError::caused("auth.jwt_secret", e))?;
    let tokens = TokenKeys::new(
        secret.expose_secret(),
        &settings.auth.issuer,
        &settings.auth.audience,
    )
    .map_err(|e| StartupError::caused("auth.jwt_secret", e))?;
    let cursors = CursorCodec::new(secret.expose_secret());
    let aliases = AliasKey::new(secret.expose_secret());
    let csrf = crate::auth::csrf::CsrfKey::new(secret.expose_secret());
    let reset_key = crate::auth::reset::ResetKey::new(secret.expose_secret());
    let mailer =
        crate::mail::Mailer::new(settings.mail.smtp_url.expose_secret(), &settings.mail.from)
            .map_err(StartupError::new)?;
    let hasher = PasswordHasherPool::new(settings.auth.hash_concurrency)
        .map_err(|e| StartupError::caused("auth.hash_concurrency", e))?;
    let throttle = Throttle::new(ThrottleLimits {
        failures_per_account: settings.limits.login_failures_per_account,
        failures_per_address: settings.limits.login_failures_per_address,
        registrations_per_address_per_hour: settings.limits.registrations_per_address_per_hour,
    });
    let metrics = Arc::new(crate::metrics::Metrics::new(
        settings.metrics.enabled,
        db.clone(),
    ));
    Ok(AppContext {
        settings: Arc::new(settings),
        metrics,
        db,
        tokens,
        hasher,
        password_policy: Arc::new(PasswordPolicy::new()),
        throttle: Arc::new(throttle),
        cursors,
        aliases,
        csrf,
        clock,
        run_lock: Arc::default(),
        mailer,
        reset_key,
        live: Arc::default(),
    })
}

/// SIGTERM (an orchestrator) or Ctrl-C (a person).
async fn wait_for_stop_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            _ = term.recv() => Ok(()),
            result = tokio::signal::ctrl_c() => result,
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}

/// Once a shutdown has begun, every answer closes its connection.
async fn close_when_stopping(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let stopping = req
        .app_data::<web::Data<Stopping>>()
        .is_some_and(|s| s.is_set());
    let mut res = next.call(req).await?.map_into_boxed_body();
    if stopping {
        res.response_mut()
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
    }
    Ok(res)
}

fn run(
    listener: TcpListener,
    context: AppContext,
    stopping: Stopping,
) -> Result<Server, StartupError> {
    let settings = context.settings.clone();
    let data = web::Data::new(context);
    let workers = settings.server.workers;
    let shutdown_timeout = settings.server.shutdown_timeout_secs;
    let stopping = web::Data::new(stopping);
    let mut server = HttpServer::new(move || {
        let json_limit = BodyLimit(settings.limits.json_body_bytes);
        let auth_limit = BodyLimit(settings.limits.auth_body_bytes);
        let (app, openapi) = App::new()
            .into_utoipa_app()
            .openapi(<ApiDoc as utoipa::OpenApi>::openapi())
            .app_data(data.clone())
            .app_data(stopping.clone())
            .app_data(json_limit)
            .app_data(web::QueryConfig::default().error_handler(|err, _| {
                ApiError(AppError::BadRequest(Text::InvalidQuery {
                    english: err.to_string(),
                }))
                .into()
            }))
            .app_data(web::PathConfig::default().error_handler(|err, _| {
                ApiError(AppError::BadRequest(Text::InvalidPath {
                    english: err.to_string(),
                }))
                .into()
            }))
            .service(api::health::health)
            .service(api::health::ready)
            .service(api::metrics::scrape)
            .service(api::calendar::feed)
            .service(
                scope::scope("/api/v1")
                    .service(
                        scope::scope("/auth")
                            .app_data(auth_limit)
                            .service(api::accounts::register)
                            .service(api::accounts::login)
                            .service(api::accounts::logout)
                            .service(api::accounts::request_password_reset)
                            .service(api::accounts::confirm_password_reset),
                    )
                    .service(api::accounts::get_me)
                    .service(api::accounts::patch_me)
                    .service(api::accounts::get_notifications)
                    .service(api::accounts::put_notifications)
                    .service(api::accounts::erase_me)
                    .service(api::accounts::change_password)
                    .service(api::accounts::export_me)
                    .service(api::calendar::my_calendar)
                    .service(api::calendar::create_feed)
                    .service(api::calendar::revoke_feed)
                    .service(api::accounts::find_users)
                    .service(api::accounts::set_roles)
                    .service(api::accounts::admin_password_reset)
                    .service(api::reference::get_vocabulary)
                    .service(api::reference::list_wijken)
                    .service(api::reference::wijken_geojson)
                    .service(api::reference::list_buurten)
                    .service(api::reference::get_wijk)
                    .service(api::teams::list_teams)
                    .service(api::teams::create_team)
                    .service(api::teams::get_team)
                    .service(api::teams::update_team)
                    .service(api::teams::list_contacts)
                    .service(api::teams::add_contact)
                    .service(api::teams::update_contact)
                    .service(api::teams::delete_contact)
                    .service(api::social_map::social_map)
                    .service(api::initiatives::list)
                    .service(api::initiatives::list_geojson)
                    .service(api::initiatives::create)
                    .service(api::initiatives::get_one)
                    .service(api::initiatives::update)
                    .service(api::initiatives::remove)
                    .service(api::initiatives::list_coordinators)
                    .service(api::initiatives::add_coordinator)
                    .service(api::initiatives::remove_coordinator)
                    .service(api::partners::list_partners)
                    .service(api::partners::add_partner)
                    .service(api::partners::remove_partner)
                    .service(api::partners::confirm_link)
                    .service(api::volunteers::put_mine)
                    .service(api::volunteers::get_mine)
                    .service(api::volunteers::list)
                    .service(api::volunteers::get_one)
                    .service(api::key_figures::list_key_figures)
                    .service(api::key_figures::create_key_figure)
                    .service(api::key_figures::get_key_figure)
                    .service(api::key_figures::update_key_figure)
                    .service(api::key_figures::delete_key_figure)
                    .service(api::requests::list)
                    .service(api::requests::create)
                    .service(api::requests::get_one)
                    .service(api::requests::update)
                    .service(api::requests::close)
                    .service(api::requests::remove)
                    .service(api::audit::list_audit)
                    .service(api::requests::list_suggestions)
                    .service(api::offers::create)
                    .service(api::offers::list_mine)
                    .service(api::offers::get_one)
                    .service(api::offers::update)
                    .service(api::offers::withdraw)
                    .service(api::offers::list_suggestions)
                    .service(api::matches::create)
                    .service(api::matches::list)
                    .service(api::matches::get_one)
                    .service(api::matches::accept)
                    .service(api::matches::decline)
                    .service(api::matches::complete)
                    .service(api::matches::cancel)
                    .service(api::hours::log_hours)
                    .service(api::hours::list_hours)
                    .service(api::hours::confirm_hours)
                    .service(api::hours::reject_hours)
                    .service(api::hours::my_hours)
                    .service(api::hours::my_statement)
                    .service(api::runs::run_batch)
                    .service(api::stats::wijken),
            )
            .split_for_parts();
        let mut openapi = openapi;
        api::idempotency::document(&mut openapi);
        api::extract::document(&mut openapi);
        api::openapi::close_tagged_variants(&mut openapi);
        let routes = web::Data::new(api::routes::RouteTable::from_openapi(&openapi));
        app.app_data(routes)
            .service(SwaggerUi::new("/docs/{_:.*}").url("/api-docs/openapi.json", openapi))
            .route(
                "/docs",
                web::get().to(|| async {
                    HttpResponse::PermanentRedirect()
                        .insert_header(("Location", "/docs/"))
                        .finish()
                }),
            )
            .configure(crate::web::configure)
            .default_service(web::to(api::routes::fallback))
            .wrap(actix_web::middleware::from_fn(
                api::idempotency::idempotency,
            ))
            .wrap(actix_web::middleware::from_fn(docs_headers))
            .wrap(actix_web::middleware::from_fn(json_charset))
            .wrap(actix_web::middleware::from_fn(echo_request_id))
            .wrap(actix_web::middleware::from_fn(close_when_stopping))
            .wrap(cors(&settings.server.cors_allowed_origins))
            .wrap(actix_web::middleware::from_fn(problem_for_framework_errors))
            .wrap(actix_web::middleware::from_fn(api::language::negotiate))
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Cache-Control", "no-store")),
            )
            .wrap(actix_web::middleware::from_fn(api::metrics::record))
            .wrap(TracingLogger::<RequestSpan>::new())
    })
    .listen(listener)
    .map_err(|e| StartupError::caused("server: listening", e))?
    .shutdown_timeout(shutdown_timeout)
    // Signals are handled in `run_until_stopped`, which marks the shutdown first.
    .disable_signals()
    .keep_alive(Duration::from_secs(5))
    .client_request_timeout(Duration::from_secs(5));
    if workers > 0 {
        server = server.workers(workers);
    }
    Ok(server.run())
}

fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers(["authorization", "content-type"])
        .max_age(3600)
}

/// What the bundled Swagger UI needs, all from this origin: its scripts, its stylesheets
/// (plus the styles it sets inline), its data: icons and the OpenAPI document. No page may
/// frame it.
const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// A content security policy and no framing for the interactive docs.
async fn docs_headers(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::http::header::{CONTENT_SECURITY_POLICY, HeaderValue, X_FRAME_OPTIONS};
    let is_docs = req.path() == "/docs" || req.path().starts_with("/docs/");
    let mut res = next.call(req).await?;
    if is_docs {
        let headers = res.headers_mut();
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(DOCS_CSP));
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    Ok(res)
}

/// JSON answers name their charset (`application/json; charset=utf-8`, and the same for
/// problem+json), so no client has to guess the encoding.
async fn json_charset(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
    let mut res = next.call(req).await?;
    let with_charset = match res.headers().get(CONTENT_TYPE).map(|v| v.as_bytes()) {
        Some(b"application/json") => Some("application/json; charset=utf-8"),
        Some(b"application/problem+json") => Some("application/problem+json; charset=utf-8"),
        _ => None,
    };
    if let Some(value) = with_charset {
        res.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(value));
    }
    Ok(res)
}

/// Return the request id of the log line to the client, so a problem can be traced.
async fn echo_request_id(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::HttpMessage;
    use actix_web::http::header::{HeaderName, HeaderValue};
    let id = req
        .extensions()
        .get::<tracing_actix_web::RequestId>()
        .and_then(|id| HeaderValue::from_str(&id.to_string()).ok());
    let mut res = next.call(req).await?;
    if let Some(id) = id {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), id);
    }
    Ok(res)
}

/// The last line of defence for "never a bare string": errors that the framework or a
/// middleware (CORS) produces outside our handlers become problem+json, keeping their
/// status and headers. Our own answers are already problem+json and pass untouched.
async fn problem_for_framework_errors(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    use crate::api::problem::{PROBLEM_JSON, Problem, StatusProblem};
    use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
    let lang = crate::api::language::current();
    match next.call(req).await {
        Ok(res) => {
            let is_problem = res
                .headers()
                .get(CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
            let status = res.status();
            // Web pages answer errors as HTML pages of their own.
            let is_page = res
                .headers()
                .get(CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
            if is_problem || is_page || !(status.is_client_error() || status.is_server_error()) {
                return Ok(res.map_into_boxed_body());
            }
            let (request, response) = res.into_parts();
            let problem = Problem::new(status, crate::api::problem::title(status, lang));
            let mut response =
                response.set_body(serde_json::to_string(&problem).unwrap_or_default());
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
            Ok(actix_web::dev::ServiceResponse::new(request, response).map_into_boxed_body())
        }
        // Our own error (from a middleware such as the idempotency check) renders as a
        // problem already, with its own detail in the request's language.
        Err(err) if err.as_error::<ApiError>().is_some() => Err(err),
        Err(err) => {
            let status = err.as_response_error().status_code();
            let detail = if status.is_server_error() {
                tracing::error!(error = %err, "framework error");
                Text::Unexpected
            } else {
                Text::Framework {
                    english: err.to_string(),
                }
            };
            Err(StatusProblem { status, detail }.into())
        }
    }
}
