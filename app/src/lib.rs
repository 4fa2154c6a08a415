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
pub mod icons;
pub mod light;
pub mod livret;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod meeting;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod pdf;
pub mod perimeters;
#[cfg(feature = "ssr")]
pub mod presence;
pub mod sharing;
#[cfg(feature = "ssr")]
pub mod state;
pub mod text;
pub mod wire;

/// The light bundle's start (see `light.rs`): prepares the islands of the
/// page, which the page's script then hydrates one by one. Returns false
/// when the page is about to be asked again instead.
#[cfg(feature = "light")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() -> bool {
    if !may_start() {
        return false;
    }
    leptos::mount::hydrate_islands();
    true
}

#[cfg(all(feature = "hydrate", not(feature = "light")))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    if may_start() {
        leptos::mount::hydrate_lazy(app::App);
    }
}

/// What both bundles do first. False when this page is about to be asked
/// again from the server (its address moved before the start).
#[cfg(feature = "hydrate")]
fn may_start() -> bool {
    console_error_panic_hook::set_once();
    if address_moved_before_start() {
        return false;
    }
    reload_when_restored_from_memory();
    true
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
    use gloo_events::{EventListener, EventListenerOptions};
    use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
    use wasm_bindgen::JsCast;
    use web_sys::PageTransitionEvent;
    static KEPT_IN_MEMORY: AtomicBool = AtomicBool::new(false);
    let Some(window) = web_sys::window() else { return };
    let persisted = |e: &web_sys::Event| e.dyn_ref::<PageTransitionEvent>().is_some_and(PageTransitionEvent::persisted);
    // These listeners serve the page until it goes: never removed.
    EventListener::new(&window, "pagehide", move |e| {
        if persisted(e) {
            KEPT_IN_MEMORY.store(true, Relaxed);
        }
    })
    .forget();
    EventListener::new(&window, "pageshow", move |e| {
        if persisted(e)
            && let Some(w) = web_sys::window()
        {
            reload(&w);
        }
    })
    .forget();
    // Added before the router's, and in the capture phase as well, so that
    // it runs first whatever the order: it stops the event for the router.
    EventListener::new_with_options(&window, "popstate", EventListenerOptions::run_in_capture_phase(), |e| {
        if KEPT_IN_MEMORY.load(Relaxed) {
            e.stop_immediate_propagation();
        }
    })
    .forget();
}
