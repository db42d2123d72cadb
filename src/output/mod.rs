//! Writing the site: into a folder beside the output, swapped in only when complete.
//!
//! Last stage of the build. A failed or killed build never touches the previous output: the
//! new site is written to `.<name>.bagdar-staging-<pid>` next to it and exchanged with the old
//! folder in one atomic `renameat2(RENAME_EXCHANGE)` where the system has it (two renames
//! otherwise). Leftovers of killed builds are removed by the next build.
//!
//! The exchange is atomic for whoever reads the folder and whenever the build is stopped. The
//! build does not force the files to disk before it (a `syncfs` would wait for every dirty
//! file of the file system, other programs' too, and took up to seconds per rebuild): after
//! a power cut during or just after a build, build again.
//!
//! The site before the previous one is kept as `.<name>.bagdar-spare` and becomes the next
//! build's staging folder: a file that is already right is left as it is, a changed one is
//! rewritten in place, and files the new site no longer has are deleted. Creating and deleting
//! tens of thousands of files is what a large build spends most on; on most rebuilds few
//! pages change.
//!
//! Each build lists what it wrote beside the output (`.<name>.bagdar-list`: a hash of each
//! file's bytes, and its size, modification time and inode as written), and the list moves
//! with the folder when it becomes the spare. A file of the spare counts as right only when
//! the new bytes hash the same and the file still has the size, time and inode listed (the
//! quick check rsync and make rely on); anything else is rewritten. Nothing but plain files
//! and folders is kept from the spare: a symlink, say, is removed before anything is written.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file in every output folder, so a later build knows the folder is its own to replace.
pub(crate) const MARKER: &str = ".bagdar-output";

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
    /// Another build or `serve` holds the output's lock.
    #[error(
        "another bagdar build or serve is writing {0}; this one stops so that neither undoes \
         the other (wait for it to finish, or stop it, then build again)"
    )]
    Locked(PathBuf),
    /// The output folder exists and was not written by Bagdar.
    #[error(
        "{0} exists, is not empty and was not written by bagdar; refusing to replace it \
         (choose another --output, or empty it)"
    )]
    Foreign(PathBuf),
}

impl OutputError {
    /// The path the error is about.
    pub fn path(&self) -> &Path {
        match self {
            OutputError::Io { path, .. }
            | OutputError::Foreign(path)
            | OutputError::Locked(path) => path,
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The name of the kept site beside the output (`.<name>.bagdar-spare`).
const SPARE: &str = "bagdar-spare";
/// The list of the output's files (`.<name>.bagdar-list`).
const LIST: &str = "bagdar-list";
/// The list of the spare's files.
const SPARE_LIST: &str = "bagdar-spare-list";
/// The lock a build or `serve` holds while it writes the output (`.<name>.bagdar-lock`).
const LOCK: &str = "bagdar-lock";
/// The previous site while the two-rename swap runs (`.<name>.bagdar-old-<pid>`).
const OLD: &str = "bagdar-old-";

mod lock;
pub(crate) use lock::OutputLock;

/// Where a test stops a build abruptly (tests/crash.rs), named by the `BAGDAR_TEST_KILL_AT`
/// environment variable: `staging` (the staging folder made), `write:N` (after the N-th file
/// written into it), `commit` (every file written, before the swap) or `swapped` (after the
/// swap, before the lists are renamed). The process aborts there: no destructor runs, no
/// cleanup, as under SIGKILL. Unset, it costs one lookup per build.
fn kill_point(point: &str) {
    static AT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    static WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let Some(at) = AT.get_or_init(|| std::env::var("BAGDAR_TEST_KILL_AT").ok()) else {
        return;
    };
    let hit = if point == "write" {
        let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        at.strip_prefix("write:")
            .and_then(|w| w.parse::<usize>().ok())
            == Some(n)
    } else {
        at == point
    };
    if hit {
        std::process::abort();
    }
}

/// A hash of some bytes, to tell whether a file changed: XXH3-64, a fixed algorithm (the
/// lists beside the output keep it from one build, and one release, to the next; std's
/// `DefaultHasher` may change between Rust releases).
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// A file as a build wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Listed {
    hash: u64,
    size: u64,
    modified: i128,
    inode: u64,
}

impl Listed {
    fn of(hash: u64, meta: &fs::Metadata) -> Listed {
        use std::os::unix::fs::MetadataExt;
        Listed {
            hash,
            size: meta.size(),
            modified: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            inode: meta.ino(),
        }
    }
}

/// Reads a list written by [`write_list`]; lines it cannot read are left out.
fn read_list(path: &Path) -> HashMap<PathBuf, Listed> {
    let Ok(text) = fs::read_to_string(path) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(5, '\t');
            let mut number = || parts.next()?.parse::<i128>().ok();
            let listed = Listed {
                hash: u64::try_from(number()?).ok()?,
                size: u64::try_from(number()?).ok()?,
                modified: number()?,
                inode: u64::try_from(number()?).ok()?,
            };
            Some((PathBuf::from(parts.next()?), listed))
        })
        .collect()
}

fn write_list(path: &Path, files: &[(PathBuf, Listed)]) -> std::io::Result<()> {
    let mut text = String::with_capacity(files.len() * 80);
    for (rel, l) in files {
        let Some(rel) = rel.to_str().filter(|r| !r.contains('\n')) else {
            continue;
        };
        use std::fmt::Write as _;
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{}\t{rel}",
            l.hash, l.size, l.modified, l.inode
        );
    }
    fs::write(path, text)
}

/// A site being written; dropped without [`Staging::commit`], it becomes the spare again (or
/// is removed, when it was fresh).
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
    /// The plain files the folder held when the build took it (relative paths).
    previous: HashSet<PathBuf>,
    /// What the spare's list says of them.
    listed: HashMap<PathBuf, Listed>,
    /// The files of the new site, written or found already right.
    written: Mutex<Vec<(PathBuf, Listed)>>,
}

impl Staging {
    /// Creates a fresh staging folder beside `output` (which must be an absolute path), whose
    /// lock the caller holds.
    pub(crate) fn new(output: &Path, _lock: &OutputLock) -> Result<Staging, OutputError> {
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
        // The spare's list is read once and removed: a build stopped half way leaves no list
        // that could vouch for a file it rewrote.
        let spare_list = sibling(output, SPARE_LIST);
        let mut listed = read_list(&spare_list);
        let _ = fs::remove_file(&spare_list);
        let previous = match fs::rename(sibling(output, SPARE), &dir) {
            Ok(()) => match inventory(&dir) {
                Ok(files) => files,
                Err(_) => {
                    fs::remove_dir_all(&dir).map_err(io(&dir))?;
                    fs::create_dir(&dir).map_err(io(&dir))?;
                    HashSet::new()
                }
            },
            Err(_) => {
                fs::create_dir(&dir).map_err(io(&dir))?;
                HashSet::new()
            }
        };
        listed.retain(|rel, _| previous.contains(rel));
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
            previous,
            listed,
            written: Mutex::new(Vec::new()),
        };
        staging.write(Path::new(MARKER), MARKER_TEXT.as_bytes())?;
        kill_point("staging");
        Ok(staging)
    }

    /// Writes one file, creating its folders, and returns the hash of its bytes; a file of
    /// the spare that is already right is left alone. Safe to call from several threads.
    pub(crate) fn write(&self, rel: &Path, bytes: &[u8]) -> Result<u64, OutputError> {
        let path = self.dir.join(rel);
        let hash = content_hash(bytes);
        let kept = self.listed.get(rel).filter(|listed| {
            listed.hash == hash
                && listed.size == bytes.len() as u64
                && fs::symlink_metadata(&path).is_ok_and(|m| Listed::of(hash, &m) == **listed)
        });
        let listed = match kept {
            Some(listed) => *listed,
            None => {
                if let Some(parent) = path.parent() {
                    make_folder(&self.dir, parent)?;
                }
                if !self.previous.is_empty() && path.is_dir() {
                    // A folder of the spare where this site has a file.
                    fs::remove_dir_all(&path).map_err(io(&path))?;
                } else if self.previous.contains(rel) {
                    // A new file, not the old one truncated: the spare's files may be hard
                    // links of release snapshots, which must not change.
                    match fs::remove_file(&path) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            return Err(io(&path)(e));
                        }
                        _ => {}
                    }
                }
                let mut file = fs::File::create(&path).map_err(io(&path))?;
                file.write_all(bytes).map_err(io(&path))?;
                Listed::of(hash, &file.metadata().map_err(io(&path))?)
            }
        };
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((rel.to_path_buf(), listed));
        kill_point("write");
        Ok(hash)
    }

    /// Makes the staged site the output, atomically where the system allows; the previous
    /// output becomes the spare.
    pub(crate) fn commit(mut self) -> Result<(), OutputError> {
        self.remove_stale()?;
        kill_point("commit");
        let spare = sibling(&self.output, SPARE);
        let list = sibling(&self.output, LIST);
        let new_list = sibling(&self.output, &format!("{LIST}-{}", std::process::id()));
        {
            let written = self
                .written
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            // Without a list the next build rewrites every file; that is all it costs.
            let _ = write_list(&new_list, &written);
        }
        let old_list = sibling(&self.output, SPARE_LIST);
        if !self.output.exists() {
            fs::rename(&self.dir, &self.output).map_err(io(&self.output))?;
        } else if exchange(&self.dir, &self.output).is_ok() {
            kill_point("swapped");
            // `self.dir` now holds the previous site, which becomes the spare with its list.
            let _ = fs::rename(&list, &old_list);
            keep_as_spare(&self.dir, &spare);
        } else {
            let old = sibling(&self.output, &format!("{OLD}{}", std::process::id()));
            fs::rename(&self.output, &old).map_err(io(&self.output))?;
            if let Err(source) = fs::rename(&self.dir, &self.output) {
                let _ = fs::rename(&old, &self.output);
                return Err(OutputError::Io {
                    path: self.output.clone(),
                    source,
                });
            }
            let _ = fs::rename(&list, &old_list);
            keep_as_spare(&old, &spare);
        }
        let _ = fs::rename(&new_list, &list);
        self.committed = true;
        Ok(())
    }

    /// Deletes the files of the spare the new site does not have, and the folders that leaves
    /// empty.
    fn remove_stale(&self) -> Result<(), OutputError> {
        let written = self
            .written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let written: HashSet<&Path> = written.iter().map(|(rel, _)| rel.as_path()).collect();
        let mut folders = HashSet::new();
        for rel in self
            .previous
            .iter()
            .filter(|rel| !written.contains(rel.as_path()))
        {
            let path = self.dir.join(rel);
            match fs::remove_file(&path) {
                Ok(()) => {}
                // Replaced by a folder of the new site.
                Err(_) if path.is_dir() => continue,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path)(e)),
            }
            folders.extend(rel.ancestors().skip(1).map(Path::to_path_buf));
        }
        // Deepest first; a folder that still holds something stays.
        let mut folders: Vec<PathBuf> = folders.into_iter().collect();
        folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        for folder in folders.iter().filter(|f| !f.as_os_str().is_empty()) {
            let _ = fs::remove_dir(self.dir.join(folder));
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if self.previous.is_empty() {
            let _ = fs::remove_dir_all(&self.dir);
        } else {
            // A spare half rewritten is still a spare: the next build compares every file.
            keep_as_spare(&self.dir, &sibling(&self.output, SPARE));
        }
    }
}

/// Keeps `dir` as the spare, or removes it if a spare is already there.
fn keep_as_spare(dir: &Path, spare: &Path) {
    if fs::rename(dir, spare).is_err() {
        let _ = fs::remove_dir_all(dir);
    }
}

/// Creates `folder` (inside `root`) and its parents, replacing any file of the spare that
/// stands where a folder must be.
fn make_folder(root: &Path, folder: &Path) -> Result<(), OutputError> {
    if fs::create_dir_all(folder).is_ok() {
        return Ok(());
    }
    for ancestor in folder
        .ancestors()
        .take_while(|a| a.starts_with(root) && *a != root)
    {
        if fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(ancestor).map_err(io(ancestor))?;
        }
    }
    fs::create_dir_all(folder).map_err(io(folder))
}

/// The plain files under `dir` (relative paths). Anything else but folders (symlinks,
/// sockets) is removed, so writing into the folder can never reach outside it.
fn inventory(dir: &Path) -> std::io::Result<HashSet<PathBuf>> {
    let mut files = HashSet::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if kind.is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .map_err(std::io::Error::other)?;
            files.insert(rel.to_path_buf());
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(files)
}

/// `.public.bagdar-<what>` beside `public`.
fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.{what}"))
}

/// Removes staging and old folders, and unused lists, left by builds that were killed.
fn remove_leftovers(output: &Path) {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return;
    };
    // `.public.` followed by `bagdar-…`.
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(what) = name
            .strip_prefix(&prefix)
            .filter(|w| w.starts_with("bagdar-"))
        else {
            continue;
        };
        if [SPARE, LIST, SPARE_LIST, LOCK].contains(&what) {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => {
                let _ = fs::remove_dir_all(entry.path());
            }
            // The new list of a build stopped before its swap.
            Ok(t) if t.is_file() && what.starts_with(LIST) => {
                let _ = fs::remove_file(entry.path());
            }
            _ => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_hash_is_xxh3_as_specified() {
        // The XXH3-64 of no bytes, from the algorithm's specification: the lists written by
        // one build must mean the same to the next, whatever Rust compiled it.
        assert_eq!(content_hash(b""), 0x2D06_8005_38D3_94C2);
    }

    fn test_lock(output: &Path) -> OutputLock {
        OutputLock::acquire(output).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn commit_replaces_the_output_and_drop_leaves_it_alone() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let output = tmp.path().join("public");
        let first = Staging::new(&output, &test_lock(&output)).unwrap_or_else(|e| panic!("{e}"));
        first
            .write(Path::new("a.html"), b"one")
            .unwrap_or_else(|e| panic!("{e}"));
        first.commit().unwrap_or_else(|e| panic!("{e}"));

        let second = Staging::new(&output, &test_lock(&output)).unwrap_or_else(|e| panic!("{e}"));
        second
            .write(Path::new("a.html"), b"two")
            .unwrap_or_else(|e| panic!("{e}"));
        drop(second);
        assert_eq!(
            fs::read(output.join("a.html")).ok().as_deref(),
            Some(&b"one"[..])
        );

        let third = Staging::new(&output, &test_lock(&output)).unwrap_or_else(|e| panic!("{e}"));
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
        let mut names: Vec<String> = names
            .iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![
                ".public.bagdar-list",
                ".public.bagdar-lock",
                ".public.bagdar-spare",
                ".public.bagdar-spare-list",
                "public"
            ],
            "nothing beside the output but the spare, the lists and the lock"
        );
    }

    #[test]
    fn a_listed_file_of_the_spare_that_is_right_is_kept_and_a_changed_one_rewritten() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let output = tmp.path().join("public");
        let build = |files: &[(&str, &str)]| {
            let staging =
                Staging::new(&output, &test_lock(&output)).unwrap_or_else(|e| panic!("{e}"));
            for (name, text) in files {
                staging
                    .write(Path::new(name), text.as_bytes())
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            staging.commit().unwrap_or_else(|e| panic!("{e}"));
        };
        // A rewritten file is a new file (see `Staging::write`), so its inode tells it from
        // a kept one, with no clock involved; links to the first build's files keep their
        // inodes from being reused.
        let inode = |name: &str| {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(output.join(name))
                .map(|m| m.ino())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        build(&[
            ("same.html", "same"),
            ("changed.html", "old"),
            ("gone.html", "gone"),
        ]);
        let (same, changed) = (inode("same.html"), inode("changed.html"));
        for name in ["same.html", "changed.html"] {
            fs::hard_link(output.join(name), tmp.path().join(name))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        build(&[("same.html", "same"), ("changed.html", "old")]);
        // The third build writes over the first one's folder, now the spare.
        build(&[("same.html", "same"), ("changed.html", "new")]);
        assert_eq!(inode("same.html"), same, "kept, not written again");
        assert_ne!(inode("changed.html"), changed, "rewritten");
        assert_eq!(
            fs::read_to_string(output.join("changed.html"))
                .ok()
                .as_deref(),
            Some("new")
        );
        assert_eq!(
            fs::read_to_string(tmp.path().join("changed.html"))
                .ok()
                .as_deref(),
            Some("old"),
            "the first build's file is left as it was"
        );
        assert!(!output.join("gone.html").exists());
    }

    #[test]
    fn a_folder_bagdar_did_not_write_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let output = tmp.path().join("docs");
        fs::create_dir(&output).unwrap_or_else(|e| panic!("{e}"));
        fs::write(output.join("thesis.txt"), "precious").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            Staging::new(&output, &test_lock(&output)),
            Err(OutputError::Foreign(_))
        ));
        assert!(output.join("thesis.txt").exists());
    }
}
