//! The index as static files: every index file is packed into one byte stream, cut into
//! fixed-size chunks named by the hash of their content, and described by `manifest.json`.
//!
//! - Hosts without HTTP Range support serve it: a reader fetches whole small files.
//! - Chunks are immutable and can be cached forever; a new build writes new names.
//! - One manifest ties one build together: a reader that opened a manifest only ever asks for
//!   the chunks it names, so a stale cached chunk can never be mixed with a new index, and a
//!   chunk whose content does not match its name is refused.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The manifest's file name in the search folder.
pub const MANIFEST: &str = "manifest.json";

/// The folder of chunks in the search folder.
pub const CHUNKS_DIR: &str = "chunks";

/// The format version a reader understands.
pub const VERSION: u32 = 1;

/// The default chunk size: large enough that a query needs few requests, small enough that
/// it fetches little it does not use.
pub const DEFAULT_CHUNK_SIZE: usize = 32 * 1024;

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
    /// Chunk size in bytes (the last chunk may be shorter).
    pub chunk_size: u64,
    /// Every index file and where it lies.
    pub files: BTreeMap<String, Span>,
    /// Chunk names (content hashes), in stream order.
    pub chunks: Vec<String>,
}

/// A packed index: its manifest and its chunks' bytes by name.
pub struct Packed {
    /// The manifest.
    pub manifest: Manifest,
    /// (name, bytes) of every chunk, in order.
    pub chunks: Vec<(String, Vec<u8>)>,
}

/// Packs index files (in the order given) into chunks.
pub fn pack(files: &[(String, Vec<u8>)], chunk_size: usize) -> Packed {
    let mut stream = Vec::new();
    let mut spans = BTreeMap::new();
    for (name, bytes) in files {
        spans.insert(
            name.clone(),
            Span {
                offset: stream.len() as u64,
                len: bytes.len() as u64,
            },
        );
        stream.extend_from_slice(bytes);
    }
    let chunks: Vec<(String, Vec<u8>)> = stream
        .chunks(chunk_size.max(1))
        .map(|chunk| (chunk_name(chunk), chunk.to_vec()))
        .collect();
    let manifest = Manifest {
        version: VERSION,
        build: chunk_name(&stream),
        chunk_size: chunk_size as u64,
        files: spans,
        chunks: chunks.iter().map(|(name, _)| name.clone()).collect(),
    };
    Packed { manifest, chunks }
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
    fn packing_cuts_one_stream_and_names_chunks_by_content() {
        let files = vec![
            ("a".to_owned(), vec![1u8; 5]),
            ("b".to_owned(), vec![2u8; 7]),
        ];
        let packed = pack(&files, 4);
        assert_eq!(packed.manifest.files["b"], Span { offset: 5, len: 7 });
        assert_eq!(packed.chunks.len(), 3);
        assert_eq!(packed.chunks[2].1, vec![2u8; 4]);
        for (name, bytes) in &packed.chunks {
            assert_eq!(name, &chunk_name(bytes));
        }
        assert_ne!(chunk_name(b"ab"), chunk_name(b"ba"));
        assert_eq!(pack(&files, 4).manifest, packed.manifest, "deterministic");
    }
}
