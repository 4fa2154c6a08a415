//! The light bundle, for the pages a person meets first on a cheap phone
//! (issue 16): the welcome page, signing in, her home and her demande. The
//! server renders them whole, as every page; the browser then receives a
//! small WebAssembly holding only their interactive parts (the `#[island]`
//! components: her answer boxes, the sign-in form, the header's buttons),
//! not the whole application with its router. A link from them loads the
//! next page from the server. A kiosk keeps the whole application (its
//! countdown follows the session across pages; an MDS has a good network).
//!
//! Measured with `scripts/bench` (slow profile): the whole application's
//! first bundle is about 340 KB compressed, which alone takes 7 s at
//! 400 kbit/s; splitting it by page cost more than it saved (see `app.rs`).
//!
//! The bundle is the same crate built with the `light` feature
//! (`scripts/lib.sh`, `build_light`), written beside cargo-leptos's files
//! with a file naming it. Without that file (the Rust tests build no
//! WebAssembly) every page comes with the whole application, as before.

use leptos::prelude::*;

/// The file, in the site's `pkg` folder, holding the light bundle's name
/// (`livret_light.<hash>`, for its `.js` and `.wasm`).
pub const MANIFEST: &str = "livret_light.txt";

/// Pages served with the light bundle. Any other page, and these reached by
/// a link inside the whole application, come with the whole application.
pub fn is_light_path(path: &str) -> bool {
    path == "/" || path == "/connexion" || path.starts_with("/demande/")
}

/// The light bundle's name, if it was built: read once, at the first page.
#[cfg(feature = "ssr")]
pub fn bundle(options: &LeptosOptions) -> Option<&'static str> {
    use std::sync::OnceLock;
    static NAME: OnceLock<Option<String>> = OnceLock::new();
    NAME.get_or_init(|| {
        let path = format!("{}/{}/{MANIFEST}", options.site_root, options.site_pkg_dir);
        let name = std::fs::read_to_string(path).ok()?.trim().to_owned();
        // Only what build_light writes: it goes into an address and a script.
        name.strip_prefix("livret_light.")
            .is_some_and(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_alphanumeric()))
            .then_some(name)
    })
    .as_deref()
}

/// Provided by the shell when this page comes with the light bundle.
#[derive(Clone, Copy)]
pub struct LightPage;

/// In the whole application an island is an ordinary component, rendered
/// without the element that marks an island for the light bundle: the
/// whole application's hydration does not step back out of that element,
/// so the parts after an island would not start. (This is the context an
/// island itself provides to the islands inside it.)
pub fn islands_as_components() {
    if use_context::<LightPage>().is_none() {
        provide_context(leptos::reactive::owner::IsHydrating(true));
    }
}

/// Loads the light bundle and hydrates each island of the page, in page
/// order, then marks the page as started (`data-hydrated`, which the
/// browser tests and the benchmark wait for). The bundle's `hydrate`
/// answers false when the page is about to be asked again instead.
#[component]
pub fn LightScripts(name: &'static str, pkg: String) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let js = format!("/{pkg}/{name}.js");
    let wasm = format!("/{pkg}/{name}.wasm");
    let script = format!(
        "import init, * as bundle from {js:?};\n\
         await init({{ module_or_path: {wasm:?} }});\n\
         if (bundle.hydrate()) {{\n\
           for (const island of document.querySelectorAll('leptos-island')) {{\n\
             const start = bundle[island.dataset.component];\n\
             if (start) await start(island);\n\
             else console.error('no code for the island', island.dataset.component);\n\
           }}\n\
           document.body.setAttribute('data-hydrated', 'true');\n\
         }}"
    );
    view! {
        <link rel="modulepreload" href=js.clone() />
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
        <script type="module" nonce=nonce>{script}</script>
    }
}
