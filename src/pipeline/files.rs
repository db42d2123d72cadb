//! Files a run writes besides the pages: the search index, in an order safe for readers,
//! and the static files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{Emitter, Part, Sink, State, Written};
use crate::content::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::index;
use crate::model::Site;
use crate::offline;
use crate::output::OutputError;
use crate::site::BuildError;

/// The search index files of a model (for a caller that builds it off its own thread).
pub(crate) fn index_files(site: &Site) -> Result<index::bundle::Files, index::IndexError> {
    index::build(site).map(|built| built.files)
}

/// Replaces the search index of `state` with `files`: chunks (named by their content, never
/// changed in place) first, then the files that name them, then old chunks, so a reader never
/// sees a manifest without its chunks. Returns the files written or removed.
pub(crate) fn write_index(
    state: &mut State,
    files: index::bundle::Files,
    sink: &dyn Sink,
) -> Result<Vec<PathBuf>, OutputError> {
    let emitter = Emitter {
        old: Some(&state.files),
        sink,
    };
    let (written, removed) = write_index_files(&emitter, files)?;
    let mut changed = removed.clone();
    for path in removed {
        state.files.remove(&path);
        state.digests.remove(&path);
    }
    for w in written {
        if w.changed {
            changed.push(w.path.clone());
        }
        state.record(w);
    }
    // The offline lists name the index's files.
    changed.extend(write_offline_lists(state, sink)?);
    Ok(changed)
}

/// Writes the offline lists of what `state` holds; returns those that changed.
pub(super) fn write_offline_lists(
    state: &mut State,
    sink: &dyn Sink,
) -> Result<Vec<PathBuf>, OutputError> {
    let lists = offline::lists(&state.site, &state.files, &state.digests);
    let emitter = Emitter {
        old: Some(&state.files),
        sink,
    };
    let mut written = Vec::with_capacity(lists.len());
    for (path, bytes) in lists {
        written.push(emitter.emit(path, &bytes, Part::Offline)?);
    }
    let mut changed = Vec::new();
    for w in written {
        if w.changed {
            changed.push(w.path.clone());
        }
        state.record(w);
    }
    Ok(changed)
}

/// Writes an index's files in a safe order (see [`write_index`]) and removes the old index's
/// files it no longer has; returns what was written and what removed.
pub(super) fn write_index_files(
    emitter: &Emitter<'_>,
    files: index::bundle::Files,
) -> Result<(Vec<Written>, Vec<PathBuf>), OutputError> {
    // Everything outside the chunk folder names chunks (the manifest, the listing).
    let chunk_dir = PathBuf::from(index::SEARCH_DIR).join(bagdar_search::manifest::CHUNKS_DIR);
    let (chunks, namers): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|file| file.path.starts_with(&chunk_dir));
    let mut written = Vec::with_capacity(chunks.len() + namers.len());
    for file in chunks.into_iter().chain(namers) {
        let part = if file.browsed {
            Part::Search
        } else {
            Part::SearchNative
        };
        written.push(emitter.emit(file.path, &file.bytes, part)?);
    }
    let now: HashSet<&Path> = written.iter().map(|w| w.path.as_path()).collect();
    let stale: Vec<PathBuf> = emitter
        .old
        .into_iter()
        .flatten()
        .filter(|(path, (_, part))| {
            matches!(part, Part::Search | Part::SearchNative) && !now.contains(path.as_path())
        })
        .map(|(path, _)| path.clone())
        .collect();
    for path in &stale {
        emitter.sink.remove(path)?;
    }
    Ok((written, stale))
}

/// The static files of the theme's `static/` and then the site's `static/` (which wins), as
/// (source file, path in the output); an error for a file that would replace a generated page.
fn static_files(
    root: &Path,
    theme_dir: &Path,
    generated: &HashSet<PathBuf>,
) -> Result<Vec<(PathBuf, PathBuf)>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for dir in [theme_dir.join("static"), root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        for file in walk::files(root, &dir, &mut problems) {
            let rel = file.strip_prefix(&dir).unwrap_or(&file).to_path_buf();
            if generated.contains(&rel) {
                problems.push(
                    Diagnostic::error(
                        Code::UrlCollision,
                        &file,
                        format!("{} would replace a generated page", rel.display()),
                    )
                    .with_hint("rename or remove the static file"),
                );
                continue;
            }
            files.push((file, rel));
        }
    }
    let problems: Vec<Diagnostic> = problems
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| d.relative_to(root))
        .collect();
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// The static files (see [`static_files`]) as (path in the output, bytes), in the same order,
/// so a site file that replaces a theme file comes after it.
pub(super) fn read_static_files(
    root: &Path,
    theme_dir: &Path,
    generated: &HashSet<PathBuf>,
) -> Result<Vec<(PathBuf, Vec<u8>)>, BuildError> {
    static_files(root, theme_dir, generated)
        .map_err(BuildError::Content)?
        .into_iter()
        .map(|(file, rel)| {
            walk::read_bytes(root, &file)
                .map(|bytes| (rel, bytes))
                .map_err(|d| BuildError::Content(vec![d.relative_to(root)]))
        })
        .collect()
}
