//! The portal's languages. A closed set on purpose: plural rules, date formats and (later) the
//! search analyzers are language-specific, so a language the code does not know cannot be
//! configured by accident.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language the portal is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Kazakh, in Cyrillic script.
    Kk,
    /// Russian.
    Ru,
    /// English.
    En,
}

/// CLDR plural categories used by the portal's languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralCategory {
    /// "one": 1 (and 21, 31 … in Russian).
    One,
    /// "few": 2–4, 22–24 … in Russian.
    Few,
    /// "many": 0, 5–20, 25–30 … in Russian.
    Many,
    /// "other": everything else (Kazakh and English plurals).
    Other,
}

impl PluralCategory {
    /// The CLDR name of the category, as written in the i18n files.
    pub fn name(self) -> &'static str {
        match self {
            PluralCategory::One => "one",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }
}

impl Lang {
    /// Every language the code knows, in the default menu order.
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    /// The ISO 639-1 code, used in URLs, file names and `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language's own name for itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Kk => "Қазақша",
            Lang::Ru => "Русский",
            Lang::En => "English",
        }
    }

    /// The plural categories an i18n file must give for a counted string in this language.
    pub fn plural_categories(self) -> &'static [PluralCategory] {
        match self {
            Lang::Ru => &[
                PluralCategory::One,
                PluralCategory::Few,
                PluralCategory::Many,
            ],
            Lang::Kk | Lang::En => &[PluralCategory::One, PluralCategory::Other],
        }
    }

    /// The CLDR plural category of the integer `n` in this language.
    pub fn plural_category(self, n: u64) -> PluralCategory {
        match self {
            Lang::Ru => {
                let (d1, d2) = (n % 10, n % 100);
                if d1 == 1 && d2 != 11 {
                    PluralCategory::One
                } else if (2..=4).contains(&d1) && !(12..=14).contains(&d2) {
                    PluralCategory::Few
                } else {
                    PluralCategory::Many
                }
            }
            Lang::Kk | Lang::En => {
                if n == 1 {
                    PluralCategory::One
                } else {
                    PluralCategory::Other
                }
            }
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error for a language code the portal does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown language `{0}`: the portal's languages are kk, ru and en")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code() == s)
            .ok_or_else(|| UnknownLang(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals_follow_cldr() {
        let cat = |n| Lang::Ru.plural_category(n);
        assert_eq!(cat(1), PluralCategory::One);
        assert_eq!(cat(21), PluralCategory::One);
        assert_eq!(cat(11), PluralCategory::Many);
        assert_eq!(cat(2), PluralCategory::Few);
        assert_eq!(cat(24), PluralCategory::Few);
        assert_eq!(cat(12), PluralCategory::Many);
        assert_eq!(cat(5), PluralCategory::Many);
        assert_eq!(cat(0), PluralCategory::Many);
        assert_eq!(cat(111), PluralCategory::Many);
    }

    #[test]
    fn english_and_kazakh_have_one_and_other() {
        assert_eq!(Lang::En.plural_category(1), PluralCategory::One);
        assert_eq!(Lang::En.plural_category(2), PluralCategory::Other);
        assert_eq!(Lang::Kk.plural_category(0), PluralCategory::Other);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>().ok(), Some(lang));
        }
        assert!("de".parse::<Lang>().is_err());
    }
}
