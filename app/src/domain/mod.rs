//! Pure domain rules: no I/O, compiled into both the browser and the server.

pub mod access;
pub mod credentials;
pub mod dates;
pub mod demande;
pub mod dossier;
pub mod falc;
pub mod glossary;
pub mod livret;
pub mod meeting;
pub mod role;
pub mod sharing;
