//! Acronyms a person may meet, with their meaning in plain words. The
//! plain-language check refuses any acronym of the catalogue missing here.

pub struct Entry {
    pub acronym: &'static str,
    pub meaning: &'static str,
    pub explanation: &'static str,
}

pub const ENTRIES: &[Entry] = &[
    Entry {
        acronym: "AAH",
        meaning: "Allocation aux adultes handicapés",
        explanation: "Un revenu pour les adultes qui ont un handicap.",
    },
    Entry {
        acronym: "CAF",
        meaning: "Caisse d'allocations familiales",
        explanation: "Elle verse des aides pour la famille, le logement et le revenu.",
    },
    Entry {
        acronym: "CCAS",
        meaning: "Centre communal d'action sociale",
        explanation: "Le service social de votre mairie.",
    },
    Entry {
        acronym: "CESF",
        meaning: "Conseillère en économie sociale et familiale",
        explanation: "Elle vous aide pour le budget, le logement et la vie de tous les jours.",
    },
    Entry {
        acronym: "MDS",
        meaning: "Maison départementale des solidarités",
        explanation: "Le lieu du département où travaillent les assistantes sociales.",
    },
    Entry {
        acronym: "PMI",
        meaning: "Protection maternelle et infantile",
        explanation: "Un service de santé pour les femmes enceintes et les jeunes enfants.",
    },
    Entry {
        acronym: "RSA",
        meaning: "Revenu de solidarité active",
        explanation: "Un revenu pour les personnes qui ont peu ou pas de ressources.",
    },
    Entry {
        acronym: "UDAF",
        meaning: "Union départementale des associations familiales",
        explanation: "Elle peut protéger une personne avec une tutelle ou une curatelle.",
    },
];

pub fn lookup(acronym: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.acronym == acronym)
}
