//! What the benchmarks share: each runs once on a fresh SQLite file, and once
//! on a fresh PostgreSQL database when LIVRET_TEST_POSTGRES_URL is set.

use livret_server::db;
use std::future::Future;

pub async fn on_both_databases<F, Fut>(name: &str, run: F)
where
    F: Fn(&'static str, String) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = std::env::temp_dir().join(format!("livret-{name}-{}", std::process::id()));
    run("SQLite", format!("sqlite://{}/livret.db", dir.display())).await;
    let _ = std::fs::remove_dir_all(&dir);
    match std::env::var("LIVRET_TEST_POSTGRES_URL") {
        Ok(base) if !base.is_empty() => {
            let database = format!("livret_{name}_{}", std::process::id());
            let admin = db::connect_raw(&base).await.expect("PostgreSQL reachable");
            sqlx::query(&format!("CREATE DATABASE {database}")).execute(&admin).await.expect("create database");
            let (prefix, _) = base.rsplit_once('/').expect("URL ends with /database");
            run("PostgreSQL", format!("{prefix}/{database}")).await;
            let _ = sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)")).execute(&admin).await;
        }
        _ => println!("PostgreSQL: not measured (set LIVRET_TEST_POSTGRES_URL)"),
    }
}
