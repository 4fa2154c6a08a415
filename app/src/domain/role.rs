//! Who someone is in Livret. The role decides what a server function lets
//! them do; it is read from the session, never from the request body.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// La personne accompagnée: the owner of her information.
    Person,
    /// A professional of any institution who accompanies people.
    Professional,
    /// Responsable or responsable adjoint of an MDS: validates demandes,
    /// animates the équipe parcours et projet.
    Head,
    /// Manages professional accounts; sees no person's information.
    Admin,
}

/// The home of professionals, heads and administrators.
pub const WORK_HOME: &str = "/pro";

impl Role {
    pub const ALL: [Role; 4] = [Role::Person, Role::Professional, Role::Head, Role::Admin];

    /// The stable word stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Person => "person",
            Role::Professional => "professional",
            Role::Head => "head",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Where this account lands after signing in: a person at `/`, everyone
    /// else at their work home, whose code a person's phone never loads.
    pub fn home(self) -> &'static str {
        match self {
            Role::Person => "/",
            Role::Professional | Role::Head | Role::Admin => WORK_HOME,
        }
    }

    /// Professionals and MDS heads accompany people: they may create a
    /// person's account and hand her an access code.
    pub fn accompanies_people(self) -> bool {
        matches!(self, Role::Professional | Role::Head)
    }

    /// Everyone but the person signs in with an e-mail address and a password.
    pub fn signs_in_with_email(self) -> bool {
        !matches!(self, Role::Person)
    }
}

/// The two ranks of an MDS head (responsable, responsable adjoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HeadRank {
    Responsable,
    Adjoint,
}

impl HeadRank {
    pub fn as_str(self) -> &'static str {
        match self {
            HeadRank::Responsable => "responsable",
            HeadRank::Adjoint => "adjoint",
        }
    }

    pub fn parse(s: &str) -> Option<HeadRank> {
        [HeadRank::Responsable, HeadRank::Adjoint].into_iter().find(|r| r.as_str() == s)
    }
}

/// Professional functions. Each will carry a mission perimeter (the kinds of
/// information that belong to its mission) when sharing lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Function {
    SocialWorker,
    FamilyEconomyAdviser,
    CafAdviser,
    CcasWorker,
    MissionLocaleAdviser,
    PmiNurse,
    SocialLandlord,
    HospitalSocialWorker,
    Guardian,
    FranceTravailAdviser,
    MdsHead,
}

impl Function {
    pub const ALL: [Function; 11] = [
        Function::SocialWorker,
        Function::FamilyEconomyAdviser,
        Function::CafAdviser,
        Function::CcasWorker,
        Function::MissionLocaleAdviser,
        Function::PmiNurse,
        Function::SocialLandlord,
        Function::HospitalSocialWorker,
        Function::Guardian,
        Function::FranceTravailAdviser,
        Function::MdsHead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Function::SocialWorker => "social_worker",
            Function::FamilyEconomyAdviser => "family_economy_adviser",
            Function::CafAdviser => "caf_adviser",
            Function::CcasWorker => "ccas_worker",
            Function::MissionLocaleAdviser => "mission_locale_adviser",
            Function::PmiNurse => "pmi_nurse",
            Function::SocialLandlord => "social_landlord",
            Function::HospitalSocialWorker => "hospital_social_worker",
            Function::Guardian => "guardian",
            Function::FranceTravailAdviser => "france_travail_adviser",
            Function::MdsHead => "mds_head",
        }
    }

    pub fn parse(s: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The function's name as the person reads it (from the text catalogue).
    pub fn label(self) -> &'static str {
        use crate::text::person as t;
        match self {
            Function::SocialWorker => t::FUNCTION_SOCIAL_WORKER,
            Function::FamilyEconomyAdviser => t::FUNCTION_FAMILY_ECONOMY_ADVISER,
            Function::CafAdviser => t::FUNCTION_CAF_ADVISER,
            Function::CcasWorker => t::FUNCTION_CCAS_WORKER,
            Function::MissionLocaleAdviser => t::FUNCTION_MISSION_LOCALE_ADVISER,
            Function::PmiNurse => t::FUNCTION_PMI_NURSE,
            Function::SocialLandlord => t::FUNCTION_SOCIAL_LANDLORD,
            Function::HospitalSocialWorker => t::FUNCTION_HOSPITAL_SOCIAL_WORKER,
            Function::Guardian => t::FUNCTION_GUARDIAN,
            Function::FranceTravailAdviser => t::FUNCTION_FRANCE_TRAVAIL_ADVISER,
            Function::MdsHead => t::FUNCTION_MDS_HEAD,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_stored_word() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("Person"), None);
    }

    #[test]
    fn every_function_round_trips_and_has_a_label() {
        for f in Function::ALL {
            assert_eq!(Function::parse(f.as_str()), Some(f));
            assert!(!f.label().is_empty());
        }
    }

    #[test]
    fn only_professionals_and_heads_accompany_people() {
        let accompany: Vec<_> = Role::ALL.into_iter().filter(|r| r.accompanies_people()).collect();
        assert_eq!(accompany, vec![Role::Professional, Role::Head]);
    }
}
