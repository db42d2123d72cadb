//! Where the stored-document blocks of a freshly written index lie, found by reading the store
//! through a handle that notes where each read lands. The bundle cuts the store's chunks on
//! these boundaries, one block a chunk, so a hit costs its block and nothing more.

use std::io;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use tantivy::HasLen;
use tantivy::directory::footer::Footer;
use tantivy::directory::{FileHandle, FileSlice, OwnedBytes};
use tantivy::store::StoreReader;

/// An in-memory file that remembers the last range read from it.
#[derive(Debug)]
struct Watched {
    bytes: OwnedBytes,
    last: Mutex<Option<Range<usize>>>,
}

impl HasLen for Watched {
    fn len(&self) -> usize {
        self.bytes.len()
    }
}

impl FileHandle for Watched {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if let Ok(mut last) = self.last.lock() {
            *last = Some(range.clone());
        }
        Ok(self.bytes.slice(range))
    }
}

/// The store's blocks: for each, its first document and its byte range in the `.store` file.
/// Documents are read in order through a cache of one block, so each block is read (and
/// decompressed) once, when its first document is: a read marks a new block.
pub(super) fn store_blocks(store: &[u8], num_docs: u32) -> io::Result<Vec<(u32, Range<usize>)>> {
    let file = Arc::new(Watched {
        bytes: OwnedBytes::new(store.to_vec()),
        last: Mutex::new(None),
    });
    let (_, body) = Footer::extract_footer(FileSlice::new(file.clone()))?;
    let reader = StoreReader::open(body, 1)?;
    let mut out: Vec<(u32, Range<usize>)> = Vec::new();
    for doc in 0..num_docs {
        reader
            .get_document_bytes(doc)
            .map_err(|e| io::Error::other(e.to_string()))?;
        let read = file
            .last
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .take();
        match read {
            Some(range) if out.last().is_none_or(|(_, last)| *last != range) => {
                out.push((doc, range));
            }
            Some(_) => {}
            None if doc == 0 => return Err(io::Error::other("the first document read nothing")),
            None => {}
        }
    }
    Ok(out)
}
