//! Building blocks shared by pages.

pub mod form;
pub mod glossary;
pub mod header;
pub mod kiosk;
pub mod listen;
pub mod live;
pub mod notices;
pub mod sheet;
pub mod text_size;

pub use form::{
    FieldError, FormError, SecretField, TextField, error_line, field_error, form_error, load_error, plain_language_warning,
    unplaced_error,
};
pub use header::Header;
pub use notices::AccountNotices;
pub use sheet::{AccessSheetView, LatestSheet, PrintButton, sheet_of, sheet_of_outcome};
