//! Parse, don't validate: every value typed by someone becomes one of these
//! types or a typed [`InputError`] that the UI turns into plain French.
//! Text is kept exactly as typed (only surrounding spaces are trimmed where
//! the field is a name): nothing is escaped here, the views escape on output.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputError {
    Empty,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    NotAnEmail,
    ControlCharacter,
    TooEasy,
    NotTheSame,
    NotACode,
    UnknownChoice,
    AlreadyUsed,
    /// A choice the law closes to this function (santé for a social
    /// landlord, for instance): no consent or exception opens it.
    ForbiddenByLaw,
    /// Bytes that were not text reached us as U+FFFD: refuse rather than
    /// store a mangled answer.
    Unreadable,
    /// A date, a stage or a choice of the équipe meeting (its own words).
    Meeting(crate::domain::meeting::MeetingError),
    /// Signing her livret, following its actions (its own words).
    Livret(crate::domain::livret::LivretError),
}

/// A display name (how the person wants to be called, a professional's
/// name, an institution). One line, 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line(String);

impl Line {
    pub const MAX: usize = 100;

    pub fn parse(raw: &str) -> Result<Line, InputError> {
        Self::parse_max(raw, Self::MAX)
    }

    pub fn parse_max(raw: &str, max: usize) -> Result<Line, InputError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(InputError::Empty);
        }
        if s.chars().count() > max {
            return Err(InputError::TooLong { max });
        }
        if s.chars().any(char::is_control) {
            return Err(InputError::ControlCharacter);
        }
        if s.contains('\u{FFFD}') {
            return Err(InputError::Unreadable);
        }
        Ok(Line(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A message or a reason of several lines (the head's message, the
/// animateur's reason): paragraphs are kept, line endings become `\n`;
/// any other control character is refused, as in a [`Line`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(String);

/// Line endings as `\n`: a form posted by the browser itself sends `\r\n`
/// from a `<textarea>`, a page's own request `\n`.
pub fn unix_lines(raw: &str) -> String {
    raw.replace("\r\n", "\n").replace('\r', "\n")
}

impl Text {
    pub fn parse_max(raw: &str, max: usize) -> Result<Text, InputError> {
        let s = unix_lines(raw);
        let s = s.trim();
        if s.is_empty() {
            return Err(InputError::Empty);
        }
        if s.chars().count() > max {
            return Err(InputError::TooLong { max });
        }
        if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(InputError::ControlCharacter);
        }
        if s.contains('\u{FFFD}') {
            return Err(InputError::Unreadable);
        }
        Ok(Text(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A professional's e-mail address, kept lower-case so that sign-in does not
/// depend on how it was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(raw: &str) -> Result<Email, InputError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(InputError::Empty);
        }
        if s.chars().count() > Self::MAX {
            return Err(InputError::TooLong { max: Self::MAX });
        }
        let mut parts = s.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(InputError::NotAnEmail);
        };
        let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains("..");
        if local.is_empty() || !domain_ok || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(InputError::NotAnEmail);
        }
        Ok(Email(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A professional's password: a long one, since it opens many people's files.
#[derive(Clone)]
pub struct ProPassword(String);

impl ProPassword {
    pub const MIN: usize = 12;
    pub const MAX: usize = 200;

    pub fn parse(raw: &str) -> Result<ProPassword, InputError> {
        let n = raw.chars().count();
        if n == 0 {
            return Err(InputError::Empty);
        }
        if n < Self::MIN {
            return Err(InputError::TooShort { min: Self::MIN });
        }
        if n > Self::MAX {
            return Err(InputError::TooLong { max: Self::MAX });
        }
        Ok(ProPassword(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The person's secret: a code of at least 6 digits, or a sentence of at
/// least 8 characters. Many people remember a number better than a word.
#[derive(Clone)]
pub struct PersonSecret(String);

impl PersonSecret {
    pub const MIN_DIGITS: usize = 6;
    pub const MIN_CHARS: usize = 8;
    pub const MAX: usize = 200;

    pub fn parse(raw: &str) -> Result<PersonSecret, InputError> {
        let n = raw.chars().count();
        if n == 0 {
            return Err(InputError::Empty);
        }
        if n > Self::MAX {
            return Err(InputError::TooLong { max: Self::MAX });
        }
        let digits_only = raw.chars().all(|c| c.is_ascii_digit());
        let min = if digits_only { Self::MIN_DIGITS } else { Self::MIN_CHARS };
        if n < min {
            return Err(InputError::TooShort { min });
        }
        if digits_only && is_trivial_pin(raw) {
            return Err(InputError::TooEasy);
        }
        Ok(PersonSecret(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// 000000, 123456, 987654: the first codes anyone would try.
fn is_trivial_pin(pin: &str) -> bool {
    let d: Vec<i16> = pin.bytes().map(|b| i16::from(b - b'0')).collect();
    let steps: Vec<i16> = d.windows(2).map(|w| w[1] - w[0]).collect();
    steps.iter().all(|&s| s == 0) || steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1)
}

/// The secret typed twice must match.
pub fn confirm(secret: &str, again: &str) -> Result<(), InputError> {
    if secret == again { Ok(()) } else { Err(InputError::NotTheSame) }
}

/// A one-time access code, printed on paper: 12 letters and digits without
/// the ones people confuse (0/O, 1/I/L), shown in groups of four.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessCode(String);

impl AccessCode {
    pub const ALPHABET: &'static [u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    pub const LEN: usize = 12;

    /// Accepts the code however it was typed: lower case, spaces, dashes.
    pub fn parse(raw: &str) -> Result<AccessCode, InputError> {
        let cleaned: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        if cleaned.is_empty() {
            return Err(InputError::Empty);
        }
        if cleaned.chars().count() != Self::LEN || !cleaned.bytes().all(|b| Self::ALPHABET.contains(&b)) {
            return Err(InputError::NotACode);
        }
        Ok(AccessCode(cleaned))
    }

    /// Builds a code from random indices (the caller brings the randomness,
    /// so this stays pure).
    pub fn from_indices(indices: [u8; 12]) -> AccessCode {
        let n = Self::ALPHABET.len();
        AccessCode(indices.iter().map(|i| Self::ALPHABET[usize::from(*i) % n] as char).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// "ABCD-EFGH-JKMN", easier to read aloud and to copy.
    pub fn grouped(&self) -> String {
        let c: Vec<char> = self.0.chars().collect();
        c.chunks(4).map(|g| g.iter().collect::<String>()).collect::<Vec<_>>().join("-")
    }
}

/// The person's identifier: her first name in plain letters and 4 digits,
/// for example "amina-2841". Chosen for her, printed on her access sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier(String);

impl Identifier {
    pub const MAX: usize = 40;

    pub fn parse(raw: &str) -> Result<Identifier, InputError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(InputError::Empty);
        }
        if s.chars().count() > Self::MAX {
            return Err(InputError::TooLong { max: Self::MAX });
        }
        if s.chars().any(char::is_control) {
            return Err(InputError::ControlCharacter);
        }
        Ok(Identifier(s))
    }

    /// Proposes an identifier from a name and 4 digits.
    pub fn propose(name: &str, digits: u16) -> Identifier {
        let base: String = name.chars().filter_map(fold_letter).take(12).collect();
        let base = if base.is_empty() { "personne".to_owned() } else { base };
        Identifier(format!("{base}-{:04}", digits % 10_000))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Lower-case ASCII letter for a Latin letter, accents removed.
fn fold_letter(c: char) -> Option<char> {
    let c = c.to_lowercase().next()?;
    let folded = match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
        'ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' => 'i',
        'ô' | 'ö' | 'ó' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ÿ' => 'y',
        c if c.is_ascii_lowercase() => c,
        _ => return None,
    };
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_form_posts_line_breaks_as_the_autosave_does() {
        assert_eq!(unix_lines("Le loyer.\r\nLa CAF.\rFin\n"), "Le loyer.\nLa CAF.\nFin\n");
        assert_eq!(unix_lines("une ligne"), "une ligne");
    }

    #[test]
    fn a_line_is_trimmed_and_kept_otherwise_intact() {
        let l = Line::parse("  <b>Amina</b> 🌱 مرحبا ' OR 1=1 -- ").unwrap();
        assert_eq!(l.as_str(), "<b>Amina</b> 🌱 مرحبا ' OR 1=1 --");
    }

    #[test]
    fn a_text_keeps_its_paragraphs_and_refuses_other_invisible_signs() {
        let t = Text::parse_max("  Bonjour.\r\n\r\nVotre demande est acceptée.\n ", 2_000).unwrap();
        assert_eq!(t.as_str(), "Bonjour.\n\nVotre demande est acceptée.");
        assert_eq!(Text::parse_max("a\u{7}b", 100), Err(InputError::ControlCharacter));
        assert_eq!(Text::parse_max(" \n ", 100), Err(InputError::Empty));
        assert_eq!(Text::parse_max(&"é".repeat(101), 100), Err(InputError::TooLong { max: 100 }));
        assert_eq!(Text::parse_max("a\u{FFFD}", 100), Err(InputError::Unreadable));
        assert_eq!(Line::parse("deux\nlignes"), Err(InputError::ControlCharacter), "a name stays one line");
    }

    #[test]
    fn an_empty_or_too_long_line_is_refused() {
        assert_eq!(Line::parse("   "), Err(InputError::Empty));
        assert_eq!(Line::parse(&"a".repeat(101)), Err(InputError::TooLong { max: 100 }));
        assert_eq!(Line::parse("a\u{0}b"), Err(InputError::ControlCharacter));
        assert_eq!(Line::parse("a\u{FFFD}b"), Err(InputError::Unreadable));
    }

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(Email::parse(" Claire.Martin@MDS.fr ").unwrap().as_str(), "claire.martin@mds.fr");
        for bad in ["claire", "claire@", "@mds.fr", "a@b", "a b@c.fr", "a@@b.fr", "a@b..fr"] {
            assert_eq!(Email::parse(bad), Err(InputError::NotAnEmail), "{bad}");
        }
    }

    #[test]
    fn a_person_secret_is_six_digits_or_eight_characters() {
        assert!(PersonSecret::parse("482913").is_ok());
        assert!(PersonSecret::parse("mon chat roux").is_ok());
        assert_eq!(PersonSecret::parse("4829").err(), Some(InputError::TooShort { min: 6 }));
        assert_eq!(PersonSecret::parse("chat").err(), Some(InputError::TooShort { min: 8 }));
        assert_eq!(PersonSecret::parse("").err(), Some(InputError::Empty));
    }

    #[test]
    fn obvious_pins_are_refused() {
        for pin in ["000000", "123456", "987654", "1111111"] {
            assert_eq!(PersonSecret::parse(pin).err(), Some(InputError::TooEasy), "{pin}");
        }
        assert!(PersonSecret::parse("123457").is_ok());
    }

    #[test]
    fn a_pro_password_needs_twelve_characters() {
        assert_eq!(ProPassword::parse("court").err(), Some(InputError::TooShort { min: 12 }));
        assert!(ProPassword::parse("une phrase assez longue").is_ok());
    }

    #[test]
    fn access_codes_accept_any_reasonable_typing() {
        let c = AccessCode::parse("abcd efgh-jkmn").unwrap();
        assert_eq!(c.as_str(), "ABCDEFGHJKMN");
        assert_eq!(c.grouped(), "ABCD-EFGH-JKMN");
        assert_eq!(AccessCode::parse("ABCD-EFGH-JKM0"), Err(InputError::NotACode));
        assert_eq!(AccessCode::parse("ABCD"), Err(InputError::NotACode));
    }

    #[test]
    fn identifiers_are_proposed_from_plain_letters() {
        assert_eq!(Identifier::propose("Amina Benali", 7).as_str(), "aminabenali-0007");
        assert_eq!(Identifier::propose("Éloïse", 2841).as_str(), "eloise-2841");
        assert_eq!(Identifier::propose("李", 12).as_str(), "personne-0012");
    }

    proptest! {
        #[test]
        fn any_generated_code_parses_back_to_itself(idx in proptest::array::uniform12(any::<u8>())) {
            let code = AccessCode::from_indices(idx);
            prop_assert_eq!(AccessCode::parse(&code.grouped()).unwrap(), code.clone());
            prop_assert_eq!(AccessCode::parse(&code.as_str().to_lowercase()).unwrap(), code);
        }

        #[test]
        fn parsing_never_panics_on_any_text(s in ".{0,300}") {
            let _ = Line::parse(&s);
            let _ = Email::parse(&s);
            let _ = PersonSecret::parse(&s);
            let _ = ProPassword::parse(&s);
            let _ = AccessCode::parse(&s);
            let _ = Identifier::parse(&s);
        }

        #[test]
        fn a_proposed_identifier_always_parses(name in ".{0,40}", d in any::<u16>()) {
            let id = Identifier::propose(&name, d);
            prop_assert_eq!(Identifier::parse(id.as_str()).unwrap(), id);
        }
    }
}
