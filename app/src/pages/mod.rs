//! One module per page.

pub mod admin;
pub mod demande;
pub mod dossier;
pub mod first_sign_in;
pub mod glossary;
pub mod home;
pub mod livret;
pub mod meeting;
pub mod not_found;
pub mod review;
pub mod sharing;
pub mod sign_in;
pub mod staff;
