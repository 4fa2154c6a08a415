use livret_server::{app_state, config::Settings, db, demo, router, spawn_reminders, spawn_session_cleanup, spawn_wakeups};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()))
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("livret: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let settings = Settings::from_env()?;
    let pool = db::connect(&settings.database_url).await?;
    if settings.demo {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        if demo::seed(&pool, now).await.map_err(|e| format!("demo data: {e}"))? {
            tracing::info!("demo data created (see README for the accounts)");
        }
    }
    spawn_session_cleanup(pool.clone());
    let listener = tokio::net::TcpListener::bind(settings.addr).await?;
    // The test harness reads this line to learn the port when LIVRET_ADDR ends in :0.
    println!("Livret listening on http://{}", listener.local_addr()?);
    let state = app_state(&settings, pool);
    livret_app::state::set_process_state(state.clone());
    spawn_reminders(state.pool.clone(), settings.reminder_every);
    spawn_wakeups(&settings, &state).await;
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
