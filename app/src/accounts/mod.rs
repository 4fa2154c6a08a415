//! Accounts: a professional opens a person's account and hands her a
//! one-time access sheet; an administrator opens professionals' accounts.

use crate::domain::role::{Function, Role};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What is printed for someone's first sign-in. The code is shown once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessSheet {
    pub display_name: String,
    /// The person's identifier, or a professional's e-mail address.
    pub login: String,
    pub code: String,
    pub expires_on: String,
    pub site: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: i64,
    pub display_name: String,
    pub identifier: String,
    pub has_secret: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffSummary {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub function: Option<Function>,
    pub institution: Option<String>,
    pub mds_name: Option<String>,
    pub has_secret: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MdsOption {
    pub id: i64,
    pub name: String,
}

#[server(endpoint = "create_person_account")]
pub async fn create_person_account(name: String) -> Result<AccessSheet, AppError> {
    use crate::domain::credentials::Line;
    use crate::error::Field;
    use crate::state::{now, state};
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head]).await?;
    let name = Line::parse(&name).map_err(AppError::invalid(Field::Name))?;
    let st = state()?;
    let t = now();
    let code = ssr::draw_code(&st, t).await?;
    // All or nothing: a half-opened account (no équipe, no code) would make
    // the professional open a second one for the same person.
    let mut tx = crate::state::begin_write(&st.pool).await?;
    let id = ssr::insert_person(&mut tx, name.as_str(), caller.mds_id, caller.id, t).await?;
    // Whoever opens her account accompanies her: first of her équipe.
    let dossier = crate::demande::ssr::dossier_in(&mut tx, id, caller.mds_id).await?;
    crate::sharing::ssr::insert_membership(&mut tx, dossier, caller.id, caller.id).await?;
    let sheet = ssr::store_code(&mut tx, &st, id, caller.id, t, code).await?;
    tx.commit().await?;
    ssr::keep_for_plain_form(sheet).await
}

/// A new sheet for someone who lost hers or forgot her secret. Earlier
/// codes stop working; her current secret keeps working until she uses it.
#[server(endpoint = "reissue_access_code")]
pub async fn reissue_access_code(account_id: i64) -> Result<AccessSheet, AppError> {
    use crate::state::{now, state};
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head, Role::Admin]).await?;
    let st = state()?;
    if !ssr::may_reissue(&st.pool, &caller, account_id).await? {
        // Same answer whether the account exists or not.
        return Err(AppError::NotFound);
    }
    ssr::keep_for_plain_form(ssr::issue_code(&st, account_id, caller.id, now()).await?).await
}

/// A professional sees the people whose account she opened; an MDS head
/// sees the people of her MDS.
#[server(endpoint = "list_my_persons")]
pub async fn list_my_persons() -> Result<Vec<PersonSummary>, AppError> {
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head]).await?;
    ssr::list_persons_for(&crate::state::pool()?, &caller).await
}

#[server(endpoint = "create_staff_account")]
pub async fn create_staff_account(
    name: String,
    email: String,
    rank: String,
    function: String,
    institution: String,
    mission: String,
    mds: i64,
) -> Result<AccessSheet, AppError> {
    use crate::domain::credentials::{Email, InputError, Line};
    use crate::domain::role::HeadRank;
    use crate::error::Field;
    use crate::state::{now, state};
    let caller = crate::auth::ssr::require(&[Role::Admin]).await?;
    let name = Line::parse(&name).map_err(AppError::invalid(Field::Name))?;
    let email = Email::parse(&email).map_err(AppError::invalid(Field::Email))?;
    let (role, head_rank) = match rank.as_str() {
        "professional" => (Role::Professional, None),
        other => match HeadRank::parse(other) {
            Some(r) => (Role::Head, Some(r)),
            None => return Err(AppError::Invalid { field: Field::Role, problem: InputError::UnknownChoice }),
        },
    };
    let function =
        Function::parse(&function).ok_or(AppError::Invalid { field: Field::Function, problem: InputError::UnknownChoice })?;
    let institution = Line::parse(&institution).map_err(AppError::invalid(Field::Institution))?;
    let mission = Line::parse_max(&mission, 300).map_err(AppError::invalid(Field::Mission))?;
    let st = state()?;
    if !ssr::mds_exists(&st.pool, mds).await? {
        return Err(AppError::Invalid { field: Field::Mds, problem: InputError::UnknownChoice });
    }
    let new = ssr::NewStaff {
        display_name: name.as_str(),
        email: email.as_str(),
        role,
        head_rank,
        function,
        institution: institution.as_str(),
        mission: mission.as_str(),
        mds_id: mds,
    };
    let t = now();
    let code = ssr::draw_code(&st, t).await?;
    let mut tx = crate::state::begin_write(&st.pool).await?;
    let id = ssr::insert_staff(&mut tx, &new, Some(caller.id), t).await?;
    let sheet = ssr::store_code(&mut tx, &st, id, caller.id, t, code).await?;
    tx.commit().await?;
    ssr::keep_for_plain_form(sheet).await
}

/// The sheet made by a form posted without JavaScript, shown once on the
/// page the browser comes back to.
#[server(endpoint = "take_pending_sheet")]
pub async fn take_pending_sheet() -> Result<Option<AccessSheet>, AppError> {
    use ssr::{PENDING_SHEET, PendingSheet};
    crate::auth::ssr::require(&[Role::Professional, Role::Head, Role::Admin]).await?;
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    let failed = |_| AppError::Internal;
    let Some(mut pending) = session.get::<PendingSheet>(PENDING_SHEET).await.map_err(failed)? else { return Ok(None) };
    // The server may render a part of a page twice, asking twice: the page
    // that first showed the sheet (known by its nonce) gets it again; any
    // later page does not.
    let page = leptos::nonce::use_nonce().map(|n| n.to_string());
    match (&pending.shown_on, page) {
        (None, Some(page)) => {
            pending.shown_on = Some(page);
            session.insert(PENDING_SHEET, &pending).await.map_err(failed)?;
            Ok(Some(pending.sheet))
        }
        (Some(shown), Some(page)) if *shown == page => Ok(Some(pending.sheet)),
        (None, None) => {
            session.remove::<PendingSheet>(PENDING_SHEET).await.map_err(failed)?;
            Ok(Some(pending.sheet))
        }
        _ => {
            session.remove::<PendingSheet>(PENDING_SHEET).await.map_err(failed)?;
            Ok(None)
        }
    }
}

#[server(endpoint = "list_staff")]
pub async fn list_staff() -> Result<Vec<StaffSummary>, AppError> {
    crate::auth::ssr::require(&[Role::Admin]).await?;
    ssr::list_staff(&crate::state::pool()?).await
}

#[server(endpoint = "list_mds")]
pub async fn list_mds() -> Result<Vec<MdsOption>, AppError> {
    crate::auth::ssr::require(&[Role::Admin]).await?;
    ssr::list_mds(&crate::state::pool()?).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{AccessSheet, MdsOption, PersonSummary, StaffSummary};
    use crate::auth::Me;
    use crate::auth::ssr::Caller;
    use crate::domain::credentials::{AccessCode, Identifier};
    use crate::domain::dates::long_date;
    use crate::domain::role::{Function, HeadRank, Role};
    use crate::error::AppError;
    use crate::state::AppState;
    use rand::Rng;
    use sqlx::{Any, AnyConnection, AnyPool, Executor};

    pub const PENDING_SHEET: &str = "pending_sheet";

    /// A sheet made by a plain form post, and the page that showed it.
    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct PendingSheet {
        pub sheet: AccessSheet,
        pub shown_on: Option<String>,
    }

    /// Without JavaScript the reply to the form is a redirect: keep the
    /// sheet in the session for the page that follows.
    pub async fn keep_for_plain_form(sheet: AccessSheet) -> Result<AccessSheet, AppError> {
        if crate::state::is_plain_form_post() {
            let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
            let pending = PendingSheet { sheet: sheet.clone(), shown_on: None };
            session.insert(PENDING_SHEET, &pending).await.map_err(|_| AppError::Internal)?;
        }
        Ok(sheet)
    }

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
        let row: Option<(String, Option<i64>)> =
            sqlx::query_as("SELECT role, mds_id FROM accounts WHERE id = $1").bind(id).fetch_optional(pool).await?;
        Ok(row.and_then(|(role, mds_id)| Role::parse(&role).map(|role| Caller { id, role, mds_id })))
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

    pub async fn insert_mds(pool: &AnyPool, name: &str, now: i64) -> Result<i64, AppError> {
        let (id,): (i64,) = sqlx::query_as("INSERT INTO mds (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(now)
            .fetch_one(pool)
            .await?;
        Ok(id)
    }

    pub async fn mds_exists(pool: &AnyPool, id: i64) -> Result<bool, AppError> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM mds WHERE id = $1").bind(id).fetch_optional(pool).await?;
        Ok(row.is_some())
    }

    pub async fn list_mds(pool: &AnyPool) -> Result<Vec<MdsOption>, AppError> {
        let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM mds ORDER BY name").fetch_all(pool).await?;
        Ok(rows.into_iter().map(|(id, name)| MdsOption { id, name }).collect())
    }

    /// Opens a person's account with a fresh identifier.
    pub async fn insert_person(
        conn: &mut AnyConnection,
        name: &str,
        mds_id: Option<i64>,
        created_by: i64,
        now: i64,
    ) -> Result<i64, AppError> {
        for _ in 0..50 {
            let digits: u16 = rand::thread_rng().gen_range(0..10_000);
            let identifier = Identifier::propose(name, digits);
            if find_login_by_identifier(&mut *conn, identifier.as_str()).await?.is_some() {
                continue;
            }
            return insert_person_with_identifier(&mut *conn, name, identifier.as_str(), mds_id, created_by, now).await;
        }
        tracing::error!("no free identifier after 50 draws");
        Err(AppError::Internal)
    }

    pub async fn insert_person_with_identifier<'e>(
        db: impl Executor<'e, Database = Any>,
        name: &str,
        identifier: &str,
        mds_id: Option<i64>,
        created_by: i64,
        now: i64,
    ) -> Result<i64, AppError> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO accounts (role, display_name, identifier, mds_id, created_by, created_at)
             VALUES ('person', $1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(name)
        .bind(identifier)
        .bind(mds_id)
        .bind(created_by)
        .bind(now)
        .fetch_one(db)
        .await?;
        Ok(id)
    }

    pub struct NewStaff<'a> {
        pub display_name: &'a str,
        pub email: &'a str,
        pub role: Role,
        pub head_rank: Option<HeadRank>,
        pub function: Function,
        pub institution: &'a str,
        pub mission: &'a str,
        pub mds_id: i64,
    }

    pub async fn insert_staff(
        conn: &mut AnyConnection,
        s: &NewStaff<'_>,
        created_by: Option<i64>,
        now: i64,
    ) -> Result<i64, AppError> {
        if find_login_by_email(&mut *conn, s.email).await?.is_some() {
            return Err(AppError::Invalid {
                field: crate::error::Field::Email,
                problem: crate::domain::credentials::InputError::AlreadyUsed,
            });
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO accounts (role, display_name, email, head_rank, function, institution, mission,
                                   mds_id, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(s.role.as_str())
        .bind(s.display_name)
        .bind(s.email)
        .bind(s.head_rank.map(HeadRank::as_str))
        .bind(s.function.as_str())
        .bind(s.institution)
        .bind(s.mission)
        .bind(s.mds_id)
        .bind(created_by)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        Ok(id)
    }

    pub async fn insert_admin(pool: &AnyPool, name: &str, email: &str, now: i64) -> Result<i64, AppError> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO accounts (role, display_name, email, created_at) VALUES ('admin', $1, $2, $3) RETURNING id",
        )
        .bind(name)
        .bind(email)
        .bind(now)
        .fetch_one(pool)
        .await?;
        Ok(id)
    }

    /// Draws a new one-time code for an account, stores only its hash, and
    /// cancels earlier unused codes.
    pub async fn issue_code(st: &AppState, account_id: i64, created_by: i64, now: i64) -> Result<AccessSheet, AppError> {
        let code = draw_code(st, now).await?;
        let mut tx = crate::state::begin_write(&st.pool).await?;
        let sheet = store_code(&mut tx, st, account_id, created_by, now, code).await?;
        tx.commit().await?;
        Ok(sheet)
    }

    /// A one-time code and its hash, not stored yet.
    pub struct NewCode {
        code: AccessCode,
        hash: String,
        expires: i64,
    }

    /// Hashing is slow on purpose: done before any transaction opens, so a
    /// write lock is never held while it runs.
    pub async fn draw_code(st: &AppState, now: i64) -> Result<NewCode, AppError> {
        let mut idx = [0u8; 12];
        rand::rngs::OsRng.fill(&mut idx);
        let code = AccessCode::from_indices(idx);
        let hash = crate::auth::ssr::hash_secret(code.as_str().to_owned()).await?;
        Ok(NewCode { code, hash, expires: now + st.config.access_code_days * 86_400 })
    }

    /// Stores the code's hash in the caller's transaction, cancelling earlier
    /// unused codes, and makes the sheet to hand over.
    pub async fn store_code(
        conn: &mut AnyConnection,
        st: &AppState,
        account_id: i64,
        created_by: i64,
        now: i64,
        NewCode { code, hash, expires }: NewCode,
    ) -> Result<AccessSheet, AppError> {
        sqlx::query("DELETE FROM access_codes WHERE account_id = $1 AND used_at IS NULL")
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "INSERT INTO access_codes (account_id, code_hash, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(account_id)
        .bind(hash)
        .bind(created_by)
        .bind(now)
        .bind(expires)
        .execute(&mut *conn)
        .await?;
        let (display_name, identifier, email): (String, Option<String>, Option<String>) =
            sqlx::query_as("SELECT display_name, identifier, email FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_one(&mut *conn)
                .await?;
        Ok(AccessSheet {
            display_name,
            login: identifier.or(email).unwrap_or_default(),
            code: code.grouped(),
            expires_on: long_date(expires),
            site: st.config.public_url.clone(),
        })
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

    pub async fn set_secret_and_use_codes(pool: &AnyPool, account_id: i64, hash: &str, now: i64) -> Result<(), AppError> {
        let mut tx = crate::state::begin_write(pool).await?;
        sqlx::query("UPDATE accounts SET secret_hash = $1 WHERE id = $2").bind(hash).bind(account_id).execute(&mut *tx).await?;
        sqlx::query("UPDATE access_codes SET used_at = $1 WHERE account_id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a secret directly (demo data only).
    pub async fn set_secret(pool: &AnyPool, account_id: i64, secret: &str) -> Result<(), AppError> {
        let hash = crate::auth::ssr::hash_secret(secret.to_owned()).await?;
        sqlx::query("UPDATE accounts SET secret_hash = $1 WHERE id = $2").bind(hash).bind(account_id).execute(pool).await?;
        Ok(())
    }

    /// A professional may renew the sheet of a person she opened; an MDS
    /// head, of a person of her MDS; an administrator, of a staff account.
    pub async fn may_reissue(pool: &AnyPool, caller: &Caller, account_id: i64) -> Result<bool, AppError> {
        let row: Option<(String, Option<i64>, Option<i64>)> =
            sqlx::query_as("SELECT role, mds_id, created_by FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_optional(pool)
                .await?;
        let Some((role, mds_id, created_by)) = row else { return Ok(false) };
        let target = Role::parse(&role);
        Ok(match caller.role {
            Role::Professional => target == Some(Role::Person) && created_by == Some(caller.id),
            Role::Head => target == Some(Role::Person) && mds_id.is_some() && mds_id == caller.mds_id,
            Role::Admin => matches!(target, Some(Role::Professional | Role::Head)),
            Role::Person => false,
        })
    }

    pub async fn list_persons_for(pool: &AnyPool, caller: &Caller) -> Result<Vec<PersonSummary>, AppError> {
        let (filter, value) = match caller.role {
            Role::Head => ("mds_id", caller.mds_id.unwrap_or(-1)),
            _ => ("created_by", caller.id),
        };
        let sql = format!(
            "SELECT id, display_name, identifier, CASE WHEN secret_hash IS NULL THEN 0 ELSE 1 END
             FROM accounts WHERE role = 'person' AND {filter} = $1 ORDER BY display_name, id"
        );
        let rows: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(&sql).bind(value).fetch_all(pool).await?;
        Ok(rows
            .into_iter()
            .map(|(id, display_name, identifier, has_secret)| PersonSummary {
                id,
                display_name,
                identifier: identifier.unwrap_or_default(),
                has_secret: has_secret != 0,
            })
            .collect())
    }

    pub async fn list_staff(pool: &AnyPool) -> Result<Vec<StaffSummary>, AppError> {
        type Row = (i64, String, Option<String>, String, Option<String>, Option<String>, Option<String>, i64);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT a.id, a.display_name, a.email, a.role, a.function, a.institution, m.name,
                    CASE WHEN a.secret_hash IS NULL THEN 0 ELSE 1 END
             FROM accounts a LEFT JOIN mds m ON m.id = a.mds_id
             WHERE a.role IN ('professional', 'head') ORDER BY a.display_name, a.id",
        )
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, display_name, email, role, function, institution, mds_name, has_secret)| {
                Some(StaffSummary {
                    id,
                    display_name,
                    email: email.unwrap_or_default(),
                    role: Role::parse(&role)?,
                    function: function.as_deref().and_then(Function::parse),
                    institution,
                    mds_name,
                    has_secret: has_secret != 0,
                })
            })
            .collect())
    }
}
