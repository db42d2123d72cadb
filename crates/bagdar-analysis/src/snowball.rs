//! The Snowball stemmers for Russian and English (frostem, the stemmers tantivy uses).

use std::sync::OnceLock;

use frostem::{Algorithm, Stemmer};

/// Russian Snowball stem of a lowercased word (ё already folded to е).
pub(crate) fn russian(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::new(Algorithm::Russian))
        .stem(word)
        .into_owned()
}

/// English Snowball stem of a lowercased word.
pub(crate) fn english(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::new(Algorithm::English))
        .stem(word)
        .into_owned()
}
