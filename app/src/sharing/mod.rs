//! Sharing, the I/O side (the rule itself is `domain::sharing`): her équipe,
//! her consent choices (append-only events), the table "qui voit quoi" and
//! the journal "qui a regardé mes informations".
//!
//! Every loader of her information for someone else goes through
//! [`ssr::Access::decide`], which calls the one rule.

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub viewer: String,
    pub function: Option<Function>,
    pub kinds: Vec<Kind>,
    pub page: String,
    pub on: String,
}

/// Her équipe and her choices for each of its professionals.
#[server(endpoint = "my_sharing")]
pub async fn my_sharing() -> Result<SharingView, AppError> {
    let (pool, caller, dossier) = ssr::own_dossier().await?;
    ssr::sharing_view(&pool, dossier, caller.mds_id).await
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
#[server(endpoint = "save_consents")]
pub async fn save_consents(staff_id: i64, #[server(flatten)] boxes: KindBoxes) -> Result<(), AppError> {
    let (pool, caller, dossier) = ssr::own_dossier().await?;
    ssr::set_consents(&pool, dossier, caller.id, staff_id, &boxes.ticked()).await?;
    Ok(())
}

/// She adds a professional of her MDS to her équipe (sharing nothing yet).
#[server(endpoint = "add_member")]
pub async fn add_member(staff_id: i64) -> Result<(), AppError> {
    let (pool, caller, dossier) = ssr::own_dossier().await?;
    ssr::add_member(&pool, dossier, staff_id, caller.id, caller.mds_id).await?;
    Ok(())
}

/// She removes a professional from her équipe: he sees nothing from now on.
#[server(endpoint = "remove_member")]
pub async fn remove_member(staff_id: i64) -> Result<(), AppError> {
    let (pool, caller, dossier) = ssr::own_dossier().await?;
    ssr::remove_member(&pool, dossier, staff_id, caller.id).await?;
    Ok(())
}

#[server(endpoint = "list_exceptions")]
pub async fn list_exceptions(dossier_id: i64) -> Result<ExceptionsView, AppError> {
    let (pool, _caller) = ssr::animateur_of(dossier_id).await?;
    ssr::exceptions_view(&pool, dossier_id).await
}

/// The animateur records that a professional needs a kind of information
/// outside his mission for this dossier; the person reads the reason, and
/// her own yes or no still decides.
#[server(endpoint = "record_exception")]
pub async fn record_exception(dossier_id: i64, staff_id: i64, kind: String, reason: String) -> Result<(), AppError> {
    use crate::domain::credentials::{InputError, Line};
    use crate::error::Field;
    let (pool, caller) = ssr::animateur_of(dossier_id).await?;
    let kind = Kind::parse(&kind).ok_or(AppError::Invalid { field: Field::Kind, problem: InputError::UnknownChoice })?;
    let reason = Line::parse_max(&reason, 1_000).map_err(AppError::invalid(Field::Reason))?;
    ssr::record_exception(&pool, dossier_id, staff_id, kind, reason.as_str(), caller).await
}

/// Who opened her information, newest first.
#[server(endpoint = "my_journal")]
pub async fn my_journal() -> Result<Vec<JournalEntry>, AppError> {
    let (pool, _caller, dossier) = ssr::own_dossier().await?;
    ssr::journal(&pool, dossier).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{Choice, Exception, ExceptionsView, JournalEntry, Member, MemberSharing, NOTICE_VERSION, SharingView};
    use crate::auth::ssr::Caller;
    use crate::domain::dates::long_date_time;
    use crate::domain::role::{Function, Role};
    use crate::domain::sharing::{Consent, ConsentEvent, Decision, Item, Kind, Membership, Viewer, consent_for, decide};
    use crate::error::AppError;
    use crate::state::now;
    use sqlx::{AnyConnection, AnyPool};

    /// The signed-in person and her dossier (opened on first use).
    pub async fn own_dossier() -> Result<(AnyPool, Caller, i64), AppError> {
        let caller = crate::auth::ssr::require(&[Role::Person]).await?;
        let pool = crate::state::pool()?;
        let dossier = crate::demande::ssr::dossier_of(&pool, caller.id, caller.mds_id).await?;
        Ok((pool, caller, dossier))
    }

    /// Holds the dossier's row until the transaction ends, so that two
    /// changes of the same dossier run one after the other (SQLite's write
    /// transaction already holds the whole database).
    pub async fn lock(conn: &mut AnyConnection, dossier: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE dossiers SET revision = revision WHERE id = $1").bind(dossier).execute(conn).await?;
        Ok(())
    }

    /// Ends a transaction that changed the dossier: moves its revision
    /// (which live pages follow) and wakes the pages waiting on it here.
    pub async fn commit_change(mut tx: sqlx::Transaction<'static, sqlx::Any>, dossier: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE dossiers SET revision = revision + 1 WHERE id = $1").bind(dossier).execute(&mut *tx).await?;
        tx.commit().await?;
        announce([dossier]);
        Ok(())
    }

    /// Wakes the pages of this server instance waiting on these dossiers,
    /// once their new revision is committed (other instances follow the
    /// revision within a second).
    pub fn announce(dossiers: impl IntoIterator<Item = i64>) {
        if let Some(st) = leptos::prelude::use_context::<crate::state::AppState>() {
            for dossier in dossiers {
                st.presence.announce(dossier);
            }
        }
    }

    /// What the rule needs to know about one professional and one dossier.
    pub struct Access {
        pub staff_id: i64,
        pub membership: Option<Membership>,
        pub perimeter: Vec<Kind>,
        pub events: Vec<ConsentEvent>,
        pub exceptions: Vec<(Kind, String)>,
    }

    impl Access {
        pub async fn load(pool: &AnyPool, dossier: i64, staff_id: i64) -> Result<Access, AppError> {
            Access::load_in(&mut *pool.acquire().await?, dossier, staff_id).await
        }

        /// `load` in the caller's transaction: a change decided on what it
        /// read must read what the transaction will write over.
        pub async fn load_in(conn: &mut AnyConnection, dossier: i64, staff_id: i64) -> Result<Access, AppError> {
            let membership: Option<(i64, Option<i64>)> =
                sqlx::query_as("SELECT since, until FROM dossier_members WHERE dossier_id = $1 AND staff_id = $2")
                    .bind(dossier)
                    .bind(staff_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let perimeter: Vec<(String,)> = sqlx::query_as(
                "SELECT p.kind FROM mission_perimeters p JOIN accounts a ON a.function = p.function WHERE a.id = $1",
            )
            .bind(staff_id)
            .fetch_all(&mut *conn)
            .await?;
            let exceptions: Vec<(String, String)> =
                sqlx::query_as("SELECT kind, reason FROM perimeter_exceptions WHERE dossier_id = $1 AND staff_id = $2")
                    .bind(dossier)
                    .bind(staff_id)
                    .fetch_all(&mut *conn)
                    .await?;
            Ok(Access {
                exceptions: exceptions.into_iter().filter_map(|(k, r)| Some((Kind::parse(&k)?, r))).collect(),
                staff_id,
                membership: membership.map(|(since, until)| Membership { since, until }),
                perimeter: perimeter.iter().filter_map(|(k,)| Kind::parse(k)).collect(),
                events: events(conn, dossier, staff_id).await?,
            })
        }

        pub fn decide(&self, item: Item, now: i64) -> Decision {
            let viewer = Viewer::Professional {
                membership: self.membership,
                perimeter: &self.perimeter,
                exception: self.exception(item.kind),
                consent: consent_for(&self.events, self.staff_id, item.kind),
            };
            decide(viewer, item, now)
        }

        /// She said yes for this kind, and has not withdrawn it.
        pub fn granted(&self, kind: Kind) -> bool {
            consent_for(&self.events, self.staff_id, kind) == Consent::Given
        }

        pub fn exception(&self, kind: Kind) -> Option<&str> {
            self.exceptions.iter().find(|(k, _)| *k == kind).map(|(_, r)| r.as_str())
        }

        pub fn is_member(&self, now: i64) -> bool {
            self.membership.is_some_and(|m| m.current(now))
        }
    }

    async fn events(conn: &mut AnyConnection, dossier: i64, staff: i64) -> Result<Vec<ConsentEvent>, AppError> {
        let rows: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT staff_id, kind, granted, id, notice_version FROM consent_events
             WHERE dossier_id = $1 AND staff_id = $2 ORDER BY id",
        )
        .bind(dossier)
        .bind(staff)
        .fetch_all(conn)
        .await?;
        // The event id orders events written in the same second.
        Ok(rows
            .into_iter()
            .filter_map(|(professional, kind, granted, id, notice)| {
                Some(ConsentEvent {
                    professional,
                    kind: Kind::parse(&kind)?,
                    granted: granted == 1,
                    at: id,
                    notice_version: u32::try_from(notice).ok()?,
                })
            })
            .collect())
    }

    async fn members(pool: &AnyPool, dossier: i64, now: i64) -> Result<Vec<Member>, AppError> {
        let rows: Vec<(i64, String, Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
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

    fn member(
        (staff_id, name, function, institution, mission): (i64, String, Option<String>, Option<String>, Option<String>),
    ) -> Member {
        Member {
            staff_id,
            name,
            function: function.as_deref().and_then(Function::parse),
            institution: institution.unwrap_or_default(),
            mission: mission.unwrap_or_default(),
        }
    }

    pub async fn sharing_view(pool: &AnyPool, dossier: i64, mds: Option<i64>) -> Result<SharingView, AppError> {
        let t = now();
        let mut out = Vec::new();
        for m in members(pool, dossier, t).await? {
            let access = Access::load(pool, dossier, m.staff_id).await?;
            let choices = Kind::ALL
                .into_iter()
                .map(|kind| {
                    let d = access.decide(Item::of_kind(kind), t);
                    Choice {
                        kind,
                        granted: access.granted(kind),
                        in_mission: access.perimeter.contains(&kind),
                        allowed: d.allowed,
                        reason: d.reason,
                        exception: access.exception(kind).map(str::to_owned),
                    }
                })
                .collect();
            out.push(MemberSharing { member: m, choices });
        }
        let rows: Vec<(i64, String, Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT a.id, a.display_name, a.function, a.institution, a.mission FROM accounts a
             WHERE a.role = 'professional' AND a.mds_id = $1 AND NOT EXISTS (
                 SELECT 1 FROM dossier_members m WHERE m.dossier_id = $2 AND m.staff_id = a.id AND m.until IS NULL)
             ORDER BY a.display_name",
        )
        .bind(mds.unwrap_or(-1))
        .bind(dossier)
        .fetch_all(pool)
        .await?;
        Ok(SharingView { members: out, directory: rows.into_iter().map(member).collect() })
    }

    /// Appends one event for each kind whose choice changed.
    pub async fn set_consents(pool: &AnyPool, dossier: i64, by: i64, staff: i64, wanted: &[Kind]) -> Result<(), AppError> {
        let t = now();
        let mut tx = crate::state::begin_write(pool).await?;
        lock(&mut tx, dossier).await?;
        let access = Access::load_in(&mut tx, dossier, staff).await?;
        if !access.is_member(t) {
            return Err(AppError::NotFound);
        }
        for kind in Kind::ALL {
            let want = wanted.contains(&kind);
            if access.granted(kind) == want {
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

    /// `join` in the caller's transaction; the caller announces the change.
    pub async fn insert_membership(conn: &mut AnyConnection, dossier: i64, staff: i64, by: i64) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO dossier_members (dossier_id, staff_id, since, until, added_by) VALUES ($1, $2, $3, NULL, $4)
             ON CONFLICT (dossier_id, staff_id) DO UPDATE SET since = excluded.since, until = NULL, added_by = excluded.added_by",
        )
        .bind(dossier)
        .bind(staff)
        .bind(now())
        .bind(by)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Ends his membership and withdraws every yes she gave him (kept as
    /// events): added again later, he starts from nothing.
    pub async fn remove_member(pool: &AnyPool, dossier: i64, staff: i64, by: i64) -> Result<(), AppError> {
        let t = now();
        let mut tx = crate::state::begin_write(pool).await?;
        lock(&mut tx, dossier).await?;
        let access = Access::load_in(&mut tx, dossier, staff).await?;
        let granted: Vec<Kind> = Kind::ALL.into_iter().filter(|k| access.granted(*k)).collect();
        let done = sqlx::query("UPDATE dossier_members SET until = $1 WHERE dossier_id = $2 AND staff_id = $3 AND until IS NULL")
            .bind(t)
            .bind(dossier)
            .bind(staff)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::NotFound);
        }
        for kind in granted {
            insert_event(&mut tx, dossier, staff, kind, false, t, by).await?;
        }
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

    /// The caller, if she is the head who animates this dossier's équipe.
    pub async fn animateur_of(dossier: i64) -> Result<(AnyPool, i64), AppError> {
        let caller = crate::auth::ssr::require(&[Role::Head]).await?;
        let pool = crate::state::pool()?;
        if animates(&pool, dossier, caller.id).await? { Ok((pool, caller.id)) } else { Err(AppError::NotFound) }
    }

    pub async fn animates(pool: &AnyPool, dossier: i64, head: i64) -> Result<bool, AppError> {
        let found: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT animateur_id FROM dossiers WHERE id = $1").bind(dossier).fetch_optional(pool).await?;
        Ok(matches!(found, Some((Some(a),)) if a == head))
    }

    pub async fn exceptions_view(pool: &AnyPool, dossier: i64) -> Result<ExceptionsView, AppError> {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT e.staff_id, a.display_name, e.kind, e.reason FROM perimeter_exceptions e
             JOIN accounts a ON a.id = e.staff_id WHERE e.dossier_id = $1 ORDER BY e.at, a.display_name",
        )
        .bind(dossier)
        .fetch_all(pool)
        .await?;
        Ok(ExceptionsView {
            members: members(pool, dossier, now()).await?,
            exceptions: rows
                .into_iter()
                .filter_map(|(staff_id, name, kind, reason)| {
                    Some(Exception { staff_id, name, kind: Kind::parse(&kind)?, reason })
                })
                .collect(),
        })
    }

    pub async fn record_exception(
        pool: &AnyPool,
        dossier: i64,
        staff: i64,
        kind: Kind,
        reason: &str,
        by: i64,
    ) -> Result<(), AppError> {
        let access = Access::load(pool, dossier, staff).await?;
        // Not for herself: an animateur does not widen her own access.
        if staff == by || !access.is_member(now()) {
            return Err(AppError::NotFound);
        }
        // Inside his mission, no exception is needed.
        if access.perimeter.contains(&kind) {
            return Err(AppError::Invalid {
                field: crate::error::Field::Kind,
                problem: crate::domain::credentials::InputError::UnknownChoice,
            });
        }
        let mut tx = crate::state::begin_write(pool).await?;
        sqlx::query(
            "INSERT INTO perimeter_exceptions (dossier_id, staff_id, kind, reason, by_id, at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (dossier_id, staff_id, kind) DO UPDATE SET reason = excluded.reason, by_id = excluded.by_id, at = excluded.at",
        )
        .bind(dossier)
        .bind(staff)
        .bind(kind.as_str())
        .bind(reason)
        .bind(by)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        commit_change(tx, dossier).await?;
        Ok(())
    }

    /// A page left open is sent her information again at every change;
    /// one line per kind and per this many seconds is enough to tell her.
    const JOURNAL_WINDOW: i64 = 600;

    /// Records that `viewer` received these kinds of her information.
    pub async fn record_access(pool: &AnyPool, dossier: i64, viewer: i64, kinds: &[Kind], page: &str) -> Result<(), AppError> {
        let t = now();
        for kind in kinds {
            sqlx::query(
                "INSERT INTO access_journal (dossier_id, viewer_id, kind, page, at)
                 SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (
                     SELECT 1 FROM access_journal WHERE dossier_id = $1 AND viewer_id = $2 AND kind = $3 AND page = $4 AND at > $6)",
            )
            .bind(dossier)
            .bind(viewer)
            .bind(kind.as_str())
            .bind(page)
            .bind(t)
            .bind(t - JOURNAL_WINDOW)
            .execute(pool)
            .await?;
        }
        Ok(())
    }

    /// The journal, newest first; the kinds one professional received at
    /// one moment from one page make one line.
    pub async fn journal(pool: &AnyPool, dossier: i64) -> Result<Vec<JournalEntry>, AppError> {
        let rows: Vec<(String, Option<String>, String, String, i64)> = sqlx::query_as(
            "SELECT a.display_name, a.function, j.kind, j.page, j.at FROM access_journal j
             JOIN accounts a ON a.id = j.viewer_id WHERE j.dossier_id = $1 ORDER BY j.at DESC, j.id DESC LIMIT 2000",
        )
        .bind(dossier)
        .fetch_all(pool)
        .await?;
        let mut out: Vec<(JournalEntry, i64)> = Vec::new();
        for (viewer, function, kind, page, at) in rows {
            let Some(kind) = Kind::parse(&kind) else { continue };
            match out.last_mut() {
                Some((e, last_at)) if e.viewer == viewer && e.page == page && *last_at == at => {
                    if !e.kinds.contains(&kind) {
                        e.kinds.push(kind);
                    }
                }
                _ => out.push((
                    JournalEntry {
                        viewer,
                        function: function.as_deref().and_then(Function::parse),
                        kinds: vec![kind],
                        page,
                        on: long_date_time(at),
                    },
                    at,
                )),
            }
        }
        Ok(out
            .into_iter()
            .map(|(mut e, _)| {
                e.kinds.sort();
                e
            })
            .collect())
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
