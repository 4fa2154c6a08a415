//! The sharing rule (`docs/sharing-rule.md`), as one pure function: may this
//! viewer see this item of this dossier now, and why, in plain words.
//! Nothing is shared by default. The access policy (`domain::access`) calls
//! it for every item, and the server's door applies that policy before
//! anything leaves; the browser uses it to explain a choice to the person.

use crate::domain::role::Function;
use serde::{Deserialize, Serialize};

/// Kinds of information: the unit the person chooses to share or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    Housing,
    Health,
    Money,
    Family,
    Work,
    Mobility,
    Rights,
    Justice,
    Relations,
    Violence,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Housing,
        Kind::Health,
        Kind::Money,
        Kind::Family,
        Kind::Work,
        Kind::Mobility,
        Kind::Rights,
        Kind::Justice,
        Kind::Relations,
        Kind::Violence,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Housing => "housing",
            Kind::Health => "health",
            Kind::Money => "money",
            Kind::Family => "family",
            Kind::Work => "work",
            Kind::Mobility => "mobility",
            Kind::Rights => "rights",
            Kind::Justice => "justice",
            Kind::Relations => "relations",
            Kind::Violence => "violence",
            Kind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The name the person reads (from the text catalogue).
    pub fn label(self) -> &'static str {
        use crate::text::person as t;
        match self {
            Kind::Housing => t::KIND_HOUSING,
            Kind::Health => t::KIND_HEALTH,
            Kind::Money => t::KIND_MONEY,
            Kind::Family => t::KIND_FAMILY,
            Kind::Work => t::KIND_WORK,
            Kind::Mobility => t::KIND_MOBILITY,
            Kind::Rights => t::KIND_RIGHTS,
            Kind::Justice => t::KIND_JUSTICE,
            Kind::Relations => t::KIND_RELATIONS,
            Kind::Violence => t::KIND_VIOLENCE,
            Kind::Other => t::KIND_OTHER,
        }
    }

    /// Its pictogram (own SVGs in `public/icons`), also that of its step
    /// of the demande.
    pub const fn icon(self) -> &'static str {
        use crate::icons;
        match self {
            Kind::Housing => icons::HOUSING,
            Kind::Health => icons::HEALTH,
            Kind::Money => icons::MONEY,
            Kind::Family => icons::FAMILY,
            Kind::Work => icons::WORK,
            Kind::Mobility => icons::MOBILITY,
            Kind::Rights => icons::RIGHTS,
            Kind::Justice => icons::JUSTICE,
            Kind::Relations => icons::RELATIONS,
            Kind::Violence => icons::VIOLENCE,
            Kind::Other => icons::OTHER,
        }
    }

    /// Private life in the sense of the law: health, money, violence
    /// suffered (a careless share can put her in danger).
    pub fn sensitive(self) -> bool {
        matches!(self, Kind::Health | Kind::Money | Kind::Violence)
    }
}

/// The kinds of information that belong to each function's mission, by
/// default (the administrator adapts the stored table, within the law).
/// Never wider than the law allows: a test checks that no default holds a
/// kind of [`never_sees`].
pub fn default_perimeter(function: Function) -> &'static [Kind] {
    use Kind::*;
    match function {
        Function::SocialWorker => &[Housing, Money, Family, Work, Mobility, Rights, Justice, Relations, Violence, Other],
        Function::FamilyEconomyAdviser => &[Housing, Money, Rights, Other],
        Function::CafAdviser => &[Rights, Money, Housing, Family],
        Function::CcasWorker => &[Money, Housing, Rights, Mobility, Other],
        Function::MissionLocaleAdviser => &[Work, Mobility, Housing, Rights],
        // Child protection is the PMI's mission: violence at home is part of it.
        Function::PmiNurse => &[Health, Family, Violence],
        Function::SocialLandlord => &[Housing],
        // A hospital social worker prepares the return home: budget,
        // children, work, and the violence that brought her to the hospital.
        Function::HospitalSocialWorker => &[Health, Rights, Housing, Money, Family, Work, Violence],
        // His mandate is a court's: justice belongs to it; santé only
        // within a mandate that covers it (an exception naming it).
        Function::Guardian => &[Money, Rights, Housing, Justice],
        Function::FranceTravailAdviser => &[Work, Mobility, Rights],
        // The head reads a demande for review because the person sent it to
        // her; as animateur she coordinates the équipe and reads what the
        // person shares with her, never santé nor violences.
        Function::MdsHead => &[Housing, Money, Family, Work, Mobility, Rights, Justice, Relations, Other],
    }
}

/// Kinds a function never sees, whatever her consent, the administrator's
/// perimeter or the animateur's exception (`docs/sharing-rule.md`, "lines no
/// consent or exception crosses"): a social landlord or France Travail
/// never sees santé (asking why she receives the AAH already incites a
/// breach of secrecy); violences only within a mission that protects
/// people (PMI, social worker, hospital social worker), because a careless
/// share can reach a violent partner.
pub fn never_sees(function: Function) -> &'static [Kind] {
    use Kind::*;
    match function {
        Function::SocialWorker | Function::PmiNurse | Function::HospitalSocialWorker => &[],
        Function::SocialLandlord | Function::FranceTravailAdviser => &[Health, Violence],
        Function::FamilyEconomyAdviser
        | Function::CafAdviser
        | Function::CcasWorker
        | Function::MissionLocaleAdviser
        | Function::Guardian
        | Function::MdsHead => &[Violence],
    }
}

/// Kinds a function may see only by an exception recorded for one dossier,
/// never by its mission perimeter: a mandataire judiciaire sees santé only
/// within a mandate that covers it, which the animateur names in the
/// exception's reason.
pub fn by_exception_only(function: Function) -> &'static [Kind] {
    match function {
        Function::Guardian => &[Kind::Health],
        _ => &[],
    }
}

/// May this kind be in this function's mission perimeter?
pub fn may_be_in_mission(function: Function, kind: Kind) -> bool {
    lawful(function, kind) && !by_exception_only(function).contains(&kind)
}

/// May this function ever see this kind (the fixed table above)?
pub fn lawful(function: Function, kind: Kind) -> bool {
    !never_sees(function).contains(&kind)
}

/// The person's consent for one professional and one kind, from her
/// append-only consent events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Consent {
    Never,
    Given,
    Withdrawn,
}

/// One change of consent, kept for proof (who, what, when, which notice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEvent {
    pub professional: i64,
    pub kind: Kind,
    pub granted: bool,
    pub at: i64,
    pub notice_version: u32,
}

/// The consent now in force: the latest event for that pair decides.
pub fn consent_for(events: &[ConsentEvent], professional: i64, kind: Kind) -> Consent {
    events
        .iter()
        .filter(|e| e.professional == professional && e.kind == kind)
        .max_by_key(|e| e.at)
        .map_or(Consent::Never, |e| if e.granted { Consent::Given } else { Consent::Withdrawn })
}

/// A professional's place in the person's équipe for this dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub since: i64,
    /// Set when she left the équipe (or was removed).
    pub until: Option<i64>,
}

impl Membership {
    pub fn current(&self, now: i64) -> bool {
        self.since <= now && self.until.is_none_or(|u| now < u)
    }
}

/// What the rule needs to know of one item of the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    /// A topic she said she does not want discussed.
    pub refused_topic: bool,
    /// Information about someone else (a partner, a child's father…).
    pub third_party: bool,
}

impl Item {
    /// A plain item of this kind: what a grant for the whole kind covers.
    pub fn of_kind(kind: Kind) -> Item {
        Item { kind, refused_topic: false, third_party: false }
    }
}

/// Who is looking, and what the dossier says about her.
#[derive(Debug, Clone, Copy)]
pub enum Viewer<'a> {
    /// The person herself.
    Owner,
    /// A professional, with her membership of this dossier's équipe, her
    /// mission perimeter, the exception recorded for this dossier (its
    /// reason, shown to the person) and the person's consent.
    Professional {
        /// Her function, for the kinds the law closes to it (an account
        /// without one sees nothing).
        function: Option<Function>,
        membership: Option<Membership>,
        perimeter: &'a [Kind],
        exception: Option<&'a str>,
        consent: Consent,
    },
}

/// Why an item is shown or hidden, in words the person can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reason {
    Yours,
    Consented,
    ConsentedWithException,
    RefusedTopic,
    ThirdParty,
    NotInTeam,
    ForbiddenByLaw,
    OutsideMission,
    NoConsent,
    ConsentWithdrawn,
}

impl Reason {
    pub const ALL: [Reason; 10] = [
        Reason::Yours,
        Reason::Consented,
        Reason::ConsentedWithException,
        Reason::RefusedTopic,
        Reason::ThirdParty,
        Reason::NotInTeam,
        Reason::ForbiddenByLaw,
        Reason::OutsideMission,
        Reason::NoConsent,
        Reason::ConsentWithdrawn,
    ];

    /// The reason told to her about one professional, named: "Elle ne le
    /// voit pas" was wrong for every man of her équipe.
    pub fn message(self, name: &str) -> String {
        use crate::text::person as t;
        let template = match self {
            Reason::Yours => t::REASON_YOURS,
            Reason::Consented => t::REASON_CONSENTED,
            Reason::ConsentedWithException => t::REASON_CONSENTED_WITH_EXCEPTION,
            Reason::RefusedTopic => t::REASON_REFUSED_TOPIC,
            Reason::ThirdParty => t::REASON_THIRD_PARTY,
            Reason::NotInTeam => t::REASON_NOT_IN_TEAM,
            Reason::ForbiddenByLaw => t::REASON_FORBIDDEN_BY_LAW,
            Reason::OutsideMission => t::REASON_OUTSIDE_MISSION,
            Reason::NoConsent => t::REASON_NO_CONSENT,
            Reason::ConsentWithdrawn => t::REASON_CONSENT_WITHDRAWN,
        };
        crate::text::fill(template, &[("name", name)])
    }
}

impl Reason {
    /// The same reason, told to the professional who does not see.
    pub fn pro_message(self) -> &'static str {
        use crate::text::pro as t;
        match self {
            Reason::ConsentWithdrawn => t::PRO_REASON_WITHDRAWN,
            Reason::OutsideMission => t::PRO_REASON_OUTSIDE_MISSION,
            Reason::ForbiddenByLaw => t::PRO_REASON_FORBIDDEN_BY_LAW,
            Reason::RefusedTopic | Reason::ThirdParty => t::PRO_REASON_PRIVATE,
            _ => t::PRO_REASON_NOT_SHARED,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub allowed: bool,
    pub reason: Reason,
}

const fn allow(reason: Reason) -> Decision {
    Decision { allowed: true, reason }
}

const fn refuse(reason: Reason) -> Decision {
    Decision { allowed: false, reason }
}

/// The one rule: may this viewer see this item now?
pub fn decide(viewer: Viewer<'_>, item: Item, now: i64) -> Decision {
    let Viewer::Professional { function, membership, perimeter, exception, consent } = viewer else {
        return allow(Reason::Yours);
    };
    if item.refused_topic {
        return refuse(Reason::RefusedTopic);
    }
    if item.third_party {
        return refuse(Reason::ThirdParty);
    }
    if !membership.is_some_and(|m| m.current(now)) {
        return refuse(Reason::NotInTeam);
    }
    // Fail closed: an account without a function has no mission the law
    // opens anything to.
    if !function.is_some_and(|f| lawful(f, item.kind)) {
        return refuse(Reason::ForbiddenByLaw);
    }
    let in_mission = perimeter.contains(&item.kind);
    if !in_mission && exception.is_none() {
        return refuse(Reason::OutsideMission);
    }
    match consent {
        Consent::Never => refuse(Reason::NoConsent),
        Consent::Withdrawn => refuse(Reason::ConsentWithdrawn),
        Consent::Given if in_mission => allow(Reason::Consented),
        Consent::Given => allow(Reason::ConsentedWithException),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_kind_has_its_own_pictogram_that_of_its_step() {
        let mut icons: Vec<&str> = Kind::ALL.iter().map(|k| k.icon()).collect();
        icons.sort_unstable();
        icons.dedup();
        assert_eq!(icons.len(), Kind::ALL.len(), "two kinds share a pictogram");
        for kind in Kind::ALL {
            let step = crate::domain::demande::STEPS
                .iter()
                .find(|s| s.kind == kind && s.questions.iter().all(|q| q.field.contains('.')));
            assert_eq!(step.map(|s| s.icon), Some(kind.icon()), "{kind:?}: not the pictogram of its step");
        }
    }

    const NOW: i64 = 1_000;

    #[derive(Debug, Clone, Copy)]
    enum Member {
        None,
        Current,
        Left,
        NotYet,
    }

    fn membership(m: Member) -> Option<Membership> {
        match m {
            Member::None => None,
            Member::Current => Some(Membership { since: 10, until: None }),
            Member::Left => Some(Membership { since: 10, until: Some(NOW) }),
            Member::NotYet => Some(Membership { since: NOW + 1, until: None }),
        }
    }

    /// The lines no consent crosses, written out again from `docs/sharing-rule.md`
    /// section 2 rather than read from `never_sees`.
    fn closed_by_law(function: Option<Function>, kind: Kind) -> bool {
        use Function::*;
        let Some(f) = function else { return true };
        match kind {
            Kind::Health => matches!(f, SocialLandlord | FranceTravailAdviser),
            Kind::Violence => !matches!(f, SocialWorker | PmiNurse | HospitalSocialWorker),
            _ => false,
        }
    }

    /// The expected answer, written as the law's list of conditions.
    #[allow(clippy::too_many_arguments)]
    fn expected(
        owner: bool,
        function: Option<Function>,
        member: Member,
        in_perimeter: bool,
        exception: bool,
        consent: Consent,
        refused: bool,
        third: bool,
        kind: Kind,
    ) -> Decision {
        if owner {
            return allow(Reason::Yours);
        }
        let conditions: [(bool, Reason); 6] = [
            (!refused, Reason::RefusedTopic),
            (!third, Reason::ThirdParty),
            (matches!(member, Member::Current), Reason::NotInTeam),
            (!closed_by_law(function, kind), Reason::ForbiddenByLaw),
            (in_perimeter || exception, Reason::OutsideMission),
            (consent != Consent::Never, Reason::NoConsent),
        ];
        if let Some((_, reason)) = conditions.iter().find(|(ok, _)| !ok) {
            return refuse(*reason);
        }
        match (consent, in_perimeter) {
            (Consent::Withdrawn, _) => refuse(Reason::ConsentWithdrawn),
            (_, true) => allow(Reason::Consented),
            (_, false) => allow(Reason::ConsentedWithException),
        }
    }

    #[test]
    fn every_combination_gets_the_expected_decision_and_reason() {
        let functions: Vec<Option<Function>> = std::iter::once(None).chain(Function::ALL.map(Some)).collect();
        let mut count = 0;
        for owner in [true, false] {
            for &function in &functions {
                for member in [Member::None, Member::Current, Member::Left, Member::NotYet] {
                    for in_perimeter in [true, false] {
                        for exception in [true, false] {
                            for consent in [Consent::Never, Consent::Given, Consent::Withdrawn] {
                                for refused in [true, false] {
                                    for third in [true, false] {
                                        for kind in Kind::ALL {
                                            let perimeter: Vec<Kind> = if in_perimeter {
                                                vec![kind]
                                            } else {
                                                Kind::ALL.into_iter().filter(|k| *k != kind).collect()
                                            };
                                            let viewer = if owner {
                                                Viewer::Owner
                                            } else {
                                                Viewer::Professional {
                                                    function,
                                                    membership: membership(member),
                                                    perimeter: &perimeter,
                                                    exception: exception.then_some("pour préparer la réunion"),
                                                    consent,
                                                }
                                            };
                                            let item = Item { kind, refused_topic: refused, third_party: third };
                                            assert_eq!(
                                                decide(viewer, item, NOW),
                                                expected(
                                                    owner,
                                                    function,
                                                    member,
                                                    in_perimeter,
                                                    exception,
                                                    consent,
                                                    refused,
                                                    third,
                                                    kind
                                                ),
                                                "owner={owner} {function:?} {member:?} perimeter={in_perimeter} exception={exception} {consent:?} refused={refused} third={third} {kind:?}"
                                            );
                                            count += 1;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(count, 2 * 12 * 4 * 2 * 2 * 3 * 2 * 2 * 11);
    }

    #[test]
    fn the_law_table_is_the_one_written_in_the_design() {
        for f in Function::ALL {
            for kind in Kind::ALL {
                assert_eq!(lawful(f, kind), !closed_by_law(Some(f), kind), "{f:?} {kind:?}");
            }
        }
    }

    #[test]
    fn no_default_mission_is_wider_than_the_law() {
        for f in Function::ALL {
            for kind in default_perimeter(f) {
                assert!(may_be_in_mission(f, *kind), "{f:?} {kind:?}");
            }
        }
        assert!(!may_be_in_mission(Function::Guardian, Kind::Health), "santé only by an exception naming his mandate");
        assert!(lawful(Function::Guardian, Kind::Health));
    }

    #[test]
    fn missions_cover_what_the_law_gives_them() {
        use Function::*;
        assert!(default_perimeter(PmiNurse).contains(&Kind::Violence), "child protection");
        for kind in [Kind::Money, Kind::Family, Kind::Work, Kind::Violence, Kind::Health, Kind::Rights, Kind::Housing] {
            assert!(default_perimeter(HospitalSocialWorker).contains(&kind), "{kind:?}");
        }
        assert!(default_perimeter(Guardian).contains(&Kind::Justice));
        assert!(!default_perimeter(Guardian).contains(&Kind::Health), "santé only within his mandate, by exception");
    }

    #[test]
    fn nothing_is_shared_by_default() {
        for kind in Kind::ALL {
            let viewer = Viewer::Professional {
                function: Some(Function::SocialWorker),
                membership: Some(Membership { since: 0, until: None }),
                perimeter: &Kind::ALL,
                exception: None,
                consent: Consent::Never,
            };
            assert!(!decide(viewer, Item { kind, refused_topic: false, third_party: false }, NOW).allowed);
        }
    }

    #[test]
    fn a_social_landlord_sees_only_housing_by_mission() {
        assert_eq!(default_perimeter(Function::SocialLandlord), &[Kind::Housing]);
        assert!(default_perimeter(Function::PmiNurse).contains(&Kind::Health));
        assert!(!default_perimeter(Function::Guardian).contains(&Kind::Violence));
    }

    proptest! {
        #[test]
        fn no_consent_or_exception_opens_what_the_law_closes(
            function in prop::sample::select(Function::ALL.to_vec()),
            kind in prop::sample::select(Kind::ALL.to_vec()),
            events in prop::collection::vec(any_event(), 0..40),
            exception in any::<bool>(),
        ) {
            let viewer = Viewer::Professional {
                function: Some(function),
                membership: Some(Membership { since: 0, until: None }),
                perimeter: &Kind::ALL,
                exception: exception.then_some("raison"),
                consent: consent_for(&events, 1, kind),
            };
            let d = decide(viewer, Item::of_kind(kind), NOW);
            if !lawful(function, kind) {
                prop_assert!(!d.allowed);
                prop_assert_eq!(d.reason, Reason::ForbiddenByLaw);
            }
        }
    }

    #[test]
    fn the_latest_consent_event_decides() {
        let ev = |at, granted| ConsentEvent { professional: 7, kind: Kind::Health, granted, at, notice_version: 1 };
        assert_eq!(consent_for(&[], 7, Kind::Health), Consent::Never);
        assert_eq!(consent_for(&[ev(1, true)], 7, Kind::Health), Consent::Given);
        assert_eq!(consent_for(&[ev(1, true), ev(2, false)], 7, Kind::Health), Consent::Withdrawn);
        assert_eq!(
            consent_for(&[ev(2, false), ev(1, true)], 7, Kind::Health),
            Consent::Withdrawn,
            "order of storage does not matter"
        );
        assert_eq!(consent_for(&[ev(1, true)], 8, Kind::Health), Consent::Never, "another professional");
    }

    #[test]
    fn every_reason_has_a_plain_message() {
        for r in Reason::ALL {
            // A name of 2 words, as most are: it counts in the sentence.
            let m = r.message("Karim Haddad");
            assert!(crate::domain::falc::check(&m, false).is_empty(), "{r:?}: {m}");
            assert!(!m.contains('{'), "{r:?}: every hole is filled: {m}");
        }
    }

    fn any_event() -> impl Strategy<Value = ConsentEvent> {
        (1i64..4, prop::sample::select(Kind::ALL.to_vec()), any::<bool>(), 0i64..2_000)
            .prop_map(|(professional, kind, granted, at)| ConsentEvent { professional, kind, granted, at, notice_version: 1 })
    }

    proptest! {
        #[test]
        fn no_sequence_of_consents_lets_a_non_member_see_anything(
            events in prop::collection::vec(any_event(), 0..40),
            kind in prop::sample::select(Kind::ALL.to_vec()),
            pro in 1i64..4,
            left in any::<bool>(),
            exception in any::<bool>(),
        ) {
            let membership = left.then_some(Membership { since: 0, until: Some(NOW) });
            let viewer = Viewer::Professional {
                function: Some(Function::SocialWorker),
                membership,
                perimeter: &Kind::ALL,
                exception: exception.then_some("raison"),
                consent: consent_for(&events, pro, kind),
            };
            let d = decide(viewer, Item { kind, refused_topic: false, third_party: false }, NOW);
            prop_assert!(!d.allowed);
            prop_assert_eq!(d.reason, Reason::NotInTeam);
        }

        #[test]
        fn a_withdrawal_takes_effect_at_once(events in prop::collection::vec(any_event(), 0..40), kind in prop::sample::select(Kind::ALL.to_vec())) {
            let mut events = events;
            let last = events.iter().map(|e| e.at).max().unwrap_or(0) + 1;
            events.push(ConsentEvent { professional: 1, kind, granted: false, at: last, notice_version: 1 });
            let viewer = Viewer::Professional {
                function: Some(Function::SocialWorker),
                membership: Some(Membership { since: 0, until: None }),
                perimeter: &Kind::ALL,
                exception: None,
                consent: consent_for(&events, 1, kind),
            };
            let item = Item { kind, refused_topic: false, third_party: false };
            prop_assert!(!decide(viewer, item, NOW).allowed);
        }

        #[test]
        fn refused_topics_are_seen_by_nobody_but_her(kind in prop::sample::select(Kind::ALL.to_vec()), exception in any::<bool>()) {
            let viewer = Viewer::Professional {
                function: Some(Function::SocialWorker),
                membership: Some(Membership { since: 0, until: None }),
                perimeter: &Kind::ALL,
                exception: exception.then_some("raison"),
                consent: Consent::Given,
            };
            let item = Item { kind, refused_topic: true, third_party: false };
            prop_assert!(!decide(viewer, item, NOW).allowed);
            prop_assert!(decide(Viewer::Owner, item, NOW).allowed);
        }
    }
}
