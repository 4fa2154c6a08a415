//! Livret: the Leptos application (pages, server functions) and the pure
//! domain rules shared by the browser and the server.
#![recursion_limit = "256"]

pub mod accounts;
pub mod app;
pub mod auth;
pub mod coedit;
pub mod components;
pub mod demande;
pub mod domain;
pub mod error;
pub mod pages;
pub mod sharing;
#[cfg(feature = "ssr")]
pub mod state;
pub mod text;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    reload_when_restored_from_memory();
    leptos::mount::hydrate_body(app::App);
}

/// A page the browser restores from its back/forward cache would show the
/// state it had, maybe someone's information on a shared kiosk: ask the
/// server again instead.
#[cfg(feature = "hydrate")]
fn reload_when_restored_from_memory() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else { return };
    let on_show = Closure::<dyn Fn(web_sys::PageTransitionEvent)>::new(|e: web_sys::PageTransitionEvent| {
        if e.persisted() {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    let _ = window.add_event_listener_with_callback("pageshow", on_show.as_ref().unchecked_ref());
    on_show.forget();
}
