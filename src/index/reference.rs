//! The reference reader: tantivy itself, over the bundled files, as `bagdar search` reads the
//! index. It evaluates each leaf of a query's plan with tantivy's own queries (term queries
//! boosted, phrase queries, the Levenshtein automaton of its fuzzy query over the term
//! dictionary) and ranks with the same code as the lean reader (`bagdar_search::rank`), so the
//! parity tests can hold the lean reader to tantivy leaf by leaf and result by result.

use std::path::Path;

use bagdar_search::plan::{self, Field, Filters, Leaf, LeafKind};
use bagdar_search::rank::{self, DocSet, Leaves};
use bagdar_search::{Request, Response, SearchError, Stored, hit, query};
use tantivy::query::{BoostQuery, EnableScoring, FuzzyTermQuery, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet as _, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::index::directory::{BundleDirectory, ChunkSource, FolderSource, LISTING, Listing};
use crate::index::schema::{self, Fields};

/// An opened index.
pub struct Reference {
    reader: IndexReader,
    fields: Fields,
    directory: BundleDirectory,
}

fn error(e: impl std::fmt::Display) -> SearchError {
    SearchError(e.to_string())
}

/// Runs `work`, turning a panic into an error. Chunks are checked against their names, but a
/// listing damaged to match damaged chunks reaches tantivy, which asserts on malformed index
/// files instead of returning errors.
fn guarded<T>(work: impl FnOnce() -> Result<T, SearchError>) -> Result<T, SearchError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(SearchError(
            "the search index is damaged: rebuild the site and upload it whole".to_owned(),
        ))
    })
}

impl Reference {
    /// Opens the index in a built site's search folder.
    pub fn open_folder(folder: &Path) -> Result<Reference, SearchError> {
        let path = folder.join(LISTING);
        let listing: Listing = std::fs::read(&path)
            .map_err(|e| SearchError(format!("{}: {e}", path.display())))
            .and_then(|bytes| {
                serde_json::from_slice(&bytes)
                    .map_err(|e| SearchError(format!("{}: {e}", path.display())))
            })?;
        let chunks = folder.join(bagdar_search::manifest::CHUNKS_DIR);
        Reference::open(listing, Box::new(FolderSource(chunks)))
    }

    /// Opens the index described by `listing`, reading chunks from `source`.
    pub fn open(listing: Listing, source: Box<dyn ChunkSource>) -> Result<Reference, SearchError> {
        let directory = BundleDirectory::new(listing, source);
        let (reader, fields) = guarded(|| {
            let index = Index::open(directory.clone()).map_err(error)?;
            let fields = schema::fields_of(&index.schema()).map_err(error)?;
            let reader = index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()
                .map_err(error)?;
            Ok((reader, fields))
        })?;
        Ok(Reference {
            reader,
            fields,
            directory,
        })
    }

    /// (chunks, bytes) read so far.
    pub fn fetched(&self) -> (u64, u64) {
        self.directory.fetched()
    }

    /// Searches.
    pub fn search(&self, request: &Request) -> Result<Response, SearchError> {
        guarded(|| {
            let parsed = query::parse(&request.query);
            if parsed.is_empty() || request.limit == 0 {
                return Ok(Response {
                    hits: Vec::new(),
                    truncated: parsed.truncated,
                });
            }
            let plan = plan::plan(&parsed, &request.filters, request.lang.as_deref());
            let mut leaves = self.leaves();
            let ranked = rank::rank(&plan, &mut leaves)?;
            let (hits, _) = hit::select(&ranked, request.limit, &parsed, |doc| {
                self.stored(doc).map(Some)
            })?;
            Ok(Response {
                hits,
                truncated: parsed.truncated,
            })
        })
    }

    /// The leaf evaluator (for the parity tests).
    pub fn leaves(&self) -> ReferenceLeaves<'_> {
        ReferenceLeaves {
            reference: self,
            searcher: self.reader.searcher(),
        }
    }

    /// A document's stored fields.
    pub fn stored(&self, doc: u32) -> Result<Stored, SearchError> {
        let searcher = self.reader.searcher();
        let document: TantivyDocument = searcher.doc(DocAddress::new(0, doc)).map_err(error)?;
        let text = |field| {
            document
                .get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        Ok(Stored {
            url: text(self.fields.url),
            title: text(self.fields.title),
            section: text(self.fields.section),
            excerpt: text(self.fields.excerpt),
            kind: text(self.fields.kind),
            region: text(self.fields.region),
            lang: text(self.fields.lang_stored),
        })
    }

    /// The number of documents.
    pub fn max_doc(&self) -> u32 {
        self.reader
            .searcher()
            .segment_readers()
            .first()
            .map_or(0, |s| s.max_doc())
    }
}

/// tantivy evaluating the leaves of a plan.
pub struct ReferenceLeaves<'a> {
    reference: &'a Reference,
    searcher: tantivy::Searcher,
}

impl ReferenceLeaves<'_> {
    fn term(&self, field: Field, text: &str) -> Term {
        Term::from_field_text(self.reference.fields.word(field), text)
    }

    fn collect(&self, query: &dyn Query) -> Result<Vec<(u32, f32)>, SearchError> {
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(&self.searcher))
            .map_err(error)?;
        let mut out = Vec::new();
        for segment in self.searcher.segment_readers() {
            weight
                .for_each(segment, &mut |doc, score| out.push((doc, score)))
                .map_err(error)?;
        }
        out.sort_by_key(|(doc, _)| *doc);
        Ok(out)
    }

    fn docs_of_term(&self, term: &Term) -> Result<Vec<u32>, SearchError> {
        let mut out = Vec::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(term.field()).map_err(error)?;
            if let Some(mut postings) = inverted
                .read_postings(term, IndexRecordOption::Basic)
                .map_err(error)?
            {
                let mut doc = postings.doc();
                while doc != tantivy::TERMINATED {
                    out.push(doc);
                    doc = postings.advance();
                }
            }
        }
        Ok(out)
    }

    /// The terms of `field` the fuzzy leaf matches: tantivy's Levenshtein automaton over the
    /// dictionary, then Bagdar's rule that the first letter be right.
    pub fn fuzzy_terms(
        &self,
        field: Field,
        text: &str,
        distance: u8,
    ) -> Result<Vec<String>, SearchError> {
        let automaton = FuzzyTermQuery::new(self.term(field, text), distance, true)
            .automaton()
            .map_err(error)?;
        let first = text.chars().next();
        let mut out = Vec::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment
                .inverted_index(self.reference.fields.word(field))
                .map_err(error)?;
            let mut stream = inverted
                .terms()
                .search(&automaton)
                .into_stream()
                .map_err(error)?;
            while stream.advance() {
                let term = String::from_utf8_lossy(stream.key()).into_owned();
                if term.chars().next() == first {
                    out.push(term);
                }
            }
        }
        Ok(out)
    }

    fn filter_docs(
        &self,
        field: tantivy::schema::Field,
        value: &str,
    ) -> Result<DocSet, SearchError> {
        let mut set = DocSet::empty(self.max_doc());
        for doc in self.docs_of_term(&Term::from_field_text(field, value))? {
            set.insert(doc);
        }
        Ok(set)
    }
}

impl Leaves for ReferenceLeaves<'_> {
    fn matches(&mut self, leaf: &Leaf) -> Result<Vec<(u32, f32)>, SearchError> {
        match &leaf.kind {
            LeafKind::Term(text) => {
                let query =
                    TermQuery::new(self.term(leaf.field, text), IndexRecordOption::WithFreqs);
                self.collect(&BoostQuery::new(Box::new(query), leaf.boost))
            }
            LeafKind::Phrase { terms, slop } => {
                let terms: Vec<(usize, Term)> = terms
                    .iter()
                    .map(|(offset, text)| (*offset as usize, self.term(leaf.field, text)))
                    .collect();
                let query = PhraseQuery::new_with_offset_and_slop(terms, *slop);
                self.collect(&BoostQuery::new(Box::new(query), leaf.boost))
            }
            LeafKind::Fuzzy { text, distance } => {
                let mut docs = std::collections::BTreeSet::new();
                for term in self.fuzzy_terms(leaf.field, text, *distance)? {
                    docs.extend(self.docs_of_term(&self.term(leaf.field, &term))?);
                }
                Ok(docs.into_iter().map(|doc| (doc, leaf.boost)).collect())
            }
        }
    }

    fn docs_with(&mut self, field: Field, term: &str) -> Result<Vec<u32>, SearchError> {
        self.docs_of_term(&self.term(field, term))
    }

    fn allowed(&mut self, filters: &Filters) -> Result<Option<DocSet>, SearchError> {
        let fields = &self.reference.fields;
        let mut sets = Vec::new();
        for (field, value) in [
            (fields.kind, &filters.kind),
            (fields.region, &filters.region),
            (fields.lang, &filters.lang),
        ] {
            if let Some(value) = value {
                sets.push(self.filter_docs(field, value)?);
            }
        }
        let Some(mut allowed) = sets.pop() else {
            return Ok(None);
        };
        for other in sets {
            let mut both = DocSet::empty(self.max_doc());
            for doc in 0..self.max_doc() {
                if allowed.contains(doc) && other.contains(doc) {
                    both.insert(doc);
                }
            }
            allowed = both;
        }
        Ok(Some(allowed))
    }

    fn in_lang(&mut self, lang: &str) -> Result<DocSet, SearchError> {
        self.filter_docs(self.reference.fields.lang, lang)
    }

    fn max_doc(&self) -> u32 {
        self.reference.max_doc()
    }
}
