//! Growth: no hot path reads a whole table that grows with the
//! département (accounts, dossiers, answers, journal...). Every SQL
//! statement that runs while she and the professionals use their main
//! pages is caught as it runs (sqlx reports each one to `tracing`), then
//! SQLite's query plan of each is read: a `SCAN` of a growing table fails
//! the test, with the statement and its plan. SQLite plans without
//! statistics, so this holds at any size. The statements per request are
//! printed, for the load benchmark's analysis.

mod common;

use axum::http::StatusCode;
use common::*;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};

/// Tables that stay small whatever the size of the département: a full
/// read of them is fine.
/// (Head requests: a few per year, each decided within days.)
const SMALL: &[&str] = &["mds", "mission_perimeters", "perimeter_changes", "head_requests", "_sqlx_migrations", "CONSTANT ROW"];

#[derive(Clone, Default)]
struct Caught(Arc<Mutex<Vec<String>>>);

struct Statement {
    summary: String,
    full: String,
}

impl Visit for Statement {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_owned(),
            "db.statement" => self.full = value.trim().to_owned(),
            _ => {}
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            self.summary = format!("{value:?}").trim_matches('"').to_owned();
        }
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Caught {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut s = Statement { summary: String::new(), full: String::new() };
        event.record(&mut s);
        let sql = if s.full.is_empty() { s.summary } else { s.full };
        if let Ok(mut all) = self.0.lock() {
            all.push(sql);
        }
    }
}

impl Caught {
    fn take(&self) -> Vec<String> {
        self.0.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default()
    }
}

#[tokio::test]
async fn the_hot_paths_read_no_growing_table_whole() {
    let caught = Caught::default();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::Targets::new().with_target("sqlx::query", tracing::Level::TRACE))
        .with(caught.clone());
    // Global: SQLite runs each connection's statements on a thread of its own.
    // (This file holds this one test, so nothing else reports to it.)
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber of this test binary");

    let app = TestApp::start(Backend::Sqlite).await;
    let person = app.sign_in_person(PERSON.0, PERSON.1).await;
    let claire = app.sign_in_staff(PRO).await;
    let head = app.sign_in_staff(HEAD).await;
    let (dossier,): (i64,) =
        sqlx::query_as("SELECT d.id FROM dossiers d JOIN accounts a ON a.id = d.person_id WHERE a.identifier = $1")
            .bind(PERSON.0)
            .fetch_one(&app.pool)
            .await
            .expect("her dossier");
    let id = dossier.to_string();
    caught.take();

    let mut per_request: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (who, label, path) in [
        (&person, "her home", "/"),
        (&person, "her demande step", "/demande/2"),
        (&person, "her sharing page", "/partage"),
        (&claire, "a professional's home", "/pro"),
        (&claire, "a professional's dossier page", &format!("/dossier/{id}")),
        (&head, "the head's home", "/pro"),
    ] {
        let r = app.get(Some(who), path).await;
        assert_eq!(r.status, StatusCode::OK, "{label} {path}");
        per_request.insert(format!("{label} (GET {path})"), caught.take());
    }
    for (who, label, endpoint, form) in [
        (&person, "save an answer", "save_answer", vec![("field", "housing.hard"), ("value", "Froid."), ("version", "0")]),
        (&claire, "live update", "pulse", vec![("dossier_id", id.as_str()), ("since", "-1")]),
        (&claire, "her demande as a professional reads it", "shared_demande", vec![("dossier_id", id.as_str())]),
        (&claire, "a professional's list", "my_dossiers", vec![]),
    ] {
        let r = app.call(Some(who), endpoint, &form).await;
        assert!(r.status.is_success(), "{label}: {}", r.body);
        per_request.insert(format!("{label} (POST /api/{endpoint})"), caught.take());
    }

    let mut problems = Vec::new();
    println!("SQL statements per request (demo data, SQLite):");
    for (request, statements) in &per_request {
        println!("  {:>3}  {request}", statements.len());
        if std::env::var("LIVRET_SHOW_SQL").is_ok() {
            for sql in statements {
                println!("         {}", sql.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
        for sql in statements {
            let lower = sql.to_ascii_lowercase();
            if !(lower.starts_with("select")
                || lower.starts_with("update")
                || lower.starts_with("delete")
                || lower.starts_with("with"))
            {
                continue;
            }
            let plan: Vec<(i64, i64, i64, String)> =
                match sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}")).fetch_all(&app.pool).await {
                    Ok(p) => p,
                    Err(e) => panic!("cannot explain {sql}: {e}"),
                };
            let tables = tables_by_alias(sql);
            for (_, _, _, step) in &plan {
                let Some(rest) = step.strip_prefix("SCAN ") else { continue };
                let alias = rest.split_whitespace().next().unwrap_or_default();
                let table = tables.get(alias).map(String::as_str).unwrap_or(alias);
                if !SMALL.iter().any(|s| rest.starts_with(s) || table == *s) {
                    let steps: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
                    problems.push(format!("{request}:\n    {sql}\n    plan: {}", steps.join(" | ")));
                }
            }
        }
    }
    assert!(problems.is_empty(), "statements that read a growing table whole:\n{}", problems.join("\n"));
}

/// SQLite's plan names a table by its alias in the statement: `FROM
/// dossiers d` gives `SCAN d`.
fn tables_by_alias(sql: &str) -> std::collections::HashMap<String, String> {
    const NOT_ALIAS: &[&str] = &["where", "join", "left", "on", "order", "group", "inner", "union", "limit", "set", ")"];
    let tokens: Vec<String> = sql
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(')
        .filter(|t| !t.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut map = std::collections::HashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        if (t == "from" || t == "join" || t == "update")
            && let Some(table) = tokens.get(i + 1)
        {
            map.insert(table.clone(), table.clone());
            let alias = match tokens.get(i + 2).map(String::as_str) {
                Some("as") => tokens.get(i + 3),
                _ => tokens.get(i + 2),
            };
            if let Some(alias) = alias.filter(|a| !NOT_ALIAS.contains(&a.as_str())) {
                map.insert(alias.clone(), table.clone());
            }
        }
    }
    map
}
