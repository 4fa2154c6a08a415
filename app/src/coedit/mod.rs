//! Writing the demande together: the professionals of her équipe read what
//! she shared with each of them, propose wordings she accepts or refuses
//! (never a silent overwrite), and every open page follows the others
//! within a second by polling the dossier's revision counter.
//!
//! Long polling, not a socket: a page asks "anything after revision N?";
//! the server answers at once if so, else waits for a change (woken at
//! commit, on every instance: see `presence`) or one second, then reads
//! the revision again. So a change is seen at once whichever instance
//! made it, with one cheap indexed read per second per idle page as the
//! fallback. Who is present is kept in the database, for every instance.

use crate::domain::dossier::State;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::dossier::{Hidden, HistoryLine, SharedDemandeView, Suggestion};

/// How long the server holds a question before reading the revision again
/// (the default of `Config::live_hold`).
pub const HOLD_MS: u64 = 1_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveState {
    pub revision: i64,
    /// The other people who have this dossier open now.
    pub present: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DossierSummary {
    pub dossier_id: i64,
    pub person_name: String,
    pub state: State,
}

/// The dossier's revision once it differs from `since` (or after the
/// hold), and who else has it open: for her and the members of her équipe.
#[server(endpoint = "pulse", output = crate::wire::Json)]
pub async fn pulse(dossier_id: i64, since: i64) -> Result<LiveState, AppError> {
    use crate::domain::access::Ask;
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Person, Role::Professional, Role::Head]).await?;
    let st = crate::state::state()?;
    let door = crate::dossier::ssr::Door::open(&st.pool, &caller, dossier_id).await?;
    door.require(Ask::Follow)?;
    let pool = st.pool.clone();
    let revision_now = || async {
        let (revision,): (i64,) =
            sqlx::query_as("SELECT revision FROM dossiers WHERE id = $1").bind(dossier_id).fetch_one(&pool).await?;
        Ok::<i64, AppError>(revision)
    };
    // Registered before reading, so a change in between is not missed.
    let wake = st.presence.waker(dossier_id);
    let woken = wake.notified();
    let hold = st.config.live_hold;
    let now = crate::state::now();
    if st.presence.arrive(&pool, dossier_id, caller.id, hold.as_secs().max(1) as i64, now).await? {
        // The others' pages show at once who just came (on every instance).
        crate::presence::notify(&pool, &[dossier_id]).await?;
        st.presence.announce(dossier_id);
    }
    let mut revision = revision_now().await?;
    if revision == since {
        let _ = tokio::time::timeout(hold, woken).await;
        revision = revision_now().await?;
    }
    let present = crate::presence::Presence::others(&pool, dossier_id, caller.id, crate::state::now()).await?;
    Ok(LiveState { revision, present })
}

/// The dossiers whose équipe she belongs to.
#[server(endpoint = "my_dossiers")]
pub async fn my_dossiers() -> Result<Vec<DossierSummary>, AppError> {
    use crate::domain::access::Ask;
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head]).await?;
    let listed = crate::dossier::ssr::listed(&crate::state::pool()?, &caller, Ask::Follow).await?;
    Ok(listed
        .into_iter()
        .map(|l| DossierSummary { dossier_id: l.dossier_id, person_name: l.person_name, state: l.state })
        .collect())
}

/// Her demande as this member of her équipe receives it (the door filters
/// and journals).
#[server(endpoint = "shared_demande")]
pub async fn shared_demande(dossier_id: i64) -> Result<SharedDemandeView, AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head]).await?;
    crate::dossier::ssr::Door::open(&crate::state::pool()?, &caller, dossier_id).await?.shared().await
}

/// A professional proposes a wording for one answer; she decides.
#[server(endpoint = "suggest")]
pub async fn suggest(dossier_id: i64, field: String, value: String) -> Result<(), AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head]).await?;
    let door = crate::dossier::ssr::Door::open(&crate::state::pool()?, &caller, dossier_id).await?;
    ssr::suggest(&door, &field, &value).await
}

/// She accepts a proposal (it becomes her answer, marked as written by the
/// professional) or refuses it (her answer stays as it is).
#[server(endpoint = "answer_suggestion", output = crate::wire::Json)]
pub async fn answer_suggestion(id: i64, accept: String) -> Result<(), AppError> {
    let (door, _) = crate::demande::ssr::own_door().await?;
    ssr::answer(door.pool(), door.id(), id, accept == "yes").await
}

/// Every change of every answer: who, when, what.
#[server(endpoint = "my_history")]
pub async fn my_history() -> Result<Vec<HistoryLine>, AppError> {
    let (door, _) = crate::demande::ssr::own_door().await?;
    door.history().await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::domain::access::Ask;
    use crate::domain::demande::check_answer;
    use crate::domain::dossier::State;
    use crate::dossier::ssr::{Door, commit_change, item_of};
    use crate::error::{AppError, Field};
    use crate::state::now;
    use sqlx::AnyPool;

    /// A proposal, if the policy lets him reword that item (one may only
    /// reword what one may read) and the demande can still change.
    pub async fn suggest(door: &Door, field: &str, value: &str) -> Result<(), AppError> {
        door.require(Ask::Follow)?;
        let item = item_of(field).ok_or(AppError::NotFound)?;
        door.require(Ask::Suggest(item))?;
        check_answer(value).map_err(AppError::invalid(Field::Answer))?;
        if value.trim().is_empty() {
            return Err(AppError::Invalid { field: Field::Answer, problem: crate::domain::credentials::InputError::Empty });
        }
        let mut tx = crate::state::begin_write(door.pool()).await?;
        let (state,): (String,) =
            sqlx::query_as("SELECT state FROM dossiers WHERE id = $1").bind(door.id()).fetch_one(&mut *tx).await?;
        if !State::parse(&state).is_some_and(State::editable) {
            return Err(AppError::Conflict);
        }
        sqlx::query("INSERT INTO suggestions (dossier_id, field, value, author_id, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(door.id())
            .bind(field)
            .bind(value)
            .bind(door.known().asker.id)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        commit_change(tx, door.id()).await?;
        Ok(())
    }

    pub async fn answer(pool: &AnyPool, dossier: i64, id: i64, accept: bool) -> Result<(), AppError> {
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT field, value, author_id FROM suggestions WHERE id = $1 AND dossier_id = $2 AND outcome IS NULL",
        )
        .bind(id)
        .bind(dossier)
        .fetch_optional(pool)
        .await?;
        let (field, value, author) = row.ok_or(AppError::NotFound)?;
        // Claimed first: a second answer to the same proposal finds it taken.
        let claim = |outcome: Option<&'static str>, from: Option<&'static str>| {
            sqlx::query(
                "UPDATE suggestions SET outcome = $1, decided_at = $2 WHERE id = $3
                 AND COALESCE(outcome, '') = COALESCE($4, '')",
            )
            .bind(outcome)
            .bind(now())
            .bind(id)
            .bind(from)
        };
        let outcome = if accept { "accepted" } else { "refused" };
        if claim(Some(outcome), None).execute(pool).await?.rows_affected() != 1 {
            return Err(AppError::NotFound);
        }
        if accept {
            // The words are the professional's: the answer says so.
            if let Err(e) = crate::demande::ssr::save(pool, dossier, author, &field, &value, None).await {
                claim(None, Some(outcome)).execute(pool).await?;
                return Err(e);
            }
        }
        let tx = crate::state::begin_write(pool).await?;
        commit_change(tx, dossier).await?;
        Ok(())
    }
}
