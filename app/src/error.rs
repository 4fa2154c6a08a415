//! Typed errors that cross the wire. The server decides the kind; the UI
//! turns it into plain French from the catalogue. Internal details are
//! logged on the server and never sent.

use crate::domain::credentials::InputError;
use crate::text::{fill, person as t};
use serde::{Deserialize, Serialize};
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// Which field of a form an input error belongs to, so the message sits
/// beside the right field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Email,
    Password,
    Identifier,
    Secret,
    SecretAgain,
    AccessCode,
    Name,
    Institution,
    Function,
    Mission,
    Role,
    Mds,
    Answer,
    Decision,
    Message,
    Animateur,
    Staff,
    Kind,
    Reason,
    Date0,
    Date1,
    Date2,
    Place,
    Slot,
    Meeting,
    Attendance,
    NoteKind,
    Body,
    What,
    Means,
    Due,
    Who,
    Review,
    Livret,
    State,
    Bilan,
    Scale,
}

impl Field {
    /// The HTML id of the field's input, used to tie a message to it.
    pub fn input_id(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::Password => "password",
            Field::Identifier => "identifier",
            Field::Secret => "secret",
            Field::SecretAgain => "secret_again",
            Field::AccessCode => "code",
            Field::Name => "name",
            Field::Institution => "institution",
            Field::Function => "function",
            Field::Mission => "mission",
            Field::Role => "role",
            Field::Mds => "mds",
            Field::Answer => "answer",
            Field::Decision => "decision",
            Field::Message => "message",
            Field::Animateur => "animateur",
            Field::Staff => "staff_id",
            Field::Kind => "kind",
            Field::Reason => "reason",
            Field::Date0 => "date0",
            Field::Date1 => "date1",
            Field::Date2 => "date2",
            Field::Place => "place",
            Field::Slot => "slot",
            Field::Meeting => "meeting",
            Field::Attendance => "attendance",
            Field::NoteKind => "what_kind",
            Field::Body => "body",
            Field::What => "what",
            Field::Means => "means",
            Field::Due => "due",
            Field::Who => "who",
            Field::Review => "review",
            Field::Livret => "livret",
            Field::State => "state",
            Field::Bilan => "bilan",
            Field::Scale => "scale",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("forbidden for this role")]
    Forbidden,
    #[error("wrong credentials")]
    WrongCredentials,
    #[error("access code refused")]
    CodeRefused,
    #[error("locked for {minutes} minutes")]
    Locked { minutes: i64 },
    #[error("invalid {field:?}: {problem:?}")]
    Invalid { field: Field, problem: InputError },
    #[error("not found")]
    NotFound,
    #[error("malformed request")]
    BadRequest,
    /// The text changed elsewhere since this screen loaded it.
    #[error("edit conflict")]
    Conflict,
    #[error("internal error")]
    Internal,
    /// The database cannot be reached or cannot write (stopped, full
    /// disk): nothing was changed, and trying again later may work.
    #[error("database unavailable")]
    Unavailable,
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: Field) -> impl FnOnce(InputError) -> AppError {
        move |problem| AppError::Invalid { field, problem }
    }

    /// The plain-French sentence for the person.
    pub fn message(&self) -> String {
        match self {
            AppError::Invalid { problem, .. } => input_message(*problem),
            _ => self.general_message(),
        }
    }

    /// The sentence of an error that belongs to no field: an input error
    /// shows beside its field, so a form's own error line never shows one.
    /// Kept apart from [`AppError::message`] so that the light bundles,
    /// whose islands show only this line, carry none of the input
    /// sentences (measured on her demande's bundle: 0.86 KB).
    pub fn general_message(&self) -> String {
        match self {
            AppError::NotSignedIn => t::ERR_NOT_SIGNED_IN.to_owned(),
            AppError::Forbidden => t::ERR_FORBIDDEN.to_owned(),
            AppError::WrongCredentials => t::ERR_WRONG_CREDENTIALS.to_owned(),
            AppError::CodeRefused => t::ERR_CODE_WRONG.to_owned(),
            AppError::Locked { minutes } => fill(t::ERR_LOCKED, &[("minutes", &minutes.to_string())]),
            AppError::NotFound => t::ERR_NOT_FOUND.to_owned(),
            AppError::Invalid { .. } | AppError::BadRequest => t::ERR_BAD_REQUEST.to_owned(),
            AppError::Conflict => t::CHANGED_ELSEWHERE.to_owned(),
            AppError::Internal => t::ERR_INTERNAL.to_owned(),
            AppError::Unavailable => t::ERR_UNAVAILABLE.to_owned(),
            AppError::Transport(_) => t::ERR_NETWORK.to_owned(),
        }
    }

    /// True when the same request may succeed later unchanged (the network
    /// or the database came back): an autosave tries again by itself.
    pub fn may_pass_later(&self) -> bool {
        matches!(self, AppError::Internal | AppError::Unavailable | AppError::Transport(_))
    }

    /// The field a message belongs to, if any.
    pub fn field(&self) -> Option<Field> {
        match self {
            AppError::Invalid { field, .. } => Some(*field),
            _ => None,
        }
    }

    /// HTTP status for this error: the server sets it on every server-function
    /// reply from here (`livret_server::with_status_of_error`).
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotSignedIn | AppError::WrongCredentials | AppError::CodeRefused => 401,
            AppError::Forbidden => 403,
            AppError::Locked { .. } => 429,
            AppError::Invalid { .. } | AppError::BadRequest => 422,
            AppError::NotFound => 404,
            AppError::Conflict => 409,
            AppError::Internal | AppError::Transport(_) => 500,
            AppError::Unavailable => 503,
        }
    }
}

pub fn input_message(problem: InputError) -> String {
    match problem {
        InputError::Empty => t::INPUT_EMPTY.to_owned(),
        InputError::TooLong { max } => fill(t::INPUT_TOO_LONG, &[("max", &max.to_string())]),
        InputError::TooShort { min } => fill(t::INPUT_TOO_SHORT, &[("min", &min.to_string())]),
        InputError::NotAnEmail => t::INPUT_NOT_EMAIL.to_owned(),
        InputError::ControlCharacter => t::INPUT_CONTROL.to_owned(),
        InputError::TooEasy => t::INPUT_TOO_EASY.to_owned(),
        InputError::NotTheSame => t::INPUT_NOT_SAME.to_owned(),
        InputError::NotACode => t::INPUT_NOT_CODE.to_owned(),
        InputError::UnknownChoice => t::INPUT_UNKNOWN_CHOICE.to_owned(),
        InputError::AlreadyUsed => t::INPUT_ALREADY_USED.to_owned(),
        InputError::ForbiddenByLaw => t::INPUT_FORBIDDEN_BY_LAW.to_owned(),
        InputError::Unreadable => t::INPUT_UNREADABLE.to_owned(),
        InputError::Meeting(e) => e.message().to_owned(),
        InputError::Livret(e) => e.message().to_owned(),
    }
}

impl FromServerFnError for AppError {
    // Read from text, as the islands' props are (see `wire`).
    type Encoder = crate::wire::JsonText;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that do not even decode (a missing form field, a
            // number that is not one) come from a hand-made request.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Response(e) => AppError::Transport(e),
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// By kind: two writes racing for the same unique row is a conflict the
    /// person can retry; a database out of reach or out of space is
    /// unavailable for now; anything else is ours, logged and never sent.
    fn from(e: sqlx::Error) -> Self {
        if e.as_database_error().is_some_and(|d| d.is_unique_violation()) {
            tracing::info!(error = %e, "unique violation");
            return AppError::Conflict;
        }
        if unavailable(&e) {
            tracing::error!(error = %e, "database unavailable");
            return AppError::Unavailable;
        }
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

/// The database is away or full, rather than the request wrong: no
/// connection in time, a connection cut, or a disk (or quota) full.
/// SQLite: primary code 13 (full) or 10 (input/output error; an extended
/// code keeps the primary one in its low byte). PostgreSQL: class 08
/// (connection), 53 (out of resources: disk full, memory, connections) or
/// 57P (the server is shutting down).
#[cfg(feature = "ssr")]
pub(crate) fn unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(d) => {
            let code = d.code().unwrap_or_default();
            if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                code.parse::<i64>().is_ok_and(|n| matches!(n & 0xff, 10 | 13))
            } else {
                code.starts_with("08") || code.starts_with("53") || code.starts_with("57P")
            }
        }
        _ => false,
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::AppError;

    #[test]
    fn a_database_out_of_reach_is_unavailable_and_worth_trying_again() {
        assert_eq!(AppError::from(sqlx::Error::PoolTimedOut), AppError::Unavailable);
        assert_eq!(AppError::from(sqlx::Error::Io(std::io::Error::other("connection reset"))), AppError::Unavailable);
        assert_eq!(AppError::from(sqlx::Error::RowNotFound), AppError::Internal);
        assert_eq!(AppError::Unavailable.status(), 503);
        assert!(AppError::Unavailable.may_pass_later());
        assert!(!AppError::Conflict.may_pass_later());
        assert!(!AppError::NotSignedIn.may_pass_later());
    }
}
