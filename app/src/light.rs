//! The light bundles, for the pages a person meets first on a cheap phone
//! (issue 16): the welcome page, signing in, her home, her demande, what
//! each professional may see, her meeting and her livret. The server
//! renders them whole, as every page; the browser then receives a small
//! WebAssembly holding only their interactive parts (the `#[island]`
//! components: her answer boxes, her sharing choices, "Montrer le code",
//! "Écouter", "Texte plus grand", "Imprimer"), not the whole application
//! with its router. The islands of her first
//! three pages and of her livret have no props and call no server
//! function: either brings the JSON reader and the server-function client
//! (about 80 KB compressed, measured), so the sign-in form, "J'ai fini" and
//! her livret's forms (signing it, a copy given, an action's state) post as
//! without JavaScript there: the server answers with the page again, an
//! error under its field. A link from them loads the next page from the
//! server. Her meeting page's buttons post the same way; its one island
//! follows her dossier and, when anything changes, puts her meeting as the
//! server renders it now in place of the one on screen (`FollowMeeting`).
//! A kiosk keeps the whole application (its countdown follows the session
//! across pages; an MDS has a good network).
//!
//! Measured with `scripts/bench` (slow profile): the whole application's
//! first bundle is about 340 KB compressed, which alone takes 7 s at
//! 400 kbit/s; splitting it by page cost more than it saved (see `app.rs`).
//!
//! Each bundle is the same crate built with a `light` feature
//! (`scripts/lib.sh`, `build_light`), written beside cargo-leptos's files
//! and listed in a manifest. Without it (the Rust tests build no
//! WebAssembly) every page comes with the whole application, as before.
//!
//! Inside an island: props only (sent as JSON), no context from the page
//! around it, plain `<a>` links (no router in the browser).
//!
//! What keeps a bundle small, measured on the bundles alone (brotli):
//! - no `ServerAction` or `ActionForm` in an island (the server-function
//!   client and the reactive machinery of actions): a form there posts as
//!   without JavaScript, or sends its fields with `wire::submit`. Demande
//!   190.9 → 147.5 KB, sharing 179.3 → 140.7 KB.
//! - no `<Show>` or `into_any()` in an island: each brings its own copy of
//!   the type-erased view's code (`Option` and `Either` do not). Sharing
//!   140.7 → 136.0 KB.
//! - no `<For>` either: a short list is drawn again whole. Demande 5.8 KB.
//! - an island reads only what it shows: one step's answers
//!   (`StepAnswers`), its questions without the steps' pictograms
//!   (`domain::demande::QUESTIONS`), an error's kind without an input
//!   error's details (`wire`). Demande 1.5, 1.3 and 3.1 KB.
//! - `wasm-opt -Os --flatten --rereloop -Os --converge` rather than `-Oz`
//!   (`scripts/lib.sh`): demande 3.2 KB, sharing 2.4 KB.
//! - the release built without `--cfg erase_components` (the `view!`
//!   macro then wraps no element's children and attributes in type-erased
//!   views, each of which carried its own build, hydrate and async-hydrate
//!   code: 95 of them in her demande's bundle). Demande 135.4 → 116.5,
//!   sharing 130.8 → 112.7, home 71 → 59.7 KB; her demande interactive in
//!   3.58 s instead of 3.97. The whole application grows (main module
//!   351 → 401 KB): it is what professionals, a kiosk and her rarer pages
//!   get, on better networks. The server's markup differs with erasure
//!   (markers between children), so one build's server and WebAssembly,
//!   light or whole, must be built alike: the debug builds are erased
//!   (much faster to build; the browser tests run there), the release is
//!   not, and `end2end/release` checks that every page starts on it. It
//!   waited until her meeting and livret pages had light bundles of their
//!   own: with the whole application they went from 12.0 to 13.3 s and
//!   from 11.6 to 16.0 s (measured).

use leptos::prelude::*;

/// The file, in the site's `pkg` folder, listing the light bundles built:
/// one line per bundle, its name then its files' stem
/// (`livret_light_<name>.<hash>`, for its `.js` and `.wasm`).
pub const MANIFEST: &str = "livret_light.txt";

/// The light bundles, each for the pages named in [`Bundle::for_path`]. Each
/// holds the header's islands and those of its own pages: two `cfg_attr`
/// lines above a page's island make it an ordinary component, which
/// nothing calls, in the other light bundles. Measured (`scripts/bench`):
/// with one bundle for all, her welcome page carried her demande's code
/// (about 210 KB of WebAssembly instead of 164); with one per page, each
/// page she opens next downloaded its own (+170 KB from welcome to
/// sign-in). She opens the welcome page, signs in and reads her home in one
/// go: one bundle for those three, and for her livret, opened from her home
/// (its islands are the header's, "Montrer le code" and "Imprimer"). Her
/// sharing choices in her demande's bundle would have added 27 KB to it
/// (compressed, measured): a bundle of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// The welcome page, signing in, her home and her livret.
    Home,
    /// The steps of her demande.
    Demande,
    /// What each professional may see (she chooses), and "qui voit quoi".
    Sharing,
    /// Her meeting: her answers, what may be discussed, the outcome.
    Meeting,
}

impl Bundle {
    pub const ALL: [Bundle; 4] = [Bundle::Home, Bundle::Demande, Bundle::Sharing, Bundle::Meeting];

    /// Its name in the manifest (and in `scripts/lib.sh`).
    pub fn name(self) -> &'static str {
        match self {
            Bundle::Home => "home",
            Bundle::Demande => "demande",
            Bundle::Sharing => "sharing",
            Bundle::Meeting => "meeting",
        }
    }

    /// The bundle a page comes with. Any other page, and these reached by
    /// a link inside the whole application, come with the whole application.
    pub fn for_path(path: &str) -> Option<Bundle> {
        match path {
            "/" | "/connexion" | "/mon-livret" => Some(Bundle::Home),
            p if p.starts_with("/demande/") => Some(Bundle::Demande),
            "/partage" | "/qui-voit-quoi" => Some(Bundle::Sharing),
            "/ma-reunion" => Some(Bundle::Meeting),
            _ => None,
        }
    }
}

/// The stem of a light bundle's files, if it was built: the manifest is
/// read once, at the first page.
#[cfg(feature = "ssr")]
pub fn files(options: &LeptosOptions, bundle: Bundle) -> Option<&'static str> {
    use std::sync::OnceLock;
    static BUILT: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let path = format!("{}/{}/{MANIFEST}", options.site_root, options.site_pkg_dir);
        std::fs::read_to_string(path).map(|text| parse_manifest(&text)).unwrap_or_default()
    });
    built.iter().find(|(name, _)| name == bundle.name()).map(|(_, stem)| stem.as_str())
}

/// The manifest's lines, each a bundle's name and its files' stem; only
/// what `build_light` writes (a stem goes into an address and a script).
pub fn parse_manifest(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.split_once(' '))
        .filter(|(name, stem)| {
            let known = Bundle::ALL.iter().any(|b| b.name() == *name);
            let hash = stem.strip_prefix(&format!("livret_light_{name}."));
            known && hash.is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric()))
        })
        .map(|(name, stem)| (name.to_owned(), stem.to_owned()))
        .collect()
}

/// Provided by the shell when this page comes with a light bundle: the
/// site's settings, to find the bundles' files.
#[derive(Clone)]
pub struct LightPage(pub LeptosOptions);

/// The addresses of a bundle's JavaScript and WebAssembly.
fn urls(pkg: &str, stem: &str) -> (String, String) {
    (format!("/{pkg}/{stem}.js"), format!("/{pkg}/{stem}.wasm"))
}

/// Another light bundle, fetched while she reads this page: her home asks
/// for her demande's, the page she opens next most often, which then starts
/// without waiting for its code (measured in `scripts/bench`: the next
/// page's cost). The links wait in a `<template>` until this page has
/// started (`LightScripts`), so that they never slow its own code. Only on a
/// light page; the whole application fetches its own code.
#[component]
pub fn Prefetch(bundle: Bundle) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let links = use_context::<LightPage>()
        .and_then(|LightPage(options)| files(&options, bundle).map(|stem| urls(&options.site_pkg_dir, stem)));
    #[cfg(not(feature = "ssr"))]
    let links: Option<(String, String)> = {
        let _ = bundle;
        None
    };
    links.map(|(js, wasm)| {
        view! {
            <template data-prefetch="">
                <link rel="prefetch" href=js />
                <link rel="prefetch" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
            </template>
        }
    })
}

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
/// browser tests and the benchmark wait for) and adds the page's
/// [`Prefetch`] links. The bundle's `hydrate` answers false when the page is
/// about to be asked again instead.
#[component]
pub fn LightScripts(name: &'static str, pkg: String) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let (js, wasm) = urls(&pkg, name);
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
           for (const later of document.querySelectorAll('template[data-prefetch]'))\n\
             document.head.append(later.content.cloneNode(true));\n\
         }}"
    );
    view! {
        <link rel="modulepreload" href=js.clone() />
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
        <script type="module" nonce=nonce>{script}</script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_of_her_first_pages_has_its_bundle_and_no_other_page_has_one() {
        assert_eq!(Bundle::for_path("/"), Some(Bundle::Home));
        assert_eq!(Bundle::for_path("/connexion"), Some(Bundle::Home));
        assert_eq!(Bundle::for_path("/mon-livret"), Some(Bundle::Home));
        assert_eq!(Bundle::for_path("/demande/2"), Some(Bundle::Demande));
        assert_eq!(Bundle::for_path("/partage"), Some(Bundle::Sharing));
        assert_eq!(Bundle::for_path("/qui-voit-quoi"), Some(Bundle::Sharing));
        assert_eq!(Bundle::for_path("/ma-reunion"), Some(Bundle::Meeting));
        for path in ["/pro", "/pro/connexion", "/partage/1", "/demande", "/dossier/1/livret", "/dossier/1", "/qui-a-regarde"] {
            assert_eq!(Bundle::for_path(path), None, "{path}");
        }
    }

    #[test]
    fn the_manifest_names_only_known_bundles_with_plain_stems() {
        let text = "home livret_light_home.0a1b\ndemande livret_light_demande.\"><script>\n\
                    demande livret_light_demande.ff00\nother livret_light_other.12\nhome elsewhere.12\n";
        assert_eq!(
            parse_manifest(text),
            [
                ("home".to_owned(), "livret_light_home.0a1b".to_owned()),
                ("demande".to_owned(), "livret_light_demande.ff00".to_owned())
            ]
        );
    }
}
