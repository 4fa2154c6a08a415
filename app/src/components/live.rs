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
        use crate::coedit::{LiveState, pulse};
        // One question at a time; after a failure (network down, signed
        // out), wait about 2 seconds before asking again.
        let busy = StoredValue::new(false);
        let pause = StoredValue::new(0u8);
        let tick = move || {
            if busy.get_value() {
                return;
            }
            if pause.get_value() > 0 {
                pause.update_value(|p| *p -= 1);
                return;
            }
            busy.set_value(true);
            let since = live.revision.get_untracked();
            leptos::task::spawn_local(async move {
                match pulse(dossier, since).await {
                    Ok(LiveState { revision, present }) => {
                        if live.revision.get_untracked() != revision {
                            live.revision.set(revision);
                        }
                        if live.present.get_untracked() != present {
                            live.present.set(present);
                        }
                    }
                    Err(_) => pause.set_value(8),
                }
                busy.set_value(false);
            });
        };
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_millis(250)) {
            on_cleanup(move || handle.clear());
        }
    }
    live
}
