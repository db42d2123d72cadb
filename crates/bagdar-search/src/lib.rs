//! Bagdar's search runtime: it opens a bundled index (see [`bundle`]) through a
//! [`ChunkSource`] and answers queries. The same code runs in `bagdar search` (chunks read
//! from the output folder) and in the browser (chunks fetched from the web server), with the
//! same analysis as at indexing.

pub mod bundle;
pub mod directory;
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

/// An opened index.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    directory: BundleDirectory,
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
        let index = Index::open(directory.clone())?;
        let fields = schema::fields_of(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
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
    /// first.
    pub fn search(&self, request: &Request) -> Result<Vec<Hit>, SearchError> {
        let parsed = query::parse(&request.query);
        if parsed.is_empty() || request.limit == 0 {
            return Ok(Vec::new());
        }
        let mut hits = self.ranked(&parsed, request, true)?;
        if hits.len() < request.limit && parsed.words.len() >= 2 {
            for hit in self.ranked(&parsed, request, false)? {
                if hits.len() >= request.limit {
                    break;
                }
                if !hits.iter().any(|h| h.url == hit.url) {
                    hits.push(hit);
                }
            }
        }
        Ok(hits)
    }

    fn ranked(
        &self,
        parsed: &Parsed,
        request: &Request,
        all_words: bool,
    ) -> Result<Vec<Hit>, SearchError> {
        let preferred = request
            .lang
            .as_deref()
            .filter(|_| request.filters.lang.is_none());
        let mut passes = Vec::new();
        match preferred {
            Some(lang) => {
                passes.push(Filters {
                    lang: Some(lang.to_owned()),
                    ..request.filters.clone()
                });
                passes.push(request.filters.clone());
            }
            None => passes.push(request.filters.clone()),
        }
        let mut hits: Vec<Hit> = Vec::new();
        let searcher = self.reader.searcher();
        for filters in passes {
            if hits.len() >= request.limit {
                break;
            }
            let query = query::build(&self.fields, parsed, &filters, all_words);
            let top = searcher.search(
                &query,
                &TopDocs::with_limit(request.limit + hits.len()).order_by_score(),
            )?;
            for (score, address) in top {
                let doc: TantivyDocument = searcher.doc(address)?;
                let hit = self.hit(&doc, score, request.lang.as_deref(), parsed);
                if !hits.iter().any(|h| h.url == hit.url) {
                    hits.push(hit);
                }
                if hits.len() >= request.limit {
                    break;
                }
            }
        }
        Ok(hits)
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
