//! The Livret server: configuration, database, sessions, security
//! headers and static files around the Leptos application.
// The release keeps each view's own type (not erased): deep types.
#![recursion_limit = "256"]

pub mod config;
pub mod csrf;
pub mod db;
pub mod demo;
pub mod departement;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use livret_app::app::{App, shell};
use livret_app::auth::store::DbSessionStore;
use livret_app::state::{AppState, Config};
use sqlx::AnyPool;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Sessions end after this long without any request.
pub const SESSION_IDLE: time::Duration = time::Duration::hours(8);

pub fn leptos_options(settings: &config::Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("livret")
        .site_root(settings.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(settings.addr)
        .hash_files(settings.hash_files)
        .build()
}

pub fn app_state(settings: &config::Settings, pool: AnyPool) -> AppState {
    AppState {
        pool,
        config: Arc::new(Config {
            public_url: settings.public_url.clone(),
            secure_cookies: settings.secure_cookies,
            access_code_days: settings.access_code_days,
            live_hold: settings.live_hold,
            smtp_url: settings.smtp_url.clone(),
            mail_from: settings.mail_from.clone(),
        }),
        leptos_options: leptos_options(settings),
        presence: Arc::default(),
    }
}

/// What every request's server functions and pages reach by context: the
/// server's state, and a place for the caller read once per request.
fn request_context(state: &AppState) {
    provide_context(state.clone());
    provide_context(livret_app::auth::ssr::CallerMemo::default());
}

async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || request_context(&state), req).await
}

/// The one place where a server function's error decides the HTTP status
/// (`AppError::status`). server_fn answers every error with 500; a plain
/// form post (no JavaScript) is a redirect back to its form and is left so.
/// A middleware: leptos registers the server functions itself.
async fn with_status_of_error(req: Request<Body>, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR || !res.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // An encoded AppError is a few hundred bytes.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Some(code) =
        serde_json::from_slice::<livret_app::error::AppError>(&bytes).ok().and_then(|e| StatusCode::from_u16(e.status()).ok())
    {
        parts.status = code;
    }
    Response::from_parts(parts, Body::from(bytes))
}

const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";

/// A plain form post to a server function (no JavaScript yet): if it comes
/// back refused, keep what was typed for the form's page (`form_memory`).
async fn keep_typed(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    use livret_app::form_memory::{TYPED_COOKIE, keep};
    let plain_form = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && livret_app::state::accepts_html(req.headers())
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !plain_form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, PLAIN_FORM_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let kept = keep(&body);
    let mut res = next.run(Request::from_parts(parts, Body::from(body))).await;
    let refused = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).is_some_and(|l| l.contains("__err="));
    if let (true, Some(kept)) = (refused, kept) {
        let secure = if state.config.secure_cookies { "; Secure" } else { "" };
        if let Ok(cookie) =
            HeaderValue::from_str(&format!("{TYPED_COOKIE}={kept}; Path=/; Max-Age=60; SameSite=Lax; HttpOnly{secure}"))
        {
            res.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    res
}

/// Larger than any form of the application (a demande step of 4 answers of
/// 20 000 characters); a bigger plain post is refused.
const PLAIN_FORM_LIMIT: usize = 2 * 1024 * 1024;

/// The page that reads the kept fields is the one after the refused post:
/// the cookie goes with that request's reply.
async fn forget_typed(req: Request<Body>, next: Next) -> Response {
    use livret_app::form_memory::TYPED_COOKIE;
    let carried = req.method() == Method::GET && livret_app::state::cookie_in(req.headers(), TYPED_COOKIE).is_some();
    let mut res = next.run(req).await;
    if carried && let Ok(clear) = HeaderValue::from_str(&format!("{TYPED_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly")) {
        res.headers_mut().append(header::SET_COOKIE, clear);
    }
    res
}

/// Static files, served directly (not through the rendering fallback).
fn static_files(site_root: &str) -> Router<AppState> {
    // The bundle's file names carry a hash of their content (hash-files in
    // Cargo.toml), so a browser may keep them for a year.
    let long = HeaderValue::from_static("public, max-age=31536000, immutable");
    let revalidate = HeaderValue::from_static("public, max-age=0, must-revalidate");
    let pkg = Router::new().fallback_service(ServeDir::new(format!("{site_root}/pkg")).precompressed_br().precompressed_gzip());
    let icons = Router::new().fallback_service(ServeDir::new(format!("{site_root}/icons")));
    Router::new()
        .nest("/pkg", pkg.layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, long)))
        .nest("/icons", icons.layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, revalidate.clone())))
        .route_service("/favicon.svg", tower_http::services::ServeFile::new(format!("{site_root}/favicon.svg")))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, revalidate))
}

/// The application's routes, listed once per process. Listing them stops
/// every resource load in the whole process while it runs (a process-wide
/// flag in leptos_server, leptos issue #4773): a page of another instance
/// whose data began loading at that moment would wait forever.
fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = routes();
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.pool.clone()))
        .with_name("livret_session")
        .with_secure(state.config.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE));
    let site_root = options.site_root.to_string();
    // Unknown addresses get the application's own "page not found", with
    // its header and plain words, and status 404.
    let not_found = leptos_axum::render_app_async_with_context(
        {
            let state = state.clone();
            move || request_context(&state)
        },
        {
            let options = options.clone();
            move || shell(options.clone())
        },
    );
    Router::new()
        .route("/api/{*fn_name}", post(server_fn_handler).get(server_fn_handler))
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || request_context(&state)
            },
            move || shell(options.clone()),
        )
        .route("/borne", get(kiosk))
        .route("/pdf/livret/{dossier}/{number}", get(livret_pdf))
        .merge(static_files(&site_root))
        .fallback(move |req: Request<Body>| not_found(req))
        .layer(axum::middleware::from_fn(with_status_of_error))
        .layer(axum::middleware::from_fn(csrf::guard))
        .layer(axum::middleware::from_fn(forget_typed))
        .layer(axum::middleware::from_fn_with_state(state.clone(), keep_typed))
        .layer(sessions)
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        // Pages and server-function replies carry a person's information:
        // no shared device or proxy may keep them (static files set their own).
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Turns this device into a kiosk (or back with `?arret`): a cookie on the
/// device, read by every page. `?inactivite=N` sets the idle limit.
async fn kiosk(axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>) -> impl IntoResponse {
    use livret_app::components::kiosk::{COOKIE, DEFAULT_IDLE_SECS};
    let cookie = if q.contains_key("arret") {
        format!("{COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly")
    } else {
        let secs = q
            .get("inactivite")
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|s| (6..=3600).contains(s))
            .unwrap_or(DEFAULT_IDLE_SECS);
        format!("{COOKIE}={secs}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly")
    };
    (axum::http::StatusCode::SEE_OTHER, [(header::SET_COOKIE, cookie), (header::LOCATION, "/".to_owned())])
}

/// Her livret as a PDF file: hers whole, a professional's copy filtered,
/// through the same door as the page (`livret::ssr::pdf`).
async fn livret_pdf(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    axum::extract::Path((dossier, number)): axum::extract::Path<(i64, u32)>,
) -> Response {
    use livret_app::error::AppError;
    let outcome = match livret_app::auth::ssr::caller_of(&session, &state.pool).await {
        Ok(Some(caller)) => livret_app::livret::ssr::pdf(&state.pool, &caller, dossier, number).await,
        Ok(None) => Err(AppError::NotSignedIn),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (header::CONTENT_DISPOSITION, format!("inline; filename=\"livret-{number}.pdf\"")),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            e.message(),
        )
            .into_response(),
    }
}

/// On PostgreSQL, wakes this instance's live pages when any instance
/// commits a change (see `livret_app::presence`).
pub async fn spawn_wakeups(settings: &config::Settings, state: &AppState) {
    if db::Backend::of(&settings.database_url) == db::Backend::Postgres {
        livret_app::presence::listen(settings.database_url.clone(), state.presence.clone()).await;
    }
}

/// Sends the reminders now due (actions before their deadline, the next
/// meeting two weeks before) every `every`.
pub fn spawn_reminders(pool: AnyPool, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            match livret_app::livret::ssr::remind(&pool, now).await {
                Ok(mails) => livret_app::mail::send_all(&pool, mails).await,
                Err(e) => tracing::warn!(error = ?e, "reminders failed"),
            }
        }
    });
}

/// Removes expired sessions and stale sign-in failures every hour.
pub fn spawn_session_cleanup(pool: AnyPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            if let Err(e) = livret_app::auth::store::delete_expired(&pool, now).await {
                tracing::warn!(error = %e, "session cleanup failed");
            }
            if let Err(e) = livret_app::presence::delete_stale(&pool, now).await {
                tracing::warn!(error = %e, "presence cleanup failed");
            }
            if let Err(e) = livret_app::auth::ssr::throttle::delete_stale(&pool, now).await {
                tracing::warn!(error = %e, "sign-in failures cleanup failed");
            }
        }
    });
}
