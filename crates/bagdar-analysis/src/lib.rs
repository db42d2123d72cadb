//! Text analysis for Bagdar's search, shared by the generator (which indexes) and the browser
//! runtime (which analyses queries), so a query is cut exactly as the index was.
//!
//! Every word gets three forms, indexed in three fields:
//! - **exact**: lowercased the way its language lowercases (Kazakh Latin `I` is `ı`);
//! - **fold**: a script-independent key, so Cyrillic Kazakh, Kazakh typed on a Russian
//!   keyboard, the 2021 Latin alphabet and informal Latin meet (`қандастар`, `кандастар`,
//!   `qandastar` → `kandastar`);
//! - **stem**: the fold key with inflection removed (Kazakh: [`kazakh::stem`], Russian and
//!   English: Snowball).
//!
//! A query's language is not known (a visitor on a Kazakh page may type Russian), so
//! [`query_forms`] gives every form a word could have in any of the three languages.

pub mod fold;
pub mod kazakh;
mod question;
mod snowball;
mod words;

pub use fold::{fold, letter_key, lowercase};
pub use question::is_question_word;
pub use words::words;

/// A language of the portal, as far as analysis is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// Kazakh (Cyrillic; Latin and the Arabic script in queries).
    Kk,
    /// Russian.
    Ru,
    /// English.
    En,
}

/// One analysed word of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The word lowercased.
    pub exact: String,
    /// The script-independent key.
    pub fold: String,
    /// The key without inflection.
    pub stem: String,
    /// Byte offset of the word in the text.
    pub offset: usize,
    /// Byte offset of the word's end in the text. Not `offset + exact.len()`: lowercasing can
    /// change a word's length (Kazakh `I` → `ı`, `İ` → `i`).
    pub end: usize,
    /// Position of the word among the text's words (for phrases).
    pub position: usize,
}

/// Analyses a text written in `lang`.
pub fn analyze(text: &str, lang: Language) -> Vec<Token> {
    words(text)
        .enumerate()
        .map(|(position, (offset, word))| {
            let (exact, fold, stem) = forms(word, lang);
            Token {
                exact,
                fold,
                stem,
                offset,
                end: offset + word.len(),
                position,
            }
        })
        .collect()
}

/// The exact, fold and stem forms of one word of a text in `lang`.
pub fn forms(word: &str, lang: Language) -> (String, String, String) {
    let exact = lowercase(word, lang);
    match lang {
        Language::Kk => {
            let fold = fold::fold(&exact);
            let stem = kazakh::stem_folded(&fold, kazakh::harmony(&exact));
            (exact, fold, stem)
        }
        Language::Ru => {
            let fold = fold::fold(&exact);
            let stem = fold::fold(&snowball::russian(&exact));
            (exact, fold, stem)
        }
        Language::En => {
            let fold = fold::fold_latin(&exact);
            let stem = snowball::english(&fold);
            (exact, fold, stem)
        }
    }
}

/// Every form a query word may have in the index, each list without repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryForms {
    /// Exact forms (per-language lowercasing).
    pub exact: Vec<String>,
    /// Fold keys.
    pub fold: Vec<String>,
    /// Stems.
    pub stem: Vec<String>,
    /// (fold, stem) as each language would index the word, in the order Kazakh, Russian,
    /// English: phrases use one language's forms for every word.
    pub by_language: Vec<(String, String)>,
}

/// The forms of a query word in all three languages.
pub fn query_forms(word: &str) -> QueryForms {
    let mut forms = QueryForms::default();
    for lang in [Language::Kk, Language::Ru, Language::En] {
        let (exact, fold, stem) = self::forms(word, lang);
        forms.by_language.push((fold.clone(), stem.clone()));
        push_unique(&mut forms.exact, exact);
        push_unique(&mut forms.fold, fold);
        push_unique(&mut forms.stem, stem);
    }
    forms
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !item.is_empty() && !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_spellings_of_qandastar_meet() {
        let key = |w: &str, lang| forms(w, lang).1;
        assert_eq!(key("Қандастар", Language::Kk), "kandastar");
        assert_eq!(key("кандастар", Language::Kk), "kandastar");
        assert_eq!(key("qandastar", Language::Kk), "kandastar");
        let stem = |w: &str| forms(w, Language::Kk).2;
        assert_eq!(stem("қандастарға"), "kandas");
        assert_eq!(stem("кандастарга"), "kandas");
        assert_eq!(stem("qandastarğa"), "kandas");
        assert_eq!(stem("قانداستارعا"), "kandas");
        assert_eq!(key("قانداستار", Language::Kk), "kandastar");
    }

    #[test]
    fn query_forms_cover_every_language() {
        let forms = query_forms("Кандасы");
        assert!(forms.stem.contains(&"kandas".to_owned()), "{forms:?}");
        let english = query_forms("permits");
        assert!(english.stem.contains(&"permit".to_owned()), "{english:?}");
    }

    #[test]
    fn analysis_keeps_positions_and_offsets() {
        let tokens = analyze("Жетісу облысы, 2026", Language::Kk);
        let folds: Vec<&str> = tokens.iter().map(|t| t.fold.as_str()).collect();
        assert_eq!(folds, ["jetisu", "oblisi", "2026"]);
        assert_eq!(tokens[1].position, 1);
        assert_eq!(tokens[2].offset, "Жетісу облысы, ".len());
    }
}
