//! Her livret de parcours (`docs/livret.md`): a version is written when
//! her équipe meeting closes; she reads it, listens to it, prints it, signs
//! it by typing her secret again, or refuses and says why. A professional
//! receives a copy (page or PDF) only if she agreed, and in it only the
//! life areas the sharing rule lets through for him. Her actions are
//! followed until the next meeting, with reminders.
//!
//! Every read of a version or of the follow-up goes through the door
//! (`dossier::ssr::Door`): `LivretCopy` for the copy itself, then
//! `release` item by item, which writes her journal. Rules are pure, in
//! `domain::livret`.

use crate::domain::livret::{ActionState, Contact, Livret};
use crate::domain::role::Function;
use crate::domain::sharing::Kind;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One version in the list of versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionLine {
    pub number: u32,
    pub on: String,
    pub signed_on: Option<String>,
    pub refused_on: Option<String>,
}

/// One action as it stands now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tracked {
    pub id: i64,
    pub kind: Kind,
    pub objective: String,
    pub what: String,
    pub who: String,
    pub who_is_her: bool,
    pub due: String,
    pub state: ActionState,
    pub reason: Option<String>,
    /// The caller may move it (hers, or his own action).
    pub may_update: bool,
}

/// A member of her équipe and whether she gives him a copy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CopyChoice {
    pub staff_id: i64,
    pub name: String,
    pub function: Option<Function>,
    pub granted: bool,
}

/// Her livret as the caller receives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LivretPage {
    pub dossier_id: i64,
    pub person_name: String,
    pub is_her: bool,
    pub versions: Vec<VersionLine>,
    /// The version shown (none before her first meeting closes).
    pub number: Option<u32>,
    /// The version's content; none if altered, or without her agreement.
    pub content: Option<Livret>,
    /// Its stored content no longer matches its SHA-256: never shown as signed.
    pub altered: bool,
    pub signed_on: Option<String>,
    pub refused_on: Option<String>,
    pub refusal: Option<String>,
    pub is_last: bool,
    /// What changed since the version before, in plain words.
    pub changes: Vec<String>,
    /// For a professional: she agreed that he receives a copy.
    pub has_copy: bool,
    /// For a professional: the life areas his copy leaves out.
    pub hidden: Vec<Kind>,
    /// Hers: who receives a copy.
    pub copies: Vec<CopyChoice>,
    /// Actions as they stand now (what the caller may read of them).
    pub tracked: Vec<Tracked>,
    /// Hers: the last meeting, and what she said of it, if anything.
    pub last_meeting: Option<i64>,
    pub debrief: Option<(i64, i64)>,
    /// Her référent now (none before her first meeting), his account.
    pub referent_id: Option<i64>,
    /// A change of référent waiting for a yes.
    pub referent_change: Option<ReferentChange>,
    /// Her référents, in order: "since when, who".
    pub referents: Vec<(String, String)>,
    /// Who may be asked to become her référent (current members).
    pub candidates: Vec<(i64, String)>,
    pub i_am_referent: bool,
    pub i_animate: bool,
    /// Her accompaniment closed: when, and why.
    pub closed: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferentChange {
    pub id: i64,
    pub to_name: String,
    pub her_yes: bool,
    pub his_yes: bool,
    /// The caller is the one proposed and has not said yes yet.
    pub for_me: bool,
}

/// What her home shows first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NextSteps {
    /// Her open actions, the nearest deadline first.
    pub actions: Vec<Tracked>,
    pub referent: Option<Contact>,
    pub review_on: Option<String>,
    pub reminders: Vec<String>,
    /// The last version, if she has not signed it or said no yet.
    pub to_sign: Option<u32>,
    pub has_livret: bool,
}

/// A reminder on a professional's home.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReminderLine {
    pub dossier_id: i64,
    pub person_name: String,
    pub text: String,
}

#[server(endpoint = "my_livret")]
pub async fn my_livret(number: Option<u32>) -> Result<LivretPage, AppError> {
    let (pool, caller) = ssr::person().await?;
    let door = crate::dossier::ssr::Door::own(&pool, &caller).await?;
    ssr::page(&door, number).await
}

#[server(endpoint = "livret_copy")]
pub async fn livret_copy(dossier_id: i64, number: Option<u32>) -> Result<LivretPage, AppError> {
    let (pool, caller) = crate::meeting::ssr::staff().await?;
    let door = crate::dossier::ssr::Door::open(&pool, &caller, dossier_id).await?;
    ssr::page(&door, number).await
}

#[server(endpoint = "sign_livret")]
pub async fn sign_livret(number: u32, secret: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::person().await?;
    let door = crate::dossier::ssr::Door::own(&pool, &caller).await?;
    ssr::sign(&door, number, secret).await
}

#[server(endpoint = "refuse_livret")]
pub async fn refuse_livret(number: u32, reason: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::person().await?;
    let door = crate::dossier::ssr::Door::own(&pool, &caller).await?;
    ssr::refuse(&door, number, &reason).await
}

#[server(endpoint = "set_livret_copy")]
pub async fn set_livret_copy(staff_id: i64, give: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::person().await?;
    let door = crate::dossier::ssr::Door::own(&pool, &caller).await?;
    ssr::set_copy(&door, staff_id, give == "yes").await
}

#[server(endpoint = "set_action_state")]
pub async fn set_action_state(action_id: i64, state: String, reason: String) -> Result<(), AppError> {
    let (pool, caller) = crate::meeting::ssr::anyone().await?;
    ssr::set_action_state(&pool, &caller, action_id, &state, &reason).await
}

#[server(endpoint = "record_debrief")]
pub async fn record_debrief(meeting_id: i64, confidence: String, understanding: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::person().await?;
    let door = crate::dossier::ssr::Door::own(&pool, &caller).await?;
    ssr::debrief(&door, meeting_id, &confidence, &understanding).await
}

/// She, or her référent, asks for another référent among her équipe.
#[server(endpoint = "ask_referent_change")]
pub async fn ask_referent_change(dossier_id: i64, staff_id: i64) -> Result<(), AppError> {
    let (pool, caller) = crate::meeting::ssr::anyone().await?;
    let door = crate::dossier::ssr::Door::open(&pool, &caller, dossier_id).await?;
    ssr::ask_referent_change(&door, staff_id).await
}

/// Her yes to a change her référent asked, or the new référent's own yes.
#[server(endpoint = "answer_referent_change")]
pub async fn answer_referent_change(change_id: i64) -> Result<(), AppError> {
    let (pool, caller) = crate::meeting::ssr::anyone().await?;
    ssr::answer_referent_change(&pool, &caller, change_id).await
}

/// The animateur closes her accompaniment, with a reason she reads.
#[server(endpoint = "close_accompaniment")]
pub async fn close_accompaniment(dossier_id: i64, reason: String) -> Result<(), AppError> {
    let (pool, caller) = crate::meeting::ssr::staff().await?;
    let door = crate::dossier::ssr::Door::open(&pool, &caller, dossier_id).await?;
    ssr::close_accompaniment(&door, &reason).await
}

#[server(endpoint = "my_next_steps")]
pub async fn my_next_steps() -> Result<NextSteps, AppError> {
    let (pool, caller) = ssr::person().await?;
    let door = crate::dossier::ssr::Door::own(&pool, &caller).await?;
    ssr::next_steps(&door).await
}

#[server(endpoint = "my_reminders")]
pub async fn my_reminders() -> Result<Vec<ReminderLine>, AppError> {
    let (pool, caller) = crate::meeting::ssr::staff().await?;
    ssr::staff_reminders(&pool, &caller).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{CopyChoice, LivretPage, NextSteps, ReferentChange, ReminderLine, Tracked, VersionLine};
    use crate::auth::ssr::{Caller, not_empty, throttle, verify_any};
    use crate::domain::access::{Ask, Why};
    use crate::domain::credentials::{InputError, Text};
    use crate::domain::dates::{long_date, long_date_time};
    use crate::domain::demande::question;
    use crate::domain::livret::{
        self as rules, Action, ActionState, Area, Bilan, Contact, Livret, LivretError, Noted, Objective, may_sign,
    };
    use crate::domain::meeting::written_out;
    use crate::domain::role::{Function, Role};
    use crate::domain::sharing::{Item, Kind};
    use crate::dossier::Exit;
    use crate::dossier::ssr::{Door, Known, Row, answers_for_livret, commit_change, lock};
    use crate::error::{AppError, Field};
    use crate::mail::{self, Mail};
    use crate::meeting::ssr::members;
    use crate::state::{begin_write, now};
    use crate::text::{fill, person as t, pro as tp};
    use sha2::{Digest, Sha256};
    use sqlx::{AnyConnection, AnyPool};

    const MAX_REASON: usize = 1_000;

    pub async fn person() -> Result<(AnyPool, Caller), AppError> {
        let caller = crate::auth::ssr::require(&[Role::Person]).await?;
        Ok((crate::state::pool()?, caller))
    }

    fn invalid(field: Field, e: LivretError) -> AppError {
        AppError::Invalid { field, problem: InputError::Livret(e) }
    }

    pub fn sha256_hex(content: &str) -> String {
        Sha256::digest(content.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    // --- versions as stored --------------------------------------------------

    /// A version as stored: its content is trusted only if it still
    /// matches its SHA-256 (`content` is `None` otherwise).
    pub struct Stored {
        pub id: i64,
        pub number: u32,
        pub meeting: i64,
        pub content: Option<Livret>,
        pub created_at: i64,
        pub signed_at: Option<i64>,
        pub refused_at: Option<i64>,
        pub refusal: Option<String>,
    }

    type StoredColumns = (i64, i64, i64, String, String, i64, Option<i64>, Option<i64>, Option<String>);

    pub async fn versions(conn: &mut AnyConnection, dossier: i64) -> Result<Vec<Stored>, AppError> {
        let rows: Vec<StoredColumns> = sqlx::query_as(
            "SELECT id, number, meeting_id, content, sha256, created_at, signed_at, refused_at, refusal
             FROM livret_versions WHERE dossier_id = $1 ORDER BY number",
        )
        .bind(dossier)
        .fetch_all(conn)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, number, meeting, content, sha, created_at, signed_at, refused_at, refusal)| {
                let intact = sha256_hex(&content) == sha;
                Stored {
                    id,
                    number: u32::try_from(number).unwrap_or(0),
                    meeting,
                    content: if intact { Livret::from_canonical(&content).filter(|l| l.number as i64 == number) } else { None },
                    created_at,
                    signed_at,
                    refused_at,
                    refusal,
                }
            })
            .collect())
    }

    // --- writing a version (when her meeting closes) ---------------------------

    /// An objective alive at a meeting: written at it or before, and not
    /// ended by a bilan at an earlier meeting; with its bilan at this one.
    pub struct Alive {
        pub id: i64,
        pub meeting: i64,
        pub kind: Kind,
        pub body: String,
        pub author: String,
        pub bilan: Option<Bilan>,
    }

    pub async fn objectives_at(conn: &mut AnyConnection, dossier: i64, meeting: i64) -> Result<Vec<Alive>, AppError> {
        let rows: Vec<(i64, i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT o.id, o.meeting_id, o.kind, o.body, a.display_name, b.bilan FROM objectives o
             JOIN meetings m ON m.id = o.meeting_id JOIN accounts a ON a.id = o.author_id
             LEFT JOIN objective_bilans b ON b.objective_id = o.id AND b.meeting_id = $2
             WHERE m.dossier_id = $1 AND o.meeting_id <= $2 AND NOT EXISTS (
                 SELECT 1 FROM objective_bilans e WHERE e.objective_id = o.id AND e.meeting_id < $2
                   AND e.bilan IN ('reached', 'dropped'))
             ORDER BY o.id",
        )
        .bind(dossier)
        .bind(meeting)
        .fetch_all(conn)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, meeting, kind, body, author, bilan)| {
                Some(Alive {
                    id,
                    meeting,
                    kind: Kind::parse(&kind)?,
                    body,
                    author,
                    bilan: bilan.as_deref().and_then(Bilan::parse),
                })
            })
            .collect())
    }

    /// id, objective, what, who, who's name, due, means, state, why dropped, the meeting that wrote it
    type ActionColumns = (i64, i64, String, i64, String, i64, String, String, Option<String>, i64);
    /// name, function, institution, e-mail
    type ContactColumns = (String, Option<String>, Option<String>, Option<String>);

    /// An action of her dossier as it stands, with what the livret does not
    /// hold of it.
    pub struct ActionRow {
        pub objective: i64,
        pub action: Action,
        pub due_at: i64,
        /// Why it was dropped, if it was.
        pub reason: Option<String>,
        /// The meeting that wrote it.
        pub meeting: i64,
    }

    /// The actions of her dossier, as they stand.
    pub async fn actions_of(conn: &mut AnyConnection, dossier: i64, her: i64) -> Result<Vec<ActionRow>, AppError> {
        let rows: Vec<ActionColumns> = sqlx::query_as(
            "SELECT x.id, x.objective_id, x.what, x.who_id, a.display_name, x.due_at, x.means, x.state,
                    x.state_reason, COALESCE(x.meeting_id, o.meeting_id) FROM actions x
             JOIN accounts a ON a.id = x.who_id JOIN objectives o ON o.id = x.objective_id
             JOIN meetings m ON m.id = o.meeting_id WHERE m.dossier_id = $1 ORDER BY x.id",
        )
        .bind(dossier)
        .fetch_all(conn)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, objective, what, who_id, who, due_at, means, state, reason, meeting)| {
                let action = Action {
                    id,
                    what,
                    who_id,
                    who,
                    who_is_her: who_id == her,
                    due: long_date(due_at),
                    means,
                    state: ActionState::parse(&state).unwrap_or(ActionState::Todo),
                };
                ActionRow { objective, action, due_at, reason, meeting }
            })
            .collect())
    }

    async fn contact(conn: &mut AnyConnection, id: i64) -> Result<Option<Contact>, AppError> {
        let row: Option<ContactColumns> =
            sqlx::query_as("SELECT display_name, function, institution, email FROM accounts WHERE id = $1")
                .bind(id)
                .fetch_optional(conn)
                .await?;
        Ok(row.map(|(name, function, institution, email)| Contact {
            id,
            name,
            function: function.as_deref().and_then(Function::parse),
            institution,
            email,
        }))
    }

    /// The objectives of before that were discussed at this meeting (their
    /// area open) and have no bilan yet.
    pub async fn missing_bilans(conn: &mut AnyConnection, dossier: i64, meeting: i64) -> Result<Vec<i64>, AppError> {
        let open: Vec<(String,)> = sqlx::query_as("SELECT kind FROM meeting_topics WHERE meeting_id = $1 AND open = 1")
            .bind(meeting)
            .fetch_all(&mut *conn)
            .await?;
        Ok(objectives_at(conn, dossier, meeting)
            .await?
            .into_iter()
            .filter(|o| o.meeting < meeting && o.bilan.is_none() && open.iter().any(|(k,)| k == o.kind.as_str()))
            .map(|o| o.id)
            .collect())
    }

    /// Writes the version of her livret for this meeting, in the
    /// transaction that closes it: her demande, what was noted, the
    /// objectives alive with their actions, her référent, the review date,
    /// her équipe, the charter and the notice. Returns its number.
    pub async fn write_version(conn: &mut AnyConnection, row: &Row, meeting: i64) -> Result<u32, AppError> {
        let t = now();
        let (last,): (Option<i64>,) = sqlx::query_as("SELECT MAX(number) FROM livret_versions WHERE dossier_id = $1")
            .bind(row.id)
            .fetch_one(&mut *conn)
            .await?;
        let number = u32::try_from(last.unwrap_or(0) + 1).map_err(|_| AppError::Internal)?;
        let (chosen, started, review): (Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT s.at, m.started_at, m.review_at FROM meetings m
             LEFT JOIN meeting_slots s ON s.meeting_id = m.id AND s.slot = m.chosen_slot WHERE m.id = $1",
        )
        .bind(meeting)
        .fetch_one(&mut *conn)
        .await?;
        let mut demande: Vec<Area> = Vec::new();
        for (field, value) in answers_for_livret(conn, row.id).await? {
            let (Some(item), Some((_, q))) = (crate::dossier::ssr::item_of(&field), question(&field)) else { continue };
            match demande.iter_mut().find(|a| a.kind == item.kind) {
                Some(a) => a.answers.push((q.label.to_owned(), value)),
                None => demande.push(Area { kind: item.kind, answers: vec![(q.label.to_owned(), value)] }),
            }
        }
        demande.sort_by_key(|a| Kind::ALL.iter().position(|k| *k == a.kind));
        let notes: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT n.kind, n.what, n.body FROM meeting_notes n JOIN meetings m ON m.id = n.meeting_id
             WHERE m.dossier_id = $1 AND n.meeting_id <= $2 AND n.what IN ('strength', 'need') ORDER BY n.id",
        )
        .bind(row.id)
        .bind(meeting)
        .fetch_all(&mut *conn)
        .await?;
        let noted = |what: &str| -> Vec<Noted> {
            notes
                .iter()
                .filter(|(_, w, _)| w == what)
                .filter_map(|(k, _, body)| Some(Noted { kind: Kind::parse(k)?, body: body.clone() }))
                .collect()
        };
        let alive = objectives_at(conn, row.id, meeting).await?;
        let actions = actions_of(conn, row.id, row.owner).await?;
        let objectives = alive
            .into_iter()
            .map(|o| Objective {
                id: o.id,
                kind: o.kind,
                body: o.body,
                bilan: o.bilan,
                actions: actions.iter().filter(|r| r.objective == o.id).map(|r| r.action.clone()).collect(),
            })
            .collect();
        let (referent,): (Option<i64>,) =
            sqlx::query_as("SELECT referent_id FROM dossiers WHERE id = $1").bind(row.id).fetch_one(&mut *conn).await?;
        let referent = match referent {
            Some(id) => contact(conn, id).await?,
            None => None,
        };
        let mut team = Vec::new();
        for (id, ..) in members(conn, row.id, t).await? {
            team.extend(contact(conn, id).await?);
        }
        let livret = Livret {
            number,
            person: row.person_name.clone(),
            meeting_on: written_out(chosen.or(started).unwrap_or(t)),
            demande,
            strengths: noted("strength"),
            needs: noted("need"),
            objectives,
            referent,
            review_on: review.map(written_out),
            team,
            charter: t::CHARTER.iter().map(|s| (*s).to_owned()).collect(),
            notice: t::DATA_NOTICE.iter().map(|s| (*s).to_owned()).collect(),
        };
        let content = livret.canonical();
        sqlx::query(
            "INSERT INTO livret_versions (dossier_id, meeting_id, number, content, sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(row.id)
        .bind(meeting)
        .bind(i64::from(number))
        .bind(&content)
        .bind(sha256_hex(&content))
        .bind(t)
        .execute(&mut *conn)
        .await?;
        Ok(number)
    }

    // --- reading -------------------------------------------------------------

    /// Her latest agreement for this professional to receive a copy.
    async fn agreed(conn: &mut AnyConnection, dossier: i64, staff: i64) -> Result<bool, AppError> {
        let row: Option<(i64,)> =
            // Only since his current membership began: removed and added
            // again, he starts without her copy.
            sqlx::query_as(
                "SELECT c.granted FROM livret_copies c
                 JOIN dossier_members m ON m.dossier_id = c.dossier_id AND m.staff_id = c.staff_id
                 WHERE c.dossier_id = $1 AND c.staff_id = $2 AND c.at >= m.since ORDER BY c.id DESC LIMIT 1",
            )
                .bind(dossier)
                .bind(staff)
                .fetch_optional(conn)
                .await?;
        Ok(row.is_some_and(|(g,)| g == 1))
    }

    fn is_her(door: &Door) -> bool {
        door.known().asker.id == door.row().owner
    }

    /// Whether the caller receives a copy of her livret: she always; a
    /// member only with her agreement; anyone else is refused.
    pub async fn may_copy(door: &Door) -> Result<bool, AppError> {
        if is_her(door) {
            door.require(Ask::Manage)?;
            return Ok(true);
        }
        door.require(Ask::Follow)?;
        let agreed = agreed(&mut *door.pool().acquire().await?, door.id(), door.known().asker.id).await?;
        Ok(door.decide(Ask::LivretCopy { agreed }).allowed)
    }

    /// The caller's copy of one version, once [`may_copy`] said yes: hers
    /// whole; a member's only the areas he may read (journaled under
    /// `exit`), with the areas left out.
    async fn copy_of(door: &Door, content: &Livret, exit: Exit) -> Result<(Livret, Vec<Kind>), AppError> {
        if is_her(door) {
            return Ok((content.clone(), Vec::new()));
        }
        let allowed = door.release(content.kinds().into_iter().map(|k| (k, k)).collect(), exit).await?;
        let hidden =
            Kind::ALL.into_iter().filter(|k| !door.decide(crate::domain::access::Ask::Read(Item::of_kind(*k))).allowed).collect();
        Ok((content.filtered(|k| allowed.contains(&k)), hidden))
    }

    pub async fn page(door: &Door, number: Option<u32>) -> Result<LivretPage, AppError> {
        let her = is_her(door);
        if her {
            door.require(crate::domain::access::Ask::Manage)?;
        } else {
            door.require(crate::domain::access::Ask::Follow)?;
        }
        // Read without holding a connection: what the door releases is
        // journaled with a connection of its own (tests/pool.rs).
        let all = versions(&mut *door.pool().acquire().await?, door.id()).await?;
        let last = all.last().map(|v| v.number);
        let shown_n = number.or(last);
        let shown = shown_n.and_then(|n| all.iter().find(|v| v.number == n));
        if number.is_some() && shown.is_none() {
            return Err(AppError::NotFound);
        }
        let mut page = LivretPage {
            dossier_id: door.id(),
            person_name: door.row().person_name.clone(),
            is_her: her,
            versions: all
                .iter()
                .map(|v| VersionLine {
                    number: v.number,
                    on: long_date(v.created_at),
                    // An altered version is never listed as signed.
                    signed_on: v.content.as_ref().and(v.signed_at).map(long_date_time),
                    refused_on: v.content.as_ref().and(v.refused_at).map(long_date_time),
                })
                .collect(),
            number: shown.map(|v| v.number),
            content: None,
            altered: shown.is_some_and(|v| v.content.is_none()),
            signed_on: None,
            refused_on: None,
            refusal: None,
            is_last: shown.is_some() && shown.map(|v| v.number) == last,
            changes: Vec::new(),
            has_copy: her,
            hidden: Vec::new(),
            copies: Vec::new(),
            tracked: Vec::new(),
            last_meeting: None,
            debrief: None,
            referent_id: None,
            referent_change: None,
            referents: Vec::new(),
            candidates: Vec::new(),
            i_am_referent: false,
            i_animate: door.decide(Ask::Animate).allowed,
            closed: None,
        };
        if let Some(v) = shown
            && let Some(content) = &v.content
        {
            // Never shown as signed if it was altered: `content` is None then.
            page.signed_on = v.signed_at.map(long_date_time);
            page.refused_on = v.refused_at.map(long_date_time);
            page.refusal = if her { v.refusal.clone() } else { None };
            if may_copy(door).await? {
                let (copy, hidden) = copy_of(door, content, Exit::Livret).await?;
                let before = all.iter().rev().find(|p| p.number < v.number).and_then(|p| p.content.as_ref());
                // Compared with what he could read of the version before too.
                let before = before.map(|b| b.filtered(|k| !hidden.contains(&k)));
                page.changes = rules::changes(before.as_ref(), &copy);
                page.content = Some(copy);
                page.hidden = hidden;
                page.has_copy = true;
            }
        }
        if !page.has_copy {
            // Without a copy: not even the list of versions and their dates.
            page.versions.clear();
            page.number = None;
            page.altered = false;
            page.is_last = false;
        }
        let last_closed = last_closed(&mut *door.pool().acquire().await?, door.id()).await?;
        page.tracked = tracked(door, last_closed.map(|(id, _)| id)).await?;
        let mut conn = door.pool().acquire().await?;
        referents(door, &mut conn, &mut page).await?;
        if !her && !page.i_animate {
            // Why it ended is hers (and the animateur's, who wrote it).
            page.closed = page.closed.take().map(|(on, _)| (on, String::new()));
        }
        if her {
            page.copies = copies(&mut conn, door).await?;
            page.last_meeting = last_closed.map(|(id, _)| id);
            if let Some(m) = page.last_meeting {
                let d: Option<(i64, i64)> =
                    sqlx::query_as("SELECT confidence, understanding FROM meeting_debriefs WHERE meeting_id = $1")
                        .bind(m)
                        .fetch_optional(&mut *conn)
                        .await?;
                page.debrief = d;
            }
        }
        Ok(page)
    }

    /// Her last closed meeting: its id and the review date it set.
    async fn last_closed(conn: &mut AnyConnection, dossier: i64) -> Result<Option<(i64, Option<i64>)>, AppError> {
        Ok(sqlx::query_as(
            "SELECT id, review_at FROM meetings WHERE dossier_id = $1 AND stage = 'closed' ORDER BY id DESC LIMIT 1",
        )
        .bind(dossier)
        .fetch_optional(conn)
        .await?)
    }

    /// Every action alive after her last closed meeting, as it stands, that
    /// the caller may read: hers all; a member's through the door
    /// (journaled as a livret read).
    /// Reads with connections it gives back before the door journals.
    async fn tracked(door: &Door, last_closed: Option<i64>) -> Result<Vec<Tracked>, AppError> {
        let her = door.row().owner;
        let Some(meeting) = last_closed else {
            return Ok(Vec::new());
        };
        let alive = objectives_at(&mut *door.pool().acquire().await?, door.id(), meeting).await?;
        let me = door.known().asker.id;
        let mut items = Vec::new();
        let actions = actions_of(&mut *door.pool().acquire().await?, door.id(), her).await?;
        for ActionRow { objective, action: a, due_at, reason, meeting: written_at } in actions {
            // Added at a meeting still running: not in her livret yet.
            if written_at > meeting {
                continue;
            }
            let Some(o) = alive.iter().find(|o| o.id == objective && !o.bilan.is_some_and(Bilan::ends)) else { continue };
            let may_update = door
                .decide(crate::domain::access::Ask::UpdateAction { item: Item::of_kind(o.kind), responsible: a.who_id == me })
                .allowed;
            items.push((
                o.kind,
                (
                    due_at,
                    Tracked {
                        id: a.id,
                        kind: o.kind,
                        objective: o.body.clone(),
                        what: a.what,
                        who: a.who,
                        who_is_her: a.who_is_her,
                        due: a.due,
                        state: a.state,
                        reason,
                        may_update,
                    },
                ),
            ));
        }
        let mut out =
            if is_her(door) { items.into_iter().map(|(_, x)| x).collect() } else { door.release(items, Exit::Livret).await? };
        out.sort_by_key(|(due, x)| (!x.state.open(), *due, x.id));
        Ok(out.into_iter().map(|(_, x)| x).collect())
    }

    async fn copies(conn: &mut AnyConnection, door: &Door) -> Result<Vec<CopyChoice>, AppError> {
        let mut out = Vec::new();
        for (staff_id, name, function) in members(conn, door.id(), now()).await? {
            let granted = agreed(conn, door.id(), staff_id).await?;
            out.push(CopyChoice { staff_id, name, function, granted });
        }
        Ok(out)
    }

    // --- her decisions -------------------------------------------------------

    /// She signs the last version by typing her secret again: a wrong
    /// secret counts as a failed sign-in (same counter, same lock).
    pub async fn sign(door: &Door, number: u32, secret: String) -> Result<(), AppError> {
        door.require(crate::domain::access::Ask::Manage)?;
        not_empty(&secret, Field::Secret)?;
        let pool = door.pool();
        let (identifier, hash): (Option<String>, Option<String>) =
            sqlx::query_as("SELECT identifier, secret_hash FROM accounts WHERE id = $1")
                .bind(door.row().owner)
                .fetch_one(pool)
                .await?;
        let key = format!("person:{}", identifier.unwrap_or_default());
        let t = now();
        throttle::check(pool, &key, t).await?;
        if !verify_any(hash.into_iter().collect(), secret).await {
            // Beside her secret, in words about her secret only (she typed no identifier).
            return Err(match throttle::failed(pool, &key, t).await? {
                AppError::WrongCredentials => invalid(Field::Secret, LivretError::WrongSecret),
                other => other,
            });
        }
        throttle::clear(pool, &key).await?;
        decide(door, number, None).await
    }

    /// She refuses to sign, and says why (she may still sign later).
    pub async fn refuse(door: &Door, number: u32, reason: &str) -> Result<(), AppError> {
        door.require(crate::domain::access::Ask::Manage)?;
        let reason = Text::parse_max(reason, MAX_REASON).map_err(AppError::invalid(Field::Reason))?;
        decide(door, number, Some(reason.as_str())).await
    }

    /// Signs (`refusal` None) or refuses the version, in a transaction that
    /// holds her dossier and checks the version is the last, unsigned and
    /// intact.
    async fn decide(door: &Door, number: u32, refusal: Option<&str>) -> Result<(), AppError> {
        let mut tx = begin_write(door.pool()).await?;
        lock(&mut tx, door.id()).await?;
        door.require_held(&mut tx, &[crate::domain::access::Ask::Manage]).await?;
        let all = versions(&mut tx, door.id()).await?;
        let last = all.last().map(|v| v.number).ok_or(AppError::NotFound)?;
        let v = all.iter().find(|v| v.number == number).ok_or(AppError::NotFound)?;
        may_sign(number, last, v.signed_at.is_some(), v.content.is_some()).map_err(|e| invalid(Field::Livret, e))?;
        let t = now();
        let done = match refusal {
            None => {
                sqlx::query("UPDATE livret_versions SET signed_at = $1 WHERE id = $2 AND signed_at IS NULL")
                    .bind(t)
                    .bind(v.id)
                    .execute(&mut *tx)
                    .await?
            }
            Some(reason) => {
                sqlx::query("UPDATE livret_versions SET refused_at = $1, refusal = $2 WHERE id = $3 AND signed_at IS NULL")
                    .bind(t)
                    .bind(reason)
                    .bind(v.id)
                    .execute(&mut *tx)
                    .await?
            }
        };
        if done.rows_affected() != 1 {
            return Err(invalid(Field::Livret, LivretError::AlreadySigned));
        }
        commit_change(tx, door.id()).await?;
        Ok(())
    }

    /// She gives a member of her équipe a copy of her livret, or takes it back.
    pub async fn set_copy(door: &Door, staff: i64, give: bool) -> Result<(), AppError> {
        door.require(crate::domain::access::Ask::Manage)?;
        let mut tx = begin_write(door.pool()).await?;
        lock(&mut tx, door.id()).await?;
        let known = Known::load(&mut tx, door.row(), staff).await.map_err(|_| bad_staff())?;
        if !known.is_member(now()) {
            return Err(bad_staff());
        }
        sqlx::query("INSERT INTO livret_copies (dossier_id, staff_id, granted, at) VALUES ($1, $2, $3, $4)")
            .bind(door.id())
            .bind(staff)
            .bind(i64::from(give))
            .bind(now())
            .execute(&mut *tx)
            .await?;
        commit_change(tx, door.id()).await?;
        Ok(())
    }

    fn bad_staff() -> AppError {
        AppError::Invalid { field: Field::Staff, problem: InputError::UnknownChoice }
    }

    /// She, or the professional responsible for it, moves an action.
    pub async fn set_action_state(pool: &AnyPool, caller: &Caller, action: i64, raw: &str, reason: &str) -> Result<(), AppError> {
        let state =
            ActionState::parse(raw).ok_or(AppError::Invalid { field: Field::State, problem: InputError::UnknownChoice })?;
        let reason = if state == ActionState::Dropped {
            if reason.trim().is_empty() {
                return Err(invalid(Field::Reason, LivretError::ReasonNeeded));
            }
            Some(Text::parse_max(reason, MAX_REASON).map_err(AppError::invalid(Field::Reason))?.as_str().to_owned())
        } else {
            None
        };
        let found: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT m.dossier_id, x.who_id, o.kind FROM actions x JOIN objectives o ON o.id = x.objective_id
             JOIN meetings m ON m.id = COALESCE(x.meeting_id, o.meeting_id) WHERE x.id = $1 AND m.stage = 'closed'",
        )
        .bind(action)
        .fetch_optional(pool)
        .await?;
        let (dossier, who, kind) = found.ok_or(AppError::NotFound)?;
        let kind = Kind::parse(&kind).ok_or(AppError::Internal)?;
        let door = Door::open(pool, caller, dossier).await?;
        let ask = crate::domain::access::Ask::UpdateAction { item: Item::of_kind(kind), responsible: who == caller.id };
        let d = door.decide(ask);
        if !d.allowed {
            // A member of her équipe is told why; anyone else learns nothing.
            return Err(if d.why == crate::domain::access::Why::NotYourAction {
                invalid(Field::State, LivretError::NotYourAction)
            } else {
                AppError::NotFound
            });
        }
        let mut tx = begin_write(pool).await?;
        lock(&mut tx, dossier).await?;
        door.require_held(&mut tx, &[ask]).await?;
        refuse_if_closed(&mut tx, dossier).await?;
        let t = now();
        sqlx::query("UPDATE actions SET state = $1, state_reason = $2, state_at = $3 WHERE id = $4")
            .bind(state.as_str())
            .bind(&reason)
            .bind(t)
            .bind(action)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO action_updates (action_id, state, reason, by_id, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(action)
            .bind(state.as_str())
            .bind(&reason)
            .bind(caller.id)
            .bind(t)
            .execute(&mut *tx)
            .await?;
        commit_change(tx, dossier).await?;
        Ok(())
    }

    /// What she says of her last meeting: how confident, how well understood.
    pub async fn debrief(door: &Door, meeting: i64, confidence: &str, understanding: &str) -> Result<(), AppError> {
        door.require(crate::domain::access::Ask::Manage)?;
        let scale = |raw: &str| {
            rules::parse_scale(raw).ok_or(AppError::Invalid { field: Field::Scale, problem: InputError::UnknownChoice })
        };
        let (c, u) = (scale(confidence)?, scale(understanding)?);
        let mut tx = begin_write(door.pool()).await?;
        lock(&mut tx, door.id()).await?;
        let ok: Option<(i64,)> = sqlx::query_as("SELECT id FROM meetings WHERE id = $1 AND dossier_id = $2 AND stage = 'closed'")
            .bind(meeting)
            .bind(door.id())
            .fetch_optional(&mut *tx)
            .await?;
        if ok.is_none() {
            return Err(AppError::NotFound);
        }
        sqlx::query(
            "INSERT INTO meeting_debriefs (meeting_id, confidence, understanding, by_id, at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (meeting_id) DO UPDATE SET confidence = excluded.confidence,
               understanding = excluded.understanding, by_id = excluded.by_id, at = excluded.at",
        )
        .bind(meeting)
        .bind(c)
        .bind(u)
        .bind(door.known().asker.id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        commit_change(tx, door.id()).await?;
        Ok(())
    }

    // --- her référent, and the end of her accompaniment -------------------------

    /// Her référent now, the change waiting, who could be asked, and the
    /// end of her accompaniment.
    async fn referents(door: &Door, conn: &mut AnyConnection, page: &mut LivretPage) -> Result<(), AppError> {
        let me = door.known().asker.id;
        let (referent, closed_at, closed_reason): (Option<i64>, Option<i64>, Option<String>) =
            sqlx::query_as("SELECT referent_id, closed_at, closed_reason FROM dossiers WHERE id = $1")
                .bind(door.id())
                .fetch_one(&mut *conn)
                .await?;
        page.referent_id = referent;
        page.i_am_referent = referent == Some(me);
        page.closed = closed_at.map(|at| (long_date(at), closed_reason.unwrap_or_default()));
        // Her first référent (named at a meeting), then each change: who, since when.
        let changes: Vec<(i64, String)> = sqlx::query_as(
            "SELECT c.done_at, a.display_name FROM referent_changes c JOIN accounts a ON a.id = c.to_id
             WHERE c.dossier_id = $1 AND c.done_at IS NOT NULL ORDER BY c.id",
        )
        .bind(door.id())
        .fetch_all(&mut *conn)
        .await?;
        let mut lines: Vec<(String, String)> = Vec::new();
        if let Some((first_at, first_name)) = first_referent(conn, door.id()).await? {
            lines.push((long_date(first_at), first_name));
        }
        lines.extend(changes.into_iter().map(|(at, name)| (long_date(at), name)));
        page.referents = lines;
        let pending: Option<PendingColumns> = sqlx::query_as(
            "SELECT c.id, a.display_name, c.to_id, c.her_yes_at, c.his_yes_at FROM referent_changes c
             JOIN accounts a ON a.id = c.to_id
             WHERE c.dossier_id = $1 AND c.done_at IS NULL AND c.withdrawn_at IS NULL ORDER BY c.id DESC LIMIT 1",
        )
        .bind(door.id())
        .fetch_optional(&mut *conn)
        .await?;
        page.referent_change = pending.map(|(id, to_name, to, her, his)| ReferentChange {
            id,
            to_name,
            her_yes: her.is_some(),
            his_yes: his.is_some(),
            for_me: to == me && his.is_none(),
        });
        if door.decide(Ask::ChangeReferent { current_referent: page.i_am_referent }).allowed {
            page.candidates = members(conn, door.id(), now())
                .await?
                .into_iter()
                .filter(|(id, ..)| Some(*id) != referent)
                .map(|(id, name, _)| (id, name))
                .collect();
        }
        Ok(())
    }

    /// id, the new référent's name and account, her yes, his yes
    type PendingColumns = (i64, String, i64, Option<i64>, Option<i64>);

    /// The référent named at her first meeting (before any change).
    async fn first_referent(conn: &mut AnyConnection, dossier: i64) -> Result<Option<(i64, String)>, AppError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT p.his_yes_at, a.display_name FROM referent_proposals p JOIN meetings m ON m.id = p.meeting_id
             JOIN accounts a ON a.id = p.staff_id
             WHERE m.dossier_id = $1 AND p.her_yes_at IS NOT NULL AND p.his_yes_at IS NOT NULL ORDER BY p.id LIMIT 1",
        )
        .bind(dossier)
        .fetch_optional(conn)
        .await?;
        Ok(row)
    }

    /// She, or her référent, asks for another référent among her équipe.
    /// Her request is her yes; his needs hers too; the new one must accept.
    pub async fn ask_referent_change(door: &Door, to: i64) -> Result<(), AppError> {
        let me = door.known().asker.id;
        let mut tx = begin_write(door.pool()).await?;
        lock(&mut tx, door.id()).await?;
        let (current,): (Option<i64>,) =
            sqlx::query_as("SELECT referent_id FROM dossiers WHERE id = $1").bind(door.id()).fetch_one(&mut *tx).await?;
        refuse_if_closed(&mut tx, door.id()).await?;
        let ask = Ask::ChangeReferent { current_referent: current == Some(me) };
        let d = door.decide(ask);
        if !d.allowed {
            return Err(if d.why == Why::OnlyHerReferent { AppError::Forbidden } else { AppError::NotFound });
        }
        door.require_held(&mut tx, &[ask]).await?;
        let target = Known::load(&mut tx, door.row(), to).await.map_err(|_| bad_staff())?;
        if !target.is_member(now()) || current == Some(to) {
            return Err(bad_staff());
        }
        let t = now();
        sqlx::query(
            "UPDATE referent_changes SET withdrawn_at = $1 WHERE dossier_id = $2 AND done_at IS NULL AND withdrawn_at IS NULL",
        )
        .bind(t)
        .bind(door.id())
        .execute(&mut *tx)
        .await?;
        let her_yes = is_her(door).then_some(t);
        sqlx::query(
            "INSERT INTO referent_changes (dossier_id, from_id, to_id, asked_by, asked_at, her_yes_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(door.id())
        .bind(current)
        .bind(to)
        .bind(me)
        .bind(t)
        .bind(her_yes)
        .execute(&mut *tx)
        .await?;
        commit_change(tx, door.id()).await?;
        Ok(())
    }

    /// Her yes, or the new référent's: once both are given he is her référent.
    pub async fn answer_referent_change(pool: &AnyPool, caller: &Caller, change: i64) -> Result<(), AppError> {
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT dossier_id FROM referent_changes WHERE id = $1 AND done_at IS NULL AND withdrawn_at IS NULL")
                .bind(change)
                .fetch_optional(pool)
                .await?;
        let (dossier,) = found.ok_or(AppError::NotFound)?;
        let door = Door::open(pool, caller, dossier).await?;
        let mut tx = begin_write(pool).await?;
        lock(&mut tx, dossier).await?;
        let row: Option<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT to_id, her_yes_at, his_yes_at FROM referent_changes WHERE id = $1 AND done_at IS NULL AND withdrawn_at IS NULL",
        )
        .bind(change)
        .fetch_optional(&mut *tx)
        .await?;
        let (to, mut her, mut his) = row.ok_or(AppError::NotFound)?;
        let t = now();
        if is_her(&door) {
            door.require_held(&mut tx, &[Ask::Manage]).await?;
            her = Some(t);
        } else {
            let ask = Ask::BecomeReferent { proposed: to == caller.id };
            let d = door.decide(ask);
            if !d.allowed {
                return Err(if d.why == Why::OnlyHerReferent { AppError::Forbidden } else { AppError::NotFound });
            }
            door.require_held(&mut tx, &[ask]).await?;
            his = Some(t);
        }
        sqlx::query("UPDATE referent_changes SET her_yes_at = $1, his_yes_at = $2 WHERE id = $3")
            .bind(her)
            .bind(his)
            .bind(change)
            .execute(&mut *tx)
            .await?;
        refuse_if_closed(&mut tx, dossier).await?;
        if her.is_some() && his.is_some() {
            // Still in her équipe now (she may have removed him since he said yes).
            let row = crate::dossier::ssr::row(&mut tx, dossier).await?.ok_or(AppError::NotFound)?;
            if !Known::load(&mut tx, &row, to).await?.is_member(t) {
                return Err(bad_staff());
            }
            sqlx::query("UPDATE referent_changes SET done_at = $1 WHERE id = $2").bind(t).bind(change).execute(&mut *tx).await?;
            sqlx::query("UPDATE dossiers SET referent_id = $1, referent_since = $2 WHERE id = $3")
                .bind(to)
                .bind(t)
                .bind(dossier)
                .execute(&mut *tx)
                .await?;
        }
        commit_change(tx, dossier).await?;
        Ok(())
    }

    /// The animateur closes her accompaniment; she reads why, and her
    /// livret stays hers to read. No new meeting, no more reminders.
    pub async fn close_accompaniment(door: &Door, reason: &str) -> Result<(), AppError> {
        door.require(Ask::Animate)?;
        let reason = Text::parse_max(reason, MAX_REASON).map_err(AppError::invalid(Field::Reason))?;
        let mut tx = begin_write(door.pool()).await?;
        lock(&mut tx, door.id()).await?;
        door.require_held(&mut tx, &[Ask::Animate]).await?;
        // Not while a meeting is on its way: it would write a version after the end.
        let (open,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM meetings WHERE dossier_id = $1 AND stage <> 'closed'")
            .bind(door.id())
            .fetch_one(&mut *tx)
            .await?;
        if open > 0 {
            return Err(AppError::Invalid {
                field: Field::Meeting,
                problem: InputError::Meeting(crate::domain::meeting::MeetingError::WrongStage),
            });
        }
        sqlx::query(
            "UPDATE referent_changes SET withdrawn_at = $1 WHERE dossier_id = $2 AND done_at IS NULL AND withdrawn_at IS NULL",
        )
        .bind(now())
        .bind(door.id())
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query(
            "UPDATE dossiers SET closed_at = $1, closed_reason = $2, closed_by = $3 WHERE id = $4 AND closed_at IS NULL",
        )
        .bind(now())
        .bind(reason.as_str())
        .bind(door.known().asker.id)
        .bind(door.id())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::Conflict);
        }
        commit_change(tx, door.id()).await?;
        Ok(())
    }

    /// Her accompaniment closed: what was decided stays readable, nothing moves.
    async fn refuse_if_closed(conn: &mut AnyConnection, dossier: i64) -> Result<(), AppError> {
        let (closed,): (Option<i64>,) =
            sqlx::query_as("SELECT closed_at FROM dossiers WHERE id = $1").bind(dossier).fetch_one(conn).await?;
        if closed.is_some() { Err(AppError::Conflict) } else { Ok(()) }
    }

    /// A member leaves her équipe (in the transaction that removes him):
    /// the copy she gave him ends with his membership (added again, he
    /// starts from nothing), and a change of référent to or from him is
    /// withdrawn.
    pub async fn member_left(conn: &mut AnyConnection, dossier: i64, staff: i64, at: i64) -> Result<(), AppError> {
        sqlx::query("INSERT INTO livret_copies (dossier_id, staff_id, granted, at) VALUES ($1, $2, 0, $3)")
            .bind(dossier)
            .bind(staff)
            .bind(at)
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "UPDATE referent_changes SET withdrawn_at = $1
             WHERE dossier_id = $2 AND (to_id = $3 OR from_id = $3) AND done_at IS NULL AND withdrawn_at IS NULL",
        )
        .bind(at)
        .bind(dossier)
        .bind(staff)
        .execute(conn)
        .await?;
        Ok(())
    }

    // --- her home, and reminders ---------------------------------------------

    pub async fn next_steps(door: &Door) -> Result<NextSteps, AppError> {
        door.require(crate::domain::access::Ask::Manage)?;
        let mut conn = door.pool().acquire().await?;
        let all = versions(&mut conn, door.id()).await?;
        let mut out = NextSteps { has_livret: !all.is_empty(), ..NextSteps::default() };
        out.to_sign =
            all.last().filter(|v| v.content.is_some() && v.signed_at.is_none() && v.refused_at.is_none()).map(|v| v.number);
        let last_closed = last_closed(&mut conn, door.id()).await?;
        // `tracked` takes connections of its own: this one is given back first.
        drop(conn);
        out.actions = tracked(door, last_closed.map(|(id, _)| id))
            .await?
            .into_iter()
            .filter(|x| x.who_is_her && x.state.open())
            .take(3)
            .collect();
        let mut conn = door.pool().acquire().await?;
        let (referent,): (Option<i64>,) =
            sqlx::query_as("SELECT referent_id FROM dossiers WHERE id = $1").bind(door.id()).fetch_one(&mut *conn).await?;
        if let Some(id) = referent {
            out.referent = contact(&mut conn, id).await?;
        }
        out.review_on = last_closed.and_then(|(_, r)| r).filter(|r| *r > now()).map(written_out);
        out.reminders =
            reminder_texts(&mut conn, door.row().owner, Some(door.id()), true).await?.into_iter().map(|(_, s)| s).collect();
        Ok(out)
    }

    /// The reminders of an account, the nearest first, in words: hers in
    /// her words, a professional's in his.
    async fn reminder_texts(
        conn: &mut AnyConnection,
        account: i64,
        dossier: Option<i64>,
        hers: bool,
    ) -> Result<Vec<(i64, String)>, AppError> {
        let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT r.dossier_id, r.what, r.target_id, r.due_at FROM reminders r JOIN dossiers d ON d.id = r.dossier_id
             WHERE r.account_id = $1 AND r.dossier_id = COALESCE($2, r.dossier_id) AND r.due_at > $3 AND d.closed_at IS NULL
             ORDER BY r.due_at, r.id LIMIT 20",
        )
        .bind(account)
        .bind(dossier)
        .bind(now() - 7 * 86_400)
        .fetch_all(&mut *conn)
        .await?;
        let mut out = Vec::new();
        for (dossier, what, target, due_at) in rows {
            let line = match what.as_str() {
                "action" => {
                    // Still to do, and its objective not ended by a bilan.
                    let state: Option<(String,)> = sqlx::query_as(
                        "SELECT x.state FROM actions x WHERE x.id = $1 AND NOT EXISTS (
                             SELECT 1 FROM objective_bilans e WHERE e.objective_id = x.objective_id AND e.bilan IN ('reached', 'dropped'))",
                    )
                    .bind(target)
                    .fetch_optional(&mut *conn)
                    .await?;
                    if !state.and_then(|(s,)| ActionState::parse(&s)).is_some_and(ActionState::open) {
                        continue;
                    }
                    fill(if hers { t::REMINDER_ACTION } else { tp::MAIL_REMINDER_ACTION }, &[("date", &long_date(due_at))])
                }
                _ => fill(if hers { t::REMINDER_REVIEW } else { tp::MAIL_REMINDER_REVIEW }, &[("date", &written_out(due_at))]),
            };
            out.push((dossier, line));
        }
        Ok(out)
    }

    /// A professional's reminders, each for a dossier whose name the
    /// policy lets him see.
    pub async fn staff_reminders(pool: &AnyPool, caller: &Caller) -> Result<Vec<ReminderLine>, AppError> {
        let texts = reminder_texts(&mut *pool.acquire().await?, caller.id, None, false).await?;
        let mut out = Vec::new();
        for (dossier, text) in texts {
            let Ok(door) = Door::open(pool, caller, dossier).await else { continue };
            // The same asks as for the e-mail: in her équipe, or her animateur.
            if !follows(door.known(), now()) {
                continue;
            }
            out.push(ReminderLine { dossier_id: dossier, person_name: door.row().person_name.clone(), text });
        }
        Ok(out)
    }

    /// Whom a reminder about her dossier reaches: a member of her équipe
    /// (who follows it), or the animateur of her meetings.
    fn follows(known: &Known, t: i64) -> bool {
        known.decide(Ask::Follow, t).allowed || known.decide(Ask::Animate, t).allowed
    }

    /// Writes the reminders now due (once each) and the e-mails of the
    /// professionals among them; returns the e-mails to send. Her own
    /// reminders stay in the app (she has no e-mail here).
    pub async fn remind(pool: &AnyPool, t: i64) -> Result<Vec<Mail>, AppError> {
        let mut due: Vec<(i64, i64, &'static str, i64, i64)> = Vec::new();
        let actions: Vec<(i64, i64, i64, String, i64)> = sqlx::query_as(
            "SELECT x.id, x.who_id, x.due_at, x.state, m.dossier_id FROM actions x JOIN objectives o ON o.id = x.objective_id
             JOIN meetings m ON m.id = COALESCE(x.meeting_id, o.meeting_id) JOIN dossiers d ON d.id = m.dossier_id
             WHERE x.state IN ('todo', 'doing') AND x.due_at <= $1 AND m.stage = 'closed' AND d.closed_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM objective_bilans e WHERE e.objective_id = o.id AND e.bilan IN ('reached', 'dropped'))",
        )
        .bind(t + rules::ACTION_REMINDER_DAYS * 86_400)
        .fetch_all(pool)
        .await?;
        for (id, who, due_at, state, dossier) in actions {
            if ActionState::parse(&state).is_some_and(|s| rules::action_reminder_due(due_at, s, t)) {
                due.push((who, dossier, "action", id, due_at));
            }
        }
        let reviews: Vec<(i64, i64, i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT m.id, m.dossier_id, m.review_at, d.person_id, d.referent_id FROM meetings m JOIN dossiers d ON d.id = m.dossier_id
             WHERE m.stage = 'closed' AND m.review_at > $1 AND m.review_at <= $2 AND d.closed_at IS NULL
               AND m.id = (SELECT MAX(l.id) FROM meetings l WHERE l.dossier_id = m.dossier_id)",
        )
        .bind(t)
        .bind(t + rules::REVIEW_REMINDER_DAYS * 86_400)
        .fetch_all(pool)
        .await?;
        for (meeting, dossier, review_at, person, referent) in reviews {
            if !rules::review_reminder_due(review_at, t) {
                continue;
            }
            let animateur: Option<(i64,)> =
                sqlx::query_as("SELECT animateur_id FROM meetings WHERE id = $1").bind(meeting).fetch_optional(pool).await?;
            let mut to = vec![person];
            to.extend(referent);
            to.extend(animateur.map(|(a,)| a));
            to.dedup();
            for account in to {
                due.push((account, dossier, "review", meeting, review_at));
            }
        }
        let public_url = crate::state::state().map(|s| s.config.public_url.clone()).unwrap_or_default();
        let mut mails = Vec::new();
        for (account, dossier, what, target, due_at) in due {
            // One reminder that cannot be written does not hold back the others.
            match remind_one(pool, t, &public_url, (account, dossier, what, target, due_at)).await {
                Ok(mail) => mails.extend(mail),
                Err(e) => tracing::warn!(error = ?e, account, dossier, what, target, "reminder not written"),
            }
        }
        Ok(mails)
    }

    /// Writes one reminder, once, and the e-mail of a professional still in
    /// her équipe (or her animateur), in one transaction.
    async fn remind_one(
        pool: &AnyPool,
        t: i64,
        public_url: &str,
        (account, dossier, what, target, due_at): (i64, i64, &str, i64, i64),
    ) -> Result<Option<Mail>, AppError> {
        let mut tx = begin_write(pool).await?;
        let done = sqlx::query(
            "INSERT INTO reminders (account_id, dossier_id, what, target_id, due_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (account_id, what, target_id, due_at) DO NOTHING",
        )
        .bind(account)
        .bind(dossier)
        .bind(what)
        .bind(target)
        .bind(due_at)
        .bind(t)
        .execute(&mut *tx)
        .await?;
        let mut mail = None;
        if done.rows_affected() == 1 {
            let who: Option<(String, Option<String>)> =
                sqlx::query_as("SELECT role, email FROM accounts WHERE id = $1").bind(account).fetch_optional(&mut *tx).await?;
            if let Some((role, Some(address))) = who
                && role != "person"
            {
                let row = crate::dossier::ssr::row(&mut tx, dossier).await?.ok_or(AppError::NotFound)?;
                let known = Known::load(&mut tx, &row, account).await?;
                if follows(&known, t) {
                    let line = if what == "action" {
                        fill(tp::MAIL_REMINDER_ACTION, &[("date", &long_date(due_at))])
                    } else {
                        fill(tp::MAIL_REMINDER_REVIEW, &[("date", &written_out(due_at))])
                    };
                    let body = mail::reminder_body(&line, &format!("{public_url}/dossier/{dossier}/livret"));
                    mail = Some(mail::queue(&mut tx, account, &address, tp::MAIL_REMINDER_SUBJECT, &body, t).await?);
                }
            }
        }
        crate::presence::notify_in(&mut tx, &[dossier]).await?;
        tx.commit().await?;
        crate::dossier::ssr::announce([dossier]);
        Ok(mail)
    }

    // --- the PDF -------------------------------------------------------------

    /// The caller's copy of one version as a PDF, through the door (a
    /// member's copy goes to her journal as a PDF copy). An altered
    /// version is refused: it is never printed as signed.
    pub async fn pdf(pool: &AnyPool, caller: &Caller, dossier: i64, number: u32) -> Result<Vec<u8>, AppError> {
        let door = Door::open(pool, caller, dossier).await?;
        // Who asks, before anything about the version (even that it was altered).
        if !may_copy(&door).await? {
            return Err(AppError::NotFound);
        }
        let all = versions(&mut *pool.acquire().await?, dossier).await?;
        let v = all.iter().find(|v| v.number == number).ok_or(AppError::NotFound)?;
        let content = v.content.as_ref().ok_or(invalid(Field::Livret, LivretError::Altered))?;
        let (copy, hidden) = copy_of(&door, content, Exit::LivretPdf).await?;
        let doc = document(&copy, is_her(&door), &hidden, v.signed_at.map(long_date_time));
        crate::pdf::render(&doc).map_err(|e| {
            tracing::error!(error = %e.0, "pdf");
            AppError::Internal
        })
    }

    /// The printed livret, in the order of the page.
    pub fn document(l: &Livret, whole: bool, hidden: &[Kind], signed_on: Option<String>) -> crate::pdf::Document {
        use crate::pdf::Block::*;
        let mut b = vec![Title(fill(t::LIVRET_TITLE_OF, &[("name", &l.person)]))];
        b.push(Paragraph(fill(t::LIVRET_VERSION_LINE, &[("number", &l.number.to_string()), ("date", &l.meeting_on)])));
        match signed_on {
            Some(on) => b.push(Paragraph(fill(t::LIVRET_SIGNED_ON, &[("date", &on)]))),
            None => b.push(Alert(t::LIVRET_NOT_SIGNED.to_owned())),
        }
        if !whole {
            b.push(Alert(tp::LIVRET_COPY_PART.to_owned()));
            if !hidden.is_empty() {
                b.push(Paragraph(tp::LIVRET_COPY_HIDDEN.to_owned()));
                b.extend(hidden.iter().map(|k| Item(k.label().to_owned())));
            }
        }
        b.push(Heading(t::LIVRET_PROJECT.to_owned()));
        if l.objectives.is_empty() {
            b.push(Paragraph(t::LIVRET_NO_OBJECTIVE.to_owned()));
        }
        for o in &l.objectives {
            let mut line = format!("{} — {}", o.kind.label(), o.body);
            if let Some(bilan) = o.bilan {
                line.push_str(&format!(" ({} : {})", t::LIVRET_BILAN, bilan.label()));
            }
            b.push(Paragraph(line));
            for a in &o.actions {
                let mut s = fill(t::ACTION_LINE, &[("what", &a.what), ("who", &a.who), ("due", &a.due)]);
                if !a.means.is_empty() {
                    s.push(' ');
                    s.push_str(&fill(t::ACTION_MEANS, &[("means", &a.means)]));
                }
                s.push_str(&format!(" {} : {}.", t::LIVRET_STATE, a.state.label()));
                b.push(Item(s));
            }
        }
        if !l.strengths.is_empty() {
            b.push(Heading(t::LIVRET_STRENGTHS.to_owned()));
            b.extend(l.strengths.iter().map(|n| Item(format!("{} — {}", n.kind.label(), n.body))));
        }
        if !l.needs.is_empty() {
            b.push(Heading(t::LIVRET_NEEDS.to_owned()));
            b.extend(l.needs.iter().map(|n| Item(format!("{} — {}", n.kind.label(), n.body))));
        }
        b.push(Heading(t::REFERENT_TITLE.to_owned()));
        match &l.referent {
            Some(r) => b.push(Paragraph(contact_line(r))),
            None => b.push(Paragraph(t::LIVRET_NO_REFERENT.to_owned())),
        }
        if let Some(d) = &l.review_on {
            b.push(Paragraph(fill(t::REVIEW_ON, &[("date", d)])));
        }
        b.push(Heading(t::LIVRET_TEAM.to_owned()));
        for m in &l.team {
            let does: Vec<String> = l.does(m.id).iter().map(|a| a.what.clone()).collect();
            let mut s = contact_line(m);
            if !does.is_empty() {
                s.push_str(&format!(" {} : {}.", t::LIVRET_DOES, does.join(" ; ")));
            }
            b.push(Item(s));
        }
        if !l.demande.is_empty() {
            b.push(Heading(t::LIVRET_DEMANDE.to_owned()));
            for a in &l.demande {
                b.push(Paragraph(a.kind.label().to_owned()));
                b.extend(a.answers.iter().map(|(q, w)| Item(format!("{q} {w}"))));
            }
        }
        b.push(Heading(t::CHARTER_TITLE.to_owned()));
        b.extend(l.charter.iter().map(|s| Item(s.clone())));
        b.push(Heading(t::DATA_NOTICE_TITLE.to_owned()));
        b.extend(l.notice.iter().map(|s| Paragraph(s.clone())));
        crate::pdf::Document { title: fill(t::LIVRET_TITLE_OF, &[("name", &l.person)]), blocks: b }
    }

    /// A member of her équipe and how to reach him.
    pub fn contact_line(c: &Contact) -> String {
        let mut s = c.name.clone();
        if let Some(f) = c.function {
            s.push_str(&format!(", {}", f.label()));
        }
        if let Some(i) = c.institution.as_deref().filter(|i| !i.is_empty()) {
            s.push_str(&format!(", {i}"));
        }
        if let Some(e) = &c.email {
            s.push_str(&format!(". {} : {e}", t::LIVRET_EMAIL));
        }
        s.push('.');
        s
    }
}
