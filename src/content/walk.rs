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

/// The regular files under `dir`, sorted by path, with problems found on the way.
pub fn files(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
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
                let message = if error.loop_ancestor().is_some() {
                    "this symlink points back to a folder that contains it (a loop)".to_owned()
                } else {
                    format!("cannot read: {error}")
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

/// Reads a UTF-8 text file, dropping a leading byte-order mark.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let size = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(Code::UnreadableFile, path, format!("cannot read: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Code::UnreadableFile,
            path,
            format!("the file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes"),
        )
        .with_hint("split it into several files"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(Code::UnreadableFile, path, format!("cannot read: {e}")))?;
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
