//! The équipe parcours et projet meeting, as pure rules: the three dates
//! proposed and the answers to them, the meeting's life, what she lets be
//! discussed there and in which order, and the référent designated by
//! consensus. The server applies them before any change; the pages use
//! them to show only what is possible.
//!
//! proposed (three dates asked) → scheduled (one chosen, invitations sent)
//! → running (the meeting) → closed (the record is final)

use crate::domain::dates::{civil_from_days, days_from_civil, long_date, paris_offset};
use crate::domain::role::Function;
use crate::domain::sharing::Kind;
use serde::{Deserialize, Serialize};

/// How many dates the animateur proposes.
pub const DATES: usize = 3;

/// Less than this before the meeting, the animateur is warned that people
/// may not be able to come (15 days).
pub const SHORT_NOTICE: i64 = 15 * 86_400;

/// A date further than this is a typing mistake (one year).
pub const FURTHEST: i64 = 366 * 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// Three dates proposed; the équipe and she say which they can make.
    Proposed,
    /// A date chosen; invitations sent.
    Scheduled,
    /// The meeting is on: attendance, charter, objectives, référent.
    Running,
    /// Closed by the animateur: the record no longer changes.
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Proposed, Stage::Scheduled, Stage::Running, Stage::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Proposed => "proposed",
            Stage::Scheduled => "scheduled",
            Stage::Running => "running",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What the animateur does to the meeting, checked against its stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    AnswerDates,
    ChooseDate,
    Start,
    /// Attendance, charter, notes, objectives, actions, référent, review date.
    Record,
    Close,
}

/// The stage after this move, or why not.
pub fn next(stage: Stage, m: Move) -> Result<Stage, MeetingError> {
    match (stage, m) {
        (Stage::Proposed, Move::AnswerDates) => Ok(Stage::Proposed),
        (Stage::Proposed, Move::ChooseDate) => Ok(Stage::Scheduled),
        (Stage::Scheduled, Move::Start) => Ok(Stage::Running),
        (Stage::Running, Move::Record) => Ok(Stage::Running),
        (Stage::Running, Move::Close) => Ok(Stage::Closed),
        _ => Err(MeetingError::WrongStage),
    }
}

/// Why a meeting input is refused (each has a plain-French message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingError {
    /// Not a date and time ("2027-01-12T14:00").
    NotADate,
    InThePast,
    TooFar,
    SameDateTwice,
    /// Not possible at this stage of the meeting.
    WrongStage,
    /// Not one of the three dates.
    UnknownDate,
    /// The référent needs her yes and his own.
    ReferentNotAccepted,
    /// A topic she did not open for the meeting, or closed during it.
    TopicClosed,
    /// A text she will read that breaks the plain-language rules.
    NotPlain,
    /// An action given to someone who may not read what it is about.
    WhoCannotSee,
}

impl MeetingError {
    pub fn message(self) -> &'static str {
        use crate::text::person as t;
        match self {
            MeetingError::NotADate => t::MEETING_ERR_NOT_A_DATE,
            MeetingError::InThePast => t::MEETING_ERR_PAST,
            MeetingError::TooFar => t::MEETING_ERR_TOO_FAR,
            MeetingError::SameDateTwice => t::MEETING_ERR_SAME_DATE,
            MeetingError::WrongStage => t::MEETING_ERR_STAGE,
            MeetingError::UnknownDate => t::MEETING_ERR_UNKNOWN_DATE,
            MeetingError::ReferentNotAccepted => t::MEETING_ERR_REFERENT,
            MeetingError::TopicClosed => t::MEETING_ERR_TOPIC_CLOSED,
            MeetingError::NotPlain => t::MEETING_ERR_NOT_PLAIN,
            MeetingError::WhoCannotSee => t::MEETING_ERR_WHO,
        }
    }
}

/// A date and time typed in a form (`datetime-local`, Paris time) as Unix
/// seconds.
pub fn parse_local(raw: &str) -> Result<i64, MeetingError> {
    let raw = raw.trim();
    let (date, time) = raw.split_once('T').or_else(|| raw.split_once(' ')).ok_or(MeetingError::NotADate)?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(day))) = (d.next(), d.next(), d.next()) else {
        return Err(MeetingError::NotADate);
    };
    let mut t = time.splitn(3, ':');
    let (Some(Ok(h)), Some(Ok(min))) = (t.next().map(str::parse::<i64>), t.next().map(str::parse::<i64>)) else {
        return Err(MeetingError::NotADate);
    };
    if !(1..=12).contains(&m) || !(0..24).contains(&h) || !(0..60).contains(&min) || !(1970..=9999).contains(&y) {
        return Err(MeetingError::NotADate);
    }
    let (m, day) = (m as u32, u32::try_from(day).map_err(|_| MeetingError::NotADate)?);
    let days = days_from_civil(y, m, day);
    // 31 February is not a day: it would come back as 3 March.
    if civil_from_days(days) != (y, m, day) {
        return Err(MeetingError::NotADate);
    }
    let local = days * 86_400 + h * 3_600 + min * 60;
    // The offset of the instant an hour before: right for every time but
    // the hour that summer time skips or repeats.
    Ok(local - paris_offset(local - 3_600))
}

/// The form's value for a date (`datetime-local`, Paris time).
pub fn to_local(unix: i64) -> String {
    let local = unix + paris_offset(unix);
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}", secs / 3_600, (secs % 3_600) / 60)
}

/// "mardi 12 janvier 2027 à 14 h" (minutes only when there are some).
pub fn written_out(unix: i64) -> String {
    let local = unix + paris_offset(unix);
    let secs = local.rem_euclid(86_400);
    let (h, m) = (secs / 3_600, (secs % 3_600) / 60);
    if m == 0 { format!("{} à {h} h", long_date(unix)) } else { format!("{} à {h} h {m:02}", long_date(unix)) }
}

/// The three dates the animateur proposes: each to come, within a year,
/// all different.
pub fn check_dates(raw: &[String], now: i64) -> Result<[i64; DATES], (usize, MeetingError)> {
    if raw.len() != DATES {
        return Err((raw.len().min(DATES - 1), MeetingError::NotADate));
    }
    let mut out = [0; DATES];
    for (i, r) in raw.iter().enumerate() {
        let at = parse_local(r).map_err(|e| (i, e))?;
        if at <= now {
            return Err((i, MeetingError::InThePast));
        }
        if at > now + FURTHEST {
            return Err((i, MeetingError::TooFar));
        }
        if out[..i].contains(&at) {
            return Err((i, MeetingError::SameDateTwice));
        }
        out[i] = at;
    }
    Ok(out)
}

/// The meeting is close: people may not be able to come.
pub fn short_notice(at: i64, now: i64) -> bool {
    at - now < SHORT_NOTICE
}

/// One answer to one proposed date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Availability {
    Yes,
    Maybe,
    No,
}

impl Availability {
    pub const ALL: [Availability; 3] = [Availability::Yes, Availability::Maybe, Availability::No];

    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Yes => "yes",
            Availability::Maybe => "maybe",
            Availability::No => "no",
        }
    }

    pub fn parse(s: &str) -> Option<Availability> {
        Availability::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        use crate::text::person as t;
        match self {
            Availability::Yes => t::AVAILABLE_YES,
            Availability::Maybe => t::AVAILABLE_MAYBE,
            Availability::No => t::AVAILABLE_NO,
        }
    }
}

/// The date that suits the most people: most yes, then fewest no, then
/// the earliest. What the animateur sees first; she still chooses.
pub fn best_date(answers: &[[Option<Availability>; DATES]]) -> usize {
    let score = |i: usize| {
        let yes = answers.iter().filter(|a| a[i] == Some(Availability::Yes)).count();
        let no = answers.iter().filter(|a| a[i] == Some(Availability::No)).count();
        (yes, usize::MAX - no, usize::MAX - i)
    };
    (0..DATES).max_by_key(|i| score(*i)).unwrap_or(0)
}

/// Attendance (émargement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Attendance {
    Present,
    Excused,
    Absent,
}

impl Attendance {
    pub const ALL: [Attendance; 3] = [Attendance::Present, Attendance::Excused, Attendance::Absent];

    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Present => "present",
            Attendance::Excused => "excused",
            Attendance::Absent => "absent",
        }
    }

    pub fn parse(s: &str) -> Option<Attendance> {
        Attendance::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        use crate::text::person as t;
        match self {
            Attendance::Present => t::ATTENDANCE_PRESENT,
            Attendance::Excused => t::ATTENDANCE_EXCUSED,
            Attendance::Absent => t::ATTENDANCE_ABSENT,
        }
    }
}

/// What is written at the meeting, beside each life area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoteKind {
    /// What she does well, what helps her (the "moteurs").
    Strength,
    /// What she needs (the "freins").
    Need,
    /// What was said or decided.
    Note,
}

impl NoteKind {
    pub const ALL: [NoteKind; 3] = [NoteKind::Strength, NoteKind::Need, NoteKind::Note];

    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Strength => "strength",
            NoteKind::Need => "need",
            NoteKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<NoteKind> {
        NoteKind::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        use crate::text::person as t;
        match self {
            NoteKind::Strength => t::NOTE_STRENGTH,
            NoteKind::Need => t::NOTE_NEED,
            NoteKind::Note => t::NOTE_NOTE,
        }
    }
}

/// Before the meeting she says, per life area, "on peut en parler" or not.
/// Until she says, an area is open if she already shares it with most of
/// her équipe (more than half of its members).
pub fn open_by_default(shared_with: usize, members: usize) -> bool {
    members > 0 && shared_with * 2 > members
}

/// What the meeting may show of a life area: she opened it, and did not
/// close it since ("je ne veux pas en parler").
pub fn shown(topics: &[(Kind, bool)], kind: Kind) -> bool {
    topics.iter().any(|(k, open)| *k == kind && *open)
}

/// Her priorities, changed by one tap: a life area not yet ranked comes
/// last; tapped again, it leaves the ranking.
pub fn tap(priorities: &[Kind], kind: Kind) -> Vec<Kind> {
    if priorities.contains(&kind) {
        priorities.iter().copied().filter(|k| *k != kind).collect()
    } else {
        priorities.iter().copied().chain([kind]).collect()
    }
}

/// The order the meeting takes the open life areas in: her priorities
/// first, in her order, then the others as the demande orders them.
pub fn agenda(open: &[Kind], priorities: &[Kind]) -> Vec<Kind> {
    let mut out: Vec<Kind> = priorities.iter().copied().filter(|k| open.contains(k)).collect();
    let rest: Vec<Kind> = Kind::ALL.into_iter().filter(|k| open.contains(k) && !out.contains(k)).collect();
    out.extend(rest);
    out
}

/// A member the meeting may suggest as référent without anyone naming him:
/// never a mandataire judiciaire (his mandate is not an accompaniment she
/// chose), nor the animateur.
pub fn suggested_as_referent(function: Option<Function>, animateur: bool) -> bool {
    !animateur && function.is_some_and(|f| f != Function::Guardian)
}

/// The référent is recorded only with her yes and his own: never imposed.
pub fn referent_agreed(her_yes: Option<i64>, his_yes: Option<i64>) -> Result<(), MeetingError> {
    match (her_yes, his_yes) {
        (Some(_), Some(_)) => Ok(()),
        _ => Err(MeetingError::ReferentNotAccepted),
    }
}

/// A text written for her (her own actions): it must follow the
/// plain-language rules she reads everywhere else.
pub fn check_plain_for_her(text: &str) -> Result<(), MeetingError> {
    if crate::domain::falc::check(text, false).is_empty() { Ok(()) } else { Err(MeetingError::NotPlain) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::days_from_civil;
    use proptest::prelude::*;

    fn jan_12_2027_14h() -> i64 {
        // 14:00 in Paris in winter is 13:00 UTC.
        days_from_civil(2027, 1, 12) * 86_400 + 13 * 3_600
    }

    #[test]
    fn a_date_is_written_out_in_full() {
        assert_eq!(written_out(jan_12_2027_14h()), "mardi 12 janvier 2027 à 14 h");
        assert_eq!(written_out(jan_12_2027_14h() + 30 * 60), "mardi 12 janvier 2027 à 14 h 30");
    }

    #[test]
    fn a_form_date_is_paris_time() {
        assert_eq!(parse_local("2027-01-12T14:00"), Ok(jan_12_2027_14h()));
        // Summer: 14:00 in Paris is 12:00 UTC.
        assert_eq!(parse_local("2027-07-06T14:00"), Ok(days_from_civil(2027, 7, 6) * 86_400 + 12 * 3_600));
        assert_eq!(to_local(jan_12_2027_14h()), "2027-01-12T14:00");
    }

    #[test]
    fn what_is_not_a_date_is_refused() {
        for bad in ["", "demain", "2027-02-31T10:00", "2027-13-01T10:00", "2027-01-12T25:00", "2027-01-12", "12/01/2027 14:00"] {
            assert_eq!(parse_local(bad), Err(MeetingError::NotADate), "{bad}");
        }
    }

    #[test]
    fn three_dates_to_come_all_different() {
        let now = jan_12_2027_14h() - 30 * 86_400;
        let ok = ["2027-01-12T14:00", "2027-01-13T09:30", "2027-01-14T14:00"].map(String::from);
        assert!(check_dates(&ok, now).is_ok());
        let past = ["2026-01-12T14:00", "2027-01-13T09:30", "2027-01-14T14:00"].map(String::from);
        assert_eq!(check_dates(&past, now), Err((0, MeetingError::InThePast)));
        let same = ["2027-01-12T14:00", "2027-01-12T14:00", "2027-01-12T14:00"].map(String::from);
        assert_eq!(check_dates(&same, now), Err((1, MeetingError::SameDateTwice)));
        let far = ["2027-01-12T14:00", "2029-01-12T14:00", "2027-01-14T14:00"].map(String::from);
        assert_eq!(check_dates(&far, now), Err((1, MeetingError::TooFar)));
        assert!(check_dates(&ok[..2], now).is_err());
    }

    #[test]
    fn the_meeting_moves_forward_only() {
        assert_eq!(next(Stage::Proposed, Move::ChooseDate), Ok(Stage::Scheduled));
        assert_eq!(next(Stage::Scheduled, Move::AnswerDates), Err(MeetingError::WrongStage));
        assert_eq!(next(Stage::Closed, Move::Record), Err(MeetingError::WrongStage));
        assert_eq!(next(Stage::Proposed, Move::Record), Err(MeetingError::WrongStage));
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn the_best_date_has_most_yes_then_fewest_no() {
        use Availability::*;
        let answers = [[Some(Yes), Some(Yes), Some(No)], [Some(No), Some(Yes), Some(Yes)], [Some(Maybe), None, Some(Yes)]];
        assert_eq!(best_date(&answers), 1);
        assert_eq!(best_date(&[]), 0);
    }

    #[test]
    fn short_notice_is_under_fifteen_days() {
        assert!(short_notice(100 + 14 * 86_400, 100));
        assert!(!short_notice(100 + 15 * 86_400, 100));
    }

    #[test]
    fn a_guardian_is_never_suggested_as_referent() {
        assert!(!suggested_as_referent(Some(Function::Guardian), false));
        assert!(!suggested_as_referent(Some(Function::SocialWorker), true));
        assert!(suggested_as_referent(Some(Function::SocialWorker), false));
        assert!(!suggested_as_referent(None, false));
    }

    #[test]
    fn the_referent_needs_both_yeses() {
        assert_eq!(referent_agreed(Some(1), None), Err(MeetingError::ReferentNotAccepted));
        assert_eq!(referent_agreed(None, Some(1)), Err(MeetingError::ReferentNotAccepted));
        assert_eq!(referent_agreed(Some(1), Some(2)), Ok(()));
    }

    #[test]
    fn an_area_is_open_by_default_when_most_of_her_equipe_sees_it() {
        assert!(open_by_default(2, 3));
        assert!(!open_by_default(1, 2));
        assert!(!open_by_default(0, 0));
    }

    #[test]
    fn the_agenda_starts_from_her_first_priority() {
        let open = [Kind::Housing, Kind::Money, Kind::Work];
        assert_eq!(agenda(&open, &[Kind::Work, Kind::Health]), vec![Kind::Work, Kind::Housing, Kind::Money]);
    }

    #[test]
    fn her_plain_actions_pass_and_jargon_does_not() {
        assert!(check_plain_for_her("Appeler la CAF (Caisse d'allocations familiales) lundi.").is_ok());
        assert_eq!(check_plain_for_her("Contacter le SIAO."), Err(MeetingError::NotPlain));
    }

    proptest! {
        #[test]
        fn a_form_date_round_trips(minutes in 0i64..(5 * 366 * 24 * 60)) {
            // Every whole minute from 2027 on, away from the summer-time
            // hour that does not exist or happens twice.
            let t = days_from_civil(2027, 1, 1) * 86_400 + minutes * 60;
            let local = to_local(t);
            let back = parse_local(&local).unwrap();
            let (_, m, _) = civil_from_days((t + paris_offset(t)).div_euclid(86_400));
            prop_assume!(m != 3 && m != 10);
            prop_assert_eq!(back, t);
        }

        #[test]
        fn tapping_twice_gives_back_the_ranking(taps in proptest::collection::vec(0usize..11, 0..10), k in 0usize..11) {
            let mut p: Vec<Kind> = Vec::new();
            for t in taps {
                p = tap(&p, Kind::ALL[t]);
            }
            let before = p.clone();
            let once = tap(&p, Kind::ALL[k]);
            let twice = tap(&once, Kind::ALL[k]);
            // Tapping an unranked area and tapping it again gives it back.
            if !before.contains(&Kind::ALL[k]) {
                prop_assert_eq!(twice, before);
            }
            // Never twice in the ranking.
            let mut seen = once.clone();
            seen.sort();
            seen.dedup();
            prop_assert_eq!(seen.len(), once.len());
        }
    }
}
