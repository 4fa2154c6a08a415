//! The HTML shell, the routes and the signed-in account shared by pages.

use crate::auth::{Me, SignOut, SignOutEverywhere, current_user};
use crate::components::glossary::TermIds;
use crate::components::header::{Footer, Header};
use crate::components::kiosk::{self, KioskGuard};
use crate::components::text_size;
use crate::error::AppError;
use crate::light::{self, LightScripts};
use crate::pages::{
    demande::DemandePage,
    dossier::DossierPage,
    first_sign_in::FirstSignInPage,
    glossary::GlossaryPage,
    home::{HomePage, WorkHomePage},
    livret::{MyLivretPage, StaffLivretPage},
    meeting::{InvitationPage, MyMeetingPage, PlanPage, ScreenPage},
    not_found::NotFound,
    review::ReviewPage,
    sharing::{HistoryPage, JournalPage, SeeAsPage, SharingPage, WhoSeesPage},
    sign_in::{PersonSignInPage, ProSignInPage},
};
use crate::text::person as t;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{Lazy, LazyRoute, SsrMode, path};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    security_headers();
    let scripts = match light_bundle(&options) {
        Some(name) => {
            // Only the islands hydrate: the rest of the page needs no
            // hydration data (markers, resources' values) in its HTML.
            if let Some(context) = Owner::current_shared_context() {
                context.set_is_hydrating(false);
            }
            provide_context(light::LightPage(options.clone()));
            view! { <LightScripts name pkg=options.site_pkg_dir.to_string() /> }.into_any()
        }
        None => view! { <HydrationScripts options=options.clone() /> }.into_any(),
    };
    view! {
        <!DOCTYPE html>
        <html lang="fr">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href=crate::icons::FAVICON type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                {scripts}
                <MetaTags />
            </head>
            <body class=text_size::is_big().then_some(text_size::BODY_CLASS) data-kiosk=kiosk::idle_limit() data-path=rendered_path()>
                <App />
            </body>
        </html>
    }
}

/// The light bundle's files, when this page comes with one (see `light`).
fn light_bundle(options: &LeptosOptions) -> Option<&'static str> {
    // A kiosk in an MDS (a good network) keeps the whole application: its
    // countdown watches the session across pages.
    #[cfg(feature = "ssr")]
    return rendered_path()
        .and_then(|p| light::Bundle::for_path(&p))
        .filter(|_| kiosk::idle_limit().is_none())
        .and_then(|bundle| light::files(options, bundle));
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
        None
    }
}

/// The address this page was rendered for. The browser compares it with
/// its own before hydrating: a Back pressed while the WebAssembly was
/// still loading has already changed the address, and hydrating the page
/// of one address with the view of another fails.
fn rendered_path() -> Option<String> {
    #[cfg(feature = "ssr")]
    return use_context::<http::request::Parts>().map(|p| p.uri.path().to_owned());
    #[cfg(not(feature = "ssr"))]
    None
}

/// A strict Content-Security-Policy: only scripts carrying this response's
/// nonce run (the hydration script), and what they load.
#[cfg(feature = "ssr")]
fn security_headers() {
    use http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, HeaderValue};
    let Some(res) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&policy) {
        res.insert_header(CONTENT_SECURITY_POLICY, v);
    }
    // Pages carry a person's information: never kept by a shared device.
    res.insert_header(CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The signed-in account, fetched again at every navigation (a sign-in
/// page redirects home) and after signing out.
#[derive(Clone, Copy)]
pub struct Auth {
    pub sign_out: ServerAction<SignOut>,
    pub sign_out_everywhere: ServerAction<SignOutEverywhere>,
    pub me: Resource<Result<Option<Me>, AppError>>,
}

impl Auth {
    fn new() -> Self {
        let sign_out = ServerAction::<SignOut>::new();
        let sign_out_everywhere = ServerAction::<SignOutEverywhere>::new();
        let path = use_location().pathname;
        let me = Resource::new(
            move || (path.get(), sign_out.version().get(), sign_out_everywhere.version().get()),
            |_| current_user(),
        );
        Auth { sign_out, sign_out_everywhere, me }
    }
}

#[component]
pub fn App() -> impl IntoView {
    light::islands_as_components();
    provide_meta_context();
    view! {
        <Title text=t::APP_NAME />
        <Router>
            <Layout />
        </Router>
    }
}

#[component]
fn Layout() -> impl IntoView {
    provide_context(Auth::new());
    provide_context(TermIds::default());
    // Effects run only in the browser: this marks the page as started
    // (the browser tests and the benchmark wait for it). A page whose code
    // comes apart (`lazy_pages!`) marks itself once that code has started:
    // before, its buttons would post their forms without JavaScript.
    Effect::new(move |_| {
        if document().query_selector("[data-lazy-page]").ok().flatten().is_none() {
            mark_started();
        }
    });
    view! {
        <a class="skip-link" href="#main">{t::SKIP_TO_CONTENT}</a>
        <Header />
        <KioskGuard />
        <main id="main" tabindex="-1">
            <Routes fallback=NotFound>
                // Async: the whole page is in the first HTML answer, so
                // it reads and its forms post without JavaScript. Lazy:
                // its code comes with the page, not with the first one
                // (what a person meets first stays small on a cheap phone).
                <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                <Route path=path!("pro") view={Lazy::<WorkHomeRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("connexion") view=PersonSignInPage ssr=SsrMode::Async />
                <Route path=path!("pro/connexion") view=ProSignInPage ssr=SsrMode::Async />
                <Route path=path!("premiere-connexion") view=FirstSignInPage ssr=SsrMode::Async />
                <Route path=path!("glossaire") view={Lazy::<GlossaryRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("demande/:step") view=DemandePage ssr=SsrMode::Async />
                <Route path=path!("revue/:id") view={Lazy::<ReviewRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("dossier/:id") view={Lazy::<DossierRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("partage") view={Lazy::<SharingRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("qui-voit-quoi") view={Lazy::<WhoSeesRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("qui-a-regarde") view={Lazy::<JournalRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("historique") view={Lazy::<HistoryRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("voir-comme/:staff") view={Lazy::<SeeAsRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("preparer/:dossier") view={Lazy::<PlanRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("invitation/:id") view={Lazy::<InvitationRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("reunion/:id") view={Lazy::<ScreenRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("ma-reunion") view={Lazy::<MyMeetingRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("mon-livret") view={Lazy::<MyLivretRoute>::new()} ssr=SsrMode::Async />
                <Route path=path!("dossier/:id/livret") view={Lazy::<StaffLivretRoute>::new()} ssr=SsrMode::Async />
            </Routes>
        </main>
        <Footer />
    }
}

/// A page a professional most likely opens next from the one on screen.
#[derive(Clone, Copy)]
pub enum Next {
    Dossier,
    Review,
}

/// Fetches the code of the page a professional will likely open next, once
/// this one has started and while he reads it: his click then opens it
/// without waiting for the network. Runs in the browser only (an effect).
pub fn prefetch(next: Next) {
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match next {
                Next::Dossier => <DossierRoute as LazyRoute>::preload().await,
                Next::Review => <ReviewRoute as LazyRoute>::preload().await,
            }
        });
    });
}

/// The page has started: its buttons and autosaves work.
fn mark_started() {
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

/// Pages whose WebAssembly is loaded only when they are opened: the
/// professionals' pages (their home included) and those a person opens now
/// and then. Her home, her demande and the sign-in pages stay in the first
/// bundle: split out too, they and what they share with the other pages
/// came in about 140 files and 90 KB more than they saved (issue 16, measured
/// with scripts/bench: welcome page 481 KB instead of 362, hydrated at 14.7 s
/// instead of 8.5 s).
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        pub struct $route;

        #[cfg(not(feature = "light"))]
        #[leptos_router::lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                // The mark `Layout` looks for, and the start once here.
                Effect::new(|_| mark_started());
                view! { <span hidden data-lazy-page="" /> <$page /> }.into_any()
            }
        }

        // The light bundle never runs the router: no split point, so that
        // none of these pages is kept in it.
        #[cfg(feature = "light")]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_pages!(
    WorkHomeRoute => WorkHomePage,
    GlossaryRoute => GlossaryPage,
    ReviewRoute => ReviewPage,
    DossierRoute => DossierPage,
    SharingRoute => SharingPage,
    WhoSeesRoute => WhoSeesPage,
    JournalRoute => JournalPage,
    HistoryRoute => HistoryPage,
    SeeAsRoute => SeeAsPage,
    PlanRoute => PlanPage,
    InvitationRoute => InvitationPage,
    ScreenRoute => ScreenPage,
    MyMeetingRoute => MyMeetingPage,
    MyLivretRoute => MyLivretPage,
    StaffLivretRoute => StaffLivretPage,
);
