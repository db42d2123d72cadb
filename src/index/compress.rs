//! gzip for the search files: every file under `search/` is written compressed, so that a host
//! that compresses nothing still sends few bytes, as Pagefind ships its own files. The browser
//! undoes it with `DecompressionStream`; `bagdar search` with this module.
//!
//! The output is the same for the same input (no time or file name in the header), so builds
//! stay reproducible and unchanged files keep their names.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;

/// A decompressed file larger than this is refused: no search file comes near it, and a
/// damaged or hostile file must not make the reader allocate without bound.
const MAX_DECODED: u64 = 64 << 20;

/// `bytes` gzip-compressed at the best level.
pub fn encode(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 2 + 32),
        Compression::best(),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
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
        assert_eq!(decode(b"Cplain").expect("plain"), b"Cplain");
        assert!(decode(&packed[..packed.len() / 2]).is_err());
    }
}
