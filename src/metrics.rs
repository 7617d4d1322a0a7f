//! What the service counts for Prometheus: requests by route pattern and status, their
//! latency, the database pool and SQLite's writer lock, a full disk, and the background
//! jobs. One registry per application (tests run several in one process). Recording is a
//! few atomic operations per request; the pool gauges are read when scraped.
//!
//! Labels carry route patterns, methods, statuses and job names only: never a raw path, an
//! id, an e-mail address or a query string.

use std::sync::atomic::AtomicU64;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::Registry;

use crate::db::Db;

/// The `Content-Type` of the Prometheus text format.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// The route label of a request no route took (never its path).
pub const UNMATCHED: &str = "unmatched";

/// Request latency buckets: 1 ms to 10 s.
const LATENCY_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    job: &'static str,
}

/// The background jobs every instance runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    OfferExpiry,
    Housekeeping,
}

impl Job {
    const ALL: [Job; 2] = [Job::OfferExpiry, Job::Housekeeping];

    fn label(self) -> JobLabels {
        JobLabels {
            job: match self {
                Job::OfferExpiry => "offer_expiry",
                Job::Housekeeping => "housekeeping",
            },
        }
    }
}

type F64Gauge = Gauge<f64, AtomicU64>;

pub struct Metrics {
    enabled: bool,
    registry: Registry,
    db: Db,
    http_requests: Family<RequestLabels, Counter>,
    http_duration: Family<RouteLabels, Histogram, fn() -> Histogram>,
    pool_max: Gauge,
    pool_connections: Gauge,
    pool_idle: Gauge,
    storage_full: Gauge,
    job_runs: Family<JobLabels, Counter>,
    job_failures: Family<JobLabels, Counter>,
    job_last_run: Family<JobLabels, F64Gauge>,
    job_last_success: Family<JobLabels, F64Gauge>,
    job_duration: Family<JobLabels, F64Gauge>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

impl Metrics {
    /// Metrics of one application on `db`; `enabled = false` records nothing.
    pub fn new(enabled: bool, db: Db) -> Self {
        let mut registry = Registry::with_prefix("wijkmatch");
        let m = Self {
            enabled,
            db,
            http_requests: Family::default(),
            http_duration: Family::new_with_constructor(latency_histogram),
            pool_max: Gauge::default(),
            pool_connections: Gauge::default(),
            pool_idle: Gauge::default(),
            storage_full: Gauge::default(),
            job_runs: Family::default(),
            job_failures: Family::default(),
            job_last_run: Family::default(),
            job_last_success: Family::default(),
            job_duration: Family::default(),
            registry: Registry::default(),
        };
        registry.register(
            "build",
            "The running version and database backend",
            Info::new([
                ("version", env!("CARGO_PKG_VERSION")),
                ("backend", m.db.backend()),
            ]),
        );
        registry.register(
            "http_requests",
            "Answered HTTP requests by method, route pattern and status",
            m.http_requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from receiving a request to its answer, by method and route pattern",
            m.http_duration.clone(),
        );
        registry.register(
            "db_pool_max_connections",
            "Connections the database pool may open (database.pool_size)",
            m.pool_max.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Connections the database pool holds open",
            m.pool_connections.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Open connections not in use",
            m.pool_idle.clone(),
        );
        let stats = m.db.stats();
        registry.register(
            "db_pool_wait_seconds",
            "Time a request waited for a pooled database connection",
            stats.pool_wait.clone(),
        );
        registry.register(
            "db_pool_timeouts",
            "Waits for a pooled connection that gave up (answered 503)",
            stats.pool_timeouts.clone(),
        );
        registry.register(
            "db_writer_lock_wait_seconds",
            "SQLite: time a write transaction waited for the process-wide writer lock",
            stats.writer_wait.clone(),
        );
        registry.register(
            "db_storage_full_errors",
            "Statements refused because the database could not grow (a full disk)",
            stats.storage_full_errors.clone(),
        );
        registry.register(
            "storage_full",
            "1 while writes are refused for a full disk (until a probe write succeeds)",
            m.storage_full.clone(),
        );
        registry.register("job_runs", "Rounds of a background job", m.job_runs.clone());
        registry.register(
            "job_failures",
            "Rounds of a background job that failed",
            m.job_failures.clone(),
        );
        registry.register(
            "job_last_run_timestamp_seconds",
            "Unix time a background job last finished a round, failed or not",
            m.job_last_run.clone(),
        );
        registry.register(
            "job_last_success_timestamp_seconds",
            "Unix time a background job last finished a round without error",
            m.job_last_success.clone(),
        );
        registry.register(
            "job_last_duration_seconds",
            "How long a background job's last round took",
            m.job_duration.clone(),
        );
        // Every job has its series from the start, so "never ran" is a 0, not an absence.
        for job in Job::ALL {
            let label = job.label();
            let _ = m.job_runs.get_or_create(&label);
            let _ = m.job_failures.get_or_create(&label);
            let _ = m.job_last_run.get_or_create(&label);
            let _ = m.job_last_success.get_or_create(&label);
            let _ = m.job_duration.get_or_create(&label);
        }
        Self { registry, ..m }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// One answered request. `route` is the matched route pattern, `None` when no route
    /// took the request.
    pub fn record_request(
        &self,
        method: &'static str,
        route: Option<String>,
        status: u16,
        elapsed: Duration,
    ) {
        if !self.enabled {
            return;
        }
        let route = route.unwrap_or_else(|| UNMATCHED.to_owned());
        self.http_duration
            .get_or_create(&RouteLabels {
                method,
                route: route.clone(),
            })
            .observe(elapsed.as_secs_f64());
        self.http_requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
    }

    /// One round of a background job, started at `started` and taking `elapsed`.
    pub fn record_job(&self, job: Job, elapsed: Duration, succeeded: bool) {
        if !self.enabled {
            return;
        }
        let label = job.label();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs_f64();
        self.job_runs.get_or_create(&label).inc();
        self.job_last_run.get_or_create(&label).set(now);
        self.job_duration
            .get_or_create(&label)
            .set(elapsed.as_secs_f64());
        if succeeded {
            self.job_last_success.get_or_create(&label).set(now);
        } else {
            self.job_failures.get_or_create(&label).inc();
        }
    }

    /// The Prometheus text exposition, with the pool read now.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let pool = self.db.pool_state();
        self.pool_max.set(i64::from(pool.max_size));
        self.pool_connections.set(i64::from(pool.connections));
        self.pool_idle.set(i64::from(pool.idle));
        self.storage_full.set(i64::from(self.db.storage_full()));
        let mut text = String::with_capacity(16 * 1024);
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}
