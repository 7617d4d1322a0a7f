//! Schema parity: both migration trees must build the same schema (tables, columns with
//! their types and nullability, indexes, checks), described the same way on either backend
//! and compared with one expected description, `tests/api/schema.txt`. After a deliberate
//! schema change, rewrite it with `WIJKMATCH_WRITE_SCHEMA=1 cargo test --test api schema::`
//! and run the suite on the other backend to see that it agrees.

use std::collections::BTreeSet;

use diesel::{QueryableByName, RunQueryDsl};
use wijkmatch::config::DatabaseUrl;
use wijkmatch::db::{ConnectionManager, DbConnection};

use crate::helpers::TestDatabase;

const EXPECTED: &str = "tests/api/schema.txt";

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = diesel::sql_types::Text)]
    a: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    b: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    c: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    d: String,
}

fn rows(conn: &mut DbConnection, sql: &str) -> Vec<(String, String, String, String)> {
    diesel::sql_query(sql)
        .load::<Row>(conn)
        .unwrap_or_else(|e| panic!("{e}: {sql}"))
        .into_iter()
        .map(|r| (r.a, r.b, r.c, r.d))
        .collect()
}

fn normal_type(t: &str) -> String {
    match t.to_ascii_lowercase().as_str() {
        "double" | "double precision" | "real" | "float" => "double".into(),
        "timestamp" | "timestamp without time zone" => "timestamp".into(),
        "int" | "int4" | "integer" => "integer".into(),
        "int8" | "bigint" => "bigint".into(),
        "bool" | "boolean" => "boolean".into(),
        other => other.into(),
    }
}

/// The identifiers of `columns` that `expression` mentions: a check described by the
/// columns it constrains, since each backend spells expressions its own way.
fn mentioned(expression: &str, columns: &BTreeSet<String>) -> String {
    let words: BTreeSet<String> = expression
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map(str::to_ascii_lowercase)
        .filter(|w| columns.contains(w))
        .collect();
    words.into_iter().collect::<Vec<_>>().join(", ")
}

/// The quoted texts an expression names (`status IN ('a', 'b')` or PostgreSQL's
/// `status = ANY (ARRAY['a'::text, 'b'::text])`), sorted.
fn quoted(expression: &str) -> BTreeSet<String> {
    expression
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// Every CHECK (…) expression in a CREATE TABLE statement.
fn sqlite_checks(create: &str) -> Vec<String> {
    let upper = create.to_ascii_uppercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = upper[from..].find("CHECK") {
        let start = from + at + "CHECK".len();
        let Some(open) = create[start..].find('(') else {
            break;
        };
        let mut depth = 0;
        let mut end = start + open;
        for (i, ch) in create[start + open..].char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push(create[start + open + 1..end].to_owned());
        from = end;
    }
    out
}

/// One line per fact, sorted: the same text on both backends when the schemas agree.
fn describe(conn: &mut DbConnection) -> String {
    let mut lines = BTreeSet::new();
    let postgres = matches!(conn, DbConnection::Postgres(_));
    let columns = if postgres {
        rows(
            conn,
            "SELECT table_name::text AS a, column_name::text AS b, data_type::text AS c, \
             is_nullable::text AS d FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_%'",
        )
    } else {
        rows(
            conn,
            // An AUTOINCREMENT rowid is SQLite's 64-bit identity: PostgreSQL's bigint one.
            "SELECT m.name AS a, p.name AS b, \
             CASE WHEN p.pk = 1 AND lower(p.type) = 'integer' \
                  AND m.sql LIKE '%AUTOINCREMENT%' THEN 'bigint' ELSE p.type END AS c, \
             CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 'NO' ELSE 'YES' END AS d \
             FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE '\\_\\_%' ESCAPE '\\' \
             AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        )
    };
    let mut by_table: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for (table, column, ty, nullable) in columns {
        let null = if nullable == "YES" {
            "null"
        } else {
            "not null"
        };
        lines.insert(format!(
            "column {table}.{column} {} {null}",
            normal_type(&ty)
        ));
        by_table.entry(table).or_default().insert(column);
    }
    let indexes = if postgres {
        rows(
            conn,
            "SELECT t.relname::text AS a, \
             string_agg(a.attname::text, ', ' ORDER BY k.n) AS b, \
             CASE WHEN ix.indisunique THEN 'unique' ELSE 'index' END AS c, \
             CASE WHEN ix.indpred IS NULL THEN '' ELSE ' partial' END AS d \
             FROM pg_index ix \
             JOIN pg_class t ON t.oid = ix.indrelid \
             JOIN pg_namespace s ON s.oid = t.relnamespace AND s.nspname = 'public' \
             CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) \
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
             WHERE NOT ix.indisprimary AND t.relname NOT LIKE '\\_\\_%' \
             GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indpred",
        )
    } else {
        rows(
            conn,
            "SELECT m.name AS a, \
             (SELECT group_concat(name, ', ') FROM \
                (SELECT ii.name FROM pragma_index_info(il.name) ii ORDER BY ii.seqno)) AS b, \
             CASE WHEN il.\"unique\" = 1 THEN 'unique' ELSE 'index' END AS c, \
             CASE WHEN il.partial = 1 THEN ' partial' ELSE '' END AS d \
             FROM sqlite_master m, pragma_index_list(m.name) il \
             WHERE m.type = 'table' AND il.origin != 'pk' \
             AND m.name NOT LIKE '\\_\\_%' ESCAPE '\\'",
        )
    };
    for (table, cols, kind, partial) in indexes {
        lines.insert(format!("{kind} {table} ({cols}){partial}"));
    }
    let checks = if postgres {
        rows(
            conn,
            "SELECT c.conrelid::regclass::text AS a, pg_get_constraintdef(c.oid) AS b, \
             '' AS c, '' AS d FROM pg_constraint c \
             WHERE c.contype = 'c' AND c.connamespace = 'public'::regnamespace",
        )
    } else {
        rows(
            conn,
            "SELECT name AS a, sql AS b, '' AS c, '' AS d FROM sqlite_master \
             WHERE type = 'table' AND sql LIKE '%CHECK%'",
        )
        .into_iter()
        .flat_map(|(table, sql, _, _)| {
            sqlite_checks(&sql)
                .into_iter()
                .map(move |e| (table.clone(), e, String::new(), String::new()))
        })
        .collect()
    };
    for (table, expression, _, _) in checks {
        let cols = by_table.get(&table).cloned().unwrap_or_default();
        let texts = quoted(&expression);
        let allowed = if texts.is_empty() {
            String::new()
        } else {
            format!(" in {}", texts.into_iter().collect::<Vec<_>>().join(" "))
        };
        lines.insert(format!(
            "check {table} ({}){allowed}",
            mentioned(&expression, &cols)
        ));
    }
    let mut text = lines.into_iter().collect::<Vec<_>>().join("\n");
    text.push('\n');
    text
}

fn connect(db: &TestDatabase) -> DbConnection {
    ConnectionManager::new(DatabaseUrl::parse(&db.url).unwrap())
        .establish()
        .unwrap()
}

#[test]
fn both_backends_build_the_schema_described_in_schema_txt() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new(dir.path());
    let mut conn = connect(&db);
    conn.run_migrations().unwrap();
    let actual = describe(&mut conn);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED);
    if std::env::var_os("WIJKMATCH_WRITE_SCHEMA").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    if actual != expected {
        let missing: Vec<&str> = expected.lines().filter(|l| !actual.contains(l)).collect();
        let extra: Vec<&str> = actual.lines().filter(|l| !expected.contains(l)).collect();
        panic!(
            "the {} schema differs from {EXPECTED}\nexpected, not built:\n  {}\nbuilt, not expected:\n  {}",
            conn.backend(),
            missing.join("\n  "),
            extra.join("\n  ")
        );
    }
}

#[test]
fn migrating_down_and_up_again_gives_the_same_schema() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDatabase::new(dir.path());
    let mut conn = connect(&db);
    conn.run_migrations().unwrap();
    let first = describe(&mut conn);
    conn.revert_all_migrations().unwrap();
    assert_eq!(
        describe(&mut conn).trim(),
        "",
        "nothing is left after every down migration"
    );
    conn.run_migrations().unwrap();
    assert_eq!(describe(&mut conn), first);
}

#[test]
fn checks_are_found_in_create_statements() {
    let found = sqlite_checks(
        "CREATE TABLE t (a INTEGER CHECK (a > 0), b TEXT NOT NULL, CHECK (a <= (b + 1)))",
    );
    assert_eq!(found, ["a > 0", "a <= (b + 1)"]);
    let cols: BTreeSet<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
    assert_eq!(
        mentioned("((a)::text = ANY (ARRAY['x'::text]))", &cols),
        "a"
    );
}

/// Each value CHECK lists exactly the texts its Rust type declares, so a new variant cannot
/// reach the code without a migration (the schema test ties the file to both backends).
#[test]
fn value_checks_list_exactly_the_texts_the_types_declare() {
    use wijkmatch::domain::changes::{ChangeKind, Entity};
    use wijkmatch::domain::kinds::{PartnerKind, Visibility};
    use wijkmatch::domain::notices::{Language, OutboxEvent, OutboxKind};
    use wijkmatch::domain::status::{
        HoursStatus, InitiatedBy, MatchStatus, OfferStatus, RequestStatus,
    };
    use wijkmatch::matching::{ContactPreference, Mode, Urgency};

    fn texts<T: wijkmatch::text_enum::TextEnum>() -> BTreeSet<String> {
        T::ALL.iter().map(|v| v.as_str().to_owned()).collect()
    }
    let expected: Vec<(&str, BTreeSet<String>)> = vec![
        ("requests (status)", texts::<RequestStatus>()),
        ("requests (mode)", texts::<Mode>()),
        ("requests (urgency)", texts::<Urgency>()),
        ("offers (status)", texts::<OfferStatus>()),
        ("matches (status)", texts::<MatchStatus>()),
        ("matches (initiated_by)", texts::<InitiatedBy>()),
        ("hours (status)", texts::<HoursStatus>()),
        ("key_figures (visibility)", texts::<Visibility>()),
        ("partner_links (kind)", texts::<PartnerKind>()),
        ("changes (kind)", texts::<ChangeKind>()),
        ("changes (entity)", texts::<Entity>()),
        ("users (language)", texts::<Language>()),
        ("outbox (kind)", texts::<OutboxKind>()),
        ("outbox (event)", texts::<OutboxEvent>()),
        (
            "volunteer_profiles (contact_preference)",
            texts::<ContactPreference>(),
        ),
    ];
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED);
    let schema = std::fs::read_to_string(path).unwrap();
    for (column, texts) in expected {
        let line = schema
            .lines()
            .find_map(|l| l.strip_prefix(&format!("check {column} in ")))
            .unwrap_or_else(|| panic!("no value check on {column}"));
        let listed: BTreeSet<String> = line.split(' ').map(str::to_owned).collect();
        assert_eq!(listed, texts, "{column}");
    }
}
