//! The access policy (`docs/access-policy.md`: "one policy for every power,
//! one door for every read"): a pure function of who
//! asks, their relation to this dossier now, and what is asked, to a
//! decision and its reason in plain French.
//!
//! Items of her information go through the sharing rule
//! ([`sharing::decide`]); everything else that reaches her information or
//! her account is decided here too: the demande read for review, her name
//! in a list, following the dossier live, a new sheet of connexion, the
//! animateur's exceptions. The server's door (`dossier::ssr::Door`) asks
//! this function before anything leaves and writes the journal line
//! itself; no feature decides on its own.

use crate::domain::dossier::State;
use crate::domain::role::{Function, Role};
use crate::domain::sharing::{self, ConsentEvent, Item, Kind, Membership, Reason, Viewer, consent_for, lawful};
use serde::{Deserialize, Serialize};

/// Who asks, as the session and the accounts table say (never the request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asker {
    pub id: i64,
    pub role: Role,
    pub mds: Option<i64>,
    pub function: Option<Function>,
}

/// What the policy needs to know of the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DossierFacts {
    /// The person whose dossier it is.
    pub owner: i64,
    pub mds: Option<i64>,
    pub state: State,
    /// The head named at validation to animate the équipe.
    pub animateur: Option<i64>,
}

/// What the sharing rule needs for this asker: his mission, the exceptions
/// the animateur recorded for him here, and her consent events for him.
#[derive(Debug, Clone, Copy, Default)]
pub struct SharingFacts<'a> {
    pub perimeter: &'a [Kind],
    pub exceptions: &'a [(Kind, String)],
    pub events: &'a [ConsentEvent],
}

#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub asker: Asker,
    pub dossier: DossierFacts,
    /// The asker's place in her équipe, current or ended, if he ever had one.
    pub membership: Option<Membership>,
    pub sharing: SharingFacts<'a>,
}

/// The asker's relation to this dossier now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Relation {
    Owner,
    /// A current member of her équipe (the animateur is one from validation).
    Member {
        function: Option<Function>,
        since: i64,
    },
    /// He was in her équipe and is no longer (or not yet).
    FormerMember,
    /// The responsable or an adjoint of her MDS, not in her équipe.
    HeadOfHerMds {
        awaiting_decision: bool,
        animateur: bool,
    },
    Administrator,
    Stranger,
}

/// What is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// One item of her information (an answer of her demande).
    Read(Item),
    /// The asker's own proposal of a wording for an item, waiting for her.
    Proposal(Item),
    /// Propose a wording for an item.
    Suggest(Item),
    /// One item of the demande as she sent it, to decide on it.
    Review(Item),
    /// Validate her demande, refuse it, or ask for more.
    Decide,
    /// Her name, in a list of the people one follows or reviews.
    SeeName,
    /// The dossier's changes as they happen, and who else is there.
    Follow,
    /// A new sheet of connexion for her account (a new one-time code).
    NewSheet,
    /// Her own pages: her équipe and choices, her journal, her history,
    /// "Voir comme".
    Manage,
    /// The équipe's names and the exceptions recorded, to animate it.
    Animate,
    /// Record that a member needs a kind outside his mission.
    Exception { member: ExceptionTarget, kind: Kind },
    /// Her équipe parcours et projet meeting, for someone it invites (or
    /// not): its dates, its invitation and its screen. What the screen
    /// shows of her information still passes `Read`, item by item.
    Invitee { invited: bool },
    /// Write at the meeting about one item (a strength, a need, an
    /// objective, an action): one writes only about what one may read.
    Note { item: Item, invited: bool },
    /// A copy of her livret (page or PDF): hers, or a member's she agreed
    /// to. What the copy shows of her information still passes `Read`.
    LivretCopy { agreed: bool },
    /// Move an action of her livret (à faire, en cours, fait, abandonné):
    /// hers, or the one a member is responsible for, if he may read what
    /// it is about.
    UpdateAction { item: Item, responsible: bool },
    /// Ask for a new référent: she, or her référent himself.
    ChangeReferent { current_referent: bool },
    /// Accept to become her référent: only the member proposed.
    BecomeReferent { proposed: bool },
}

/// The member an exception would be for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExceptionTarget {
    pub id: i64,
    pub function: Option<Function>,
    pub in_team: bool,
    /// The kind is already in his mission: no exception is needed.
    pub in_mission: bool,
}

/// Why the answer is yes or no, in words the person can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Why {
    /// The sharing rule's decision on an item.
    Rule(Reason),
    Yours,
    InYourTeam,
    HeadOfYourMds,
    WaitingForDecision,
    NotWaitingForDecision,
    OnlyYou,
    OnlyYourTeam,
    OnlyTheAnimateur,
    AdministratorSeesNoPerson,
    AlreadyInMission,
    NotForHerself,
    NotInvited,
    NoLivretCopy,
    NotYourAction,
    OnlyHerReferent,
}

impl Why {
    /// Why, told to her about the professional `name`.
    pub fn message(self, name: &str) -> String {
        use crate::text::person as t;
        let fixed = match self {
            Why::Rule(r) => return r.message(name),
            Why::Yours => t::WHY_YOURS,
            Why::InYourTeam => t::WHY_IN_YOUR_TEAM,
            Why::HeadOfYourMds => t::WHY_HEAD_OF_YOUR_MDS,
            Why::WaitingForDecision => t::WHY_WAITING_FOR_DECISION,
            Why::NotWaitingForDecision => t::WHY_NOT_WAITING_FOR_DECISION,
            Why::OnlyYou => t::WHY_ONLY_YOU,
            Why::OnlyYourTeam => t::WHY_ONLY_YOUR_TEAM,
            Why::OnlyTheAnimateur => t::WHY_ONLY_THE_ANIMATEUR,
            Why::AdministratorSeesNoPerson => t::WHY_ADMINISTRATOR,
            Why::AlreadyInMission => t::WHY_ALREADY_IN_MISSION,
            Why::NotForHerself => t::WHY_NOT_FOR_HERSELF,
            Why::NotInvited => t::WHY_NOT_INVITED,
            Why::NoLivretCopy => t::WHY_NO_LIVRET_COPY,
            Why::NotYourAction => t::WHY_NOT_YOUR_ACTION,
            Why::OnlyHerReferent => t::WHY_ONLY_HER_REFERENT,
        };
        fixed.to_owned()
    }

    pub const ALL: [Why; 15] = [
        Why::Yours,
        Why::InYourTeam,
        Why::HeadOfYourMds,
        Why::WaitingForDecision,
        Why::NotWaitingForDecision,
        Why::OnlyYou,
        Why::OnlyYourTeam,
        Why::OnlyTheAnimateur,
        Why::AdministratorSeesNoPerson,
        Why::AlreadyInMission,
        Why::NotForHerself,
        Why::NotInvited,
        Why::NoLivretCopy,
        Why::NotYourAction,
        Why::OnlyHerReferent,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub allowed: bool,
    pub why: Why,
}

const fn yes(why: Why) -> Decision {
    Decision { allowed: true, why }
}

const fn no(why: Why) -> Decision {
    Decision { allowed: false, why }
}

fn head_of_her_mds(f: &Facts) -> bool {
    f.asker.role == Role::Head && f.asker.mds.is_some() && f.asker.mds == f.dossier.mds
}

/// The asker's relation to the dossier now. A current member comes first:
/// the animateur reads what she shares with her like any member.
pub fn relation(f: &Facts, now: i64) -> Relation {
    let a = f.asker;
    match a.role {
        Role::Person if a.id == f.dossier.owner => Relation::Owner,
        Role::Person => Relation::Stranger,
        Role::Admin => Relation::Administrator,
        Role::Professional | Role::Head => {
            if let Some(m) = f.membership.filter(|m| m.current(now)) {
                Relation::Member { function: a.function, since: m.since }
            } else if head_of_her_mds(f) {
                Relation::HeadOfHerMds {
                    awaiting_decision: f.dossier.state == State::Sent,
                    animateur: f.dossier.animateur == Some(a.id),
                }
            } else if f.membership.is_some() {
                Relation::FormerMember
            } else {
                Relation::Stranger
            }
        }
    }
}

/// The sharing rule for this asker and this item.
fn rule(f: &Facts, item: Item, now: i64) -> Decision {
    let viewer = match relation(f, now) {
        Relation::Owner => Viewer::Owner,
        // Only a member of her équipe, by his relation, brings a membership
        // to the rule: a membership row of an administrator or of another
        // person (which the database should never hold) counts for nothing.
        r => Viewer::Professional {
            function: f.asker.function,
            membership: f.membership.filter(|_| matches!(r, Relation::Member { .. })),
            perimeter: f.sharing.perimeter,
            exception: f.sharing.exceptions.iter().find(|(k, _)| *k == item.kind).map(|(_, r)| r.as_str()),
            consent: consent_for(f.sharing.events, f.asker.id, item.kind),
        },
    };
    let d = sharing::decide(viewer, item, now);
    Decision { allowed: d.allowed, why: Why::Rule(d.reason) }
}

/// Nobody outside her équipe and the head of her MDS is told why: the
/// reason given is the same as for a dossier that does not exist.
fn outsider(r: Relation) -> Decision {
    match r {
        Relation::Administrator => no(Why::AdministratorSeesNoPerson),
        _ => no(Why::Rule(Reason::NotInTeam)),
    }
}

/// The one policy: may the asker do this, on this dossier, now?
pub fn decide(f: &Facts, ask: Ask, now: i64) -> Decision {
    let r = relation(f, now);
    let owner = r == Relation::Owner;
    let member = matches!(r, Relation::Member { .. });
    match ask {
        Ask::Read(item) | Ask::Proposal(item) => rule(f, item, now),
        Ask::Suggest(item) if member => rule(f, item, now),
        Ask::Suggest(_) if owner => no(Why::OnlyYourTeam),
        Ask::Suggest(_) => outsider(r),
        Ask::Review(_) if owner => yes(Why::Yours),
        Ask::Review(_) | Ask::Decide if !head_of_her_mds(f) => outsider(r),
        Ask::Review(_) | Ask::Decide if f.dossier.state != State::Sent => no(Why::NotWaitingForDecision),
        // Her refused topics, and what she says of violence, are for no one
        // she did not choose: not even the head deciding.
        Ask::Review(item) if private(item) => {
            let reason = if item.refused_topic {
                Reason::RefusedTopic
            } else if item.third_party {
                Reason::ThirdParty
            } else {
                Reason::NoConsent
            };
            no(Why::Rule(reason))
        }
        Ask::Review(_) | Ask::Decide => yes(Why::WaitingForDecision),
        Ask::SeeName if owner => yes(Why::Yours),
        Ask::SeeName if member => yes(Why::InYourTeam),
        Ask::SeeName if head_of_her_mds(f) => yes(Why::HeadOfYourMds),
        Ask::SeeName => outsider(r),
        Ask::Follow if owner => yes(Why::Yours),
        Ask::Follow if member => yes(Why::InYourTeam),
        Ask::Follow => outsider(r),
        Ask::NewSheet if member => yes(Why::InYourTeam),
        // Never someone she removed, not even the head of her MDS: a new
        // sheet is a way into her account.
        Ask::NewSheet if removed(f, now) => no(Why::Rule(Reason::NotInTeam)),
        Ask::NewSheet if head_of_her_mds(f) => yes(Why::HeadOfYourMds),
        Ask::NewSheet if owner => no(Why::OnlyYourTeam),
        Ask::NewSheet => outsider(r),
        Ask::Manage if owner => yes(Why::Yours),
        Ask::Manage => outsider(r),
        Ask::Animate | Ask::Exception { .. } if !animates(f) => match r {
            Relation::Owner => no(Why::OnlyTheAnimateur),
            Relation::Member { .. } | Relation::HeadOfHerMds { .. } => no(Why::OnlyTheAnimateur),
            _ => outsider(r),
        },
        Ask::Animate => yes(Why::OnlyTheAnimateur),
        Ask::Invitee { .. } if owner => yes(Why::Yours),
        // The animateur runs the meeting even if she left the équipe: she
        // then reads nothing of hers there (`Read` decides, item by item).
        Ask::Invitee { .. } if animates(f) => yes(Why::OnlyTheAnimateur),
        Ask::Invitee { invited: true } if member => yes(Why::InYourTeam),
        Ask::Invitee { .. } if member => no(Why::NotInvited),
        Ask::Invitee { .. } => outsider(r),
        Ask::Note { .. } if owner => yes(Why::Yours),
        Ask::Note { item, invited: true } if member => rule(f, item, now),
        Ask::Note { .. } if member => no(Why::NotInvited),
        Ask::Note { .. } => outsider(r),
        Ask::LivretCopy { .. } if owner => yes(Why::Yours),
        Ask::LivretCopy { agreed: true } if member => yes(Why::InYourTeam),
        Ask::LivretCopy { .. } if member => no(Why::NoLivretCopy),
        Ask::LivretCopy { .. } => outsider(r),
        Ask::UpdateAction { .. } if owner => yes(Why::Yours),
        Ask::UpdateAction { item, responsible: true } if member => rule(f, item, now),
        Ask::UpdateAction { .. } if member => no(Why::NotYourAction),
        Ask::UpdateAction { .. } => outsider(r),
        Ask::ChangeReferent { .. } if owner => yes(Why::Yours),
        Ask::ChangeReferent { current_referent: true } if member => yes(Why::InYourTeam),
        Ask::ChangeReferent { .. } if member => no(Why::OnlyHerReferent),
        Ask::ChangeReferent { .. } => outsider(r),
        // She says yes for herself elsewhere: "becoming" is his own yes.
        Ask::BecomeReferent { proposed: true } if member => yes(Why::InYourTeam),
        Ask::BecomeReferent { .. } if member || owner => no(Why::OnlyHerReferent),
        Ask::BecomeReferent { .. } => outsider(r),
        Ask::Exception { member, kind } => {
            if member.id == f.asker.id {
                no(Why::NotForHerself)
            } else if !member.in_team {
                no(Why::Rule(Reason::NotInTeam))
            } else if member.function.is_some_and(|fun| !lawful(fun, kind)) {
                no(Why::Rule(Reason::ForbiddenByLaw))
            } else if member.in_mission {
                no(Why::AlreadyInMission)
            } else {
                yes(Why::OnlyTheAnimateur)
            }
        }
    }
}

/// She removed him from her équipe (his membership ended).
fn removed(f: &Facts, now: i64) -> bool {
    f.membership.is_some_and(|m| m.until.is_some_and(|u| u <= now))
}

/// The head named to animate her équipe, once the demande is validated.
/// A head of another MDS, named before she moved, animates nothing here.
fn animates(f: &Facts) -> bool {
    head_of_her_mds(f) && f.dossier.animateur == Some(f.asker.id) && f.dossier.state == State::Validated
}

/// Never read for review: her refused topics, information about someone
/// else, and violences (seen only by whom she chooses, within a mission
/// that protects people).
fn private(item: Item) -> bool {
    item.refused_topic || item.third_party || item.kind == Kind::Violence
}

/// A power over a staff account (the administrator's, mostly). Taking over
/// a head's account, or opening one, reads every demande of an MDS: that
/// takes a second person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAsk {
    /// Open an account for a professional, or for a head of an MDS.
    Open { head: bool },
    /// A new sheet of connexion for a staff account of this role.
    NewSheet { target: Role },
    /// Confirm a request for a head account of this MDS, made by someone.
    Confirm { requested_by: i64, mds: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StaffAnswer {
    Allowed,
    /// Recorded, and done once a second person confirms.
    NeedsConfirmation,
    Refused,
}

/// The policy for staff accounts: only an administrator opens them or makes
/// them a new sheet; for a head, an administrator who did not ask, or a
/// head of that MDS, must confirm. A person's account is never an
/// administrator's business (see [`Ask::NewSheet`]).
pub fn staff_power(asker: Asker, ask: StaffAsk) -> StaffAnswer {
    use StaffAnswer::*;
    match ask {
        StaffAsk::Open { head } if asker.role == Role::Admin => {
            if head {
                NeedsConfirmation
            } else {
                Allowed
            }
        }
        StaffAsk::NewSheet { target } if asker.role == Role::Admin => match target {
            Role::Professional => Allowed,
            Role::Head => NeedsConfirmation,
            Role::Admin | Role::Person => Refused,
        },
        StaffAsk::Confirm { requested_by, mds } if requested_by != asker.id => {
            let head_of_that_mds = asker.role == Role::Head && asker.mds == Some(mds);
            if asker.role == Role::Admin || head_of_that_mds { Allowed } else { Refused }
        }
        _ => Refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_000;
    const OWNER: i64 = 1;
    const ASKER: i64 = 7;
    const MDS: i64 = 3;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Place {
        Never,
        Current,
        Left,
        NotYet,
    }

    fn membership(p: Place) -> Option<Membership> {
        match p {
            Place::Never => None,
            Place::Current => Some(Membership { since: 10, until: None }),
            Place::Left => Some(Membership { since: 10, until: Some(NOW) }),
            Place::NotYet => Some(Membership { since: NOW + 1, until: None }),
        }
    }

    /// Every fact that changes a decision, one combination.
    #[derive(Debug, Clone, Copy)]
    struct Case {
        role: Role,
        is_owner: bool,
        same_mds: bool,
        place: Place,
        state: State,
        is_animateur: bool,
        consent: bool,
    }

    fn asker_id(c: Case) -> i64 {
        if c.is_owner { OWNER } else { ASKER }
    }

    fn facts<'a>(c: Case, events: &'a [ConsentEvent], exceptions: &'a [(Kind, String)]) -> Facts<'a> {
        let id = asker_id(c);
        let function = match c.role {
            Role::Professional => Some(Function::SocialWorker),
            Role::Head => Some(Function::MdsHead),
            _ => None,
        };
        Facts {
            asker: Asker { id, role: c.role, mds: Some(if c.same_mds { MDS } else { MDS + 1 }), function },
            dossier: DossierFacts { owner: OWNER, mds: Some(MDS), state: c.state, animateur: c.is_animateur.then_some(id) },
            membership: membership(c.place),
            sharing: SharingFacts { perimeter: &Kind::ALL, exceptions, events },
        }
    }

    fn all_cases() -> Vec<Case> {
        let mut out = Vec::new();
        for role in Role::ALL {
            for is_owner in [true, false] {
                for same_mds in [true, false] {
                    for place in [Place::Never, Place::Current, Place::Left, Place::NotYet] {
                        for state in State::ALL {
                            for is_animateur in [true, false] {
                                for consent in [true, false] {
                                    out.push(Case { role, is_owner, same_mds, place, state, is_animateur, consent });
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }

    fn events_for(c: Case) -> Vec<ConsentEvent> {
        if !c.consent {
            return Vec::new();
        }
        Kind::ALL
            .iter()
            .enumerate()
            .map(|(i, kind)| ConsentEvent {
                professional: asker_id(c),
                kind: *kind,
                granted: true,
                at: i as i64,
                notice_version: 1,
            })
            .collect()
    }

    /// The relation, written out again as the issue states it.
    fn expected_relation(c: Case) -> Relation {
        let staff = matches!(c.role, Role::Professional | Role::Head);
        if c.role == Role::Person {
            return if c.is_owner { Relation::Owner } else { Relation::Stranger };
        }
        if c.role == Role::Admin {
            return Relation::Administrator;
        }
        if staff && c.place == Place::Current {
            let function = if c.role == Role::Head { Some(Function::MdsHead) } else { Some(Function::SocialWorker) };
            return Relation::Member { function, since: 10 };
        }
        if c.role == Role::Head && c.same_mds {
            return Relation::HeadOfHerMds { awaiting_decision: c.state == State::Sent, animateur: c.is_animateur };
        }
        if c.place == Place::Never { Relation::Stranger } else { Relation::FormerMember }
    }

    fn asks() -> Vec<Ask> {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            for refused_topic in [false, true] {
                let item = Item { kind, refused_topic, third_party: false };
                out.extend([Ask::Read(item), Ask::Proposal(item), Ask::Suggest(item), Ask::Review(item)]);
                for invited in [false, true] {
                    out.push(Ask::Note { item, invited });
                }
                for responsible in [false, true] {
                    out.push(Ask::UpdateAction { item, responsible });
                }
            }
        }
        let target = ExceptionTarget { id: 99, function: Some(Function::CafAdviser), in_team: true, in_mission: false };
        out.extend([
            Ask::Decide,
            Ask::SeeName,
            Ask::Follow,
            Ask::NewSheet,
            Ask::Manage,
            Ask::Animate,
            Ask::Exception { member: target, kind: Kind::Mobility },
            Ask::Invitee { invited: false },
            Ask::Invitee { invited: true },
            Ask::LivretCopy { agreed: false },
            Ask::LivretCopy { agreed: true },
            Ask::ChangeReferent { current_referent: false },
            Ask::ChangeReferent { current_referent: true },
            Ask::BecomeReferent { proposed: false },
            Ask::BecomeReferent { proposed: true },
        ]);
        out
    }

    /// The expected answer for every relation and every ask, written as a
    /// table of who may do what (the matrix of `docs/access-policy.md`).
    fn expected(c: Case, ask: Ask) -> bool {
        let rel = expected_relation(c);
        let member = matches!(rel, Relation::Member { .. });
        let head_here = c.role == Role::Head && c.same_mds;
        let animates = head_here && c.is_animateur && c.state == State::Validated;
        let item_ok = |item: Item| {
            rel == Relation::Owner
                || (member
                    && c.consent
                    && !item.refused_topic
                    && !item.third_party
                    && lawful(if c.role == Role::Head { Function::MdsHead } else { Function::SocialWorker }, item.kind))
        };
        match ask {
            Ask::Read(item) | Ask::Proposal(item) => item_ok(item),
            Ask::Suggest(item) => member && item_ok(item),
            Ask::Review(item) => {
                rel == Relation::Owner
                    || (head_here && c.state == State::Sent && !item.refused_topic && item.kind != Kind::Violence)
            }
            Ask::Decide => head_here && c.state == State::Sent,
            Ask::SeeName => rel == Relation::Owner || member || head_here,
            Ask::Follow => rel == Relation::Owner || member,
            Ask::NewSheet => member || (head_here && c.place != Place::Left),
            Ask::Manage => rel == Relation::Owner,
            Ask::Animate | Ask::Exception { .. } => animates,
            Ask::Invitee { invited } => rel == Relation::Owner || animates || (member && invited),
            Ask::Note { item, invited } => rel == Relation::Owner || (member && invited && item_ok(item)),
            Ask::LivretCopy { agreed } => rel == Relation::Owner || (member && agreed),
            Ask::UpdateAction { item, responsible } => rel == Relation::Owner || (member && responsible && item_ok(item)),
            Ask::ChangeReferent { current_referent } => rel == Relation::Owner || (member && current_referent),
            Ask::BecomeReferent { proposed } => member && proposed,
        }
    }

    #[test]
    fn every_relation_and_every_ask_gets_the_expected_answer() {
        let mut count = 0;
        for c in all_cases() {
            let events = events_for(c);
            let f = facts(c, &events, &[]);
            assert_eq!(relation(&f, NOW), expected_relation(c), "{c:?}");
            for ask in asks() {
                let d = decide(&f, ask, NOW);
                assert_eq!(d.allowed, expected(c, ask), "{c:?} {ask:?}: {d:?}");
                count += 1;
            }
        }
        assert_eq!(count, 4 * 2 * 2 * 4 * 5 * 2 * 2 * (11 * 2 * 8 + 15));
    }

    #[test]
    fn every_reason_reads_plainly() {
        for why in Why::ALL {
            let m = why.message("Karim Haddad");
            assert!(crate::domain::falc::check(&m, false).is_empty(), "{why:?}: {m}");
        }
    }

    #[test]
    fn the_animateur_records_exceptions_only_within_the_law_and_for_others() {
        let c = Case {
            role: Role::Head,
            is_owner: false,
            same_mds: true,
            place: Place::Current,
            state: State::Validated,
            is_animateur: true,
            consent: false,
        };
        let f = facts(c, &[], &[]);
        let landlord = ExceptionTarget { id: 99, function: Some(Function::SocialLandlord), in_team: true, in_mission: false };
        let cases = [
            (landlord, Kind::Health, Why::Rule(Reason::ForbiddenByLaw)),
            (landlord, Kind::Violence, Why::Rule(Reason::ForbiddenByLaw)),
            (ExceptionTarget { in_team: false, ..landlord }, Kind::Money, Why::Rule(Reason::NotInTeam)),
            (ExceptionTarget { id: ASKER, ..landlord }, Kind::Money, Why::NotForHerself),
            (ExceptionTarget { in_mission: true, ..landlord }, Kind::Housing, Why::AlreadyInMission),
        ];
        for (member, kind, why) in cases {
            assert_eq!(decide(&f, Ask::Exception { member, kind }, NOW), no(why), "{member:?} {kind:?}");
        }
        assert!(decide(&f, Ask::Exception { member: landlord, kind: Kind::Money }, NOW).allowed);
        let guardian = ExceptionTarget { function: Some(Function::Guardian), ..landlord };
        assert!(decide(&f, Ask::Exception { member: guardian, kind: Kind::Health }, NOW).allowed, "santé within his mandate");
    }

    #[test]
    fn every_power_over_staff_accounts_gets_the_expected_answer() {
        use StaffAnswer::*;
        for role in Role::ALL {
            for mds in [Some(MDS), Some(MDS + 1), None] {
                let asker = Asker { id: ASKER, role, mds, function: None };
                let admin = role == Role::Admin;
                assert_eq!(staff_power(asker, StaffAsk::Open { head: false }), if admin { Allowed } else { Refused });
                assert_eq!(staff_power(asker, StaffAsk::Open { head: true }), if admin { NeedsConfirmation } else { Refused });
                for target in Role::ALL {
                    let expected = match (admin, target) {
                        (true, Role::Professional) => Allowed,
                        (true, Role::Head) => NeedsConfirmation,
                        _ => Refused,
                    };
                    assert_eq!(staff_power(asker, StaffAsk::NewSheet { target }), expected, "{role:?} {target:?}");
                }
                for requested_by in [ASKER, OWNER] {
                    let expected = if requested_by == ASKER {
                        Refused
                    } else if admin || (role == Role::Head && mds == Some(MDS)) {
                        Allowed
                    } else {
                        Refused
                    };
                    assert_eq!(staff_power(asker, StaffAsk::Confirm { requested_by, mds: MDS }), expected, "{role:?} {mds:?}");
                }
            }
        }
    }

    fn any_case() -> impl Strategy<Value = Case> {
        let all = all_cases();
        (0..all.len()).prop_map(move |i| all[i])
    }

    fn any_ask() -> impl Strategy<Value = Ask> {
        let all = asks();
        (0..all.len()).prop_map(move |i| all[i])
    }

    proptest! {
        #[test]
        fn no_former_member_stranger_or_administrator_obtains_anything(c in any_case(), ask in any_ask()) {
            let events = events_for(c);
            let exceptions: Vec<(Kind, String)> = Kind::ALL.iter().map(|k| (*k, "raison".to_owned())).collect();
            let f = facts(c, &events, &exceptions);
            if matches!(relation(&f, NOW), Relation::FormerMember | Relation::Stranger | Relation::Administrator) {
                prop_assert!(!decide(&f, ask, NOW).allowed, "{:?} {:?}", c, ask);
            }
        }

        #[test]
        fn a_head_reads_for_review_only_while_the_demande_waits_for_her_decision(c in any_case(), kind in prop::sample::select(Kind::ALL.to_vec())) {
            let events = events_for(c);
            let f = facts(c, &events, &[]);
            let item = Item::of_kind(kind);
            if relation(&f, NOW) != Relation::Owner && decide(&f, Ask::Review(item), NOW).allowed {
                prop_assert_eq!(c.state, State::Sent);
                prop_assert!(c.role == Role::Head && c.same_mds);
                prop_assert!(kind != Kind::Violence);
            }
        }

        #[test]
        fn after_the_decision_a_head_reads_only_as_a_member_of_her_team(c in any_case(), kind in prop::sample::select(Kind::ALL.to_vec())) {
            let events = events_for(c);
            let f = facts(c, &events, &[]);
            if c.role == Role::Head && c.state.is_final() {
                let item = Item::of_kind(kind);
                let read = decide(&f, Ask::Read(item), NOW).allowed;
                prop_assert!(!decide(&f, Ask::Review(item), NOW).allowed);
                prop_assert_eq!(read, c.place == Place::Current && c.consent && lawful(Function::MdsHead, kind));
            }
        }

        #[test]
        fn no_power_over_her_account_outside_her_team_and_the_head_of_her_mds(c in any_case()) {
            let f = facts(c, &[], &[]);
            let allowed = decide(&f, Ask::NewSheet, NOW).allowed;
            let expected = matches!(c.role, Role::Professional | Role::Head) && c.place == Place::Current
                || (c.role == Role::Head && c.same_mds && c.place != Place::Left);
            prop_assert_eq!(allowed, expected);
        }
    }
}
