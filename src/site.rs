//! The whole build: load → model → render → (index) → write. `bagdar check` reuses the load
//! stage ([`load`]) and the static file listing ([`static_files`]) and writes nothing.

use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tera::Tera;

use crate::config::Config;
use crate::content::categories::{self, Categories};
use crate::content::date::Date;
use crate::content::regions::{self, RegionId};
use crate::content::{guides, vacancies, walk};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::I18n;
use crate::index;
use crate::index::runtime::Runtime;
use crate::model::{Input, Site};
use crate::output::{OutputError, Staging};
use crate::pages::{self, Pages};
use crate::sitemap;
use crate::templates;
use crate::url::{BaseUrl, UrlPath};

/// What `bagdar build` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// The site root (holding `bagdar.yaml`).
    pub root: PathBuf,
    /// The output folder; `ROOT/public` when not given.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the configuration.
    pub base_url: Option<BaseUrl>,
    /// "Today" for staleness; the system date when not given.
    pub today: Option<Date>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Where the site was written.
    pub output: PathBuf,
    /// HTML pages written.
    pub pages: usize,
    /// Of those, pages standing in for a missing translation.
    pub untranslated: usize,
    /// Static files copied.
    pub static_files: usize,
    /// Warnings (the build succeeded regardless).
    pub warnings: Vec<Diagnostic>,
    /// Search documents indexed.
    pub search_documents: usize,
    /// Bytes of the bundled search index.
    pub search_bytes: usize,
    /// Vacancies not published because they had expired.
    pub expired_vacancies: usize,
    /// Wall time of the build.
    pub elapsed: Duration,
    /// Wall time of each stage.
    pub stages: Stages,
}

/// Wall time of each stage of a build. The index is built on its own thread while the pages
/// are rendered and written, so `index` overlaps `render`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stages {
    /// Reading and validating files.
    pub load: Duration,
    /// Translations, Markdown, links.
    pub model: Duration,
    /// Rendering the pages, each written as soon as it is rendered.
    pub render: Duration,
    /// Building the search index (alongside the render).
    pub index: Duration,
    /// Writing the index, sitemap and static files, and swapping the output.
    pub write: Duration,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The command was used wrongly (bad paths); exit status 2.
    #[error("{0}")]
    Usage(String),
    /// Editors' files have problems; every one is listed; exit status 1.
    #[error("{} problem(s) in the site's files", .0.len())]
    Content(Vec<Diagnostic>),
    /// Writing the output failed; exit status 1.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The search index could not be built; exit status 1.
    #[error(transparent)]
    Index(#[from] index::IndexError),
}

impl BuildError {
    /// The process exit status for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Usage(_) => 2,
            BuildError::Content(_) | BuildError::Output(_) | BuildError::Index(_) => 1,
        }
    }
}

/// What the load stage read: every file validated on its own, and what it found wrong.
pub struct Loaded {
    /// The configuration, with `--base-url` applied.
    pub config: Config,
    /// "Now", for staleness and expiry.
    pub today: Date,
    /// The theme folder.
    pub theme_dir: PathBuf,
    /// The theme's interface strings (empty when they have errors).
    pub i18n: Arc<I18n>,
    /// The parsed templates, unless they have errors.
    pub tera: Option<Tera>,
    /// Every file that loaded.
    pub input: Input,
    /// Every problem, errors and warnings, relative to the root and in file order.
    pub problems: Vec<Diagnostic>,
}

/// The load stage: reads and validates the configuration, the theme's strings and templates,
/// guides, regions, categories and vacancies under the canonical `root`. Fails only when the
/// configuration or the theme is unusable; every other problem is in [`Loaded::problems`].
pub fn load(
    root: &Path,
    base_url: Option<&BaseUrl>,
    today: Option<Date>,
) -> Result<Loaded, Vec<Diagnostic>> {
    let mut config = Config::load(root).map_err(|p| in_file_order(root, p))?;
    if let Some(base_url) = base_url {
        config.base_url = base_url.clone();
    }
    let today = today.unwrap_or_else(Date::today_utc);
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
    let i18n = match I18n::load(&theme_dir, &config) {
        Ok(i18n) => Arc::new(i18n),
        Err(mut found) => {
            problems.append(&mut found);
            Arc::new(I18n::default())
        }
    };
    let tera = templates::load(root, &theme_dir, Arc::clone(&i18n))
        .map_err(|found| problems.extend(found))
        .ok();
    let (documents, mut found) = guides::load(root, &config);
    problems.append(&mut found);
    let (regions, mut found) = regions::load(root);
    problems.append(&mut found);
    let categories = categories::load(root).unwrap_or_else(|found| {
        problems.extend(found);
        Categories::new()
    });
    let region_ids: BTreeSet<RegionId> = regions.iter().map(|r| r.id.clone()).collect();
    let known = vacancies::Known {
        regions: &region_ids,
        categories: &categories,
    };
    let (vacancies, mut found) = vacancies::load(root, &known);
    problems.append(&mut found);
    Ok(Loaded {
        config,
        today,
        theme_dir,
        i18n,
        tera,
        input: Input {
            documents,
            regions,
            categories,
            vacancies: vacancies.into_iter().map(Arc::new).collect(),
        },
        problems: in_file_order(root, problems),
    })
}

/// Problems relative to the root and listed file by file, top to bottom, whatever order the
/// stages found them in.
pub fn in_file_order(root: &Path, problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = problems.into_iter().map(|d| d.relative_to(root)).collect();
    problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    problems
}

/// The site root as an absolute path without symlinks; a usage error when it does not exist.
pub fn canonical_root(root: &Path) -> Result<PathBuf, BuildError> {
    std::fs::canonicalize(root)
        .map_err(|e| BuildError::Usage(format!("--root {}: {e}", root.display())))
}

/// Builds the site described by `options`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_kept(options).map(|(report, _)| report)
}

/// Which part of the build wrote an output file, so a rebuild knows what it replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
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

/// What a build keeps so `bagdar serve` can rebuild only what changed.
pub struct Kept {
    /// The canonical site root.
    pub root: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// The options of the build.
    pub options: BuildOptions,
    /// "Now", as the build took it.
    pub today: Date,
    /// The configuration (with `--base-url` applied).
    pub config: Config,
    /// The theme folder.
    pub theme_dir: PathBuf,
    /// The interface strings.
    pub i18n: Arc<I18n>,
    /// The parsed templates.
    pub tera: Arc<Tera>,
    /// What the load stage read.
    pub input: Input,
    /// The model.
    pub site: Arc<Site>,
    /// The sitemap as written (large on a large site: compared, not hashed).
    pub sitemap: String,
    /// Every file written, relative to the output: a hash of its bytes and its part.
    pub files: std::collections::BTreeMap<PathBuf, (u64, Part)>,
}

/// Builds the site described by `options`, and keeps what a rebuild can reuse.
pub fn build_kept(options: &BuildOptions) -> Result<(BuildReport, Kept), BuildError> {
    let started = Instant::now();
    let root = canonical_root(&options.root)?;
    let output = resolve_output(&root, options.output.as_deref())?;
    let relative = |problems: Vec<Diagnostic>| in_file_order(&root, problems);

    // Load.
    let Loaded {
        config,
        today,
        theme_dir,
        i18n,
        tera,
        input,
        problems,
    } = load(&root, options.base_url.as_ref(), options.today).map_err(BuildError::Content)?;
    let (errors, mut warnings): (Vec<_>, Vec<_>) =
        problems.into_iter().partition(Diagnostic::is_error);
    let Some(tera) = tera.filter(|_| errors.is_empty()) else {
        return Err(BuildError::Content(errors));
    };

    let loaded = Instant::now();
    // Model.
    let (site, found) = Site::build_all(config.clone(), today, input.clone());
    if found.iter().any(Diagnostic::is_error) {
        return Err(BuildError::Content(relative(found)));
    }
    // The model's warnings (a link to a vacancy that has expired) are reported with the load's.
    warnings.extend(relative(found));

    let modelled = Instant::now();
    // Render and write each page as it is rendered, while the index is built alongside from
    // the same model: the build holds the pages in flight, not the whole site.
    let staging = Staging::new(&output)?;
    let runtime = Runtime::new();
    let pages = Pages::new(&site, &i18n, &runtime);
    let jobs: Vec<(Part, pages::Lazy<'_>)> = pages
        .core_jobs()
        .into_iter()
        .map(|job| (Part::Page, job))
        .chain(
            pages
                .vacancy_jobs()
                .into_iter()
                .map(|job| (Part::VacancyPage, job)),
        )
        .collect();
    let write_page = |part: Part, page: pages::RenderedPage| {
        let rel = page.url.output_file();
        let hash = staging.write(&rel, page.html.as_bytes())?;
        Ok::<_, OutputError>((rel, hash, part, page.untranslated))
    };
    // The index thread writes its own files when it is done, while the pages still render:
    // thousands of small files off the build's critical path.
    let write_index = || -> Result<_, BuildError> {
        let built = index::build(&site)?;
        let mut written = Vec::with_capacity(built.files.len());
        for (path, bytes) in &built.files {
            written.push((path.clone(), staging.write(path, bytes)?));
        }
        Ok((
            built.documents,
            built.files.iter().map(|(_, b)| b.len()).sum::<usize>(),
            written,
        ))
    };
    let (rendered, search) = std::thread::scope(|scope| {
        let index = scope.spawn(|| {
            let started = Instant::now();
            (write_index(), started.elapsed())
        });
        let rendered = pages::render_each(&tera, &theme_dir, jobs, &write_page);
        let rendered_at = Instant::now();
        let search = index
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (rendered.map(|r| (r, rendered_at, Instant::now())), search)
    });
    let (written, rendered_at, joined) = rendered.map_err(|e| match e {
        pages::RenderError::Templates(p) => BuildError::Content(relative(p)),
        pages::RenderError::Sink(e) => BuildError::Output(e),
    })?;
    let (search, index_time) = search;
    let search = search?;

    // Write the rest.
    let mut files = std::collections::BTreeMap::new();
    let mut untranslated = 0;
    for (rel, hash, part, stand_in) in written {
        untranslated += usize::from(stand_in);
        files.insert(rel, (hash, part));
    }
    let page_count = files.len();
    let (search_documents, search_bytes, search_files) = search;
    for (path, hash) in search_files {
        files.insert(path, (hash, Part::Search));
    }
    let mut write = |rel: &Path, bytes: &[u8], part: Part| -> Result<(), BuildError> {
        let hash = staging.write(rel, bytes)?;
        files.insert(rel.to_path_buf(), (hash, part));
        Ok(())
    };
    let sitemap = sitemap::sitemap(&site);
    write(
        &UrlPath::file("sitemap.xml").output_file(),
        sitemap.as_bytes(),
        Part::Sitemap,
    )?;
    for (path, bytes) in runtime.files() {
        write(Path::new(&path), bytes, Part::Runtime)?;
    }
    let page_files: HashSet<PathBuf> = files.keys().cloned().collect();
    let statics = read_static_files(&root, &theme_dir, &page_files).map_err(BuildError::Content)?;
    let mut static_count = HashSet::new();
    for (rel, bytes) in &statics {
        let hash = staging.write(rel, bytes)?;
        files.insert(rel.clone(), (hash, Part::Static));
        static_count.insert(rel.clone());
    }
    staging.commit()?;

    let report = BuildReport {
        output: output.clone(),
        pages: page_count,
        untranslated,
        static_files: static_count.len(),
        expired_vacancies: site.expired,
        search_documents,
        search_bytes,
        warnings,
        elapsed: started.elapsed(),
        stages: Stages {
            load: loaded - started,
            model: modelled - loaded,
            render: rendered_at - modelled,
            index: index_time,
            write: joined.elapsed(),
        },
    };
    let kept = Kept {
        root,
        output,
        options: options.clone(),
        today,
        config,
        theme_dir,
        i18n,
        tera: Arc::new(tera),
        input,
        site: Arc::new(site),
        sitemap,
        files,
    };
    Ok((report, kept))
}

/// The static files of the theme's `static/` and then the site's `static/` (which wins), as
/// (source file, path in the output); an error for a file that would replace a generated page.
pub fn static_files(
    root: &Path,
    theme_dir: &Path,
    pages: &HashSet<PathBuf>,
) -> Result<Vec<(PathBuf, PathBuf)>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for dir in [theme_dir.join("static"), root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        for file in walk::files(root, &dir, &mut problems) {
            let rel = file.strip_prefix(&dir).unwrap_or(&file).to_path_buf();
            if pages.contains(&rel) {
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
pub fn read_static_files(
    root: &Path,
    theme_dir: &Path,
    pages: &HashSet<PathBuf>,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Vec<Diagnostic>> {
    static_files(root, theme_dir, pages)?
        .into_iter()
        .map(|(file, rel)| {
            std::fs::read(&file).map(|bytes| (rel, bytes)).map_err(|e| {
                vec![
                    Diagnostic::error(Code::UnreadableFile, &file, e.to_string()).relative_to(root),
                ]
            })
        })
        .collect()
}

/// The absolute output folder, refused when replacing it would destroy the site's sources.
fn resolve_output(root: &Path, output: Option<&Path>) -> Result<PathBuf, BuildError> {
    let output = match output {
        Some(path) => absolute_resolved(path)
            .map_err(|e| BuildError::Usage(format!("--output {}: {e}", path.display())))?,
        None => root.join("public"),
    };
    let sources = ["content", "themes", "static"].map(|dir| root.join(dir));
    if output == root || root.starts_with(&output) {
        return Err(BuildError::Usage(format!(
            "--output {} is or contains the site root; every build replaces the output folder whole",
            output.display()
        )));
    }
    if let Some(source) = sources
        .iter()
        .find(|s| output.starts_with(s) || s.starts_with(&output))
    {
        return Err(BuildError::Usage(format!(
            "--output {} overlaps the source folder {}; choose a folder such as {}",
            output.display(),
            source.display(),
            root.join("public").display()
        )));
    }
    Ok(output)
}

/// Makes `path` absolute, resolves `..` and the symlinks of the part of it that exists.
fn absolute_resolved(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut normal = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(ToOwned::to_owned),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = std::fs::canonicalize(&existing)?;
    resolved.extend(rest.into_iter().rev());
    Ok(resolved)
}
