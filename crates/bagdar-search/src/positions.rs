//! A term's positions as tantivy writes them, decoded whole.
//!
//! For every document of the posting list in turn, the term's positions there, as gaps (the
//! first from 0). The gaps of all documents run on: first the number of bit-packed blocks
//! and one bit width per block, then the blocks of 128 gaps, then the rest as variable-length
//! integers.

use bitpacking::{BitPacker, BitPacker4x};

use crate::bytes::{Cursor, Damaged};
use crate::postings::BLOCK;

/// The gaps of a term's positions, `total` of them (the sum of its term frequencies).
pub fn decode(bytes: &[u8], total: usize) -> Result<Vec<u32>, Damaged> {
    let mut cursor = Cursor::new(bytes);
    let blocks = cursor.vint_len(bytes.len())?;
    let widths = cursor.take(blocks)?;
    if blocks * BLOCK > total {
        return Err(Damaged("more positions than occurrences"));
    }
    let packer = BitPacker4x::new();
    let mut gaps = Vec::with_capacity(total);
    let mut block = [0u32; BLOCK];
    for &width in widths {
        if width > 32 {
            return Err(Damaged("a block's bit width is over 32"));
        }
        let packed = cursor.take(usize::from(width) * BLOCK / 8)?;
        packer.decompress(packed, &mut block, width);
        gaps.extend_from_slice(&block);
    }
    while gaps.len() < total {
        gaps.push(cursor.vint_u32()?);
    }
    Ok(gaps)
}

/// The positions of one document: its `freq` gaps starting at `start`, summed from `offset`.
pub fn of_document(gaps: &[u32], start: usize, freq: u32, offset: u32) -> Option<Vec<u32>> {
    let slice = gaps.get(start..start.checked_add(freq as usize)?)?;
    let mut position = offset;
    let mut out = Vec::with_capacity(slice.len());
    for gap in slice {
        position = position.checked_add(*gap)?;
        out.push(position);
    }
    Some(out)
}
