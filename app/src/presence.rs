//! Who has which dossier open, and the pages waiting for its next change,
//! on this server instance. The dossier's revision in the database is the
//! truth; this only makes a change seen at once on the same instance
//! (other instances read the revision within a hold, see `coedit::pulse`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// Per dossier, per account: the name shown and when the page last asked.
type Seen = HashMap<i64, HashMap<i64, (String, i64)>>;

#[derive(Debug, Default)]
pub struct Presence {
    seen: Mutex<Seen>,
    wakers: Mutex<HashMap<i64, Arc<Notify>>>,
}

/// Seconds one stays "present" after one's page last asked.
const PRESENT_FOR: i64 = 5;

impl Presence {
    pub fn waker(&self, dossier: i64) -> Arc<Notify> {
        match self.wakers.lock() {
            Ok(mut all) => all.entry(dossier).or_default().clone(),
            // A poisoned lock only costs the instant wake-up.
            Err(_) => Arc::new(Notify::new()),
        }
    }

    /// Wakes the pages waiting on this dossier; forgets it if none.
    pub fn announce(&self, dossier: i64) {
        if let Ok(mut all) = self.wakers.lock()
            && let Some(n) = all.remove(&dossier)
        {
            n.notify_waiters();
        }
    }

    /// Marks `who` present and returns the names of the others.
    pub fn seen(&self, dossier: i64, who: i64, name: String, now: i64) -> Vec<String> {
        let Ok(mut all) = self.seen.lock() else { return Vec::new() };
        let here = all.entry(dossier).or_default();
        here.insert(who, (name, now));
        here.retain(|_, (_, at)| now - *at <= PRESENT_FOR);
        let mut names: Vec<String> = here.iter().filter(|(id, _)| **id != who).map(|(_, (n, _))| n.clone()).collect();
        names.sort();
        names
    }
}
