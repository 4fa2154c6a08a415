//! Test helpers: each test starts the whole application (router, sessions,
//! CSRF guard, server functions) on a fresh database of its own, SQLite or
//! PostgreSQL, with the demo accounts, and talks to it over HTTP requests.

#![allow(dead_code)] // each test file uses a different part of the helpers

pub mod meeting;
pub mod plain;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use livret_server::config::Settings;
use livret_server::{app_state, db, demo, router};
use rand::Rng;
use sqlx::AnyPool;
use tower::ServiceExt;

pub const PRO: &str = "claire.martin@mds.demo";
pub const OTHER_PRO: &str = "sophie.bernard@ccas.demo";
pub const HEAD: &str = "helene.roux@mds.demo";
pub const ADMIN: &str = "admin@livret.demo";
pub const PERSON: (&str, &str) = ("amina-2841", "482913");

#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

/// The PostgreSQL server for tests, if one was given.
pub fn postgres_url() -> Option<String> {
    std::env::var("LIVRET_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty())
}

/// Runs a scenario on PostgreSQL when a server was given; when none was,
/// says so, and fails if the run demands one (LIVRET_REQUIRE_POSTGRES=1).
pub async fn on_postgres<F, Fut>(scenario: F)
where
    F: FnOnce(Backend) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    match postgres_url() {
        Some(url) => scenario(Backend::Postgres(url)).await,
        None if std::env::var("LIVRET_REQUIRE_POSTGRES").as_deref() == Ok("1") => {
            panic!("LIVRET_REQUIRE_POSTGRES=1 but LIVRET_TEST_POSTGRES_URL is not set")
        }
        // Written past the test harness's capture: a skipped database must
        // be seen in the output, not pass silently.
        None => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "WARNING: PostgreSQL NOT TESTED (set LIVRET_TEST_POSTGRES_URL): this scenario ran on SQLite only"
            );
        }
    }
}

/// Declares each scenario twice: once on SQLite, once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test] async fn $name() { super::$name($crate::common::Backend::Sqlite).await } )*
        }
        mod postgres {
            $( #[tokio::test] async fn $name() { $crate::common::on_postgres(super::$name).await } )*
        }
    };
}

pub struct TestApp {
    pub router: Router,
    pub pool: AnyPool,
    pub url: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    pub cookie: Option<String>,
    /// Every cookie set, as `name=value`.
    pub set_cookies: Vec<String>,
    pub location: Option<String>,
    pub cache_control: Option<String>,
    pub content_type: Option<String>,
    /// The body as sent (a PDF is not text).
    pub bytes: Vec<u8>,
}

fn random_name() -> String {
    format!("livret_test_{:016x}", rand::thread_rng().r#gen::<u64>())
}

/// The URL of a new empty database of its own: a SQLite file in a new
/// folder, or a database created on the PostgreSQL test server.
pub async fn fresh_database(backend: &Backend) -> String {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(random_name());
            format!("sqlite://{}/livret.db", dir.display())
        }
        Backend::Postgres(base) => {
            let name = random_name();
            let admin = db::connect_raw(base).await.expect("PostgreSQL test server reachable");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create database");
            admin.close().await;
            let (prefix, _) = base.rsplit_once('/').expect("a PostgreSQL URL ends with /database");
            format!("{prefix}/{name}")
        }
    }
}

impl TestApp {
    pub async fn start(backend: Backend) -> TestApp {
        let url = fresh_database(&backend).await;
        let settings = Settings {
            database_url: url.clone(),
            addr: "127.0.0.1:0".parse().expect("address"),
            site_root: "target/site".into(),
            public_url: "http://livret.test".into(),
            secure_cookies: false,
            demo: true,
            production: false,
            access_code_days: 15,
            hash_files: false,
            smtp_url: None,
            mail_from: "livret@test".into(),
            reminder_every: std::time::Duration::from_secs(900),
            live_hold: std::time::Duration::from_millis(livret_app::coedit::HOLD_MS),
        };
        let pool = db::connect(&url).await.expect("database opens and migrates");
        demo::seed(&pool, now()).await.expect("demo data");
        TestApp { router: router(app_state(&settings, pool.clone())), pool, url }
    }

    /// A second server instance on the same database (as behind a load balancer).
    pub fn another_instance(&self) -> Router {
        Self::instance_on(self.pool.clone())
    }

    /// A server instance whose live pages wait this long for a change.
    pub fn instance_with_hold(pool: AnyPool, hold: std::time::Duration) -> Router {
        let mut state = app_state(&Self::instance_settings(), pool);
        std::sync::Arc::make_mut(&mut state.config).live_hold = hold;
        router(state)
    }

    /// Another server instance on the same database, with its own
    /// presence and wake-ups and, on PostgreSQL, its own listener of the
    /// changes committed by any instance (as the binary starts it).
    pub async fn instance_listening(&self, hold: std::time::Duration) -> Router {
        let settings = Settings { database_url: self.url.clone(), live_hold: hold, ..Self::instance_settings() };
        let state = app_state(&settings, self.pool.clone());
        livret_server::spawn_wakeups(&settings, &state).await;
        router(state)
    }

    fn instance_settings() -> Settings {
        Settings {
            database_url: String::new(),
            addr: "127.0.0.1:0".parse().expect("address"),
            site_root: "target/site".into(),
            public_url: "http://livret.test".into(),
            secure_cookies: false,
            demo: false,
            production: false,
            access_code_days: 15,
            hash_files: false,
            smtp_url: None,
            mail_from: "livret@test".into(),
            reminder_every: std::time::Duration::from_secs(900),
            live_hold: std::time::Duration::from_millis(livret_app::coedit::HOLD_MS),
        }
    }

    /// A server instance on this pool.
    pub fn instance_on(pool: AnyPool) -> Router {
        router(app_state(&Self::instance_settings(), pool))
    }

    /// A request that gets no whole answer within a minute fails the test
    /// with its address, instead of hanging the run.
    pub async fn send(router: &Router, req: Request<Body>) -> Reply {
        let what = format!("{} {}", req.method(), req.uri());
        match tokio::time::timeout(std::time::Duration::from_secs(60), Self::answer(router, req)).await {
            Ok(reply) => reply,
            Err(_) => panic!("no answer within 60 s to {what}"),
        }
    }

    async fn answer(router: &Router, req: Request<Body>) -> Reply {
        let res = router.clone().oneshot(req).await.expect("router answers");
        let status = res.status();
        let set_cookies: Vec<String> = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
            .collect();
        let cookie = set_cookies.first().cloned();
        let location = header_text(res.headers(), header::LOCATION);
        let cache_control = header_text(res.headers(), header::CACHE_CONTROL);
        let content_type = header_text(res.headers(), header::CONTENT_TYPE);
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            cookie,
            set_cookies,
            location,
            cache_control,
            content_type,
            bytes: bytes.to_vec(),
        }
    }

    /// Calls a server function the way the browser's WebAssembly does.
    pub async fn call(&self, cookie: Option<&str>, endpoint: &str, form: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(form).expect("form encodes");
        self.call_raw(cookie, endpoint, body.into_bytes()).await
    }

    pub async fn call_raw(&self, cookie: Option<&str>, endpoint: &str, body: Vec<u8>) -> Reply {
        Self::send(&self.router, call_request(cookie, endpoint, body)).await
    }

    /// Opens a page the way a browser does (it accepts HTML, so a redirect
    /// of the page is a real one).
    pub async fn get(&self, cookie: Option<&str>, path: &str) -> Reply {
        let mut req = Request::get(path).header(header::ACCEPT, "text/html,application/xhtml+xml");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        Self::send(&self.router, req.body(Body::empty()).expect("request")).await
    }

    pub async fn sign_in_staff(&self, email: &str) -> String {
        let r = self.call(None, "sign_in_professional", &[("email", email), ("password", demo::STAFF_PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::OK, "{email} signs in: {}", r.body);
        r.cookie.expect("a session cookie")
    }

    pub async fn sign_in_person(&self, identifier: &str, secret: &str) -> String {
        let r = self.call(None, "sign_in_person", &[("identifier", identifier), ("secret", secret)]).await;
        assert_eq!(r.status, StatusCode::OK, "{identifier} signs in: {}", r.body);
        r.cookie.expect("a session cookie")
    }
}

/// A server-function call as the browser's code sends it.
pub fn call_request(cookie: Option<&str>, endpoint: &str, body: Vec<u8>) -> Request<Body> {
    let mut req = Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::from(body)).expect("request")
}

/// The head validates a demande, naming its animateur (or none, to see the refusal).
pub async fn validate(app: &TestApp, head: &str, dossier: &str, animateur: Option<&str>) -> Reply {
    let mut form = vec![("dossier_id", dossier), ("decision", "validate"), ("message", "Oui.")];
    form.extend(animateur.map(|a| ("animateur", a)));
    app.call(Some(head), "decide_demande", &form).await
}

/// A form the browser posts itself, without JavaScript, from a page.
pub fn plain_form_post(cookie: Option<&str>, endpoint: &str, from: &str, body: String) -> Request<Body> {
    let mut req = Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, format!("http://livret.test{from}"));
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::from(body)).expect("request")
}

fn header_text(headers: &header::HeaderMap, name: header::HeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The value of a JSON field in a server-function reply.
pub fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}
