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
    leptos::mount::hydrate_body(app::App);
}
