//! What the service counts for Prometheus: requests by route pattern and status, their
//! latency, the database pool and SQLite's writer lock, a full disk, and the background
//! jobs. One registry per application (tests run several in one process).
//!
//! Requests are recorded per thread: each worker thread counts into its own shard, locked
//! by nothing but that thread and a scrape, so requests on different cores never contend
//! for a lock or a cache line; a scrape adds the shards up. The pool gauges are read when
//! scraped.
//!
//! Labels carry route patterns, methods, statuses and job names only: never a raw path, an
//! id, an e-mail address or a query string.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
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
    Outbox,
    Notices,
}

impl Job {
    const ALL: [Job; 4] = [
        Job::OfferExpiry,
        Job::Housekeeping,
        Job::Outbox,
        Job::Notices,
    ];

    /// The job's name, as metrics and logs write it.
    pub fn name(self) -> &'static str {
        match self {
            Job::OfferExpiry => "offer_expiry",
            Job::Housekeeping => "housekeeping",
            Job::Outbox => "outbox",
            Job::Notices => "notices",
        }
    }

    fn label(self) -> JobLabels {
        JobLabels { job: self.name() }
    }
}

type F64Gauge = Gauge<f64, AtomicU64>;

pub struct Metrics {
    enabled: bool,
    registry: Registry,
    db: Db,
    http: Arc<HttpStats>,
    pool_max: Gauge,
    pool_connections: Gauge,
    pool_idle: Gauge,
    storage_full: Gauge,
    job_runs: Family<JobLabels, Counter>,
    job_failures: Family<JobLabels, Counter>,
    job_last_run: Family<JobLabels, F64Gauge>,
    job_last_success: Family<JobLabels, F64Gauge>,
    job_duration: Family<JobLabels, F64Gauge>,
    outbox_sent: Counter,
    outbox_failures: Counter,
    outbox_backlog: Gauge,
    outbox_oldest_age: F64Gauge,
    outbox_undeliverable: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

/// The latency of one method on one route, in one shard.
#[derive(Debug, Clone, Default)]
struct Latency {
    /// Per bucket of [`LATENCY_BUCKETS`], then the overflow (+Inf); not cumulative.
    buckets: [u64; LATENCY_BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

impl Latency {
    fn observe(&mut self, seconds: f64) {
        let bucket = LATENCY_BUCKETS.partition_point(|upper| *upper < seconds);
        self.buckets[bucket] += 1;
        self.sum += seconds;
        self.count += 1;
    }

    fn add(&mut self, other: &Latency) {
        for (mine, theirs) in self.buckets.iter_mut().zip(other.buckets) {
            *mine += theirs;
        }
        self.sum += other.sum;
        self.count += other.count;
    }
}

/// One route's numbers in one shard: counts by (method, status), latency by method. Few
/// entries each, so a linear search beats hashing.
#[derive(Debug, Default)]
struct RouteStats {
    answers: Vec<(&'static str, u16, u64)>,
    latency: Vec<(&'static str, Latency)>,
}

/// One thread's request numbers, by route pattern.
#[derive(Debug, Default)]
struct Shard(Mutex<HashMap<String, RouteStats>>);

impl Shard {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, RouteStats>> {
        // Plain numbers: a panic half-way leaves at worst one request uncounted.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Request counts and latency of one application, sharded by thread.
#[derive(Debug)]
struct HttpStats {
    id: u64,
    shards: Mutex<Vec<Arc<Shard>>>,
}

static NEXT_HTTP_STATS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's shard of each application it served (one, but for tests).
    static SHARDS: RefCell<Vec<(u64, Arc<Shard>)>> = const { RefCell::new(Vec::new()) };
}

impl HttpStats {
    fn new() -> Self {
        Self {
            id: NEXT_HTTP_STATS.fetch_add(1, Ordering::Relaxed),
            shards: Mutex::new(Vec::new()),
        }
    }

    fn all_shards(&self) -> MutexGuard<'_, Vec<Arc<Shard>>> {
        self.shards
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn record(&self, method: &'static str, route: String, status: u16, seconds: f64) {
        SHARDS.with(|cell| {
            let mut mine = cell.borrow_mut();
            let shard = match mine.iter().find(|(id, _)| *id == self.id) {
                Some((_, shard)) => shard,
                None => {
                    let shard = Arc::new(Shard::default());
                    self.all_shards().push(shard.clone());
                    mine.push((self.id, shard));
                    &mine[mine.len() - 1].1
                }
            };
            let mut map = shard.lock();
            let stats = map.entry(route).or_default();
            match stats
                .answers
                .iter_mut()
                .find(|(m, s, _)| *m == method && *s == status)
            {
                Some((_, _, n)) => *n += 1,
                None => stats.answers.push((method, status, 1)),
            }
            match stats.latency.iter_mut().find(|(m, _)| *m == method) {
                Some((_, latency)) => latency.observe(seconds),
                None => {
                    let mut latency = Latency::default();
                    latency.observe(seconds);
                    stats.latency.push((method, latency));
                }
            }
        });
    }
}

impl Collector for HttpStats {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let mut answers: BTreeMap<(String, &'static str, u16), u64> = BTreeMap::new();
        let mut latency: BTreeMap<(String, &'static str), Latency> = BTreeMap::new();
        for shard in self.all_shards().iter() {
            for (route, stats) in shard.lock().iter() {
                for (method, status, n) in &stats.answers {
                    *answers.entry((route.clone(), method, *status)).or_default() += n;
                }
                for (method, l) in &stats.latency {
                    latency.entry((route.clone(), method)).or_default().add(l);
                }
            }
        }
        // A family without samples is left out, as a registered one would show none.
        if answers.is_empty() {
            return Ok(());
        }
        let mut counter = encoder.encode_descriptor(
            "http_requests",
            "Answered HTTP requests by method, route pattern and status",
            None,
            MetricType::Counter,
        )?;
        for ((route, method, status), n) in answers {
            let labels = RequestLabels {
                method,
                route,
                status,
            };
            counter
                .encode_family(&labels)?
                .encode_counter::<NoLabelSet, _, u64>(&n, None)?;
        }
        let mut histogram = encoder.encode_descriptor(
            "http_request_duration_seconds",
            "Time from receiving a request to its answer, by method and route pattern",
            None,
            MetricType::Histogram,
        )?;
        for ((route, method), l) in latency {
            let buckets: Vec<(f64, u64)> = LATENCY_BUCKETS
                .iter()
                .copied()
                .chain([f64::INFINITY])
                .zip(l.buckets)
                .collect();
            histogram
                .encode_family(&RouteLabels { method, route })?
                .encode_histogram::<NoLabelSet>(l.sum, l.count, &buckets, None)?;
        }
        Ok(())
    }
}

impl Metrics {
    /// Metrics of one application on `db`; `enabled = false` records nothing.
    pub fn new(enabled: bool, db: Db) -> Self {
        let mut registry = Registry::with_prefix("wijkmatch");
        let m = Self {
            enabled,
            db,
            http: Arc::new(HttpStats::new()),
            pool_max: Gauge::default(),
            pool_connections: Gauge::default(),
            pool_idle: Gauge::default(),
            storage_full: Gauge::default(),
            job_runs: Family::default(),
            job_failures: Family::default(),
            job_last_run: Family::default(),
            job_last_success: Family::default(),
            job_duration: Family::default(),
            outbox_sent: Counter::default(),
            outbox_failures: Counter::default(),
            outbox_backlog: Gauge::default(),
            outbox_oldest_age: F64Gauge::default(),
            outbox_undeliverable: Gauge::default(),
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
        registry.register_collector(Box::new(m.http.clone()));
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
        registry.register(
            "outbox_sent",
            "Outbox items the server accepted",
            m.outbox_sent.clone(),
        );
        registry.register(
            "outbox_failed_attempts",
            "Outbox delivery attempts that failed (each is retried with backoff)",
            m.outbox_failures.clone(),
        );
        registry.register(
            "outbox_backlog",
            "Outbox items waiting for delivery",
            m.outbox_backlog.clone(),
        );
        registry.register(
            "outbox_oldest_age_seconds",
            "How long the oldest waiting outbox item has waited",
            m.outbox_oldest_age.clone(),
        );
        registry.register(
            "outbox_undeliverable",
            "Outbox items waiting while e-mail is off (no mail.smtp_url)",
            m.outbox_undeliverable.clone(),
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
        self.http
            .record(method, route, status, elapsed.as_secs_f64());
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

    /// One round of the outbox: what it sent, what failed, and the backlog after it.
    pub fn record_outbox(
        &self,
        sent: usize,
        failed: usize,
        waiting: i64,
        oldest_age_seconds: f64,
        undeliverable: bool,
    ) {
        if !self.enabled {
            return;
        }
        self.outbox_sent.inc_by(sent as u64);
        self.outbox_failures.inc_by(failed as u64);
        self.outbox_backlog.set(waiting);
        self.outbox_oldest_age.set(oldest_age_seconds);
        self.outbox_undeliverable
            .set(if undeliverable { waiting } else { 0 });
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
