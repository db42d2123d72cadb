//! Kazakh in three scripts, shared by the generator (which writes the Arabic-script and Latin
//! editions of the Cyrillic pages), the analyzer (which folds Arabic-script queries onto the
//! keys of the Cyrillic index) and the browser runtime (which shows results in the reader's
//! script).
//!
//! - [`convert`] writes Cyrillic Kazakh text in the Arabic script or in the 2021 Latin
//!   alphabet, word by word, leaving everything that is not a Cyrillic letter as it is (digits,
//!   Latin, URLs, phone numbers), with an editors' dictionary of [`Exceptions`] for proper
//!   names and loans the rules get wrong.
//! - [`arabic::fold`] is the other direction, for search only: an Arabic-script word as the
//!   Latin fold key its Cyrillic spelling has (lossy on purpose: `ي` is both `и` and `й`).
//!
//! The letter tables, the hamza rule and the attested pairs the tests check are those of
//! Bagdar's script notes (`SCRIPTS.md`): CLDR `kk_Arab`, Egemen Qazaqstan's and Kazinform's
//! Arabic-script editions, Xinjiang media, and the draft 2021 Latin alphabet.

pub mod arabic;
pub mod latin;

use std::collections::BTreeMap;

/// A script a Kazakh edition is written in, besides Cyrillic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    /// The Arabic-based script (töte jazu), written right to left.
    Arab,
    /// The 2021 Latin alphabet.
    Latn,
}

impl Script {
    /// Both, in menu order.
    pub const ALL: [Script; 2] = [Script::Arab, Script::Latn];

    /// The ISO 15924 code, as in the BCP 47 tag `kk-Arab`.
    pub fn code(self) -> &'static str {
        match self {
            Script::Arab => "Arab",
            Script::Latn => "Latn",
        }
    }

    /// The script's code in lower case, as in the URL segment `kk-arab`.
    pub fn slug(self) -> &'static str {
        match self {
            Script::Arab => "arab",
            Script::Latn => "latn",
        }
    }

    /// The script for a code in any case (`Arab`, `arab`).
    pub fn from_code(code: &str) -> Option<Script> {
        Script::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(code))
    }

    /// Whether text in the script runs right to left.
    pub fn is_rtl(self) -> bool {
        self == Script::Arab
    }

    /// Whether `c` belongs to the script's letters as the editions write them (the check for
    /// characters outside the script's table). Digits, punctuation and spaces are not letters
    /// and are not asked about.
    pub fn has_letter(self, c: char) -> bool {
        match self {
            Script::Arab => arabic::is_output_letter(c),
            Script::Latn => latin::is_output_letter(c),
        }
    }
}

/// Editors' spellings for words the rules get wrong: the Cyrillic word in lower case → its
/// spelling in each script (a script without one is converted by the rules).
#[derive(Clone, Debug, Default)]
pub struct Exceptions {
    words: BTreeMap<String, [Option<String>; 2]>,
}

impl Exceptions {
    /// No exceptions.
    pub fn new() -> Exceptions {
        Exceptions::default()
    }

    /// Adds (or replaces) the spelling of `word` (Cyrillic, any case) in `script`.
    pub fn insert(&mut self, word: &str, script: Script, spelling: String) {
        let slot = self.words.entry(lowercase(word)).or_default();
        slot[script as usize] = Some(spelling);
    }

    /// The editors' spelling of a lowercased Cyrillic word, if they gave one.
    pub fn get(&self, lower: &str, script: Script) -> Option<&str> {
        self.words.get(lower)?[script as usize].as_deref()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Whether `c` is a letter of the Kazakh (or Russian) Cyrillic alphabet.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')
        || matches!(
            c,
            'ә' | 'Ә'
                | 'ғ'
                | 'Ғ'
                | 'қ'
                | 'Қ'
                | 'ң'
                | 'Ң'
                | 'ө'
                | 'Ө'
                | 'ұ'
                | 'Ұ'
                | 'ү'
                | 'Ү'
                | 'һ'
                | 'Һ'
                | 'і'
                | 'І'
        )
}

fn lowercase(word: &str) -> String {
    word.chars().map(lowercase_letter).collect()
}

/// A Cyrillic letter in lower case: the alphabet's capitals are one block apart from their
/// small letters (А–Я, Ѐ–Џ) or the next code point (Ә ә … Һ һ, І і), so no Unicode table is
/// needed.
pub(crate) fn lowercase_letter(c: char) -> char {
    let code = c as u32;
    let lower = match code {
        0x0410..=0x042F => code + 0x20,
        0x0400..=0x040F => code + 0x50,
        0x0460..=0x04FF if code.is_multiple_of(2) && code != 0x04C0 => code + 1,
        _ => return c,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// Writes Cyrillic Kazakh `text` in `script`. Runs of Cyrillic letters are words; everything
/// else stays as it is, except punctuation in the Arabic script (`,` `;` `?` become `،` `؛`
/// `؟`, but not between digits, and `→` and `←` turn round with the reading direction).
pub fn convert(text: &str, script: Script, exceptions: &Exceptions) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    convert_into(text, script, exceptions, &mut out);
    out
}

/// [`convert`], appending to `out`.
pub fn convert_into(text: &str, script: Script, exceptions: &Exceptions, out: &mut String) {
    let mut rest = text;
    let mut before: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if is_cyrillic(c) {
            let end = rest
                .char_indices()
                .find(|(_, c)| !is_cyrillic(*c))
                .map_or(rest.len(), |(i, _)| i);
            let word = &rest[..end];
            convert_word(word, script, exceptions, out);
            before = word.chars().last();
            rest = &rest[end..];
            continue;
        }
        let after = rest[c.len_utf8()..].chars().next();
        let between_digits =
            before.is_some_and(|b| b.is_ascii_digit()) && after.is_some_and(|a| a.is_ascii_digit());
        match (script, c) {
            (Script::Arab, ',') if !between_digits => out.push('،'),
            (Script::Arab, ';') => out.push('؛'),
            (Script::Arab, '?') => out.push('؟'),
            // Arrows point along the reading direction.
            (Script::Arab, '→') => out.push('←'),
            (Script::Arab, '←') => out.push('→'),
            _ => out.push(c),
        }
        before = Some(c);
        rest = &rest[c.len_utf8()..];
    }
}

/// One run of Cyrillic letters.
fn convert_word(word: &str, script: Script, exceptions: &Exceptions, out: &mut String) {
    if !exceptions.is_empty()
        && let Some(spelling) = exceptions.get(&lowercase(word), script)
    {
        out.push_str(spelling);
        return;
    }
    // Roman numerals typed in Cyrillic (ХХІ ғасыр): Latin letters in every script.
    if word.chars().all(|c| matches!(c, 'І' | 'Х')) && word.chars().count() <= 4 {
        out.extend(word.chars().map(|c| if c == 'І' { 'I' } else { 'X' }));
        return;
    }
    match script {
        Script::Arab => arabic::write_word(word, out),
        Script::Latn => latin::write_word(word, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_cyrillic_letters_change() {
        let text = "1404, egov.kz және +7 (7172) 74-36-36";
        let arab = convert(text, Script::Arab, &Exceptions::new());
        assert_eq!(arab, "1404، egov.kz جانە +7 (7172) 74-36-36");
        let latn = convert(text, Script::Latn, &Exceptions::new());
        assert_eq!(latn, "1404, egov.kz jäne +7 (7172) 74-36-36");
    }

    #[test]
    fn lowercase_letters_are_unicodes() {
        for c in ('\u{0400}'..='\u{04FF}').filter(|c| is_cyrillic(*c)) {
            assert_eq!(
                lowercase_letter(c),
                c.to_lowercase().next().unwrap_or(c),
                "{c}"
            );
        }
    }

    #[test]
    fn a_comma_between_digits_is_a_decimal_comma() {
        assert_eq!(
            convert("1,5 млн", Script::Arab, &Exceptions::new()),
            "1,5 ملن"
        );
    }

    #[test]
    fn arrows_turn_round_right_to_left() {
        assert_eq!(
            convert("ЖСН → банк", Script::Arab, &Exceptions::new()),
            "جسن ← بانك"
        );
        assert_eq!(
            convert("ЖСН → банк", Script::Latn, &Exceptions::new()),
            "JSN → bank"
        );
    }

    #[test]
    fn roman_numerals_stay_latin() {
        assert_eq!(
            convert("ХХІ ғасыр", Script::Arab, &Exceptions::new()),
            "XXI عاسىر"
        );
        assert_eq!(
            convert("ХХІ ғасыр", Script::Latn, &Exceptions::new()),
            "XXI ğasyr"
        );
    }

    #[test]
    fn exceptions_win_over_the_rules() {
        let mut exceptions = Exceptions::new();
        exceptions.insert("Астана", Script::Latn, "Astana".into());
        exceptions.insert("Астана", Script::Arab, "استانا".into());
        assert_eq!(convert("Астана", Script::Latn, &exceptions), "Astana");
        assert_eq!(convert("АСТАНА", Script::Arab, &exceptions), "استانا");
        assert_eq!(exceptions.get("астана", Script::Arab), Some("استانا"));
    }
}
