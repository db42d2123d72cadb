//! How the leaves' scores make a ranking, shared by both readers: the lean reader and tantivy
//! evaluate the leaves of a [`Plan`], and this module adds their scores up in one fixed order
//! and sorts, so the two rank alike to the bit.
//!
//! A document's score is the sum, word by word in the order typed, of its word's leaf scores
//! (in leaf order), then the proximity bonuses, then the phrases'. Results come in tiers:
//! 1. documents with every *strong* word, in the reader's language;
//! 2. the same in other languages;
//! 3. documents with some of the words, in the reader's language;
//! 4. the same in other languages;
//!
//! and by score within a tier, then by document. A word is *weak* when a question is built of it
//! («как», «получить», "how", «қалай»; see `bagdar_analysis::is_question_word`): a page lacking
//! it still reaches the first tier, so in «как получить гражданство» the guide titled
//! «Гражданство» is not pushed below pages that happen to contain every word.

use std::collections::HashMap;

use crate::SearchError;
use crate::plan::{Field, Filters, Leaf, Plan};

/// A set of documents, as bits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocSet(Vec<u64>);

impl DocSet {
    /// No document of `max_doc`.
    pub fn empty(max_doc: u32) -> DocSet {
        DocSet(vec![0; (max_doc as usize).div_ceil(64)])
    }

    /// Documents `start..end`.
    pub fn insert_range(&mut self, start: u32, end: u32) {
        for doc in start..end {
            self.insert(doc);
        }
    }

    /// Adds a document (ignored past the end).
    pub fn insert(&mut self, doc: u32) {
        if let Some(word) = self.0.get_mut(doc as usize / 64) {
            *word |= 1 << (doc % 64);
        }
    }

    /// Whether the document is in the set.
    pub fn contains(&self, doc: u32) -> bool {
        self.0
            .get(doc as usize / 64)
            .is_some_and(|word| word & (1 << (doc % 64)) != 0)
    }

    /// How many documents are in the set.
    pub fn len(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
}

/// What a reader evaluates for the ranking.
pub trait Leaves {
    /// The documents a leaf matches, ascending, with their scores.
    fn matches(&mut self, leaf: &Leaf) -> Result<Vec<(u32, f32)>, SearchError>;
    /// The documents holding a term, ascending.
    fn docs_with(&mut self, field: Field, term: &str) -> Result<Vec<u32>, SearchError>;
    /// The documents that pass the filters (`None` when nothing is filtered).
    fn allowed(&mut self, filters: &Filters) -> Result<Option<DocSet>, SearchError>;
    /// The documents in a language.
    fn in_lang(&mut self, lang: &str) -> Result<DocSet, SearchError>;
    /// The number of documents.
    fn max_doc(&self) -> u32;
}

/// A ranked document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked {
    /// The document.
    pub doc: u32,
    /// Its score.
    pub score: f32,
    /// Its tier (0 first).
    pub tier: u8,
}

#[derive(Clone, Debug)]
struct Scores {
    words: Vec<f32>,
    hit: u32,
    proximity: f32,
    phrases: Vec<f32>,
    phrase_hit: u32,
}

/// Ranks every document the plan finds.
pub fn rank(plan: &Plan, leaves: &mut impl Leaves) -> Result<Vec<Ranked>, SearchError> {
    let max_doc = leaves.max_doc();
    let words = plan.words.len().min(32);
    let phrases = plan.phrases.len().min(32);
    let mut index: HashMap<u32, usize> = HashMap::new();
    let mut scores: Vec<Scores> = Vec::new();
    let empty = Scores {
        words: vec![0.0; words],
        hit: 0,
        proximity: 0.0,
        phrases: vec![0.0; phrases],
        phrase_hit: 0,
    };
    let mut at = |doc: u32, scores: &mut Vec<Scores>| -> usize {
        *index.entry(doc).or_insert_with(|| {
            scores.push(empty.clone());
            scores.len() - 1
        })
    };
    for (w, word) in plan.words.iter().take(words).enumerate() {
        for leaf in word {
            for (doc, score) in leaves.matches(leaf)? {
                let i = at(doc, &mut scores);
                scores[i].words[w] += score;
                scores[i].hit |= 1 << w;
            }
        }
    }
    for (p, phrase) in plan.phrases.iter().take(phrases).enumerate() {
        for leaf in phrase {
            for (doc, score) in leaves.matches(leaf)? {
                let i = at(doc, &mut scores);
                scores[i].phrases[p] += score;
                scores[i].phrase_hit |= 1 << p;
            }
        }
    }
    for leaf in &plan.proximity {
        for (doc, score) in leaves.matches(leaf)? {
            if let Some(&i) = index.get(&doc) {
                scores[i].proximity += score;
            }
        }
    }
    let mut excluded = DocSet::empty(max_doc);
    for (field, term) in &plan.excluded {
        for doc in leaves.docs_with(*field, term)? {
            excluded.insert(doc);
        }
    }
    let allowed = leaves.allowed(&plan.filters)?;
    let preferred = match &plan.preferred {
        Some(lang) => Some(leaves.in_lang(lang)?),
        None => None,
    };
    let strong: u32 = (0..words)
        .filter(|w| !plan.weak.get(*w).copied().unwrap_or(false))
        .fold(0, |mask, w| mask | 1 << w);
    let all_phrases: u32 = if phrases == 0 {
        0
    } else {
        u32::MAX >> (32 - phrases)
    };
    let mut ranked = Vec::with_capacity(index.len());
    for (&doc, &i) in &index {
        let s = &scores[i];
        let accepted = s.phrase_hit == all_phrases
            && (words == 0 || s.hit != 0)
            && !excluded.contains(doc)
            && allowed.as_ref().is_none_or(|a| a.contains(doc));
        if !accepted {
            continue;
        }
        let mut score = 0.0f32;
        for word in &s.words {
            score += word;
        }
        score += s.proximity;
        for phrase in &s.phrases {
            score += phrase;
        }
        let full = s.hit & strong == strong;
        let mut tier = if full { 0 } else { 2 };
        if preferred.as_ref().is_some_and(|p| !p.contains(doc)) {
            tier += 1;
        }
        ranked.push(Ranked { doc, score, tier });
    }
    ranked.sort_by(|a, b| {
        a.tier
            .cmp(&b.tier)
            .then(b.score.total_cmp(&a.score))
            .then(a.doc.cmp(&b.doc))
    });
    Ok(ranked)
}
