//! The containers of tantivy's files: the footer every file ends with, and the per-field parts
//! of composite files (postings, positions, term dictionaries, field norms).
//!
//! A file ends with a JSON footer (version, checksum), its length (`u32`) and a magic number
//! (`u32`, 1337). A composite file's body is its fields' parts one after another, then a
//! table (the number of parts, then per part its start as a gap from the previous one, its
//! field id and an index), then the table's length (`u32`).
//!
//! The build reads them to find where each field's part lies; the browser gets those offsets
//! from the manifest and never reads a footer.

use std::ops::Range;

use crate::bytes::{Cursor, Damaged};

const FOOTER_MAGIC: u32 = 1337;

/// The body of a tantivy file: everything before its footer.
pub fn body(file: &[u8]) -> Result<&[u8], Damaged> {
    let tail = file
        .len()
        .checked_sub(8)
        .ok_or(Damaged("a file is shorter than its footer"))?;
    let mut cursor = Cursor::new(&file[tail..]);
    let len = cursor.u32_le()? as usize;
    if cursor.u32_le()? != FOOTER_MAGIC {
        return Err(Damaged("a file's footer has the wrong magic number"));
    }
    let end = tail
        .checked_sub(len)
        .ok_or(Damaged("a file's footer is longer than the file"))?;
    Ok(&file[..end])
}

/// One part of a composite file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The field.
    pub field: u32,
    /// Where the part lies in the body.
    pub range: Range<usize>,
}

/// The parts of a composite file's body (see [`body`]), in file order.
pub fn parts(body: &[u8]) -> Result<Vec<Part>, Damaged> {
    let len_at = body
        .len()
        .checked_sub(4)
        .ok_or(Damaged("a composite file ends early"))?;
    let table_len = Cursor::new(&body[len_at..]).u32_le()? as usize;
    let table_at = len_at
        .checked_sub(table_len)
        .ok_or(Damaged("a composite file's table is out of range"))?;
    let mut cursor = Cursor::new(&body[table_at..len_at]);
    let count = cursor.vint_len(table_len)?;
    let mut starts = Vec::with_capacity(count);
    let mut offset = 0usize;
    for _ in 0..count {
        offset = offset
            .checked_add(cursor.vint_len(table_at)?)
            .filter(|o| *o <= table_at)
            .ok_or(Damaged("a composite part starts past the end"))?;
        let field = cursor.u32_le()?;
        let _index = cursor.vint()?;
        starts.push((field, offset));
    }
    let mut parts = Vec::with_capacity(count);
    for (i, &(field, start)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(table_at, |&(_, next)| next);
        if end < start {
            return Err(Damaged("composite parts overlap"));
        }
        parts.push(Part {
            field,
            range: start..end,
        });
    }
    Ok(parts)
}
