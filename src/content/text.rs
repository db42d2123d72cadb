//! Trilingual text in data files: `{kk: "…", ru: "…", en: "…"}`.
//!
//! A missing language falls back visibly: the text is shown in another language and marked
//! with its `lang`, as a guide without a translation is.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::lang::Lang;

/// Text in one or more of the portal's languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "BTreeMap<Lang, String>")]
pub struct Text(BTreeMap<Lang, String>);

impl TryFrom<BTreeMap<Lang, String>> for Text {
    type Error = String;

    fn try_from(map: BTreeMap<Lang, String>) -> Result<Self, Self::Error> {
        if map.values().all(|t| t.trim().is_empty()) {
            return Err("give the text in at least one language: {kk: …, ru: …, en: …}".to_owned());
        }
        Ok(Text(
            map.into_iter()
                .filter(|(_, t)| !t.trim().is_empty())
                .collect(),
        ))
    }
}

/// Text chosen for a page: the words and the language they are really in.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Shown {
    /// The text.
    pub text: String,
    /// Set when the text is not in the page's language (a visible fallback).
    pub lang: Option<&'static str>,
}

impl Text {
    /// Text in the given languages.
    pub fn from_pairs<S: Into<String>>(pairs: impl IntoIterator<Item = (Lang, S)>) -> Text {
        Text(pairs.into_iter().map(|(l, s)| (l, s.into())).collect())
    }

    /// The text in `lang`, if given.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        self.0.get(&lang).map(String::as_str)
    }

    /// The text for a page in `lang`: its own, else the first of `order` that exists.
    pub fn show(&self, lang: Lang, order: impl IntoIterator<Item = Lang>) -> Shown {
        if let Some(text) = self.get(lang) {
            return Shown {
                text: text.to_owned(),
                lang: None,
            };
        }
        let fallback = order
            .into_iter()
            .chain(Lang::ALL)
            .find_map(|l| self.0.get(&l).map(|t| (l, t)));
        match fallback {
            Some((l, text)) => Shown {
                text: text.clone(),
                lang: Some(l.code()),
            },
            None => Shown {
                text: String::new(),
                lang: None,
            },
        }
    }

    /// Every language's text, for search and variants.
    pub fn all(&self) -> impl Iterator<Item = (Lang, &str)> {
        self.0.iter().map(|(l, t)| (*l, t.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_language_falls_back_in_menu_order_and_says_so() {
        let text = Text::from_pairs([(Lang::Ru, "Павлодар"), (Lang::En, "Pavlodar")]);
        assert_eq!(
            text.show(Lang::En, Lang::ALL),
            Shown {
                text: "Pavlodar".into(),
                lang: None
            }
        );
        assert_eq!(
            text.show(Lang::Kk, Lang::ALL),
            Shown {
                text: "Павлодар".into(),
                lang: Some("ru")
            }
        );
        assert_eq!(text.show(Lang::Kk, [Lang::En]).lang, Some("en"));
    }

    #[test]
    fn empty_text_is_refused() {
        let map = BTreeMap::from([(Lang::Kk, " ".to_owned())]);
        assert!(Text::try_from(map).is_err());
    }
}
