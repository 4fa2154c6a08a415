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
pub mod dossier;
pub mod error;
pub mod form_memory;
pub mod pages;
pub mod perimeters;
#[cfg(feature = "ssr")]
pub mod presence;
pub mod sharing;
#[cfg(feature = "ssr")]
pub mod state;
pub mod text;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    if address_moved_before_start() {
        return;
    }
    reload_when_restored_from_memory();
    leptos::mount::hydrate_lazy(app::App);
}

/// Back or Forward pressed before the WebAssembly started changes the
/// address without a new page: the page on screen is still the one the
/// server rendered for the old address. Ask the server for the new one
/// rather than hydrate one with the other (which panics).
#[cfg(feature = "hydrate")]
fn address_moved_before_start() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let rendered = window.document().and_then(|d| d.body()).and_then(|b| b.get_attribute("data-path"));
    let here = window.location().pathname().ok();
    match (rendered, here) {
        (Some(rendered), Some(here)) if rendered != here => reload(&window),
        _ => false,
    }
}

/// Asks the server for this page again. Until the new page replaces it, the
/// old one is marked `data-reloading`: whoever waits for a started page
/// (the browser tests) knows this one is about to go.
#[cfg(feature = "hydrate")]
fn reload(window: &web_sys::Window) -> bool {
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-reloading", "true");
    }
    window.location().reload().is_ok()
}

/// A page the browser restores from its back/forward cache would show the
/// state it had, maybe someone's information on a shared kiosk: ask the
/// server again instead. A page going into that cache is marked as it
/// leaves, so that once restored its router ignores the Back that brought
/// it (its state is stale; this listener, added before the router's, stops
/// that event) until the reload replaces it.
#[cfg(feature = "hydrate")]
fn reload_when_restored_from_memory() {
    use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    static KEPT_IN_MEMORY: AtomicBool = AtomicBool::new(false);
    let Some(window) = web_sys::window() else { return };
    let on_hide = Closure::<dyn Fn(web_sys::PageTransitionEvent)>::new(|e: web_sys::PageTransitionEvent| {
        if e.persisted() {
            KEPT_IN_MEMORY.store(true, Relaxed);
        }
    });
    let on_show = Closure::<dyn Fn(web_sys::PageTransitionEvent)>::new(|e: web_sys::PageTransitionEvent| {
        if e.persisted() {
            if let Some(w) = web_sys::window() {
                reload(&w);
            }
        }
    });
    let on_back = Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
        if KEPT_IN_MEMORY.load(Relaxed) {
            e.stop_immediate_propagation();
        }
    });
    for (event, listener) in [("pagehide", on_hide.as_ref()), ("pageshow", on_show.as_ref()), ("popstate", on_back.as_ref())] {
        let _ = window.add_event_listener_with_callback(event, listener.unchecked_ref());
    }
    on_hide.forget();
    on_show.forget();
    on_back.forget();
}
