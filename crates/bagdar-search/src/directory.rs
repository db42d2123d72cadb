//! A read-only tantivy [`Directory`] over a bundled index: files are slices of the packed
//! stream, read chunk by chunk from a [`ChunkSource`] only when a query touches them, checked
//! against their names, and kept for later queries.

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

use crate::bundle::{Manifest, Span, chunk_name};

/// Where chunks come from: files on disk, or the web server in a browser.
pub trait ChunkSource: Send + Sync + fmt::Debug + 'static {
    /// The bytes of the chunk with this name.
    fn fetch(&self, name: &str) -> Result<Vec<u8>, String>;

    /// Whether fetching the chunk is cheap now. A source where every fetch is a round trip
    /// says no until the chunk has been fetched ahead (see [`crate::Outcome::Need`]).
    fn ready(&self, _name: &str) -> bool {
        true
    }
}

/// A read-only directory over one build's chunks.
#[derive(Clone, Debug)]
pub struct BundleDirectory {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    manifest: Manifest,
    source: Box<dyn ChunkSource>,
    cache: Mutex<HashMap<usize, OwnedBytes>>,
    fetched_bytes: AtomicU64,
    fetched_chunks: AtomicU64,
}

impl BundleDirectory {
    /// A directory over the build described by `manifest`.
    pub fn new(manifest: Manifest, source: Box<dyn ChunkSource>) -> BundleDirectory {
        let inner = Inner {
            manifest,
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

    /// Where the parts of the index lie (see [`crate::layout`]).
    pub fn layout(&self) -> &crate::layout::Layout {
        &self.inner.manifest.layout
    }

    /// The chunks holding these stream ranges that are neither read yet nor ready at the
    /// source, each named once, in stream order.
    pub fn missing(&self, ranges: impl IntoIterator<Item = Range<u64>>) -> Vec<String> {
        let manifest = &self.inner.manifest;
        let chunks = &manifest.chunks;
        let mut indices = std::collections::BTreeSet::new();
        for range in ranges {
            indices.extend(manifest.chunks_holding(range));
        }
        let Ok(cache) = self.inner.cache.lock() else {
            return Vec::new();
        };
        indices
            .into_iter()
            .filter(|i| !cache.contains_key(i))
            .filter_map(|i| chunks.get(i))
            .map(|c| &c.name)
            .filter(|name| !self.inner.source.ready(name))
            .cloned()
            .collect()
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
        let chunk = inner.manifest.chunks.get(index).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("chunk {index} is not in the manifest"),
            )
        })?;
        let name = &chunk.name;
        let bytes = inner.source.fetch(name).map_err(io::Error::other)?;
        if chunk_name(&bytes) != *name || bytes.len() as u64 != chunk.len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "chunk {name} does not match its name: it is truncated, damaged or from another build"
                ),
            ));
        }
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
        let chunks = &self.inner.manifest.chunks;
        let mut out = Vec::with_capacity((end - start) as usize);
        let mut at = start;
        while at < end {
            let index = self.inner.manifest.chunks_holding(at..at + 1).start;
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
        self.inner.manifest.files.get(path.to_str()?).copied()
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

/// Chunks read from a folder on disk (the `search/chunks` folder of a built site).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
pub struct FolderSource(pub PathBuf);

#[cfg(not(target_arch = "wasm32"))]
impl ChunkSource for FolderSource {
    fn fetch(&self, name: &str) -> Result<Vec<u8>, String> {
        let path = self.0.join(format!("{name}.bin"));
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    }
}
