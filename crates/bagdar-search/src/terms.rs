//! The term table: every term of the word fields with its document frequency and where its
//! postings and positions lie, written at build time from tantivy's own dictionaries, so the
//! browser needs no FST. It is cut into shards by key range, and a query fetches only the
//! shards of its words.
//!
//! Two tables, with their own keys:
//! - **fold** (the fold-key fields): the key is the fold key of the term's first letter, its
//!   length in letters, then the term. Typo tolerance looks for terms that begin with the same
//!   letter and whose length is within the distance: one key range.
//! - **words** (exact words and stems): the key is the term's fold key, so a word's exact
//!   forms and stem lie next to each other, usually in one shard.
//!
//! A shard lists the chunks its entries' bytes lie in (stream offset, length, name), then the
//! entries in key order: the term (the bytes it shares with the previous entry's term, then
//! the rest), the field, the document frequency, and the stream ranges of postings and
//! positions.

use std::ops::Range;

use crate::bytes::{Cursor, Damaged, write_vint};

/// Which table a field's terms are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    /// Fold keys.
    Fold,
    /// Exact words and stems.
    Words,
}

/// The key a term is sorted and sharded by.
pub fn key(table: Table, term: &str) -> Vec<u8> {
    match table {
        Table::Fold => {
            let mut key = fold_group(term.chars().next().unwrap_or(' '));
            key.push(term.chars().count().min(255) as u8);
            key.extend_from_slice(term.as_bytes());
            key
        }
        Table::Words => bagdar_analysis::fold(term).into_bytes(),
    }
}

/// The start of the keys of the fold table whose terms begin with `first` (or another spelling
/// of it): the fold key of the letter, in UTF-8. A length byte follows it in each key.
pub fn fold_group(first: char) -> Vec<u8> {
    let mut bytes = [0u8; 4];
    bagdar_analysis::letter_key(first)
        .encode_utf8(&mut bytes)
        .as_bytes()
        .to_vec()
}

/// One term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// tantivy's field id.
    pub field: u32,
    /// The term.
    pub term: String,
    /// Documents that contain it.
    pub doc_freq: u32,
    /// Its postings, in the packed stream.
    pub postings: Range<u64>,
    /// Its positions, in the packed stream (empty when the field has none).
    pub positions: Range<u64>,
}

/// A chunk an entry's bytes lie in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkRef {
    /// Where it starts in the packed stream.
    pub offset: u64,
    /// Its length.
    pub len: u64,
    /// Its file.
    pub name: u64,
}

/// A decoded shard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shard {
    /// The chunks, in stream order.
    pub chunks: Vec<ChunkRef>,
    /// (key, entry), in key order.
    pub entries: Vec<(Vec<u8>, Entry)>,
}

impl Shard {
    /// The entry of `term` in `field`.
    pub fn get(&self, table: Table, field: u32, term: &str) -> Option<&Entry> {
        let key = key(table, term);
        let at = self.entries.partition_point(|(k, e)| {
            (k.as_slice(), e.field, e.term.as_str()) < (key.as_slice(), field, term)
        });
        self.entries
            .get(at)
            .map(|(_, e)| e)
            .filter(|e| e.field == field && e.term == term)
    }

    /// The entries whose keys lie in `range`.
    pub fn in_range(&self, range: Range<&[u8]>) -> &[(Vec<u8>, Entry)] {
        let start = self
            .entries
            .partition_point(|(k, _)| k.as_slice() < range.start);
        let end = self
            .entries
            .partition_point(|(k, _)| k.as_slice() < range.end);
        &self.entries[start..end.max(start)]
    }

    /// The chunks (index into [`Shard::chunks`], start, end within the chunk) that hold stream
    /// bytes `range`, in order; `None` if the shard does not cover them.
    pub fn pieces(&self, range: &Range<u64>) -> Option<Vec<(usize, usize, usize)>> {
        let mut out = Vec::new();
        let mut at = range.start;
        while at < range.end {
            let index = self
                .chunks
                .partition_point(|c| c.offset <= at)
                .checked_sub(1)?;
            let chunk = &self.chunks[index];
            let chunk_end = chunk.offset + chunk.len;
            if at >= chunk_end {
                return None;
            }
            let end = range.end.min(chunk_end);
            out.push((
                index,
                (at - chunk.offset) as usize,
                (end - chunk.offset) as usize,
            ));
            at = end;
        }
        Some(out)
    }
}

/// Writes a shard's content. `entries` must be in key order.
pub fn encode(table: Table, chunks: &[ChunkRef], entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    write_vint(&mut out, chunks.len() as u64);
    let mut offset = 0;
    for chunk in chunks {
        write_vint(&mut out, chunk.offset - offset);
        write_vint(&mut out, chunk.len);
        out.extend_from_slice(&chunk.name.to_le_bytes());
        offset = chunk.offset;
    }
    write_vint(&mut out, entries.len() as u64);
    let mut previous: &[u8] = &[];
    for entry in entries {
        debug_assert!(!entry.term.is_empty() || table == Table::Words);
        let term = entry.term.as_bytes();
        let shared = previous
            .iter()
            .zip(term)
            .take_while(|(a, b)| a == b)
            .count();
        write_vint(&mut out, shared as u64);
        write_vint(&mut out, (term.len() - shared) as u64);
        out.extend_from_slice(&term[shared..]);
        write_vint(&mut out, u64::from(entry.field));
        write_vint(&mut out, u64::from(entry.doc_freq));
        for range in [&entry.postings, &entry.positions] {
            write_vint(&mut out, range.start);
            write_vint(&mut out, range.end - range.start);
        }
        previous = term;
    }
    out
}

/// Reads a shard's content, checking that entries are in key order and their bytes lie in
/// the shard's chunks.
pub fn decode(table: Table, content: &[u8]) -> Result<Shard, Damaged> {
    let mut cursor = Cursor::new(content);
    let limit = content.len();
    let count = cursor.vint_len(limit / 10)?;
    let mut shard = Shard::default();
    let mut offset = 0u64;
    for _ in 0..count {
        offset = offset
            .checked_add(cursor.vint()?)
            .ok_or(Damaged("a chunk offset overflows"))?;
        let len = cursor.vint()?;
        let name = cursor.u64_le()?;
        if shard
            .chunks
            .last()
            .is_some_and(|c: &ChunkRef| c.offset + c.len > offset)
            || offset.checked_add(len).is_none()
        {
            return Err(Damaged("a shard's chunks overlap"));
        }
        shard.chunks.push(ChunkRef { offset, len, name });
    }
    let entries = cursor.vint_len(limit / 4)?;
    let mut term: Vec<u8> = Vec::new();
    for _ in 0..entries {
        let shared = cursor.vint_len(term.len())?;
        let rest = cursor.vint_len(limit)?;
        term.truncate(shared);
        term.extend_from_slice(cursor.take(rest)?);
        let text = std::str::from_utf8(&term).map_err(|_| Damaged("a term is not UTF-8"))?;
        let field = cursor.vint_u32()?;
        let doc_freq = cursor.vint_u32()?;
        let mut ranges = [0u64..0, 0..0];
        for range in &mut ranges {
            let start = cursor.vint()?;
            let end = start
                .checked_add(cursor.vint()?)
                .ok_or(Damaged("a term's range overflows"))?;
            *range = start..end;
        }
        let [postings, positions] = ranges;
        let entry = Entry {
            field,
            term: text.to_owned(),
            doc_freq,
            postings,
            positions,
        };
        if shard.pieces(&entry.postings).is_none() || shard.pieces(&entry.positions).is_none() {
            return Err(Damaged("a term's bytes lie outside its shard's chunks"));
        }
        let key = key(table, text);
        if let Some((previous_key, previous)) = shard.entries.last() {
            let order = (
                previous_key.as_slice(),
                previous.field,
                previous.term.as_str(),
            );
            if order >= (key.as_slice(), field, text) {
                return Err(Damaged("a shard's terms are out of order"));
            }
        }
        shard.entries.push((key, entry));
    }
    if !cursor.is_empty() {
        return Err(Damaged("a shard runs on"));
    }
    Ok(shard)
}

/// The piece list of a store directory piece: (first document, chunk name) per block.
pub fn encode_store(blocks: &[(u32, u64)]) -> Vec<u8> {
    let mut out = Vec::new();
    write_vint(&mut out, blocks.len() as u64);
    let mut previous = 0;
    for &(first, name) in blocks {
        write_vint(&mut out, u64::from(first - previous));
        out.extend_from_slice(&name.to_le_bytes());
        previous = first;
    }
    out
}

/// Reads a store directory piece that starts at document `first`, every block before `end`.
pub fn decode_store(content: &[u8], first: u32, end: u32) -> Result<Vec<(u32, u64)>, Damaged> {
    let mut cursor = Cursor::new(content);
    let count = cursor.vint_len(content.len() / 9)?;
    let mut out: Vec<(u32, u64)> = Vec::with_capacity(count);
    let mut previous = 0u32;
    for i in 0..count {
        let doc = previous
            .checked_add(cursor.vint_u32()?)
            .filter(|d| (i == 0 && *d == first) || (i > 0 && *d > previous && *d < end))
            .ok_or(Damaged("a store directory is out of order"))?;
        out.push((doc, cursor.u64_le()?));
        previous = doc;
    }
    if !cursor.is_empty() {
        return Err(Damaged("a store directory runs on"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_round_trip_and_find_terms_by_key() {
        let chunks = vec![
            ChunkRef {
                offset: 100,
                len: 50,
                name: 1,
            },
            ChunkRef {
                offset: 150,
                len: 50,
                name: 2,
            },
        ];
        let mut entries: Vec<Entry> = ["қандас", "кандастар", "kandas"]
            .iter()
            .enumerate()
            .map(|(i, term)| Entry {
                field: 2 * i as u32,
                term: (*term).to_owned(),
                doc_freq: 3,
                postings: 100 + 10 * i as u64..120 + 10 * i as u64,
                positions: 140..160,
            })
            .collect();
        entries.sort_by_key(|e| (key(Table::Words, &e.term), e.field, e.term.clone()));
        let bytes = encode(Table::Words, &chunks, &entries);
        let shard = decode(Table::Words, &bytes).expect("decode");
        assert_eq!(shard.chunks, chunks);
        let found = shard.get(Table::Words, 0, "қандас").expect("found");
        assert_eq!(found.postings, 100..120);
        assert!(shard.get(Table::Words, 1, "қандас").is_none());
        assert_eq!(
            shard.pieces(&(140..160)),
            Some(vec![(0, 40, 50), (1, 0, 10)])
        );
        assert_eq!(shard.pieces(&(150..150)), Some(vec![]));
        assert_eq!(shard.pieces(&(90..110)), None);
        for cut in 0..bytes.len() {
            assert!(decode(Table::Words, &bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn fold_keys_group_terms_by_first_letter_then_length() {
        assert!(key(Table::Fold, "zz") > key(Table::Fold, "aaa"));
        assert!(key(Table::Fold, "kz") < key(Table::Fold, "kaa"));
        assert_eq!(key(Table::Fold, "kandas")[..2], [b'k', 6]);
        assert_eq!(key(Table::Fold, "кандас")[..2], [b'k', 6]);
        assert_eq!(key(Table::Words, "қандас"), b"kandas");
        let store = encode_store(&[(0, 9), (7, 8)]);
        assert_eq!(decode_store(&store, 0, 10), Ok(vec![(0, 9), (7, 8)]));
        assert!(decode_store(&store, 0, 7).is_err());
    }
}
