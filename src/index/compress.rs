//! gzip for the search files: every file under `search/` is written compressed, so that a host
//! that compresses nothing still sends few bytes, as Pagefind ships its own files. The browser
//! undoes it with `DecompressionStream`; `bagdar search` with this module.
//!
//! The output is the same for the same input (no time or file name in the header), so builds
//! stay reproducible and unchanged files keep their names. A build compresses thousands of
//! small files, so each thread keeps one compressor and resets it between files: making a new
//! one clears a few hundred kilobytes of tables every time.

use std::cell::RefCell;
use std::io::Read;

use flate2::read::GzDecoder;
use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// A decompressed file larger than this is refused: no search file comes near it, and a
/// damaged or hostile file must not make the reader allocate without bound.
const MAX_DECODED: u64 = 64 << 20;

/// The deflate level: 2, the fastest with Huffman codes fitted to each file (level 1 uses fixed
/// codes, which enlarge binary files such as postings). Higher levels save about 3 % more.
const LEVEL: u32 = 2;

/// A gzip member's header: deflate, no flags, no time, no extra flags, unknown system.
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

thread_local! {
    static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(LEVEL), false));
}

/// `bytes` gzip-compressed.
pub fn encode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    out.extend_from_slice(&HEADER);
    COMPRESSOR.with(|compressor| {
        let mut compressor = compressor.borrow_mut();
        compressor.reset();
        let mut input = bytes;
        loop {
            out.reserve(input.len() / 2 + 64);
            let before_in = compressor.total_in();
            // Writing into a Vec with spare room cannot fail.
            let status = compressor
                .compress_vec(input, &mut out, FlushCompress::Finish)
                .unwrap_or(Status::StreamEnd);
            let consumed = (compressor.total_in() - before_in) as usize;
            input = &input[consumed..];
            if status == Status::StreamEnd {
                break;
            }
        }
    });
    let mut crc = Crc::new();
    crc.update(bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out
}

/// The payload of a file as a host sent it: gunzipped when it is gzip, as it is when the host
/// (or a proxy) already decoded it.
pub fn decode(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::new();
    GzDecoder::new(bytes)
        .take(MAX_DECODED + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("not valid gzip: {e}"))?;
    if out.len() as u64 > MAX_DECODED {
        return Err("decompresses to more than 64 MiB".to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_round_trip_the_same_bytes_each_time_and_plain_payloads_pass() {
        let text = "қандастар ".repeat(100);
        let packed = encode(text.as_bytes());
        assert!(packed.len() < text.len() / 4);
        assert_eq!(packed, encode(text.as_bytes()), "deterministic");
        assert_eq!(decode(&packed).expect("gunzip"), text.as_bytes());
        assert_eq!(decode(&encode(b"")).expect("empty"), b"");
        let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(decode(&encode(&big)).expect("big"), big);
        assert_eq!(decode(b"Cplain").expect("plain"), b"Cplain");
        assert!(decode(&packed[..packed.len() / 2]).is_err());
    }
}
