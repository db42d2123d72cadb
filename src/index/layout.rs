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

fn last(file: &Watched) -> io::Result<Range<usize>> {
    file.last
        .lock()
        .map_err(|_| io::Error::other("poisoned"))?
        .take()
        .ok_or_else(|| io::Error::other("nothing was read"))
}

/// The store's blocks: for each, its first document and its byte range in the `.store` file.
/// Documents of one block read the same range; block boundaries are found by binary search,
/// so this costs a few reads per block, not one per document.
pub(super) fn store_blocks(store: &[u8], num_docs: u32) -> io::Result<Vec<(u32, Range<usize>)>> {
    let file = Arc::new(Watched {
        bytes: OwnedBytes::new(store.to_vec()),
        last: Mutex::new(None),
    });
    let (_, body) = Footer::extract_footer(FileSlice::new(file.clone()))?;
    let reader = StoreReader::open(body, 0)?;
    let range_of = |doc: u32| -> io::Result<Range<usize>> {
        reader
            .get_document_bytes(doc)
            .map_err(|e| io::Error::other(e.to_string()))?;
        last(&file)
    };
    let mut out = Vec::new();
    let mut first = 0;
    while first < num_docs {
        let range = range_of(first)?;
        // The last document whose block is `range`: binary search over first..num_docs.
        let (mut low, mut high) = (first, num_docs - 1);
        while low < high {
            let mid = low + (high - low).div_ceil(2);
            if range_of(mid)? == range {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        out.push((first, range));
        first = low + 1;
    }
    Ok(out)
}
