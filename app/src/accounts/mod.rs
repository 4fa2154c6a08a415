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

/// A new sheet, or a request that waits for a second person (a head's
/// account opens every demande of her MDS: nobody makes one alone).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SheetOutcome {
    Ready(AccessSheet),
    AwaitingConfirmation,
}

impl SheetOutcome {
    pub fn sheet(&self) -> Option<&AccessSheet> {
        match self {
            SheetOutcome::Ready(s) => Some(s),
            SheetOutcome::AwaitingConfirmation => None,
        }
    }
}

/// A head account, or a new sheet for one, waiting for a second person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeadRequest {
    pub id: i64,
    /// A new sheet for an existing account (not a new account).
    pub new_sheet: bool,
    pub name: String,
    pub email: String,
    pub rank: Option<crate::domain::role::HeadRank>,
    pub mds_name: String,
    pub requested_by: String,
    pub on: String,
    /// The caller asked for it: someone else must confirm.
    pub mine: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MdsOption {
    pub id: i64,
    pub name: String,
}

#[server(endpoint = "create_person_account")]
pub async fn create_person_account(name: String) -> Result<AccessSheet, AppError> {
    use crate::domain::credentials::Line;
    use crate::dossier::ssr::{insert_membership, own_dossier_in};
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
    let dossier = own_dossier_in(&mut tx, id, caller.mds_id).await?;
    insert_membership(&mut tx, dossier, caller.id, caller.id).await?;
    let sheet = ssr::store_code(&mut tx, &st, id, caller.id, t, code).await?;
    tx.commit().await?;
    ssr::keep_for_plain_form(sheet).await
}

/// A new sheet for someone who lost hers or forgot her secret. Earlier
/// codes stop working; her current secret keeps working until she uses it.
/// For a person: a current member of her équipe or the head of her MDS
/// (the access policy), written in her journal. For staff: the
/// administrator, with a second person for a head.
#[server(endpoint = "reissue_access_code")]
pub async fn reissue_access_code(account_id: i64) -> Result<SheetOutcome, AppError> {
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head, Role::Admin]).await?;
    let st = crate::state::state()?;
    let target: Option<(String,)> =
        sqlx::query_as("SELECT role FROM accounts WHERE id = $1").bind(account_id).fetch_optional(&st.pool).await?;
    match target.and_then(|(r,)| Role::parse(&r)) {
        Some(Role::Person) => ssr::new_sheet_for_person(&st, &caller, account_id).await,
        Some(target @ (Role::Professional | Role::Head)) => ssr::new_sheet_for_staff(&st, &caller, account_id, target).await,
        // Same answer whether the account exists or not.
        _ => Err(AppError::NotFound),
    }
}

/// The people the caller follows (her équipes), or for a head the people
/// of her MDS: each name through the access policy.
#[server(endpoint = "list_my_persons")]
pub async fn list_my_persons() -> Result<Vec<PersonSummary>, AppError> {
    use crate::domain::access::Ask;
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head]).await?;
    let listed = crate::dossier::ssr::listed(&crate::state::pool()?, &caller, Ask::SeeName).await?;
    Ok(listed
        .into_iter()
        .map(|l| PersonSummary {
            id: l.person_id,
            display_name: l.person_name,
            identifier: l.identifier,
            has_secret: l.has_secret,
        })
        .collect())
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
) -> Result<SheetOutcome, AppError> {
    use crate::domain::credentials::{Email, InputError, Line};
    use crate::domain::role::HeadRank;
    use crate::error::Field;
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
    // The head's function (and its perimeter) belongs to head accounts only.
    if (role == Role::Head) != (function == Function::MdsHead) {
        return Err(AppError::Invalid { field: Field::Function, problem: InputError::UnknownChoice });
    }
    let institution = Line::parse(&institution).map_err(AppError::invalid(Field::Institution))?;
    let mission = Line::parse_max(&mission, 300).map_err(AppError::invalid(Field::Mission))?;
    let st = crate::state::state()?;
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
    ssr::open_staff(&st, &caller, &new).await
}

/// The head accounts waiting for a second person: all of them for an
/// administrator, those of her MDS for a head.
#[server(endpoint = "list_head_requests")]
pub async fn list_head_requests() -> Result<Vec<HeadRequest>, AppError> {
    let caller = crate::auth::ssr::require(&[Role::Admin, Role::Head]).await?;
    ssr::head_requests(&crate::state::pool()?, &caller).await
}

/// A second person confirms a head account (or its new sheet) and receives
/// the sheet to hand over.
#[server(endpoint = "confirm_head_request")]
pub async fn confirm_head_request(id: i64) -> Result<AccessSheet, AppError> {
    let caller = crate::auth::ssr::require(&[Role::Admin, Role::Head]).await?;
    let st = crate::state::state()?;
    let sheet = ssr::confirm_head(&st, &caller, id).await?;
    ssr::keep_for_plain_form(sheet).await
}

/// The sheet made by a form posted without JavaScript, shown once on the
/// page the browser comes back to.
#[server(endpoint = "take_pending_sheet")]
pub async fn take_pending_sheet() -> Result<Option<AccessSheet>, AppError> {
    crate::auth::ssr::require(&[Role::Professional, Role::Head, Role::Admin]).await?;
    ssr::take_pending_sheet().await
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
    use super::{AccessSheet, HeadRequest, MdsOption, SheetOutcome, StaffSummary};
    use crate::auth::ssr::{Caller, find_login_by_email, find_login_by_identifier};
    use crate::domain::access::{Ask, Asker, StaffAnswer, StaffAsk, staff_power};
    use crate::domain::credentials::{AccessCode, Identifier};
    use crate::domain::dates::{long_date, long_date_time};
    use crate::domain::role::{Function, HeadRank, Role};
    use crate::dossier::ssr::{Door, record_account_event};
    use crate::error::AppError;
    use crate::state::{AppState, now};
    use rand::Rng;
    use sqlx::{Any, AnyConnection, AnyPool, Executor};

    pub const PENDING_SHEET: &str = "pending_sheet";

    /// A sheet made by a plain form post, and the page that showed it. Its
    /// code is kept masked: the mask is in a cookie of that browser only,
    /// so the session row alone never holds the code in clear.
    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct PendingSheet {
        pub sheet: AccessSheet,
        pub shown_on: Option<String>,
    }

    /// The cookie holding the mask of the pending sheet's code.
    const MASK_COOKIE: &str = "livret_masque";

    /// Without JavaScript the reply to the form is a redirect: keep the
    /// sheet in the session for the page that follows, its code masked by
    /// a one-time pad that only this browser holds.
    pub async fn keep_for_plain_form(sheet: AccessSheet) -> Result<AccessSheet, AppError> {
        if crate::state::is_plain_form_post() {
            let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
            let mut pad = vec![0u8; sheet.code.len()];
            rand::rngs::OsRng.fill(&mut pad[..]);
            let masked = AccessSheet { code: hex(&xor(sheet.code.as_bytes(), &pad)), ..sheet.clone() };
            session
                .insert(PENDING_SHEET, &PendingSheet { sheet: masked, shown_on: None })
                .await
                .map_err(|_| AppError::Internal)?;
            set_mask_cookie(&hex(&pad), 300);
        }
        Ok(sheet)
    }

    /// The pending sheet for the page that first shows it (the server may
    /// render a part of a page twice: that page, known by its nonce, gets
    /// it again; any later page does not).
    pub async fn take_pending_sheet() -> Result<Option<AccessSheet>, AppError> {
        let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
        let failed = |_| AppError::Internal;
        let Some(mut pending) = session.get::<PendingSheet>(PENDING_SHEET).await.map_err(failed)? else { return Ok(None) };
        let page = leptos::nonce::use_nonce().map(|n| n.to_string());
        let show = match (&pending.shown_on, page) {
            (None, Some(page)) => {
                pending.shown_on = Some(page);
                session.insert(PENDING_SHEET, &pending).await.map_err(failed)?;
                true
            }
            (Some(shown), Some(page)) => *shown == page,
            (None, None) => {
                session.remove::<PendingSheet>(PENDING_SHEET).await.map_err(failed)?;
                set_mask_cookie("", 0);
                true
            }
            (Some(_), None) => false,
        };
        if !show {
            session.remove::<PendingSheet>(PENDING_SHEET).await.map_err(failed)?;
            set_mask_cookie("", 0);
            return Ok(None);
        }
        let pad = crate::state::request_cookie(MASK_COOKIE).and_then(|h| unhex(&h));
        let code = pad.and_then(|pad| unhex(&pending.sheet.code).map(|masked| xor(&masked, &pad)));
        match code.and_then(|c| String::from_utf8(c).ok()) {
            Some(code) => Ok(Some(AccessSheet { code, ..pending.sheet })),
            // Without its mask (another browser, or too late) it is of no use.
            None => {
                session.remove::<PendingSheet>(PENDING_SHEET).await.map_err(failed)?;
                set_mask_cookie("", 0);
                Ok(None)
            }
        }
    }

    fn set_mask_cookie(value: &str, max_age: u32) {
        let secure = crate::state::state().is_ok_and(|s| s.config.secure_cookies);
        let cookie = format!(
            "{MASK_COOKIE}={value}; Path=/; Max-Age={max_age}; SameSite=Lax; HttpOnly{}",
            if secure { "; Secure" } else { "" }
        );
        if let (Some(res), Ok(v)) =
            (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&cookie))
        {
            res.append_header(http::header::SET_COOKIE, v);
        }
    }

    fn xor(a: &[u8], b: &[u8]) -> Vec<u8> {
        a.iter().zip(b.iter().cycle()).map(|(x, y)| x ^ y).collect()
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn unhex(s: &str) -> Option<Vec<u8>> {
        (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
    }

    // --- powers over accounts ----------------------------------------------

    /// A new sheet for a person: only those the access policy allows (a
    /// current member of her équipe, the head of her MDS), written in her
    /// journal in the transaction that stores the code.
    pub async fn new_sheet_for_person(st: &AppState, caller: &Caller, person: i64) -> Result<SheetOutcome, AppError> {
        let door = Door::of_person(&st.pool, caller, person).await?;
        // A quick refusal before the slow hashing; the decision that counts
        // is taken again inside the transaction (`Door::new_sheet`).
        door.require(Ask::NewSheet)?;
        let t = now();
        let code = draw_code(st, t).await?;
        let mut tx = crate::state::begin_write(&st.pool).await?;
        door.new_sheet(&mut tx).await?;
        let sheet = store_code(&mut tx, st, person, caller.id, t, code).await?;
        tx.commit().await?;
        Ok(SheetOutcome::Ready(keep_for_plain_form(sheet).await?))
    }

    fn asker(caller: &Caller) -> Asker {
        Asker { id: caller.id, role: caller.role, mds: caller.mds_id, function: caller.function }
    }

    /// A new sheet for a staff account: the administrator's, and for a head
    /// only once a second person confirms. Every use is recorded.
    pub async fn new_sheet_for_staff(
        st: &AppState,
        caller: &Caller,
        account: i64,
        target: Role,
    ) -> Result<SheetOutcome, AppError> {
        let t = now();
        match staff_power(asker(caller), StaffAsk::NewSheet { target }) {
            StaffAnswer::Refused => Err(AppError::NotFound),
            StaffAnswer::NeedsConfirmation => {
                let mut tx = crate::state::begin_write(&st.pool).await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO head_requests (kind, account_id, display_name, email, head_rank, institution, mission, mds_id,
                                                requested_by, requested_at)
                     SELECT 'sheet', id, display_name, email, head_rank, COALESCE(institution, ''), COALESCE(mission, ''), mds_id, $2, $3
                     FROM accounts WHERE id = $1 RETURNING id",
                )
                .bind(account)
                .bind(caller.id)
                .bind(t)
                .fetch_one(&mut *tx)
                .await?;
                audit(&mut tx, caller.id, "request_head_sheet", Some(account), Some(id), t).await?;
                tx.commit().await?;
                Ok(SheetOutcome::AwaitingConfirmation)
            }
            StaffAnswer::Allowed => {
                let code = draw_code(st, t).await?;
                let mut tx = crate::state::begin_write(&st.pool).await?;
                audit(&mut tx, caller.id, "new_sheet", Some(account), None, t).await?;
                record_account_event(&mut tx, account, caller.id, t).await?;
                let sheet = store_code(&mut tx, st, account, caller.id, t, code).await?;
                tx.commit().await?;
                Ok(SheetOutcome::Ready(keep_for_plain_form(sheet).await?))
            }
        }
    }

    /// Opens a staff account: at once for a professional; for a head, a
    /// request that a second person confirms (no account exists before).
    pub async fn open_staff(st: &AppState, caller: &Caller, new: &NewStaff<'_>) -> Result<SheetOutcome, AppError> {
        let t = now();
        match staff_power(asker(caller), StaffAsk::Open { head: new.role == Role::Head }) {
            StaffAnswer::Refused => Err(AppError::Forbidden),
            StaffAnswer::NeedsConfirmation => {
                let mut tx = crate::state::begin_write(&st.pool).await?;
                let waiting: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM head_requests WHERE email = $1 AND kind = 'open' AND decided_at IS NULL")
                        .bind(new.email)
                        .fetch_optional(&mut *tx)
                        .await?;
                if waiting.is_some() || find_login_by_email(&mut *tx, new.email).await?.is_some() {
                    return Err(email_used());
                }
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO head_requests (kind, display_name, email, head_rank, institution, mission, mds_id, requested_by, requested_at)
                     VALUES ('open', $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(new.display_name)
                .bind(new.email)
                .bind(new.head_rank.unwrap_or(HeadRank::Adjoint).as_str())
                .bind(new.institution)
                .bind(new.mission)
                .bind(new.mds_id)
                .bind(caller.id)
                .bind(t)
                .fetch_one(&mut *tx)
                .await?;
                audit(&mut tx, caller.id, "request_head", None, Some(id), t).await?;
                tx.commit().await?;
                Ok(SheetOutcome::AwaitingConfirmation)
            }
            StaffAnswer::Allowed => {
                let code = draw_code(st, t).await?;
                let mut tx = crate::state::begin_write(&st.pool).await?;
                let id = insert_staff(&mut tx, new, Some(caller.id), t).await?;
                audit(&mut tx, caller.id, "open_account", Some(id), None, t).await?;
                let sheet = store_code(&mut tx, st, id, caller.id, t, code).await?;
                tx.commit().await?;
                Ok(SheetOutcome::Ready(keep_for_plain_form(sheet).await?))
            }
        }
    }

    type RequestColumns = (i64, String, Option<i64>, String, String, String, String, String, i64, String, i64, String, i64);

    async fn pending_requests(conn: &mut AnyConnection, id: Option<i64>) -> Result<Vec<RequestColumns>, AppError> {
        Ok(sqlx::query_as(
            "SELECT r.id, r.kind, r.account_id, r.display_name, r.email, r.head_rank, r.institution, r.mission, r.mds_id,
                    m.name, r.requested_by, b.display_name, r.requested_at
             FROM head_requests r JOIN mds m ON m.id = r.mds_id JOIN accounts b ON b.id = r.requested_by
             WHERE r.decided_at IS NULL AND r.id = COALESCE($1, r.id) ORDER BY r.id",
        )
        .bind(id)
        .fetch_all(conn)
        .await?)
    }

    /// The requests the caller may see: an administrator, all; a head,
    /// those of her MDS.
    pub async fn head_requests(pool: &AnyPool, caller: &Caller) -> Result<Vec<HeadRequest>, AppError> {
        let rows = pending_requests(&mut *pool.acquire().await?, None).await?;
        let mut out = Vec::new();
        for (id, kind, _, name, email, rank, _, _, mds, mds_name, requested_by, by, at) in rows {
            if caller.role == Role::Head && caller.mds_id != Some(mds) {
                continue;
            }
            out.push(HeadRequest {
                id,
                new_sheet: kind == "sheet",
                name,
                email,
                rank: HeadRank::parse(&rank),
                mds_name,
                requested_by: by,
                on: long_date_time(at),
                mine: requested_by == caller.id,
            });
        }
        Ok(out)
    }

    /// A second person confirms: the account is opened (or its code made)
    /// and the sheet goes to her, to hand over.
    pub async fn confirm_head(st: &AppState, caller: &Caller, id: i64) -> Result<AccessSheet, AppError> {
        let t = now();
        let found = pending_requests(&mut *st.pool.acquire().await?, Some(id)).await?.into_iter().next();
        let (id, kind, account, name, email, rank, institution, mission, mds, _, requested_by, _, _) =
            found.ok_or(AppError::NotFound)?;
        // A head of another MDS is not told the request exists.
        if caller.role == Role::Head && caller.mds_id != Some(mds) {
            return Err(AppError::NotFound);
        }
        if staff_power(asker(caller), StaffAsk::Confirm { requested_by, mds }) != StaffAnswer::Allowed {
            return Err(AppError::Forbidden);
        }
        let code = draw_code(st, t).await?;
        let mut tx = crate::state::begin_write(&st.pool).await?;
        let claimed =
            sqlx::query("UPDATE head_requests SET decided_by = $1, decided_at = $2 WHERE id = $3 AND decided_at IS NULL")
                .bind(caller.id)
                .bind(t)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        if claimed.rows_affected() != 1 {
            return Err(AppError::NotFound);
        }
        let account = match (kind.as_str(), account) {
            ("sheet", Some(account)) => {
                audit(&mut tx, caller.id, "confirm_head_sheet", Some(account), Some(id), t).await?;
                record_account_event(&mut tx, account, caller.id, t).await?;
                account
            }
            ("open", None) => {
                let new = NewStaff {
                    display_name: &name,
                    email: &email,
                    role: Role::Head,
                    head_rank: HeadRank::parse(&rank),
                    function: Function::MdsHead,
                    institution: &institution,
                    mission: &mission,
                    mds_id: mds,
                };
                let account = insert_staff(&mut tx, &new, Some(requested_by), t).await?;
                audit(&mut tx, caller.id, "confirm_head", Some(account), Some(id), t).await?;
                account
            }
            _ => {
                tracing::error!(request = id, "a head request of no known kind");
                return Err(AppError::Internal);
            }
        };
        let sheet = store_code(&mut tx, st, account, caller.id, t, code).await?;
        tx.commit().await?;
        Ok(sheet)
    }

    async fn audit(
        conn: &mut AnyConnection,
        actor: i64,
        action: &str,
        account: Option<i64>,
        request: Option<i64>,
        at: i64,
    ) -> Result<(), AppError> {
        sqlx::query("INSERT INTO staff_audit (actor_id, action, account_id, request_id, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(actor)
            .bind(action)
            .bind(account)
            .bind(request)
            .bind(at)
            .execute(conn)
            .await?;
        Ok(())
    }

    fn email_used() -> AppError {
        AppError::Invalid { field: crate::error::Field::Email, problem: crate::domain::credentials::InputError::AlreadyUsed }
    }

    // --- storing accounts -----------------------------------------------

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
            return Err(email_used());
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
