//! A term's posting list as tantivy writes it, decoded whole: the documents that contain the
//! term and how often.
//!
//! The list is a run of blocks of 128 documents, then a tail:
//! - a term in 128 documents or more starts with its skip data (its length as a variable-length
//!   integer, then one record per block: the block's last document, the bit widths of its
//!   document gaps and term frequencies, and figures the reader here does not need);
//! - each block holds its document gaps bit-packed (`bitpacking`'s 4×32 layout, gaps counted
//!   from the previous block's last document), then its term frequencies bit-packed, minus one;
//! - the tail holds the remaining documents' gaps, then their frequencies, as variable-length
//!   integers.

use bitpacking::{BitPacker, BitPacker4x};

use crate::bytes::{Cursor, Damaged};

/// Documents in a bit-packed block.
pub const BLOCK: usize = BitPacker4x::BLOCK_LEN;

/// What a field records for each posting, which decides the size of a skip record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    /// Documents only.
    Basic,
    /// Documents and term frequencies.
    Freqs,
    /// Documents, term frequencies and positions.
    FreqsAndPositions,
}

impl Record {
    fn skip_record_len(self) -> usize {
        match self {
            Record::Basic => 5,
            Record::Freqs => 8,
            Record::FreqsAndPositions => 12,
        }
    }
}

/// A decoded posting list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Postings {
    /// The documents, ascending.
    pub docs: Vec<u32>,
    /// How often the term occurs in each (1 where the field records no frequencies).
    pub freqs: Vec<u32>,
}

/// Decodes the posting list of a term in `doc_freq` documents, no document at or past
/// `max_doc`.
pub fn decode(
    bytes: &[u8],
    doc_freq: u32,
    record: Record,
    max_doc: u32,
) -> Result<Postings, Damaged> {
    if doc_freq > max_doc {
        return Err(Damaged("a term is in more documents than there are"));
    }
    let blocks = doc_freq as usize / BLOCK;
    let mut cursor = Cursor::new(bytes);
    let mut record = record;
    let skip = if blocks > 0 {
        let len = cursor.vint_len(bytes.len())?;
        let skip = cursor.take(len)?;
        // As tantivy does: skip data too short for its blocks was written without frequencies.
        if skip.len() < 8 * blocks {
            record = Record::Basic;
        }
        skip
    } else {
        &[]
    };
    let with_freqs = record != Record::Basic;
    let data = cursor.rest();
    let mut skip = Cursor::new(skip);
    let mut postings = Postings {
        docs: Vec::with_capacity(doc_freq as usize),
        freqs: Vec::with_capacity(doc_freq as usize),
    };
    let packer = BitPacker4x::new();
    let mut block = [0u32; BLOCK];
    let mut at = 0usize;
    let mut last = 0u32;
    for _ in 0..blocks {
        let last_in_block = skip.u32_le()?;
        let width = skip.u8()?;
        let (doc_bits, strict) = (width & 0x1f, (width >> 6) & 1 == 1);
        let freq_bits = if with_freqs { skip.u8()? } else { 0 };
        skip.take(record.skip_record_len() - if with_freqs { 6 } else { 5 })?;
        if doc_bits > 32 || freq_bits > 32 {
            return Err(Damaged("a block's bit width is over 32"));
        }
        let doc_bytes = usize::from(doc_bits) * BLOCK / 8;
        let freq_bytes = usize::from(freq_bits) * BLOCK / 8;
        let packed = data
            .get(at..at + doc_bytes + freq_bytes)
            .ok_or(Damaged("a posting block ends early"))?;
        if strict {
            // Damaged gaps wrap around (bitpacking adds with wrapping arithmetic); the order
            // check below catches them.
            let initial = (last != 0).then_some(last);
            packer.decompress_strictly_sorted(initial, &packed[..doc_bytes], &mut block, doc_bits);
        } else {
            packer.decompress_sorted(last, &packed[..doc_bytes], &mut block, doc_bits);
        }
        push_docs(&mut postings.docs, &block, max_doc)?;
        if postings.docs.last() != Some(&last_in_block) {
            return Err(Damaged(
                "a block's last document disagrees with its skip data",
            ));
        }
        if with_freqs {
            packer.decompress(&packed[doc_bytes..], &mut block, freq_bits);
            for freq in block {
                // Written minus one when the block is strictly delta-encoded, as it always is.
                let freq = if strict {
                    freq.checked_add(1)
                } else {
                    Some(freq)
                };
                postings
                    .freqs
                    .push(freq.ok_or(Damaged("a term frequency overflows"))?);
            }
        } else {
            postings.freqs.extend([1u32; BLOCK]);
        }
        at += doc_bytes + freq_bytes;
        last = last_in_block;
    }
    let tail = doc_freq as usize - blocks * BLOCK;
    if tail > 0 {
        let mut rest = Cursor::new(data.get(at..).ok_or(Damaged("a posting list ends early"))?);
        let mut doc = last;
        for _ in 0..tail {
            let gap = rest.vint_u32()?;
            doc = doc
                .checked_add(gap)
                .ok_or(Damaged("a document id overflows"))?;
            if doc >= max_doc || postings.docs.last().is_some_and(|d| *d >= doc) {
                return Err(Damaged("documents out of order"));
            }
            postings.docs.push(doc);
        }
        if with_freqs && !rest.is_empty() {
            for _ in 0..tail {
                postings.freqs.push(rest.vint_u32()?);
            }
        } else {
            postings.freqs.extend(std::iter::repeat_n(1, tail));
        }
    }
    Ok(postings)
}

fn push_docs(docs: &mut Vec<u32>, block: &[u32; BLOCK], max_doc: u32) -> Result<(), Damaged> {
    for &doc in block {
        if doc >= max_doc || docs.last().is_some_and(|d| *d >= doc) {
            return Err(Damaged("documents out of order"));
        }
        docs.push(doc);
    }
    Ok(())
}
