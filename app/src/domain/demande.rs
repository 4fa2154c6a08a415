//! The guided demande: the questions she answers, one screen per step, in
//! her own words. Every answer is optional.

use crate::domain::sharing::Kind;
use crate::text::person as t;

/// One answer box of the demande, stored under its `field` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    pub field: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub title: &'static str,
    pub icon: &'static str,
    /// The kind of information its answers belong to (for sharing).
    pub kind: Kind,
    /// What she reads before answering, when the step needs it.
    pub intro: &'static [&'static str],
    pub questions: &'static [Question],
}

/// The longest answer kept (a long story fits; a pasted book does not).
pub const MAX_ANSWER_CHARS: usize = 20_000;

macro_rules! area {
    ($kind:expr, $title:expr, $prefix:literal) => {
        Step {
            title: $title,
            icon: $kind.icon(),
            kind: $kind,
            intro: &[],
            questions: &[
                Question { field: concat!($prefix, ".hard"), label: t::Q_HARD },
                Question { field: concat!($prefix, ".wish"), label: t::Q_WISH },
                Question { field: concat!($prefix, ".strength"), label: t::Q_STRENGTH },
                Question { field: concat!($prefix, ".block"), label: t::Q_BLOCK },
            ],
        }
    };
}

pub const STEPS: &[Step] = &[
    Step {
        title: t::STEP_NOW,
        icon: crate::icons::NOW,
        kind: Kind::Other,
        intro: &[],
        questions: &[Question { field: "situation", label: t::Q_SITUATION }],
    },
    area!(Kind::Housing, t::KIND_HOUSING, "housing"),
    area!(Kind::Health, t::KIND_HEALTH, "health"),
    area!(Kind::Money, t::KIND_MONEY, "money"),
    area!(Kind::Family, t::KIND_FAMILY, "family"),
    area!(Kind::Work, t::KIND_WORK, "work"),
    area!(Kind::Mobility, t::KIND_MOBILITY, "mobility"),
    area!(Kind::Rights, t::KIND_RIGHTS, "rights"),
    area!(Kind::Justice, t::KIND_JUSTICE, "justice"),
    area!(Kind::Relations, t::KIND_RELATIONS, "relations"),
    // Its own step: written elsewhere (family, relations, "autre"), what she
    // says of violence would reach whoever sees those kinds.
    Step {
        title: t::KIND_VIOLENCE,
        icon: Kind::Violence.icon(),
        kind: Kind::Violence,
        intro: &[t::VIOLENCE_INTRO_1, t::VIOLENCE_INTRO_2, t::VIOLENCE_INTRO_3, t::VIOLENCE_DANGER],
        questions: &[
            Question { field: "violence.hard", label: t::Q_VIOLENCE_HARD },
            Question { field: "violence.wish", label: t::Q_VIOLENCE_WISH },
        ],
    },
    area!(Kind::Other, t::KIND_OTHER, "other"),
    Step {
        title: t::STEP_HOUSEHOLD,
        icon: crate::icons::FAMILY,
        kind: Kind::Family,
        intro: &[],
        questions: &[Question { field: "household", label: t::Q_HOUSEHOLD }],
    },
    Step {
        title: t::STEP_PROFESSIONALS,
        icon: crate::icons::PERSON,
        kind: Kind::Other,
        intro: &[],
        questions: &[Question { field: "professionals", label: t::Q_PROFESSIONALS }],
    },
    Step {
        title: t::STEP_REFUSED,
        icon: crate::icons::LOCK,
        kind: Kind::Other,
        intro: &[],
        questions: &[Question { field: "refused_topics", label: t::Q_REFUSED }],
    },
    Step {
        title: t::STEP_REFERENT,
        icon: crate::icons::PERSON,
        kind: Kind::Other,
        intro: &[],
        questions: &[Question { field: "referent", label: t::Q_REFERENT }],
    },
];

/// The fields of a step's questions, as its form names them.
pub fn field_list(questions: &[Question]) -> String {
    questions.iter().map(|q| q.field).collect::<Vec<_>>().join(",")
}

/// Steps with questions, plus the last one: read and send.
pub fn step_count() -> usize {
    STEPS.len() + 1
}

/// The question of a field key, if it is one.
pub fn question(field: &str) -> Option<(usize, &'static Question)> {
    STEPS.iter().enumerate().find_map(|(i, s)| s.questions.iter().find(|q| q.field == field).map(|q| (i, q)))
}

/// An answer as stored: kept exactly as typed, only its length is bounded.
pub fn check_answer(value: &str) -> Result<(), crate::domain::credentials::InputError> {
    let n = value.chars().count();
    if n > MAX_ANSWER_CHARS {
        return Err(crate::domain::credentials::InputError::TooLong { max: MAX_ANSWER_CHARS });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_key_is_unique_and_found() {
        let mut keys: Vec<&str> = STEPS.iter().flat_map(|s| s.questions.iter().map(|q| q.field)).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n);
        assert_eq!(question("housing.wish").map(|(i, _)| i), Some(1));
        assert!(question("password").is_none());
    }

    #[test]
    fn every_life_area_has_its_own_pictogram() {
        let areas: Vec<&Step> = STEPS.iter().filter(|s| s.questions.iter().all(|q| q.field.contains('.'))).collect();
        assert_eq!(areas.len(), 11, "10 life areas and violences");
        let mut icons: Vec<&str> = areas.iter().map(|s| s.icon).collect();
        icons.sort_unstable();
        icons.dedup();
        assert_eq!(icons.len(), areas.len(), "two areas share a pictogram");
    }

    #[test]
    fn every_kind_has_a_step_and_violences_has_its_own() {
        for kind in Kind::ALL {
            assert!(STEPS.iter().any(|s| s.kind == kind), "{kind:?}");
        }
        let violence: Vec<&Step> = STEPS.iter().filter(|s| s.kind == Kind::Violence).collect();
        assert_eq!(violence.len(), 1);
        assert!(!violence[0].intro.is_empty(), "explained before she answers");
        assert!(violence[0].questions.iter().all(|q| q.field.starts_with("violence.")));
    }

    #[test]
    fn answers_are_kept_whole_up_to_twenty_thousand_characters() {
        assert!(check_answer(&"é".repeat(20_000)).is_ok());
        assert!(check_answer("<script>alert(1)</script> 🌱 مرحبا").is_ok());
        assert!(check_answer(&"a".repeat(20_001)).is_err());
    }
}
