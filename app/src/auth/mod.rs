//! Signing in and out. Professionals use an e-mail and a password; a person
//! uses the identifier printed on her sheet and the secret she chose with
//! her one-time access code. The signed-in account lives in the session on
//! the server, never in the browser.

use crate::domain::role::{Function, HeadRank, Role};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod store;

/// The signed-in account, as the browser may know it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub role: Role,
    pub display_name: String,
    pub identifier: Option<String>,
    pub email: Option<String>,
    pub function: Option<Function>,
    pub institution: Option<String>,
    pub head_rank: Option<HeadRank>,
    pub mds_name: Option<String>,
    /// "Claire Martin, Assistante de service social": who opened the account.
    pub created_by: Option<String>,
}

/// Something done to the account by someone else since her last sign-in:
/// told on her home for the session that follows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// Who made a new sheet of connexion for her.
    pub by: String,
    pub on: String,
}

#[server(endpoint = "my_notices")]
pub async fn my_notices() -> Result<Vec<Notice>, AppError> {
    let caller = ssr::require(&Role::ALL).await?;
    ssr::notices(&crate::state::pool()?, caller.id).await
}

#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let Some(caller) = ssr::caller().await? else { return Ok(None) };
    ssr::load_me(&crate::state::pool()?, caller.id).await
}

#[server(endpoint = "sign_in_person")]
pub async fn sign_in_person(identifier: String, secret: String) -> Result<(), AppError> {
    use crate::domain::credentials::Identifier;
    use crate::error::Field;
    let id = Identifier::parse(&identifier).map_err(AppError::invalid(Field::Identifier))?;
    ssr::not_empty(&secret, Field::Secret)?;
    let pool = crate::state::pool()?;
    let found = ssr::find_login_by_identifier(&pool, id.as_str()).await?;
    ssr::sign_in(&pool, &format!("person:{}", id.as_str()), found, secret).await
}

#[server(endpoint = "sign_in_professional")]
pub async fn sign_in_professional(email: String, password: String) -> Result<(), AppError> {
    use crate::domain::credentials::Email;
    use crate::error::Field;
    let email = Email::parse(&email).map_err(AppError::invalid(Field::Email))?;
    ssr::not_empty(&password, Field::Password)?;
    let pool = crate::state::pool()?;
    let found = ssr::find_login_by_email(&pool, email.as_str()).await?;
    ssr::sign_in(&pool, &format!("email:{}", email.as_str()), found, password).await
}

/// First sign-in with a one-time access code: checks the code, stores the
/// secret the person (or professional) chose, and opens a session.
#[server(endpoint = "first_sign_in")]
pub async fn first_sign_in(identifier: String, code: String, secret: String, secret_again: String) -> Result<(), AppError> {
    use crate::domain::credentials::{AccessCode, Email, Identifier, PersonSecret, ProPassword, confirm};
    use crate::error::Field;
    let pool = crate::state::pool()?;
    let code = AccessCode::parse(&code).map_err(AppError::invalid(Field::AccessCode))?;
    let (key, found) = if identifier.contains('@') {
        let email = Email::parse(&identifier).map_err(AppError::invalid(Field::Identifier))?;
        ProPassword::parse(&secret).map_err(AppError::invalid(Field::Secret))?;
        (format!("email:{}", email.as_str()), ssr::find_login_by_email(&pool, email.as_str()).await?)
    } else {
        let id = Identifier::parse(&identifier).map_err(AppError::invalid(Field::Identifier))?;
        PersonSecret::parse(&secret).map_err(AppError::invalid(Field::Secret))?;
        (format!("person:{}", id.as_str()), ssr::find_login_by_identifier(&pool, id.as_str()).await?)
    };
    confirm(&secret, &secret_again).map_err(AppError::invalid(Field::SecretAgain))?;
    ssr::redeem(&pool, &key, found, code, secret).await
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    session.flush().await.map_err(|_| AppError::Internal)?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    let caller = ssr::require(&Role::ALL).await?;
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    store::delete_all_for(&crate::state::pool()?, caller.id).await?;
    session.flush().await.map_err(|_| AppError::Internal)?;
    leptos_axum::redirect("/");
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::store::ACCOUNT_KEY;
    use super::{Me, Notice};
    use crate::domain::credentials::AccessCode;
    use crate::domain::dates::long_date_time;
    use crate::domain::role::{Function, HeadRank, Role};
    use crate::error::AppError;
    use crate::state::now;
    use argon2::Argon2;
    use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
    use sqlx::AnyPool;
    use sqlx::{Any, Executor};
    use std::sync::OnceLock;
    use tower_sessions::Session;

    /// Who is calling, read from the session and checked against the
    /// database on every call (a deleted account stops at once).
    #[derive(Clone, Debug)]
    pub struct Caller {
        pub id: i64,
        pub role: Role,
        pub mds_id: Option<i64>,
        pub function: Option<Function>,
    }

    pub async fn caller() -> Result<Option<Caller>, AppError> {
        let session: Session = leptos_axum::extract().await.map_err(|e| {
            tracing::error!(error = %e, "session layer missing");
            AppError::Internal
        })?;
        caller_of(&session, &crate::state::pool()?).await
    }

    /// The caller, read from the database once per request: a page runs
    /// a dozen server functions while it renders, and each asked again
    /// (11 reads of the same account for her home: tests/growth.rs). Keyed
    /// by the session's account, so a sign-in or sign-out within the
    /// request is never answered with the account before it.
    #[derive(Clone, Debug, Default)]
    pub struct CallerMemo(std::sync::Arc<std::sync::Mutex<Option<Remembered>>>);

    /// The session's account, and who it was found to be.
    type Remembered = (i64, Option<Caller>);

    impl CallerMemo {
        fn get(&self, id: i64) -> Option<Option<Caller>> {
            let kept = self.0.lock().ok()?;
            kept.as_ref().filter(|(k, _)| *k == id).map(|(_, c)| c.clone())
        }

        fn keep(&self, id: i64, caller: Option<Caller>) {
            if let Ok(mut kept) = self.0.lock() {
                *kept = Some((id, caller));
            }
        }
    }

    /// The caller of a session, also for a route outside the server
    /// functions (the PDF of her livret, where no memo is provided).
    pub async fn caller_of(session: &Session, pool: &AnyPool) -> Result<Option<Caller>, AppError> {
        let Some(id) = session.get::<i64>(ACCOUNT_KEY).await.map_err(session_error)? else {
            return Ok(None);
        };
        let memo = leptos::prelude::use_context::<CallerMemo>();
        if let Some(known) = memo.as_ref().and_then(|m| m.get(id)) {
            return Ok(known);
        }
        let found = find_caller(pool, id).await?;
        if let Some(memo) = memo {
            memo.keep(id, found.clone());
        }
        Ok(found)
    }

    /// Sessions are kept in the database: one that cannot be read because
    /// the database is away is "unavailable", like any other read.
    fn session_error(e: tower_sessions::session::Error) -> AppError {
        use tower_sessions::session::Error;
        use tower_sessions::session_store::Error as Store;
        match e {
            Error::Store(Store::Backend(reason)) => {
                tracing::error!(%reason, "cannot read the session");
                AppError::Unavailable
            }
            e => {
                tracing::error!(error = %e, "cannot read the session");
                AppError::Internal
            }
        }
    }

    /// The caller, if her role is one of `roles`; a typed refusal otherwise.
    pub async fn require(roles: &[Role]) -> Result<Caller, AppError> {
        match caller().await? {
            None => Err(AppError::NotSignedIn),
            Some(c) if roles.contains(&c.role) => Ok(c),
            Some(_) => Err(AppError::Forbidden),
        }
    }

    // --- secrets ---------------------------------------------------------

    /// An empty secret is a typing slip, not a failed attempt.
    pub fn not_empty(secret: &str, field: crate::error::Field) -> Result<(), AppError> {
        if secret.is_empty() {
            Err(AppError::Invalid { field, problem: crate::domain::credentials::InputError::Empty })
        } else {
            Ok(())
        }
    }

    pub async fn hash_secret(secret: String) -> Result<String, AppError> {
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            Argon2::default().hash_password(secret.as_bytes(), &salt).map(|h| h.to_string())
        })
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|e| {
            tracing::error!(error = %e, "hashing failed");
            AppError::Internal
        })
    }

    /// A real hash of a random secret, verified against when the account
    /// does not exist, so that both answers take the same time.
    fn dummy_hash() -> &'static str {
        static DUMMY: OnceLock<String> = OnceLock::new();
        DUMMY.get_or_init(|| {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            Argon2::default().hash_password(b"no account has this secret", &salt).map(|h| h.to_string()).unwrap_or_default()
        })
    }

    /// Verifies a secret against any of the given hashes, off the async
    /// executor. Always does at least one verification.
    pub async fn verify_any(hashes: Vec<String>, secret: String) -> bool {
        tokio::task::spawn_blocking(move || {
            let real = !hashes.is_empty();
            let candidates = if real { hashes } else { vec![dummy_hash().to_owned()] };
            let ok = candidates.iter().any(|h| {
                PasswordHash::new(h)
                    .map(|parsed| Argon2::default().verify_password(secret.as_bytes(), &parsed).is_ok())
                    .unwrap_or(false)
            });
            real && ok
        })
        .await
        .unwrap_or(false)
    }

    // --- sign-in ---------------------------------------------------------

    /// The session key holding the notices shown during this session.
    const NOTICES_KEY: &str = "notices";

    /// How she opened this session: her secret, or a new sheet's code.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Entry {
        Secret,
        Sheet,
    }

    async fn start_session(pool: &AnyPool, login: &Login, entry: Entry) -> Result<(), AppError> {
        let session: Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
        // Nothing of whoever used this browser before (a pending sheet on a
        // shared MDS computer), and a new session id, so that an id planted
        // earlier is useless.
        session.clear().await;
        session.cycle_id().await.map_err(|_| AppError::Internal)?;
        session.insert(ACCOUNT_KEY, login.id).await.map_err(|_| AppError::Internal)?;
        let ids = notices_for(pool, login.id, entry).await?;
        if !ids.is_empty() {
            session.insert(NOTICES_KEY, ids).await.map_err(|_| AppError::Internal)?;
        }
        leptos_axum::redirect(login.role.home());
        Ok(())
    }

    /// What was done to the account by someone else, told in this session.
    /// Signing in with her secret: what she has not been told yet, then
    /// marked told. With a new sheet's code: every new sheet of the code's
    /// lifetime, told or not, and none marked: if someone else redeemed an
    /// earlier sheet and read its notice, she still learns of it here.
    async fn notices_for(pool: &AnyPool, account: i64, entry: Entry) -> Result<Vec<i64>, AppError> {
        let days = crate::state::state().map(|s| s.config.access_code_days).unwrap_or(15);
        let rows: Vec<(i64,)> = match entry {
            Entry::Secret => {
                sqlx::query_as("SELECT id FROM account_events WHERE account_id = $1 AND seen_at IS NULL ORDER BY id")
                    .bind(account)
                    .fetch_all(pool)
                    .await?
            }
            Entry::Sheet => {
                sqlx::query_as("SELECT id FROM account_events WHERE account_id = $1 AND at > $2 ORDER BY id")
                    .bind(account)
                    .bind(now() - days * 86_400)
                    .fetch_all(pool)
                    .await?
            }
        };
        let ids: Vec<i64> = rows.into_iter().map(|(id,)| id).collect();
        if entry == Entry::Secret {
            // Only those read above: one written meanwhile is told next time.
            for id in &ids {
                sqlx::query("UPDATE account_events SET seen_at = $1 WHERE id = $2").bind(now()).bind(id).execute(pool).await?;
            }
        }
        Ok(ids)
    }

    /// The notices of this session.
    pub async fn notices(pool: &AnyPool, account: i64) -> Result<Vec<Notice>, AppError> {
        let session: Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
        let ids: Vec<i64> = session.get(NOTICES_KEY).await.map_err(|_| AppError::Internal)?.unwrap_or_default();
        let mut out = Vec::new();
        for id in ids {
            let row: Option<(String, i64)> = sqlx::query_as(
                "SELECT a.display_name, e.at FROM account_events e JOIN accounts a ON a.id = e.actor_id
                 WHERE e.id = $1 AND e.account_id = $2",
            )
            .bind(id)
            .bind(account)
            .fetch_optional(pool)
            .await?;
            out.extend(row.map(|(by, at)| Notice { by, on: long_date_time(at) }));
        }
        Ok(out)
    }

    pub async fn sign_in(pool: &AnyPool, key: &str, found: Option<Login>, secret: String) -> Result<(), AppError> {
        let t = now();
        throttle::check(pool, key, t).await?;
        let hashes = found.as_ref().and_then(|l| l.secret_hash.clone()).into_iter().collect();
        if !verify_any(hashes, secret).await {
            return Err(throttle::failed(pool, key, t).await?);
        }
        throttle::clear(pool, key).await?;
        let Some(login) = found else { return Err(AppError::WrongCredentials) };
        start_session(pool, &login, Entry::Secret).await
    }

    pub async fn redeem(
        pool: &AnyPool,
        key: &str,
        found: Option<Login>,
        code: AccessCode,
        secret: String,
    ) -> Result<(), AppError> {
        let t = now();
        throttle::check(pool, key, t).await?;
        let codes = match &found {
            Some(l) => valid_code_hashes(pool, l.id, t).await?,
            None => Vec::new(),
        };
        if !verify_any(codes, code.as_str().to_owned()).await {
            return Err(match throttle::failed(pool, key, t).await? {
                AppError::WrongCredentials => AppError::CodeRefused,
                other => other,
            });
        }
        let Some(login) = found else { return Err(AppError::CodeRefused) };
        throttle::clear(pool, key).await?;
        let hash = hash_secret(secret).await?;
        set_secret_and_use_codes(pool, login.id, &hash, t).await?;
        // Whoever held her account before this sheet holds it no more.
        super::store::delete_all_for(pool, login.id).await?;
        start_session(pool, &login, Entry::Sheet).await
    }

    // --- accounts as sign-in knows them ---------------------------------

    /// What sign-in needs to know of an account. The hash never leaves the
    /// server: this type is not serialisable.
    pub struct Login {
        pub id: i64,
        pub role: Role,
        pub secret_hash: Option<String>,
    }

    pub async fn find_login_by_identifier<'e>(
        db: impl Executor<'e, Database = Any>,
        identifier: &str,
    ) -> Result<Option<Login>, AppError> {
        let row: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT id, secret_hash FROM accounts WHERE identifier = $1 AND role = 'person'")
                .bind(identifier)
                .fetch_optional(db)
                .await?;
        Ok(row.map(|(id, secret_hash)| Login { id, role: Role::Person, secret_hash }))
    }

    pub async fn find_login_by_email<'e>(db: impl Executor<'e, Database = Any>, email: &str) -> Result<Option<Login>, AppError> {
        let row: Option<(i64, String, Option<String>)> =
            sqlx::query_as("SELECT id, role, secret_hash FROM accounts WHERE email = $1 AND role <> 'person'")
                .bind(email)
                .fetch_optional(db)
                .await?;
        Ok(row.and_then(|(id, role, secret_hash)| Role::parse(&role).map(|role| Login { id, role, secret_hash })))
    }

    pub async fn find_caller(pool: &AnyPool, id: i64) -> Result<Option<Caller>, AppError> {
        let row: Option<(String, Option<i64>, Option<String>)> =
            sqlx::query_as("SELECT role, mds_id, function FROM accounts WHERE id = $1").bind(id).fetch_optional(pool).await?;
        Ok(row.and_then(|(role, mds_id, function)| {
            Role::parse(&role).map(|role| Caller { id, role, mds_id, function: function.as_deref().and_then(Function::parse) })
        }))
    }

    type MeRow = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );

    pub async fn load_me(pool: &AnyPool, id: i64) -> Result<Option<Me>, AppError> {
        let row: Option<MeRow> = sqlx::query_as(
            "SELECT a.role, a.display_name, a.identifier, a.email, a.function, a.institution,
                    a.head_rank, m.name, c.display_name, c.function
             FROM accounts a
             LEFT JOIN mds m ON m.id = a.mds_id
             LEFT JOIN accounts c ON c.id = a.created_by
             WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?;
        let Some((role, display_name, identifier, email, function, institution, head_rank, mds_name, by_name, by_fn)) = row
        else {
            return Ok(None);
        };
        let role = Role::parse(&role).ok_or(AppError::Internal)?;
        let created_by = by_name.map(|n| match by_fn.as_deref().and_then(Function::parse) {
            Some(f) => format!("{n}, {}", f.label()),
            None => n,
        });
        Ok(Some(Me {
            id,
            role,
            display_name,
            identifier,
            email,
            function: function.as_deref().and_then(Function::parse),
            institution,
            head_rank: head_rank.as_deref().and_then(HeadRank::parse),
            mds_name,
            created_by,
        }))
    }

    pub async fn valid_code_hashes(pool: &AnyPool, account_id: i64, now: i64) -> Result<Vec<String>, AppError> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT code_hash FROM access_codes WHERE account_id = $1 AND used_at IS NULL AND expires_at > $2")
                .bind(account_id)
                .bind(now)
                .fetch_all(pool)
                .await?;
        Ok(rows.into_iter().map(|(h,)| h).collect())
    }

    /// Uses her codes and sets her secret, once: of two redeems of one code
    /// at the same moment, the second finds no code left.
    pub async fn set_secret_and_use_codes(pool: &AnyPool, account_id: i64, hash: &str, now: i64) -> Result<(), AppError> {
        let mut tx = crate::state::begin_write(pool).await?;
        let used =
            sqlx::query("UPDATE access_codes SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL AND expires_at > $1")
                .bind(now)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
        if used.rows_affected() == 0 {
            return Err(AppError::CodeRefused);
        }
        sqlx::query("UPDATE accounts SET secret_hash = $1 WHERE id = $2").bind(hash).bind(account_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a secret directly (demo data only).
    pub async fn set_secret(pool: &AnyPool, account_id: i64, secret: &str) -> Result<(), AppError> {
        let hash = hash_secret(secret.to_owned()).await?;
        sqlx::query("UPDATE accounts SET secret_hash = $1 WHERE id = $2").bind(hash).bind(account_id).execute(pool).await?;
        Ok(())
    }

    /// Failed sign-ins, counted per identifier in the database so that the
    /// limit holds across server instances.
    pub mod throttle {
        use crate::error::AppError;
        use sqlx::AnyPool;

        pub const MAX_FAILURES: i64 = 5;
        pub const WINDOW_SECS: i64 = 15 * 60;
        pub const LOCK_SECS: i64 = 15 * 60;

        pub async fn check(pool: &AnyPool, key: &str, now: i64) -> Result<(), AppError> {
            let locked: Option<(Option<i64>,)> =
                sqlx::query_as("SELECT locked_until FROM sign_in_failures WHERE key = $1").bind(key).fetch_optional(pool).await?;
            match locked {
                Some((Some(until),)) if until > now => Err(AppError::Locked { minutes: (until - now + 59) / 60 }),
                _ => Ok(()),
            }
        }

        /// Records a failure; returns the error to show (locked at the limit).
        pub async fn failed(pool: &AnyPool, key: &str, now: i64) -> Result<AppError, AppError> {
            let (failures,): (i64,) = sqlx::query_as(
                "INSERT INTO sign_in_failures (key, failures, first_failure_at, locked_until)
                 VALUES ($1, 1, $2, NULL)
                 ON CONFLICT (key) DO UPDATE SET
                   failures = CASE WHEN sign_in_failures.first_failure_at < $3 THEN 1
                                   ELSE sign_in_failures.failures + 1 END,
                   first_failure_at = CASE WHEN sign_in_failures.first_failure_at < $3 THEN $2
                                   ELSE sign_in_failures.first_failure_at END
                 RETURNING failures",
            )
            .bind(key)
            .bind(now)
            .bind(now - WINDOW_SECS)
            .fetch_one(pool)
            .await?;
            if failures >= MAX_FAILURES {
                sqlx::query("UPDATE sign_in_failures SET locked_until = $2, failures = 0 WHERE key = $1")
                    .bind(key)
                    .bind(now + LOCK_SECS)
                    .execute(pool)
                    .await?;
                return Ok(AppError::Locked { minutes: LOCK_SECS / 60 });
            }
            Ok(AppError::WrongCredentials)
        }

        /// Forgets failures that no longer count (the table cannot grow
        /// without bound from typed-at-random identifiers).
        pub async fn delete_stale(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
            Ok(sqlx::query(
                "DELETE FROM sign_in_failures WHERE first_failure_at < $1 AND (locked_until IS NULL OR locked_until < $2)",
            )
            .bind(now - WINDOW_SECS)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected())
        }

        pub async fn clear(pool: &AnyPool, key: &str) -> Result<(), AppError> {
            sqlx::query("DELETE FROM sign_in_failures WHERE key = $1").bind(key).execute(pool).await?;
            Ok(())
        }
    }
}
