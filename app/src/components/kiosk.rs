//! Kiosk mode, for a shared screen in an MDS. A device enters it by
//! opening /borne (a cookie on that device, no personal data). Then:
//! after a time without any touch or key, a countdown warns, and at zero
//! the session ends and the page reloads on the welcome screen; secrets
//! are never offered for autocomplete.

use crate::text::{fill, person as t};
use leptos::prelude::*;

pub const COOKIE: &str = "livret_kiosk";
pub const DEFAULT_IDLE_SECS: u32 = 120;
/// Longest warning before signing out.
pub const WARNING_SECS: u32 = 30;

/// Seconds of inactivity before signing out, when this device is a kiosk.
pub fn idle_limit() -> Option<u32> {
    #[cfg(feature = "ssr")]
    {
        crate::state::request_cookie(COOKIE).and_then(|v| v.parse().ok())
    }
    #[cfg(not(feature = "ssr"))]
    {
        document().body()?.get_attribute("data-kiosk")?.parse().ok()
    }
}

/// The warning starts this many seconds before the end (half the limit
/// for short limits).
pub fn warning_secs(limit: u32) -> u32 {
    WARNING_SECS.min(limit / 2)
}

/// `autocomplete` for a field: nothing is remembered on a kiosk.
pub fn autocomplete(normal: &'static str) -> &'static str {
    if idle_limit().is_some() { "off" } else { normal }
}

#[component]
pub fn KioskGuard() -> impl IntoView {
    let remaining = RwSignal::new(None::<u32>);
    let last_activity = StoredValue::new(0.0_f64);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| watch::install(remaining, last_activity));
    let stay = move |_| {
        last_activity.set_value(js_now());
        remaining.set(None);
    };
    view! {
        <Show when=move || remaining.get().is_some()>
            <div class="kiosk-warning" role="alertdialog" aria-modal="true" aria-labelledby="kiosk-title" aria-describedby="kiosk-text">
                <div class="kiosk-box">
                    <h2 id="kiosk-title">{t::KIOSK_TITLE}</h2>
                    <p id="kiosk-text">
                        {move || fill(t::KIOSK_COUNTDOWN, &[("seconds", &remaining.get().unwrap_or(0).to_string())])}
                    </p>
                    <button type="button" class="button primary big" on:click=stay>{t::KIOSK_STAY}</button>
                </div>
            </div>
        </Show>
    }
}

fn js_now() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

#[cfg(feature = "hydrate")]
mod watch {
    use super::*;
    use crate::app::Auth;
    use gloo_events::EventListener;
    use gloo_timers::callback::Interval;

    pub fn install(remaining: RwSignal<Option<u32>>, last: StoredValue<f64>) {
        let Some(limit) = idle_limit() else { return };
        let auth = expect_context::<Auth>();
        last.set_value(js_now());
        let touched = move |_: &web_sys::Event| {
            // While the warning shows, only its button keeps the session.
            if remaining.get_untracked().is_none() {
                last.set_value(js_now());
            }
        };
        for event in ["pointerdown", "keydown", "touchstart", "input", "scroll"] {
            // Any touch counts for as long as the page lives: never removed.
            EventListener::new(&document(), event, touched).forget();
        }
        let warn = f64::from(warning_secs(limit));
        let limit = f64::from(limit);
        let tick = move || {
            let signed_in = matches!(auth.me.get_untracked(), Some(Ok(Some(_))));
            if !signed_in {
                // Only a real change notifies the page (a set always does).
                if remaining.get_untracked().is_some() {
                    remaining.set(None);
                }
                return;
            }
            let idle = (js_now() - last.get_value()) / 1000.0;
            if idle >= limit {
                remaining.set(None);
                leptos::task::spawn_local(async move {
                    let _ = crate::auth::sign_out().await;
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().replace("/");
                    }
                });
            } else if idle >= limit - warn {
                remaining.set(Some((limit - idle).ceil() as u32));
            } else if remaining.get_untracked().is_some() {
                remaining.set(None);
            }
        };
        // The countdown watches the whole visit, across pages: it runs until
        // the page goes.
        Interval::new(1000, tick).forget();
    }
}
