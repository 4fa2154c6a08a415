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

/// The four questions of a life area, its fields under `prefix`.
macro_rules! area_questions {
    ($prefix:literal) => {
        &[
            Question { field: concat!($prefix, ".hard"), label: t::Q_HARD },
            Question { field: concat!($prefix, ".wish"), label: t::Q_WISH },
            Question { field: concat!($prefix, ".strength"), label: t::Q_STRENGTH },
            Question { field: concat!($prefix, ".block"), label: t::Q_BLOCK },
        ]
    };
}

// Each step's questions, named once for `STEPS` and `QUESTIONS`.
const NOW: &[Question] = &[Question { field: "situation", label: t::Q_SITUATION }];
const HOUSING: &[Question] = area_questions!("housing");
const HEALTH: &[Question] = area_questions!("health");
const MONEY: &[Question] = area_questions!("money");
const FAMILY: &[Question] = area_questions!("family");
const WORK: &[Question] = area_questions!("work");
const MOBILITY: &[Question] = area_questions!("mobility");
const RIGHTS: &[Question] = area_questions!("rights");
const JUSTICE: &[Question] = area_questions!("justice");
const RELATIONS: &[Question] = area_questions!("relations");
const VIOLENCE: &[Question] = &[
    Question { field: "violence.hard", label: t::Q_VIOLENCE_HARD },
    Question { field: "violence.wish", label: t::Q_VIOLENCE_WISH },
];
const OTHER: &[Question] = area_questions!("other");
const HOUSEHOLD: &[Question] = &[Question { field: "household", label: t::Q_HOUSEHOLD }];
const PROFESSIONALS: &[Question] = &[Question { field: "professionals", label: t::Q_PROFESSIONALS }];
const REFUSED: &[Question] = &[Question { field: "refused_topics", label: t::Q_REFUSED }];
const REFERENT: &[Question] = &[Question { field: "referent", label: t::Q_REFERENT }];

macro_rules! area {
    ($kind:expr, $title:expr, $questions:expr) => {
        Step { title: $title, icon: $kind.icon(), kind: $kind, intro: &[], questions: $questions }
    };
}

pub const STEPS: &[Step] = &[
    Step { title: t::STEP_NOW, icon: crate::icons::NOW, kind: Kind::Other, intro: &[], questions: NOW },
    area!(Kind::Housing, t::KIND_HOUSING, HOUSING),
    area!(Kind::Health, t::KIND_HEALTH, HEALTH),
    area!(Kind::Money, t::KIND_MONEY, MONEY),
    area!(Kind::Family, t::KIND_FAMILY, FAMILY),
    area!(Kind::Work, t::KIND_WORK, WORK),
    area!(Kind::Mobility, t::KIND_MOBILITY, MOBILITY),
    area!(Kind::Rights, t::KIND_RIGHTS, RIGHTS),
    area!(Kind::Justice, t::KIND_JUSTICE, JUSTICE),
    area!(Kind::Relations, t::KIND_RELATIONS, RELATIONS),
    // Its own step: written elsewhere (family, relations, "autre"), what she
    // says of violence would reach whoever sees those kinds.
    Step {
        title: t::KIND_VIOLENCE,
        icon: Kind::Violence.icon(),
        kind: Kind::Violence,
        intro: &[t::VIOLENCE_INTRO_1, t::VIOLENCE_INTRO_2, t::VIOLENCE_INTRO_3, t::VIOLENCE_DANGER],
        questions: VIOLENCE,
    },
    area!(Kind::Other, t::KIND_OTHER, OTHER),
    Step { title: t::STEP_HOUSEHOLD, icon: crate::icons::FAMILY, kind: Kind::Family, intro: &[], questions: HOUSEHOLD },
    Step { title: t::STEP_PROFESSIONALS, icon: crate::icons::PERSON, kind: Kind::Other, intro: &[], questions: PROFESSIONALS },
    Step { title: t::STEP_REFUSED, icon: crate::icons::LOCK, kind: Kind::Other, intro: &[], questions: REFUSED },
    Step { title: t::STEP_REFERENT, icon: crate::icons::PERSON, kind: Kind::Other, intro: &[], questions: REFERENT },
];

/// The questions of each step, as in `STEPS`: all that the answer boxes of
/// a step need. Apart, so that her demande's light bundle, which reads only
/// these, does not carry every step's pictogram and introduction (1.3 KB
/// compressed, measured).
pub const QUESTIONS: &[&[Question]] = &[
    NOW,
    HOUSING,
    HEALTH,
    MONEY,
    FAMILY,
    WORK,
    MOBILITY,
    RIGHTS,
    JUSTICE,
    RELATIONS,
    VIOLENCE,
    OTHER,
    HOUSEHOLD,
    PROFESSIONALS,
    REFUSED,
    REFERENT,
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
    fn the_questions_table_is_that_of_the_steps() {
        assert_eq!(QUESTIONS.len(), STEPS.len());
        for (step, questions) in STEPS.iter().zip(QUESTIONS) {
            assert_eq!(step.questions, *questions, "{}", step.title);
        }
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
