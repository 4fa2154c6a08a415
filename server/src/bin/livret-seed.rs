//! Fills a database with a whole département (`livret_server::departement`)
//! for load tests. Refuses a database that already has accounts unless
//! `--force` is given.
//!
//! ```sh
//! DATABASE_URL=sqlite://target/bench/departement.db livret-seed
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/livret_bench livret-seed --persons 500
//! ```

use livret_server::departement::{self, Size};
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str =
    "usage: DATABASE_URL=<sqlite://file or postgres://...> livret-seed [--mds N] [--pros N] [--persons N] [--force]
  --mds N       MDS, each with its head (default 5)
  --pros N      professionals of every function (default 300)
  --persons N   persons, each with her dossier (default 5000)
  --force       seed even if the database already has accounts (the e-mails must be free)";

#[tokio::main]
async fn main() -> ExitCode {
    // The meeting's invitations look for the server's state (its public
    // address, its SMTP server): there is none here, so they are written in
    // `mail_outbox` and not sent. That is not an error worth a line each.
    let quiet = "warn,sqlx=warn,livret_app::state=off";
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| quiet.into()))
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("livret-seed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args() -> Result<(Size, bool), String> {
    let mut size = Size::DEPARTEMENT;
    let mut force = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut number = |what: &str| -> Result<usize, String> {
            args.next().and_then(|v| v.parse().ok()).ok_or_else(|| format!("{what} needs a number\n{USAGE}"))
        };
        match a.as_str() {
            "--mds" => size.mds = number("--mds")?,
            "--pros" => size.pros = number("--pros")?,
            "--persons" => size.persons = number("--persons")?,
            "--force" => force = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    if size.mds == 0 {
        return Err("--mds must be at least 1".into());
    }
    Ok((size, force))
}

/// The URL without its password, for the messages.
fn shown(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.rsplit_once('@') {
        Some((user, host)) => format!("{scheme}://{}@{host}", user.split(':').next().unwrap_or_default()),
        None => url.to_owned(),
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let (size, force) = parse_args()?;
    let url =
        std::env::var("DATABASE_URL").ok().filter(|u| !u.trim().is_empty()).ok_or(format!("DATABASE_URL is not set\n{USAGE}"))?;
    let started = Instant::now();
    let workers = departement::workers_for(&url);
    println!(
        "Seeding a département into {}: {} MDS, {} professionals, {} persons ({} at once)",
        shown(&url),
        size.mds,
        size.pros,
        size.persons,
        workers
    );
    let pool = departement::connect_for_seeding(&url, workers as u32 + 2).await?;
    if departement::accounts_exist(&pool).await? && !force {
        return Err(
            "this database already has accounts: seed a fresh one, or add --force to add a département beside them".into()
        );
    }
    let report = departement::seed(&pool, size, workers, |line| {
        println!("  {line}");
        let _ = std::io::stdout().flush();
    })
    .await?;
    pool.close().await;
    println!("Done in {:.1} s:\n{report}", started.elapsed().as_secs_f64());
    println!(
        "Sign in: persons {}…{} with secret {}; professionals {}…{}, heads {}…{} and {} with password {}",
        departement::person_identifier(1),
        departement::person_identifier(size.persons.max(1)),
        departement::PERSON_SECRET,
        departement::pro_email(1),
        departement::pro_email(size.pros.max(1)),
        departement::head_email(1),
        departement::head_email(size.mds),
        departement::ADMIN_EMAIL,
        departement::STAFF_PASSWORD
    );
    Ok(())
}
