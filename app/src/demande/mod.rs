//! The demande: she writes it (saved at every change), reads it and sends
//! it herself; the head of her MDS validates it, refuses it or asks for
//! more. Every move goes through `domain::dossier::apply`.

use crate::domain::dossier::State;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub field: String,
    pub value: String,
    pub version: i64,
    /// Who wrote the text now in place.
    pub author: String,
    /// Her own words (not a professional's proposal she accepted).
    pub by_owner: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub body: String,
    pub state: State,
    pub on: String,
    pub author: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemandeView {
    pub dossier_id: i64,
    pub person_name: String,
    pub state: State,
    pub answers: Vec<Answer>,
    pub messages: Vec<Message>,
    /// Moves at every change of the dossier (see `coedit`).
    pub revision: i64,
    /// Wordings proposed by her professionals, waiting for her (hers only).
    pub suggestions: Vec<crate::coedit::Suggestion>,
    /// Who animates her équipe, once the demande is validated.
    pub animateur: Option<String>,
    /// The caller is that animateur (she may record exceptions).
    pub i_animate: bool,
}

impl DemandeView {
    pub fn answer(&self, field: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.field == field)
    }

    /// The questions of a step she answered, with her words.
    pub fn answered(&self, step: &crate::domain::demande::Step) -> Vec<(&'static str, String)> {
        step.questions
            .iter()
            .filter_map(|q| self.answer(q.field).filter(|a| !a.value.trim().is_empty()).map(|a| (q.label, a.value.clone())))
            .collect()
    }
}

/// A head of the MDS who may animate an équipe.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeadOption {
    pub id: i64,
    pub name: String,
    pub rank: Option<crate::domain::role::HeadRank>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub dossier_id: i64,
    pub person_name: String,
    pub sent_on: String,
    pub waiting_days: i64,
}

/// Her own demande (opened on her first visit).
#[server(endpoint = "my_demande")]
pub async fn my_demande() -> Result<DemandeView, AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Person]).await?;
    let pool = crate::state::pool()?;
    let id = ssr::dossier_of(&pool, caller.id, caller.mds_id).await?;
    ssr::load(&pool, id, true, None).await
}

/// Saves one answer. `version` is the one this screen started from: if the
/// text changed elsewhere since, nothing is overwritten.
#[server(endpoint = "save_answer")]
pub async fn save_answer(field: String, value: String, version: i64) -> Result<i64, AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Person]).await?;
    let pool = crate::state::pool()?;
    let id = ssr::dossier_of(&pool, caller.id, caller.mds_id).await?;
    ssr::save(&pool, id, caller.id, &field, &value, Some(version)).await
}

/// Saves the answers of one step and goes to the next (the form's own
/// button; the only way to save without JavaScript).
#[server(endpoint = "save_step")]
pub async fn save_step(
    step: usize,
    a0: Option<String>,
    a1: Option<String>,
    a2: Option<String>,
    a3: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::demande::STEPS;
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Person]).await?;
    let pool = crate::state::pool()?;
    let id = ssr::dossier_of(&pool, caller.id, caller.mds_id).await?;
    let questions = STEPS.get(step).ok_or(AppError::NotFound)?.questions;
    for (q, value) in questions.iter().zip([a0, a1, a2, a3]) {
        if let Some(value) = value {
            ssr::save(&pool, id, caller.id, q.field, &value, None).await?;
        }
    }
    leptos_axum::redirect(&format!("/demande/{}", step + 2));
    Ok(())
}

/// She sends it herself: nobody can send it for her.
#[server(endpoint = "send_demande")]
pub async fn send_demande() -> Result<(), AppError> {
    use crate::domain::dossier::{Actor, Command};
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Person]).await?;
    let pool = crate::state::pool()?;
    let id = ssr::dossier_of(&pool, caller.id, caller.mds_id).await?;
    ssr::transition(&pool, id, caller.id, Actor::Owner, Command::Send, None, None).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The head's queue: demandes sent in her MDS, oldest first.
#[server(endpoint = "review_queue")]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Head]).await?;
    ssr::queue(&crate::state::pool()?, caller.mds_id.unwrap_or(-1)).await
}

#[server(endpoint = "review_demande")]
pub async fn review_demande(dossier_id: i64) -> Result<DemandeView, AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Head]).await?;
    let pool = crate::state::pool()?;
    ssr::require_reviewable(&pool, dossier_id, caller.mds_id).await?;
    ssr::load(&pool, dossier_id, false, Some(caller.id)).await
}

/// The heads of her MDS (responsable and adjoints), to name the animateur.
#[server(endpoint = "list_animateurs")]
pub async fn list_animateurs() -> Result<Vec<HeadOption>, AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Head]).await?;
    ssr::heads_of(&crate::state::pool()?, caller.mds_id).await
}

/// Validate, refuse with a reason, or ask for more: the message is for the
/// person (and the professional beside her), in plain words.
#[server(endpoint = "decide_demande")]
pub async fn decide_demande(dossier_id: i64, decision: String, message: String, animateur: Option<i64>) -> Result<(), AppError> {
    use crate::domain::credentials::{InputError, Line};
    use crate::domain::dossier::{Actor, Command};
    use crate::domain::role::Role;
    use crate::error::Field;
    let caller = crate::auth::ssr::require(&[Role::Head]).await?;
    let pool = crate::state::pool()?;
    ssr::require_reviewable(&pool, dossier_id, caller.mds_id).await?;
    let command = match decision.as_str() {
        "validate" => Command::Validate,
        "refuse" => Command::Refuse,
        "more_info" => Command::AskMoreInfo,
        _ => return Err(AppError::Invalid { field: Field::Decision, problem: InputError::UnknownChoice }),
    };
    let message = Line::parse_max(&message, 2_000).map_err(AppError::invalid(Field::Message))?;
    // Validation names who animates the équipe: a head of this MDS.
    let animateur = if command == Command::Validate {
        let heads = ssr::heads_of(&pool, caller.mds_id).await?;
        match animateur {
            Some(id) if heads.iter().any(|h| h.id == id) => Some(id),
            Some(_) => return Err(AppError::Invalid { field: Field::Animateur, problem: InputError::UnknownChoice }),
            None => return Err(AppError::Invalid { field: Field::Animateur, problem: InputError::Empty }),
        }
    } else {
        None
    };
    ssr::transition(&pool, dossier_id, caller.id, Actor::MdsHead, command, Some(message.as_str()), animateur).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{Answer, DemandeView, Message, QueueItem};
    use crate::domain::dates::long_date;
    use crate::domain::demande::{check_answer, question};
    use crate::domain::dossier::{Actor, Command, Refusal, State, apply};
    use crate::error::{AppError, Field};
    use crate::state::now;
    use sqlx::AnyPool;

    /// Topics she refuses to discuss: shown to nobody but her.
    pub const PRIVATE_FIELDS: &[&str] = &["refused_topics"];

    pub async fn dossier_of(pool: &AnyPool, person: i64, mds: Option<i64>) -> Result<i64, AppError> {
        dossier_in(&mut *pool.acquire().await?, person, mds).await
    }

    /// `dossier_of` on a connection the caller holds (in its transaction).
    pub async fn dossier_in(conn: &mut sqlx::AnyConnection, person: i64, mds: Option<i64>) -> Result<i64, AppError> {
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM dossiers WHERE person_id = $1").bind(person).fetch_optional(&mut *conn).await?;
        if let Some((id,)) = found {
            return Ok(id);
        }
        sqlx::query(
            "INSERT INTO dossiers (person_id, mds_id, state, created_at) VALUES ($1, $2, 'draft', $3)
             ON CONFLICT (person_id) DO NOTHING",
        )
        .bind(person)
        .bind(mds)
        .bind(now())
        .execute(&mut *conn)
        .await?;
        let (id,): (i64,) =
            sqlx::query_as("SELECT id FROM dossiers WHERE person_id = $1").bind(person).fetch_one(&mut *conn).await?;
        Ok(id)
    }

    async fn state_of(pool: &AnyPool, dossier: i64) -> Result<State, AppError> {
        let (state,): (String,) =
            sqlx::query_as("SELECT state FROM dossiers WHERE id = $1").bind(dossier).fetch_one(pool).await?;
        State::parse(&state).ok_or(AppError::Internal)
    }

    fn refused(r: Refusal) -> AppError {
        match r {
            Refusal::NotAllowed => AppError::Forbidden,
            Refusal::WrongState => AppError::Conflict,
        }
    }

    /// Saves an answer (and its history) if the demande may be edited.
    /// With `base`, refuses when the stored version moved on since.
    pub async fn save(
        pool: &AnyPool,
        dossier: i64,
        author: i64,
        field: &str,
        value: &str,
        base: Option<i64>,
    ) -> Result<i64, AppError> {
        if question(field).is_none() {
            return Err(AppError::NotFound);
        }
        check_answer(value).map_err(AppError::invalid(Field::Answer))?;
        let mut tx = crate::state::begin_write(pool).await?;
        let (state,): (String,) =
            sqlx::query_as("SELECT state FROM dossiers WHERE id = $1").bind(dossier).fetch_one(&mut *tx).await?;
        let state = State::parse(&state).ok_or(AppError::Internal)?;
        apply(state, Actor::Owner, Command::Edit).map_err(refused)?;
        let current: Option<(i64, String)> =
            sqlx::query_as("SELECT version, value FROM demande_answers WHERE dossier_id = $1 AND field = $2")
                .bind(dossier)
                .bind(field)
                .fetch_optional(&mut *tx)
                .await?;
        let (version, old) = current.unwrap_or((0, String::new()));
        if old == value {
            return Ok(version);
        }
        if base.is_some_and(|b| b != version) {
            return Err(AppError::Conflict);
        }
        let next = version + 1;
        let t = now();
        // The current answer, and the same change appended to the history.
        let statements = [
            "INSERT INTO demande_answers (dossier_id, field, value, version, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (dossier_id, field) DO UPDATE SET value = excluded.value, version = excluded.version,
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            "INSERT INTO demande_history (dossier_id, field, value, version, author_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
        ];
        for sql in statements {
            sqlx::query(sql).bind(dossier).bind(field).bind(value).bind(next).bind(author).bind(t).execute(&mut *tx).await?;
        }
        crate::sharing::ssr::commit_change(tx, dossier).await?;
        Ok(next)
    }

    pub async fn transition(
        pool: &AnyPool,
        dossier: i64,
        actor_id: i64,
        actor: Actor,
        command: Command,
        message: Option<&str>,
        animateur: Option<i64>,
    ) -> Result<State, AppError> {
        let state = state_of(pool, dossier).await?;
        let next = apply(state, actor, command).map_err(refused)?;
        let t = now();
        let mut tx = crate::state::begin_write(pool).await?;
        let sending = command == Command::Send;
        let changed = sqlx::query(
            "UPDATE dossiers SET state = $1, sent_at = COALESCE($2, sent_at),
                 decided_at = COALESCE($3, decided_at), decided_by = COALESCE($4, decided_by),
                 animateur_id = COALESCE($7, animateur_id)
             WHERE id = $5 AND state = $6",
        )
        .bind(next.as_str())
        .bind(sending.then_some(t))
        .bind((!sending).then_some(t))
        .bind((!sending).then_some(actor_id))
        .bind(dossier)
        .bind(state.as_str())
        .bind(animateur)
        .execute(&mut *tx)
        .await?;
        // Someone else moved it first: nothing is changed.
        if changed.rows_affected() != 1 {
            return Err(AppError::Conflict);
        }
        if let Some(body) = message {
            sqlx::query("INSERT INTO dossier_messages (dossier_id, author_id, state, body, at) VALUES ($1, $2, $3, $4, $5)")
                .bind(dossier)
                .bind(actor_id)
                .bind(next.as_str())
                .bind(body)
                .bind(t)
                .execute(&mut *tx)
                .await?;
        }
        crate::sharing::ssr::commit_change(tx, dossier).await?;
        Ok(next)
    }

    /// The head may read a demande of her MDS once it was sent to her.
    pub async fn require_reviewable(pool: &AnyPool, dossier: i64, mds: Option<i64>) -> Result<(), AppError> {
        let row: Option<(Option<i64>, String)> =
            sqlx::query_as("SELECT mds_id, state FROM dossiers WHERE id = $1").bind(dossier).fetch_optional(pool).await?;
        match row {
            Some((Some(m), state)) if Some(m) == mds && state != State::Draft.as_str() => Ok(()),
            // Same answer whether it exists or not.
            _ => Err(AppError::NotFound),
        }
    }

    pub async fn load(pool: &AnyPool, dossier: i64, owner: bool, viewer: Option<i64>) -> Result<DemandeView, AppError> {
        let (person_name, state, revision, animateur_id, animateur): (String, String, i64, Option<i64>, Option<String>) =
            sqlx::query_as(
                "SELECT a.display_name, d.state, d.revision, d.animateur_id, h.display_name FROM dossiers d
             JOIN accounts a ON a.id = d.person_id LEFT JOIN accounts h ON h.id = d.animateur_id WHERE d.id = $1",
            )
            .bind(dossier)
            .fetch_one(pool)
            .await?;
        let answers =
            answers(pool, dossier).await?.into_iter().filter(|a| owner || !PRIVATE_FIELDS.contains(&a.field.as_str())).collect();
        let msgs: Vec<(String, String, i64, String)> = sqlx::query_as(
            "SELECT m.body, m.state, m.at, a.display_name FROM dossier_messages m JOIN accounts a ON a.id = m.author_id
             WHERE m.dossier_id = $1 ORDER BY m.at DESC, m.id DESC",
        )
        .bind(dossier)
        .fetch_all(pool)
        .await?;
        let messages = msgs
            .into_iter()
            .filter_map(|(body, state, at, author)| {
                Some(Message { body, state: State::parse(&state)?, on: long_date(at), author })
            })
            .collect();
        let suggestions = if owner { crate::coedit::ssr::pending(pool, dossier, None).await? } else { Vec::new() };
        Ok(DemandeView {
            dossier_id: dossier,
            person_name,
            state: State::parse(&state).ok_or(AppError::Internal)?,
            answers,
            messages,
            revision,
            suggestions,
            animateur,
            i_animate: viewer.is_some() && viewer == animateur_id,
        })
    }

    pub async fn heads_of(pool: &AnyPool, mds: Option<i64>) -> Result<Vec<super::HeadOption>, AppError> {
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, display_name, head_rank FROM accounts WHERE role = 'head' AND mds_id = $1 ORDER BY head_rank DESC, display_name",
        )
        .bind(mds.unwrap_or(-1))
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, rank)| super::HeadOption {
                id,
                name,
                rank: rank.as_deref().and_then(crate::domain::role::HeadRank::parse),
            })
            .collect())
    }

    /// Every answer of the dossier, with its author. Callers filter.
    pub async fn answers(pool: &AnyPool, dossier: i64) -> Result<Vec<Answer>, AppError> {
        let rows: Vec<(String, String, i64, String, i64)> = sqlx::query_as(
            "SELECT x.field, x.value, x.version, a.display_name, CAST(CASE WHEN x.updated_by = d.person_id THEN 1 ELSE 0 END AS BIGINT)
             FROM demande_answers x JOIN accounts a ON a.id = x.updated_by JOIN dossiers d ON d.id = x.dossier_id
             WHERE x.dossier_id = $1",
        )
        .bind(dossier)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(field, value, version, author, mine)| Answer { field, value, version, author, by_owner: mine == 1 })
            .collect())
    }

    pub async fn queue(pool: &AnyPool, mds: i64) -> Result<Vec<QueueItem>, AppError> {
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT d.id, a.display_name, d.sent_at FROM dossiers d JOIN accounts a ON a.id = d.person_id
             WHERE d.mds_id = $1 AND d.state = 'sent' ORDER BY d.sent_at, d.id",
        )
        .bind(mds)
        .fetch_all(pool)
        .await?;
        let t = now();
        Ok(rows
            .into_iter()
            .map(|(dossier_id, person_name, sent_at)| QueueItem {
                dossier_id,
                person_name,
                sent_on: long_date(sent_at),
                waiting_days: (t - sent_at) / 86_400,
            })
            .collect())
    }
}
