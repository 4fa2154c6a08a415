//! Benchmark (figures, not a test): the PDF of a livret with 10 objectives
//! and 30 actions, made on the server through the whole path a download
//! takes after the session (the door, the versions read and their SHA-256
//! checked, her copy whole or a professional's filtered, the journal line,
//! the layout and the PDF itself), on SQLite and on PostgreSQL (when
//! LIVRET_TEST_POSTGRES_URL is set). Budget: under 300 ms on 2 cores.
//! Run: `cargo bench -p livret-server --bench livret_pdf`.

mod common;

use livret_app::auth::ssr::find_caller;
use livret_app::domain::sharing::Kind;
use livret_server::{db, demo};
use std::time::{Duration, Instant};

const OBJECTIVES: usize = 10;
const ACTIONS_EACH: usize = 3;
const RUNS: usize = 200;

async fn id(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.expect(sql);
    id
}

/// Her first meeting, closed, with its version 1: what a real meeting
/// writes, inserted directly (the meeting's own steps are tested elsewhere).
async fn livret(pool: &sqlx::AnyPool, now: i64) -> (i64, i64, i64) {
    let amina = id(pool, "SELECT id FROM accounts WHERE identifier = 'amina-2841'").await;
    let claire = id(pool, "SELECT id FROM accounts WHERE email = 'claire.martin@mds.demo'").await;
    let head = id(pool, "SELECT id FROM accounts WHERE email = 'helene.roux@mds.demo'").await;
    let dossier =
        id(pool, "SELECT id FROM dossiers WHERE person_id = (SELECT id FROM accounts WHERE identifier = 'amina-2841')").await;
    for (field, value) in [
        ("housing.hard", "Je dors chez ma sœur depuis trois mois, avec mes deux enfants."),
        ("money.wish", "Je voudrais payer mes dettes petit à petit."),
        ("health.hard", "J'ai mal au dos et je ne dors pas bien."),
    ] {
        sqlx::query("INSERT INTO demande_answers (dossier_id, field, value, version, updated_by, updated_at) VALUES ($1, $2, $3, 1, $4, $5)")
            .bind(dossier)
            .bind(field)
            .bind(value)
            .bind(amina)
            .bind(now)
            .execute(pool)
            .await
            .expect("answer");
    }
    sqlx::query("UPDATE dossiers SET state = 'validated', animateur_id = $1, referent_id = $2 WHERE id = $3")
        .bind(head)
        .bind(claire)
        .bind(dossier)
        .execute(pool)
        .await
        .expect("validated");
    let (meeting,): (i64,) = sqlx::query_as(
        "INSERT INTO meetings (dossier_id, stage, place, animateur_id, created_at, started_at, review_at, closed_at)
         VALUES ($1, 'closed', 'MDS de la Vallée', $2, $3, $3, $4, $3) RETURNING id",
    )
    .bind(dossier)
    .bind(head)
    .bind(now)
    .bind(now + 90 * 86_400)
    .fetch_one(pool)
    .await
    .expect("meeting");
    let kinds = [Kind::Housing, Kind::Money, Kind::Family, Kind::Health, Kind::Work];
    for o in 0..OBJECTIVES {
        let kind = kinds[o % kinds.len()];
        let (objective,): (i64,) = sqlx::query_as(
            "INSERT INTO objectives (meeting_id, kind, body, author_id, at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(meeting)
        .bind(kind.as_str())
        .bind(format!("Objectif numéro {o} : trouver une solution qui dure pour {}.", kind.label()))
        .bind(amina)
        .bind(now)
        .fetch_one(pool)
        .await
        .expect("objective");
        for a in 0..ACTIONS_EACH {
            sqlx::query(
                "INSERT INTO actions (objective_id, what, who_id, due_at, means, author_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(objective)
            .bind(format!("Action {a} de l'objectif {o} : appeler, écrire, aller au rendez-vous."))
            .bind(if a % 2 == 0 { amina } else { claire })
            .bind(now + (a as i64 + 1) * 7 * 86_400)
            .bind("Avec l'aide de Claire, le téléphone de la MDS.")
            .bind(amina)
            .bind(now)
            .execute(pool)
            .await
            .expect("action");
        }
    }
    let mut tx = pool.begin().await.expect("transaction");
    let row = livret_app::dossier::ssr::row(&mut tx, dossier).await.expect("row").expect("dossier");
    livret_app::livret::ssr::write_version(&mut tx, &row, meeting).await.expect("version 1");
    sqlx::query("INSERT INTO livret_copies (dossier_id, staff_id, granted, at) VALUES ($1, $2, 1, $3)")
        .bind(dossier)
        .bind(claire)
        .bind(now)
        .execute(&mut *tx)
        .await
        .expect("her agreement");
    tx.commit().await.expect("commit");
    (dossier, amina, claire)
}

async fn run(label: &str, url: &str) {
    let pool = db::connect(url).await.expect("database");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    demo::seed(&pool, now).await.expect("demo data");
    let (dossier, amina, claire) = livret(&pool, now).await;
    for (who, account) in [("her copy, whole", amina), ("Claire's copy, filtered", claire)] {
        let caller = find_caller(&pool, account).await.expect("caller").expect("account");
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        let mut size = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let pdf = livret_app::livret::ssr::pdf(&pool, &caller, dossier, 1).await.expect("pdf");
            times.push(t.elapsed());
            size = pdf.len();
        }
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)].as_secs_f64() * 1e3;
        println!(
            "{label}, {who}: {OBJECTIVES} objectives, {} actions, {RUNS} PDFs of {:.0} KB; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (budget 300 ms)",
            OBJECTIVES * ACTIONS_EACH,
            size as f64 / 1024.0,
            pct(0.50),
            pct(0.99),
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
}

#[tokio::main]
async fn main() {
    common::on_both_databases("pdf_bench", |label, url| async move { run(label, &url).await }).await;
}
