//! Her livret de parcours (`docs/livret.md`): one version per équipe
//! meeting, built from it, signed by her and then never changed. Pure
//! rules: what a version holds and in which canonical form it is signed,
//! a professional's copy (only the life areas the sharing rule lets
//! through), what changed from one version to the next in plain words,
//! the states of an action and the bilan of an objective, when a reminder
//! is due. The server (`livret::ssr`) reads, stores and sends.

use crate::domain::role::Function;
use crate::domain::sharing::Kind;
use crate::text::{fill, person as t};
use serde::{Deserialize, Serialize};

/// Where an action stands. She and the professional responsible for it
/// move it; a dropped action says why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionState {
    Todo,
    Doing,
    Done,
    Dropped,
}

impl ActionState {
    pub const ALL: [ActionState; 4] = [ActionState::Todo, ActionState::Doing, ActionState::Done, ActionState::Dropped];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::Todo => "todo",
            ActionState::Doing => "doing",
            ActionState::Done => "done",
            ActionState::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<ActionState> {
        ActionState::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionState::Todo => t::ACTION_TODO,
            ActionState::Doing => t::ACTION_DOING,
            ActionState::Done => t::ACTION_DONE,
            ActionState::Dropped => t::ACTION_DROPPED,
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            ActionState::Todo => "○",
            ActionState::Doing => "◐",
            ActionState::Done => "✓",
            ActionState::Dropped => "✕",
        }
    }

    /// Still to be done: what her home lists and what reminders are for.
    pub fn open(self) -> bool {
        matches!(self, ActionState::Todo | ActionState::Doing)
    }
}

/// The bilan of an objective at the next meeting, before the new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bilan {
    Reached,
    Ongoing,
    ToReview,
    Dropped,
}

impl Bilan {
    pub const ALL: [Bilan; 4] = [Bilan::Reached, Bilan::Ongoing, Bilan::ToReview, Bilan::Dropped];

    pub fn as_str(self) -> &'static str {
        match self {
            Bilan::Reached => "reached",
            Bilan::Ongoing => "ongoing",
            Bilan::ToReview => "to_review",
            Bilan::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<Bilan> {
        Bilan::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Bilan::Reached => t::BILAN_REACHED,
            Bilan::Ongoing => t::BILAN_ONGOING,
            Bilan::ToReview => t::BILAN_TO_REVIEW,
            Bilan::Dropped => t::BILAN_DROPPED,
        }
    }

    /// The objective ends here: it is not carried into the next version.
    pub fn ends(self) -> bool {
        matches!(self, Bilan::Reached | Bilan::Dropped)
    }
}

/// Her words in one life area of her demande (volet 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub kind: Kind,
    /// (question, her words)
    pub answers: Vec<(String, String)>,
}

/// A strength or a need noted at the meeting, under its life area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Noted {
    pub kind: Kind,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: i64,
    pub what: String,
    pub who_id: i64,
    pub who: String,
    pub who_is_her: bool,
    pub due: String,
    pub means: String,
    pub state: ActionState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub id: i64,
    pub kind: Kind,
    pub body: String,
    /// Given at the meeting of this version, for an objective of before.
    pub bilan: Option<Bilan>,
    pub actions: Vec<Action>,
}

/// How to reach someone of her équipe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub function: Option<Function>,
    pub institution: Option<String>,
    pub email: Option<String>,
}

/// One version of her livret, exactly as she signs it. Its canonical form
/// ([`Livret::canonical`]) is what is stored and hashed: field order is
/// fixed by this declaration and every list is ordered by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Livret {
    pub number: u32,
    pub person: String,
    pub meeting_on: String,
    pub demande: Vec<Area>,
    pub strengths: Vec<Noted>,
    pub needs: Vec<Noted>,
    pub objectives: Vec<Objective>,
    pub referent: Option<Contact>,
    pub review_on: Option<String>,
    pub team: Vec<Contact>,
    pub charter: Vec<String>,
    pub notice: Vec<String>,
}

impl Livret {
    pub fn canonical(&self) -> String {
        // Serialising plain structs, strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_canonical(s: &str) -> Option<Livret> {
        serde_json::from_str(s).ok()
    }

    /// Every life area something of this version is written under.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut out: Vec<Kind> = self
            .demande
            .iter()
            .map(|a| a.kind)
            .chain(self.strengths.iter().chain(&self.needs).map(|n| n.kind))
            .chain(self.objectives.iter().map(|o| o.kind))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// A professional's copy: only what is written under a life area he
    /// may read. The équipe, the référent, the dates, the charter and the
    /// notice are not her confidential information.
    pub fn filtered(&self, allowed: impl Fn(Kind) -> bool) -> Livret {
        Livret {
            demande: self.demande.iter().filter(|a| allowed(a.kind)).cloned().collect(),
            strengths: self.strengths.iter().filter(|n| allowed(n.kind)).cloned().collect(),
            needs: self.needs.iter().filter(|n| allowed(n.kind)).cloned().collect(),
            objectives: self.objectives.iter().filter(|o| allowed(o.kind)).cloned().collect(),
            ..self.clone()
        }
    }

    /// What this member of her équipe does for her, in this version.
    pub fn does(&self, member: i64) -> Vec<&Action> {
        self.objectives.iter().flat_map(|o| &o.actions).filter(|a| a.who_id == member && !a.who_is_her).collect()
    }

    /// What she does herself.
    pub fn hers(&self) -> Vec<&Action> {
        self.objectives.iter().flat_map(|o| &o.actions).filter(|a| a.who_is_her).collect()
    }
}

/// What changed from one version to the next, in plain words, in the order
/// she reads her livret: objectives (new, with their bilan), actions,
/// référent, next meeting.
pub fn changes(before: Option<&Livret>, after: &Livret) -> Vec<String> {
    // Her words end a sentence of their own; inside this one, no second period.
    let bare = |s: &str| s.trim().trim_end_matches(['.', ' ']).to_owned();
    let Some(before) = before else {
        return vec![t::CHANGE_FIRST.to_owned()];
    };
    let mut out = Vec::new();
    for o in &after.objectives {
        match before.objectives.iter().find(|b| b.id == o.id) {
            None => out.push(fill(t::CHANGE_NEW_OBJECTIVE, &[("what", &bare(&o.body))])),
            Some(_) => {
                if let Some(bilan) = o.bilan {
                    out.push(fill(t::CHANGE_BILAN, &[("what", &bare(&o.body)), ("bilan", bilan.label())]));
                }
            }
        }
        let old_actions: Vec<&Action> = before.objectives.iter().flat_map(|b| &b.actions).collect();
        for a in &o.actions {
            match old_actions.iter().find(|b| b.id == a.id) {
                None => out.push(fill(t::CHANGE_NEW_ACTION, &[("what", &bare(&a.what))])),
                Some(b) if b.state != a.state => {
                    out.push(fill(t::CHANGE_ACTION_STATE, &[("what", &bare(&a.what)), ("state", a.state.label())]))
                }
                Some(_) => {}
            }
        }
    }
    for b in &before.objectives {
        if !after.objectives.iter().any(|o| o.id == b.id) {
            out.push(fill(t::CHANGE_OBJECTIVE_GONE, &[("what", &bare(&b.body))]));
        }
    }
    let name = |c: &Option<Contact>| c.as_ref().map(|c| c.name.clone());
    if name(&before.referent) != name(&after.referent)
        && let Some(r) = &after.referent
    {
        out.push(fill(t::CHANGE_REFERENT, &[("name", &r.name)]));
    }
    if before.review_on != after.review_on
        && let Some(d) = &after.review_on
    {
        out.push(fill(t::CHANGE_REVIEW, &[("date", d)]));
    }
    for m in &after.team {
        if !before.team.iter().any(|b| b.id == m.id) {
            out.push(fill(t::CHANGE_NEW_MEMBER, &[("name", &m.name)]));
        }
    }
    if out.is_empty() {
        out.push(t::CHANGE_NONE.to_owned());
    }
    out
}

/// Why her livret, or one of its actions, cannot be moved so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LivretError {
    /// A newer version exists: she signs the last one.
    Old,
    AlreadySigned,
    /// Its content no longer matches what was written: never signed.
    Altered,
    /// A professional moves only the actions he is responsible for.
    NotYourAction,
    /// An action is dropped with a reason.
    ReasonNeeded,
    /// Every objective of before gets its bilan before the new version.
    BilanMissing,
    /// Signing: not her secret (counted like a failed sign-in).
    WrongSecret,
}

impl LivretError {
    pub fn message(self) -> &'static str {
        match self {
            LivretError::Old => t::LIVRET_ERR_OLD,
            LivretError::AlreadySigned => t::LIVRET_ERR_SIGNED,
            LivretError::Altered => t::LIVRET_ERR_ALTERED,
            LivretError::NotYourAction => t::LIVRET_ERR_NOT_YOURS,
            LivretError::ReasonNeeded => t::LIVRET_ERR_REASON,
            LivretError::BilanMissing => t::LIVRET_ERR_BILAN,
            LivretError::WrongSecret => t::LIVRET_ERR_SECRET,
        }
    }
}

/// She signs (or refuses to sign) only the last version, once, and only
/// if its stored content is the one written.
pub fn may_sign(number: u32, last: u32, signed: bool, intact: bool) -> Result<(), LivretError> {
    if !intact {
        Err(LivretError::Altered)
    } else if number != last {
        Err(LivretError::Old)
    } else if signed {
        Err(LivretError::AlreadySigned)
    } else {
        Ok(())
    }
}

/// Days before its deadline an open action is reminded of.
pub const ACTION_REMINDER_DAYS: i64 = 3;
/// Days before the review date the next meeting is reminded of.
pub const REVIEW_REMINDER_DAYS: i64 = 14;
const DAY: i64 = 86_400;

/// An open action is reminded of from a few days before its deadline
/// (and after it, while still open).
pub fn action_reminder_due(due_at: i64, state: ActionState, now: i64) -> bool {
    state.open() && now >= due_at - ACTION_REMINDER_DAYS * DAY
}

/// The review date is reminded of two weeks before, until it passes.
pub fn review_reminder_due(review_at: i64, now: i64) -> bool {
    now >= review_at - REVIEW_REMINDER_DAYS * DAY && now < review_at
}

/// The debrief after a meeting: she picks, on a scale of pictograms, how
/// confident she felt and how well she understood (1 to 4).
pub const SCALE: [(&str, &str); 4] = [("1", "☹"), ("2", "😐"), ("3", "🙂"), ("4", "😀")];

pub fn parse_scale(raw: &str) -> Option<i64> {
    SCALE.iter().position(|(v, _)| *v == raw).map(|i| i as i64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(id: i64, state: ActionState) -> Action {
        Action {
            id,
            what: format!("action {id}"),
            who_id: 7,
            who: "Claire".into(),
            who_is_her: false,
            due: "1 mars".into(),
            means: String::new(),
            state,
        }
    }

    fn livret(objectives: Vec<Objective>) -> Livret {
        Livret {
            number: 1,
            person: "Amina".into(),
            meeting_on: "1 février".into(),
            demande: vec![Area { kind: Kind::Health, answers: vec![("q".into(), "santé".into())] }],
            strengths: vec![Noted { kind: Kind::Housing, body: "courage".into() }],
            needs: vec![],
            objectives,
            referent: None,
            review_on: None,
            team: vec![],
            charter: vec![],
            notice: vec![],
        }
    }

    fn objective(id: i64, kind: Kind, actions: Vec<Action>) -> Objective {
        Objective { id, kind, body: format!("objectif {id}"), bilan: None, actions }
    }

    #[test]
    fn canonical_form_round_trips_and_is_stable() {
        let l = livret(vec![objective(1, Kind::Housing, vec![action(1, ActionState::Todo)])]);
        let c = l.canonical();
        assert_eq!(Livret::from_canonical(&c), Some(l.clone()));
        assert_eq!(c, l.clone().canonical());
    }

    #[test]
    fn a_copy_keeps_only_the_allowed_areas() {
        let l = livret(vec![objective(1, Kind::Housing, vec![]), objective(2, Kind::Health, vec![])]);
        let copy = l.filtered(|k| k == Kind::Housing);
        assert!(copy.demande.is_empty());
        assert_eq!(copy.strengths.len(), 1);
        assert_eq!(copy.objectives.iter().map(|o| o.id).collect::<Vec<_>>(), vec![1]);
        assert!(!copy.canonical().contains("santé"));
    }

    #[test]
    fn changes_say_what_is_new_and_what_ended() {
        let v1 = livret(vec![objective(1, Kind::Housing, vec![action(1, ActionState::Todo)])]);
        let mut v2 = livret(vec![objective(1, Kind::Housing, vec![action(1, ActionState::Done)])]);
        v2.objectives[0].bilan = Some(Bilan::Reached);
        v2.objectives.push(Objective { body: "trouver une formation".into(), ..objective(2, Kind::Work, vec![]) });
        let c = changes(Some(&v1), &v2);
        assert!(c.iter().any(|l| l == "Nouvel objectif : trouver une formation."), "{c:?}");
        assert!(c.iter().any(|l| l.contains("objectif 1") && l.contains(Bilan::Reached.label())), "{c:?}");
        assert!(c.iter().any(|l| l.contains("action 1") && l.contains(ActionState::Done.label())), "{c:?}");
        assert_eq!(changes(Some(&v1), &v1), vec![t::CHANGE_NONE.to_owned()]);
        assert_eq!(changes(None, &v1), vec![t::CHANGE_FIRST.to_owned()]);
    }

    #[test]
    fn only_the_last_intact_unsigned_version_is_signed() {
        assert_eq!(may_sign(2, 2, false, true), Ok(()));
        assert_eq!(may_sign(1, 2, false, true), Err(LivretError::Old));
        assert_eq!(may_sign(2, 2, true, true), Err(LivretError::AlreadySigned));
        assert_eq!(may_sign(2, 2, false, false), Err(LivretError::Altered));
    }

    #[test]
    fn reminders_come_before_the_deadline_and_only_for_open_actions() {
        let due = 100 * DAY;
        assert!(!action_reminder_due(due, ActionState::Todo, due - 4 * DAY));
        assert!(action_reminder_due(due, ActionState::Todo, due - 3 * DAY));
        assert!(action_reminder_due(due, ActionState::Doing, due + DAY));
        assert!(!action_reminder_due(due, ActionState::Done, due));
        assert!(!review_reminder_due(due, due - 15 * DAY));
        assert!(review_reminder_due(due, due - 14 * DAY));
        assert!(!review_reminder_due(due, due));
    }
}
