//! Acronyms a person may meet, with their meaning in plain words. The
//! plain-language check refuses any acronym of the catalogue missing here.

#[derive(Debug, PartialEq, Eq)]
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
    Entry { acronym: "CCAS", meaning: "Centre communal d'action sociale", explanation: "Le service social de votre mairie." },
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

/// A piece of a text: plain words, or an acronym of the glossary.
#[derive(Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Term(&'static Entry),
}

/// Cuts a text around the acronyms of the glossary (whole words only).
pub fn split_terms(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut plain = String::new();
    let mut word = String::new();
    let flush_word = |word: &mut String, plain: &mut String, parts: &mut Vec<Part>| {
        if let Some(entry) = lookup(word) {
            if !plain.is_empty() {
                parts.push(Part::Text(std::mem::take(plain)));
            }
            parts.push(Part::Term(entry));
        } else {
            plain.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush_word(&mut word, &mut plain, &mut parts);
            plain.push(c);
        }
    }
    flush_word(&mut word, &mut plain, &mut parts);
    if !plain.is_empty() {
        parts.push(Part::Text(plain));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_are_cut_out_of_a_text() {
        let parts = split_terms("Votre MDS (Maison départementale des solidarités) et la CAF.");
        assert_eq!(parts.len(), 5);
        assert_eq!(parts[0], Part::Text("Votre ".into()));
        assert!(matches!(parts[1], Part::Term(e) if e.acronym == "MDS"));
        assert!(matches!(parts[3], Part::Term(e) if e.acronym == "CAF"));
        assert_eq!(parts[4], Part::Text(".".into()));
    }

    #[test]
    fn a_text_without_acronym_stays_whole() {
        assert_eq!(split_terms("CAFÉ et camp"), vec![Part::Text("CAFÉ et camp".into())]);
    }

    #[test]
    fn every_entry_follows_plain_language_rules() {
        for e in ENTRIES {
            // Shown as "CAF : meaning. explanation".
            let text = format!("{}. {}", e.meaning, e.explanation);
            let offences = crate::domain::falc::check(&text, false);
            assert!(offences.is_empty(), "{}: {offences:?}", e.acronym);
        }
    }
}
