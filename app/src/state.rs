//! The server's shared state, reached from server functions through small
//! accessors that return a typed error instead of panicking.

use crate::error::AppError;
use leptos::prelude::*;
use sqlx::AnyPool;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Config {
    /// The address people type to reach Livret, printed on access sheets.
    pub public_url: String,
    /// Cookies only over HTTPS (true in production).
    pub secure_cookies: bool,
    /// How long a one-time access code stays valid.
    pub access_code_days: i64,
    /// How long a live page's question waits for a change before the
    /// server reads the revision again (see `coedit::pulse`).
    pub live_hold: std::time::Duration,
    /// The SMTP server for e-mails (`smtp://host:port`, `smtps://…`); none:
    /// e-mails are kept in the outbox, not sent.
    pub smtp_url: Option<String>,
    /// The sender of Livret's e-mails.
    pub mail_from: String,
}

#[derive(Clone, Debug)]
pub struct AppState {
    pub pool: AnyPool,
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
    /// Who has which dossier open, and the pages waiting on it.
    pub presence: Arc<crate::presence::Presence>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state of the one server this process runs, for the rare future
/// that outlives the reactive owner holding its context: a page rendered
/// twice on the server (its first rendering thrown away while its server
/// functions still run) would otherwise send an error for the first
/// rendering's resources, and the browser, which hydrates with those,
/// would not find the page the server sent. Set by the binary only: tests
/// run several servers in one process and always go through the context.
static PROCESS_STATE: std::sync::OnceLock<AppState> = std::sync::OnceLock::new();

pub fn set_process_state(state: AppState) {
    let _ = PROCESS_STATE.set(state);
}

/// The state if there is one (a background task has no request context:
/// the process's own state then).
pub fn try_state() -> Option<AppState> {
    use_context::<AppState>().or_else(|| PROCESS_STATE.get().cloned())
}

pub fn state() -> Result<AppState, AppError> {
    try_state().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

pub fn pool() -> Result<AnyPool, AppError> {
    state().map(|s| s.pool)
}

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// A form posted by the browser itself (no JavaScript): the answer must be
/// a redirect, and anything to show must wait in the session.
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|p| accepts_html(&p.headers))
}

/// The browser itself sent the request (it takes a page in reply), not the
/// page's code.
pub fn accepts_html(headers: &http::HeaderMap) -> bool {
    headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|s| s.contains("text/html"))
}

/// A cookie of the current request (for device settings: text size, kiosk).
pub fn request_cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<http::request::Parts>()?.headers, name)
}

/// A cookie among a request's headers (also for the server's middleware,
/// which runs outside any page).
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The pool's database is SQLite (one file, one instance), not PostgreSQL.
pub fn is_sqlite(pool: &AnyPool) -> bool {
    pool.connect_options().database_url.scheme().starts_with("sqlite")
}

/// Starts a transaction that will write. SQLite must take its write lock
/// at the start (`BEGIN IMMEDIATE`): otherwise two writers that both read
/// first fail at once with "database is locked" instead of waiting their
/// turn (found by the save-latency benchmark with 50 writers).
///
/// A connection that sqlx still counts inside a transaction is closed, not
/// used: when SQLite ends a transaction by itself (a full disk makes it
/// roll back), sqlx's own rollback then fails and its count stays one too
/// high, and it would refuse every later `BEGIN IMMEDIATE` on that
/// connection ("non-zero transaction depth"): saves would keep failing
/// after the disk has room again (found by the full-disk fault test).
pub async fn begin_write(pool: &AnyPool) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    use sqlx::Connection;
    let statement = if is_sqlite(pool) { "BEGIN IMMEDIATE" } else { "BEGIN" };
    // Each stale connection is closed on the way: one more try than the
    // pool holds finds a sound or a new one.
    for _ in 0..pool.options().get_max_connections() {
        let mut conn = pool.acquire().await?;
        if conn.is_in_transaction() {
            tracing::warn!("a database connection left inside a transaction: closed");
            conn.close_on_drop();
            continue;
        }
        return sqlx::Transaction::begin(conn, Some(statement.into())).await;
    }
    pool.begin_with(statement).await
}
