//! Who has which dossier open, and the pages waiting for its next change.
//!
//! Both follow the database, so that several server instances behind a
//! load balancer behave as one:
//! - who is present is a row per (dossier, account) with "present until",
//!   pushed forward by each open page while it waits (table `presence`);
//! - a change is announced at commit: on PostgreSQL by `NOTIFY`, which
//!   every instance's listener turns into a wake-up of its waiting pages
//!   (`listen`); on this instance also at once. The revision read after a
//!   hold stays the fallback (a notification lost while the listener
//!   reconnects, two processes on one SQLite file).

use sqlx::AnyPool;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// The PostgreSQL channel of dossier changes. The payload is a list of
/// dossier ids separated by commas (several for a perimeter change).
pub const CHANNEL: &str = "livret_dossier";

/// Seconds one stays "present" beyond the question one's page is holding.
const PRESENT_FOR: i64 = 6;

#[derive(Debug, Default)]
pub struct Presence {
    wakers: Mutex<HashMap<i64, Arc<Notify>>>,
    /// What this instance last wrote to `presence`, to write again only
    /// when half of the margin is spent (a page asks about every second).
    written: Mutex<HashMap<(i64, i64), i64>>,
}

impl Presence {
    pub fn waker(&self, dossier: i64) -> Arc<Notify> {
        match self.wakers.lock() {
            Ok(mut all) => all.entry(dossier).or_default().clone(),
            // A poisoned lock only costs the instant wake-up.
            Err(_) => Arc::new(Notify::new()),
        }
    }

    /// Wakes the pages of this instance waiting on this dossier.
    pub fn announce(&self, dossier: i64) {
        if let Ok(mut all) = self.wakers.lock()
            && let Some(n) = all.remove(&dossier)
        {
            n.notify_waiters();
        }
    }

    /// Wakes every waiting page of this instance (after notifications may
    /// have been lost): each reads its dossier's revision again.
    pub fn announce_all(&self) {
        if let Ok(mut all) = self.wakers.lock() {
            for (_, n) in all.drain() {
                n.notify_waiters();
            }
        }
    }

    /// Marks `who` present on the dossier for the question it is about to
    /// hold (`hold_secs`) and a margin. Returns true when `who` arrives
    /// (was not present): the others' pages should hear of it now.
    pub async fn arrive(&self, pool: &AnyPool, dossier: i64, who: i64, hold_secs: i64, now: i64) -> Result<bool, sqlx::Error> {
        let until = now + hold_secs + PRESENT_FOR;
        let fresh = self
            .written
            .lock()
            .ok()
            .and_then(|w| w.get(&(dossier, who)).copied())
            .is_some_and(|written| written >= now + hold_secs + PRESENT_FOR / 2);
        if fresh {
            return Ok(false);
        }
        let pushed = sqlx::query(
            "UPDATE presence SET present_until = $1 WHERE dossier_id = $2 AND account_id = $3 AND present_until >= $4",
        )
        .bind(until)
        .bind(dossier)
        .bind(who)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected();
        let arrived = pushed == 0;
        if arrived {
            sqlx::query(
                "INSERT INTO presence (dossier_id, account_id, present_until) VALUES ($1, $2, $3)
                 ON CONFLICT (dossier_id, account_id) DO UPDATE SET present_until = excluded.present_until",
            )
            .bind(dossier)
            .bind(who)
            .bind(until)
            .execute(pool)
            .await?;
        }
        if let Ok(mut w) = self.written.lock() {
            // Forget what ran out, so the map does not grow for ever.
            if w.len() > 10_000 {
                w.retain(|_, at| *at >= now);
            }
            w.insert((dossier, who), until);
        }
        Ok(arrived)
    }

    /// The names of the others present on the dossier now, whichever
    /// instance their page asks.
    pub async fn others(pool: &AnyPool, dossier: i64, who: i64, now: i64) -> Result<Vec<String>, sqlx::Error> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT a.display_name FROM presence p JOIN accounts a ON a.id = p.account_id
             WHERE p.dossier_id = $1 AND p.account_id <> $2 AND p.present_until >= $3
             ORDER BY a.display_name",
        )
        .bind(dossier)
        .bind(who)
        .bind(now)
        .fetch_all(pool)
        .await?;
        Ok(rows.into_iter().map(|(n,)| n).collect())
    }
}

/// Removes the presence rows that ran out long ago (the hourly cleanup).
pub async fn delete_stale(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM presence WHERE present_until < $1").bind(now - 3600).execute(pool).await?.rows_affected())
}

/// In the transaction that changes these dossiers, before its commit: on
/// PostgreSQL, a notification to every instance, delivered only if and
/// when the transaction commits. Nothing on SQLite (one instance).
pub async fn notify_in(conn: &mut sqlx::AnyConnection, dossiers: &[i64]) -> Result<(), sqlx::Error> {
    if conn.backend_name() != "PostgreSQL" {
        return Ok(());
    }
    // A payload must stay under 8000 bytes: about 700 ids per notification.
    for chunk in dossiers.chunks(700) {
        let payload = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&mut *conn).await?;
    }
    Ok(())
}

/// The same, outside a transaction (delivered at once). On SQLite it
/// takes no connection.
pub async fn notify(pool: &AnyPool, dossiers: &[i64]) -> Result<(), sqlx::Error> {
    if crate::state::is_sqlite(pool) {
        return Ok(());
    }
    let mut conn = pool.acquire().await?;
    notify_in(&mut conn, dossiers).await
}

/// Every instance on PostgreSQL listens for the changes committed by any
/// instance and wakes its own waiting pages. Returns once listening (or
/// once the first try failed: it then keeps trying in the background).
/// A lost connection is opened again, and the pages are then all woken
/// (what was announced meanwhile is lost; they read the revision again).
pub async fn listen(database_url: String, presence: Arc<Presence>) {
    use sqlx::postgres::PgListener;
    async fn open(url: &str) -> Result<PgListener, sqlx::Error> {
        let mut l = PgListener::connect(url).await?;
        l.listen(CHANNEL).await?;
        l.eager_reconnect(false);
        Ok(l)
    }
    let first = open(&database_url).await;
    tokio::spawn(async move {
        let mut listener = match first {
            Ok(l) => l,
            Err(mut e) => loop {
                tracing::warn!(error = %e, "cannot listen for dossier changes; trying again in a second");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                match open(&database_url).await {
                    Ok(l) => break l,
                    Err(again) => e = again,
                }
            },
        };
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => {
                    for id in n.payload().split(',').filter_map(|s| s.parse::<i64>().ok()) {
                        presence.announce(id);
                    }
                }
                Ok(None) => {
                    tracing::warn!("lost the connection that listens for dossier changes; opening it again");
                    presence.announce_all();
                }
                Err(e) => {
                    tracing::warn!(error = %e, "listening for dossier changes failed; trying again in a second");
                    presence.announce_all();
                    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                }
            }
        }
    });
}
