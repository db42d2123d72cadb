//! Stored documents as tantivy's document store keeps them.
//!
//! The store is a run of compressed blocks of consecutive documents. Decompressed, a block is
//! the documents' bytes one after another, then each document's start as a little-endian
//! `u32`, then their count. A document is its number of values, then per value the field id
//! (`u32`), a type code (0 for text) and the text (its length, then UTF-8).
//!
//! With `lz4`, a compressed block is the decompressed length (`u32`) and an LZ4 block.

use crate::bytes::{Cursor, Damaged};

/// tantivy's id of a store without compression.
pub const NO_COMPRESSION: u8 = 0;
/// tantivy's id of the LZ4 block compressor.
pub const LZ4: u8 = 1;

/// The largest block accepted: tantivy's blocks are a few KiB, and a damaged length must not
/// make the reader allocate gigabytes.
const MAX_BLOCK: usize = 16 << 20;

/// A block of documents, decompressed.
pub fn decompress(bytes: &[u8], compressor: u8) -> Result<Vec<u8>, Damaged> {
    match compressor {
        NO_COMPRESSION => Ok(bytes.to_vec()),
        LZ4 => {
            let mut cursor = Cursor::new(bytes);
            let len = cursor.u32_le()? as usize;
            if len > MAX_BLOCK {
                return Err(Damaged("a stored block is too large"));
            }
            let mut out = vec![0u8; len];
            let written = lz4_flex::block::decompress_into(cursor.rest(), &mut out)
                .map_err(|_| Damaged("a stored block does not decompress"))?;
            if written != len {
                return Err(Damaged("a stored block is shorter than it says"));
            }
            Ok(out)
        }
        _ => Err(Damaged(
            "the store uses a compressor this reader does not know",
        )),
    }
}

/// The bytes of document `index` of a decompressed block.
pub fn document(block: &[u8], index: usize) -> Result<&[u8], Damaged> {
    let count_at = block
        .len()
        .checked_sub(4)
        .ok_or(Damaged("a stored block ends early"))?;
    let count = Cursor::new(&block[count_at..]).u32_le()? as usize;
    let starts_at = count
        .checked_mul(4)
        .and_then(|n| count_at.checked_sub(n))
        .ok_or(Damaged("a stored block's index is out of range"))?;
    if index >= count {
        return Err(Damaged("a document is not in its block"));
    }
    let mut starts = Cursor::new(&block[starts_at + index * 4..count_at]);
    let start = starts.u32_le()? as usize;
    let end = if index + 1 < count {
        starts.u32_le()? as usize
    } else {
        starts_at
    };
    block
        .get(start..end)
        .filter(|_| start <= end)
        .ok_or(Damaged("a document lies outside its block"))
}

/// The text values of a stored document, as (field id, text), in stored order.
pub fn fields(document: &[u8]) -> Result<Vec<(u32, String)>, Damaged> {
    let mut cursor = Cursor::new(document);
    let count = cursor.vint_len(document.len())?;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let field = cursor.u32_le()?;
        if cursor.u8()? != 0 {
            return Err(Damaged("a stored value is not text"));
        }
        out.push((field, cursor.string()?.to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytes::write_string;

    fn stored(values: &[(u32, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        crate::bytes::write_vint(&mut out, values.len() as u64);
        for (field, text) in values {
            out.extend_from_slice(&field.to_le_bytes());
            out.push(0);
            write_string(&mut out, text);
        }
        out
    }

    #[test]
    fn documents_of_a_block_are_found_by_their_starts() {
        let docs = [
            stored(&[(9, "kk/guides/a/"), (10, "А")]),
            stored(&[(9, "ru/")]),
        ];
        let mut block = Vec::new();
        let mut starts = Vec::new();
        for doc in &docs {
            starts.push(block.len() as u32);
            block.extend_from_slice(doc);
        }
        for start in &starts {
            block.extend_from_slice(&start.to_le_bytes());
        }
        block.extend_from_slice(&(docs.len() as u32).to_le_bytes());
        let second = fields(document(&block, 1).expect("doc")).expect("fields");
        assert_eq!(second, [(9, "ru/".to_owned())]);
        let first = fields(document(&block, 0).expect("doc")).expect("fields");
        assert_eq!(first[1], (10, "А".to_owned()));
        assert!(document(&block, 2).is_err());
        assert!(document(&block[..3], 0).is_err());
        let mut compressed = (block.len() as u32).to_le_bytes().to_vec();
        compressed.extend(lz4_flex::block::compress(&block));
        assert_eq!(decompress(&compressed, LZ4).expect("lz4"), block);
        assert!(decompress(&compressed[..compressed.len() - 1], LZ4).is_err());
    }
}
