//! GET /metrics: Prometheus text that an independent parser reads, counters that move with
//! the traffic, route patterns instead of paths, and who may read it.

use prom_text_format_parser::{Scrape, Type, ValueType};
use reqwest::StatusCode;
use secrecy::SecretString;

use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_app_with};

const TOKEN: &str = "scraper-token-for-the-metrics-test";

async fn scrape(app: &TestApp) -> (String, Scrape) {
    let r = app.get("/metrics", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let content_type = r.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let text = r.text().await.unwrap();
    let parsed = Scrape::parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    (text, parsed)
}

/// Sum of the samples of one kind of `metric` whose labels include `labels`; 0 when there
/// is no such series yet.
fn sum(scrape: &Scrape, metric: &str, kind: ValueType, labels: &[(&str, &str)]) -> f64 {
    scrape
        .metrics
        .iter()
        .filter(|m| m.name == metric)
        .flat_map(|m| &m.samples)
        .filter(|s| s.value.value_type == kind)
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.iter().any(|l| l.key == *k && l.value == *v))
        })
        .map(|s| s.value.value.as_f64())
        .sum()
}

/// The value of a counter or gauge with these labels.
fn value(scrape: &Scrape, metric: &str, labels: &[(&str, &str)]) -> f64 {
    if let Some(m) = scrape.metrics.iter().find(|m| m.name == metric) {
        assert!(
            matches!(m.kind, Type::Counter | Type::Gauge),
            "{metric}: {:?}",
            m.kind
        );
    }
    sum(scrape, metric, ValueType::Sample, labels)
}

/// How many observations a histogram with these labels holds.
fn observations(scrape: &Scrape, metric: &str, labels: &[(&str, &str)]) -> f64 {
    let m = scrape.metrics.iter().find(|m| m.name == metric);
    assert!(
        m.is_some_and(|m| m.kind == Type::Histogram),
        "{metric} is not a histogram"
    );
    sum(scrape, metric, ValueType::Count, labels)
}

/// Whether a series of `metric` has this label.
fn has_series(scrape: &Scrape, metric: &str, label: (&str, &str)) -> bool {
    scrape
        .metrics
        .iter()
        .filter(|m| m.name == metric)
        .flat_map(|m| &m.samples)
        .any(|s| {
            s.labels
                .iter()
                .any(|l| l.key == label.0 && l.value == label.1)
        })
}

#[actix_web::test]
async fn counters_move_with_requests_by_route_pattern_never_by_path() {
    let app = spawn_app().await;
    let (_, before) = scrape(&app).await;
    let health = [("method", "GET"), ("route", "/health"), ("status", "200")];
    let health_before = value(&before, "wijkmatch_http_requests_total", &health);

    for _ in 0..3 {
        assert_eq!(app.get("/health", None).await.status(), StatusCode::OK);
    }
    let wijk = app.get("/api/v1/wijken/WK001404", None).await;
    assert_eq!(wijk.status(), StatusCode::OK);
    let missing = app.get("/no-such-page/secret-path-part", None).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    // A write, so a database connection and (on SQLite) the writer lock are used.
    app.register("Metrische Meter").await;

    let (text, after) = scrape(&app).await;
    assert_eq!(
        value(&after, "wijkmatch_http_requests_total", &health) - health_before,
        3.0
    );
    assert!(
        observations(
            &after,
            "wijkmatch_http_request_duration_seconds",
            &[("method", "GET"), ("route", "/health")]
        ) >= 3.0
    );
    let by_pattern = [
        ("method", "GET"),
        ("route", "/api/v1/wijken/{code}"),
        ("status", "200"),
    ];
    assert_eq!(
        value(&after, "wijkmatch_http_requests_total", &by_pattern),
        1.0,
        "{text}"
    );
    let unmatched = [("route", "unmatched"), ("status", "404")];
    assert!(value(&after, "wijkmatch_http_requests_total", &unmatched) >= 1.0);
    let register = [
        ("method", "POST"),
        ("route", "/api/v1/auth/register"),
        ("status", "201"),
    ];
    assert_eq!(
        value(&after, "wijkmatch_http_requests_total", &register),
        1.0
    );
    // Patterns only: no raw path, id or e-mail address in any label.
    for leak in ["WK001404", "secret-path-part", "@example.org"] {
        assert!(!text.contains(leak), "`{leak}` in the metrics");
    }

    // The pool, as configured, and every check-out timed.
    assert_eq!(value(&after, "wijkmatch_db_pool_max_connections", &[]), 4.0);
    assert!(value(&after, "wijkmatch_db_pool_connections", &[]) >= 1.0);
    assert!(
        observations(&after, "wijkmatch_db_pool_wait_seconds", &[])
            > observations(&before, "wijkmatch_db_pool_wait_seconds", &[])
    );
    let writer_waits = observations(&after, "wijkmatch_db_writer_lock_wait_seconds", &[]);
    if app.database().postgres().is_some() {
        assert_eq!(writer_waits, 0.0, "PostgreSQL has no writer lock");
    } else {
        assert!(
            writer_waits >= 1.0,
            "the registration waited for the writer lock"
        );
    }
    assert_eq!(value(&after, "wijkmatch_storage_full", &[]), 0.0);

    // Both background jobs are there from the start; offer expiry runs at once.
    for job in ["offer_expiry", "housekeeping"] {
        assert!(
            has_series(&after, "wijkmatch_job_runs_total", ("job", job)),
            "{job}"
        );
    }
    assert_eq!(
        value(
            &after,
            "wijkmatch_job_failures_total",
            &[("job", "offer_expiry")]
        ),
        0.0
    );
    let backend = if app.database().postgres().is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    assert!(has_series(
        &after,
        "wijkmatch_build_info",
        ("backend", backend)
    ));
}

#[actix_web::test]
async fn a_caller_elsewhere_needs_the_token() {
    let app = spawn_app_with(|s| {
        s.metrics.token = SecretString::from(TOKEN.to_owned());
        s.metrics.loopback_without_token = false;
    })
    .await;
    let r = app.get("/metrics", None).await;
    assert_eq!(r.headers()["www-authenticate"], "Bearer");
    assert_problem(r, 401).await;
    let r = app.get("/metrics", Some("not-the-scraper-token")).await;
    assert_problem(r, 401).await;
    let r = app.get("/metrics", Some(TOKEN)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("wijkmatch_http_requests_total")
    );
}

#[actix_web::test]
async fn without_a_token_only_this_machine_gets_them_and_not_through_a_proxy() {
    let app = spawn_app().await;
    let through_proxy = app
        .client
        .get(app.url("/metrics"))
        .header("X-Forwarded-For", "198.51.100.7")
        .send()
        .await
        .unwrap();
    let body = assert_problem(through_proxy, 403).await;
    assert!(body["detail"].as_str().unwrap().contains("metrics.token"));

    let closed = spawn_app_with(|s| s.metrics.loopback_without_token = false).await;
    assert_problem(closed.get("/metrics", None).await, 403).await;
}

#[actix_web::test]
async fn switched_off_they_are_not_served() {
    let app = spawn_app_with(|s| s.metrics.enabled = false).await;
    assert_problem(app.get("/metrics", None).await, 404).await;
    assert_eq!(app.get("/health", None).await.status(), StatusCode::OK);
}
