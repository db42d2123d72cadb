//! The index stage: the site's search documents, analysed with `bagdar_analysis`, written as
//! a tantivy index and bundled into compressed, content-addressed files under `search/` (see
//! [`bundle`]), which the lean reader in the browser and tantivy in `bagdar search`
//! ([`reference`]) both read.

pub mod bundle;
pub mod compress;
pub mod directory;
pub mod documents;
mod layout;
pub mod reference;
pub mod schema;

use std::collections::BTreeMap;

use bagdar_analysis::analyze;
use rayon::prelude::*;
use tantivy::directory::{Directory, RamDirectory};
use tantivy::index::SegmentComponent;
use tantivy::schema::{Field, OwnedValue};
use tantivy::store::Compressor;
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, IndexSettings, IndexWriter};

use crate::index::documents::{SearchDoc, Texts};
use crate::index::schema::Fields;
use crate::model::Site;

pub use crate::assets::SEARCH_DIR;

/// The fixed id of the single segment: tantivy names segments randomly, and the same input
/// must give the same bytes.
const SEGMENT_ID: &str = "0000000000000000000000000000b46d";

/// Documents are stored in blocks of about this many bytes: a hit costs its block, so blocks
/// are small; not smaller, since each is a file to write (2 KiB blocks made the build of a
/// 10,000-vacancy site 8 % slower for about 4 KB less a query).
const STORE_BLOCK: usize = 4 * 1024;

/// Writing the index failed (a bug or a resource limit, not a content problem).
#[derive(Debug, thiserror::Error)]
#[error("building the search index failed: {0}")]
pub struct IndexError(String);

impl From<tantivy::TantivyError> for IndexError {
    fn from(error: tantivy::TantivyError) -> Self {
        IndexError(error.to_string())
    }
}

impl From<std::io::Error> for IndexError {
    fn from(error: std::io::Error) -> Self {
        IndexError(error.to_string())
    }
}

/// The files of the bundled index, relative to the output folder.
pub struct IndexFiles {
    /// (path, bytes) of the manifest, the listing and every chunk.
    pub files: bundle::Files,
    /// Search documents indexed.
    pub documents: usize,
}

/// Builds the bundled index of the site.
///
/// The work runs on a thread pool of its own: the build renders pages on rayon's global pool
/// at the same time, and work sent there from outside would wait until the render is done.
pub fn build(site: &Site) -> Result<IndexFiles, IndexError> {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .thread_name(|i| format!("bagdar-index-{i}"))
        .build()
    {
        Ok(pool) => pool.install(|| build_here(site)),
        Err(_) => build_here(site),
    }
}

fn build_here(site: &Site) -> Result<IndexFiles, IndexError> {
    let mut docs = documents::documents(site);
    // One language's documents lie together, and within it each kind's and region's: a
    // reader's first results are in its language, its hits' stored blocks are close
    // together, and filters are document ranges (the manifest lists them).
    docs.sort_by(|a, b| {
        (a.lang.code(), a.kind, &a.region).cmp(&(b.lang.code(), b.kind, &b.region))
    });
    let (schema, fields) = schema::schema();
    // Files are copied out of this directory as written (with tantivy's footers), not through
    // the index's managed view, which strips them.
    let ram = RamDirectory::create();
    let settings = IndexSettings {
        docstore_compression: Compressor::Lz4,
        docstore_blocksize: STORE_BLOCK,
        ..IndexSettings::default()
    };
    let index = Index::create(ram.clone(), schema, settings)?;
    // One indexing thread keeps document order (and so the bytes) fixed. Documents are
    // analysed in parallel a batch at a time, while that thread indexes the batch before.
    let mut writer: IndexWriter<Doc> = index.writer_with_num_threads(1, WRITER_BUDGET)?;
    for batch in docs.chunks(ANALYSIS_BATCH) {
        let analysed: Vec<Doc> = batch
            .par_iter()
            .map(|doc| tantivy_document(&fields, doc))
            .collect();
        for doc in analysed {
            writer.add_document(doc)?;
        }
    }
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;

    let files = index_files(&index, &ram)?;
    let files = bundle::bundle(&index, &files, &docs)?;
    Ok(IndexFiles {
        files,
        documents: docs.len(),
    })
}

/// A document as tantivy takes it: one value per field. (tantivy's own document type keeps
/// pre-tokenized text as JSON and parses it again to index it; this one hands it over as is.)
type Doc = BTreeMap<Field, OwnedValue>;

/// The indexing thread's memory: it flushes a segment when full, and segments must then be
/// merged. A gigabyte holds the index of a 50,000-page site in one segment; it is a limit,
/// not an allocation (a small site uses a few megabytes).
const WRITER_BUDGET: usize = 1 << 30;

/// Documents analysed in parallel at a time.
const ANALYSIS_BATCH: usize = 2048;

/// A document's fields, each set once.
struct DocBuilder(Doc);

impl DocBuilder {
    fn add_pre_tokenized_text(&mut self, field: Field, text: PreTokenizedString) {
        self.0.insert(field, OwnedValue::PreTokStr(text));
    }

    fn add_text(&mut self, field: Field, text: &str) {
        self.0.insert(field, OwnedValue::Str(text.to_owned()));
    }
}

fn tantivy_document(fields: &Fields, doc: &SearchDoc) -> Doc {
    let mut out = DocBuilder(Doc::new());
    let [title_exact, title_fold, title_stem] = tokens(&doc.title_words);
    let [body_exact, body_fold, body_stem] = tokens(&doc.body_words);
    out.add_pre_tokenized_text(fields.title_exact, title_exact);
    out.add_pre_tokenized_text(fields.title_fold, title_fold);
    out.add_pre_tokenized_text(fields.title_stem, title_stem);
    out.add_pre_tokenized_text(fields.body_exact, body_exact);
    out.add_pre_tokenized_text(fields.body_fold, body_fold);
    out.add_pre_tokenized_text(fields.body_stem, body_stem);
    out.add_text(fields.kind, doc.kind);
    out.add_text(fields.lang, doc.lang.code());
    out.add_text(fields.lang_stored, doc.text_lang.code());
    out.add_text(fields.url, &doc.url);
    out.add_text(fields.title, &doc.title);
    out.add_text(fields.section, doc.section.as_deref().unwrap_or(""));
    out.add_text(fields.excerpt, &doc.excerpt);
    if let Some(region) = &doc.region {
        out.add_text(fields.region, region);
    }
    out.0
}

/// The exact, fold and stem token streams of some texts, positions running on across texts
/// (with a gap, so a phrase never spans two of them).
fn tokens(texts: &Texts) -> [PreTokenizedString; 3] {
    let mut streams: [Vec<Token>; 3] = Default::default();
    let mut position = 0;
    for (language, text) in texts {
        let analysed = analyze(text, *language);
        let count = analysed.len();
        for token in analysed {
            let end = token.end;
            for (stream, form) in streams
                .iter_mut()
                .zip([token.exact, token.fold, token.stem])
            {
                stream.push(Token {
                    offset_from: token.offset,
                    offset_to: end,
                    position: position + token.position,
                    text: form,
                    position_length: 1,
                });
            }
        }
        position += count + 10;
    }
    streams.map(|tokens| PreTokenizedString {
        text: String::new(),
        tokens,
    })
}

/// The index's files in the order a query reads them, the segment renamed to a fixed id.
fn index_files(
    index: &Index,
    directory: &RamDirectory,
) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    let metas = index.searchable_segment_metas()?;
    let [segment] = metas.as_slice() else {
        return Err(IndexError(format!(
            "expected one segment, found {}",
            metas.len()
        )));
    };
    let random_id = segment.id().uuid_string();
    let meta = directory
        .atomic_read(std::path::Path::new("meta.json"))
        .map_err(|e| IndexError(e.to_string()))?;
    let meta = String::from_utf8_lossy(&meta)
        .replace(&random_id, SEGMENT_ID)
        .replace(&hyphenated(&random_id), &hyphenated(SEGMENT_ID));
    let mut files = vec![("meta.json".to_owned(), meta.into_bytes())];
    // In the order a query reads them; stored documents last.
    let components = [
        SegmentComponent::Terms,
        SegmentComponent::FieldNorms,
        SegmentComponent::Postings,
        SegmentComponent::Positions,
        SegmentComponent::FastFields,
        SegmentComponent::Store,
        SegmentComponent::Delete,
    ];
    for component in components {
        let path = segment.relative_path(component);
        if !directory
            .exists(&path)
            .map_err(|e| IndexError(e.to_string()))?
        {
            continue;
        }
        let bytes = directory
            .open_read(&path)
            .and_then(|slice| {
                slice
                    .read_bytes()
                    .map_err(|e| tantivy::directory::error::OpenReadError::IoError {
                        io_error: std::sync::Arc::new(e),
                        filepath: path.clone(),
                    })
            })
            .map_err(|e| IndexError(e.to_string()))?;
        let name = path.to_string_lossy().replace(&random_id, SEGMENT_ID);
        files.push((name, bytes.as_slice().to_vec()));
    }
    Ok(files)
}

/// A UUID written 8-4-4-4-12, as `meta.json` writes segment ids.
fn hyphenated(simple: &str) -> String {
    let parts = [0..8, 8..12, 12..16, 16..20, 20..32];
    parts.map(|r| simple.get(r).unwrap_or("")).join("-")
}
