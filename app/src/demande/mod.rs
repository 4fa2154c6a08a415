//! The demande: she writes it (saved at every change), reads it and sends
//! it herself; the head of her MDS validates it, refuses it or asks for
//! more. Every move goes through `domain::dossier::apply`.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::dossier::{Answer, DemandeView, Message, StepAnswers};

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
#[server(endpoint = "my_demande", output = crate::wire::Json)]
pub async fn my_demande() -> Result<DemandeView, AppError> {
    let (door, _) = ssr::own_door().await?;
    door.hers().await
}

/// One step of her own demande (`index` from 0), as its page keeps it up
/// to date.
#[server(endpoint = "my_step", output = crate::wire::Json)]
pub async fn my_step(index: usize) -> Result<StepAnswers, AppError> {
    let step = crate::domain::demande::STEPS.get(index).ok_or(AppError::BadRequest)?;
    let (door, _) = ssr::own_door().await?;
    Ok(door.hers().await?.step_answers(step))
}

/// Saves one answer. `version` is the one this screen started from: if the
/// text changed elsewhere since, nothing is overwritten.
#[server(endpoint = "save_answer", output = crate::wire::Json)]
pub async fn save_answer(field: String, value: String, version: i64) -> Result<i64, AppError> {
    let (door, caller) = ssr::own_door().await?;
    ssr::save(door.pool(), door.id(), caller.id, &field, &value, Some(version)).await
}

/// Saves the answers of one step and goes to the next (the form's own
/// button; the only way to save without JavaScript).
#[server(endpoint = "save_step", output = crate::wire::Json)]
pub async fn save_step(
    step: usize,
    fields: String,
    a0: Option<String>,
    a1: Option<String>,
    a2: Option<String>,
    a3: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::demande::STEPS;
    let (door, caller) = ssr::own_door().await?;
    let questions = STEPS.get(step).ok_or(AppError::NotFound)?.questions;
    // The form names its fields: a page built before the steps changed
    // (an update while it was open) must not file her words under another
    // question, where other people may see them.
    if fields != crate::domain::demande::field_list(questions) {
        return Err(AppError::Conflict);
    }
    for (q, value) in questions.iter().zip([a0, a1, a2, a3]) {
        if let Some(value) = value {
            ssr::save(door.pool(), door.id(), caller.id, q.field, &value, None).await?;
        }
    }
    leptos_axum::redirect(&format!("/demande/{}", step + 2));
    Ok(())
}

/// She sends it herself: nobody can send it for her.
#[server(endpoint = "send_demande", output = crate::wire::Json)]
pub async fn send_demande() -> Result<(), AppError> {
    use crate::domain::dossier::{Actor, Command};
    let (door, caller) = ssr::own_door().await?;
    ssr::transition(door.pool(), door.id(), caller.id, Actor::Owner, Command::Send, None, None).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The head's queue: demandes sent in her MDS, oldest first.
#[server(endpoint = "review_queue")]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    use crate::domain::access::Ask;
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Head]).await?;
    let mut listed = crate::dossier::ssr::listed(&crate::state::pool()?, &caller, Ask::Decide).await?;
    listed.sort_by_key(|l| (l.sent_at, l.dossier_id));
    let t = crate::state::now();
    Ok(listed
        .into_iter()
        .map(|l| {
            let sent_at = l.sent_at.unwrap_or(t);
            QueueItem {
                dossier_id: l.dossier_id,
                person_name: l.person_name,
                sent_on: crate::domain::dates::long_date(sent_at),
                waiting_days: (t - sent_at) / 86_400,
            }
        })
        .collect())
}

/// The demande as she sent it, for the head of her MDS while it waits for
/// her decision (the door journals the read).
#[server(endpoint = "review_demande")]
pub async fn review_demande(dossier_id: i64) -> Result<DemandeView, AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Head]).await?;
    let door = crate::dossier::ssr::Door::open(&crate::state::pool()?, &caller, dossier_id).await?;
    door.review().await
}

/// The heads of her MDS (responsable and adjoints), to name the animateur.
#[server(endpoint = "list_animateurs")]
pub async fn list_animateurs() -> Result<Vec<HeadOption>, AppError> {
    use crate::domain::role::Role;
    let caller = crate::auth::ssr::require(&[Role::Head]).await?;
    ssr::heads_of(&crate::state::pool()?, caller.mds_id).await
}

/// Validate, refuse with a reason, or ask for more: the message is for the
/// person (and the professional beside her), in plain words, in as many
/// paragraphs as needed.
#[server(endpoint = "decide_demande")]
pub async fn decide_demande(dossier_id: i64, decision: String, message: String, animateur: Option<i64>) -> Result<(), AppError> {
    use crate::domain::access::Ask;
    use crate::domain::credentials::{InputError, Text};
    use crate::domain::dossier::{Actor, Command};
    use crate::domain::role::Role;
    use crate::error::Field;
    let caller = crate::auth::ssr::require(&[Role::Head]).await?;
    let pool = crate::state::pool()?;
    let door = crate::dossier::ssr::Door::open(&pool, &caller, dossier_id).await?;
    door.require(Ask::Decide)?;
    let command = match decision.as_str() {
        "validate" => Command::Validate,
        "refuse" => Command::Refuse,
        "more_info" => Command::AskMoreInfo,
        _ => return Err(AppError::Invalid { field: Field::Decision, problem: InputError::UnknownChoice }),
    };
    let message = Text::parse_max(&message, 2_000).map_err(AppError::invalid(Field::Message))?;
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
    use crate::auth::ssr::Caller;
    use crate::domain::demande::{check_answer, question};
    use crate::domain::dossier::{Actor, Command, Refusal, State, apply};
    use crate::dossier::ssr::{Door, add_animateur, commit_change, keep_sent_version};
    use crate::error::{AppError, Field};
    use crate::state::now;
    use sqlx::AnyPool;

    /// The signed-in person at her own dossier.
    pub async fn own_door() -> Result<(Door, Caller), AppError> {
        let caller = crate::auth::ssr::require(&[crate::domain::role::Role::Person]).await?;
        let door = Door::own(&crate::state::pool()?, &caller).await?;
        Ok((door, caller))
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
        // "Suivant" posts the autosave's text with `\r\n`: the same text.
        let value = crate::domain::credentials::unix_lines(value);
        let value = value.as_str();
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
        commit_change(tx, dossier).await?;
        Ok(next)
    }

    /// Moves the demande through the state machine. Sending keeps the
    /// version sent (the head reads that one); validating makes the
    /// animateur a member of her équipe (she reads what the person shares
    /// with her, like any member).
    pub async fn transition(
        pool: &AnyPool,
        dossier: i64,
        actor_id: i64,
        actor: Actor,
        command: Command,
        message: Option<&str>,
        animateur: Option<i64>,
    ) -> Result<State, AppError> {
        let t = now();
        let mut tx = crate::state::begin_write(pool).await?;
        let (state,): (String,) =
            sqlx::query_as("SELECT state FROM dossiers WHERE id = $1").bind(dossier).fetch_one(&mut *tx).await?;
        let state = State::parse(&state).ok_or(AppError::Internal)?;
        let next = apply(state, actor, command).map_err(refused)?;
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
        if sending {
            keep_sent_version(&mut tx, dossier, t).await?;
        }
        if let Some(head) = animateur.filter(|_| next == State::Validated) {
            add_animateur(&mut tx, dossier, head, actor_id).await?;
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
        commit_change(tx, dossier).await?;
        Ok(next)
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
}
