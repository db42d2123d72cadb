//! The one pipeline of `bagdar build`, `serve` and `check`: load → model → render → index →
//! write, given what changed, written through a [`Sink`].
//!
//! - [`load`] reads what changed since the [`State`] of the last run (everything when there
//!   is none) and validates it; its problems are in [`Loaded::problems`].
//! - [`run`] builds the model (or keeps the last one when no content changed), renders the
//!   pages a change can alter, builds the search index alongside (or leaves it to the
//!   caller, as `serve` does, or skips it, as `check` does), and writes every file whose
//!   bytes differ from what the sink already holds, then removes what the site no longer has.
//!
//! The caller picks the sink: a staging folder swapped in whole when the run succeeded
//! (`build`), the served folder changed file by file (`serve`), or memory (`check`). A new kind
//! of page is a job of [`crate::pages::Pages`] and nothing else.

mod files;
mod load;
mod select;
pub(crate) mod sink;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::assets::Runtime;
use crate::diagnostic::Diagnostic;
use crate::edition;
use crate::index;
use crate::model::Site;
use crate::offline::{self, Digest};
use crate::output::{OutputError, content_hash};
use crate::pages::{self, Pages};
use crate::site::{BuildError, in_file_order};
use crate::sitemap;
use crate::url::UrlPath;
pub(crate) use files::{index_files, write_index};
use files::{read_static_files, write_index_files};
pub(crate) use load::{Loaded, Sources, State, load};
use select::{Selected, select};
pub(crate) use sink::Sink;

/// What a change can affect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Changed {
    /// Reload everything: configuration, theme, regions.
    pub(crate) everything: bool,
    /// Reload the guides.
    pub(crate) guides: bool,
    /// Reload the vacancies and categories.
    pub(crate) vacancies: bool,
    /// Copy the static files again.
    pub(crate) statics: bool,
}

impl Changed {
    /// A first run: everything.
    pub(crate) const ALL: Changed = Changed {
        everything: true,
        guides: true,
        vacancies: true,
        statics: true,
    };

    /// Whether nothing needs doing.
    pub(crate) fn is_clean(&self) -> bool {
        *self == Changed::default()
    }

    /// Both at once.
    pub(crate) fn merge(&mut self, other: Changed) {
        self.everything |= other.everything;
        self.guides |= other.guides;
        self.vacancies |= other.vacancies;
        self.statics |= other.statics;
    }

    /// Whether the model must be built again.
    pub(crate) fn content(&self) -> bool {
        self.everything || self.guides || self.vacancies
    }
}

/// Which part of the site wrote an output file, so a later run knows what it replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Part {
    /// A page other than the vacancies'.
    Page,
    /// A vacancy's page or a vacancy listing.
    VacancyPage,
    /// A file from a `static/` folder.
    Static,
    /// The sitemap.
    Sitemap,
    /// The Atom feeds.
    Feed,
    /// The search index: what the browser's reader reads.
    Search,
    /// The search index: what only the native reader reads.
    SearchNative,
    /// The search runtime and worker.
    Runtime,
    /// The service worker, the offline lists, the web app manifests and icons.
    Offline,
}

/// What to do with the search index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Indexing {
    /// Build it alongside the render and write it with the pages (`build`).
    Alongside,
    /// Leave it to the caller, who builds it from the new model with [`index_files`] and
    /// writes it with [`write_index`] (`serve`, which must not wait for it).
    Later,
    /// None (`check`).
    Skip,
}

/// What to do with the model's errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Errors {
    /// Stop: nothing is written (`build`, `serve`).
    Stop,
    /// Render all the same and report them with the rest (`check`: a broken `@/` link must
    /// not hide a template error).
    Report,
}

/// How a run is made.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mode {
    /// What to do with the search index.
    pub(crate) indexing: Indexing,
    /// What to do with the model's errors.
    pub(crate) errors: Errors,
}

/// What a run did.
pub(crate) struct Ran {
    /// The state for the next run.
    pub(crate) state: State,
    /// Files written or removed, relative to the output.
    pub(crate) changed: Vec<PathBuf>,
    /// Pages rendered.
    pub(crate) rendered: usize,
    /// Of those, pages standing in for a missing translation.
    pub(crate) untranslated: usize,
    /// HTML pages the site has.
    pub(crate) pages: usize,
    /// Static files the site has.
    pub(crate) static_files: usize,
    /// Search documents and bytes of the index, when it was built alongside.
    pub(crate) search: Option<(usize, usize)>,
    /// The model's problems (warnings; errors too when the mode reports them).
    pub(crate) problems: Vec<Diagnostic>,
    /// Wall time of each stage.
    pub(crate) stages: Stages,
}

/// Wall time of each stage of a run. The index is built on its own thread while the pages
/// are rendered and written, so `index` overlaps `render`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stages {
    /// Reading and validating files (measured by the caller, who runs [`load`]).
    pub load: Duration,
    /// Translations, Markdown, links.
    pub model: Duration,
    /// Rendering the pages, each written as soon as it is rendered.
    pub render: Duration,
    /// Building the search index (alongside the render).
    pub index: Duration,
    /// Writing the index, sitemap and static files.
    pub write: Duration,
}

/// One file written (or found already right) by a run.
struct Written {
    path: PathBuf,
    hash: u64,
    part: Part,
    changed: bool,
    /// What the offline lists say of it, for a file they name.
    digest: Option<Digest>,
}

/// Writes files through a sink, skipping those the sink already holds with the same bytes.
struct Emitter<'a> {
    /// What the sink holds (from the last run into it).
    old: Option<&'a BTreeMap<PathBuf, (u64, Part)>>,
    sink: &'a dyn Sink,
}

impl Emitter<'_> {
    fn emit(&self, path: PathBuf, bytes: &[u8], part: Part) -> Result<Written, OutputError> {
        let hash = content_hash(bytes);
        let same = self
            .old
            .is_some_and(|files| files.get(&path) == Some(&(hash, part)));
        if !same {
            self.sink.write(&path, bytes)?;
        }
        let digest = offline::listed(&path, part).then(|| Digest::of(&path, bytes));
        Ok(Written {
            path,
            hash,
            part,
            changed: !same,
            digest,
        })
    }
}

/// Runs model → render → index → write over what [`load`] read. `previous` is the state of
/// the last run into the same sink (None for a sink that starts empty): files whose bytes
/// are the same are not written again, files it has and this run does not are removed.
pub(crate) fn run(
    sources: &Sources,
    mut loaded: Loaded,
    previous: Option<&State>,
    changed: Changed,
    sink: &dyn Sink,
    mode: Mode,
) -> Result<Ran, BuildError> {
    let changed = if previous.is_none() {
        Changed::ALL
    } else {
        changed
    };
    let root = &sources.root;
    let relative = |problems: Vec<Diagnostic>| in_file_order(root, problems);
    let started = Instant::now();
    let tera = match loaded.tera.take() {
        Some(tera) => tera,
        None => return Err(BuildError::Content(relative(loaded.problems))),
    };
    let Loaded {
        config,
        today,
        theme_dir,
        i18n,
        input,
        ..
    } = loaded;

    // Model: kept when no content changed.
    let mut problems = Vec::new();
    let site = match previous.filter(|_| !changed.content()) {
        Some(previous) => Arc::clone(&previous.site),
        None => {
            let (site, found) = Site::build_all(config.clone(), today, input.clone());
            if mode.errors == Errors::Stop && found.iter().any(Diagnostic::is_error) {
                return Err(BuildError::Content(relative(found)));
            }
            problems.extend(found);
            Arc::new(site)
        }
    };
    let modelled = Instant::now();

    // What to render, and which parts of the last run's files it replaces.
    let runtime = Runtime::new();
    let pages = Pages::new(&site, &i18n, &runtime);
    let Selected {
        jobs,
        mut replaced,
        kept,
    } = select(&pages, previous, &site, changed);
    let old_files = previous.map(|p| &p.files);
    let emitter = Emitter {
        old: old_files,
        sink,
    };
    let emit = |path, bytes: &[u8], part| emitter.emit(path, bytes, part);
    let convert = |edition, html: &str| {
        let how = edition::html::Conversion {
            edition,
            exceptions: &site.exceptions,
            base_url: site.config.base_url.absolute(),
        };
        edition::html::convert(html, &how)
    };
    let emit_page = |part: Part, page: pages::RenderedPage| {
        let untranslated = page.untranslated;
        emit(page.url.output_file(), page.html.as_bytes(), part).map(|w| (w, untranslated))
    };
    let build_index = || -> Result<_, BuildError> {
        let started = Instant::now();
        let built = index::build(&site)?;
        let bytes = built.files.iter().map(|f| f.bytes.len()).sum::<usize>();
        let documents = built.documents;
        let (written, _) = write_index_files(&emitter, built.files)?;
        Ok((documents, bytes, written, started.elapsed()))
    };
    // Render and write each page as it is rendered, while the index is built alongside from
    // the same model and writes its own files: the run holds the pages in flight, not the
    // whole site.
    let (rendered, search) = std::thread::scope(|scope| {
        let index = (mode.indexing == Indexing::Alongside).then(|| scope.spawn(build_index));
        let rendered = pages::render_each(&tera, &theme_dir, &convert, jobs, &emit_page);
        let rendered_at = Instant::now();
        let search = index.map(|index| {
            index
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (rendered.map(|r| (r, rendered_at)), search)
    });
    let (rendered, rendered_at) = rendered.map_err(|e| match e {
        pages::RenderError::Templates(p) => BuildError::Content(relative(p)),
        pages::RenderError::Sink(e) => BuildError::Output(e),
    })?;
    let search = search.transpose()?;

    // The rest: sitemap, runtime, static files.
    let written_at = Instant::now();
    let untranslated = rendered.iter().filter(|(_, stand_in)| *stand_in).count();
    let mut written: Vec<Written> = rendered.into_iter().map(|(w, _)| w).collect();
    let rendered_count = written.len();
    if changed.content() {
        let map = sitemap::sitemap(&site);
        written.push(emit(
            UrlPath::file("sitemap.xml").output_file(),
            map.as_bytes(),
            Part::Sitemap,
        )?);
        replaced.insert(Part::Sitemap);
        for (url, xml) in crate::feed::feeds(&site, &i18n) {
            written.push(emit(url.output_file(), xml.as_bytes(), Part::Feed)?);
        }
        replaced.insert(Part::Feed);
    }
    if previous.is_none() || changed.everything {
        for (path, bytes) in runtime.files() {
            written.push(emit(PathBuf::from(path), bytes, Part::Runtime)?);
        }
        replaced.insert(Part::Runtime);
    }
    let mut index_time = Duration::ZERO;
    let mut search_figures = None;
    if let Some((documents, bytes, files, time)) = search {
        written.extend(files);
        replaced.insert(Part::Search);
        index_time = time;
        search_figures = Some((documents, bytes));
    }
    if changed.everything || changed.statics {
        // Generated files a static file must not replace: this run's, and the last run's
        // that this one keeps.
        let generated: HashSet<PathBuf> = written
            .iter()
            .map(|w| w.path.clone())
            .chain(
                old_files
                    .into_iter()
                    .flatten()
                    .filter(|(_, (_, part))| *part != Part::Static && !replaced.contains(part))
                    .map(|(path, _)| path.clone()),
            )
            .collect();
        for (rel, bytes) in read_static_files(root, &theme_dir, &generated)? {
            written.push(emit(rel, &bytes, Part::Static)?);
        }
        replaced.insert(Part::Static);
    }

    // The service worker, manifests and icons: what only the configuration and the strings
    // decide.
    if previous.is_none() || changed.everything {
        for (path, bytes) in offline::shell(&site, &i18n) {
            written.push(emit(path, &bytes, Part::Offline)?);
        }
        replaced.insert(Part::Offline);
    }

    // What the site no longer has: files of the replaced parts not written again, except
    // pages a change could not alter (not rendered again).
    let mut files: BTreeMap<PathBuf, (u64, Part)> = old_files.cloned().unwrap_or_default();
    let mut digests = previous.map(|p| p.digests.clone()).unwrap_or_default();
    let mut changed_files = Vec::new();
    let now: HashSet<&Path> = written.iter().map(|w| w.path.as_path()).collect();
    let lists: HashSet<PathBuf> = offline::list_paths(&site).collect();
    let gone: Vec<PathBuf> = files
        .iter()
        .filter(|(path, (_, part))| {
            replaced.contains(part)
                && !now.contains(path.as_path())
                && !kept.contains(*path)
                && !lists.contains(*path)
        })
        .map(|(path, _)| path.clone())
        .collect();
    for path in gone {
        sink.remove(&path)?;
        files.remove(&path);
        digests.remove(&path);
        changed_files.push(path);
    }
    for w in written {
        if w.changed {
            changed_files.push(w.path.clone());
        }
        if let Some(digest) = w.digest {
            digests.insert(w.path.clone(), digest);
        }
        files.insert(w.path, (w.hash, w.part));
    }
    let mut state = State {
        sources: sources.clone(),
        config,
        theme_dir,
        i18n,
        tera,
        input,
        site,
        files,
        digests,
    };
    changed_files.extend(files::write_offline_lists(&mut state, sink)?);
    changed_files.sort();
    let files = &state.files;
    let count = |wanted: &[Part]| files.values().filter(|(_, p)| wanted.contains(p)).count();
    let ran = Ran {
        pages: count(&[Part::Page, Part::VacancyPage]),
        static_files: count(&[Part::Static]),
        changed: changed_files,
        rendered: rendered_count,
        untranslated,
        search: search_figures,
        problems: relative(problems),
        stages: Stages {
            load: Duration::ZERO,
            model: modelled - started,
            render: rendered_at - modelled,
            index: index_time,
            write: written_at.elapsed(),
        },
        state,
    };
    Ok(ran)
}

impl State {
    /// Notes a file written (or found already right).
    fn record(&mut self, w: Written) {
        if let Some(digest) = w.digest {
            self.digests.insert(w.path.clone(), digest);
        }
        self.files.insert(w.path, (w.hash, w.part));
    }
}
