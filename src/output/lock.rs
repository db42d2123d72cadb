//! One build or `serve` at a time on an output folder, and the repair of a swap a killed
//! build left half done.

use std::fs;
use std::path::Path;

use super::{LOCK, OLD, OutputError, io, sibling};

/// The right to write an output folder and its spare: one build or `serve` at a time. Held
/// (an advisory lock on a file beside the output) until dropped; the system releases it when
/// the process ends, however it ends.
#[derive(Debug)]
pub(crate) struct OutputLock {
    _file: fs::File,
}

impl OutputLock {
    /// Takes the lock of `output` (an absolute path), or says who holds it; then puts back the
    /// previous site if a build was killed in the middle of swapping it.
    pub(crate) fn acquire(output: &Path) -> Result<OutputLock, OutputError> {
        let parent = output.parent().unwrap_or(Path::new("/"));
        fs::create_dir_all(parent).map_err(io(parent))?;
        let path = sibling(output, LOCK);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io(&path))?;
        match file.try_lock() {
            // Whoever holds the lock repairs what a killed build left, before anything else.
            Ok(()) => restore_interrupted_swap(output).map(|()| OutputLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(OutputError::Locked(output.to_path_buf())),
            Err(fs::TryLockError::Error(e)) => Err(io(&path)(e)),
        }
    }
}

/// Puts back the previous site of a build killed between the two renames of the fallback
/// swap (the output moved aside, the new site not yet in its place).
fn restore_interrupted_swap(output: &Path) -> Result<(), OutputError> {
    if fs::symlink_metadata(output).is_ok() {
        return Ok(());
    }
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return Ok(());
    };
    let prefix = format!(".{}.{OLD}", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let old = entries
        .flatten()
        .find(|e| {
            e.file_name().to_string_lossy().starts_with(&prefix)
                && e.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|e| e.path());
    match old {
        Some(old) => fs::rename(&old, output).map_err(io(output)),
        None => Ok(()),
    }
}
