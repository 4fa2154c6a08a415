//! The life of a demande, as a pure state machine: who may move it from
//! which state to which. The server applies it before any change; the UI
//! uses it to show only the actions that are possible.
//!
//! draft → sent → (more information asked ↔ sent) → validated | not validated

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    /// She is writing it, alone or with a professional.
    Draft,
    /// She sent it to the head of her MDS, who has not answered yet.
    Sent,
    /// The head asked for more information; she (or the professional)
    /// completes it and sends it again.
    MoreInfoAsked,
    Validated,
    NotValidated,
}

/// Who acts on the demande, as seen by the state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Actor {
    /// The person whose demande it is.
    Owner,
    /// A professional invited to co-edit it.
    CoEditor,
    /// The head (responsable or adjoint) of the person's MDS.
    MdsHead,
    /// Anyone else.
    Stranger,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Command {
    Edit,
    Send,
    AskMoreInfo,
    Validate,
    Refuse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// This actor may never do this (a professional sending for her).
    NotAllowed,
    /// Not in this state (editing a demande already sent).
    WrongState,
}

impl State {
    pub const ALL: [State; 5] = [State::Draft, State::Sent, State::MoreInfoAsked, State::Validated, State::NotValidated];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Sent => "sent",
            State::MoreInfoAsked => "more_info_asked",
            State::Validated => "validated",
            State::NotValidated => "not_validated",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Text can change only while she writes or completes it.
    pub fn editable(self) -> bool {
        matches!(self, State::Draft | State::MoreInfoAsked)
    }

    pub fn is_final(self) -> bool {
        matches!(self, State::Validated | State::NotValidated)
    }
}

/// The one transition function: the next state, or why not.
pub fn apply(state: State, actor: Actor, command: Command) -> Result<State, Refusal> {
    use Actor::*;
    use Command::*;
    use State::*;
    let allowed = match command {
        Edit => matches!(actor, Owner | CoEditor),
        // She sends it herself: the professional cannot send it for her.
        Send => actor == Owner,
        AskMoreInfo | Validate | Refuse => actor == MdsHead,
    };
    if !allowed {
        return Err(Refusal::NotAllowed);
    }
    match (state, command) {
        (Draft | MoreInfoAsked, Edit) => Ok(state),
        (Draft | MoreInfoAsked, Send) => Ok(Sent),
        (Sent, AskMoreInfo) => Ok(MoreInfoAsked),
        (Sent, Validate) => Ok(Validated),
        (Sent, Refuse) => Ok(NotValidated),
        _ => Err(Refusal::WrongState),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ACTORS: [Actor; 4] = [Actor::Owner, Actor::CoEditor, Actor::MdsHead, Actor::Stranger];
    const COMMANDS: [Command; 5] = [Command::Edit, Command::Send, Command::AskMoreInfo, Command::Validate, Command::Refuse];

    /// Every legal move, written out once by hand.
    const LEGAL: &[(State, Actor, Command, State)] = &[
        (State::Draft, Actor::Owner, Command::Edit, State::Draft),
        (State::Draft, Actor::CoEditor, Command::Edit, State::Draft),
        (State::Draft, Actor::Owner, Command::Send, State::Sent),
        (State::MoreInfoAsked, Actor::Owner, Command::Edit, State::MoreInfoAsked),
        (State::MoreInfoAsked, Actor::CoEditor, Command::Edit, State::MoreInfoAsked),
        (State::MoreInfoAsked, Actor::Owner, Command::Send, State::Sent),
        (State::Sent, Actor::MdsHead, Command::AskMoreInfo, State::MoreInfoAsked),
        (State::Sent, Actor::MdsHead, Command::Validate, State::Validated),
        (State::Sent, Actor::MdsHead, Command::Refuse, State::NotValidated),
    ];

    #[test]
    fn exactly_the_legal_moves_are_accepted() {
        for s in State::ALL {
            for a in ACTORS {
                for c in COMMANDS {
                    let expected = LEGAL.iter().find(|(ls, la, lc, _)| (*ls, *la, *lc) == (s, a, c)).map(|l| l.3);
                    assert_eq!(apply(s, a, c).ok(), expected, "{s:?} {a:?} {c:?}");
                }
            }
        }
    }

    #[test]
    fn a_professional_cannot_send_for_her() {
        assert_eq!(apply(State::Draft, Actor::CoEditor, Command::Send), Err(Refusal::NotAllowed));
    }

    #[test]
    fn a_sent_demande_is_read_only() {
        assert_eq!(apply(State::Sent, Actor::Owner, Command::Edit), Err(Refusal::WrongState));
        assert!(!State::Sent.editable());
    }

    #[test]
    fn states_round_trip_through_their_stored_word() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
    }

    fn any_step() -> impl Strategy<Value = (Actor, Command)> {
        (prop::sample::select(ACTORS.to_vec()), prop::sample::select(COMMANDS.to_vec()))
    }

    proptest! {
        #[test]
        fn no_sequence_leaves_the_legal_graph(steps in prop::collection::vec(any_step(), 0..60)) {
            let mut state = State::Draft;
            for (actor, command) in steps {
                match apply(state, actor, command) {
                    Ok(next) => {
                        prop_assert!(LEGAL.contains(&(state, actor, command, next)));
                        state = next;
                    }
                    Err(_) => prop_assert!(!LEGAL.iter().any(|l| (l.0, l.1, l.2) == (state, actor, command))),
                }
            }
        }

        #[test]
        fn a_final_decision_never_changes(steps in prop::collection::vec(any_step(), 0..30)) {
            for start in [State::Validated, State::NotValidated] {
                let mut state = start;
                for (actor, command) in &steps {
                    state = apply(state, *actor, *command).unwrap_or(state);
                }
                prop_assert_eq!(state, start);
            }
        }

        #[test]
        fn strangers_can_do_nothing(state in prop::sample::select(State::ALL.to_vec()), command in prop::sample::select(COMMANDS.to_vec())) {
            prop_assert_eq!(apply(state, Actor::Stranger, command), Err(Refusal::NotAllowed));
        }
    }
}
