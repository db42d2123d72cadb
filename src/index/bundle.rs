//! Packing a freshly written tantivy index into the static files both readers read.
//!
//! tantivy's files are laid end to end in one stream and cut into chunks where a query's reads
//! fall: each field's postings and positions on term boundaries (about [`POSTINGS_CHUNK`]
//! bytes a chunk), field norms every [`NORM_DOCS`] documents, the document store one block a
//! chunk. What only the native reader reads (dictionaries, fast fields, footers) goes in large
//! chunks. Beside them:
//! - the term table (`bagdar_search::terms`), written from tantivy's dictionaries and cut into
//!   shards of about [`SHARD_BYTES`];
//! - the store directory: the chunk of every stored block, in pieces of [`STORE_PIECE`]
//!   blocks;
//! - `manifest.bin`, what every search needs (`bagdar_search::manifest`), and `tantivy.json`,
//!   the stream's layout for the native reader.
//!
//! Every file is gzip-compressed (see [`super::compress`]). Chunks whose bytes are equal (the
//! field norms of a text's exact, fold and stem fields) are one file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::PathBuf;

use bagdar_search::composite;
use bagdar_search::manifest::{self, DocRange, FieldInfo, Kind, Manifest, ShardRef};
use bagdar_search::terms::{self, ChunkRef, Entry, Table};
use rayon::prelude::*;
use tantivy::Index;

use super::IndexError;
use super::directory::{ChunkSpan, LISTING, Listing, Span};
use super::documents::SearchDoc;

/// The size postings and positions chunks are cut at, on term boundaries: a query reads the
/// lists of a few terms, and a chunk costs a request however small it is.
pub const POSTINGS_CHUNK: u64 = 2 * 1024;

/// Documents per field-norm chunk (one byte each).
pub const NORM_DOCS: u32 = 8 * 1024;

/// The size term-table shards are cut at, before compression.
pub const SHARD_BYTES: usize = 4 * 1024;

/// Stored blocks per store-directory piece.
pub const STORE_PIECE: usize = 256;

/// Files read by every search are fetched when the index is opened if together they are no
/// larger than this, compressed.
pub const EAGER_BYTES: usize = 12 * 1024;

/// What only the native reader reads is cut at this size.
const REST_CHUNK: u64 = 1024 * 1024;

/// tantivy's document store compressor (see `bagdar_search::store`).
pub const STORE_COMPRESSOR: u8 = bagdar_search::store::LZ4;

/// The files of a bundled index: (path under the output, bytes).
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// Where the stream lies: every file's span.
struct Stream {
    bytes: Vec<u8>,
    spans: BTreeMap<String, Span>,
}

impl Stream {
    fn new(files: &[(String, Vec<u8>)]) -> Stream {
        let mut bytes = Vec::new();
        let mut spans = BTreeMap::new();
        for (name, data) in files {
            spans.insert(
                name.clone(),
                Span {
                    offset: bytes.len() as u64,
                    len: data.len() as u64,
                },
            );
            bytes.extend_from_slice(data);
        }
        Stream { bytes, spans }
    }

    /// The span of the file ending with `extension`.
    fn file(&self, extension: &str) -> Option<(&str, Span)> {
        self.spans
            .iter()
            .find(|(name, _)| name.ends_with(extension))
            .map(|(name, span)| (name.as_str(), *span))
    }

    /// The parts of the composite file ending with `extension`, by field id, as stream ranges.
    fn parts(&self, extension: &str) -> Result<BTreeMap<u32, Range<u64>>, IndexError> {
        let Some((_, span)) = self.file(extension) else {
            return Ok(BTreeMap::new());
        };
        let file = &self.bytes[span.offset as usize..(span.offset + span.len) as usize];
        let body = composite::body(file).map_err(|e| IndexError(format!("{extension}: {e}")))?;
        let parts = composite::parts(body).map_err(|e| IndexError(format!("{extension}: {e}")))?;
        Ok(parts
            .into_iter()
            .map(|p| {
                (
                    p.field,
                    span.offset + p.range.start as u64..span.offset + p.range.end as u64,
                )
            })
            .collect())
    }
}

/// A term of a word field, as tantivy's dictionary has it, placed in the stream.
struct Term {
    field: u32,
    text: String,
    doc_freq: u32,
    postings: Range<u64>,
    positions: Range<u64>,
}

/// Packs the index files. `docs` are the documents in index order.
pub fn bundle(
    index: &Index,
    files: &[(String, Vec<u8>)],
    docs: &[SearchDoc],
) -> Result<Files, IndexError> {
    let stream = Stream::new(files);
    let schema = index.schema();
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let [segment] = searcher.segment_readers() else {
        return Err(IndexError("expected one segment".into()));
    };
    let num_docs = segment.max_doc();
    let field_id =
        |name: &str| -> Result<u32, IndexError> { Ok(schema.get_field(name)?.field_id()) };

    // The terms of the word fields, in tantivy's order, with their places in the stream.
    let postings_parts = stream.parts(".idx")?;
    let positions_parts = stream.parts(".pos")?;
    let mut words: Vec<Term> = Vec::new();
    let mut tokens = BTreeMap::new();
    for field in bagdar_search::Field::ALL {
        let id = field_id(field.name())?;
        let inverted = segment.inverted_index(schema.get_field(field.name())?)?;
        tokens.insert(id, inverted.total_num_tokens());
        let postings_base = postings_parts
            .get(&id)
            .map(|r| r.start + 8)
            .ok_or_else(|| IndexError(format!("no postings for {}", field.name())))?;
        let positions_base = positions_parts
            .get(&id)
            .map(|r| r.start)
            .ok_or_else(|| IndexError(format!("no positions for {}", field.name())))?;
        let mut terms = inverted.terms().stream()?;
        while terms.advance() {
            let info = terms.value();
            let text = std::str::from_utf8(terms.key())
                .map_err(|_| IndexError(format!("a term of {} is not UTF-8", field.name())))?;
            words.push(Term {
                field: id,
                text: text.to_owned(),
                doc_freq: info.doc_freq,
                postings: postings_base + info.postings_range.start as u64
                    ..postings_base + info.postings_range.end as u64,
                positions: positions_base + info.positions_range.start as u64
                    ..positions_base + info.positions_range.end as u64,
            });
        }
    }

    // Where chunks are cut.
    let mut cuts: Vec<Range<u64>> = Vec::new();
    for (parts, pick) in [
        (
            &postings_parts,
            (|t: &Term| t.postings.clone()) as fn(&Term) -> Range<u64>,
        ),
        (&positions_parts, |t: &Term| t.positions.clone()),
    ] {
        for (field, part) in parts {
            let ranges: Vec<Range<u64>> = words
                .iter()
                .filter(|t| t.field == *field)
                .map(pick)
                .collect();
            cuts.extend(on_term_boundaries(part.clone(), &ranges, POSTINGS_CHUNK));
        }
    }
    let norm_parts = stream.parts(".fieldnorm")?;
    let mut norm_chunks: BTreeMap<u32, Vec<(u32, Range<u64>)>> = BTreeMap::new();
    for (field, part) in &norm_parts {
        if part.end - part.start != u64::from(num_docs) {
            return Err(IndexError(format!(
                "field norms of field {field} are not one byte a document"
            )));
        }
        let mut first = 0;
        while first < num_docs {
            let end = (first + NORM_DOCS).min(num_docs);
            let range = part.start + u64::from(first)..part.start + u64::from(end);
            norm_chunks
                .entry(*field)
                .or_default()
                .push((first, range.clone()));
            cuts.push(range);
            first = end;
        }
    }
    let mut store_blocks = Vec::new();
    if let Some((name, span)) = stream.file(".store") {
        let bytes = &stream.bytes[span.offset as usize..(span.offset + span.len) as usize];
        for (first, range) in super::layout::store_blocks(bytes, num_docs)
            .map_err(|e| IndexError(format!("{name}: {e}")))?
        {
            let range = span.offset + range.start as u64..span.offset + range.end as u64;
            store_blocks.push((first, range.clone()));
            cuts.push(range);
        }
    }
    let chunks = fill(cuts, stream.bytes.len() as u64)?;

    // The chunks' payloads, each distinct one once.
    let payloads: Vec<(u64, Vec<u8>)> = chunks
        .par_iter()
        .map(|range| {
            let payload = manifest::payload(
                Kind::Chunk,
                &stream.bytes[range.start as usize..range.end as usize],
            );
            (manifest::name_of(&payload), payload)
        })
        .collect();
    let names: Vec<u64> = payloads.iter().map(|(name, _)| *name).collect();
    let name_at = |offset: u64| -> Result<u64, IndexError> {
        let at = chunks
            .partition_point(|c| c.start <= offset)
            .saturating_sub(1);
        names
            .get(at)
            .copied()
            .ok_or_else(|| IndexError("a cut fell outside the stream".into()))
    };
    let mut out: BTreeMap<u64, (Kind, Vec<u8>)> = BTreeMap::new();
    for (name, payload) in payloads {
        out.entry(name).or_insert((Kind::Chunk, payload));
    }

    // The term table.
    let mut tables: BTreeMap<u8, Vec<(Vec<u8>, Term)>> = BTreeMap::new();
    let fold_ids: BTreeSet<u32> = [
        bagdar_search::Field::TitleFold,
        bagdar_search::Field::BodyFold,
    ]
    .iter()
    .map(|f| field_id(f.name()))
    .collect::<Result<_, _>>()?;
    for term in words {
        let table = if fold_ids.contains(&term.field) {
            Table::Fold
        } else {
            Table::Words
        };
        let key = terms::key(table, &term.text);
        tables.entry(table as u8).or_default().push((key, term));
    }
    let mut shard_lists: HashMap<u8, Vec<ShardRef>> = HashMap::new();
    for (tag, mut entries) in tables {
        let table = if tag == Table::Fold as u8 {
            Table::Fold
        } else {
            Table::Words
        };
        entries.sort_by(|(ka, a), (kb, b)| (ka, a.field, &a.text).cmp(&(kb, b.field, &b.text)));
        let mut shards = Vec::new();
        for group in shard_groups(&entries) {
            let entries: Vec<Entry> = group
                .iter()
                .map(|(_, t)| Entry {
                    field: t.field,
                    term: t.text.clone(),
                    doc_freq: t.doc_freq,
                    postings: t.postings.clone(),
                    positions: t.positions.clone(),
                })
                .collect();
            let mut used = BTreeSet::new();
            for entry in &entries {
                for range in [&entry.postings, &entry.positions] {
                    if range.start < range.end {
                        let first = chunks.partition_point(|c| c.end <= range.start);
                        let last = chunks.partition_point(|c| c.start < range.end);
                        used.extend(first..last);
                    }
                }
            }
            let refs: Vec<ChunkRef> = used
                .into_iter()
                .map(|i| ChunkRef {
                    offset: chunks[i].start,
                    len: chunks[i].end - chunks[i].start,
                    name: names[i],
                })
                .collect();
            let payload = manifest::payload(Kind::Terms, &terms::encode(table, &refs, &entries));
            let name = manifest::name_of(&payload);
            out.insert(name, (Kind::Terms, payload));
            shards.push(ShardRef {
                first_key: if shards.is_empty() {
                    Vec::new()
                } else {
                    group[0].0.clone()
                },
                name,
            });
        }
        shard_lists.insert(tag, shards);
    }

    // The store directory.
    let mut store = Vec::new();
    for piece in store_blocks.chunks(STORE_PIECE) {
        let blocks: Vec<(u32, u64)> = piece
            .iter()
            .map(|(first, range)| Ok((*first, name_at(range.start)?)))
            .collect::<Result<_, IndexError>>()?;
        let payload = manifest::payload(Kind::Store, &terms::encode_store(&blocks));
        let name = manifest::name_of(&payload);
        out.insert(name, (Kind::Store, payload));
        store.push((piece[0].0, name));
    }

    // Fields: the word fields with their norms, the stored fields by id.
    let mut fields = Vec::new();
    for field in bagdar_search::Field::ALL {
        let id = field_id(field.name())?;
        let norms = norm_chunks
            .get(&id)
            .map(|list| {
                list.iter()
                    .map(|(first, range)| Ok((*first, name_at(range.start)?)))
                    .collect::<Result<Vec<_>, IndexError>>()
            })
            .transpose()?
            .unwrap_or_default();
        fields.push(FieldInfo {
            name: field.name().to_owned(),
            id,
            tokens: tokens.get(&id).copied().unwrap_or(0),
            norms,
        });
    }
    for name in bagdar_search::hit::STORED_FIELDS {
        fields.push(FieldInfo {
            name: name.to_owned(),
            id: field_id(name)?,
            tokens: 0,
            norms: Vec::new(),
        });
    }

    let mut manifest = Manifest {
        build: 0,
        docs: num_docs,
        compressor: STORE_COMPRESSOR,
        fields,
        fold_shards: shard_lists.remove(&(Table::Fold as u8)).unwrap_or_default(),
        word_shards: shard_lists
            .remove(&(Table::Words as u8))
            .unwrap_or_default(),
        store,
        ..Manifest::default()
    };
    document_ranges(&mut manifest, docs)?;

    // Compress every file (in parallel), then choose the small ones every search reads.
    let compressed: BTreeMap<u64, Vec<u8>> = out
        .par_iter()
        .map(|(name, (_, payload))| (*name, super::compress::encode(payload)))
        .collect();
    let mut eager_bytes = 0;
    let norm_names: BTreeSet<u64> = manifest
        .fields
        .iter()
        .flat_map(|f| f.norms.iter().map(|(_, n)| *n))
        .collect();
    for name in manifest.store.iter().map(|(_, n)| *n).chain(norm_names) {
        let size = compressed.get(&name).map_or(0, Vec::len);
        if eager_bytes + size > EAGER_BYTES {
            break;
        }
        eager_bytes += size;
        manifest.eager.push(name);
    }
    let mut build_names = Vec::new();
    for name in compressed.keys() {
        build_names.extend_from_slice(&name.to_le_bytes());
    }
    manifest.build = manifest::name_of(&build_names);

    let listing = Listing {
        files: stream.spans.clone(),
        chunks: chunks
            .iter()
            .zip(&names)
            .map(|(range, name)| ChunkSpan {
                name: manifest::hex(*name),
                offset: range.start,
                len: range.end - range.start,
            })
            .collect(),
    };
    let search = PathBuf::from(super::SEARCH_DIR);
    let mut files: Files = vec![
        (
            search.join(manifest::MANIFEST),
            super::compress::encode(&manifest.encode()),
        ),
        (
            search.join(LISTING),
            serde_json::to_vec(&listing).map_err(|e| IndexError(e.to_string()))?,
        ),
    ];
    for (name, bytes) in compressed {
        files.push((
            search
                .join(manifest::CHUNKS_DIR)
                .join(format!("{}.bin", manifest::hex(name))),
            bytes,
        ));
    }
    Ok(files)
}

/// Chunks of one field's part of the postings or positions, cut on term boundaries at about
/// `target` bytes. `ranges` are its terms' ranges, in order, within `part`.
fn on_term_boundaries(part: Range<u64>, ranges: &[Range<u64>], target: u64) -> Vec<Range<u64>> {
    let mut out = Vec::new();
    let mut start = part.start;
    for range in ranges {
        if range.start > start && range.end - start > target {
            out.push(start..range.start);
            start = range.start;
        }
    }
    if part.end > start {
        out.push(start..part.end);
    }
    out
}

/// The chunks of the whole stream: the cuts, and what lies between them in pieces of at most
/// [`REST_CHUNK`].
fn fill(mut cuts: Vec<Range<u64>>, len: u64) -> Result<Vec<Range<u64>>, IndexError> {
    cuts.retain(|c| c.start < c.end);
    cuts.sort_by_key(|c| c.start);
    let mut out = Vec::new();
    let mut at = 0;
    for cut in cuts {
        if cut.start < at || cut.end > len {
            return Err(IndexError(format!("chunk cuts overlap at {}", cut.start)));
        }
        while at < cut.start {
            let end = (at + REST_CHUNK).min(cut.start);
            out.push(at..end);
            at = end;
        }
        at = cut.end;
        out.push(cut);
    }
    while at < len {
        let end = (at + REST_CHUNK).min(len);
        out.push(at..end);
        at = end;
    }
    Ok(out)
}

/// Entries cut into shards of about [`SHARD_BYTES`] encoded, never between two entries of one
/// key: a reader looks a key up in one shard only.
fn shard_groups(entries: &[(Vec<u8>, Term)]) -> Vec<&[(Vec<u8>, Term)]> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, (key, term)) in entries.iter().enumerate() {
        let estimate = term.text.len() + 14;
        let new_key = i > start && entries[i - 1].0 != *key;
        if size + estimate > SHARD_BYTES && new_key {
            groups.push(&entries[start..i]);
            start = i;
            size = 0;
        }
        size += estimate;
    }
    if start < entries.len() {
        groups.push(&entries[start..]);
    }
    groups
}

/// The document ranges of each language, kind and region (documents are ordered by them).
fn document_ranges(manifest: &mut Manifest, docs: &[SearchDoc]) -> Result<(), IndexError> {
    fn index_of(list: &mut Vec<String>, value: &str) -> Result<u16, IndexError> {
        let at = match list.iter().position(|v| v == value) {
            Some(at) => at,
            None => {
                list.push(value.to_owned());
                list.len() - 1
            }
        };
        u16::try_from(at).map_err(|_| IndexError("too many distinct values".into()))
    }
    let mut start = 0u32;
    for (i, doc) in docs.iter().enumerate() {
        let next = docs.get(i + 1);
        let same = next
            .is_some_and(|n| n.lang == doc.lang && n.kind == doc.kind && n.region == doc.region);
        if same {
            continue;
        }
        let end = i as u32 + 1;
        let lang = index_of(&mut manifest.langs, doc.lang.code())?;
        let kind = index_of(&mut manifest.kinds, doc.kind)?;
        let region = match &doc.region {
            Some(region) => index_of(&mut manifest.regions, region)? + 1,
            None => 0,
        };
        if manifest
            .ranges
            .iter()
            .any(|r| r.lang == lang && r.kind == kind && r.region == region)
        {
            return Err(IndexError(
                "documents are not grouped by language, kind and region".into(),
            ));
        }
        manifest.ranges.push(DocRange {
            lang,
            kind,
            region,
            start,
            end,
        });
        start = end;
    }
    Ok(())
}
