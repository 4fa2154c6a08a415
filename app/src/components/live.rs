//! Follows a dossier while a page is open: asks the server every
//! `POLL_MS` whether it changed, and who else has it open.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Live {
    /// The dossier's revision; moves at every change by anyone.
    pub revision: RwSignal<i64>,
    pub present: RwSignal<Vec<String>>,
}

/// Starts polling in the browser (nothing happens on the server).
#[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
pub fn use_live(dossier: i64, revision: i64) -> Live {
    let live = Live { revision: RwSignal::new(revision), present: RwSignal::new(Vec::new()) };
    #[cfg(feature = "hydrate")]
    {
        use crate::coedit::{POLL_MS, LiveState, pulse};
        let busy = StoredValue::new(false);
        let tick = move || {
            // A slow answer is not asked again before it arrives.
            if busy.get_value() {
                return;
            }
            busy.set_value(true);
            leptos::task::spawn_local(async move {
                if let Ok(LiveState { revision, present }) = pulse(dossier).await {
                    if live.revision.get_untracked() != revision {
                        live.revision.set(revision);
                    }
                    if live.present.get_untracked() != present {
                        live.present.set(present);
                    }
                }
                busy.set_value(false);
            });
        };
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_millis(POLL_MS)) {
            on_cleanup(move || handle.clear());
        }
    }
    live
}
