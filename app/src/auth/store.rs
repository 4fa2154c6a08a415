//! Sessions kept in the database (table `sessions`), so that any server
//! instance behind a load balancer sees the same sessions, and so that
//! "sign out everywhere" can delete them all. tower-sessions handles the
//! cookie and the session life cycle; this is only its storage.

use sqlx::AnyPool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

/// The session key holding the signed-in account.
pub const ACCOUNT_KEY: &str = "account_id";

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    pool: AnyPool,
    /// When a session could last not be read because the database was out
    /// of reach (see [`DbSessionStore::load`]).
    unreachable_at: Arc<Mutex<Option<Instant>>>,
}

/// After a session could not be read because the database was out of
/// reach, how long other reads fail at once instead of waiting for a
/// connection again: a page reads the session once per piece of data, and
/// would otherwise wait the pool's whole timeout for each of them.
const UNREACHABLE_FOR: Duration = Duration::from_secs(1);

impl DbSessionStore {
    pub fn new(pool: AnyPool) -> Self {
        DbSessionStore { pool, unreachable_at: Arc::default() }
    }

    fn recently_unreachable(&self) -> bool {
        self.unreachable_at.lock().is_ok_and(|at| at.is_some_and(|t| t.elapsed() < UNREACHABLE_FOR))
    }

    fn note_reach(&self, result: &std::result::Result<Option<(String, i64)>, sqlx::Error>) {
        let unreachable = result.as_ref().is_err_and(crate::error::unavailable);
        if let Ok(mut at) = self.unreachable_at.lock() {
            *at = unreachable.then(Instant::now);
        }
    }
}

fn backend(e: sqlx::Error) -> Error {
    Error::Backend(e.to_string())
}

fn columns(record: &Record) -> Result<(String, Option<i64>, String, i64)> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    let account = record.data.get(ACCOUNT_KEY).and_then(serde_json::Value::as_i64);
    Ok((record.id.to_string(), account, data, record.expiry_date.unix_timestamp()))
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        loop {
            let (id, account, data, expires) = columns(record)?;
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, account_id, data, expires_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(id)
            .bind(account)
            .bind(data)
            .bind(expires)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            // An id collision is all but impossible; draw another one.
            record.id = Id::default();
        }
    }

    /// Updates only: a session deleted meanwhile ("sign out everywhere", a
    /// new sheet used) is not brought back by a request still in flight.
    async fn save(&self, record: &Record) -> Result<()> {
        let (id, account, data, expires) = columns(record)?;
        sqlx::query("UPDATE sessions SET account_id = $2, data = $3, expires_at = $4 WHERE id = $1")
            .bind(id)
            .bind(account)
            .bind(data)
            .bind(expires)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Fails at once, without waiting for a connection, for a moment after
    /// the database was found out of reach.
    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        if self.recently_unreachable() {
            return Err(Error::Backend("the database was out of reach a moment ago".to_owned()));
        }
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let row: std::result::Result<Option<(String, i64)>, sqlx::Error> =
            sqlx::query_as("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(id.to_string())
                .bind(now)
                .fetch_optional(&self.pool)
                .await;
        self.note_reach(&row);
        let row = row.map_err(backend)?;
        let Some((data, expires)) = row else { return Ok(None) };
        let data: HashMap<String, serde_json::Value> = serde_json::from_str(&data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(expires).map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id.to_string()).execute(&self.pool).await.map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of an account, on every device and server instance.
pub async fn delete_all_for(pool: &AnyPool, account_id: i64) -> std::result::Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account_id).execute(pool).await?;
    Ok(())
}

/// Removes expired sessions; run periodically by the server.
pub async fn delete_expired(pool: &AnyPool, now: i64) -> std::result::Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(pool).await?.rows_affected())
}
