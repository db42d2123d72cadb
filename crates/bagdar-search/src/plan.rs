//! What a search looks for, as leaves both readers evaluate: the lean reader in the browser
//! and tantivy in `bagdar search`. The plan is made here once, so both read the same terms
//! with the same boosts; how leaf scores add up is in [`crate::rank`], shared too.
//!
//! Each word matches if any of its forms is in a title or body field; exact forms weigh most,
//! then fold keys, then stems, so `қандастар` finds pages with `кандастар` and `қандастарға`
//! but ranks the exact word first. Titles weigh more than bodies. Longer words also match
//! with a typo, at a weight too low to pass an exact hit. Words standing close together in
//! the order typed earn a bonus; quoted phrases must appear as typed.

use bagdar_analysis::{QueryForms, query_forms};

use crate::fuzzy;
use crate::query::Parsed;
use crate::terms::Table;

/// The word fields of the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Title words, lowercased.
    TitleExact,
    /// Title words, fold keys.
    TitleFold,
    /// Title words, stems.
    TitleStem,
    /// Body words, lowercased.
    BodyExact,
    /// Body words, fold keys.
    BodyFold,
    /// Body words, stems.
    BodyStem,
}

impl Field {
    /// Every word field, in schema order.
    pub const ALL: [Field; 6] = [
        Field::TitleExact,
        Field::TitleFold,
        Field::TitleStem,
        Field::BodyExact,
        Field::BodyFold,
        Field::BodyStem,
    ];

    /// The field's name in the schema.
    pub fn name(self) -> &'static str {
        match self {
            Field::TitleExact => "title_exact",
            Field::TitleFold => "title_fold",
            Field::TitleStem => "title_stem",
            Field::BodyExact => "body_exact",
            Field::BodyFold => "body_fold",
            Field::BodyStem => "body_stem",
        }
    }

    /// The term table its terms are in.
    pub fn table(self) -> Table {
        match self {
            Field::TitleFold | Field::BodyFold => Table::Fold,
            _ => Table::Words,
        }
    }
}

/// How a leaf matches and scores.
#[derive(Clone, Debug, PartialEq)]
pub enum LeafKind {
    /// The term, scored by BM25.
    Term(String),
    /// Any term within `distance` edits of the text, with the same first letter; every
    /// matching document scores the boost.
    Fuzzy {
        /// The query word's fold key.
        text: String,
        /// Edits allowed.
        distance: u8,
    },
    /// The terms at their offsets, at most `slop` positions off in all, scored by BM25 of the
    /// phrase's frequency.
    Phrase {
        /// (offset, term), offsets ascending.
        terms: Vec<(u32, String)>,
        /// Positions the phrase may be stretched by.
        slop: u32,
    },
}

/// One thing to look up, in one field, with its weight.
#[derive(Clone, Debug, PartialEq)]
pub struct Leaf {
    /// The field.
    pub field: Field,
    /// The weight its scores are multiplied by.
    pub boost: f32,
    /// What it matches.
    pub kind: LeafKind,
}

/// Filters on documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only this kind: `guide`, `region` or `vacancy`.
    pub kind: Option<String>,
    /// Only this region id.
    pub region: Option<String>,
    /// Only documents in this language.
    pub lang: Option<String>,
}

/// A whole search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Per plain word, its leaves: the word matches a document if any leaf does.
    pub words: Vec<Vec<Leaf>>,
    /// Per plain word, whether it is one a question is built of («как», "how", «қалай»):
    /// results need not contain it to come in the first tier.
    pub weak: Vec<bool>,
    /// Bonuses for words standing close together.
    pub proximity: Vec<Leaf>,
    /// Per quoted phrase, its variants: one must match.
    pub phrases: Vec<Vec<Leaf>>,
    /// Terms no result may contain.
    pub excluded: Vec<(Field, String)>,
    /// Filters every result passes.
    pub filters: Filters,
    /// The reader's language, whose documents come first (unless a language filter is set).
    pub preferred: Option<String>,
}

/// Weights of the forms and fields.
const EXACT: f32 = 4.0;
const FOLD: f32 = 2.0;
const STEM: f32 = 1.0;
const TITLE: f32 = 3.0;
const BODY: f32 = 1.0;
const FUZZY: f32 = 0.15;
const PROXIMITY: f32 = 6.0;
/// Positions the proximity bonus allows between the words.
const PROXIMITY_SLOP: u32 = 2;

/// The plan of a parsed query.
pub fn plan(parsed: &Parsed, filters: &Filters, preferred: Option<&str>) -> Plan {
    let word_fields = [
        (Field::TitleExact, Field::TitleFold, Field::TitleStem, TITLE),
        (Field::BodyExact, Field::BodyFold, Field::BodyStem, BODY),
    ];
    let mut plan = Plan {
        filters: filters.clone(),
        preferred: preferred
            .filter(|_| filters.lang.is_none())
            .map(str::to_owned),
        ..Plan::default()
    };
    let all_weak = parsed
        .words
        .iter()
        .all(|w| bagdar_analysis::is_question_word(w));
    for word in &parsed.words {
        plan.weak
            .push(!all_weak && bagdar_analysis::is_question_word(word));
        let forms = query_forms(word);
        let mut leaves = Vec::new();
        for (exact, fold, stem, weight) in word_fields {
            for text in &forms.exact {
                leaves.push(term(exact, text, EXACT * weight));
            }
            for text in &forms.fold {
                leaves.push(term(fold, text, FOLD * weight));
                if let Some(distance) = fuzzy::distance_for(text.chars().count()) {
                    leaves.push(Leaf {
                        field: fold,
                        boost: FUZZY * weight,
                        kind: LeafKind::Fuzzy {
                            text: text.clone(),
                            distance,
                        },
                    });
                }
            }
            for text in &forms.stem {
                leaves.push(term(stem, text, STEM * weight));
            }
        }
        plan.words.push(leaves);
    }
    // The bonus for words standing close together counts the words that carry the query: in
    // «вид на жительство», «вид … жительство».
    let carrying: Vec<&String> = parsed
        .words
        .iter()
        .zip(&plan.weak)
        .filter(|(_, weak)| !**weak)
        .map(|(word, _)| word)
        .collect();
    if carrying.len() >= 2 {
        let forms: Vec<QueryForms> = carrying.iter().map(|w| query_forms(w)).collect();
        for variant in language_variants(&forms, |(_, stem)| stem) {
            for (field, weight) in [(Field::TitleStem, TITLE), (Field::BodyStem, BODY)] {
                plan.proximity.push(Leaf {
                    field,
                    boost: PROXIMITY * weight,
                    kind: LeafKind::Phrase {
                        terms: offsets(&variant),
                        slop: PROXIMITY_SLOP,
                    },
                });
            }
        }
    }
    for phrase in &parsed.phrases {
        let forms: Vec<QueryForms> = phrase.iter().map(|w| query_forms(w)).collect();
        let mut leaves = Vec::new();
        for variant in language_variants(&forms, |(fold, _)| fold) {
            for (field, weight) in [(Field::TitleFold, TITLE), (Field::BodyFold, BODY)] {
                leaves.push(Leaf {
                    field,
                    boost: EXACT * weight,
                    kind: LeafKind::Phrase {
                        terms: offsets(&variant),
                        slop: 0,
                    },
                });
            }
        }
        plan.phrases.push(leaves);
    }
    // An excluded word is excluded in all its forms: `-doctor` also drops pages with `doctors`.
    for word in &parsed.excluded {
        let forms = query_forms(word);
        for (keys, fields) in [
            (&forms.fold, [Field::TitleFold, Field::BodyFold]),
            (&forms.stem, [Field::TitleStem, Field::BodyStem]),
        ] {
            for key in keys {
                for field in fields {
                    plan.excluded.push((field, key.clone()));
                }
            }
        }
    }
    plan
}

fn term(field: Field, text: &str, boost: f32) -> Leaf {
    Leaf {
        field,
        boost,
        kind: LeafKind::Term(text.to_owned()),
    }
}

fn offsets(terms: &[String]) -> Vec<(u32, String)> {
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| (i as u32, t.clone()))
        .collect()
}

/// The distinct ways the words read when all are taken as one language (`pick` chooses the
/// fold or the stem); a phrase of one word is no phrase.
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
        if variant.len() >= 2
            && variant.iter().all(|t| !t.is_empty())
            && !variants.contains(&variant)
        {
            variants.push(variant);
        }
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    #[test]
    fn a_word_looks_in_every_form_and_field_and_long_words_allow_a_typo() {
        let plan = plan(&parse("қандастар"), &Filters::default(), Some("kk"));
        assert_eq!(plan.words.len(), 1);
        let leaves = &plan.words[0];
        assert!(leaves.contains(&term(Field::TitleExact, "қандастар", 12.0)));
        assert!(leaves.contains(&term(Field::BodyFold, "kandastar", 2.0)));
        assert!(
            leaves
                .iter()
                .any(|l| l.field == Field::BodyStem && l.kind == LeafKind::Term("kandas".into()))
        );
        assert!(
            leaves
                .iter()
                .any(|l| matches!(&l.kind, LeafKind::Fuzzy { distance: 2, .. }))
        );
        assert!(plan.proximity.is_empty());
        assert_eq!(plan.preferred.as_deref(), Some("kk"));
    }

    #[test]
    fn phrases_proximity_and_exclusions() {
        let plan = plan(
            &parse("квота \"регион квотасы\" -Алматы жер"),
            &Filters::default(),
            None,
        );
        assert_eq!(plan.words.len(), 2);
        assert!(!plan.proximity.is_empty());
        assert!(
            plan.proximity.iter().all(
                |l| matches!(&l.kind, LeafKind::Phrase { slop: 2, terms } if terms.len() == 2)
            )
        );
        assert_eq!(plan.phrases.len(), 1);
        assert!(
            plan.excluded
                .contains(&(Field::BodyFold, "almati".to_owned()))
        );
        let lang_filter = Filters {
            lang: Some("ru".into()),
            ..Filters::default()
        };
        assert_eq!(
            super::plan(&parse("квота"), &lang_filter, Some("kk")).preferred,
            None
        );
    }
}
