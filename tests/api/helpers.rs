use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::{Connection, RunQueryDsl, pg::PgConnection};
use reqwest::{Method, Response, StatusCode};
use secrecy::SecretString;
use serde_json::{Value, json};
use wijkmatch::config::Settings;
use wijkmatch::service::AppContext;
use wijkmatch::startup::Application;

pub const PASSWORD: &str = "paarse koffie op de fiets";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A unique email for this test run.
pub fn unique_email(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{prefix}-{n}-{}@example.org",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    )
}

/// A fresh database: a SQLite file in a temp dir, or a new PostgreSQL database that is
/// dropped again when the test ends.
pub struct TestDatabase {
    pub url: String,
    admin_url: Option<String>,
    name: String,
}

impl TestDatabase {
    pub fn new(dir: &std::path::Path) -> Self {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin) if admin.starts_with("postgres") => {
                let name = format!("wm_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::establish(&admin)
                    .unwrap_or_else(|e| panic!("TEST_DATABASE_URL: cannot connect: {e}"));
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .unwrap();
                let (base, query) = match admin.split_once('?') {
                    Some((b, q)) => (b.to_owned(), format!("?{q}")),
                    None => (admin.clone(), String::new()),
                };
                let (server, _) = base.rsplit_once('/').unwrap();
                Self {
                    url: format!("{server}/{name}{query}"),
                    admin_url: Some(admin),
                    name,
                }
            }
            _ => Self {
                url: format!("sqlite://{}", dir.join("test.db").display()),
                admin_url: None,
                name: String::new(),
            },
        }
    }
}

impl TestDatabase {
    /// On PostgreSQL: (admin URL, database name).
    pub fn postgres(&self) -> Option<(&str, &str)> {
        self.admin_url.as_deref().map(|a| (a, self.name.as_str()))
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(admin) = &self.admin_url {
            if let Ok(mut conn) = PgConnection::establish(admin) {
                let _ = diesel::sql_query(format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ))
                .execute(&mut conn);
            }
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub ctx: AppContext,
    pub settings: Settings,
    /// Each token the helpers logged in: (email, password), to log the same person in again.
    logins: std::sync::Mutex<std::collections::HashMap<String, (String, String)>>,
    // Held for their Drop: the database and files go when the test ends.
    _db: TestDatabase,
    _dir: tempfile::TempDir,
}

pub fn test_settings(dir: &std::path::Path, db: &TestDatabase) -> Settings {
    let mut s = Settings::defaults().unwrap();
    s.server.port = 0;
    s.server.workers = 1;
    s.database.url = SecretString::from(db.url.clone());
    s.database.pool_size = 4;
    s.storage.data_dir = dir.join("data");
    s
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    capture_logs();
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new(dir.path());
    let mut settings = test_settings(dir.path(), &db);
    adjust(&mut settings);
    let app =
        Application::build_with_clock(settings.clone(), wijkmatch::clock::Clock::adjustable())
            .expect("the app starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    let ctx = app.context().clone();
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        base,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        ctx,
        settings,
        logins: Default::default(),
        _db: db,
        _dir: dir,
    }
}

/// Another instance of the app serving the same database and data directory, with its own
/// port, pool and in-process state, as a second machine behind a load balancer would.
pub struct Instance {
    pub base: String,
    pub ctx: AppContext,
}

impl TestApp {
    pub fn second_instance(&self) -> Instance {
        let app = Application::build_with_clock(
            self.settings.clone(),
            wijkmatch::clock::Clock::adjustable(),
        )
        .expect("the second instance starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        let ctx = app.context().clone();
        actix_web::rt::spawn(app.run_until_stopped());
        Instance { base, ctx }
    }

    pub fn database(&self) -> &TestDatabase {
        &self._db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        req.send().await.expect("request sent")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(Method::PATCH, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(Method::PUT, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::DELETE, path, token, None).await
    }

    /// Register a volunteer; returns (id, email).
    pub async fn register(&self, name: &str) -> (String, String) {
        let email = unique_email("user");
        let r = self
            .post(
                "/api/v1/auth/register",
                None,
                &json!({"email": email, "password": PASSWORD, "display_name": name}),
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let body: Value = r.json().await.unwrap();
        (body["id"].as_str().unwrap().to_owned(), email)
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            None,
            &json!({"email": email, "password": password}),
        )
        .await
    }

    pub async fn token_for(&self, email: &str) -> String {
        self.token_for_password(email, PASSWORD).await
    }

    pub async fn token_for_password(&self, email: &str, password: &str) -> String {
        let r = self.login(email, password).await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        let token = body["access_token"].as_str().unwrap().to_owned();
        self.logins
            .lock()
            .unwrap()
            .insert(token.clone(), (email.to_owned(), password.to_owned()));
        token
    }

    /// A new token for whoever `token` (handed out by these helpers) belongs to: after the
    /// clock moved past a session's lifetime.
    pub async fn login_again(&self, token: &str) -> String {
        let (email, password) = self
            .logins
            .lock()
            .unwrap()
            .get(token)
            .cloned()
            .expect("a token the helpers logged in");
        self.token_for_password(&email, &password).await
    }

    /// Moves the app's clock forward: what ages with time (sessions, matches, offers) ages.
    pub fn advance(&self, by: chrono::Duration) {
        assert!(
            self.ctx.clock.advance(by),
            "the test app's clock is adjustable"
        );
    }

    /// Now, by the app's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.ctx.clock.now()
    }

    /// One run of the offer-expiry job, as its timer runs it: how many offers expired.
    pub async fn run_offer_expiry(&self) -> usize {
        wijkmatch::jobs::offer_expiry::run(self.ctx.clone())
            .await
            .expect("the offer-expiry job runs")
    }

    /// One run of the housekeeping job, as its timer runs it: what it removed.
    pub async fn run_housekeeping(&self) -> wijkmatch::service::housekeeping::Housekept {
        wijkmatch::jobs::housekeeping::run(self.ctx.clone())
            .await
            .expect("the housekeeping job runs")
    }

    /// A new volunteer, logged in: (id, token).
    pub async fn volunteer(&self, name: &str) -> (String, String) {
        let (id, email) = self.register(name).await;
        (id, self.token_for(&email).await)
    }

    /// A new admin (made the way an operator does), logged in: (id, token).
    pub async fn admin(&self) -> (String, String) {
        let email = unique_email("admin");
        let outcome = {
            // At the app's time, as the app's own work runs.
            let _now = self.ctx.clock.install();
            let mut conn = self.ctx.db.get().unwrap();
            wijkmatch::service::accounts::create_admin(
                &mut conn,
                &self.ctx.password_policy,
                &email,
                PASSWORD,
            )
            .unwrap()
        };
        let id = match outcome {
            wijkmatch::service::accounts::AdminCreated::Created(id) => id,
            other => panic!("unexpected {other:?}"),
        };
        (id, self.token_for(&email).await)
    }

    /// A new team worker of `team_id`, logged in: (id, token).
    pub async fn team_worker(&self, team_id: &str) -> (String, String) {
        let (_, admin) = self.admin().await;
        let (id, email) = self.register("Team Worker").await;
        let r = self
            .put(
                &format!("/api/v1/users/{id}/roles"),
                Some(&admin),
                &json!({"roles": ["team_worker"], "wij_team_id": team_id}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        (id, self.token_for(&email).await)
    }

    /// The id of a seeded team by name.
    pub async fn team_id(&self, name: &str) -> String {
        let body: Value = self
            .get("/api/v1/wij-teams", None)
            .await
            .json()
            .await
            .unwrap();
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("no team {name}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Count rows of a table (for "nothing was stored" assertions).
    pub fn count(&self, table: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = self.ctx.db.get().unwrap();
        let rows: Vec<Count> = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
            .load(&mut *conn)
            .unwrap();
        rows[0].n
    }
}

/// Assert a problem+json answer with this status; returns the body.
pub async fn assert_problem(r: Response, status: u16) -> Value {
    assert_eq!(r.status().as_u16(), status, "unexpected status");
    let ct = r
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        ct.starts_with("application/problem+json"),
        "content-type {ct}"
    );
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert!(body["type"].is_string() && body["title"].is_string() && body["detail"].is_string());
    body
}

/// The fields named in a validation problem.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

impl TestApp {
    /// Run one SQL statement directly (to set up states the API cannot reach yet).
    pub fn exec(&self, sql: &str) -> usize {
        let mut conn = self.ctx.db.get().unwrap();
        diesel::sql_query(sql).execute(&mut *conn).unwrap()
    }

    /// A new team covering `wijk_codes`, made by an admin: its id.
    pub async fn new_team(&self, name: &str, wijk_codes: &[&str]) -> String {
        let (_, admin) = self.admin().await;
        let r = self
            .post(
                "/api/v1/wij-teams",
                Some(&admin),
                &json!({"name": name, "address": "Zonnelaan 1", "wijk_codes": wijk_codes, "walk_in_hours": "ma-vr 9-12"}),
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let body: Value = r.json().await.unwrap();
        body["id"].as_str().unwrap().to_owned()
    }
}

/// Every log line the apps of this test run wrote, as JSON lines at the production level,
/// so a test can check that no value a client sent ends up in the log.
static LOG: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> =
    std::sync::OnceLock::new();

struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() -> std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
    LOG.get_or_init(|| {
        let buffer = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let level = Settings::defaults().unwrap().log.level;
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_env_filter(tracing_subscriber::EnvFilter::new(level))
            .with_writer(move || LogBuffer(writer.clone()))
            .finish();
        // Another subscriber may already be installed; then nothing is captured and the
        // log test says so.
        let _ = tracing::subscriber::set_global_default(subscriber);
        buffer
    })
    .clone()
}

/// The log written so far by every app of this test run.
pub fn captured_log() -> String {
    let buffer = capture_logs();
    let bytes = buffer.lock().unwrap_or_else(|p| p.into_inner()).clone();
    String::from_utf8_lossy(&bytes).into_owned()
}
