//! Follows a dossier while a page is open: keeps one question "changed
//! since revision N?" waiting on the server (see `coedit`), and who else
//! has it open.

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
        use crate::coedit::{LiveState, Pulse};
        use server_fn::ServerFn;
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, AtomicU8, Ordering::Relaxed};
        // One question at a time; after a failure (network down, signed
        // out), wait about 2 seconds before asking again. Plain atomics,
        // not signals: an answer may arrive after the page is gone, and
        // then it is dropped (the `try_` calls return nothing).
        let busy = Arc::new(AtomicBool::new(false));
        let pause = Arc::new(AtomicU8::new(0));
        let tick = move || {
            if busy.load(Relaxed) {
                return;
            }
            if pause.load(Relaxed) > 0 {
                pause.fetch_sub(1, Relaxed);
                return;
            }
            let Some(since) = live.revision.try_get_untracked() else { return };
            busy.store(true, Relaxed);
            let (busy, pause) = (busy.clone(), pause.clone());
            leptos::task::spawn_local(async move {
                let (dossier, since) = (dossier.to_string(), since.to_string());
                let asked = [("dossier_id", dossier.as_str()), ("since", since.as_str())];
                match crate::wire::call::<LiveState>(Pulse::PATH, &asked).await {
                    Ok(LiveState { revision, present }) => {
                        if live.revision.try_get_untracked().is_some_and(|r| r != revision) {
                            live.revision.try_set(revision);
                        }
                        if live.present.try_with_untracked(|p| *p != present) == Some(true) {
                            live.present.try_set(present);
                        }
                    }
                    Err(_) => pause.store(8, Relaxed),
                }
                busy.store(false, Relaxed);
            });
        };
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_millis(250)) {
            on_cleanup(move || handle.clear());
        }
    }
    live
}
