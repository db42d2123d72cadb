//! Bagdar's search runtime: it opens a bundled index (see [`bundle`]) through a
//! [`ChunkSource`] and answers queries. The same code runs in `bagdar search` (chunks read
//! from the output folder) and in the browser (chunks fetched from the web server), with the
//! same analysis as at indexing.

pub mod bundle;
pub mod directory;
pub mod layout;
pub mod query;
pub mod schema;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

pub use crate::bundle::Manifest;
#[cfg(not(target_arch = "wasm32"))]
pub use crate::directory::FolderSource;
pub use crate::directory::{BundleDirectory, ChunkSource};
pub use crate::query::{Filters, Parsed};
use crate::schema::Fields;

/// One result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The page path relative to the site root, with the section's `#anchor`.
    pub url: String,
    /// The page title.
    pub title: String,
    /// The section heading, when the hit is a section of a page.
    pub section: Option<String>,
    /// The language of the page.
    pub lang: String,
    /// `guide`, `region` or `vacancy`.
    pub kind: String,
    /// The region id, if any.
    pub region: Option<String>,
    /// The relevance score (higher is better).
    pub score: f32,
    /// The start of the text.
    pub excerpt: String,
    /// The excerpt cut into pieces, those that match a query word marked, for highlighting.
    pub snippet: Vec<Piece>,
}

/// A piece of a snippet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Whether it matches a word of the query.
    pub mark: bool,
}

/// Cuts `text` into pieces, marking the words whose fold key or stem is one of the query's.
pub fn highlight(text: &str, language: bagdar_analysis::Language, parsed: &Parsed) -> Vec<Piece> {
    let words = parsed.words.iter().chain(parsed.phrases.iter().flatten());
    let mut keys = std::collections::HashSet::new();
    for word in words {
        let forms = bagdar_analysis::query_forms(word);
        keys.extend(forms.fold);
        keys.extend(forms.stem);
    }
    let mut pieces = Vec::new();
    let mut at = 0;
    for token in bagdar_analysis::analyze(text, language) {
        let end = token.offset + token.exact.len().min(text.len() - token.offset);
        let Some(word) = text.get(token.offset..end) else {
            continue;
        };
        if !(keys.contains(&token.fold) || keys.contains(&token.stem)) {
            continue;
        }
        if token.offset > at {
            pieces.push(Piece {
                text: text[at..token.offset].to_owned(),
                mark: false,
            });
        }
        pieces.push(Piece {
            text: word.to_owned(),
            mark: true,
        });
        at = end;
    }
    if at < text.len() {
        pieces.push(Piece {
            text: text[at..].to_owned(),
            mark: false,
        });
    }
    pieces
}

fn language_of(code: &str) -> bagdar_analysis::Language {
    match code {
        "ru" => bagdar_analysis::Language::Ru,
        "en" => bagdar_analysis::Language::En,
        _ => bagdar_analysis::Language::Kk,
    }
}

/// What went wrong opening or searching an index.
#[derive(Debug)]
pub struct SearchError(pub String);

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SearchError {}

impl From<tantivy::TantivyError> for SearchError {
    fn from(error: tantivy::TantivyError) -> Self {
        SearchError(error.to_string())
    }
}

/// Runs `work`, turning a panic into an error. Chunks are checked against their names, but a
/// manifest damaged to match damaged chunks reaches tantivy, which asserts on malformed index
/// files instead of returning errors (found by fuzz/chunk_reader). Natively the panic becomes
/// this error; in the browser runtime (`panic = "abort"`) the worker traps and the page says
/// the search could not be loaded.
fn guarded<T>(work: impl FnOnce() -> Result<T, SearchError>) -> Result<T, SearchError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(SearchError(
            "the search index is damaged: rebuild the site and upload it whole".to_owned(),
        ))
    })
}

/// An opened index.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    directory: BundleDirectory,
}

/// What a planned search gives: the hits, or the chunks to fetch before asking again.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The results.
    Hits(Vec<Hit>),
    /// Chunk names to get ready first.
    Need(Vec<String>),
}

/// What to search for and how many results to return.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// What the visitor typed.
    pub query: String,
    /// The reader's language: its results come first, and `{lang}` URLs use it.
    pub lang: Option<String>,
    /// Filters.
    pub filters: Filters,
    /// At most this many hits.
    pub limit: usize,
}

impl Searcher {
    /// Opens the build described by `manifest`, reading chunks from `source`.
    pub fn open(manifest: Manifest, source: Box<dyn ChunkSource>) -> Result<Searcher, SearchError> {
        if manifest.version != bundle::VERSION {
            return Err(SearchError(format!(
                "the index has format {}, this runtime reads format {}",
                manifest.version,
                bundle::VERSION
            )));
        }
        let directory = BundleDirectory::new(manifest, source);
        let (reader, fields) = guarded(|| {
            let index = Index::open(directory.clone())?;
            let fields = schema::fields_of(&index.schema())?;
            let reader = index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()?;
            Ok((reader, fields))
        })?;
        Ok(Searcher {
            reader,
            fields,
            directory,
        })
    }

    /// (chunks, bytes) read so far.
    pub fn fetched(&self) -> (u64, u64) {
        self.directory.fetched()
    }

    /// Searches. Pages with every word come first; when they are fewer than the limit, pages
    /// with some of the words follow. Within each, results in the reader's language come
    /// first. Chunks are fetched from the source as they are read.
    pub fn search(&self, request: &Request) -> Result<Vec<Hit>, SearchError> {
        match guarded(|| self.run(request, false))? {
            Outcome::Hits(hits) => Ok(hits),
            Outcome::Need(_) => Err(SearchError(
                "a search without a plan asked for chunks".into(),
            )),
        }
    }

    /// Searches like [`Searcher::search`], but first names the chunks the search will read
    /// that the source has not got ready: the postings and positions of the query's terms,
    /// then the stored blocks of the hits. A browser fetches them all at once and asks again,
    /// instead of paying one round trip per chunk. Terms found only by typo tolerance are
    /// not planned; they are read as they come.
    pub fn search_planned(&self, request: &Request) -> Result<Outcome, SearchError> {
        guarded(|| self.run(request, true))
    }

    fn run(&self, request: &Request, plan: bool) -> Result<Outcome, SearchError> {
        let parsed = query::parse(&request.query);
        if parsed.is_empty() || request.limit == 0 {
            return Ok(Outcome::Hits(Vec::new()));
        }
        let passes = Self::passes(&parsed, request);
        if plan {
            let need = self.postings_needed(&parsed, &passes)?;
            if !need.is_empty() {
                return Ok(Outcome::Need(need));
            }
        }
        let mut need = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();
        let searcher = self.reader.searcher();
        for (filters, all_words) in &passes {
            if hits.len() >= request.limit {
                break;
            }
            let query = query::build(&self.fields, &parsed, filters, *all_words);
            let top = searcher.search(
                &query,
                &TopDocs::with_limit(request.limit + hits.len()).order_by_score(),
            )?;
            let mut added = 0;
            for (score, address) in top {
                if hits.len() + added >= request.limit {
                    break;
                }
                if plan {
                    let block = self.directory.layout().stored(address.doc_id);
                    let missing = self.directory.missing(block);
                    if !missing.is_empty() {
                        for name in missing {
                            if !need.contains(&name) {
                                need.push(name);
                            }
                        }
                        added += 1;
                        continue;
                    }
                }
                let doc: TantivyDocument = searcher.doc(address)?;
                let hit = self.hit(&doc, score, request.lang.as_deref(), &parsed);
                if !hits.iter().any(|h| h.url == hit.url) {
                    hits.push(hit);
                }
            }
            if !need.is_empty() {
                return Ok(Outcome::Need(need));
            }
        }
        Ok(Outcome::Hits(hits))
    }

    /// The queries a search runs, in order, as (filters, every word required): the reader's
    /// language first, then all languages; pages with every word, then with some.
    fn passes(parsed: &Parsed, request: &Request) -> Vec<(Filters, bool)> {
        let preferred = request
            .lang
            .as_deref()
            .filter(|_| request.filters.lang.is_none());
        let mut filters = Vec::new();
        if let Some(lang) = preferred {
            filters.push(Filters {
                lang: Some(lang.to_owned()),
                ..request.filters.clone()
            });
        }
        filters.push(request.filters.clone());
        let mut passes: Vec<(Filters, bool)> = filters.iter().map(|f| (f.clone(), true)).collect();
        if parsed.words.len() >= 2 {
            passes.extend(filters.into_iter().map(|f| (f, false)));
        }
        passes
    }

    /// The chunks holding the postings (and, for phrases, positions) of every term the
    /// passes' queries name, that are not ready yet.
    fn postings_needed(
        &self,
        parsed: &Parsed,
        passes: &[(Filters, bool)],
    ) -> Result<Vec<String>, SearchError> {
        let layout = self.directory.layout();
        if layout.postings.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let [segment] = searcher.segment_readers() else {
            return Ok(Vec::new());
        };
        let mut terms: Vec<(tantivy::Term, bool)> = Vec::new();
        for (filters, all_words) in passes {
            let query = query::build(&self.fields, parsed, filters, *all_words);
            query.query_terms(&mut |term, positions| {
                if !terms.iter().any(|(t, p)| t == term && *p == positions) {
                    terms.push((term.clone(), positions));
                }
            });
        }
        let mut ranges = Vec::new();
        for (term, positions) in &terms {
            let field = term.field();
            let info = segment.inverted_index(field)?.get_term_info(term);
            let Some(info) = info.map_err(|e| SearchError(e.to_string()))? else {
                continue;
            };
            ranges.extend(layout.postings(field.field_id(), &info.postings_range));
            if *positions {
                ranges.extend(layout.positions(field.field_id(), &info.positions_range));
            }
        }
        Ok(self.directory.missing(ranges))
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, lang: Option<&str>, parsed: &Parsed) -> Hit {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let stored_lang = text(self.fields.lang_stored).unwrap_or_default();
        let excerpt = text(self.fields.excerpt).unwrap_or_default();
        let language = if stored_lang == "*" {
            lang.unwrap_or("kk").to_owned()
        } else {
            stored_lang.clone()
        };
        let lang = if stored_lang == "*" {
            lang.unwrap_or("kk").to_owned()
        } else {
            stored_lang
        };
        Hit {
            url: text(self.fields.url)
                .unwrap_or_default()
                .replace("{lang}", &lang),
            title: text(self.fields.title).unwrap_or_default(),
            section: text(self.fields.section).filter(|s| !s.is_empty()),
            lang,
            kind: text(self.fields.kind).unwrap_or_default(),
            region: text(self.fields.region).filter(|s| !s.is_empty()),
            score,
            snippet: highlight(&excerpt, language_of(&language), parsed),
            excerpt,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_every_spelling_of_the_query_words() {
        let parsed = query::parse("кандастар");
        let pieces = highlight(
            "Қандастарға көмек: қандас мәртебесі.",
            bagdar_analysis::Language::Kk,
            &parsed,
        );
        let marked: Vec<&str> = pieces
            .iter()
            .filter(|p| p.mark)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["Қандастарға", "қандас"]);
        let text: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "Қандастарға көмек: қандас мәртебесі.");
    }
}
