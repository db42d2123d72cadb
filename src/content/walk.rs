//! Walking editors' folders and reading their files, safely.
//!
//! Symlinks are followed only while they stay inside the site root, loops are reported
//! instead of followed, hidden files (editor swap files, `.DS_Store`) are skipped, and text must
//! be UTF-8 (a byte-order mark is tolerated and dropped).

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Code, Diagnostic};

/// Files larger than this are refused: no guide or data file an editor writes comes close, and a
/// runaway file must not exhaust the memory of a small machine.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The regular files under `dir`, sorted by path, with problems found on the way. A `dir`
/// that is itself, or sits in, a symlinked folder leading out of `root` is not walked.
pub fn files(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if let Err(outside) = inside(root, dir) {
        problems.push(outside);
        return Vec::new();
    }
    let outside = RefCell::new(Vec::new());
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.depth() > 0
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| name.starts_with('.'));
            if hidden {
                return false;
            }
            if entry.path_is_symlink() {
                let inside = std::fs::canonicalize(entry.path()).is_ok_and(|t| t.starts_with(root));
                if !inside {
                    outside.borrow_mut().push(entry.path().to_path_buf());
                    return false;
                }
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => files.push(entry.into_path()),
            Ok(_) => {}
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                let io = error.io_error();
                let symlink_loop = error.loop_ancestor().is_some()
                    || io.and_then(std::io::Error::raw_os_error)
                        == Some(rustix::io::Errno::LOOP.raw_os_error());
                let (path, message) = if symlink_loop {
                    (
                        outermost_symlink(dir, &path),
                        "this symlink forms a loop (it leads back to itself or to a folder holding it)"
                            .to_owned(),
                    )
                } else {
                    match io {
                        Some(io) => (path, format!("cannot read: {io}")),
                        None => (path, format!("cannot read: {error}")),
                    }
                };
                problems.push(Diagnostic::error(Code::UnreadableFile, path, message));
            }
        }
    }
    for path in outside.into_inner() {
        problems.push(
            Diagnostic::error(
                Code::UnreadableFile,
                path,
                "this symlink leads outside the site root (or nowhere)",
            )
            .with_hint("copy the file into the site instead of linking to it"),
        );
    }
    files
}

/// The symlink under `dir` through which the walk reached `path` (the first one from `dir`
/// down), which is the file an editor has to remove; `path` itself when there is none.
fn outermost_symlink(dir: &Path, path: &Path) -> PathBuf {
    path.ancestors()
        .take_while(|a| a.starts_with(dir) && *a != dir)
        .filter(|a| a.symlink_metadata().is_ok_and(|m| m.is_symlink()))
        .last()
        .unwrap_or(path)
        .to_path_buf()
}

/// Whether `path`, its symlinks and those of the folders above it resolved, is inside the
/// canonical `root`; a path that does not exist is left to the read to report.
fn inside(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    match std::fs::canonicalize(path) {
        Ok(real) if !real.starts_with(root) => Err(Diagnostic::error(
            Code::UnreadableFile,
            path,
            "this path leads outside the site root through a symlink (the file or a folder above it)",
        )
        .with_hint("copy the file or folder into the site instead of linking to it")),
        _ => Ok(()),
    }
}

/// Reads a file the site names directly (`bagdar.yaml`, an i18n file, `categories.yaml`) as
/// [`read_text`] does, and only when it is inside the canonical `root`.
pub fn read_inside(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    inside(root, path)?;
    read_text(path)
}

/// Reads a file's bytes (a static file) with the size limit, and only when it is inside the
/// canonical `root`.
pub fn read_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    inside(root, path)?;
    read_limited(path)
}

/// Reads a file's bytes, refusing one over [`MAX_FILE_BYTES`] before reading it.
fn read_limited(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let size = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(Code::UnreadableFile, path, format!("cannot read: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Code::UnreadableFile,
            path,
            format!("the file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes"),
        )
        .with_hint("split it into several files, or host it elsewhere and link to it"));
    }
    std::fs::read(path)
        .map_err(|e| Diagnostic::error(Code::UnreadableFile, path, format!("cannot read: {e}")))
}

/// Reads a UTF-8 text file, dropping a leading byte-order mark.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = read_limited(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let valid = String::from_utf8_lossy(&bytes[..error.valid_up_to()]).into_owned();
            Err(Diagnostic::error_at_offset(
                Code::UnreadableFile,
                path,
                &valid,
                valid.len(),
                "the file is not valid UTF-8 text",
            )
            .with_hint("save the file as UTF-8 (most editors: File → Save with encoding → UTF-8)"))
        }
    }
}
