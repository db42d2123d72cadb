//! The leaves of a plan answered from the files the searcher holds: terms, phrases, fuzzy
//! terms and the filters.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{Found, Searcher, damaged};
use crate::SearchError;
use crate::bm25::{Bm25, idf};
use crate::bytes::Damaged;
use crate::plan::{Field, Filters, Leaf, LeafKind};
use crate::rank::{DocSet, Leaves};
use crate::{phrase, positions};

/// The terms a plan reads, found.
#[derive(Default)]
pub(super) struct Lookups {
    pub(super) terms: HashMap<(Field, String), Option<Found>>,
    /// Terms whose positions are read.
    pub(super) positions: HashSet<(Field, String)>,
    pub(super) fuzzy: HashMap<(Field, String, u8), Vec<Found>>,
}

pub(super) struct LeanLeaves<'a> {
    pub(super) searcher: &'a mut Searcher,
    pub(super) found: &'a Lookups,
}

impl LeanLeaves<'_> {
    fn found(&self, field: Field, text: &str) -> Option<&Found> {
        self.found
            .terms
            .get(&(field, text.to_owned()))
            .and_then(Option::as_ref)
    }

    fn term(
        &mut self,
        field: Field,
        text: &str,
        boost: f32,
    ) -> Result<Vec<(u32, f32)>, SearchError> {
        let Some(found) = self.found(field, text).cloned() else {
            return Ok(Vec::new());
        };
        let postings = self.searcher.postings_of(&found)?;
        let bm25 = Bm25::new(
            idf(
                u64::from(found.entry.doc_freq),
                u64::from(self.searcher.manifest.docs),
            ),
            self.searcher.average_fieldnorm(field),
            boost,
        );
        let mut out = Vec::with_capacity(postings.docs.len());
        for (&doc, &freq) in postings.docs.iter().zip(&postings.freqs) {
            out.push((doc, bm25.score(self.searcher.norm(field, doc)?, freq)));
        }
        Ok(out)
    }

    fn phrase(
        &mut self,
        field: Field,
        terms: &[(u32, String)],
        slop: u32,
        boost: f32,
    ) -> Result<Vec<(u32, f32)>, SearchError> {
        let mut parts = Vec::with_capacity(terms.len());
        for (offset, text) in terms {
            let Some(found) = self.found(field, text).cloned() else {
                return Ok(Vec::new());
            };
            let postings = self.searcher.postings_of(&found)?;
            let total: usize = postings.freqs.iter().map(|f| *f as usize).sum();
            let gaps = self.searcher.gaps_of(&found, total)?;
            let mut starts = Vec::with_capacity(postings.docs.len());
            let mut at = 0usize;
            for freq in &postings.freqs {
                starts.push(at);
                at += *freq as usize;
            }
            parts.push((*offset, found.entry.doc_freq, postings, gaps, starts));
        }
        let docs = u64::from(self.searcher.manifest.docs);
        let mut idf_sum = 0.0f32;
        for part in &parts {
            idf_sum += idf(u64::from(part.1), docs);
        }
        let bm25 = Bm25::new(idf_sum, self.searcher.average_fieldnorm(field), boost);
        let max_offset = parts.iter().map(|p| p.0).max().unwrap_or(0);
        // tantivy intersects the lists fewest documents first, ties in phrase order.
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by_key(|&i| parts[i].1);
        let (lead, others) = order.split_first().map_or((0, &[][..]), |(l, o)| (*l, o));
        let mut out = Vec::new();
        'docs: for (index, &doc) in parts[lead].2.docs.iter().enumerate() {
            let mut at = vec![0usize; parts.len()];
            at[lead] = index;
            for &other in others {
                match parts[other].2.docs.binary_search(&doc) {
                    Ok(i) => at[other] = i,
                    Err(_) => continue 'docs,
                }
            }
            let mut lists = Vec::with_capacity(order.len());
            for &i in &order {
                let (offset, _, postings, gaps, starts) = &parts[i];
                let list = positions::of_document(
                    gaps,
                    starts[at[i]],
                    postings.freqs[at[i]],
                    max_offset - offset,
                )
                .ok_or_else(|| damaged(Damaged("positions end early")))?;
                lists.push(list);
            }
            let count = phrase::count(&lists, slop);
            if count > 0 {
                out.push((doc, bm25.score(self.searcher.norm(field, doc)?, count)));
            }
        }
        Ok(out)
    }
}

impl Leaves for LeanLeaves<'_> {
    fn matches(&mut self, leaf: &Leaf) -> Result<Vec<(u32, f32)>, SearchError> {
        match &leaf.kind {
            LeafKind::Term(text) => self.term(leaf.field, text, leaf.boost),
            LeafKind::Phrase { terms, slop } => self.phrase(leaf.field, terms, *slop, leaf.boost),
            LeafKind::Fuzzy { text, distance } => {
                let candidates = self
                    .found
                    .fuzzy
                    .get(&(leaf.field, text.clone(), *distance))
                    .cloned()
                    .unwrap_or_default();
                let mut docs = BTreeSet::new();
                for found in &candidates {
                    docs.extend(self.searcher.postings_of(found)?.docs.iter().copied());
                }
                Ok(docs.into_iter().map(|doc| (doc, leaf.boost)).collect())
            }
        }
    }

    fn docs_with(&mut self, field: Field, term: &str) -> Result<Vec<u32>, SearchError> {
        match self.found(field, term).cloned() {
            Some(found) => Ok(self.searcher.postings_of(&found)?.docs.clone()),
            None => Ok(Vec::new()),
        }
    }

    fn allowed(&mut self, filters: &Filters) -> Result<Option<DocSet>, SearchError> {
        if filters.kind.is_none() && filters.region.is_none() && filters.lang.is_none() {
            return Ok(None);
        }
        let manifest = &self.searcher.manifest;
        let mut set = DocSet::empty(manifest.docs);
        let name = |list: &[String], index: usize| list.get(index).cloned();
        for range in &manifest.ranges {
            let lang = name(&manifest.langs, usize::from(range.lang));
            let kind = name(&manifest.kinds, usize::from(range.kind));
            let region = usize::from(range.region)
                .checked_sub(1)
                .and_then(|i| name(&manifest.regions, i));
            let passes = filters
                .lang
                .as_ref()
                .is_none_or(|l| lang.as_ref() == Some(l))
                && filters
                    .kind
                    .as_ref()
                    .is_none_or(|k| kind.as_ref() == Some(k))
                && filters
                    .region
                    .as_ref()
                    .is_none_or(|r| region.as_ref() == Some(r));
            if passes {
                set.insert_range(range.start, range.end);
            }
        }
        Ok(Some(set))
    }

    fn in_lang(&mut self, lang: &str) -> Result<DocSet, SearchError> {
        let manifest = &self.searcher.manifest;
        let mut set = DocSet::empty(manifest.docs);
        for range in &manifest.ranges {
            if manifest
                .langs
                .get(usize::from(range.lang))
                .is_some_and(|l| l == lang)
            {
                set.insert_range(range.start, range.end);
            }
        }
        Ok(set)
    }

    fn max_doc(&self) -> u32 {
        self.searcher.manifest.docs
    }
}
