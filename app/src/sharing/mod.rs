//! Sharing, the I/O side (the rule itself is `domain::sharing`): her équipe,
//! her consent choices (append-only events), the table "qui voit quoi" and
//! the journal "qui a regardé mes informations".
//!
//! Her information leaves only through the door of `dossier`; this module
//! writes her choices and reads them back to her.

use crate::domain::role::Function;
use crate::domain::sharing::{Kind, Reason};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The version of the explanation she reads before choosing; kept with
/// every consent event, so one can prove what she was told.
pub const NOTICE_VERSION: u32 = 1;

/// A professional of her équipe, as she reads it (no photo).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub staff_id: i64,
    pub name: String,
    pub function: Option<Function>,
    pub institution: String,
    pub mission: String,
}

/// Her choice for one professional and one kind, and what it means now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub kind: Kind,
    pub granted: bool,
    /// The kind belongs to this professional's mission.
    pub in_mission: bool,
    pub allowed: bool,
    pub reason: Reason,
    /// Why the animateur let him see this kind outside his mission.
    pub exception: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberSharing {
    pub member: Member,
    pub choices: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharingView {
    pub members: Vec<MemberSharing>,
    /// Professionals of her MDS she may add to her équipe.
    pub directory: Vec<Member>,
}

/// One exception to a mission perimeter, recorded by the animateur.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exception {
    pub staff_id: i64,
    pub name: String,
    pub kind: Kind,
    pub reason: String,
}

/// What the animateur needs to record exceptions: the équipe (names and
/// functions only, nothing of the person) and the exceptions so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExceptionsView {
    pub members: Vec<Member>,
    pub exceptions: Vec<Exception>,
}

pub use crate::dossier::{JournalEntry, SharedDemandeView};

/// "Voir comme": her demande as one member of her équipe receives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeenAs {
    pub member: Member,
    pub view: SharedDemandeView,
}

/// Her équipe and her choices for each of its professionals.
#[server(endpoint = "my_sharing", output = crate::wire::Json)]
pub async fn my_sharing() -> Result<SharingView, AppError> {
    let (door, caller) = crate::demande::ssr::own_door().await?;
    ssr::sharing_view(&door, caller.mds_id).await
}

/// "Voir comme": her demande exactly as this member of her équipe receives
/// it, built by the same door with him as the viewer.
#[server(endpoint = "see_as")]
pub async fn see_as(staff_id: i64) -> Result<SeenAs, AppError> {
    let (door, _) = crate::demande::ssr::own_door().await?;
    let view = door.seen_by(staff_id).await?;
    let member = ssr::member_of(door.pool(), staff_id).await?;
    Ok(SeenAs { member, view })
}

/// A box per kind of information, as a form sends them: a ticked box
/// arrives under its kind's name (`Kind::as_str`), an unticked one does not.
/// Works the same with and without JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KindBoxes {
    pub housing: Option<String>,
    pub health: Option<String>,
    pub money: Option<String>,
    pub family: Option<String>,
    pub work: Option<String>,
    pub mobility: Option<String>,
    pub rights: Option<String>,
    pub justice: Option<String>,
    pub relations: Option<String>,
    pub violence: Option<String>,
    pub other: Option<String>,
}

impl KindBoxes {
    pub fn ticked(&self) -> Vec<Kind> {
        // Fields in the order of `Kind::ALL` (a test checks it).
        let boxes = [
            &self.housing,
            &self.health,
            &self.money,
            &self.family,
            &self.work,
            &self.mobility,
            &self.rights,
            &self.justice,
            &self.relations,
            &self.violence,
            &self.other,
        ];
        Kind::ALL.into_iter().zip(boxes).filter(|(_, b)| b.is_some()).map(|(k, _)| k).collect()
    }
}

/// Saves her choices for one professional: one event per change.
#[server(endpoint = "save_consents", output = crate::wire::Json)]
pub async fn save_consents(staff_id: i64, #[server(flatten)] boxes: KindBoxes) -> Result<(), AppError> {
    let (door, caller) = crate::demande::ssr::own_door().await?;
    ssr::set_consents(door.pool(), door.id(), caller.id, staff_id, &boxes.ticked()).await
}

/// She adds a professional of her MDS to her équipe (sharing nothing yet).
#[server(endpoint = "add_member", output = crate::wire::Json)]
pub async fn add_member(staff_id: i64) -> Result<(), AppError> {
    let (door, caller) = crate::demande::ssr::own_door().await?;
    ssr::add_member(door.pool(), door.id(), staff_id, caller.id, caller.mds_id).await
}

/// She removes a professional from her équipe: he sees nothing from now on.
#[server(endpoint = "remove_member", output = crate::wire::Json)]
pub async fn remove_member(staff_id: i64) -> Result<(), AppError> {
    let (door, caller) = crate::demande::ssr::own_door().await?;
    ssr::remove_member(door.pool(), door.id(), staff_id, caller.id).await
}

#[server(endpoint = "list_exceptions")]
pub async fn list_exceptions(dossier_id: i64) -> Result<ExceptionsView, AppError> {
    use crate::domain::access::Ask;
    let door = ssr::animateur_door(dossier_id).await?;
    door.require(Ask::Animate)?;
    ssr::exceptions_view(&door).await
}

/// The animateur records that a professional needs a kind of information
/// outside his mission for this dossier; the person reads the reason, and
/// her own yes or no still decides. The law's closed kinds stay closed.
#[server(endpoint = "record_exception")]
pub async fn record_exception(dossier_id: i64, staff_id: i64, kind: String, reason: String) -> Result<(), AppError> {
    use crate::domain::credentials::{InputError, Text};
    use crate::error::Field;
    let door = ssr::animateur_door(dossier_id).await?;
    door.require(crate::domain::access::Ask::Animate)?;
    let kind = Kind::parse(&kind).ok_or(AppError::Invalid { field: Field::Kind, problem: InputError::UnknownChoice })?;
    let reason = Text::parse_max(&reason, 1_000).map_err(AppError::invalid(Field::Reason))?;
    ssr::record_exception(&door, staff_id, kind, reason.as_str()).await
}

/// Who opened her information, newest first, and who made her a new sheet.
#[server(endpoint = "my_journal")]
pub async fn my_journal() -> Result<Vec<JournalEntry>, AppError> {
    let (door, _) = crate::demande::ssr::own_door().await?;
    door.journal_lines().await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{Choice, Exception, ExceptionsView, Member, MemberSharing, NOTICE_VERSION, SharingView};
    use crate::domain::access::{Ask, ExceptionTarget};
    use crate::domain::role::{Function, Role};
    use crate::domain::sharing::{Item, Kind};
    use crate::dossier::ssr::{Door, Known, commit_change, end_membership, insert_membership, lock, row};
    use crate::error::AppError;
    use crate::state::now;
    use sqlx::{AnyConnection, AnyPool};

    /// The caller, a head, at a dossier she may animate (the policy says).
    pub async fn animateur_door(dossier: i64) -> Result<Door, AppError> {
        let caller = crate::auth::ssr::require(&[Role::Head]).await?;
        Door::open(&crate::state::pool()?, &caller, dossier).await
    }

    type MemberColumns = (i64, String, Option<String>, Option<String>, Option<String>);

    async fn members(pool: &AnyPool, dossier: i64, now: i64) -> Result<Vec<Member>, AppError> {
        let rows: Vec<MemberColumns> = sqlx::query_as(
            "SELECT a.id, a.display_name, a.function, a.institution, a.mission FROM dossier_members m
             JOIN accounts a ON a.id = m.staff_id
             WHERE m.dossier_id = $1 AND m.since <= $2 AND (m.until IS NULL OR m.until > $2)
             ORDER BY m.since, a.id",
        )
        .bind(dossier)
        .bind(now)
        .fetch_all(pool)
        .await?;
        Ok(rows.into_iter().map(member).collect())
    }

    pub async fn member_of(pool: &AnyPool, staff: i64) -> Result<Member, AppError> {
        let row: Option<MemberColumns> =
            sqlx::query_as("SELECT id, display_name, function, institution, mission FROM accounts WHERE id = $1")
                .bind(staff)
                .fetch_optional(pool)
                .await?;
        row.map(member).ok_or(AppError::NotFound)
    }

    fn member((staff_id, name, function, institution, mission): MemberColumns) -> Member {
        Member {
            staff_id,
            name,
            function: function.as_deref().and_then(Function::parse),
            institution: institution.unwrap_or_default(),
            mission: mission.unwrap_or_default(),
        }
    }

    /// Her équipe and, for each member, what the rule lets through now.
    pub async fn sharing_view(door: &Door, mds: Option<i64>) -> Result<SharingView, AppError> {
        door.require(Ask::Manage)?;
        let t = door.now();
        let pool = door.pool();
        let mut out = Vec::new();
        for m in members(pool, door.id(), t).await? {
            let known = Known::load(&mut *pool.acquire().await?, door.row(), m.staff_id).await?;
            let choices = Kind::ALL
                .into_iter()
                .map(|kind| {
                    let d = known.decide(Ask::Read(Item::of_kind(kind)), t);
                    Choice {
                        kind,
                        granted: known.granted(kind),
                        in_mission: known.in_mission(kind)
                            && known.asker.function.is_some_and(|f| crate::domain::sharing::may_be_in_mission(f, kind)),
                        allowed: d.allowed,
                        reason: match d.why {
                            crate::domain::access::Why::Rule(r) => r,
                            _ => crate::domain::sharing::Reason::NotInTeam,
                        },
                        exception: known.exception(kind).map(str::to_owned),
                    }
                })
                .collect();
            out.push(MemberSharing { member: m, choices });
        }
        let rows: Vec<MemberColumns> = sqlx::query_as(
            "SELECT a.id, a.display_name, a.function, a.institution, a.mission FROM accounts a
             WHERE a.role = 'professional' AND a.mds_id = $1 AND NOT EXISTS (
                 SELECT 1 FROM dossier_members m WHERE m.dossier_id = $2 AND m.staff_id = a.id AND m.until IS NULL)
             ORDER BY a.display_name",
        )
        .bind(mds.unwrap_or(-1))
        .bind(door.id())
        .fetch_all(pool)
        .await?;
        Ok(SharingView { members: out, directory: rows.into_iter().map(member).collect() })
    }

    /// What the policy knows of one professional, read in the transaction
    /// that will write over it, after holding the dossier's row.
    async fn known_in(conn: &mut AnyConnection, dossier: i64, staff: i64) -> Result<Known, AppError> {
        let row = row(&mut *conn, dossier).await?.ok_or(AppError::NotFound)?;
        Known::load(conn, &row, staff).await
    }

    /// Appends one event for each kind whose choice changed.
    pub async fn set_consents(pool: &AnyPool, dossier: i64, by: i64, staff: i64, wanted: &[Kind]) -> Result<(), AppError> {
        let t = now();
        let mut tx = crate::state::begin_write(pool).await?;
        lock(&mut tx, dossier).await?;
        let known = known_in(&mut tx, dossier, staff).await?;
        if !known.is_member(t) {
            return Err(AppError::NotFound);
        }
        for kind in Kind::ALL {
            let want = wanted.contains(&kind);
            if known.granted(kind) == want {
                continue;
            }
            insert_event(&mut tx, dossier, staff, kind, want, t, by).await?;
        }
        commit_change(tx, dossier).await?;
        Ok(())
    }

    /// Adds a professional of the same MDS to the équipe (again, if he left).
    pub async fn add_member(pool: &AnyPool, dossier: i64, staff: i64, by: i64, mds: Option<i64>) -> Result<(), AppError> {
        let found: Option<(String, Option<i64>)> =
            sqlx::query_as("SELECT role, mds_id FROM accounts WHERE id = $1").bind(staff).fetch_optional(pool).await?;
        match found {
            Some((role, m)) if role == Role::Professional.as_str() && m.is_some() && m == mds => {}
            _ => return Err(AppError::NotFound),
        }
        join(pool, dossier, staff, by).await
    }

    /// Makes `staff` a current member of the équipe (no checks: callers do).
    pub async fn join(pool: &AnyPool, dossier: i64, staff: i64, by: i64) -> Result<(), AppError> {
        let mut tx = crate::state::begin_write(pool).await?;
        insert_membership(&mut tx, dossier, staff, by).await?;
        commit_change(tx, dossier).await?;
        Ok(())
    }

    /// Ends his membership, his exceptions, and every yes she gave him
    /// (kept as events): added again later, he starts from nothing.
    pub async fn remove_member(pool: &AnyPool, dossier: i64, staff: i64, by: i64) -> Result<(), AppError> {
        let t = now();
        let mut tx = crate::state::begin_write(pool).await?;
        lock(&mut tx, dossier).await?;
        let known = known_in(&mut tx, dossier, staff).await?;
        let granted: Vec<Kind> = Kind::ALL.into_iter().filter(|k| known.granted(*k)).collect();
        if !end_membership(&mut tx, dossier, staff, t).await? {
            return Err(AppError::NotFound);
        }
        for kind in granted {
            insert_event(&mut tx, dossier, staff, kind, false, t, by).await?;
        }
        crate::livret::ssr::member_left(&mut tx, dossier, staff, t).await?;
        commit_change(tx, dossier).await?;
        Ok(())
    }

    async fn insert_event(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        dossier: i64,
        staff: i64,
        kind: Kind,
        granted: bool,
        at: i64,
        by: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO consent_events (dossier_id, staff_id, kind, granted, at, notice_version, by_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(dossier)
        .bind(staff)
        .bind(kind.as_str())
        .bind(i64::from(granted))
        .bind(at)
        .bind(i64::from(NOTICE_VERSION))
        .bind(by)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The équipe (names and functions only, nothing of the person) and the
    /// exceptions in force.
    pub async fn exceptions_view(door: &Door) -> Result<ExceptionsView, AppError> {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT e.staff_id, a.display_name, e.kind, e.reason FROM perimeter_exceptions e
             JOIN accounts a ON a.id = e.staff_id WHERE e.dossier_id = $1 AND e.ended_at IS NULL ORDER BY e.at, a.display_name",
        )
        .bind(door.id())
        .fetch_all(door.pool())
        .await?;
        Ok(ExceptionsView {
            members: members(door.pool(), door.id(), door.now()).await?,
            exceptions: rows
                .into_iter()
                .filter_map(|(staff_id, name, kind, reason)| {
                    Some(Exception { staff_id, name, kind: Kind::parse(&kind)?, reason })
                })
                .collect(),
        })
    }

    pub async fn record_exception(door: &Door, staff: i64, kind: Kind, reason: &str) -> Result<(), AppError> {
        let t = now();
        let mut tx = crate::state::begin_write(door.pool()).await?;
        lock(&mut tx, door.id()).await?;
        let known = known_in(&mut tx, door.id(), staff).await?;
        let member = ExceptionTarget {
            id: staff,
            function: known.asker.function,
            in_team: known.is_member(t) && matches!(known.asker.role, Role::Professional | Role::Head),
            in_mission: known.in_mission(kind),
        };
        door.require(Ask::Exception { member, kind })?;
        sqlx::query(
            "INSERT INTO perimeter_exceptions (dossier_id, staff_id, kind, reason, by_id, at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (dossier_id, staff_id, kind) DO UPDATE SET reason = excluded.reason, by_id = excluded.by_id,
                 at = excluded.at, ended_at = NULL",
        )
        .bind(door.id())
        .bind(staff)
        .bind(kind.as_str())
        .bind(reason)
        .bind(door.known().asker.id)
        .bind(t)
        .execute(&mut *tx)
        .await?;
        commit_change(tx, door.id()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::KindBoxes;
    use crate::domain::sharing::Kind;

    #[test]
    fn each_box_is_named_after_its_kind_in_order() {
        let all = KindBoxes {
            housing: Some("on".into()),
            health: Some("on".into()),
            money: Some("on".into()),
            family: Some("on".into()),
            work: Some("on".into()),
            mobility: Some("on".into()),
            rights: Some("on".into()),
            justice: Some("on".into()),
            relations: Some("on".into()),
            violence: Some("on".into()),
            other: Some("on".into()),
        };
        assert_eq!(all.ticked(), Kind::ALL.to_vec());
        for kind in Kind::ALL {
            let one: KindBoxes = serde_json::from_value(serde_json::json!({ kind.as_str(): "on" })).unwrap();
            assert_eq!(one.ticked(), vec![kind], "{kind:?}");
        }
        assert!(KindBoxes::default().ticked().is_empty());
    }
}
