//! One data layer for SQLite and PostgreSQL: an `AnyPool` running SQL of
//! their common subset, and one migrations folder per backend.

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Backend {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") { Backend::Postgres } else { Backend::Sqlite }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot create the folder of the SQLite file {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

/// How long a request waits for a database connection before it fails
/// with "unavailable" (the database stopped, or cut off): a few seconds,
/// not sqlx's 30, so that nobody waits on a page that will not come.
pub const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Opens the pool (creating the SQLite file and its folder when needed)
/// and applies the migrations.
pub async fn connect(url: &str) -> Result<AnyPool, DbError> {
    let connections = if Backend::of(url) == Backend::Sqlite { 8 } else { 16 };
    connect_with(url, connections, ACQUIRE_TIMEOUT).await
}

/// The same with a given number of connections and wait for one (a test
/// gives one connection, to show that no request holds a connection while
/// it waits for another: under load that waits until the timeout).
pub async fn connect_with(url: &str, connections: u32, acquire_timeout: std::time::Duration) -> Result<AnyPool, DbError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of(url);
    let url = match backend {
        Backend::Sqlite => sqlite_url(url)?,
        Backend::Postgres => url.to_owned(),
    };
    let pool = AnyPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(acquire_timeout)
        .connect(&url)
        .await
        .map_err(DbError::Connect)?;
    match backend {
        Backend::Sqlite => {
            // Readers do not wait for the writer; persistent in the file.
            sqlx::query("PRAGMA journal_mode=WAL").execute(&pool).await?;
            SQLITE.run(&pool).await?;
        }
        Backend::Postgres => POSTGRES.run(&pool).await?,
    }
    Ok(pool)
}

/// A pool without migrations (to create test databases on a server).
pub async fn connect_raw(url: &str) -> Result<AnyPool, DbError> {
    sqlx::any::install_default_drivers();
    AnyPoolOptions::new().max_connections(1).connect(url).await.map_err(DbError::Connect)
}

/// `sqlite://path` with the file created if missing.
fn sqlite_url(url: &str) -> Result<String, DbError> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or(path);
    if path != ":memory:"
        && let Some(parent) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|source| DbError::Folder { path: path.to_owned(), source })?;
    }
    Ok(if url.contains('?') { url.to_owned() } else { format!("{url}?mode=rwc") })
}
