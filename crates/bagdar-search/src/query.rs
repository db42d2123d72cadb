//! From what a visitor typed to a tantivy query. Nothing a visitor types is an error: quotes
//! make phrases, a leading `-` excludes a word, everything else is words.
//!
//! Each word matches if any of its forms is in a title or body field; exact forms weigh most,
//! then fold keys, then stems, so `қандастар` finds pages with `кандастар` and `қандастарға`
//! but ranks the exact word first. Titles weigh more than bodies. Longer words also match
//! with a typo, at a weight too low to pass an exact hit.

use std::ops::Bound;

use bagdar_analysis::{QueryForms, query_forms, words};
use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::schema::{Fields, WordFields};

/// What a visitor typed, taken apart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Plain words.
    pub words: Vec<String>,
    /// Quoted phrases, as words.
    pub phrases: Vec<Vec<String>>,
    /// Words to exclude (`-word`).
    pub excluded: Vec<String>,
}

impl Parsed {
    /// Whether nothing searchable was typed.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

/// Parses a query; never fails. An unclosed quote runs to the end.
pub fn parse(input: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for (i, part) in input.split('"').enumerate() {
        if i % 2 == 1 {
            let phrase: Vec<String> = words(part).map(|(_, w)| w.to_owned()).collect();
            match phrase.len() {
                0 => {}
                1 => parsed.words.extend(phrase),
                _ => parsed.phrases.push(phrase),
            }
            continue;
        }
        for piece in part.split_whitespace() {
            let (excluded, rest) = match piece.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, piece),
            };
            for (_, word) in words(rest) {
                if excluded {
                    parsed.excluded.push(word.to_owned());
                } else {
                    parsed.words.push(word.to_owned());
                }
            }
        }
    }
    parsed
}

/// Weights of the forms and fields.
const EXACT: f32 = 4.0;
const FOLD: f32 = 2.0;
const STEM: f32 = 1.0;
const TITLE: f32 = 3.0;
const BODY: f32 = 1.0;
const FUZZY: f32 = 0.15;
const PROXIMITY: f32 = 6.0;

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn boosted(query: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(query, boost)))
}

/// The query for one word: any of its forms in any word field.
pub fn word_query(fields: &Fields, word: &str) -> Box<dyn Query> {
    let forms = query_forms(word);
    let mut clauses = Vec::new();
    for (words, weight) in [(fields.title_words(), TITLE), (fields.body_words(), BODY)] {
        add_forms(&mut clauses, words, &forms, weight);
    }
    Box::new(BooleanQuery::new(clauses))
}

fn add_forms(
    clauses: &mut Vec<(Occur, Box<dyn Query>)>,
    fields: WordFields,
    forms: &QueryForms,
    weight: f32,
) {
    let freqs = IndexRecordOption::WithFreqs;
    for exact in &forms.exact {
        clauses.push(boosted(
            Box::new(TermQuery::new(term(fields.exact, exact), freqs)),
            EXACT * weight,
        ));
    }
    for fold in &forms.fold {
        clauses.push(boosted(
            Box::new(TermQuery::new(term(fields.fold, fold), freqs)),
            FOLD * weight,
        ));
        let letters = fold.chars().count();
        if letters >= 5 {
            let distance = if letters >= 9 { 2 } else { 1 };
            let fuzzy = FuzzyTermQuery::new(term(fields.fold, fold), distance, true);
            clauses.push(boosted(Box::new(fuzzy), FUZZY * weight));
        }
    }
    for stem in &forms.stem {
        clauses.push(boosted(
            Box::new(TermQuery::new(term(fields.stem, stem), freqs)),
            STEM * weight,
        ));
    }
}

/// A phrase: its words in order, in the fold fields (any language's fold).
fn phrase_query(fields: &Fields, phrase: &[String]) -> Box<dyn Query> {
    let forms: Vec<QueryForms> = phrase.iter().map(|w| query_forms(w)).collect();
    let mut clauses = Vec::new();
    for variant in language_variants(&forms, |(fold, _)| fold) {
        for (field, weight) in [(fields.title_fold, TITLE), (fields.body_fold, BODY)] {
            let terms: Vec<Term> = variant.iter().map(|key| term(field, key)).collect();
            clauses.push(boosted(Box::new(PhraseQuery::new(terms)), EXACT * weight));
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The distinct ways the words read when all are taken as one language (`pick` chooses the
/// fold or the stem).
fn language_variants(
    forms: &[QueryForms],
    pick: impl Fn(&(String, String)) -> &String,
) -> Vec<Vec<String>> {
    let languages = forms.iter().map(|f| f.by_language.len()).min().unwrap_or(0);
    let mut variants: Vec<Vec<String>> = Vec::new();
    for language in 0..languages {
        let variant: Vec<String> = forms
            .iter()
            .map(|f| pick(&f.by_language[language]).clone())
            .collect();
        if !variants.contains(&variant) {
            variants.push(variant);
        }
    }
    variants
}

/// A bonus for documents where the words stand close together in the given order (stems, up
/// to two words apart): "субсидия на переезд" prefers the page that says "субсидию на
/// переезд" over one with "субсидия" in a heading and "переезд" far away.
fn proximity_query(fields: &Fields, words: &[String]) -> Box<dyn Query> {
    let forms: Vec<QueryForms> = words.iter().map(|w| query_forms(w)).collect();
    let mut clauses = Vec::new();
    for variant in language_variants(&forms, |(_, stem)| stem) {
        for (field, weight) in [(fields.title_stem, TITLE), (fields.body_stem, BODY)] {
            let terms: Vec<(usize, Term)> = variant
                .iter()
                .enumerate()
                .map(|(i, stem)| (i, term(field, stem)))
                .collect();
            clauses.push(boosted(
                Box::new(PhraseQuery::new_with_offset_and_slop(terms, 2)),
                PROXIMITY * weight,
            ));
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Filters on the kind, region and languages of documents, and on vacancies' conditions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only this kind: `guide`, `region` or `vacancy`.
    pub kind: Option<String>,
    /// Only this region id.
    pub region: Option<String>,
    /// Only documents in this language.
    pub lang: Option<String>,
    /// Only vacancies with housing.
    pub housing: bool,
    /// Only vacancies paying at least this much (KZT a month, by their upper figure).
    pub salary_at_least: Option<u64>,
}

/// The whole query: every word required (`all_words`) or any word enough, phrases required,
/// excluded words and filters applied.
pub fn build(
    fields: &Fields,
    parsed: &Parsed,
    filters: &Filters,
    all_words: bool,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let word_occur = if all_words {
        Occur::Must
    } else {
        Occur::Should
    };
    let mut any_words = Vec::new();
    for word in &parsed.words {
        if all_words {
            clauses.push((word_occur, word_query(fields, word)));
        } else {
            any_words.push((Occur::Should, word_query(fields, word)));
        }
    }
    if !any_words.is_empty() {
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any_words))));
    }
    if parsed.words.len() >= 2 {
        clauses.push((Occur::Should, proximity_query(fields, &parsed.words)));
    }
    for phrase in &parsed.phrases {
        clauses.push((Occur::Must, phrase_query(fields, phrase)));
    }
    // An excluded word is excluded in all its forms: `-doctor` also drops pages with `doctors`.
    for word in &parsed.excluded {
        let forms = query_forms(word);
        let keyed = [
            (&forms.fold, [fields.title_fold, fields.body_fold]),
            (&forms.stem, [fields.title_stem, fields.body_stem]),
        ];
        for (keys, targets) in keyed {
            for key in keys {
                for field in targets {
                    let query = TermQuery::new(term(field, key), IndexRecordOption::Basic);
                    clauses.push((Occur::MustNot, Box::new(query)));
                }
            }
        }
    }
    let basic = IndexRecordOption::Basic;
    if let Some(kind) = &filters.kind {
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(term(fields.kind, kind), basic)),
        ));
    }
    if let Some(region) = &filters.region {
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(term(fields.region, region), basic)),
        ));
    }
    if let Some(lang) = &filters.lang {
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(term(fields.lang, lang), basic)),
        ));
    }
    if filters.housing {
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_u64(fields.housing, 1),
                basic,
            )),
        ));
    }
    if let Some(min) = filters.salary_at_least {
        let range = RangeQuery::new(
            Bound::Included(Term::from_field_u64(fields.salary_max, min)),
            Bound::Unbounded,
        );
        clauses.push((Occur::Must, Box::new(range)));
    }
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_make_phrases_and_minus_excludes() {
        let parsed = parse("квота \"регион квотасы\" -Алматы");
        assert_eq!(parsed.words, ["квота"]);
        assert_eq!(
            parsed.phrases,
            [vec!["регион".to_owned(), "квотасы".to_owned()]]
        );
        assert_eq!(parsed.excluded, ["Алматы"]);
    }

    #[test]
    fn anything_typed_parses() {
        for input in [
            "",
            "\"",
            "-",
            "((**",
            "\"unclosed phrase",
            "a -\"b c\"",
            "---x",
            "\u{0}",
        ] {
            let _ = parse(input);
        }
        assert_eq!(parse("\"unclosed phrase").phrases.len(), 1);
        assert!(parse("!!! ...").is_empty());
    }
}
