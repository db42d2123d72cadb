//! A read-only tantivy [`Directory`] over a bundled index, for the reference reader: files are
//! slices of the packed stream (see [`Listing`]), read chunk by chunk from a [`ChunkSource`]
//! only when a query touches them, checked against their names, and kept for later queries.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};

use bagdar_search::manifest::{self, Kind};
use serde::{Deserialize, Serialize};

/// The listing's file name in the search folder.
pub const LISTING: &str = "tantivy.json";

/// Where a file lies in the packed stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset in the stream.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
}

/// One chunk of the stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkSpan {
    /// Its file name (16 hex digits).
    pub name: String,
    /// Where it starts in the stream.
    pub offset: u64,
    /// Its length.
    pub len: u64,
}

/// How tantivy's files are packed: every file's place in the stream and the chunks that
/// cover it without gaps. Only the native reader reads it; the lean reader needs none of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// Every index file.
    pub files: std::collections::BTreeMap<String, Span>,
    /// The chunks, in stream order.
    pub chunks: Vec<ChunkSpan>,
}

impl Listing {
    /// The indices of the chunks holding stream bytes `range` (none for an empty range).
    pub fn chunks_holding(&self, range: Range<u64>) -> Range<usize> {
        if range.start >= range.end {
            return 0..0;
        }
        let first = self
            .chunks
            .partition_point(|c| c.offset <= range.start)
            .saturating_sub(1);
        let last = self
            .chunks
            .partition_point(|c| c.offset < range.end)
            .saturating_sub(1);
        first..last + 1
    }
}

/// Where chunks come from: files on disk, or memory in tests. It returns payloads (see
/// [`bagdar_search::manifest`]), gzip already undone.
pub trait ChunkSource: Send + Sync + fmt::Debug + 'static {
    /// The payload of the file with this name.
    fn fetch(&self, name: &str) -> Result<Vec<u8>, String>;
}

/// A read-only directory over one build's chunks.
#[derive(Clone, Debug)]
pub struct BundleDirectory {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    listing: Listing,
    source: Box<dyn ChunkSource>,
    cache: Mutex<HashMap<usize, OwnedBytes>>,
    fetched_bytes: AtomicU64,
    fetched_chunks: AtomicU64,
}

impl BundleDirectory {
    /// A directory over the build described by `listing`.
    pub fn new(listing: Listing, source: Box<dyn ChunkSource>) -> BundleDirectory {
        let inner = Inner {
            listing,
            source,
            cache: Mutex::new(HashMap::new()),
            fetched_bytes: AtomicU64::new(0),
            fetched_chunks: AtomicU64::new(0),
        };
        BundleDirectory {
            inner: Arc::new(inner),
        }
    }

    /// (chunks, bytes) fetched so far.
    pub fn fetched(&self) -> (u64, u64) {
        (
            self.inner.fetched_chunks.load(Ordering::Relaxed),
            self.inner.fetched_bytes.load(Ordering::Relaxed),
        )
    }

    fn chunk(&self, index: usize) -> io::Result<OwnedBytes> {
        let inner = &self.inner;
        if let Some(bytes) = inner
            .cache
            .lock()
            .map_err(|_| io::Error::other("chunk cache poisoned"))?
            .get(&index)
        {
            return Ok(bytes.clone());
        }
        let chunk = inner.listing.chunks.get(index).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("chunk {index} is not in the listing"),
            )
        })?;
        let name = &chunk.name;
        let id = manifest::parse_hex(name).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{name} is not a chunk name"),
            )
        })?;
        let payload = inner.source.fetch(name).map_err(io::Error::other)?;
        let bytes = manifest::content(&payload, Kind::Chunk, id).map_err(|e| {
            io::Error::new(io::ErrorKind::InvalidData, format!("chunk {name}: {e}"))
        })?;
        if bytes.len() as u64 != chunk.len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("chunk {name} is not as long as the listing says"),
            ));
        }
        let bytes = bytes.to_vec();
        inner.fetched_chunks.fetch_add(1, Ordering::Relaxed);
        inner
            .fetched_bytes
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        let bytes = OwnedBytes::new(bytes);
        inner
            .cache
            .lock()
            .map_err(|_| io::Error::other("chunk cache poisoned"))?
            .insert(index, bytes.clone());
        Ok(bytes)
    }

    /// Bytes `start..end` of the packed stream.
    fn read_stream(&self, start: u64, end: u64) -> io::Result<Vec<u8>> {
        let chunks = &self.inner.listing.chunks;
        let mut out = Vec::with_capacity((end - start) as usize);
        let mut at = start;
        while at < end {
            let index = self.inner.listing.chunks_holding(at..at + 1).start;
            let chunk_start = chunks.get(index).map_or(0, |c| c.offset);
            let chunk = self.chunk(index)?;
            let from = (at - chunk_start) as usize;
            let to = ((end - chunk_start).min(chunk.len() as u64)) as usize;
            if from >= to {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the index ends early",
                ));
            }
            out.extend_from_slice(&chunk.as_slice()[from..to]);
            at = chunk_start + to as u64;
        }
        Ok(out)
    }

    fn span(&self, path: &Path) -> Option<Span> {
        self.inner.listing.files.get(path.to_str()?).copied()
    }
}

/// One index file: a slice of the stream.
#[derive(Debug)]
struct BundleFile {
    directory: BundleDirectory,
    span: Span,
}

impl HasLen for BundleFile {
    fn len(&self) -> usize {
        self.span.len as usize
    }
}

impl FileHandle for BundleFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end as u64 > self.span.len || range.start > range.end {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "read past the end of an index file",
            ));
        }
        let start = self.span.offset + range.start as u64;
        let end = self.span.offset + range.end as u64;
        self.directory.read_stream(start, end).map(OwnedBytes::new)
    }
}

fn read_only(path: &Path) -> Arc<io::Error> {
    Arc::new(io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("{} : the bundled index is read-only", path.display()),
    ))
}

impl Directory for BundleDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let span = self
            .span(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        Ok(Arc::new(BundleFile {
            directory: self.clone(),
            span,
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: read_only(path),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.span(path).is_some())
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: read_only(path),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let span = self
            .span(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        self.read_stream(span.offset, span.offset + span.len)
            .map_err(|e| OpenReadError::IoError {
                io_error: Arc::new(e),
                filepath: PathBuf::from(path),
            })
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{}: the bundled index is read-only", path.display()),
        ))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing ever writes a bundle, so readers need no lock.
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

/// Files read from a folder on disk (the `search/chunks` folder of a built site).
#[derive(Debug)]
pub struct FolderSource(pub PathBuf);

impl ChunkSource for FolderSource {
    fn fetch(&self, name: &str) -> Result<Vec<u8>, String> {
        let path = self.0.join(format!("{name}.bin"));
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        crate::index::compress::decode(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }
}
