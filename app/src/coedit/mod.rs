//! Writing the demande together: the professionals of her équipe read what
//! she shared with each of them, propose wordings she accepts or refuses
//! (never a silent overwrite), and every open page follows the others
//! within a second by polling the dossier's revision counter.
//!
//! Long polling, not a socket: a page asks "anything after revision N?";
//! the server answers at once if so, else waits for a change made on this
//! instance (woken at commit) or one second, then reads the revision
//! again. So a change is seen at once on the same instance, within a
//! second across instances, with no message bus and one cheap indexed
//! read per second per idle page. Presence is kept in memory, per instance.

use crate::demande::Answer;
use crate::domain::dossier::State;
use crate::domain::role::Function;
use crate::domain::sharing::{Kind, Reason};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How long the server holds a question before answering "no change".
pub const HOLD_MS: u64 = 1_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveState {
    pub revision: i64,
    /// The other people who have this dossier open now.
    pub present: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub id: i64,
    pub field: String,
    pub value: String,
    pub author: String,
    pub on: String,
}

/// A kind of her information this professional does not receive, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hidden {
    pub kind: Kind,
    pub reason: Reason,
}

/// Her demande as one professional of her équipe may read it: only the
/// answers the sharing rule lets through leave the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedDemandeView {
    pub dossier_id: i64,
    pub person_name: String,
    pub state: State,
    pub revision: i64,
    pub answers: Vec<Answer>,
    pub hidden: Vec<Hidden>,
    /// This professional's proposals still waiting for her answer.
    pub suggestions: Vec<Suggestion>,
}

impl SharedDemandeView {
    pub fn value(&self, field: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.field == field)
    }

    pub fn shows(&self, kind: Kind) -> bool {
        !self.hidden.iter().any(|h| h.kind == kind)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DossierSummary {
    pub dossier_id: i64,
    pub person_name: String,
    pub state: State,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryLine {
    pub field: String,
    pub value: String,
    pub author: String,
    pub by_owner: bool,
    pub function: Option<Function>,
    pub on: String,
}

/// The dossier's revision once it differs from `since` (or after
/// [`HOLD_MS`]), and who else has it open.
#[server(endpoint = "pulse")]
pub async fn pulse(dossier_id: i64, since: i64) -> Result<LiveState, AppError> {
    let (pool, caller, name) = ssr::present_caller(dossier_id).await?;
    let hub = crate::state::state()?.presence;
    let revision_now = || async {
        let (revision,): (i64,) =
            sqlx::query_as("SELECT revision FROM dossiers WHERE id = $1").bind(dossier_id).fetch_one(&pool).await?;
        Ok::<i64, AppError>(revision)
    };
    // Registered before reading, so a change in between is not missed.
    let wake = hub.waker(dossier_id);
    let woken = wake.notified();
    let mut revision = revision_now().await?;
    if revision == since {
        let _ = tokio::time::timeout(std::time::Duration::from_millis(HOLD_MS), woken).await;
        revision = revision_now().await?;
    }
    let present = hub.seen(dossier_id, caller, name, crate::state::now());
    Ok(LiveState { revision, present })
}

/// The dossiers whose équipe she belongs to.
#[server(endpoint = "my_dossiers")]
pub async fn my_dossiers() -> Result<Vec<DossierSummary>, AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head]).await?;
    ssr::dossiers_of_member(&crate::state::pool()?, caller.id).await
}

#[server(endpoint = "shared_demande")]
pub async fn shared_demande(dossier_id: i64) -> Result<SharedDemandeView, AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head]).await?;
    ssr::shared(&crate::state::pool()?, dossier_id, caller.id, "dossier").await
}

/// A professional proposes a wording for one answer; she decides.
#[server(endpoint = "suggest")]
pub async fn suggest(dossier_id: i64, field: String, value: String) -> Result<(), AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head]).await?;
    ssr::suggest(&crate::state::pool()?, dossier_id, caller.id, &field, &value).await?;
    Ok(())
}

/// She accepts a proposal (it becomes her answer, marked as written by the
/// professional) or refuses it (her answer stays as it is).
#[server(endpoint = "answer_suggestion")]
pub async fn answer_suggestion(id: i64, accept: String) -> Result<(), AppError> {
    let (pool, _caller, dossier) = crate::sharing::ssr::own_dossier().await?;
    ssr::answer(&pool, dossier, id, accept == "yes").await?;
    Ok(())
}

/// Every change of every answer: who, when, what.
#[server(endpoint = "my_history")]
pub async fn my_history() -> Result<Vec<HistoryLine>, AppError> {
    let (pool, caller, dossier) = crate::sharing::ssr::own_dossier().await?;
    ssr::history(&pool, dossier, caller.id).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{DossierSummary, Hidden, HistoryLine, SharedDemandeView, Suggestion};
    use crate::demande::ssr::PRIVATE_FIELDS;
    use crate::domain::dates::long_date_time;
    use crate::domain::demande::{STEPS, check_answer, question};
    use crate::domain::dossier::State;
    use crate::domain::role::{Function, Role};
    use crate::domain::sharing::{Item, Kind};
    use crate::error::{AppError, Field};
    use crate::sharing::ssr::{Access, record_access};
    use crate::state::now;
    use sqlx::AnyPool;
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    use tokio::sync::Notify;

    /// Who had which dossier open in the last seconds, and the pages
    /// waiting for its next change (this instance only).
    #[derive(Debug, Default)]
    pub struct Presence {
        seen: Mutex<HashMap<i64, HashMap<i64, (String, i64)>>>,
        wakers: Mutex<HashMap<i64, Arc<Notify>>>,
    }

    const PRESENT_FOR: i64 = 5;

    impl Presence {
        pub fn waker(&self, dossier: i64) -> Arc<Notify> {
            match self.wakers.lock() {
                Ok(mut all) => all.entry(dossier).or_default().clone(),
                // A poisoned lock only costs the instant wake-up.
                Err(_) => Arc::new(Notify::new()),
            }
        }

        /// Wakes the pages waiting on this dossier; forgets it if none.
        pub fn announce(&self, dossier: i64) {
            if let Ok(mut all) = self.wakers.lock() {
                if let Some(n) = all.remove(&dossier) {
                    n.notify_waiters();
                }
            }
        }

        /// Marks `who` present and returns the names of the others.
        pub fn seen(&self, dossier: i64, who: i64, name: String, now: i64) -> Vec<String> {
            let Ok(mut all) = self.seen.lock() else { return Vec::new() };
            let here = all.entry(dossier).or_default();
            here.insert(who, (name, now));
            here.retain(|_, (_, at)| now - *at <= PRESENT_FOR);
            let mut names: Vec<String> = here.iter().filter(|(id, _)| **id != who).map(|(_, (n, _))| n.clone()).collect();
            names.sort();
            names
        }
    }

    /// The item of the sharing rule for one answer of the demande.
    pub fn item_of(field: &str) -> Option<Item> {
        let (step, _) = question(field)?;
        Some(Item { kind: STEPS[step].kind, refused_topic: PRIVATE_FIELDS.contains(&field), third_party: false })
    }

    /// The caller, if she may follow this dossier live: its owner, a
    /// current member of its équipe, or the head reviewing it.
    pub async fn present_caller(dossier: i64) -> Result<(AnyPool, i64, String), AppError> {
        let caller = crate::auth::ssr::require(&[Role::Person, Role::Professional, Role::Head]).await?;
        let pool = crate::state::pool()?;
        let allowed = match caller.role {
            Role::Person => crate::demande::ssr::dossier_of(&pool, caller.id, caller.mds_id).await? == dossier,
            // The head follows live only a dossier she animates.
            _ => {
                Access::load(&pool, dossier, caller.id).await?.is_member(now())
                    || (caller.role == Role::Head && crate::sharing::ssr::animates(&pool, dossier, caller.id).await?)
            }
        };
        if !allowed {
            return Err(AppError::NotFound);
        }
        let (name,): (String,) =
            sqlx::query_as("SELECT display_name FROM accounts WHERE id = $1").bind(caller.id).fetch_one(&pool).await?;
        Ok((pool, caller.id, name))
    }

    pub async fn dossiers_of_member(pool: &AnyPool, staff: i64) -> Result<Vec<DossierSummary>, AppError> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT d.id, a.display_name, d.state FROM dossier_members m JOIN dossiers d ON d.id = m.dossier_id
             JOIN accounts a ON a.id = d.person_id
             WHERE m.staff_id = $1 AND m.until IS NULL ORDER BY a.display_name, d.id",
        )
        .bind(staff)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(dossier_id, person_name, state)| {
                Some(DossierSummary { dossier_id, person_name, state: State::parse(&state)? })
            })
            .collect())
    }

    /// Her demande for one professional: each answer through the rule, and
    /// what was sent recorded in her journal.
    pub async fn shared(pool: &AnyPool, dossier: i64, staff: i64, page: &str) -> Result<SharedDemandeView, AppError> {
        let t = now();
        let access = Access::load(pool, dossier, staff).await?;
        if !access.is_member(t) {
            // Same answer whether the dossier exists or not.
            return Err(AppError::NotFound);
        }
        let (person_name, state, revision): (String, String, i64) = sqlx::query_as(
            "SELECT a.display_name, d.state, d.revision FROM dossiers d JOIN accounts a ON a.id = d.person_id WHERE d.id = $1",
        )
        .bind(dossier)
        .fetch_one(pool)
        .await?;
        let all = crate::demande::ssr::answers(pool, dossier).await?;
        let mut answers = Vec::new();
        let mut sent: Vec<Kind> = Vec::new();
        for a in all {
            let Some(item) = item_of(&a.field) else { continue };
            if !access.decide(item, t).allowed {
                continue;
            }
            if !a.value.trim().is_empty() && !sent.contains(&item.kind) {
                sent.push(item.kind);
            }
            answers.push(a);
        }
        let hidden = Kind::ALL
            .into_iter()
            .filter_map(|kind| {
                let d = access.decide(Item::of_kind(kind), t);
                (!d.allowed).then_some(Hidden { kind, reason: d.reason })
            })
            .collect();
        sent.sort();
        record_access(pool, dossier, staff, &sent, page).await?;
        Ok(SharedDemandeView {
            dossier_id: dossier,
            person_name,
            state: State::parse(&state).ok_or(AppError::Internal)?,
            revision,
            answers,
            hidden,
            suggestions: pending(pool, dossier, Some(staff)).await?,
        })
    }

    pub async fn suggest(pool: &AnyPool, dossier: i64, staff: i64, field: &str, value: &str) -> Result<(), AppError> {
        let t = now();
        let access = Access::load(pool, dossier, staff).await?;
        if !access.is_member(t) {
            return Err(AppError::NotFound);
        }
        let item = item_of(field).ok_or(AppError::NotFound)?;
        // One may only reword what one may read.
        if !access.decide(item, t).allowed {
            return Err(AppError::Forbidden);
        }
        check_answer(value).map_err(AppError::invalid(Field::Answer))?;
        if value.trim().is_empty() {
            return Err(AppError::Invalid { field: Field::Answer, problem: crate::domain::credentials::InputError::Empty });
        }
        let mut tx = crate::state::begin_write(pool).await?;
        let (state,): (String,) =
            sqlx::query_as("SELECT state FROM dossiers WHERE id = $1").bind(dossier).fetch_one(&mut *tx).await?;
        if !State::parse(&state).is_some_and(State::editable) {
            return Err(AppError::Conflict);
        }
        sqlx::query("INSERT INTO suggestions (dossier_id, field, value, author_id, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(dossier)
            .bind(field)
            .bind(value)
            .bind(staff)
            .bind(t)
            .execute(&mut *tx)
            .await?;
        crate::sharing::ssr::commit_change(tx, dossier).await?;
        Ok(())
    }

    /// Pending proposals of a dossier (of one author when given).
    pub async fn pending(pool: &AnyPool, dossier: i64, author: Option<i64>) -> Result<Vec<Suggestion>, AppError> {
        // Another professional's proposals are not even read for this one.
        let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT s.id, s.field, s.value, a.display_name, s.at FROM suggestions s
             JOIN accounts a ON a.id = s.author_id
             WHERE s.dossier_id = $1 AND s.outcome IS NULL AND s.author_id = COALESCE($2, s.author_id) ORDER BY s.id",
        )
        .bind(dossier)
        .bind(author)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, field, value, author, at)| Suggestion { id, field, value, author, on: long_date_time(at) })
            .collect())
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
        crate::sharing::ssr::commit_change(tx, dossier).await?;
        Ok(())
    }

    pub async fn history(pool: &AnyPool, dossier: i64, owner: i64) -> Result<Vec<HistoryLine>, AppError> {
        let rows: Vec<(String, String, String, i64, Option<String>, i64)> = sqlx::query_as(
            "SELECT h.field, h.value, a.display_name, h.author_id, a.function, h.at FROM demande_history h
             JOIN accounts a ON a.id = h.author_id WHERE h.dossier_id = $1 ORDER BY h.at DESC, h.id DESC LIMIT 1000",
        )
        .bind(dossier)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(field, value, author, author_id, function, at)| HistoryLine {
                field,
                value,
                author,
                by_owner: author_id == owner,
                function: function.as_deref().and_then(Function::parse),
                on: long_date_time(at),
            })
            .collect())
    }
}
