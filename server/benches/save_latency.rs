//! Benchmark (figures, not a test): latency of saving an answer of the
//! demande while 50 people write at once, through the whole application
//! (sessions, CSRF guard, server function, database commit), on SQLite and
//! on PostgreSQL (when LIVRET_TEST_POSTGRES_URL is set). Each dossier is
//! also open on a second screen that follows it live (long polling), as
//! when a professional co-edits beside her.
//! Run: `cargo bench -p livret-server --bench save_latency`.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use livret_app::accounts::ssr::insert_person_with_identifier;
use livret_app::auth::ssr::set_secret;
use livret_server::config::Settings;
use livret_server::{app_state, db, demo, router};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const WRITERS: usize = 50;
const SAVES_EACH: usize = 40;

fn settings(url: &str) -> Settings {
    Settings {
        database_url: url.to_owned(),
        addr: "127.0.0.1:0".parse().expect("address"),
        site_root: "target/site".into(),
        public_url: "http://bench".into(),
        secure_cookies: false,
        demo: true,
        production: false,
        access_code_days: 15,
        hash_files: false,
        smtp_url: None,
        mail_from: "livret@test".into(),
        reminder_every: std::time::Duration::from_secs(900),
        live_hold: std::time::Duration::from_millis(livret_app::coedit::HOLD_MS),
    }
}

async fn post(app: &axum::Router, cookie: Option<&str>, endpoint: &str, body: String) -> (u16, Option<String>, String) {
    let mut req = Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app.clone().oneshot(req.body(Body::from(body)).expect("request")).await.expect("answer");
    let status = res.status().as_u16();
    let cookie =
        res.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).and_then(|v| v.split(';').next()).map(str::to_owned);
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body");
    (status, cookie, String::from_utf8_lossy(&bytes).into_owned())
}

async fn run(label: &str, url: &str) {
    let pool = db::connect(url).await.expect("database");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    demo::seed(&pool, now).await.expect("demo data");
    let app = router(app_state(&settings(url), pool.clone()));
    let mut cookies = Vec::new();
    for i in 0..WRITERS {
        let identifier = format!("bench-{i:04}");
        let id = insert_person_with_identifier(&pool, "Bench", &identifier, Some(1), 1, now).await.expect("person");
        set_secret(&pool, id, "482913").await.expect("secret");
        let (status, cookie, body) = post(&app, None, "sign_in_person", format!("identifier={identifier}&secret=482913")).await;
        assert_eq!(status, 200, "{body}");
        cookies.push(cookie.expect("cookie"));
    }
    // The second screens: each keeps one "changed since?" question waiting.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut watchers = Vec::new();
    for cookie in &cookies {
        let (_, _, mine) = post(&app, Some(cookie), "my_demande", String::new()).await;
        let dossier = serde_json::from_str::<serde_json::Value>(&mine).expect("json")["dossier_id"].as_i64().expect("dossier");
        let (app, cookie, stop) = (app.clone(), cookie.clone(), stop.clone());
        watchers.push(tokio::spawn(async move {
            let (mut since, mut answers) = (-1i64, 0usize);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (status, _, reply) = post(&app, Some(&cookie), "pulse", format!("dossier_id={dossier}&since={since}")).await;
                assert_eq!(status, 200, "{reply}");
                since = serde_json::from_str::<serde_json::Value>(&reply).expect("json")["revision"].as_i64().expect("revision");
                answers += 1;
            }
            answers
        }));
    }
    let start = Instant::now();
    let tasks: Vec<_> = cookies
        .into_iter()
        .map(|cookie| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(SAVES_EACH);
                let mut version = 0i64;
                for n in 0..SAVES_EACH {
                    let body = format!("field=situation&value=Ma+vie+en+ce+moment%2C+version+{n}&version={version}");
                    let t = Instant::now();
                    let (status, _, reply) = post(&app, Some(&cookie), "save_answer", body).await;
                    latencies.push(t.elapsed());
                    assert_eq!(status, 200, "{reply}");
                    version = reply.trim().parse().expect("new version");
                }
                latencies
            })
        })
        .collect();
    let mut all: Vec<Duration> = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("writer"));
    }
    let wall = start.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut live_answers = 0;
    for w in watchers {
        live_answers += w.await.expect("watcher");
    }
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    println!(
        "{label}: {} saves by {WRITERS} concurrent writers in {:.2} s ({:.0}/s), {live_answers} live answers to their {WRITERS} second screens; p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        all.len(),
        wall.as_secs_f64(),
        all.len() as f64 / wall.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.90).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        all[all.len() - 1].as_secs_f64() * 1e3,
    );
}

#[tokio::main]
async fn main() {
    common::on_both_databases("bench", |label, url| async move { run(label, &url).await }).await;
}
