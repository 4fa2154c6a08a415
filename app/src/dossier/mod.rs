//! Her dossier, and the one door to her information (`docs/access-policy.md`).
//!
//! This module owns finding a dossier, its équipe (who is a member, since
//! when), holding it while a change is written, committing a change and
//! waking the pages that follow it. Every read of her information goes
//! through [`ssr::Door`]: it asks the access policy (`domain::access`),
//! returns only what the policy allows, and writes her journal line itself,
//! so that no page can read without journaling, nor journal without
//! reading. A new exit (a page, a server function, an e-mail, a PDF) is
//! written against the door, never beside it.

use crate::domain::demande::Step;
use crate::domain::dossier::State;
use crate::domain::role::Function;
use crate::domain::sharing::{Kind, Reason};
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

/// A professional's wording of one answer, waiting for her yes or no.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub id: i64,
    pub field: String,
    pub value: String,
    pub author: String,
    pub on: String,
}

/// Her demande as she reads it, or as she sent it (for the head's review).
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
    pub suggestions: Vec<Suggestion>,
    /// Who animates her équipe, once the demande is validated.
    pub animateur: Option<String>,
    /// For the head: when she sent the version read.
    pub sent_on: Option<String>,
}

impl DemandeView {
    pub fn answer(&self, field: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.field == field)
    }

    /// The questions of a step she answered, with her words.
    pub fn answered(&self, step: &Step) -> Vec<(&'static str, String)> {
        step.questions
            .iter()
            .filter_map(|q| self.answer(q.field).filter(|a| !a.value.trim().is_empty()).map(|a| (q.label, a.value.clone())))
            .collect()
    }
}

/// One step of her demande, as the page of that step keeps it up to date
/// while she writes: the answers to its questions and the proposals for
/// them. Not her whole demande: her phone reads this (see `light`), and
/// each field read costs code there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepAnswers {
    pub dossier_id: i64,
    /// As in [`DemandeView`].
    pub revision: i64,
    pub answers: Vec<Answer>,
    pub suggestions: Vec<Suggestion>,
}

impl StepAnswers {
    pub fn answer(&self, field: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.field == field)
    }
}

impl DemandeView {
    /// The part of her demande one step shows.
    pub fn step_answers(&self, step: &Step) -> StepAnswers {
        let asked = |field: &str| step.questions.iter().any(|q| q.field == field);
        StepAnswers {
            dossier_id: self.dossier_id,
            revision: self.revision,
            answers: self.answers.iter().filter(|a| asked(&a.field)).cloned().collect(),
            suggestions: self.suggestions.iter().filter(|s| asked(&s.field)).cloned().collect(),
        }
    }
}

/// A kind of her information this professional does not receive, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hidden {
    pub kind: Kind,
    pub reason: Reason,
}

/// Her demande as one member of her équipe receives it: only the answers
/// and proposals the policy lets through leave the server.
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
    /// He animates her équipe (he may record exceptions).
    pub i_animate: bool,
}

impl SharedDemandeView {
    pub fn value(&self, field: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.field == field)
    }

    pub fn shows(&self, kind: Kind) -> bool {
        !self.hidden.iter().any(|h| h.kind == kind)
    }
}

/// Where her information went, or what was done to her account, as her
/// journal tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exit {
    /// A member of her équipe read it on his page of her demande.
    Dossier,
    /// The head read the demande she sent, to decide.
    Review,
    /// Someone made her a new sheet of connexion.
    NewSheet,
    /// A member read it at (or after) her équipe parcours et projet meeting.
    Meeting,
    /// A member read his copy of her livret, or the follow-up of its actions.
    Livret,
    /// A member received his copy of her livret as a PDF file.
    LivretPdf,
}

impl Exit {
    /// The word stored in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            Exit::Dossier => "dossier",
            Exit::Review => "revue",
            Exit::NewSheet => "feuille",
            Exit::Meeting => "reunion",
            Exit::Livret => "livret",
            Exit::LivretPdf => "livret_pdf",
        }
    }

    pub fn parse(s: &str) -> Option<Exit> {
        [Exit::Dossier, Exit::Review, Exit::NewSheet, Exit::Meeting, Exit::Livret, Exit::LivretPdf]
            .into_iter()
            .find(|e| e.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub viewer: String,
    pub function: Option<Function>,
    pub kinds: Vec<Kind>,
    pub exit: Exit,
    pub on: String,
}

/// A person whose name the caller may see, with her dossier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listed {
    pub dossier_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub identifier: String,
    pub has_secret: bool,
    pub state: State,
    pub sent_at: Option<i64>,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{Answer, DemandeView, Exit, Hidden, HistoryLine, JournalEntry, Listed, Message, SharedDemandeView, Suggestion};
    use crate::auth::ssr::Caller;
    use crate::domain::access::{self, Ask, Asker, Decision, DossierFacts, Facts, Relation, SharingFacts, Why};
    use crate::domain::dates::{long_date, long_date_time};
    use crate::domain::demande::{STEPS, question};
    use crate::domain::dossier::State;
    use crate::domain::role::{Function, Role};
    use crate::domain::sharing::{Consent, ConsentEvent, Item, Kind, Membership, Reason, consent_for};
    use crate::error::{AppError, Field};
    use crate::state::now;
    use sqlx::{AnyConnection, AnyPool};

    /// Topics she refuses to discuss: shown to nobody but her.
    pub const PRIVATE_FIELDS: &[&str] = &["refused_topics"];

    /// The item of the sharing rule for one answer of the demande.
    pub fn item_of(field: &str) -> Option<Item> {
        let (step, _) = question(field)?;
        Some(Item { kind: STEPS[step].kind, refused_topic: PRIVATE_FIELDS.contains(&field), third_party: false })
    }

    // --- finding, holding, committing -----------------------------------

    /// Her dossier, opened on first use (on the caller's connection, so
    /// that opening an account writes it in the same transaction).
    pub async fn own_dossier_in(conn: &mut AnyConnection, person: i64, mds: Option<i64>) -> Result<i64, AppError> {
        if let Some(id) = dossier_of_person(conn, person).await? {
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
        dossier_of_person(conn, person).await?.ok_or(AppError::Internal)
    }

    pub async fn dossier_of_person(conn: &mut AnyConnection, person: i64) -> Result<Option<i64>, AppError> {
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM dossiers WHERE person_id = $1").bind(person).fetch_optional(conn).await?;
        Ok(found.map(|(id,)| id))
    }

    /// Holds the dossier's row until the transaction ends, so that two
    /// changes of the same dossier run one after the other (SQLite's write
    /// transaction already holds the whole database).
    pub async fn lock(conn: &mut AnyConnection, dossier: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE dossiers SET revision = revision WHERE id = $1").bind(dossier).execute(conn).await?;
        Ok(())
    }

    /// Ends a transaction that changed the dossier: moves its revision
    /// (which live pages follow) and wakes the pages waiting on it, on
    /// every instance (`presence::notify_in`, sent at commit) and at once
    /// on this one.
    pub async fn commit_change(mut tx: sqlx::Transaction<'static, sqlx::Any>, dossier: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE dossiers SET revision = revision + 1 WHERE id = $1").bind(dossier).execute(&mut *tx).await?;
        crate::presence::notify_in(&mut tx, &[dossier]).await?;
        tx.commit().await?;
        announce([dossier]);
        Ok(())
    }

    /// Wakes the pages of this server instance waiting on these dossiers,
    /// once their new revision is committed (other instances hear of it
    /// from `presence::notify_in`, or read the revision after a hold).
    pub fn announce(dossiers: impl IntoIterator<Item = i64>) {
        // From a request, or from a background task (reminders).
        if let Some(st) = crate::state::try_state() {
            for dossier in dossiers {
                st.presence.announce(dossier);
            }
        }
    }

    // --- her équipe ------------------------------------------------------

    /// Makes `staff` a current member of the équipe (again, if he left),
    /// in the caller's transaction; the caller commits the change.
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

    /// The animateur named at validation joins her équipe, unless the
    /// person removed her before: naming her does not undo that removal.
    pub async fn add_animateur(conn: &mut AnyConnection, dossier: i64, head: i64, by: i64) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO dossier_members (dossier_id, staff_id, since, until, added_by) VALUES ($1, $2, $3, NULL, $4)
             ON CONFLICT (dossier_id, staff_id) DO NOTHING",
        )
        .bind(dossier)
        .bind(head)
        .bind(now())
        .bind(by)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Ends a membership, and with it every exception recorded for him
    /// here: added again later, he starts from his mission alone.
    pub async fn end_membership(conn: &mut AnyConnection, dossier: i64, staff: i64, at: i64) -> Result<bool, AppError> {
        let done = sqlx::query("UPDATE dossier_members SET until = $1 WHERE dossier_id = $2 AND staff_id = $3 AND until IS NULL")
            .bind(at)
            .bind(dossier)
            .bind(staff)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE perimeter_exceptions SET ended_at = $1 WHERE dossier_id = $2 AND staff_id = $3 AND ended_at IS NULL")
            .bind(at)
            .bind(dossier)
            .bind(staff)
            .execute(&mut *conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    // --- what the policy needs ----------------------------------------------

    /// The dossier's row.
    #[derive(Clone, Debug)]
    pub struct Row {
        pub id: i64,
        pub owner: i64,
        pub person_name: String,
        pub mds: Option<i64>,
        pub state: State,
        pub animateur: Option<i64>,
        pub animateur_name: Option<String>,
        pub revision: i64,
        pub sent_at: Option<i64>,
    }

    type RowColumns = (i64, String, Option<i64>, String, Option<i64>, Option<String>, i64, Option<i64>);

    pub async fn row(conn: &mut AnyConnection, id: i64) -> Result<Option<Row>, AppError> {
        let found: Option<RowColumns> = sqlx::query_as(
            "SELECT d.person_id, a.display_name, d.mds_id, d.state, d.animateur_id, h.display_name, d.revision, d.sent_at
             FROM dossiers d JOIN accounts a ON a.id = d.person_id LEFT JOIN accounts h ON h.id = d.animateur_id
             WHERE d.id = $1",
        )
        .bind(id)
        .fetch_optional(conn)
        .await?;
        let Some((owner, person_name, mds, state, animateur, animateur_name, revision, sent_at)) = found else {
            return Ok(None);
        };
        let state = State::parse(&state).ok_or(AppError::Internal)?;
        Ok(Some(Row { id, owner, person_name, mds, state, animateur, animateur_name, revision, sent_at }))
    }

    impl Row {
        fn facts(&self) -> DossierFacts {
            DossierFacts { owner: self.owner, mds: self.mds, state: self.state, animateur: self.animateur }
        }
    }

    /// What the policy knows of one account and one dossier: who he is,
    /// his place in her équipe, his mission, the exceptions recorded for
    /// him here, and her consent events for him.
    #[derive(Clone, Debug)]
    pub struct Known {
        pub asker: Asker,
        pub dossier: DossierFacts,
        pub membership: Option<Membership>,
        pub perimeter: Vec<Kind>,
        pub exceptions: Vec<(Kind, String)>,
        pub events: Vec<ConsentEvent>,
    }

    impl Known {
        /// Read in the caller's transaction when a change depends on it.
        pub async fn load(conn: &mut AnyConnection, row: &Row, account: i64) -> Result<Known, AppError> {
            let who: Option<(String, Option<i64>, Option<String>)> =
                sqlx::query_as("SELECT role, mds_id, function FROM accounts WHERE id = $1")
                    .bind(account)
                    .fetch_optional(&mut *conn)
                    .await?;
            let (role, mds, function) = who.ok_or(AppError::NotFound)?;
            let role = Role::parse(&role).ok_or(AppError::Internal)?;
            let function = function.as_deref().and_then(Function::parse);
            let mut known = Known {
                asker: Asker { id: account, role, mds, function },
                dossier: row.facts(),
                membership: None,
                perimeter: Vec::new(),
                exceptions: Vec::new(),
                events: Vec::new(),
            };
            // Only professionals and heads are ever members of an équipe.
            if !matches!(role, Role::Professional | Role::Head) {
                return Ok(known);
            }
            let membership: Option<(i64, Option<i64>)> =
                sqlx::query_as("SELECT since, until FROM dossier_members WHERE dossier_id = $1 AND staff_id = $2")
                    .bind(row.id)
                    .bind(account)
                    .fetch_optional(&mut *conn)
                    .await?;
            known.membership = membership.map(|(since, until)| Membership { since, until });
            if known.membership.is_none() {
                return Ok(known);
            }
            let perimeter: Vec<(String,)> = sqlx::query_as("SELECT kind FROM mission_perimeters WHERE function = $1")
                .bind(function.map(Function::as_str).unwrap_or_default())
                .fetch_all(&mut *conn)
                .await?;
            let exceptions: Vec<(String, String)> = sqlx::query_as(
                "SELECT kind, reason FROM perimeter_exceptions WHERE dossier_id = $1 AND staff_id = $2 AND ended_at IS NULL",
            )
            .bind(row.id)
            .bind(account)
            .fetch_all(&mut *conn)
            .await?;
            let events: Vec<(String, i64, i64, i64)> = sqlx::query_as(
                "SELECT kind, granted, id, notice_version FROM consent_events
                 WHERE dossier_id = $1 AND staff_id = $2 ORDER BY id",
            )
            .bind(row.id)
            .bind(account)
            .fetch_all(&mut *conn)
            .await?;
            known.perimeter = perimeter.iter().filter_map(|(k,)| Kind::parse(k)).collect();
            known.exceptions = exceptions.into_iter().filter_map(|(k, r)| Some((Kind::parse(&k)?, r))).collect();
            // The event id orders events written in the same second.
            known.events = events
                .into_iter()
                .filter_map(|(kind, granted, id, notice)| {
                    Some(ConsentEvent {
                        professional: account,
                        kind: Kind::parse(&kind)?,
                        granted: granted == 1,
                        at: id,
                        notice_version: u32::try_from(notice).ok()?,
                    })
                })
                .collect();
            Ok(known)
        }

        pub fn facts(&self) -> Facts<'_> {
            Facts {
                asker: self.asker,
                dossier: self.dossier,
                membership: self.membership,
                sharing: SharingFacts { perimeter: &self.perimeter, exceptions: &self.exceptions, events: &self.events },
            }
        }

        pub fn decide(&self, ask: Ask, now: i64) -> Decision {
            access::decide(&self.facts(), ask, now)
        }

        pub fn relation(&self, now: i64) -> Relation {
            access::relation(&self.facts(), now)
        }

        /// She said yes for this kind, and has not withdrawn it.
        pub fn granted(&self, kind: Kind) -> bool {
            consent_for(&self.events, self.asker.id, kind) == Consent::Given
        }

        pub fn exception(&self, kind: Kind) -> Option<&str> {
            self.exceptions.iter().find(|(k, _)| *k == kind).map(|(_, r)| r.as_str())
        }

        pub fn in_mission(&self, kind: Kind) -> bool {
            self.perimeter.contains(&kind)
        }

        pub fn is_member(&self, now: i64) -> bool {
            self.membership.is_some_and(|m| m.current(now))
        }
    }

    // --- the door --------------------------------------------------------

    /// The caller at her dossier: every read of it passes here.
    pub struct Door {
        pool: AnyPool,
        row: Row,
        known: Known,
        now: i64,
    }

    impl Door {
        /// The caller at a dossier she names. A dossier that does not exist
        /// answers as one she may not open.
        pub async fn open(pool: &AnyPool, caller: &Caller, dossier: i64) -> Result<Door, AppError> {
            let mut conn = pool.acquire().await?;
            let row = row(&mut conn, dossier).await?.ok_or(AppError::NotFound)?;
            let known = Known::load(&mut conn, &row, caller.id).await?;
            Ok(Door { pool: pool.clone(), row, known, now: now() })
        }

        /// The signed-in person at her own dossier (opened on first use).
        pub async fn own(pool: &AnyPool, caller: &Caller) -> Result<Door, AppError> {
            if caller.role != Role::Person {
                return Err(AppError::Forbidden);
            }
            let id = own_dossier_in(&mut *pool.acquire().await?, caller.id, caller.mds_id).await?;
            Door::open(pool, caller, id).await
        }

        /// The caller at the dossier of this person's account, if she has one.
        pub async fn of_person(pool: &AnyPool, caller: &Caller, person: i64) -> Result<Door, AppError> {
            let id = dossier_of_person(&mut *pool.acquire().await?, person).await?.ok_or(AppError::NotFound)?;
            Door::open(pool, caller, id).await
        }

        pub fn row(&self) -> &Row {
            &self.row
        }

        pub fn id(&self) -> i64 {
            self.row.id
        }

        pub fn known(&self) -> &Known {
            &self.known
        }

        pub fn pool(&self) -> &AnyPool {
            &self.pool
        }

        pub fn now(&self) -> i64 {
            self.now
        }

        pub fn decide(&self, ask: Ask) -> Decision {
            self.known.decide(ask, self.now)
        }

        /// The policy's no as the error the caller gets: to anyone outside
        /// her équipe, the same answer as for a dossier that does not exist.
        pub fn require(&self, ask: Ask) -> Result<(), AppError> {
            let d = self.decide(ask);
            if d.allowed {
                return Ok(());
            }
            Err(match (ask, d.why) {
                (Ask::Exception { .. }, Why::Rule(Reason::ForbiddenByLaw)) => {
                    AppError::Invalid { field: Field::Kind, problem: crate::domain::credentials::InputError::ForbiddenByLaw }
                }
                (Ask::Exception { .. }, Why::AlreadyInMission) => {
                    AppError::Invalid { field: Field::Kind, problem: crate::domain::credentials::InputError::UnknownChoice }
                }
                (Ask::Suggest(_), _) if matches!(self.known.relation(self.now), Relation::Member { .. }) => AppError::Forbidden,
                // The head may decide, but not now: the demande moved on.
                (Ask::Decide, Why::NotWaitingForDecision) => AppError::Conflict,
                _ => AppError::NotFound,
            })
        }

        /// Her demande as she reads it: all of it, and every proposal.
        pub async fn hers(&self) -> Result<DemandeView, AppError> {
            self.require(Ask::Manage)?;
            Ok(DemandeView {
                dossier_id: self.row.id,
                person_name: self.row.person_name.clone(),
                state: self.row.state,
                answers: answers(&self.pool, self.row.id).await?,
                messages: messages(&self.pool, self.row.id).await?,
                revision: self.row.revision,
                suggestions: pending(&self.pool, self.row.id, None).await?,
                animateur: self.row.animateur_name.clone(),
                sent_on: None,
            })
        }

        /// Her demande as the caller, a member of her équipe, receives it;
        /// what was sent goes to her journal.
        pub async fn shared(&self) -> Result<SharedDemandeView, AppError> {
            self.require(Ask::Follow)?;
            let (view, sent) = view_for(&self.pool, &self.row, &self.known, self.now).await?;
            self.journal(&sent, Exit::Dossier).await?;
            Ok(view)
        }

        /// "Voir comme": her demande exactly as this member of her équipe
        /// receives it, built as his own page is. She reads her own
        /// information: nothing goes to her journal.
        pub async fn seen_by(&self, member: i64) -> Result<SharedDemandeView, AppError> {
            self.require(Ask::Manage)?;
            let known = Known::load(&mut *self.pool.acquire().await?, &self.row, member).await?;
            if !known.is_member(self.now) {
                return Err(AppError::NotFound);
            }
            Ok(view_for(&self.pool, &self.row, &known, self.now).await?.0)
        }

        /// The demande as she sent it, for the head of her MDS while it
        /// waits for her decision; what was read goes to her journal.
        pub async fn review(&self) -> Result<DemandeView, AppError> {
            // Not waiting for her decision: to her, as if it did not exist.
            if !self.decide(Ask::Decide).allowed {
                return Err(AppError::NotFound);
            }
            let mut read = Vec::new();
            let mut kinds = Vec::new();
            for a in sent_answers(&self.pool, self.row.id).await? {
                let Some(item) = item_of(&a.field) else { continue };
                if !self.decide(Ask::Review(item)).allowed {
                    continue;
                }
                if !a.value.trim().is_empty() && !kinds.contains(&item.kind) {
                    kinds.push(item.kind);
                }
                read.push(a);
            }
            self.journal(&kinds, Exit::Review).await?;
            Ok(DemandeView {
                dossier_id: self.row.id,
                person_name: self.row.person_name.clone(),
                state: self.row.state,
                answers: read,
                messages: messages(&self.pool, self.row.id).await?,
                revision: self.row.revision,
                suggestions: Vec::new(),
                animateur: self.row.animateur_name.clone(),
                sent_on: self.row.sent_at.map(long_date_time),
            })
        }

        /// Her demande at her équipe meeting: only the life areas she lets
        /// be discussed there (`shown`), and for anyone else only what the
        /// policy lets through; what was sent goes to her journal. Her
        /// refused topics are never shown at a meeting, not even to her.
        pub async fn at_meeting(&self, shown: impl Fn(Kind) -> bool) -> Result<Vec<Answer>, AppError> {
            self.require(Ask::Follow)?;
            let mut out = Vec::new();
            let mut kinds = Vec::new();
            for a in answers(&self.pool, self.row.id).await? {
                let Some(item) = item_of(&a.field) else { continue };
                if item.refused_topic || !shown(item.kind) || !self.decide(Ask::Read(item)).allowed {
                    continue;
                }
                if !a.value.trim().is_empty() && !kinds.contains(&item.kind) {
                    kinds.push(item.kind);
                }
                out.push(a);
            }
            self.journal(&kinds, Exit::Meeting).await?;
            Ok(out)
        }

        /// What was written about her elsewhere than in her demande (at a
        /// meeting: notes, objectives, actions), each under its life area:
        /// only what the policy lets the caller read leaves, and it goes to
        /// her journal under `exit`.
        pub async fn release<T>(&self, items: Vec<(Kind, T)>, exit: Exit) -> Result<Vec<T>, AppError> {
            let mut out = Vec::new();
            let mut kinds = Vec::new();
            for (kind, x) in items {
                if !self.decide(Ask::Read(Item::of_kind(kind))).allowed {
                    continue;
                }
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
                out.push(x);
            }
            self.journal(&kinds, exit).await?;
            Ok(out)
        }

        /// Every change of every answer (who, when, what): hers to read.
        pub async fn history(&self) -> Result<Vec<HistoryLine>, AppError> {
            self.require(Ask::Manage)?;
            let rows: Vec<(String, String, String, i64, Option<String>, i64)> = sqlx::query_as(
                "SELECT h.field, h.value, a.display_name, h.author_id, a.function, h.at FROM demande_history h
                 JOIN accounts a ON a.id = h.author_id WHERE h.dossier_id = $1 ORDER BY h.at DESC, h.id DESC LIMIT 1000",
            )
            .bind(self.row.id)
            .fetch_all(&self.pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|(field, value, author, author_id, function, at)| HistoryLine {
                    field,
                    value,
                    author,
                    by_owner: author_id == self.row.owner,
                    function: function.as_deref().and_then(Function::parse),
                    on: long_date_time(at),
                })
                .collect())
        }

        /// Her journal, newest first: the kinds one professional received
        /// at one moment from one page make one line; a new sheet of
        /// connexion made for her is a line too.
        pub async fn journal_lines(&self) -> Result<Vec<JournalEntry>, AppError> {
            self.require(Ask::Manage)?;
            let rows: Vec<(String, Option<String>, String, String, i64, i64)> = sqlx::query_as(
                "SELECT a.display_name, a.function, j.kind, j.page, j.at, j.id FROM access_journal j
                 JOIN accounts a ON a.id = j.viewer_id WHERE j.dossier_id = $1
                 UNION ALL
                 SELECT a.display_name, a.function, '', 'feuille', e.at, e.id FROM account_events e
                 JOIN accounts a ON a.id = e.actor_id WHERE e.account_id = $2 AND e.what = 'new_sheet'
                 ORDER BY 5 DESC, 6 DESC LIMIT 2000",
            )
            .bind(self.row.id)
            .bind(self.row.owner)
            .fetch_all(&self.pool)
            .await?;
            let mut out: Vec<(JournalEntry, i64)> = Vec::new();
            for (viewer, function, kind, page, at, _) in rows {
                let Some(exit) = Exit::parse(&page) else { continue };
                let kind = Kind::parse(&kind);
                match out.last_mut() {
                    Some((e, last_at)) if exit != Exit::NewSheet && e.viewer == viewer && e.exit == exit && *last_at == at => {
                        if let Some(kind) = kind.filter(|k| !e.kinds.contains(k)) {
                            e.kinds.push(kind);
                        }
                    }
                    _ => out.push((
                        JournalEntry {
                            viewer,
                            function: function.as_deref().and_then(Function::parse),
                            kinds: kind.into_iter().collect(),
                            exit,
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

        /// A new sheet of connexion is being made for her by the caller, in
        /// the caller's transaction: decided there, on what the transaction
        /// reads after holding her dossier (a removal while the code was
        /// being hashed counts), and written in her journal and on her home
        /// for her next sign-in.
        pub async fn new_sheet(&self, conn: &mut AnyConnection) -> Result<(), AppError> {
            lock(conn, self.row.id).await?;
            let row = row(conn, self.row.id).await?.ok_or(AppError::NotFound)?;
            let known = Known::load(conn, &row, self.known.asker.id).await?;
            if !known.decide(Ask::NewSheet, now()).allowed {
                return Err(AppError::NotFound);
            }
            record_account_event(conn, row.owner, known.asker.id, now()).await
        }

        /// Decides again inside a transaction that holds her dossier, on
        /// the facts as they are now: she may have removed the caller or
        /// taken a consent back since the door opened.
        pub async fn require_held(&self, conn: &mut AnyConnection, asks: &[Ask]) -> Result<(), AppError> {
            let row = row(conn, self.row.id).await?.ok_or(AppError::NotFound)?;
            let known = Known::load(conn, &row, self.known.asker.id).await?;
            let t = now();
            if asks.iter().all(|ask| known.decide(*ask, t).allowed) { Ok(()) } else { Err(AppError::NotFound) }
        }

        /// One line per kind and per [`JOURNAL_WINDOW`]: a page left open
        /// is sent her information again at every change.
        async fn journal(&self, kinds: &[Kind], exit: Exit) -> Result<(), AppError> {
            if self.known.asker.id == self.row.owner {
                return Ok(());
            }
            for kind in kinds {
                sqlx::query(
                    "INSERT INTO access_journal (dossier_id, viewer_id, kind, page, at)
                     SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (
                         SELECT 1 FROM access_journal WHERE dossier_id = $1 AND viewer_id = $2 AND kind = $3 AND page = $4 AND at > $6)",
                )
                .bind(self.row.id)
                .bind(self.known.asker.id)
                .bind(kind.as_str())
                .bind(exit.as_str())
                .bind(self.now)
                .bind(self.now - JOURNAL_WINDOW)
                .execute(&self.pool)
                .await?;
            }
            Ok(())
        }
    }

    /// A page left open is sent her information again at every change;
    /// one line per kind and per this many seconds is enough to tell her.
    const JOURNAL_WINDOW: i64 = 600;

    /// Something done to an account by someone else: told to its owner.
    pub async fn record_account_event(conn: &mut AnyConnection, account: i64, actor: i64, at: i64) -> Result<(), AppError> {
        sqlx::query("INSERT INTO account_events (account_id, actor_id, what, at) VALUES ($1, $2, 'new_sheet', $3)")
            .bind(account)
            .bind(actor)
            .bind(at)
            .execute(conn)
            .await?;
        Ok(())
    }

    /// Her demande for one member: each answer and each of his proposals
    /// through the policy; the kinds actually sent, for her journal.
    async fn view_for(pool: &AnyPool, row: &Row, known: &Known, now: i64) -> Result<(SharedDemandeView, Vec<Kind>), AppError> {
        let mut answers_sent = Vec::new();
        let mut sent: Vec<Kind> = Vec::new();
        for a in answers(pool, row.id).await? {
            let Some(item) = item_of(&a.field) else { continue };
            if !known.decide(Ask::Read(item), now).allowed {
                continue;
            }
            if !a.value.trim().is_empty() && !sent.contains(&item.kind) {
                sent.push(item.kind);
            }
            answers_sent.push(a);
        }
        let hidden = Kind::ALL
            .into_iter()
            .filter_map(|kind| {
                let d = known.decide(Ask::Read(Item::of_kind(kind)), now);
                let reason = match d.why {
                    Why::Rule(r) => r,
                    _ => Reason::NotInTeam,
                };
                (!d.allowed).then_some(Hidden { kind, reason })
            })
            .collect();
        // His own proposals, and only those on what he may read now: a
        // rewording of her santé answer is her santé.
        let suggestions = pending(pool, row.id, Some(known.asker.id))
            .await?
            .into_iter()
            .filter(|s| item_of(&s.field).is_some_and(|item| known.decide(Ask::Proposal(item), now).allowed))
            .collect();
        sent.sort();
        let view = SharedDemandeView {
            dossier_id: row.id,
            person_name: row.person_name.clone(),
            state: row.state,
            revision: row.revision,
            answers: answers_sent,
            hidden,
            suggestions,
            i_animate: known.decide(Ask::Animate, now).allowed,
        };
        Ok((view, sent))
    }

    /// Every current answer of the dossier, with its author. Private to the
    /// door: callers receive what the policy lets through.
    async fn answers(pool: &AnyPool, dossier: i64) -> Result<Vec<Answer>, AppError> {
        answer_rows(
            pool,
            dossier,
            "SELECT x.field, x.value, x.version, a.display_name, CAST(CASE WHEN x.updated_by = d.person_id THEN 1 ELSE 0 END AS BIGINT)
             FROM demande_answers x JOIN accounts a ON a.id = x.updated_by JOIN dossiers d ON d.id = x.dossier_id
             WHERE x.dossier_id = $1",
        )
        .await
    }

    /// Her demande as it is now, for the version of her livret being
    /// written (in the transaction that writes it). Stored, never sent:
    /// a copy of her livret leaves through [`Door::release`].
    pub async fn answers_for_livret(conn: &mut AnyConnection, dossier: i64) -> Result<Vec<(String, String)>, AppError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT field, value FROM demande_answers WHERE dossier_id = $1 ORDER BY field")
                .bind(dossier)
                .fetch_all(conn)
                .await?;
        Ok(rows.into_iter().filter(|(f, v)| !PRIVATE_FIELDS.contains(&f.as_str()) && !v.trim().is_empty()).collect())
    }

    /// The answers as she last sent them (no version: they never change).
    async fn sent_answers(pool: &AnyPool, dossier: i64) -> Result<Vec<Answer>, AppError> {
        answer_rows(
            pool,
            dossier,
            "SELECT x.field, x.value, CAST(0 AS BIGINT), a.display_name, CAST(CASE WHEN x.author_id = d.person_id THEN 1 ELSE 0 END AS BIGINT)
             FROM demande_sent x JOIN accounts a ON a.id = x.author_id JOIN dossiers d ON d.id = x.dossier_id
             WHERE x.dossier_id = $1",
        )
        .await
    }

    /// Answers from a query of (field, value, version, author, hers).
    async fn answer_rows(pool: &AnyPool, dossier: i64, sql: &'static str) -> Result<Vec<Answer>, AppError> {
        let rows: Vec<(String, String, i64, String, i64)> = sqlx::query_as(sql).bind(dossier).fetch_all(pool).await?;
        Ok(rows
            .into_iter()
            .map(|(field, value, version, author, mine)| Answer { field, value, version, author, by_owner: mine == 1 })
            .collect())
    }

    /// Keeps the demande as she sends it (in the transaction that sends it).
    pub async fn keep_sent_version(conn: &mut AnyConnection, dossier: i64, at: i64) -> Result<(), AppError> {
        sqlx::query("DELETE FROM demande_sent WHERE dossier_id = $1").bind(dossier).execute(&mut *conn).await?;
        sqlx::query(
            "INSERT INTO demande_sent (dossier_id, field, value, author_id, sent_at)
             SELECT dossier_id, field, value, updated_by, $2 FROM demande_answers WHERE dossier_id = $1",
        )
        .bind(dossier)
        .bind(at)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    async fn messages(pool: &AnyPool, dossier: i64) -> Result<Vec<Message>, AppError> {
        let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
            "SELECT m.body, m.state, m.at, a.display_name FROM dossier_messages m JOIN accounts a ON a.id = m.author_id
             WHERE m.dossier_id = $1 ORDER BY m.at DESC, m.id DESC",
        )
        .bind(dossier)
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(body, state, at, author)| {
                Some(Message { body, state: State::parse(&state)?, on: long_date(at), author })
            })
            .collect())
    }

    /// Pending proposals of a dossier (of one author when given): another
    /// professional's proposals are not even read for this one.
    async fn pending(pool: &AnyPool, dossier: i64, author: Option<i64>) -> Result<Vec<Suggestion>, AppError> {
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

    // --- lists of names --------------------------------------------------

    type ListedColumns = (i64, i64, Option<i64>, String, Option<i64>, Option<i64>, Option<i64>, String, String, i64, Option<i64>);

    /// The people whose name the caller may see for this purpose, each
    /// through the policy: `Ask::SeeName` (the people she follows),
    /// `Ask::Decide` (the demandes waiting for her), `Ask::Follow` (the
    /// dossiers of her équipes).
    pub async fn listed(pool: &AnyPool, caller: &Caller, ask: Ask) -> Result<Vec<Listed>, AppError> {
        let asker = Asker { id: caller.id, role: caller.role, mds: caller.mds_id, function: caller.function };
        // Candidates only: her équipes, and for a head her MDS. The policy
        // decides. Each side of the OR is read through its index (a plain
        // "is a member OR in the MDS" read every dossier: tests/growth.rs).
        let mds = if caller.role == Role::Head { caller.mds_id.unwrap_or(-1) } else { -1 };
        let rows: Vec<ListedColumns> = sqlx::query_as(
            "SELECT d.id, d.person_id, d.mds_id, d.state, d.animateur_id, m.since, m.until, a.display_name,
                    COALESCE(a.identifier, ''), CASE WHEN a.secret_hash IS NULL THEN 0 ELSE 1 END, d.sent_at
             FROM dossiers d JOIN accounts a ON a.id = d.person_id
             LEFT JOIN dossier_members m ON m.dossier_id = d.id AND m.staff_id = $1
             WHERE d.id IN (SELECT e.dossier_id FROM dossier_members e WHERE e.staff_id = $1) OR d.mds_id = $2
             ORDER BY a.display_name, d.id",
        )
        .bind(caller.id)
        .bind(mds)
        .fetch_all(pool)
        .await?;
        let t = now();
        Ok(rows
            .into_iter()
            .filter_map(
                |(dossier_id, owner, mds, state, animateur, since, until, person_name, identifier, has_secret, sent_at)| {
                    let state = State::parse(&state)?;
                    let facts = Facts {
                        asker,
                        dossier: DossierFacts { owner, mds, state, animateur },
                        membership: since.map(|since| Membership { since, until }),
                        sharing: SharingFacts::default(),
                    };
                    access::decide(&facts, ask, t).allowed.then_some(Listed {
                        dossier_id,
                        person_id: owner,
                        person_name,
                        identifier,
                        has_secret: has_secret != 0,
                        state,
                        sent_at,
                    })
                },
            )
            .collect())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demande::STEPS;

    #[test]
    fn a_step_carries_only_its_own_answers_and_proposals() {
        let answer = |field: &str| Answer {
            field: field.into(),
            value: format!("texte de {field}"),
            version: 1,
            author: "Amina".into(),
            by_owner: true,
        };
        let proposal = |id, field: &str| Suggestion {
            id,
            field: field.into(),
            value: "Autrement dit".into(),
            author: "Claire".into(),
            on: "1 décembre".into(),
        };
        let demande = DemandeView {
            dossier_id: 7,
            person_name: "Amina".into(),
            state: State::Draft,
            answers: vec![answer("situation"), answer("housing.hard"), answer("housing.wish")],
            messages: vec![],
            revision: 12,
            suggestions: vec![proposal(1, "situation"), proposal(2, "housing.wish")],
            animateur: None,
            sent_on: None,
        };
        let housing = STEPS.iter().find(|s| s.questions.iter().any(|q| q.field == "housing.hard")).expect("a housing step");
        let step = demande.step_answers(housing);
        assert_eq!((step.dossier_id, step.revision), (7, 12));
        let fields: Vec<&str> = step.answers.iter().map(|a| a.field.as_str()).collect();
        assert_eq!(fields, ["housing.hard", "housing.wish"]);
        assert_eq!(step.suggestions.iter().map(|s| s.id).collect::<Vec<_>>(), [2]);
        assert_eq!(step.answer("housing.wish"), Some(&answer("housing.wish")));
        assert_eq!(step.answer("situation"), None);
    }
}
