//! Configuration from environment variables (documented in the README).

use std::net::SocketAddr;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {value:?} ({reason})")]
    Invalid { name: &'static str, value: String, reason: String },
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: String,
    pub addr: SocketAddr,
    pub site_root: String,
    pub public_url: String,
    pub secure_cookies: bool,
    /// Fill an empty database with the demo MDS, professionals and persons.
    pub demo: bool,
    pub production: bool,
    pub access_code_days: i64,
    pub hash_files: bool,
    /// `LIVRET_SMTP_URL`: where e-mails go (none: kept, not sent).
    pub smtp_url: Option<String>,
    /// `LIVRET_MAIL_FROM`: the sender of Livret's e-mails.
    pub mail_from: String,
    /// `LIVRET_REMINDER_EVERY` (seconds, default 900): how often reminders
    /// now due are looked for and sent.
    pub reminder_every: std::time::Duration,
    /// `LIVRET_LIVE_HOLD_MS` (default 1000): how long a live page's question
    /// waits for a change before the revision is read again. Tests set it
    /// long to show that a change reaches every instance by its wake-up,
    /// not by this fallback read.
    pub live_hold: std::time::Duration,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn flag(name: &'static str, default: bool) -> Result<bool, ConfigError> {
    match var(name).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes") => Ok(true),
        Some("0" | "false" | "no") => Ok(false),
        Some(other) => Err(ConfigError::Invalid { name, value: other.into(), reason: "expected 1 or 0".into() }),
    }
}

impl Settings {
    pub fn from_env() -> Result<Settings, ConfigError> {
        let addr_text = var("LIVRET_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text.parse().map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
            name: "LIVRET_ADDR",
            value: addr_text.clone(),
            reason: e.to_string(),
        })?;
        let public_url = var("LIVRET_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}"));
        let production = var("LIVRET_ENV").as_deref() == Some("production");
        let demo = flag("LIVRET_DEMO", false)?;
        if production && demo {
            return Err(ConfigError::Invalid {
                name: "LIVRET_DEMO",
                value: "1".into(),
                reason: "demo accounts are refused when LIVRET_ENV=production".into(),
            });
        }
        let days_text = var("LIVRET_ACCESS_CODE_DAYS").unwrap_or_else(|| "15".into());
        let access_code_days = days_text.parse::<i64>().ok().filter(|d| (1..=90).contains(d)).ok_or(ConfigError::Invalid {
            name: "LIVRET_ACCESS_CODE_DAYS",
            value: days_text,
            reason: "1 to 90".into(),
        })?;
        let every_text = var("LIVRET_REMINDER_EVERY").unwrap_or_else(|| "900".into());
        let every = every_text.parse::<u64>().ok().filter(|s| (1..=86_400).contains(s)).ok_or(ConfigError::Invalid {
            name: "LIVRET_REMINDER_EVERY",
            value: every_text,
            reason: "1 to 86400 seconds".into(),
        })?;
        let hold_text = var("LIVRET_LIVE_HOLD_MS").unwrap_or_else(|| livret_app::coedit::HOLD_MS.to_string());
        let hold = hold_text.parse::<u64>().ok().filter(|ms| (100..=60_000).contains(ms)).ok_or(ConfigError::Invalid {
            name: "LIVRET_LIVE_HOLD_MS",
            value: hold_text,
            reason: "100 to 60000 milliseconds".into(),
        })?;
        Ok(Settings {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/livret.db".into()),
            addr,
            site_root: var("LIVRET_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            secure_cookies: flag("LIVRET_SECURE_COOKIES", public_url.starts_with("https://"))?,
            public_url,
            demo,
            production,
            access_code_days,
            hash_files: flag("LEPTOS_HASH_FILES", true)?,
            smtp_url: var("LIVRET_SMTP_URL"),
            mail_from: var("LIVRET_MAIL_FROM").unwrap_or_else(|| "Livret <livret@localhost>".into()),
            reminder_every: std::time::Duration::from_secs(every),
            live_hold: std::time::Duration::from_millis(hold),
        })
    }
}
