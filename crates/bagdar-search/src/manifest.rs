//! The index as static files, and the manifest that ties one build's files together.
//!
//! Every file under `search/` is a payload — one byte naming what it is, then its content —
//! gzip-compressed at build time, so that a host that compresses nothing still sends
//! compressed bytes. A host that compresses by itself may hand over the payload already
//! decoded; the reader tells the two apart by the first byte (gzip's is `0x1f`, a payload's is
//! one of the kinds below).
//!
//! Files are named by a 64-bit FNV-1a hash of their payload, in hex: they can be cached
//! forever, a new build writes new names, and a reader refuses a file whose payload does not
//! match its name (cut short, damaged, or from another build).
//!
//! `manifest.bin` (the one file not named by its hash, fetched fresh on every open) holds what
//! every search needs: the document count, each field's id, token count and field-norm
//! chunks, the document ranges of each language, kind and region (documents are ordered so
//! that these lie together), the key ranges of the term-table shards, and the store directory.

use crate::bytes::{Cursor, Damaged, write_string, write_vint};

/// The manifest's file name in the search folder.
pub const MANIFEST: &str = "manifest.bin";

/// The folder of every other file in the search folder.
pub const CHUNKS_DIR: &str = "chunks";

/// The format version this reader understands.
pub const VERSION: u32 = 5;

/// What a payload is: its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// The manifest.
    Manifest = b'M',
    /// A piece of the index files (postings, positions, field norms, a stored block, or the
    /// rest, which only the native reader reads).
    Chunk = b'C',
    /// A shard of the term table.
    Terms = b'T',
    /// A page of field norms: for a run of documents, each distinct norm array's bytes.
    Norms = b'N',
    /// A piece of the store directory.
    Store = b'S',
}

/// The name of a payload: 64 bits of FNV-1a. Not cryptographic: it detects truncation,
/// damage and a mixed-up cache, which is what a reader can act on.
pub fn name_of(payload: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in payload {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// A name as the file is called: 16 hex digits.
pub fn hex(name: u64) -> String {
    format!("{name:016x}")
}

/// A name from its 16 hex digits.
pub fn parse_hex(text: &str) -> Option<u64> {
    (text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u64::from_str_radix(text, 16).ok())
        .flatten()
}

/// The content of a payload of the given kind, checked against the name it was asked by.
pub fn content(payload: &[u8], kind: Kind, name: u64) -> Result<&[u8], Damaged> {
    if name_of(payload) != name {
        return Err(Damaged(
            "a file does not match its name: it is cut short, damaged or from another build",
        ));
    }
    match payload.split_first() {
        Some((&first, rest)) if first == kind as u8 => Ok(rest),
        _ => Err(Damaged("a file is not what its name says")),
    }
}

/// A payload: the kind's byte, then the content.
pub fn payload(kind: Kind, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 1);
    out.push(kind as u8);
    out.extend_from_slice(content);
    out
}

/// What a field records (see [`crate::postings::Record`]), with its statistics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    /// The schema's name of the field.
    pub name: String,
    /// tantivy's field id.
    pub id: u32,
    /// Its tokens in all documents (for BM25's average field length).
    pub tokens: u64,
    /// Which of the norm pages' arrays holds its field norms (fields whose norms are equal, as
    /// a text's exact, fold and stem fields are, share one); `None` for a field without.
    pub norm_array: Option<u8>,
}

/// Documents of one language, kind and region: `start..end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocRange {
    /// Index into [`Manifest::langs`].
    pub lang: u16,
    /// Index into [`Manifest::kinds`].
    pub kind: u16,
    /// Index into [`Manifest::regions`] plus one; 0 for none.
    pub region: u16,
    /// The first document.
    pub start: u32,
    /// One past the last.
    pub end: u32,
}

/// A shard of the term table: it holds the keys from `first_key` to the next shard's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardRef {
    /// The smallest key it may hold (empty for the first shard).
    pub first_key: Vec<u8>,
    /// Its file.
    pub name: u64,
}

/// The description of one built index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Identifies the build (the hash of all its files' names).
    pub build: u64,
    /// Documents in the index.
    pub docs: u32,
    /// The store's compressor id (see [`crate::store`]).
    pub compressor: u8,
    /// The fields.
    pub fields: Vec<FieldInfo>,
    /// Language codes.
    pub langs: Vec<String>,
    /// Kinds (`guide`, `region`, …).
    pub kinds: Vec<String>,
    /// Region ids.
    pub regions: Vec<String>,
    /// The documents of each language, kind and region, in document order.
    pub ranges: Vec<DocRange>,
    /// The shards of the fold-key table (typo tolerance reads a whole key range there).
    pub fold_shards: Vec<ShardRef>,
    /// The shards of the table of exact words and stems.
    pub word_shards: Vec<ShardRef>,
    /// The pieces of the store directory, by first document.
    pub store: Vec<(u32, u64)>,
    /// How many distinct norm arrays each norm page holds.
    pub norm_arrays: u8,
    /// The norm pages, by first document: each holds, for its documents, every norm array
    /// one after another, one byte a document.
    pub norm_pages: Vec<(u32, u64)>,
    /// Files a reader fetches as soon as it opens the index, by the language of its page (an
    /// index into [`Manifest::langs`] plus one; 0 for every language): the store directory
    /// and the field norms of that language's documents, as far as they are small.
    pub eager: Vec<(u16, u64)>,
}

/// Manifests larger than this are refused before they are parsed.
const MAX_MANIFEST: usize = 8 << 20;

impl Manifest {
    /// The manifest's payload.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![Kind::Manifest as u8];
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.build.to_le_bytes());
        write_vint(&mut out, u64::from(self.docs));
        out.push(self.compressor);
        write_vint(&mut out, self.fields.len() as u64);
        for field in &self.fields {
            write_string(&mut out, &field.name);
            write_vint(&mut out, u64::from(field.id));
            write_vint(&mut out, field.tokens);
            out.push(field.norm_array.map_or(u8::MAX, |a| a));
        }
        for list in [&self.langs, &self.kinds, &self.regions] {
            write_vint(&mut out, list.len() as u64);
            for item in list {
                write_string(&mut out, item);
            }
        }
        write_vint(&mut out, self.ranges.len() as u64);
        for range in &self.ranges {
            for value in [range.lang, range.kind, range.region] {
                write_vint(&mut out, u64::from(value));
            }
            write_vint(&mut out, u64::from(range.start));
            write_vint(&mut out, u64::from(range.end - range.start));
        }
        for shards in [&self.fold_shards, &self.word_shards] {
            write_vint(&mut out, shards.len() as u64);
            for shard in shards {
                write_vint(&mut out, shard.first_key.len() as u64);
                out.extend_from_slice(&shard.first_key);
                out.extend_from_slice(&shard.name.to_le_bytes());
            }
        }
        write_named(&mut out, &self.store);
        out.push(self.norm_arrays);
        write_named(&mut out, &self.norm_pages);
        write_vint(&mut out, self.eager.len() as u64);
        for (lang, name) in &self.eager {
            write_vint(&mut out, u64::from(*lang));
            out.extend_from_slice(&name.to_le_bytes());
        }
        // The manifest keeps one name for every build, so it carries its own check: the name
        // of everything before it, as every other file is named by its content.
        let check = name_of(&out);
        out.extend_from_slice(&check.to_le_bytes());
        out
    }

    /// Reads a manifest from its payload and checks that it holds together: every range and
    /// chunk start within the documents, in order, and shard keys ascending. A manifest that
    /// passes cannot make the reader index out of bounds.
    pub fn decode(payload: &[u8]) -> Result<Manifest, Damaged> {
        if payload.len() > MAX_MANIFEST {
            return Err(Damaged("the manifest is too large"));
        }
        let (payload, check) = payload
            .split_last_chunk::<8>()
            .ok_or(Damaged("the manifest is cut short"))?;
        if name_of(payload) != u64::from_le_bytes(*check) {
            return Err(Damaged("the manifest is damaged or cut short"));
        }
        let mut cursor = Cursor::new(payload);
        if cursor.u8()? != Kind::Manifest as u8 {
            return Err(Damaged("the manifest is not a manifest"));
        }
        let version = cursor.u32_le()?;
        if version != VERSION {
            return Err(Damaged("the index has a format this reader does not read"));
        }
        let limit = payload.len();
        let mut manifest = Manifest {
            build: cursor.u64_le()?,
            docs: cursor.vint_u32()?,
            compressor: cursor.u8()?,
            ..Manifest::default()
        };
        let fields = cursor.vint_len(limit)?;
        for _ in 0..fields {
            let name = cursor.string()?.to_owned();
            let id = cursor.vint_u32()?;
            let tokens = cursor.vint()?;
            let norm_array = Some(cursor.u8()?).filter(|a| *a != u8::MAX);
            manifest.fields.push(FieldInfo {
                name,
                id,
                tokens,
                norm_array,
            });
        }
        for list in [
            &mut manifest.langs,
            &mut manifest.kinds,
            &mut manifest.regions,
        ] {
            let count = cursor.vint_len(limit)?;
            for _ in 0..count {
                list.push(cursor.string()?.to_owned());
            }
        }
        let ranges = cursor.vint_len(limit)?;
        let mut previous_end = 0u32;
        for _ in 0..ranges {
            let lang = small(cursor.vint()?, manifest.langs.len())?;
            let kind = small(cursor.vint()?, manifest.kinds.len())?;
            let region = small(cursor.vint()?, manifest.regions.len() + 1)?;
            let start = cursor.vint_u32()?;
            let end = start
                .checked_add(cursor.vint_u32()?)
                .filter(|end| *end <= manifest.docs && start >= previous_end)
                .ok_or(Damaged("a document range is out of order or out of range"))?;
            previous_end = end;
            manifest.ranges.push(DocRange {
                lang,
                kind,
                region,
                start,
                end,
            });
        }
        for shards in [&mut manifest.fold_shards, &mut manifest.word_shards] {
            let count = cursor.vint_len(limit)?;
            for _ in 0..count {
                let len = cursor.vint_len(limit)?;
                let first_key = cursor.take(len)?.to_vec();
                let name = cursor.u64_le()?;
                if shards
                    .last()
                    .is_some_and(|s: &ShardRef| s.first_key >= first_key)
                {
                    return Err(Damaged("term shards are out of order"));
                }
                shards.push(ShardRef { first_key, name });
            }
        }
        manifest.store = read_named(&mut cursor, manifest.docs)?;
        manifest.norm_arrays = cursor.u8()?;
        manifest.norm_pages = read_named(&mut cursor, manifest.docs)?;
        if manifest
            .fields
            .iter()
            .any(|f| f.norm_array.is_some_and(|a| a >= manifest.norm_arrays))
        {
            return Err(Damaged("a field's norm array is not in the norm pages"));
        }
        let eager = cursor.vint_len(limit / 9)?;
        for _ in 0..eager {
            let lang = small(cursor.vint()?, manifest.langs.len() + 1)?;
            manifest.eager.push((lang, cursor.u64_le()?));
        }
        if !cursor.is_empty() {
            return Err(Damaged("the manifest runs on"));
        }
        Ok(manifest)
    }

    /// A field's information by schema name.
    pub fn field(&self, name: &str) -> Option<&FieldInfo> {
        self.fields.iter().find(|f| f.name == name)
    }
}

fn small(value: u64, below: usize) -> Result<u16, Damaged> {
    u16::try_from(value)
        .ok()
        .filter(|v| usize::from(*v) < below)
        .ok_or(Damaged("an index in the manifest is out of range"))
}

/// A list of (first document, name), first documents strictly ascending from 0.
fn write_named(out: &mut Vec<u8>, list: &[(u32, u64)]) {
    write_vint(out, list.len() as u64);
    let mut previous = 0;
    for &(first, name) in list {
        write_vint(out, u64::from(first - previous));
        out.extend_from_slice(&name.to_le_bytes());
        previous = first;
    }
}

fn read_named(cursor: &mut Cursor<'_>, docs: u32) -> Result<Vec<(u32, u64)>, Damaged> {
    let count = cursor.vint_len(cursor.rest().len() / 9)?;
    let mut out = Vec::with_capacity(count);
    let mut previous = 0u32;
    for i in 0..count {
        let first = previous
            .checked_add(cursor.vint_u32()?)
            .filter(|f| (i == 0 && *f == 0) || (i > 0 && *f > previous && *f < docs))
            .ok_or(Damaged("chunks of the manifest are out of order"))?;
        out.push((first, cursor.u64_le()?));
        previous = first;
    }
    Ok(out)
}

/// The index of the piece holding document `doc` in a list of (first document, name).
pub fn piece_of(list: &[(u32, u64)], doc: u32) -> Option<usize> {
    list.partition_point(|(first, _)| *first <= doc)
        .checked_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            build: 7,
            docs: 10,
            compressor: 1,
            fields: vec![FieldInfo {
                name: "body_fold".into(),
                id: 4,
                tokens: 99,
                norm_array: Some(1),
            }],
            langs: vec!["kk".into(), "ru".into()],
            kinds: vec!["guide".into()],
            regions: vec!["pavlodar".into()],
            ranges: vec![
                DocRange {
                    lang: 0,
                    kind: 0,
                    region: 0,
                    start: 0,
                    end: 4,
                },
                DocRange {
                    lang: 1,
                    kind: 0,
                    region: 1,
                    start: 4,
                    end: 10,
                },
            ],
            fold_shards: vec![ShardRef {
                first_key: vec![],
                name: 3,
            }],
            word_shards: vec![
                ShardRef {
                    first_key: vec![],
                    name: 4,
                },
                ShardRef {
                    first_key: b"m".to_vec(),
                    name: 5,
                },
            ],
            store: vec![(0, 6)],
            norm_arrays: 2,
            norm_pages: vec![(0, 1), (5, 2)],
            eager: vec![(2, 6)],
        }
    }

    #[test]
    fn a_manifest_round_trips_and_every_cut_is_refused() {
        let manifest = sample();
        let bytes = manifest.encode();
        assert_eq!(Manifest::decode(&bytes), Ok(manifest));
        for cut in 0..bytes.len() {
            assert!(Manifest::decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn inconsistent_manifests_are_refused() {
        let mut overlapping = sample();
        overlapping.ranges[1].start = 3;
        assert!(Manifest::decode(&overlapping.encode()).is_err());
        let mut past_the_end = sample();
        past_the_end.ranges[1].end = 11;
        assert!(Manifest::decode(&past_the_end.encode()).is_err());
        let mut unordered = sample();
        unordered.word_shards.swap(0, 1);
        assert!(Manifest::decode(&unordered.encode()).is_err());
        let mut norms = sample();
        norms.norm_pages = vec![(0, 1), (12, 2)];
        assert!(Manifest::decode(&norms.encode()).is_err());
        let mut array = sample();
        array.fields[0].norm_array = Some(2);
        assert!(Manifest::decode(&array.encode()).is_err());
    }

    #[test]
    fn payloads_are_checked_against_their_names() {
        let payload = payload(Kind::Terms, b"abc");
        let name = name_of(&payload);
        assert_eq!(content(&payload, Kind::Terms, name), Ok(&b"abc"[..]));
        assert!(content(&payload, Kind::Store, name).is_err());
        assert!(content(&payload[..3], Kind::Terms, name).is_err());
        assert_eq!(parse_hex(&hex(name)), Some(name));
        assert_eq!(parse_hex("xyz"), None);
        assert_eq!(piece_of(&[(0, 1), (5, 2)], 4), Some(0));
        assert_eq!(piece_of(&[(0, 1), (5, 2)], 5), Some(1));
    }
}
