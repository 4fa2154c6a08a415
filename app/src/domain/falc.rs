//! Plain-language checks ("facile à lire et à comprendre"): the rules of
//! `docs/plain-language.md` that a machine can verify on a text.

use super::glossary;

/// One broken rule in one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offence {
    SentenceTooLong { words: usize, sentence: String },
    UndefinedAcronym(String),
    AllCaps(String),
    Italics,
    NumberInWords(String),
    WrongTerm { used: String, preferred: &'static str },
}

pub const MAX_WORDS: usize = 15;

const NUMBER_WORDS: &[&str] = &[
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "seize",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "cent",
    "mille",
];

/// The same word always for the same thing: (word to avoid, word to use).
pub const SYNONYMS: &[(&str, &str)] = &[
    ("dossier", "livret"),
    ("mot de passe", "code secret"),
    ("login", "identifiant"),
    ("assistante sociale", "assistante de service social"),
];

/// Sentences of a text: split after '.', '!', '?', ':' and line breaks.
pub fn sentences(text: &str) -> Vec<&str> {
    text.split(['.', '!', '?', '\n', ':']).map(str::trim).filter(|s| !s.is_empty()).collect()
}

fn words(sentence: &str) -> impl Iterator<Item = &str> {
    sentence
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

/// Checks a text the person reads. `allow_terms` lets a professional screen
/// use professional words (the synonym rule is skipped) while every other
/// rule still holds.
pub fn check(text: &str, allow_terms: bool) -> Vec<Offence> {
    let mut out = Vec::new();
    for sentence in sentences(text) {
        let n = words(sentence).count();
        if n > MAX_WORDS {
            out.push(Offence::SentenceTooLong { words: n, sentence: sentence.to_owned() });
        }
    }
    for w in words(text) {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        // Codes and examples such as "ABCD-EFGH-JKMN" are not words.
        let is_code = w.contains('-') || w.chars().any(|c| c.is_ascii_digit());
        let upper = !is_code && letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        if upper {
            if letters.len() <= 5 {
                if glossary::lookup(w).is_none() {
                    out.push(Offence::UndefinedAcronym(w.to_owned()));
                }
            } else {
                out.push(Offence::AllCaps(w.to_owned()));
            }
        }
        let lower = w.to_lowercase();
        if NUMBER_WORDS.contains(&lower.as_str()) {
            out.push(Offence::NumberInWords(w.to_owned()));
        }
    }
    if ["<i>", "<em>", "font-style"].iter().any(|m| text.contains(m)) {
        out.push(Offence::Italics);
    }
    if !allow_terms {
        let lower = text.to_lowercase();
        for (avoid, preferred) in SYNONYMS {
            if lower.contains(avoid) {
                out.push(Offence::WrongTerm { used: (*avoid).to_owned(), preferred });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_plain_sentence_passes() {
        assert!(check("Vous pouvez écrire votre demande.", false).is_empty());
    }

    #[test]
    fn a_long_sentence_is_reported_with_its_length() {
        let t = "Vous pouvez écrire ici tout ce qui se passe dans votre vie en ce moment avec vos mots à vous.";
        assert!(matches!(check(t, false)[..], [Offence::SentenceTooLong { words: 20, .. }]));
    }

    #[test]
    fn acronyms_need_a_glossary_entry() {
        assert!(check("La CAF (Caisse d'allocations familiales) vous aide.", false).is_empty());
        assert_eq!(check("Le SIAO vous appelle.", false), vec![Offence::UndefinedAcronym("SIAO".into())]);
    }

    #[test]
    fn all_caps_italics_and_number_words_are_refused() {
        assert_eq!(check("ATTENTION ici.", false), vec![Offence::AllCaps("ATTENTION".into())]);
        assert_eq!(check("Lisez <em>ceci</em>.", false), vec![Offence::Italics]);
        assert_eq!(check("Vous avez trois jours.", false), vec![Offence::NumberInWords("trois".into())]);
    }

    #[test]
    fn the_same_word_is_used_for_the_same_thing() {
        assert_eq!(
            check("Votre dossier est prêt.", false),
            vec![Offence::WrongTerm { used: "dossier".into(), preferred: "livret" }]
        );
        assert!(check("Votre dossier est prêt.", true).is_empty());
    }
}
