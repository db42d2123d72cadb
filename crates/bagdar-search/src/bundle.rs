//! The index as static files: every index file is packed into one byte stream, cut into
//! chunks named by the hash of their content, and described by `manifest.json`.
//!
//! Opening an index reads some files whole (the term dictionaries, field norms, fast-field
//! headers): they come first in the stream and travel as one large chunk, one request.
//! Queries then read small scattered pieces of the postings, positions and stored documents:
//! those are cut into small chunks, so a query downloads little beyond what it reads.
//!
//! - Hosts without HTTP Range support serve it: a reader fetches whole small files.
//! - Chunks are immutable and can be cached forever; a new build writes new names.
//! - One manifest ties one build together: a reader that opened a manifest only ever asks for
//!   the chunks it names, so a stale cached chunk can never be mixed with a new index, and a
//!   chunk whose content does not match its name is refused.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::layout::Layout;

/// The manifest's file name in the search folder.
pub const MANIFEST: &str = "manifest.json";

/// The folder of chunks in the search folder.
pub const CHUNKS_DIR: &str = "chunks";

/// The format version a reader understands.
pub const VERSION: u32 = 3;

/// The size of the chunks of files read piece by piece: small, since a query reads a few
/// hundred bytes here and there.
pub const DEFAULT_CHUNK_SIZE: usize = 4 * 1024;

/// The largest chunk of the files read whole at open.
pub const EAGER_CHUNK_SIZE: usize = 1024 * 1024;

/// Whether tantivy reads a file whole when it opens the index (by file name).
pub fn read_at_open(name: &str) -> bool {
    name == "meta.json"
        || [".term", ".fieldnorm", ".fast"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// One chunk: its name and where it lies in the stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chunk {
    /// The content hash, which is also the file name.
    pub name: String,
    /// Byte offset in the stream.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
}

/// Where a file lies in the packed stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset in the stream.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
}

/// The description of one built index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version.
    pub version: u32,
    /// The hash of the whole stream: identifies the build.
    pub build: String,
    /// Every index file and where it lies.
    pub files: BTreeMap<String, Span>,
    /// The chunks, in stream order, covering it without gaps.
    pub chunks: Vec<Chunk>,
    /// Chunks every search reads when it opens the index (file headers and footers beside
    /// the eager chunk): a browser fetches them all at once, in parallel, instead of one
    /// round trip after another.
    #[serde(default)]
    pub preload: Vec<String>,
    /// Where the postings, positions and stored blocks lie, so a reader can name the chunks
    /// a query needs before running it.
    #[serde(default)]
    pub layout: Layout,
}

impl Manifest {
    /// The indices of the chunks holding stream bytes `range` (none for an empty range).
    pub fn chunks_holding(&self, range: std::ops::Range<u64>) -> std::ops::Range<usize> {
        if range.start >= range.end {
            return 0..0;
        }
        let first = self
            .chunks
            .partition_point(|c| c.offset <= range.start)
            .saturating_sub(1);
        let last = self
            .chunks
            .partition_point(|c| c.offset < range.end)
            .saturating_sub(1);
        first..last + 1
    }
}

/// A packed index: its manifest and its chunks' bytes by name.
pub struct Packed {
    /// The manifest.
    pub manifest: Manifest,
    /// (name, bytes) of every chunk, in order.
    pub chunks: Vec<(String, Vec<u8>)>,
}

/// Packs index files into chunks: the files `eager` selects first, in chunks of up to
/// `eager_size`, then the others in chunks of `chunk_size`. Order within each group is kept.
pub fn pack(
    files: &[(String, Vec<u8>)],
    eager: impl Fn(&str) -> bool,
    eager_size: usize,
    chunk_size: usize,
) -> Packed {
    let mut stream = Vec::new();
    let mut spans = BTreeMap::new();
    let (first, rest): (Vec<_>, Vec<_>) = files.iter().partition(|(name, _)| eager(name));
    for (name, bytes) in first.iter().chain(rest.iter()) {
        spans.insert(
            name.clone(),
            Span {
                offset: stream.len() as u64,
                len: bytes.len() as u64,
            },
        );
        stream.extend_from_slice(bytes);
    }
    let eager_len: usize = first.iter().map(|(_, b)| b.len()).sum();
    let mut chunks = Vec::new();
    let mut bytes = Vec::new();
    let mut offset = 0;
    for (region, size) in [
        (&stream[..eager_len], eager_size),
        (&stream[eager_len..], chunk_size),
    ] {
        for piece in region.chunks(size.max(1)) {
            let name = chunk_name(piece);
            chunks.push(Chunk {
                name: name.clone(),
                offset: offset as u64,
                len: piece.len() as u64,
            });
            bytes.push((name, piece.to_vec()));
            offset += piece.len();
        }
    }
    let manifest = Manifest {
        version: VERSION,
        build: chunk_name(&stream),
        files: spans,
        chunks,
        preload: Vec::new(),
        layout: Layout::default(),
    };
    Packed {
        manifest,
        chunks: bytes,
    }
}

/// The name of a chunk: 128 bits of FNV-1a over its bytes, in hex. Not cryptographic: it
/// detects truncation, corruption and a mixed-up cache, which is what a reader can act on.
pub fn chunk_name(bytes: &[u8]) -> String {
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for byte in bytes {
        hash ^= u128::from(*byte);
        hash = hash.wrapping_mul(PRIME);
    }
    format!("{hash:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_at_open_travel_together_and_chunks_are_named_by_content() {
        let files = vec![
            ("a.idx".to_owned(), vec![1u8; 5]),
            ("b.term".to_owned(), vec![2u8; 7]),
            ("meta.json".to_owned(), vec![3u8; 3]),
        ];
        let packed = pack(&files, read_at_open, 100, 4);
        assert_eq!(packed.manifest.files["b.term"], Span { offset: 0, len: 7 });
        assert_eq!(
            packed.manifest.files["meta.json"],
            Span { offset: 7, len: 3 }
        );
        assert_eq!(packed.manifest.files["a.idx"], Span { offset: 10, len: 5 });
        let lens: Vec<u64> = packed.manifest.chunks.iter().map(|c| c.len).collect();
        assert_eq!(lens, [10, 4, 1]);
        for (name, bytes) in &packed.chunks {
            assert_eq!(name, &chunk_name(bytes));
        }
        assert_ne!(chunk_name(b"ab"), chunk_name(b"ba"));
        assert_eq!(
            pack(&files, read_at_open, 100, 4).manifest,
            packed.manifest,
            "deterministic"
        );
    }
}
