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

/// Documents per field-norm page (one byte each per distinct norm array).
pub const NORM_DOCS: u32 = 16 * 1024;

/// A run of documents of one language and kind at least this long gets norm pages of its own.
const LARGE_GROUP: usize = 1024;

/// The size term-table shards are cut at, before compression.
pub const SHARD_BYTES: usize = 2 * 1024;

/// Stored blocks per store-directory piece.
pub const STORE_PIECE: usize = 256;

/// A page fetches its language's store directory and field norms when it opens the index, as
/// far as they come to no more than this, compressed.
pub const EAGER_BYTES: usize = 16 * 1024;

/// What only the native reader reads is cut at this size.
const REST_CHUNK: u64 = 1024 * 1024;

/// tantivy's document store compressor (see `bagdar_search::store`).
pub const STORE_COMPRESSOR: u8 = bagdar_search::store::LZ4;

/// One file of a bundled index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// Its path under the output.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Whether the browser's reader may read it (what only the native reader reads is not
    /// worth saving for offline).
    pub browsed: bool,
}

/// The files of a bundled index.
pub type Files = Vec<File>;

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

    // A term whose postings (or positions) are byte for byte another's — the same word's
    // exact and fold forms often are — points the term table at the first copy, so a query
    // fetches it once. tantivy's own dictionaries keep pointing at their copies.
    let mut first_copy: HashMap<(u32, u64), Range<u64>> = HashMap::new();
    let bytes_of = |range: &Range<u64>| &stream.bytes[range.start as usize..range.end as usize];
    let mut canonical = |range: &Range<u64>, which: u32| -> Range<u64> {
        if range.start >= range.end {
            return range.clone();
        }
        let copy = first_copy
            .entry((which, manifest::name_of(bytes_of(range))))
            .or_insert_with(|| range.clone());
        if bytes_of(copy) == bytes_of(range) {
            copy.clone()
        } else {
            range.clone()
        }
    };
    let mut table_ranges: Vec<(Range<u64>, Range<u64>)> = Vec::with_capacity(words.len());
    for term in &words {
        table_ranges.push((canonical(&term.postings, 0), canonical(&term.positions, 1)));
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
            let ranges: Vec<(Range<u64>, u64)> = words
                .iter()
                .filter(|t| t.field == *field)
                .map(|t| (pick(t), manifest::name_of(t.text.as_bytes())))
                .collect();
            cuts.extend(on_term_boundaries(part.clone(), &ranges, POSTINGS_CHUNK));
        }
    }
    // Field norms travel as pages of their own: for a run of documents, each distinct norm
    // array of the word fields (a text's exact, fold and stem fields have one) one after
    // another, so a search fetches a page or two instead of a chunk per field. Pages are cut
    // where a large group of one language and kind begins and ends, and every NORM_DOCS
    // documents: a vacancy's documents have the same norms in the three languages, so those
    // pages are byte for byte equal and are one file.
    let norm_parts = stream.parts(".fieldnorm")?;
    let mut arrays: Vec<&[u8]> = Vec::new();
    let mut array_of: BTreeMap<u32, u8> = BTreeMap::new();
    for field in bagdar_search::Field::ALL {
        let id = field_id(field.name())?;
        let part = norm_parts
            .get(&id)
            .ok_or_else(|| IndexError(format!("no field norms for {}", field.name())))?;
        if part.end - part.start != u64::from(num_docs) {
            return Err(IndexError(format!(
                "field norms of {} are not one byte a document",
                field.name()
            )));
        }
        let bytes = &stream.bytes[part.start as usize..part.end as usize];
        let index = match arrays.iter().position(|a| *a == bytes) {
            Some(index) => index,
            None => {
                arrays.push(bytes);
                arrays.len() - 1
            }
        };
        array_of.insert(id, index as u8);
    }
    let mut page_starts: BTreeSet<u32> = BTreeSet::from([0]);
    let mut group_start = 0usize;
    for i in 1..=docs.len() {
        let ends = docs
            .get(i)
            .is_none_or(|d| d.lang != docs[i - 1].lang || d.kind != docs[i - 1].kind);
        if ends {
            if i - group_start >= LARGE_GROUP {
                page_starts.insert(group_start as u32);
                page_starts.insert(i as u32);
            }
            group_start = i;
        }
    }
    let starts: Vec<u32> = page_starts.into_iter().filter(|s| *s < num_docs).collect();
    let mut norm_pages = Vec::new();
    for (i, &segment) in starts.iter().enumerate() {
        let segment_end = starts.get(i + 1).copied().unwrap_or(num_docs);
        let mut first = segment;
        while first < segment_end {
            let end = (first + NORM_DOCS).min(segment_end);
            let mut content = Vec::with_capacity(arrays.len() * (end - first) as usize);
            for array in &arrays {
                content.extend_from_slice(&array[first as usize..end as usize]);
            }
            norm_pages.push((first, manifest::payload(Kind::Norms, &content)));
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
    let (chunks, browsed): (Vec<Range<u64>>, Vec<bool>) =
        fill(cuts, stream.bytes.len() as u64)?.into_iter().unzip();

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
    // Written as they are, not compressed: what only the native reader reads (dictionaries,
    // fast fields, skip indexes, footers), which would cost build time and save no visitor a
    // byte; and what gzip cannot shrink — stored blocks, already LZ4 (gzip makes them 4 %
    // larger), and the store directory, which is chunk names.
    let browsed: BTreeSet<u64> = names
        .iter()
        .zip(&browsed)
        .filter(|(_, browsed)| **browsed)
        .map(|(name, _)| *name)
        .collect();
    // What only the native reader reads.
    let native: BTreeSet<u64> = names
        .iter()
        .filter(|name| !browsed.contains(name))
        .copied()
        .collect();
    let mut uncompressed = native.clone();
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
    for (mut term, (postings, positions)) in words.into_iter().zip(table_ranges) {
        term.postings = postings;
        term.positions = positions;
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
            // Offsets local to the shard: its chunks laid end to end. A shard's bytes then
            // depend on its own terms and chunks, not on where in the stream they lie, and an
            // edit elsewhere leaves it as it was.
            let mut refs: Vec<ChunkRef> = Vec::with_capacity(used.len());
            let mut local: Vec<(Range<u64>, u64)> = Vec::with_capacity(used.len());
            for i in used {
                let at = refs.last().map_or(0, |c: &ChunkRef| c.offset + c.len);
                let len = chunks[i].end - chunks[i].start;
                refs.push(ChunkRef {
                    offset: at,
                    len,
                    name: names[i],
                });
                local.push((chunks[i].clone(), at));
            }
            let to_local = |range: &Range<u64>| -> Range<u64> {
                if range.start >= range.end {
                    return 0..0;
                }
                let (chunk, at) = local
                    .iter()
                    .find(|(chunk, _)| chunk.start <= range.start && range.start < chunk.end)
                    .cloned()
                    .unwrap_or((0..0, 0));
                let start = at + (range.start - chunk.start);
                start..start + (range.end - range.start)
            };
            let entries: Vec<Entry> = entries
                .into_iter()
                .map(|entry| Entry {
                    postings: to_local(&entry.postings),
                    positions: to_local(&entry.positions),
                    ..entry
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
        uncompressed.extend(blocks.iter().map(|(_, block)| *block));
        let payload = manifest::payload(Kind::Store, &terms::encode_store(&blocks));
        let name = manifest::name_of(&payload);
        uncompressed.insert(name);
        out.insert(name, (Kind::Store, payload));
        store.push((piece[0].0, name));
    }

    // The norm pages.
    let mut norm_list = Vec::new();
    for (first, payload) in norm_pages {
        let name = manifest::name_of(&payload);
        out.insert(name, (Kind::Norms, payload));
        norm_list.push((first, name));
    }

    // Fields: the word fields with their norms, the stored fields by id.
    let mut fields = Vec::new();
    for field in bagdar_search::Field::ALL {
        let id = field_id(field.name())?;
        fields.push(FieldInfo {
            name: field.name().to_owned(),
            id,
            tokens: tokens.get(&id).copied().unwrap_or(0),
            norm_array: array_of.get(&id).copied(),
        });
    }
    for name in bagdar_search::hit::STORED_FIELDS {
        fields.push(FieldInfo {
            name: name.to_owned(),
            id: field_id(name)?,
            tokens: 0,
            norm_array: None,
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
        norm_arrays: u8::try_from(arrays.len())
            .map_err(|_| IndexError("too many distinct norm arrays".into()))?,
        norm_pages: norm_list,
        ..Manifest::default()
    };
    document_ranges(&mut manifest, docs)?;

    // Compress every file (in parallel), then choose the small ones every search reads.
    let compressed: BTreeMap<u64, Vec<u8>> = out
        .into_par_iter()
        .map(|(name, (_, payload))| {
            let bytes = if uncompressed.contains(&name) {
                payload
            } else {
                super::compress::encode(&payload)
            };
            (name, bytes)
        })
        .collect();
    // What a page in each language fetches as soon as it opens the index: the store pieces
    // and word-field norms of its language's documents, as far as they fit the budget.
    let pieces = |list: &[(u32, u64)], start: u32, end: u32| -> Vec<u64> {
        list.iter()
            .enumerate()
            .filter(|(i, (first, _))| {
                let next = list.get(i + 1).map_or(num_docs, |(n, _)| *n);
                *first < end && next > start
            })
            .map(|(_, (_, name))| *name)
            .collect()
    };
    for (index, _) in manifest.langs.iter().enumerate() {
        let mut wanted: Vec<u64> = Vec::new();
        for list in [&manifest.norm_pages, &manifest.store] {
            for range in manifest
                .ranges
                .iter()
                .filter(|r| usize::from(r.lang) == index)
            {
                wanted.extend(pieces(list, range.start, range.end));
            }
        }
        let mut seen = BTreeSet::new();
        let mut bytes = 0;
        for name in wanted {
            if !seen.insert(name) {
                continue;
            }
            let size = compressed.get(&name).map_or(0, Vec::len);
            if bytes + size > EAGER_BYTES {
                break;
            }
            bytes += size;
            manifest.eager.push((index as u16 + 1, name));
        }
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
        File {
            path: search.join(manifest::MANIFEST),
            bytes: super::compress::encode(&manifest.encode()),
            browsed: true,
        },
        File {
            path: search.join(LISTING),
            bytes: serde_json::to_vec(&listing).map_err(|e| IndexError(e.to_string()))?,
            browsed: false,
        },
    ];
    for (name, bytes) in compressed {
        files.push(File {
            path: search
                .join(manifest::CHUNKS_DIR)
                .join(format!("{}.bin", manifest::hex(name))),
            bytes,
            browsed: !native.contains(&name),
        });
    }
    Ok(files)
}

/// Chunks of one field's part of the postings or positions, cut on term boundaries at about
/// `target` bytes where [`content_cut`] says. `ranges` are its terms' ranges, in order,
/// within `part`, each with the hash of its term.
fn on_term_boundaries(
    part: Range<u64>,
    ranges: &[(Range<u64>, u64)],
    target: u64,
) -> Vec<Range<u64>> {
    let mut out = Vec::new();
    let mut start = part.start;
    for (range, hash) in ranges {
        let size = range.start.saturating_sub(start);
        if range.start > start && content_cut(size, range.end - range.start, *hash, target) {
            out.push(start..range.start);
            start = range.start;
        }
    }
    if part.end > start {
        out.push(start..part.end);
    }
    out
}

/// Whether a piece of `size` bytes ends before an item of `next` bytes whose content hashes
/// to `hash`, for pieces of about `target` bytes. The cuts are content-defined: past a
/// quarter of the target, an item starts a new piece with a chance that grows with its size,
/// decided by its hash, not by the bytes before it. An edit (a guide's new words) then moves
/// the cuts near it only, and a new build's files are mostly the last one's, which is what a
/// reader who saved the site for offline downloads again. No piece exceeds four targets.
fn content_cut(size: u64, next: u64, hash: u64, target: u64) -> bool {
    // Cut at 5/8 of the target on average: pieces vary in size, and a reader lands in a piece
    // with a chance that grows with its size, so the pieces a query fetches average about the
    // target.
    let target = target * 5 / 8;
    let least = target / 4;
    if size + next > target * 4 {
        return size > 0;
    }
    size >= least && hash % (target - least).max(1) < next.max(1)
}

/// The chunks of the whole stream: the cuts, and what lies between them in pieces of at most
/// [`REST_CHUNK`];
/// and whether each is one of the cuts (a chunk the browser may read) or of the rest.
fn fill(mut cuts: Vec<Range<u64>>, len: u64) -> Result<Vec<(Range<u64>, bool)>, IndexError> {
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
            out.push((at..end, false));
            at = end;
        }
        at = cut.end;
        out.push((cut, true));
    }
    while at < len {
        let end = (at + REST_CHUNK).min(len);
        out.push((at..end, false));
        at = end;
    }
    Ok(out)
}

/// Entries cut into shards of about [`SHARD_BYTES`] encoded where [`content_cut`] says (by the
/// key's hash), never between two entries of one
/// key: a reader looks a key up in one shard only.
fn shard_groups(entries: &[(Vec<u8>, Term)]) -> Vec<&[(Vec<u8>, Term)]> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, (key, term)) in entries.iter().enumerate() {
        let estimate = term.text.len() + 14;
        let new_key = i > start && entries[i - 1].0 != *key;
        let cut = content_cut(
            size as u64,
            estimate as u64,
            manifest::name_of(key),
            SHARD_BYTES as u64,
        );
        if new_key && cut {
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
