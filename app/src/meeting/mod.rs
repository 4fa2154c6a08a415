//! L'équipe parcours et projet: the animateur proposes three dates, her
//! équipe and she answer, the animateur chooses and the invitations go
//! (in the app, and by e-mail with nothing of hers in it); then the meeting
//! itself, on one live screen: attendance, the charter, her demande as she
//! lets it be discussed, her priorities, strengths and needs, objectives
//! and actions, the référent she and he both accept, the review date, and
//! the record of who decided what.
//!
//! Every read of her information here goes through the door
//! (`dossier::ssr::Door`): her answers by `at_meeting`, what was written at
//! the meeting by `release`, each under its life area, so that a note about
//! her santé reaches only those she lets see santé. Rules are pure, in
//! `domain::meeting`.

use crate::domain::meeting::{Attendance, Availability, NoteKind, Stage};
use crate::domain::role::Function;
use crate::domain::sharing::Kind;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One of the three dates, written out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateChoice {
    pub slot: usize,
    pub written: String,
    /// Less than 15 days away now.
    pub short_notice: bool,
}

/// Someone invited: her, or a professional of her équipe.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guest {
    pub account_id: i64,
    pub name: String,
    pub function: Option<Function>,
    pub is_her: bool,
    /// Per date; given to the animateur only (and to each for himself).
    pub answers: Vec<Option<Availability>>,
    pub attendance: Option<Attendance>,
}

impl Guest {
    pub fn answered(&self) -> bool {
        self.answers.iter().any(Option::is_some)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteView {
    pub id: i64,
    pub what: NoteKind,
    pub body: String,
    pub author: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionView {
    pub id: i64,
    pub what: String,
    pub who: String,
    pub who_is_her: bool,
    pub due: String,
    pub means: String,
    pub state: crate::domain::livret::ActionState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveView {
    pub id: i64,
    pub body: String,
    pub author: String,
    pub actions: Vec<ActionView>,
    /// Written at an earlier meeting: it gets a bilan at this one.
    pub carried: bool,
    pub bilan: Option<crate::domain::livret::Bilan>,
}

/// One life area at the meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub kind: Kind,
    /// "On peut en parler": she lets it be discussed.
    pub open: bool,
    /// Her priority (1 first), if she gave one.
    pub priority: Option<usize>,
    /// Her answers in this area (question, her words).
    pub answers: Vec<(String, String)>,
    pub notes: Vec<NoteView>,
    pub objectives: Vec<ObjectiveView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferentProposal {
    pub id: i64,
    pub staff_id: i64,
    pub name: String,
    pub function: Option<Function>,
    pub her_yes: bool,
    pub his_yes: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordLine {
    pub who: String,
    pub text: String,
    pub on: String,
}

/// A member who may be proposed as référent; `suggested` when the screen
/// may offer him without anyone naming him (never a mandataire).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub staff_id: i64,
    pub name: String,
    pub function: Option<Function>,
    pub suggested: bool,
}

/// The meeting as the caller receives it: each part through the door.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingView {
    pub meeting_id: i64,
    pub dossier_id: i64,
    pub person_name: String,
    pub person_id: i64,
    pub stage: Stage,
    pub place: String,
    pub dates: Vec<DateChoice>,
    pub chosen: Option<usize>,
    /// The chosen date written out.
    pub date: Option<String>,
    pub guests: Vec<Guest>,
    pub me: i64,
    pub is_her: bool,
    pub i_animate: bool,
    pub charter_read_on: Option<String>,
    /// For her: every life area she wrote about, to choose. For the
    /// others: the open ones only, in the meeting's order.
    pub topics: Vec<Topic>,
    pub proposals: Vec<ReferentProposal>,
    pub candidates: Vec<Candidate>,
    pub referent: Option<String>,
    pub review_on: Option<String>,
    pub record: Vec<RecordLine>,
    /// Moves at every change of her dossier (the screen follows it live).
    pub revision: i64,
    /// For the animateur: invitations whose e-mail could not be sent.
    pub mail_failures: Vec<String>,
}

impl MeetingView {
    pub fn guest(&self, id: i64) -> Option<&Guest> {
        self.guests.iter().find(|g| g.account_id == id)
    }
}

/// A meeting in a professional's lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingLine {
    pub meeting_id: i64,
    pub dossier_id: i64,
    pub person_name: String,
    pub stage: Stage,
    pub date: Option<String>,
    pub place: String,
    pub i_animate: bool,
    /// Once closed: her référent, if designated, and the review date.
    pub referent: Option<String>,
    pub review_on: Option<String>,
}

/// A validated demande whose meeting has no date yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaitingLine {
    pub dossier_id: i64,
    pub person_name: String,
    pub waiting_days: i64,
    /// Dates proposed, answers coming in.
    pub proposed: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingLists {
    pub to_answer: Vec<MeetingLine>,
    pub coming: Vec<MeetingLine>,
    /// The last meeting of each dossier, once closed: what was decided.
    pub done: Vec<MeetingLine>,
    pub without_date: Vec<WaitingLine>,
}

/// The latest meeting of a dossier, for someone it invites (or the animateur).
#[server(endpoint = "meeting_of")]
pub async fn meeting_of(dossier_id: i64) -> Result<Option<MeetingView>, AppError> {
    let (pool, caller) = ssr::staff().await?;
    let Some(id) = ssr::latest(&pool, dossier_id).await? else {
        // No meeting yet: only the animateur may know (she proposes dates).
        ssr::animateur_door(&pool, &caller, dossier_id).await?;
        return Ok(None);
    };
    ssr::AtMeeting::open(&pool, &caller, id).await?.view().await.map(Some)
}

#[server(endpoint = "meeting")]
pub async fn meeting(meeting_id: i64) -> Result<MeetingView, AppError> {
    let (pool, caller) = ssr::anyone().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.view().await
}

/// Her latest meeting, if there is one.
#[server(endpoint = "my_meeting")]
pub async fn my_meeting() -> Result<Option<MeetingView>, AppError> {
    let (door, caller) = crate::demande::ssr::own_door().await?;
    let Some(id) = ssr::latest(door.pool(), door.id()).await? else { return Ok(None) };
    ssr::AtMeeting::open(door.pool(), &caller, id).await?.view().await.map(Some)
}

/// The animateur proposes three dates and a place; her équipe and she are
/// invited to answer.
#[server(endpoint = "propose_dates")]
pub async fn propose_dates(dossier_id: i64, place: String, date0: String, date1: String, date2: String) -> Result<i64, AppError> {
    let (pool, caller) = ssr::staff().await?;
    let door = ssr::animateur_door(&pool, &caller, dossier_id).await?;
    ssr::propose(&door, &place, &[date0, date1, date2]).await
}

/// An answer per date ("yes", "maybe", "no"; empty: not answered).
#[server(endpoint = "answer_dates")]
pub async fn answer_dates(
    meeting_id: i64,
    slot0: Option<String>,
    slot1: Option<String>,
    slot2: Option<String>,
) -> Result<(), AppError> {
    let (pool, caller) = ssr::anyone().await?;
    let at = ssr::AtMeeting::open(&pool, &caller, meeting_id).await?;
    at.answer_dates(&[slot0, slot1, slot2]).await
}

#[server(endpoint = "choose_date")]
pub async fn choose_date(meeting_id: i64, slot: usize) -> Result<(), AppError> {
    let (pool, caller) = ssr::staff().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.choose(slot).await
}

/// Invites the members who joined her équipe since the dates were
/// proposed (she added them: her agreement).
#[server(endpoint = "invite_new_members")]
pub async fn invite_new_members(meeting_id: i64) -> Result<(), AppError> {
    let (pool, caller) = ssr::staff().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.invite_new_members().await
}

#[server(endpoint = "start_meeting")]
pub async fn start_meeting(meeting_id: i64) -> Result<(), AppError> {
    let (pool, caller) = ssr::staff().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.start().await
}

#[server(endpoint = "set_attendance")]
pub async fn set_attendance(meeting_id: i64, account_id: i64, attendance: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::staff().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.attendance(account_id, &attendance).await
}

#[server(endpoint = "charter_read")]
pub async fn charter_read(meeting_id: i64) -> Result<(), AppError> {
    let (pool, caller) = ssr::staff().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.charter_read().await
}

/// Hers: "on peut en parler" ("yes") or not ("no") for one life area;
/// during the meeting, "no" takes it off every screen and out of the
/// record at once.
#[server(endpoint = "set_topic")]
pub async fn set_topic(meeting_id: i64, kind: String, open: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::anyone().await?;
    let open = match open.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(AppError::Invalid {
                field: crate::error::Field::Kind,
                problem: crate::domain::credentials::InputError::UnknownChoice,
            });
        }
    };
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.set_topic(&kind, open).await
}

/// Hers: one tap on a life area ranks it next, or takes it off her ranking.
#[server(endpoint = "tap_priority")]
pub async fn tap_priority(meeting_id: i64, kind: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::anyone().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.tap_priority(&kind).await
}

#[server(endpoint = "add_note")]
pub async fn add_note(meeting_id: i64, kind: String, what: String, body: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::anyone().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.add_note(&kind, &what, &body).await
}

#[server(endpoint = "add_objective")]
pub async fn add_objective(meeting_id: i64, kind: String, body: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::anyone().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.add_objective(&kind, &body).await
}

/// An action of an objective: what, who (her, or a member of her équipe),
/// by when (a day), and the means.
#[server(endpoint = "add_action")]
pub async fn add_action(
    meeting_id: i64,
    objective_id: i64,
    what: String,
    who: i64,
    due: String,
    means: String,
) -> Result<(), AppError> {
    let (pool, caller) = ssr::anyone().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.add_action(objective_id, &what, who, &due, &means).await
}

/// The bilan of an objective of an earlier meeting (atteint, en cours,
/// à revoir, abandonné), given at this one before the new version.
#[server(endpoint = "set_bilan")]
pub async fn set_bilan(meeting_id: i64, objective_id: i64, bilan: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::anyone().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.set_bilan(objective_id, &bilan).await
}

#[server(endpoint = "propose_referent")]
pub async fn propose_referent(meeting_id: i64, staff_id: i64) -> Result<(), AppError> {
    let (pool, caller) = ssr::anyone().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.propose_referent(staff_id).await
}

/// Her yes, or his own acceptance, to one proposal: the référent is
/// recorded once both are given.
#[server(endpoint = "accept_referent")]
pub async fn accept_referent(meeting_id: i64, proposal_id: i64) -> Result<(), AppError> {
    let (pool, caller) = ssr::anyone().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.accept_referent(proposal_id).await
}

#[server(endpoint = "set_review_date")]
pub async fn set_review_date(meeting_id: i64, review: String) -> Result<(), AppError> {
    let (pool, caller) = ssr::staff().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.set_review(&review).await
}

#[server(endpoint = "close_meeting")]
pub async fn close_meeting(meeting_id: i64) -> Result<(), AppError> {
    let (pool, caller) = ssr::staff().await?;
    ssr::AtMeeting::open(&pool, &caller, meeting_id).await?.close().await
}

/// A professional's meetings: to answer, coming; for an animateur, the
/// validated demandes whose meeting has no date yet.
#[server(endpoint = "my_meetings")]
pub async fn my_meetings() -> Result<MeetingLists, AppError> {
    let (pool, caller) = ssr::staff().await?;
    ssr::lists(&pool, &caller).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::domain::access::Ask;
    use crate::domain::credentials::{InputError, Line, Text};
    use crate::domain::dates::{long_date, long_date_time};
    use crate::domain::demande::question;
    use crate::domain::dossier::State;
    use crate::domain::livret::{Bilan, LivretError};
    use crate::domain::meeting::{
        self as rules, DATES, MeetingError, Move, agenda, check_dates, open_by_default, shown, written_out,
    };
    use crate::domain::role::Role;
    use crate::domain::sharing::Item;
    use crate::dossier::ssr::{Door, Known, commit_change, lock};
    use crate::dossier::{Answer, Exit};
    use crate::error::Field;
    use crate::livret::ssr as livret;
    use crate::state::{begin_write, now};
    use crate::text::person as t;
    use sqlx::{AnyConnection, AnyPool};

    const MAX_TEXT: usize = 1_000;

    pub async fn staff() -> Result<(AnyPool, Caller), AppError> {
        let caller = crate::auth::ssr::require(&[Role::Professional, Role::Head]).await?;
        Ok((crate::state::pool()?, caller))
    }

    pub async fn anyone() -> Result<(AnyPool, Caller), AppError> {
        let caller = crate::auth::ssr::require(&[Role::Person, Role::Professional, Role::Head]).await?;
        Ok((crate::state::pool()?, caller))
    }

    fn invalid(field: Field, e: MeetingError) -> AppError {
        AppError::Invalid { field, problem: InputError::Meeting(e) }
    }

    fn text(field: Field, raw: &str) -> Result<String, AppError> {
        Text::parse_max(raw, MAX_TEXT).map(|t| t.as_str().to_owned()).map_err(AppError::invalid(field))
    }

    /// The animateur at her dossier (a head of another MDS, or a dossier
    /// not validated: as if it did not exist).
    pub async fn animateur_door(pool: &AnyPool, caller: &Caller, dossier: i64) -> Result<Door, AppError> {
        let door = Door::open(pool, caller, dossier).await?;
        door.require(Ask::Animate)?;
        Ok(door)
    }

    pub async fn latest(pool: &AnyPool, dossier: i64) -> Result<Option<i64>, AppError> {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM meetings WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(dossier)
            .fetch_optional(pool)
            .await?;
        Ok(found.map(|(id,)| id))
    }

    #[derive(Clone, Debug)]
    struct Row {
        id: i64,
        dossier: i64,
        stage: Stage,
        place: String,
        chosen: Option<usize>,
        charter_read_at: Option<i64>,
        review_at: Option<i64>,
    }

    type RowColumns = (i64, String, String, Option<i64>, Option<i64>, Option<i64>);

    async fn row(conn: &mut AnyConnection, id: i64) -> Result<Option<Row>, AppError> {
        let found: Option<RowColumns> = sqlx::query_as(
            "SELECT dossier_id, stage, place, chosen_slot, charter_read_at, review_at FROM meetings WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(conn)
        .await?;
        let Some((dossier, stage, place, chosen, charter_read_at, review_at)) = found else { return Ok(None) };
        Ok(Some(Row {
            id,
            dossier,
            stage: Stage::parse(&stage).ok_or(AppError::Internal)?,
            place,
            chosen: chosen.and_then(|c| usize::try_from(c).ok()),
            charter_read_at,
            review_at,
        }))
    }

    async fn is_invited(conn: &mut AnyConnection, meeting: i64, account: i64) -> Result<bool, AppError> {
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT account_id FROM meeting_invitees WHERE meeting_id = $1 AND account_id = $2")
                .bind(meeting)
                .bind(account)
                .fetch_optional(conn)
                .await?;
        Ok(found.is_some())
    }

    /// One line of the meeting's record (in the caller's transaction).
    async fn record(
        conn: &mut AnyConnection,
        meeting: i64,
        actor: i64,
        what: &str,
        kind: Option<Kind>,
        detail: &str,
    ) -> Result<(), AppError> {
        sqlx::query("INSERT INTO meeting_record (meeting_id, actor_id, what, kind, detail, at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(meeting)
            .bind(actor)
            .bind(what)
            .bind(kind.map(Kind::as_str))
            .bind(detail)
            .bind(now())
            .execute(conn)
            .await?;
        Ok(())
    }

    /// The current members of her équipe, with their function.
    /// The current members of her équipe, by name.
    pub async fn members(
        conn: &mut AnyConnection,
        dossier: i64,
        at: i64,
    ) -> Result<Vec<(i64, String, Option<Function>)>, AppError> {
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT a.id, a.display_name, a.function FROM dossier_members m JOIN accounts a ON a.id = m.staff_id
             WHERE m.dossier_id = $1 AND m.since <= $2 AND (m.until IS NULL OR m.until > $2) ORDER BY a.display_name, a.id",
        )
        .bind(dossier)
        .bind(at)
        .fetch_all(conn)
        .await?;
        Ok(rows.into_iter().map(|(id, name, f)| (id, name, f.as_deref().and_then(Function::parse))).collect())
    }

    /// The animateur proposes three dates: the meeting is created with her
    /// and her équipe invited, and her life areas ready for her choice.
    pub async fn propose(door: &Door, place: &str, raw: &[String; DATES]) -> Result<i64, AppError> {
        let place = Line::parse(place).map_err(AppError::invalid(Field::Place))?;
        let t = now();
        let dates = check_dates(raw, t).map_err(|(i, e)| invalid([Field::Date0, Field::Date1, Field::Date2][i], e))?;
        if door.row().state != State::Validated {
            return Err(AppError::NotFound);
        }
        // Which life areas she wrote about, and how many of her équipe
        // already see each (the default of "on peut en parler").
        let written: Vec<Kind> = {
            let mine = door_answers_kinds(door).await?;
            Kind::ALL.into_iter().filter(|k| mine.contains(k)).collect()
        };
        let mut tx = begin_write(door.pool()).await?;
        lock(&mut tx, door.id()).await?;
        if let Some(last) = latest_in(&mut tx, door.id()).await?
            && last.stage != Stage::Closed
        {
            return Err(invalid(Field::Meeting, MeetingError::WrongStage));
        }
        // Her accompaniment closed: no new meeting.
        let (closed,): (Option<i64>,) =
            sqlx::query_as("SELECT closed_at FROM dossiers WHERE id = $1").bind(door.id()).fetch_one(&mut *tx).await?;
        if closed.is_some() {
            return Err(invalid(Field::Meeting, MeetingError::WrongStage));
        }
        let team = members(&mut tx, door.id(), t).await?;
        let mut shared_with = vec![0usize; Kind::ALL.len()];
        for (staff, _, _) in &team {
            let known = Known::load(&mut tx, door.row(), *staff).await?;
            for (i, k) in Kind::ALL.into_iter().enumerate() {
                if known.decide(Ask::Read(Item::of_kind(k)), t).allowed {
                    shared_with[i] += 1;
                }
            }
        }
        let animateur = door.known().asker.id;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO meetings (dossier_id, stage, place, animateur_id, created_at) VALUES ($1, 'proposed', $2, $3, $4) RETURNING id",
        )
        .bind(door.id())
        .bind(place.as_str())
        .bind(animateur)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        for (slot, at) in dates.iter().enumerate() {
            sqlx::query("INSERT INTO meeting_slots (meeting_id, slot, at) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(slot as i64)
                .bind(*at)
                .execute(&mut *tx)
                .await?;
        }
        let mut guests: Vec<i64> = vec![door.row().owner];
        guests.extend(team.iter().map(|(s, _, _)| *s));
        if !guests.contains(&animateur) {
            guests.push(animateur);
        }
        for g in guests {
            invite(&mut tx, id, g, t).await?;
        }
        for k in written {
            let i = Kind::ALL.iter().position(|x| *x == k).unwrap_or(0);
            let open = k != Kind::Violence && open_by_default(shared_with[i], team.len());
            sqlx::query("INSERT INTO meeting_topics (meeting_id, kind, open) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(k.as_str())
                .bind(i64::from(open))
                .execute(&mut *tx)
                .await?;
        }
        record(&mut tx, id, animateur, "dates", None, &dates.map(written_out).join(" ; ")).await?;
        commit_change(tx, door.id()).await?;
        Ok(id)
    }

    /// The life areas of her demande she wrote something in (read as she
    /// reads it: this is for her own choice).
    async fn door_answers_kinds(door: &Door) -> Result<Vec<Kind>, AppError> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT field, value FROM demande_answers WHERE dossier_id = $1")
            .bind(door.id())
            .fetch_all(door.pool())
            .await?;
        let mut kinds = Vec::new();
        for (field, value) in rows {
            if let Some(item) = crate::dossier::ssr::item_of(&field)
                && !item.refused_topic
                && !value.trim().is_empty()
                && !kinds.contains(&item.kind)
            {
                kinds.push(item.kind);
            }
        }
        Ok(kinds)
    }

    async fn latest_in(conn: &mut AnyConnection, dossier: i64) -> Result<Option<Row>, AppError> {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM meetings WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(dossier)
            .fetch_optional(&mut *conn)
            .await?;
        match found {
            Some((id,)) => row(conn, id).await,
            None => Ok(None),
        }
    }

    async fn invite(conn: &mut AnyConnection, meeting: i64, account: i64, at: i64) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO meeting_invitees (meeting_id, account_id, invited_at) VALUES ($1, $2, $3)
             ON CONFLICT (meeting_id, account_id) DO NOTHING",
        )
        .bind(meeting)
        .bind(account)
        .bind(at)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// The caller at one meeting: the door to her dossier, the meeting,
    /// and whether he is invited. Opened only for her, the animateur and
    /// the invited members of her équipe (`Ask::Invitee`).
    pub struct AtMeeting {
        door: Door,
        m: Row,
        invited: bool,
    }

    impl AtMeeting {
        pub async fn open(pool: &AnyPool, caller: &Caller, meeting: i64) -> Result<AtMeeting, AppError> {
            let mut conn = pool.acquire().await?;
            let m = row(&mut conn, meeting).await?.ok_or(AppError::NotFound)?;
            let invited = is_invited(&mut conn, meeting, caller.id).await?;
            drop(conn);
            let door = Door::open(pool, caller, m.dossier).await?;
            door.require(Ask::Invitee { invited })?;
            Ok(AtMeeting { door, m, invited })
        }

        fn me(&self) -> i64 {
            self.door.known().asker.id
        }

        fn is_her(&self) -> bool {
            self.me() == self.door.row().owner
        }

        fn animates(&self) -> bool {
            self.door.decide(Ask::Animate).allowed
        }

        /// Begins a change: holds her dossier, decides again on the facts
        /// as they are now (still invited, and `ask`, given whether he is
        /// invited), reads the meeting again and checks the move against
        /// its stage. Answers whether the caller is invited.
        async fn begin(
            &self,
            m: Move,
            ask: impl FnOnce(bool) -> Ask,
        ) -> Result<(sqlx::Transaction<'static, sqlx::Any>, bool), AppError> {
            let mut tx = begin_write(self.door.pool()).await?;
            lock(&mut tx, self.door.id()).await?;
            let invited = is_invited(&mut tx, self.m.id, self.me()).await?;
            self.door.require_held(&mut tx, &[Ask::Invitee { invited }, ask(invited)]).await?;
            let now_row = row(&mut tx, self.m.id).await?.ok_or(AppError::NotFound)?;
            rules::next(now_row.stage, m).map_err(|e| invalid(Field::Meeting, e))?;
            Ok((tx, invited))
        }

        async fn commit(&self, tx: sqlx::Transaction<'static, sqlx::Any>) -> Result<(), AppError> {
            commit_change(tx, self.door.id()).await?;
            Ok(())
        }

        pub async fn answer_dates(&self, raw: &[Option<String>; DATES]) -> Result<(), AppError> {
            // Invited only: the animateur who is not invited answers nothing.
            if !self.invited {
                return Err(AppError::NotFound);
            }
            let mut parsed = Vec::new();
            for (slot, a) in raw.iter().enumerate() {
                match a.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    None => {}
                    Some(s) => parsed.push((
                        slot,
                        Availability::parse(s)
                            .ok_or(AppError::Invalid { field: Field::Slot, problem: InputError::UnknownChoice })?,
                    )),
                }
            }
            let (mut tx, invited) = self.begin(Move::AnswerDates, |invited| Ask::Invitee { invited }).await?;
            if !invited {
                return Err(AppError::NotFound);
            }
            for (slot, a) in parsed {
                sqlx::query(
                    "INSERT INTO meeting_answers (meeting_id, account_id, slot, answer, at) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (meeting_id, account_id, slot) DO UPDATE SET answer = excluded.answer, at = excluded.at",
                )
                .bind(self.m.id)
                .bind(self.me())
                .bind(slot as i64)
                .bind(a.as_str())
                .bind(now())
                .execute(&mut *tx)
                .await?;
            }
            self.commit(tx).await
        }

        /// The animateur chooses the date: invitations go in the app at
        /// once, and by e-mail to each professional once committed.
        pub async fn choose(&self, slot: usize) -> Result<(), AppError> {
            self.door.require(Ask::Animate)?;
            if slot >= DATES {
                return Err(invalid(Field::Slot, MeetingError::UnknownDate));
            }
            let (mut tx, _) = self.begin(Move::ChooseDate, |_| Ask::Animate).await?;
            let at = slot_at(&mut tx, self.m.id, slot).await?;
            let t = now();
            sqlx::query(
                "UPDATE meetings SET stage = 'scheduled', chosen_slot = $1, chosen_at = $2, invited_at = $2 WHERE id = $3",
            )
            .bind(slot as i64)
            .bind(t)
            .bind(self.m.id)
            .execute(&mut *tx)
            .await?;
            record(&mut tx, self.m.id, self.me(), "chosen", None, &written_out(at)).await?;
            let current = guest_ids_now(&mut tx, self.door.row(), self.m.id, t).await?;
            let mails = crate::mail::invitations(&mut tx, self.m.id, &current, at, &self.m.place, t).await?;
            self.commit(tx).await?;
            crate::mail::send_all(self.door.pool(), mails).await;
            Ok(())
        }

        pub async fn invite_new_members(&self) -> Result<(), AppError> {
            self.door.require(Ask::Animate)?;
            let mut tx = begin_write(self.door.pool()).await?;
            lock(&mut tx, self.door.id()).await?;
            let m = row(&mut tx, self.m.id).await?.ok_or(AppError::NotFound)?;
            if matches!(m.stage, Stage::Closed) {
                return Err(invalid(Field::Meeting, MeetingError::WrongStage));
            }
            let t = now();
            let (invited_before,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM meeting_invitees WHERE meeting_id = $1")
                .bind(self.m.id)
                .fetch_one(&mut *tx)
                .await?;
            for (staff, _, _) in members(&mut tx, self.door.id(), t).await? {
                invite(&mut tx, self.m.id, staff, t).await?;
            }
            let (invited_after,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM meeting_invitees WHERE meeting_id = $1")
                .bind(self.m.id)
                .fetch_one(&mut *tx)
                .await?;
            // Once the date is chosen, the newcomers get their invitation too.
            let mut mails = Vec::new();
            if let (Some(slot), true) = (m.chosen, invited_after > invited_before) {
                let at = slot_at(&mut tx, self.m.id, slot).await?;
                let current = guest_ids_now(&mut tx, self.door.row(), self.m.id, t).await?;
                mails = crate::mail::invitations(&mut tx, self.m.id, &current, at, &m.place, t).await?;
            }
            self.commit(tx).await?;
            crate::mail::send_all(self.door.pool(), mails).await;
            Ok(())
        }

        pub async fn start(&self) -> Result<(), AppError> {
            self.door.require(Ask::Animate)?;
            let (mut tx, _) = self.begin(Move::Start, |_| Ask::Animate).await?;
            sqlx::query("UPDATE meetings SET stage = 'running', started_at = $1 WHERE id = $2")
                .bind(now())
                .bind(self.m.id)
                .execute(&mut *tx)
                .await?;
            record(&mut tx, self.m.id, self.me(), "started", None, "").await?;
            self.commit(tx).await
        }

        pub async fn attendance(&self, account: i64, raw: &str) -> Result<(), AppError> {
            self.door.require(Ask::Animate)?;
            let a = Attendance::parse(raw)
                .ok_or(AppError::Invalid { field: Field::Attendance, problem: InputError::UnknownChoice })?;
            let (mut tx, _) = self.begin(Move::Record, |_| Ask::Animate).await?;
            let done = sqlx::query(
                "UPDATE meeting_invitees SET attendance = $1, attendance_at = $2 WHERE meeting_id = $3 AND account_id = $4",
            )
            .bind(a.as_str())
            .bind(now())
            .bind(self.m.id)
            .bind(account)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(AppError::Invalid { field: Field::Attendance, problem: InputError::UnknownChoice });
            }
            let name = display_name(&mut tx, account).await?;
            record(&mut tx, self.m.id, self.me(), "attendance", None, &format!("{name} : {}", a.label())).await?;
            self.commit(tx).await
        }

        pub async fn charter_read(&self) -> Result<(), AppError> {
            self.door.require(Ask::Animate)?;
            let (mut tx, _) = self.begin(Move::Record, |_| Ask::Animate).await?;
            let done = sqlx::query("UPDATE meetings SET charter_read_at = $1 WHERE id = $2 AND charter_read_at IS NULL")
                .bind(now())
                .bind(self.m.id)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 1 {
                record(&mut tx, self.m.id, self.me(), "charter", None, "").await?;
            }
            self.commit(tx).await
        }

        fn kind(raw: &str) -> Result<Kind, AppError> {
            Kind::parse(raw).ok_or(AppError::Invalid { field: Field::Kind, problem: InputError::UnknownChoice })
        }

        pub async fn set_topic(&self, raw: &str, open: bool) -> Result<(), AppError> {
            self.door.require(Ask::Manage)?;
            let kind = Self::kind(raw)?;
            let mut tx = begin_write(self.door.pool()).await?;
            lock(&mut tx, self.door.id()).await?;
            self.door.require_held(&mut tx, &[Ask::Manage]).await?;
            let m = row(&mut tx, self.m.id).await?.ok_or(AppError::NotFound)?;
            if m.stage == Stage::Closed {
                return Err(invalid(Field::Meeting, MeetingError::WrongStage));
            }
            let t = now();
            let done = sqlx::query(
                "UPDATE meeting_topics SET open = $1, closed_at = CASE WHEN $1 = 0 THEN $2 ELSE NULL END,
                 priority = CASE WHEN $1 = 0 THEN NULL ELSE priority END WHERE meeting_id = $3 AND kind = $4",
            )
            .bind(i64::from(open))
            .bind(t)
            .bind(self.m.id)
            .bind(kind.as_str())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(AppError::Invalid { field: Field::Kind, problem: InputError::UnknownChoice });
            }
            // "Je ne veux pas en parler": what was written there goes, and
            // the record keeps only that she closed a subject (not which).
            if !open {
                sqlx::query(
                    "DELETE FROM actions WHERE objective_id IN (SELECT id FROM objectives WHERE meeting_id = $1 AND kind = $2)",
                )
                .bind(self.m.id)
                .bind(kind.as_str())
                .execute(&mut *tx)
                .await?;
                for table in ["objectives", "meeting_notes", "meeting_record"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE meeting_id = $1 AND kind = $2"))
                        .bind(self.m.id)
                        .bind(kind.as_str())
                        .execute(&mut *tx)
                        .await?;
                }
                if m.stage == Stage::Running {
                    record(&mut tx, self.m.id, self.me(), "topic_closed", None, "").await?;
                }
            }
            self.commit(tx).await
        }

        pub async fn tap_priority(&self, raw: &str) -> Result<(), AppError> {
            self.door.require(Ask::Manage)?;
            let kind = Self::kind(raw)?;
            let mut tx = begin_write(self.door.pool()).await?;
            lock(&mut tx, self.door.id()).await?;
            self.door.require_held(&mut tx, &[Ask::Manage]).await?;
            let m = row(&mut tx, self.m.id).await?.ok_or(AppError::NotFound)?;
            if m.stage == Stage::Closed {
                return Err(invalid(Field::Meeting, MeetingError::WrongStage));
            }
            let topics = topics_of(&mut tx, self.m.id).await?;
            if !topics.iter().any(|(k, _, _)| *k == kind) {
                return Err(AppError::Invalid { field: Field::Kind, problem: InputError::UnknownChoice });
            }
            let mut ranked: Vec<(usize, Kind)> = topics.iter().filter_map(|(k, _, p)| p.map(|p| (p, *k))).collect();
            ranked.sort();
            let now_ranked = rules::tap(&ranked.into_iter().map(|(_, k)| k).collect::<Vec<_>>(), kind);
            sqlx::query("UPDATE meeting_topics SET priority = NULL WHERE meeting_id = $1")
                .bind(self.m.id)
                .execute(&mut *tx)
                .await?;
            for (i, k) in now_ranked.iter().enumerate() {
                sqlx::query("UPDATE meeting_topics SET priority = $1 WHERE meeting_id = $2 AND kind = $3")
                    .bind(i as i64 + 1)
                    .bind(self.m.id)
                    .bind(k.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
            self.commit(tx).await
        }

        /// Writing about one life area at the meeting: while it runs, by
        /// her or an invited member who may read that area, on an area she
        /// left open.
        async fn begin_writing(&self, kind: Kind) -> Result<sqlx::Transaction<'static, sqlx::Any>, AppError> {
            self.door.require(Ask::Note { item: Item::of_kind(kind), invited: self.invited })?;
            let (mut tx, _) = self.begin(Move::Record, |invited| Ask::Note { item: Item::of_kind(kind), invited }).await?;
            let topics = topics_of(&mut tx, self.m.id).await?;
            if !topics.iter().any(|(k, open, _)| *k == kind && *open) {
                return Err(invalid(Field::Kind, MeetingError::TopicClosed));
            }
            Ok(tx)
        }

        pub async fn add_note(&self, raw_kind: &str, what: &str, body: &str) -> Result<(), AppError> {
            let kind = Self::kind(raw_kind)?;
            let what =
                NoteKind::parse(what).ok_or(AppError::Invalid { field: Field::NoteKind, problem: InputError::UnknownChoice })?;
            let body = text(Field::Body, body)?;
            let mut tx = self.begin_writing(kind).await?;
            sqlx::query(
                "INSERT INTO meeting_notes (meeting_id, kind, what, body, author_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(self.m.id)
            .bind(kind.as_str())
            .bind(what.as_str())
            .bind(&body)
            .bind(self.me())
            .bind(now())
            .execute(&mut *tx)
            .await?;
            record(&mut tx, self.m.id, self.me(), what.as_str(), Some(kind), &body).await?;
            self.commit(tx).await
        }

        pub async fn add_objective(&self, raw_kind: &str, body: &str) -> Result<(), AppError> {
            let kind = Self::kind(raw_kind)?;
            let body = text(Field::Body, body)?;
            let mut tx = self.begin_writing(kind).await?;
            sqlx::query("INSERT INTO objectives (meeting_id, kind, body, author_id, at) VALUES ($1, $2, $3, $4, $5)")
                .bind(self.m.id)
                .bind(kind.as_str())
                .bind(&body)
                .bind(self.me())
                .bind(now())
                .execute(&mut *tx)
                .await?;
            record(&mut tx, self.m.id, self.me(), "objective", Some(kind), &body).await?;
            self.commit(tx).await
        }

        pub async fn add_action(&self, objective: i64, what: &str, who: i64, due: &str, means: &str) -> Result<(), AppError> {
            let what = text(Field::What, what)?;
            // The means may be left out ("nothing special").
            let means = if means.trim().is_empty() { String::new() } else { text(Field::Means, means)? };
            let due_at = rules::parse_local(&format!("{}T12:00", due.trim())).map_err(|e| invalid(Field::Due, e))?;
            if due_at <= now() {
                return Err(invalid(Field::Due, MeetingError::InThePast));
            }
            let found = self.objective_kind(&mut *self.door.pool().acquire().await?, objective).await?;
            let kind = found.ok_or(AppError::NotFound)?;
            let her = self.door.row().owner;
            if who == her {
                // Her own actions: in the words she reads everywhere else.
                rules::check_plain_for_her(&what).map_err(|e| invalid(Field::What, e))?;
                rules::check_plain_for_her(&means).map_err(|e| invalid(Field::Means, e))?;
            }
            let mut tx = self.begin_writing(kind).await?;
            // The objective may have gone with its area since it was read.
            if self.objective_kind(&mut tx, objective).await? != Some(kind) {
                return Err(invalid(Field::Kind, MeetingError::TopicClosed));
            }
            let who_name = if who == her {
                self.door.row().person_name.clone()
            } else {
                // A member of her équipe, who may read what the action is about.
                let known = Known::load(&mut tx, self.door.row(), who).await.map_err(|_| bad_who())?;
                let t_now = now();
                if !known.is_member(t_now) || !known.decide(Ask::Read(Item::of_kind(kind)), t_now).allowed {
                    return Err(bad_who());
                }
                display_name(&mut tx, who).await?
            };
            sqlx::query(
                "INSERT INTO actions (objective_id, what, who_id, due_at, means, author_id, at, meeting_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(objective)
            .bind(&what)
            .bind(who)
            .bind(due_at)
            .bind(&means)
            .bind(self.me())
            .bind(now())
            .bind(self.m.id)
            .execute(&mut *tx)
            .await?;
            record(&mut tx, self.m.id, self.me(), "action", Some(kind), &format!("{what} ({who_name}, {})", long_date(due_at)))
                .await?;
            self.commit(tx).await
        }

        /// The life area of an objective alive at this meeting (written at
        /// it, or carried from an earlier one of her dossier).
        async fn objective_kind(&self, conn: &mut AnyConnection, objective: i64) -> Result<Option<Kind>, AppError> {
            Ok(livret::objectives_at(conn, self.door.id(), self.m.id)
                .await?
                .into_iter()
                .find(|o| o.id == objective)
                .map(|o| o.kind))
        }

        pub async fn set_bilan(&self, objective: i64, raw: &str) -> Result<(), AppError> {
            let bilan = Bilan::parse(raw).ok_or(AppError::Invalid { field: Field::Bilan, problem: InputError::UnknownChoice })?;
            let alive = livret::objectives_at(&mut *self.door.pool().acquire().await?, self.door.id(), self.m.id).await?;
            let o = alive.into_iter().find(|o| o.id == objective && o.meeting < self.m.id).ok_or(AppError::NotFound)?;
            let mut tx = self.begin_writing(o.kind).await?;
            sqlx::query(
                "INSERT INTO objective_bilans (objective_id, meeting_id, bilan, by_id, at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (objective_id, meeting_id) DO UPDATE SET bilan = excluded.bilan, by_id = excluded.by_id, at = excluded.at",
            )
            .bind(objective)
            .bind(self.m.id)
            .bind(bilan.as_str())
            .bind(self.me())
            .bind(now())
            .execute(&mut *tx)
            .await?;
            record(&mut tx, self.m.id, self.me(), "bilan", Some(o.kind), &format!("{} ({})", o.body, bilan.label())).await?;
            self.commit(tx).await
        }

        pub async fn propose_referent(&self, staff: i64) -> Result<(), AppError> {
            let (mut tx, _) = self.begin(Move::Record, |invited| Ask::Invitee { invited }).await?;
            let t = now();
            let known = Known::load(&mut tx, self.door.row(), staff).await.map_err(|_| bad_staff())?;
            if !known.is_member(t) {
                return Err(bad_staff());
            }
            sqlx::query(
                "INSERT INTO referent_proposals (meeting_id, staff_id, proposed_by, proposed_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (meeting_id, staff_id) DO NOTHING",
            )
            .bind(self.m.id)
            .bind(staff)
            .bind(self.me())
            .bind(t)
            .execute(&mut *tx)
            .await?;
            let name = display_name(&mut tx, staff).await?;
            record(&mut tx, self.m.id, self.me(), "referent_proposed", None, &name).await?;
            self.commit(tx).await
        }

        /// Her yes (she is the caller) or his own (he is the one proposed).
        /// Nobody says yes for another.
        pub async fn accept_referent(&self, proposal: i64) -> Result<(), AppError> {
            let (mut tx, _) = self.begin(Move::Record, |invited| Ask::Invitee { invited }).await?;
            let found: Option<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
                "SELECT staff_id, her_yes_at, his_yes_at FROM referent_proposals WHERE id = $1 AND meeting_id = $2",
            )
            .bind(proposal)
            .bind(self.m.id)
            .fetch_optional(&mut *tx)
            .await?;
            let (staff, her, his) = found.ok_or(AppError::NotFound)?;
            let t = now();
            let (her, his, what) = if self.is_her() {
                sqlx::query("UPDATE referent_proposals SET her_yes_at = $1 WHERE id = $2")
                    .bind(t)
                    .bind(proposal)
                    .execute(&mut *tx)
                    .await?;
                (Some(t), his, "her_yes")
            } else if self.me() == staff {
                sqlx::query("UPDATE referent_proposals SET his_yes_at = $1 WHERE id = $2")
                    .bind(t)
                    .bind(proposal)
                    .execute(&mut *tx)
                    .await?;
                (her, Some(t), "his_yes")
            } else {
                return Err(AppError::Forbidden);
            };
            let name = display_name(&mut tx, staff).await?;
            record(&mut tx, self.m.id, self.me(), what, None, &name).await?;
            // He may have left her équipe since he was proposed.
            let still_member = Known::load(&mut tx, self.door.row(), staff).await?.is_member(t);
            if rules::referent_agreed(her, his).is_ok() && still_member {
                sqlx::query("UPDATE dossiers SET referent_id = $1, referent_since = $2 WHERE id = $3")
                    .bind(staff)
                    .bind(t)
                    .bind(self.door.id())
                    .execute(&mut *tx)
                    .await?;
                record(&mut tx, self.m.id, self.me(), "referent", None, &name).await?;
            }
            self.commit(tx).await
        }

        pub async fn set_review(&self, raw: &str) -> Result<(), AppError> {
            self.door.require(Ask::Animate)?;
            let at = rules::parse_local(raw).map_err(|e| invalid(Field::Review, e))?;
            if at <= now() {
                return Err(invalid(Field::Review, MeetingError::InThePast));
            }
            if at > now() + rules::FURTHEST {
                return Err(invalid(Field::Review, MeetingError::TooFar));
            }
            let (mut tx, _) = self.begin(Move::Record, |_| Ask::Animate).await?;
            sqlx::query("UPDATE meetings SET review_at = $1 WHERE id = $2").bind(at).bind(self.m.id).execute(&mut *tx).await?;
            record(&mut tx, self.m.id, self.me(), "review", None, &written_out(at)).await?;
            self.commit(tx).await
        }

        pub async fn close(&self) -> Result<(), AppError> {
            self.door.require(Ask::Animate)?;
            let (mut tx, _) = self.begin(Move::Close, |_| Ask::Animate).await?;
            // Each objective of before that was discussed gets its bilan
            // before the new version of her livret.
            if !livret::missing_bilans(&mut tx, self.door.id(), self.m.id).await?.is_empty() {
                return Err(AppError::Invalid { field: Field::Bilan, problem: InputError::Livret(LivretError::BilanMissing) });
            }
            sqlx::query("UPDATE meetings SET stage = 'closed', closed_at = $1 WHERE id = $2")
                .bind(now())
                .bind(self.m.id)
                .execute(&mut *tx)
                .await?;
            record(&mut tx, self.m.id, self.me(), "closed", None, "").await?;
            livret::write_version(&mut tx, self.door.row(), self.m.id).await?;
            self.commit(tx).await
        }

        /// The meeting as the caller receives it.
        pub async fn view(&self) -> Result<MeetingView, AppError> {
            let pool = self.door.pool();
            let mut conn = pool.acquire().await?;
            let her = self.door.row().owner;
            let animates = self.animates();
            let t = now();
            let slots: Vec<(i64, i64)> = sqlx::query_as("SELECT slot, at FROM meeting_slots WHERE meeting_id = $1 ORDER BY slot")
                .bind(self.m.id)
                .fetch_all(&mut *conn)
                .await?;
            let dates: Vec<DateChoice> = slots
                .iter()
                .map(|(slot, at)| DateChoice {
                    slot: *slot as usize,
                    written: written_out(*at),
                    short_notice: rules::short_notice(*at, t),
                })
                .collect();
            let date = self.m.chosen.and_then(|c| dates.get(c)).map(|d| d.written.clone());
            // Guests; their answers for the animateur, his own for each.
            let rows: Vec<(i64, String, Option<String>, Option<String>)> = sqlx::query_as(
                "SELECT a.id, a.display_name, a.function, i.attendance FROM meeting_invitees i JOIN accounts a ON a.id = i.account_id
                 WHERE i.meeting_id = $1 ORDER BY CASE WHEN a.id = $2 THEN 0 ELSE 1 END, a.display_name, a.id",
            )
            .bind(self.m.id)
            .bind(her)
            .fetch_all(&mut *conn)
            .await?;
            let answers: Vec<(i64, i64, String)> =
                sqlx::query_as("SELECT account_id, slot, answer FROM meeting_answers WHERE meeting_id = $1")
                    .bind(self.m.id)
                    .fetch_all(&mut *conn)
                    .await?;
            // Loaded once: who is still a guest, and what each may read.
            let current = guests_now(&mut conn, self.door.row(), self.m.id, t).await?;
            let guests: Vec<Guest> = rows
                .into_iter()
                .filter(|(id, ..)| current.iter().any(|(c, _)| c == id))
                .map(|(id, name, function, attendance)| {
                    let mut a = vec![None; DATES];
                    if animates || id == self.me() {
                        for (acc, slot, ans) in &answers {
                            if *acc == id
                                && let Some(cell) = a.get_mut(*slot as usize)
                            {
                                *cell = Availability::parse(ans);
                            }
                        }
                    }
                    Guest {
                        account_id: id,
                        name,
                        function: function.as_deref().and_then(Function::parse),
                        is_her: id == her,
                        answers: a,
                        attendance: attendance.as_deref().and_then(Attendance::parse),
                    }
                })
                .collect();
            // Her life areas, and what may be shown of each. The
            // animateur's screen is the one projected in the room: it shows
            // an area only if every guest still there may read it.
            let all_topics = topics_of(&mut conn, self.m.id).await?;
            let room = animates && !self.is_her();
            let mut in_room: Vec<Kind> = Kind::ALL.to_vec();
            if room {
                for g in
                    guests.iter().filter(|g| !g.is_her && !matches!(g.attendance, Some(Attendance::Absent | Attendance::Excused)))
                {
                    let Some((_, known)) = current.iter().find(|(c, _)| *c == g.account_id) else { continue };
                    in_room.retain(|k| known.decide(Ask::Read(Item::of_kind(*k)), t).allowed);
                }
                in_room.retain(|k| self.door.decide(Ask::Read(Item::of_kind(*k))).allowed);
            }
            let open_pairs: Vec<(Kind, bool)> = all_topics.iter().map(|(k, o, _)| (*k, *o && in_room.contains(k))).collect();
            let open: Vec<Kind> = open_pairs.iter().filter(|(_, o)| *o).map(|(k, _)| *k).collect();
            let mut ranked: Vec<(usize, Kind)> = all_topics.iter().filter_map(|(k, _, p)| p.map(|p| (p, *k))).collect();
            ranked.sort();
            let priorities: Vec<Kind> = ranked.iter().map(|(_, k)| *k).collect();
            // An animateur she removed from her équipe runs the meeting
            // reading nothing of her demande (the door would refuse him).
            // What is released is journaled, with a connection of its own:
            // none is held meanwhile (a request holding one while it waits
            // for another stalls every request once the pool is taken:
            // tests/pool.rs).
            drop(conn);
            let demande: Vec<Answer> = if self.door.decide(Ask::Follow).allowed {
                self.door.at_meeting(|k| shown(&open_pairs, k)).await?
            } else {
                Vec::new()
            };
            let notes = self.notes(pool, &open_pairs).await?;
            let objectives = self.objectives(pool, &open_pairs).await?;
            let record = self.record(pool, &open_pairs).await?;
            let mut conn = pool.acquire().await?;
            // Her ranks, counted only among the areas this caller is shown:
            // a gap would tell him a higher one exists.
            // Others: the open areas the policy lets them read.
            let readable: Vec<Kind> =
                open.iter().copied().filter(|k| self.door.decide(Ask::Read(Item::of_kind(*k))).allowed).collect();
            let shown_ranked: Vec<Kind> = priorities.iter().copied().filter(|k| self.is_her() || readable.contains(k)).collect();
            let rank = |k: Kind| shown_ranked.iter().position(|x| *x == k).map(|i| i + 1);
            let topic = |kind: Kind, open: bool| Topic {
                kind,
                open,
                priority: rank(kind),
                answers: demande
                    .iter()
                    .filter(|a| {
                        crate::dossier::ssr::item_of(&a.field).is_some_and(|i| i.kind == kind) && !a.value.trim().is_empty()
                    })
                    .filter_map(|a| question(&a.field).map(|(_, q)| (q.label.to_owned(), a.value.clone())))
                    .collect(),
                notes: notes.iter().filter(|(k, _)| *k == kind).map(|(_, n)| n.clone()).collect(),
                objectives: objectives.iter().filter(|(k, _)| *k == kind).map(|(_, o)| o.clone()).collect(),
            };
            let topics = if self.is_her() {
                // Hers: every area she wrote about, her order first.
                let mut order = priorities.clone();
                let rest: Vec<Kind> =
                    Kind::ALL.into_iter().filter(|k| all_topics.iter().any(|(x, _, _)| x == k) && !order.contains(k)).collect();
                order.extend(rest);
                order
                    .into_iter()
                    .filter_map(|k| all_topics.iter().find(|(x, _, _)| *x == k).map(|(k, o, _)| topic(*k, *o)))
                    .collect()
            } else {
                // Others: what they may read, her order.
                agenda(&readable, &priorities).into_iter().map(|k| topic(k, true)).collect()
            };
            let proposals: Vec<ProposalRow> = sqlx::query_as(
                "SELECT p.id, p.staff_id, a.display_name, a.function, p.her_yes_at, p.his_yes_at FROM referent_proposals p
                 JOIN accounts a ON a.id = p.staff_id WHERE p.meeting_id = $1 ORDER BY p.id",
            )
            .bind(self.m.id)
            .fetch_all(&mut *conn)
            .await?;
            let animateur = self.door.row().animateur;
            let candidates = members(&mut conn, self.door.id(), t)
                .await?
                .into_iter()
                .map(|(staff_id, name, function)| Candidate {
                    staff_id,
                    name,
                    function,
                    suggested: rules::suggested_as_referent(function, animateur == Some(staff_id)),
                })
                .collect();
            let referent: Option<(Option<String>,)> = sqlx::query_as(
                "SELECT a.display_name FROM dossiers d LEFT JOIN accounts a ON a.id = d.referent_id WHERE d.id = $1",
            )
            .bind(self.door.id())
            .fetch_optional(&mut *conn)
            .await?;
            let mail_failures = if animates {
                let rows: Vec<(String,)> = sqlx::query_as(
                    "SELECT a.display_name FROM mail_outbox o JOIN accounts a ON a.id = o.recipient_id
                     WHERE o.meeting_id = $1 AND o.sent_at IS NULL ORDER BY a.display_name",
                )
                .bind(self.m.id)
                .fetch_all(&mut *conn)
                .await?;
                rows.into_iter().map(|(n,)| n).collect()
            } else {
                Vec::new()
            };
            Ok(MeetingView {
                meeting_id: self.m.id,
                dossier_id: self.door.id(),
                person_name: self.door.row().person_name.clone(),
                person_id: her,
                stage: self.m.stage,
                place: self.m.place.clone(),
                dates,
                chosen: self.m.chosen,
                date,
                guests,
                me: self.me(),
                is_her: self.is_her(),
                i_animate: animates,
                charter_read_on: self.m.charter_read_at.map(long_date_time),
                topics,
                proposals: proposals
                    .into_iter()
                    .map(|(id, staff_id, name, function, her, his)| ReferentProposal {
                        id,
                        staff_id,
                        name,
                        function: function.as_deref().and_then(Function::parse),
                        her_yes: her.is_some(),
                        his_yes: his.is_some(),
                    })
                    .collect(),
                candidates,
                referent: referent.and_then(|(n,)| n),
                review_on: self.m.review_at.map(written_out),
                record,
                revision: self.door.row().revision,
                mail_failures,
            })
        }

        // These three read on the pool and hold no connection while the
        // door journals what it releases.
        async fn notes(&self, pool: &AnyPool, open: &[(Kind, bool)]) -> Result<Vec<(Kind, NoteView)>, AppError> {
            let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
                "SELECT n.id, n.kind, n.what, n.body, a.display_name FROM meeting_notes n JOIN accounts a ON a.id = n.author_id
                 WHERE n.meeting_id = $1 ORDER BY n.id",
            )
            .bind(self.m.id)
            .fetch_all(pool)
            .await?;
            let items = rows
                .into_iter()
                .filter_map(|(id, kind, what, body, author)| {
                    let kind = Kind::parse(&kind).filter(|k| shown(open, *k))?;
                    Some((kind, (kind, NoteView { id, what: NoteKind::parse(&what)?, body, author })))
                })
                .collect();
            self.door.release(items, Exit::Meeting).await
        }

        async fn objectives(&self, pool: &AnyPool, open: &[(Kind, bool)]) -> Result<Vec<(Kind, ObjectiveView)>, AppError> {
            let alive = livret::objectives_at(&mut *pool.acquire().await?, self.door.id(), self.m.id).await?;
            let her = self.door.row().owner;
            let actions = livret::actions_of(&mut *pool.acquire().await?, self.door.id(), her).await?;
            let items = alive
                .into_iter()
                .filter(|o| shown(open, o.kind))
                .map(|o| {
                    let acts = actions
                        .iter()
                        .filter(|r| r.objective == o.id)
                        .map(|livret::ActionRow { action: a, .. }| ActionView {
                            id: a.id,
                            what: a.what.clone(),
                            who: a.who.clone(),
                            who_is_her: a.who_is_her,
                            due: a.due.clone(),
                            means: a.means.clone(),
                            state: a.state,
                        })
                        .collect();
                    let view = ObjectiveView {
                        id: o.id,
                        body: o.body,
                        author: o.author,
                        actions: acts,
                        carried: o.meeting < self.m.id,
                        bilan: o.bilan,
                    };
                    (o.kind, (o.kind, view))
                })
                .collect();
            self.door.release(items, Exit::Meeting).await
        }

        async fn record(&self, pool: &AnyPool, open: &[(Kind, bool)]) -> Result<Vec<RecordLine>, AppError> {
            let rows: Vec<(String, Option<String>, String, String, i64)> = sqlx::query_as(
                "SELECT a.display_name, r.kind, r.what, r.detail, r.at FROM meeting_record r JOIN accounts a ON a.id = r.actor_id
                 WHERE r.meeting_id = $1 ORDER BY r.id",
            )
            .bind(self.m.id)
            .fetch_all(pool)
            .await?;
            let mut plain = Vec::new();
            let mut of_kind = Vec::new();
            for (who, kind, what, detail, at) in rows {
                let line = RecordLine { who, text: record_text(&what, &detail), on: long_date_time(at) };
                match kind.as_deref().map(Kind::parse) {
                    None => plain.push((at, plain.len() + of_kind.len(), line)),
                    Some(Some(k)) if shown(open, k) => of_kind.push((k, (at, plain.len() + of_kind.len(), line))),
                    // An unknown kind, or an area she closed: not shown.
                    Some(_) => {}
                }
            }
            let mut lines = plain;
            lines.extend(self.door.release(of_kind, Exit::Meeting).await?);
            lines.sort_by_key(|(at, i, _)| (*at, *i));
            Ok(lines.into_iter().map(|(_, _, l)| l).collect())
        }
    }

    fn bad_who() -> AppError {
        AppError::Invalid { field: Field::Who, problem: InputError::Meeting(MeetingError::WhoCannotSee) }
    }

    fn bad_staff() -> AppError {
        AppError::Invalid { field: Field::Staff, problem: InputError::UnknownChoice }
    }

    /// A line of the record in words.
    fn record_text(what: &str, detail: &str) -> String {
        let label = match what {
            "dates" => t::RECORD_DATES,
            "chosen" => t::RECORD_CHOSEN,
            "started" => t::RECORD_STARTED,
            "attendance" => t::RECORD_ATTENDANCE,
            "charter" => t::RECORD_CHARTER,
            "topic_closed" => t::RECORD_TOPIC_CLOSED,
            "strength" => t::RECORD_STRENGTH,
            "need" => t::RECORD_NEED,
            "note" => t::RECORD_NOTE,
            "objective" => t::RECORD_OBJECTIVE,
            "action" => t::RECORD_ACTION,
            "referent_proposed" => t::RECORD_REFERENT_PROPOSED,
            "her_yes" => t::RECORD_HER_YES,
            "his_yes" => t::RECORD_HIS_YES,
            "referent" => t::RECORD_REFERENT,
            "review" => t::RECORD_REVIEW,
            "closed" => t::RECORD_CLOSED,
            "bilan" => t::RECORD_BILAN,
            _ => "",
        };
        // Three dates make one sentence each (one line of 24 words was too long to read).
        let detail = if what == "dates" { detail.replace(" ; ", ". ") } else { detail.to_owned() };
        if detail.is_empty() { label.to_owned() } else { format!("{label} {detail}") }
    }

    /// Her life areas at the meeting: (kind, open, priority).
    /// A référent proposal as stored: id, staff, name, function, her yes, his yes.
    type ProposalRow = (i64, i64, String, Option<String>, Option<i64>, Option<i64>);

    /// The guests who still are: her, and each invited account the policy
    /// still lets in (a member she removed since is no longer one), each
    /// with what the policy knows of him.
    async fn guests_now(
        conn: &mut AnyConnection,
        dossier: &crate::dossier::ssr::Row,
        meeting: i64,
        t: i64,
    ) -> Result<Vec<(i64, Known)>, AppError> {
        let invited: Vec<(i64,)> = sqlx::query_as("SELECT account_id FROM meeting_invitees WHERE meeting_id = $1")
            .bind(meeting)
            .fetch_all(&mut *conn)
            .await?;
        let mut out = Vec::new();
        for (id,) in invited {
            let known = Known::load(conn, dossier, id).await?;
            if id == dossier.owner || known.decide(Ask::Invitee { invited: true }, t).allowed {
                out.push((id, known));
            }
        }
        Ok(out)
    }

    async fn guest_ids_now(
        conn: &mut AnyConnection,
        dossier: &crate::dossier::ssr::Row,
        meeting: i64,
        t: i64,
    ) -> Result<Vec<i64>, AppError> {
        Ok(guests_now(conn, dossier, meeting, t).await?.into_iter().map(|(id, _)| id).collect())
    }

    /// When one of the three dates is.
    async fn slot_at(conn: &mut AnyConnection, meeting: i64, slot: usize) -> Result<i64, AppError> {
        let (at,): (i64,) = sqlx::query_as("SELECT at FROM meeting_slots WHERE meeting_id = $1 AND slot = $2")
            .bind(meeting)
            .bind(slot as i64)
            .fetch_one(conn)
            .await?;
        Ok(at)
    }

    /// The name an account shows to others.
    async fn display_name(conn: &mut AnyConnection, account: i64) -> Result<String, AppError> {
        let (name,): (String,) =
            sqlx::query_as("SELECT display_name FROM accounts WHERE id = $1").bind(account).fetch_one(conn).await?;
        Ok(name)
    }

    async fn topics_of(conn: &mut AnyConnection, meeting: i64) -> Result<Vec<(Kind, bool, Option<usize>)>, AppError> {
        let rows: Vec<(String, i64, Option<i64>)> =
            sqlx::query_as("SELECT kind, open, priority FROM meeting_topics WHERE meeting_id = $1")
                .bind(meeting)
                .fetch_all(conn)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(k, open, p)| Some((Kind::parse(&k)?, open == 1, p.and_then(|p| usize::try_from(p).ok()))))
            .collect())
    }

    /// A professional's meetings, each through the door (`Ask::Invitee`).
    pub async fn lists(pool: &AnyPool, caller: &Caller) -> Result<MeetingLists, AppError> {
        let t = now();
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT m.id, m.dossier_id FROM meetings m
             WHERE (m.stage <> 'closed' OR m.id = (SELECT MAX(l.id) FROM meetings l WHERE l.dossier_id = m.dossier_id))
               AND m.id IN (SELECT a.id FROM meetings a WHERE a.animateur_id = $1
                            UNION SELECT i.meeting_id FROM meeting_invitees i WHERE i.account_id = $1)
             ORDER BY m.id",
        )
        .bind(caller.id)
        .fetch_all(pool)
        .await?;
        let mut out = MeetingLists::default();
        for (id, _) in rows {
            let Ok(at) = AtMeeting::open(pool, caller, id).await else { continue };
            let (answered,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM meeting_answers WHERE meeting_id = $1 AND account_id = $2")
                    .bind(id)
                    .bind(caller.id)
                    .fetch_one(pool)
                    .await?;
            let date = match at.m.chosen {
                Some(slot) => Some(written_out(slot_at(&mut *pool.acquire().await?, id, slot).await?)),
                None => None,
            };
            let referent: Option<(Option<String>,)> = if at.m.stage == Stage::Closed {
                sqlx::query_as(
                    "SELECT a.display_name FROM dossiers d LEFT JOIN accounts a ON a.id = d.referent_id WHERE d.id = $1",
                )
                .bind(at.door.id())
                .fetch_optional(pool)
                .await?
            } else {
                None
            };
            let line = MeetingLine {
                meeting_id: id,
                dossier_id: at.door.id(),
                person_name: at.door.row().person_name.clone(),
                stage: at.m.stage,
                date,
                place: at.m.place.clone(),
                i_animate: at.animates(),
                referent: referent.and_then(|(n,)| n),
                review_on: at.m.review_at.filter(|_| at.m.stage == Stage::Closed).map(written_out),
            };
            if at.m.stage == Stage::Closed {
                out.done.push(line);
            } else if at.m.stage == Stage::Proposed && at.invited && answered == 0 {
                out.to_answer.push(line);
            } else {
                out.coming.push(line);
            }
        }
        // The animateur's validated demandes with no date yet.
        let waiting: Vec<(i64, i64, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT d.id, COALESCE(d.decided_at, d.created_at),
                    (SELECT m.id FROM meetings m WHERE m.dossier_id = d.id ORDER BY m.id DESC LIMIT 1),
                    (SELECT m.stage FROM meetings m WHERE m.dossier_id = d.id ORDER BY m.id DESC LIMIT 1)
             FROM dossiers d WHERE d.animateur_id = $1 AND d.state = 'validated' ORDER BY d.decided_at, d.id",
        )
        .bind(caller.id)
        .fetch_all(pool)
        .await?;
        for (dossier, since, meeting, stage) in waiting {
            if !matches!(stage.as_deref(), None | Some("proposed")) {
                continue;
            }
            let Ok(door) = animateur_door(pool, caller, dossier).await else { continue };
            out.without_date.push(WaitingLine {
                dossier_id: dossier,
                person_name: door.row().person_name.clone(),
                waiting_days: (t - since).max(0) / 86_400,
                proposed: meeting.is_some(),
            });
        }
        Ok(out)
    }
}
