//! Writing the site: into a fresh folder beside the output, swapped in only when complete.
//!
//! Last stage of the build. A failed or killed build never touches the previous output: the
//! new site is written to `.<name>.bagdar-staging-<pid>` next to it and exchanged with the old
//! folder in one atomic `renameat2(RENAME_EXCHANGE)` where the system has it (two renames
//! otherwise). Leftovers of killed builds are removed by the next build.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file in every output folder, so a later build knows the folder is its own to replace.
pub const MARKER: &str = ".bagdar-output";

const MARKER_TEXT: &str =
    "This folder is written by `bagdar build` and replaced whole on every build.\n";

/// Errors while writing the output.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file system operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The output folder exists and was not written by Bagdar.
    #[error(
        "{0} exists, is not empty and was not written by bagdar; refusing to replace it \
         (choose another --output, or empty it)"
    )]
    Foreign(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A site being written; dropped without [`Staging::commit`], it removes itself.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates a fresh staging folder beside `output` (which must be an absolute path).
    pub fn new(output: &Path) -> Result<Staging, OutputError> {
        let parent = output.parent().unwrap_or(Path::new("/"));
        fs::create_dir_all(parent).map_err(io(parent))?;
        if output.exists() && !is_replaceable(output) {
            return Err(OutputError::Foreign(output.to_path_buf()));
        }
        remove_leftovers(output);
        let dir = sibling(output, &format!("bagdar-staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        fs::create_dir(&dir).map_err(io(&dir))?;
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
        };
        staging.write(Path::new(MARKER), MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// The folder being written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file, creating its folders.
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let mut file = fs::File::create(&path).map_err(io(&path))?;
        file.write_all(bytes).map_err(io(&path))
    }

    /// Makes the staged site the output, atomically where the system allows.
    pub fn commit(mut self) -> Result<(), OutputError> {
        sync_tree(&self.dir);
        if !self.output.exists() {
            fs::rename(&self.dir, &self.output).map_err(io(&self.output))?;
        } else if exchange(&self.dir, &self.output).is_ok() {
            // `self.dir` now holds the previous site.
            let _ = fs::remove_dir_all(&self.dir);
        } else {
            let old = sibling(&self.output, &format!("bagdar-old-{}", std::process::id()));
            fs::rename(&self.output, &old).map_err(io(&self.output))?;
            if let Err(source) = fs::rename(&self.dir, &self.output) {
                let _ = fs::rename(&old, &self.output);
                return Err(OutputError::Io {
                    path: self.output.clone(),
                    source,
                });
            }
            let _ = fs::remove_dir_all(&old);
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// `.public.bagdar-<what>` beside `public`.
fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.{what}"))
}

/// Removes staging and old folders left by builds that were killed.
fn remove_leftovers(output: &Path) {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return;
    };
    let prefix = format!(".{}.bagdar-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let leftover = entry.file_name().to_string_lossy().starts_with(&prefix);
        if leftover && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// An existing output may be replaced if it is empty or carries the marker.
fn is_replaceable(output: &Path) -> bool {
    if output.join(MARKER).is_file() {
        return true;
    }
    fs::read_dir(output).is_ok_and(|mut entries| entries.next().is_none())
}

fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Flushes the staged files to disk before the swap, so a power cut cannot leave a swapped-in
/// but empty site: one `syncfs` for the whole file system rather than an fsync per file.
/// Best effort: a file system without it still gets the site.
fn sync_tree(dir: &Path) {
    if let Ok(folder) = fs::File::open(dir) {
        let _ = rustix::fs::syncfs(&folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_the_output_and_drop_leaves_it_alone() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let output = tmp.path().join("public");
        let first = Staging::new(&output).unwrap_or_else(|e| panic!("{e}"));
        first
            .write(Path::new("a.html"), b"one")
            .unwrap_or_else(|e| panic!("{e}"));
        first.commit().unwrap_or_else(|e| panic!("{e}"));

        let second = Staging::new(&output).unwrap_or_else(|e| panic!("{e}"));
        second
            .write(Path::new("a.html"), b"two")
            .unwrap_or_else(|e| panic!("{e}"));
        drop(second);
        assert_eq!(
            fs::read(output.join("a.html")).ok().as_deref(),
            Some(&b"one"[..])
        );

        let third = Staging::new(&output).unwrap_or_else(|e| panic!("{e}"));
        third
            .write(Path::new("b.html"), b"three")
            .unwrap_or_else(|e| panic!("{e}"));
        third.commit().unwrap_or_else(|e| panic!("{e}"));
        assert!(!output.join("a.html").exists());
        assert!(output.join("b.html").exists());
        let names: Vec<_> = fs::read_dir(tmp.path())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("public")],
            "no leftovers beside the output"
        );
    }

    #[test]
    fn a_folder_bagdar_did_not_write_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let output = tmp.path().join("docs");
        fs::create_dir(&output).unwrap_or_else(|e| panic!("{e}"));
        fs::write(output.join("thesis.txt"), "precious").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            Staging::new(&output),
            Err(OutputError::Foreign(_))
        ));
        assert!(output.join("thesis.txt").exists());
    }
}
