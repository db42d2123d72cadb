//! Where the pipeline's files go: a staging folder swapped in whole (`bagdar build`), the
//! served folder itself, a file at a time (`bagdar serve`), or memory (`bagdar check`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::output::{OutputError, Staging};

/// Receives the files of a run. Called from several threads at once.
pub(crate) trait Sink: Sync {
    /// Writes one file, relative to the site's root.
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), OutputError>;

    /// Removes a file an earlier run wrote and this one does not.
    fn remove(&self, rel: &Path) -> Result<(), OutputError>;
}

/// A fresh site in a staging folder: nothing to remove, as the folder is the new site.
impl Sink for Staging {
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        Staging::write(self, rel, bytes).map(drop)
    }

    fn remove(&self, _rel: &Path) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The served folder, changed in place: each file through a temporary file and a rename, so
/// the server never sends half a file.
pub(crate) struct InPlace<'a> {
    /// The output folder.
    pub(crate) output: &'a Path,
}

impl Sink for InPlace<'_> {
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.output.join(rel);
        let failed = |source| OutputError::Io {
            path: path.clone(),
            source,
        };
        let dir = path.parent().unwrap_or(self.output);
        std::fs::create_dir_all(dir).map_err(failed)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let temp = dir.join(format!(".{name}.{}.partial", std::process::id()));
        std::fs::write(&temp, bytes).map_err(failed)?;
        std::fs::rename(&temp, &path).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            failed(e)
        })
    }

    /// Removes the file and the folders it leaves empty (a clean build has none).
    fn remove(&self, rel: &Path) -> Result<(), OutputError> {
        let path = self.output.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(OutputError::Io { path, source }),
        }
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == self.output || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }
}

/// The whole site in memory, for what `bagdar check` reads of the rendered pages.
#[derive(Default)]
pub(crate) struct Memory {
    files: Mutex<BTreeMap<PathBuf, Vec<u8>>>,
}

impl Memory {
    /// The files written, by path relative to the site's root.
    pub(crate) fn into_files(self) -> BTreeMap<PathBuf, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Memory {
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(rel.to_path_buf(), bytes.to_vec());
        Ok(())
    }

    fn remove(&self, rel: &Path) -> Result<(), OutputError> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(rel);
        Ok(())
    }
}
