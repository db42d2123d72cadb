//! Where a query's bytes lie in the packed stream, so a reader can fetch them all at once.
//!
//! Opening the index reads the term dictionaries (in the eager chunk). After that, a query
//! reads the posting lists of its terms, the positions of its phrase terms, and the stored
//! documents of its hits, each from a small chunk. Read one by one, that is one round trip
//! per chunk: on a phone, seconds. A term's `TermInfo` gives the byte range of its postings
//! and positions within its field's part of the `.idx` and `.pos` files, and the document
//! store is cut into blocks of consecutive documents; the manifest records where each
//! field's part and each block lie in the stream, found at build time by watching tantivy
//! read them. With that, the runtime can name every chunk a query needs before running it.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Where the parts of the index a query reads lie in the packed stream.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// Field id → stream offset of the field's posting lists (`TermInfo::postings_range`
    /// counts from here).
    pub postings: BTreeMap<u32, u64>,
    /// Field id → stream offset of the field's positions (`TermInfo::positions_range`
    /// counts from here).
    pub positions: BTreeMap<u32, u64>,
    /// The stored-document blocks, in document order: `[first document, stream start,
    /// stream end]`.
    pub store: Vec<[u64; 3]>,
}

impl Layout {
    /// The stream range of a term's postings, if its field has any.
    pub fn postings(&self, field: u32, range: &Range<usize>) -> Option<Range<u64>> {
        let base = *self.postings.get(&field)?;
        Some(base + range.start as u64..base + range.end as u64)
    }

    /// The stream range of a term's positions, if its field has any.
    pub fn positions(&self, field: u32, range: &Range<usize>) -> Option<Range<u64>> {
        let base = *self.positions.get(&field)?;
        Some(base + range.start as u64..base + range.end as u64)
    }

    /// The stream range of the stored block holding document `doc`.
    pub fn stored(&self, doc: u32) -> Option<Range<u64>> {
        let at = self
            .store
            .partition_point(|[first, _, _]| *first <= u64::from(doc))
            .checked_sub(1)?;
        let [_, start, end] = self.store[at];
        Some(start..end)
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use build::layout;

#[cfg(not(target_arch = "wasm32"))]
mod build {
    //! Finding the layout of a freshly written index by reading it through a handle that
    //! notes where each read lands.

    use std::io;
    use std::ops::Range;
    use std::sync::{Arc, Mutex};

    use tantivy::HasLen;
    use tantivy::directory::footer::Footer;
    use tantivy::directory::{CompositeFile, FileHandle, FileSlice, OwnedBytes};
    use tantivy::schema::Schema;
    use tantivy::store::StoreReader;

    use super::Layout;
    use crate::bundle::Span;

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

    /// The file as tantivy reads it (without the footer its managed directory adds), and
    /// the handle that watches the reads.
    fn watched(bytes: &[u8]) -> io::Result<(Arc<Watched>, FileSlice)> {
        let file = Arc::new(Watched {
            bytes: OwnedBytes::new(bytes.to_vec()),
            last: Mutex::new(None),
        });
        let (_, body) = Footer::extract_footer(FileSlice::new(file.clone()))?;
        Ok((file, body))
    }

    fn last(file: &Watched) -> io::Result<Range<usize>> {
        file.last
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .take()
            .ok_or_else(|| io::Error::other("nothing was read"))
    }

    /// Where each field's part of a composite file (`.idx`, `.pos`) starts in the stream;
    /// `skip` bytes of a header are passed over.
    fn parts(
        bytes: &[u8],
        span: Span,
        schema: &Schema,
        skip: usize,
    ) -> io::Result<std::collections::BTreeMap<u32, u64>> {
        let (file, slice) = watched(bytes)?;
        let composite = CompositeFile::open(&slice)?;
        let mut out = std::collections::BTreeMap::new();
        for (field, _) in schema.fields() {
            let Some(part) = composite.open_read(field) else {
                continue;
            };
            if part.num_bytes().get_bytes() < skip as u64 {
                continue;
            }
            part.read_bytes_slice(0..0)?;
            let start = last(&file)?.start;
            out.insert(field.field_id(), span.offset + (start + skip) as u64);
        }
        Ok(out)
    }

    /// The stored-document blocks: for each, the first document and its stream range.
    /// Documents of one block read the same range; block boundaries are found by binary
    /// search, so this costs a few reads per block, not one per document.
    fn blocks(bytes: &[u8], span: Span, num_docs: u32) -> io::Result<Vec<[u64; 3]>> {
        let (file, slice) = watched(bytes)?;
        let store = StoreReader::open(slice, 0)?;
        let range_of = |doc: u32| -> io::Result<Range<usize>> {
            store
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
            out.push([
                u64::from(first),
                span.offset + range.start as u64,
                span.offset + range.end as u64,
            ]);
            first = low + 1;
        }
        Ok(out)
    }

    /// The layout of a one-segment index from its files (name, bytes) and where they lie.
    pub fn layout(
        files: &[(String, Vec<u8>)],
        spans: &std::collections::BTreeMap<String, Span>,
        schema: &Schema,
        num_docs: u32,
    ) -> io::Result<Layout> {
        let mut layout = Layout::default();
        for (name, bytes) in files {
            let Some(&span) = spans.get(name) else {
                continue;
            };
            if name.ends_with(".idx") {
                // A field's postings start with its token count (8 bytes).
                layout.postings = parts(bytes, span, schema, 8)?;
            } else if name.ends_with(".pos") {
                layout.positions = parts(bytes, span, schema, 0)?;
            } else if name.ends_with(".store") {
                layout.store = blocks(bytes, span, num_docs)?;
            }
        }
        Ok(layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_blocks_are_found_by_first_document() {
        let layout = Layout {
            store: vec![[0, 100, 200], [5, 200, 260], [9, 260, 300]],
            ..Layout::default()
        };
        assert_eq!(layout.stored(0), Some(100..200));
        assert_eq!(layout.stored(4), Some(100..200));
        assert_eq!(layout.stored(5), Some(200..260));
        assert_eq!(layout.stored(100), Some(260..300));
        assert_eq!(Layout::default().stored(0), None);
        let layout = Layout {
            postings: [(3, 1000)].into(),
            ..Layout::default()
        };
        assert_eq!(layout.postings(3, &(10..20)), Some(1010..1020));
        assert_eq!(layout.postings(4, &(10..20)), None);
    }
}
