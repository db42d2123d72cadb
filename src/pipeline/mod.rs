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

pub(crate) mod sink;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tera::Tera;

use crate::assets::Runtime;
use crate::config::Config;
use crate::content::categories::{self, Categories};
use crate::content::date::Date;
use crate::content::guides::GuideKey;
use crate::content::regions::{self, RegionId};
use crate::content::{guides, vacancies, walk};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::I18n;
use crate::index;
use crate::model::{Input, Node, Site};
use crate::output::{OutputError, content_hash};
use crate::pages::{self, Pages};
use crate::site::{BuildError, in_file_order};
use crate::sitemap;
use crate::templates;
use crate::url::{BaseUrl, UrlPath};
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
    /// The search index.
    Search,
    /// The search runtime and worker.
    Runtime,
}

/// Where the sources are and how to read them.
#[derive(Clone, Debug)]
pub(crate) struct Sources {
    /// The canonical site root.
    pub(crate) root: PathBuf,
    /// Overrides `base_url` from the configuration.
    pub(crate) base_url: Option<BaseUrl>,
    /// "Now", for staleness and expiry.
    pub(crate) today: Date,
}

/// What the load stage read: every file validated on its own, and what it found wrong.
pub(crate) struct Loaded {
    /// The configuration, with the sources' base URL applied.
    pub(crate) config: Config,
    /// "Now", for staleness and expiry.
    pub(crate) today: Date,
    /// The theme folder.
    pub(crate) theme_dir: PathBuf,
    /// The theme's interface strings (empty when they have errors).
    pub i18n: Arc<I18n>,
    /// The parsed templates, unless they have errors.
    pub(crate) tera: Option<Arc<Tera>>,
    /// Every file that loaded.
    pub(crate) input: Input,
    /// Every problem, errors and warnings, relative to the root and in file order.
    pub(crate) problems: Vec<Diagnostic>,
}

impl Loaded {
    /// The errors among the problems, or the warnings when there are none.
    pub(crate) fn split(&mut self) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let (errors, warnings): (Vec<_>, Vec<_>) = std::mem::take(&mut self.problems)
            .into_iter()
            .partition(Diagnostic::is_error);
        if errors.is_empty() && self.tera.is_some() {
            Ok(warnings)
        } else {
            Err(errors)
        }
    }
}

/// What one run leaves for the next: the loaded sources, the model and every file written.
pub(crate) struct State {
    /// Where the sources are.
    pub(crate) sources: Sources,
    /// The configuration.
    pub(crate) config: Config,
    /// The theme folder.
    pub(crate) theme_dir: PathBuf,
    /// The interface strings.
    pub i18n: Arc<I18n>,
    /// The parsed templates.
    pub(crate) tera: Arc<Tera>,
    /// What the load stage read.
    pub(crate) input: Input,
    /// The model.
    pub(crate) site: Arc<Site>,
    /// Every file written, relative to the output: a hash of its bytes and its part.
    pub(crate) files: BTreeMap<PathBuf, (u64, Part)>,
}

/// The load stage: reads and validates what `changed` names, taking the rest from `previous`
/// (everything when there is none). Fails only when the configuration or the theme is
/// unusable; every other problem is in [`Loaded::problems`].
pub(crate) fn load(
    sources: &Sources,
    previous: Option<&State>,
    changed: Changed,
) -> Result<Loaded, Vec<Diagnostic>> {
    let root = &sources.root;
    let Some(previous) = previous.filter(|_| !changed.everything) else {
        return load_all(sources);
    };
    let config = previous.config.clone();
    let mut input = previous.input.clone();
    let mut problems = Vec::new();
    if changed.guides {
        let (documents, found) = guides::load(root, &config);
        input.documents = documents;
        problems.extend(found);
    }
    if changed.vacancies {
        match categories::load(root) {
            Ok(loaded) => input.categories = loaded,
            Err(found) => problems.extend(found),
        }
        let (vacancies, found) = load_vacancies(root, &input.regions, &input.categories);
        input.vacancies = vacancies;
        problems.extend(found);
    }
    Ok(Loaded {
        config,
        today: sources.today,
        theme_dir: previous.theme_dir.clone(),
        i18n: Arc::clone(&previous.i18n),
        tera: Some(Arc::clone(&previous.tera)),
        input,
        problems: in_file_order(root, problems),
    })
}

fn load_all(sources: &Sources) -> Result<Loaded, Vec<Diagnostic>> {
    let root = &sources.root;
    let mut config = Config::load(root).map_err(|p| in_file_order(root, p))?;
    if let Some(base_url) = &sources.base_url {
        config.base_url = base_url.clone();
    }
    let theme_dir = config.theme_dir(root);
    if !theme_dir.is_dir() {
        let missing = Diagnostic::error(
            Code::Theme,
            &theme_dir,
            format!("the theme `{}` does not exist", config.theme),
        )
        .with_hint(
            "check `theme` in bagdar.yaml, or copy themes/default from a site made by `bagdar new`",
        );
        return Err(in_file_order(root, vec![missing]));
    }
    let mut problems = Vec::new();
    let i18n = match I18n::load(root, &theme_dir, &config) {
        Ok(i18n) => Arc::new(i18n),
        Err(mut found) => {
            problems.append(&mut found);
            Arc::new(I18n::default())
        }
    };
    let tera = templates::load(root, &theme_dir, Arc::clone(&i18n))
        .map_err(|found| problems.extend(found))
        .ok()
        .map(Arc::new);
    let (documents, mut found) = guides::load(root, &config);
    problems.append(&mut found);
    let (regions, mut found) = regions::load(root);
    problems.append(&mut found);
    let categories = categories::load(root).unwrap_or_else(|found| {
        problems.extend(found);
        Categories::new()
    });
    let (vacancies, mut found) = load_vacancies(root, &regions, &categories);
    problems.append(&mut found);
    Ok(Loaded {
        config,
        today: sources.today,
        theme_dir,
        i18n,
        tera,
        input: Input {
            documents,
            regions,
            categories,
            vacancies,
        },
        problems: in_file_order(root, problems),
    })
}

fn load_vacancies(
    root: &Path,
    regions: &[regions::Region],
    categories: &Categories,
) -> (Vec<Arc<vacancies::Vacancy>>, Vec<Diagnostic>) {
    let region_ids: BTreeSet<RegionId> = regions.iter().map(|r| r.id.clone()).collect();
    let known = vacancies::Known {
        regions: &region_ids,
        categories,
    };
    let (loaded, found) = vacancies::load(root, &known);
    (loaded.into_iter().map(Arc::new).collect(), found)
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
        Ok(Written {
            path,
            hash,
            part,
            changed: !same,
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
    let emit_page = |part: Part, page: pages::RenderedPage| {
        let untranslated = page.untranslated;
        emit(page.url.output_file(), page.html.as_bytes(), part).map(|w| (w, untranslated))
    };
    let build_index = || -> Result<_, BuildError> {
        let started = Instant::now();
        let built = index::build(&site)?;
        let bytes = built.files.iter().map(|(_, b)| b.len()).sum::<usize>();
        let documents = built.documents;
        let (written, _) = write_index_files(&emitter, built.files)?;
        Ok((documents, bytes, written, started.elapsed()))
    };
    // Render and write each page as it is rendered, while the index is built alongside from
    // the same model and writes its own files: the run holds the pages in flight, not the
    // whole site.
    let (rendered, search) = std::thread::scope(|scope| {
        let index = (mode.indexing == Indexing::Alongside).then(|| scope.spawn(build_index));
        let rendered = pages::render_each(&tera, &theme_dir, jobs, &emit_page);
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

    // What the site no longer has: files of the replaced parts not written again, except
    // pages a change could not alter (not rendered again).
    let mut files: BTreeMap<PathBuf, (u64, Part)> = old_files.cloned().unwrap_or_default();
    let mut changed_files = Vec::new();
    let now: HashSet<&Path> = written.iter().map(|w| w.path.as_path()).collect();
    let gone: Vec<PathBuf> = files
        .iter()
        .filter(|(path, (_, part))| {
            replaced.contains(part) && !now.contains(path.as_path()) && !kept.contains(*path)
        })
        .map(|(path, _)| path.clone())
        .collect();
    for path in gone {
        sink.remove(&path)?;
        files.remove(&path);
        changed_files.push(path);
    }
    for w in written {
        if w.changed {
            changed_files.push(w.path.clone());
        }
        files.insert(w.path, (w.hash, w.part));
    }
    changed_files.sort();
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
        state: State {
            sources: sources.clone(),
            config,
            theme_dir,
            i18n,
            tera,
            input,
            site,
            files,
        },
    };
    Ok(ran)
}

/// The jobs of a run, the parts of the last run's files they replace, and the pages of those
/// parts that stay as they were (nothing they show changed).
struct Selected<'a> {
    jobs: Vec<(Part, pages::Lazy<'a>)>,
    replaced: HashSet<Part>,
    kept: HashSet<PathBuf>,
}

/// What a change renders. Guides alone re-render every page but the vacancies' pages and
/// listings (which show nothing of the guides), and of the guides and regions only those whose
/// pages can differ; vacancies, categories and everything else re-render every page.
fn select<'a>(
    pages: &'a Pages<'a>,
    previous: Option<&State>,
    site: &Site,
    changed: Changed,
) -> Selected<'a> {
    let mut selected = Selected {
        jobs: Vec::new(),
        replaced: HashSet::new(),
        kept: HashSet::new(),
    };
    if !changed.content() {
        return selected;
    }
    let page = |jobs: Vec<pages::Lazy<'a>>, part| jobs.into_iter().map(move |job| (part, job));
    selected.replaced.insert(Part::Page);
    match previous.filter(|_| !changed.everything && !changed.vacancies) {
        None => {
            selected.jobs.extend(page(pages.core_jobs(), Part::Page));
            selected
                .jobs
                .extend(page(pages.vacancy_jobs(), Part::VacancyPage));
            selected.replaced.insert(Part::VacancyPage);
        }
        Some(previous) => {
            let old = &previous.site;
            let touched = |id: &RegionId| mentions_changed(old, site, id);
            let guides = guides_to_render(old, site);
            let render_guide = |key: &GuideKey| guides.as_ref().is_none_or(|g| g.contains(key));
            for lang in site.config.langs() {
                selected.kept.insert(Node::Regions.url(lang).output_file());
                for id in site.regions.keys().filter(|id| !touched(id)) {
                    selected
                        .kept
                        .insert(Node::Region(id.clone()).url(lang).output_file());
                }
                for key in site.guides.keys().filter(|key| !render_guide(key)) {
                    selected
                        .kept
                        .insert(Node::Guide(key.clone()).url(lang).output_file());
                }
            }
            selected
                .jobs
                .extend(page(pages.guide_jobs(&render_guide, &touched), Part::Page));
        }
    }
    selected
}

/// The guides whose pages a change of guides may alter: those that changed, appeared or
/// went, and those that link to one of them (a link without text shows the target's title).
/// None (all of them) when a section changed: its title is in every guide's breadcrumbs.
fn guides_to_render(old: &Site, new: &Site) -> Option<BTreeSet<GuideKey>> {
    // What a page shows of an entry: its front matter, its HTML and its headings (the source
    // text only through them).
    let differs = |node: &Node| {
        let (before, after) = (old.translations(node), new.translations(node));
        before.len() != after.len()
            || before.iter().zip(after).any(|((la, a), (lb, b))| {
                la != lb
                    || a.html != b.html
                    || a.doc.front != b.doc.front
                    || a.headings != b.headings
            })
    };
    let sections = old.sections.keys().chain(new.sections.keys());
    if sections
        .map(|k| Node::Section(k.clone()))
        .any(|n| differs(&n))
    {
        return None;
    }
    let changed: BTreeSet<GuideKey> = old
        .guides
        .keys()
        .chain(new.guides.keys())
        .filter(|key| differs(&Node::Guide((*key).clone())))
        .cloned()
        .collect();
    let mut render = changed.clone();
    for key in &changed {
        let node = Node::Guide(key.clone());
        for site in [old, new] {
            render.extend(site.backlinks.get(&node).into_iter().flatten().cloned());
        }
    }
    Some(render)
}

/// Whether the "mentioned in" list of a region's page differs between two models: other
/// guides, or a guide shown with another title or in another language.
fn mentions_changed(old: &Site, new: &Site, id: &RegionId) -> bool {
    let node = Node::Region(id.clone());
    let (before, after) = (old.backlinks.get(&node), new.backlinks.get(&node));
    if before != after {
        return true;
    }
    let shown = |site: &Site, key: &GuideKey, lang| {
        site.entry_or_fallback(&Node::Guide(key.clone()), lang)
            .map(|(entry, shown)| (entry.doc.front.title.clone(), shown))
    };
    after.into_iter().flatten().any(|key| {
        new.config
            .langs()
            .any(|lang| shown(old, key, lang) != shown(new, key, lang))
    })
}

/// The search index files of a model (for a caller that builds it off its own thread).
pub(crate) fn index_files(site: &Site) -> Result<Vec<(PathBuf, Vec<u8>)>, index::IndexError> {
    index::build(site).map(|built| built.files)
}

/// Replaces the search index of `state` with `files`: chunks (named by their content, never
/// changed in place) first, then the files that name them, then old chunks, so a reader never
/// sees a manifest without its chunks. Returns the files written or removed.
pub(crate) fn write_index(
    state: &mut State,
    files: Vec<(PathBuf, Vec<u8>)>,
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
    }
    for w in written {
        if w.changed {
            changed.push(w.path.clone());
        }
        state.files.insert(w.path, (w.hash, w.part));
    }
    Ok(changed)
}

/// Writes an index's files in a safe order (see [`write_index`]) and removes the old index's
/// files it no longer has; returns what was written and what removed.
fn write_index_files(
    emitter: &Emitter<'_>,
    files: Vec<(PathBuf, Vec<u8>)>,
) -> Result<(Vec<Written>, Vec<PathBuf>), OutputError> {
    // Everything outside the chunk folder names chunks (the manifest, the listing).
    let chunk_dir = PathBuf::from(index::SEARCH_DIR).join(bagdar_search::manifest::CHUNKS_DIR);
    let (chunks, namers): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(path, _)| path.starts_with(&chunk_dir));
    let mut written = Vec::with_capacity(chunks.len() + namers.len());
    for (path, bytes) in chunks.into_iter().chain(namers) {
        written.push(emitter.emit(path, &bytes, Part::Search)?);
    }
    let now: HashSet<&Path> = written.iter().map(|w| w.path.as_path()).collect();
    let stale: Vec<PathBuf> = emitter
        .old
        .into_iter()
        .flatten()
        .filter(|(path, (_, part))| *part == Part::Search && !now.contains(path.as_path()))
        .map(|(path, _)| path.clone())
        .collect();
    for path in &stale {
        emitter.sink.remove(path)?;
    }
    Ok((written, stale))
}

/// The static files of the theme's `static/` and then the site's `static/` (which wins), as
/// (source file, path in the output); an error for a file that would replace a generated page.
pub(crate) fn static_files(
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
fn read_static_files(
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
