//! Reading and writing the integers of the index files: tantivy's little-endian words and
//! variable-length integers (seven bits a byte, low bits first, the last byte marked by its
//! high bit), which Bagdar's own files use too. Every read is checked: a damaged or cut file
//! gives [`Damaged`], never a panic.

use std::fmt;

/// A file of the index is shorter than it says, or says something impossible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damaged(pub &'static str);

impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the search index is damaged ({})", self.0)
    }
}

impl std::error::Error for Damaged {}

/// A checked reader over a byte slice.
#[derive(Clone, Debug)]
pub struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Cursor<'a> {
        Cursor { bytes, at: 0 }
    }

    /// What is left to read.
    pub fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at..]
    }

    /// Whether everything was read.
    pub fn is_empty(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Damaged> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or(Damaged("a file ends early"))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    /// One byte.
    pub fn u8(&mut self) -> Result<u8, Damaged> {
        Ok(self.take(1)?[0])
    }

    /// A little-endian `u32`.
    pub fn u32_le(&mut self) -> Result<u32, Damaged> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    /// A little-endian `u64`.
    pub fn u64_le(&mut self) -> Result<u64, Damaged> {
        let mut word = [0u8; 8];
        word.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(word))
    }

    /// A variable-length integer.
    pub fn vint(&mut self) -> Result<u64, Damaged> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 != 0 {
                return Ok(value);
            }
        }
        Err(Damaged("an integer runs on"))
    }

    /// A variable-length integer that must fit in `u32`.
    pub fn vint_u32(&mut self) -> Result<u32, Damaged> {
        u32::try_from(self.vint()?).map_err(|_| Damaged("an integer is too large"))
    }

    /// A variable-length integer used as a length or count, at most `limit`.
    pub fn vint_len(&mut self, limit: usize) -> Result<usize, Damaged> {
        usize::try_from(self.vint()?)
            .ok()
            .filter(|n| *n <= limit)
            .ok_or(Damaged("a length is out of range"))
    }

    /// A string written as its length and UTF-8 bytes.
    pub fn string(&mut self) -> Result<&'a str, Damaged> {
        let len = self.vint_len(self.bytes.len())?;
        std::str::from_utf8(self.take(len)?).map_err(|_| Damaged("text that is not UTF-8"))
    }
}

/// Appends a variable-length integer.
pub fn write_vint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte | 0x80);
            return;
        }
        out.push(byte);
    }
}

/// Appends a string as its length and bytes.
pub fn write_string(out: &mut Vec<u8>, text: &str) {
    write_vint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_round_trip_and_damage_is_an_error() {
        let mut out = Vec::new();
        for value in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            write_vint(&mut out, value);
        }
        write_string(&mut out, "қандас");
        let mut cursor = Cursor::new(&out);
        for value in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(cursor.vint(), Ok(value));
        }
        assert_eq!(cursor.string(), Ok("қандас"));
        assert!(cursor.is_empty());
        assert_eq!(cursor.u8(), Err(Damaged("a file ends early")));
        // 128 is two bytes; cut after the first, it ends early.
        assert!(Cursor::new(&[0x00]).vint().is_err());
        assert!(Cursor::new(&[0x00; 12]).vint().is_err());
        assert_eq!(Cursor::new(&[1, 0, 0, 0]).u32_le(), Ok(1));
        assert!(Cursor::new(&[0x85, 0xff]).vint_len(4).is_err());
    }
}
