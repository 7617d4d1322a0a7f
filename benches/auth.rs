//! Password hashing at the production parameters (argon2id m=19456 KiB, t=2, p=1): the
//! cost of every registration, login and password change.
#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use wijkmatch::auth::hashing;

fn argon2id(c: &mut Criterion) {
    let stored = hashing::hash("paarse koffie op de fiets").unwrap();
    let mut group = c.benchmark_group("argon2id");
    group.sample_size(20);
    group.bench_function("hash", |b| {
        b.iter(|| hashing::hash("paarse koffie op de fiets").unwrap())
    });
    group.bench_function("verify", |b| {
        b.iter(|| hashing::verify("paarse koffie op de fiets", &stored))
    });
    group.finish();
}

criterion_group!(benches, argon2id);
criterion_main!(benches);
