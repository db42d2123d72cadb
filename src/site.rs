//! `bagdar build`: the pipeline ([`crate::pipeline`]) run once into a staging folder, which
//! replaces the output when the run succeeded.

use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::date::Date;
use crate::diagnostic::Diagnostic;
use crate::index;
use crate::output::{OutputError, OutputLock, Staging};
pub use crate::pipeline::Stages;
use crate::pipeline::{self, Changed, Errors, Indexing, Mode, Sources, State};
use crate::url::BaseUrl;

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
    /// News items not published yet because they are dated after `today`.
    pub held_back_news: usize,
    /// Wall time of the build.
    pub elapsed: Duration,
    /// Wall time of each stage.
    pub stages: Stages,
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
    let (sources, output) = resolve(options)?;
    let lock = OutputLock::acquire(&output)?;
    build_into(&sources, &output, &lock).map(|(report, _)| report)
}

/// The sources and the absolute output folder `options` name (usage errors when they cannot
/// be used).
pub(crate) fn resolve(options: &BuildOptions) -> Result<(Sources, PathBuf), BuildError> {
    let sources = sources(options)?;
    let output = resolve_output(&sources.root, options.output.as_deref())?;
    Ok((sources, output))
}

/// The sources `options` name.
pub(crate) fn sources(options: &BuildOptions) -> Result<Sources, BuildError> {
    Ok(Sources {
        root: canonical_root(&options.root)?,
        base_url: options.base_url.clone(),
        today: options.today.unwrap_or_else(Date::today_utc),
    })
}

/// Builds the site from `sources` into `output`, whose lock the caller holds, and keeps the
/// state a later run starts from.
pub(crate) fn build_into(
    sources: &Sources,
    output: &Path,
    lock: &OutputLock,
) -> Result<(BuildReport, State), BuildError> {
    let started = Instant::now();
    let output = output.to_path_buf();
    let mut loaded = pipeline::load(sources, None, Changed::ALL).map_err(BuildError::Content)?;
    let warnings = loaded.split().map_err(BuildError::Content)?;
    let load = started.elapsed();
    let staging = Staging::new(&output, lock)?;
    let mode = Mode {
        indexing: Indexing::Alongside,
        errors: Errors::Stop,
    };
    let ran = pipeline::run(sources, loaded, None, Changed::ALL, &staging, mode)?;
    let committing = Instant::now();
    staging.commit()?;
    let (search_documents, search_bytes) = ran.search.unwrap_or_default();
    let mut stages = ran.stages;
    stages.load = load;
    stages.write += committing.elapsed();
    let mut warnings = warnings;
    warnings.extend(ran.problems);
    let report = BuildReport {
        output,
        pages: ran.pages,
        untranslated: ran.untranslated,
        static_files: ran.static_files,
        expired_vacancies: ran.state.site.expired,
        held_back_news: ran.state.site.news_held_back,
        search_documents,
        search_bytes,
        warnings,
        elapsed: started.elapsed(),
        stages,
    };
    Ok((report, ran.state))
}

/// The absolute output folder, refused when replacing it would destroy the site's sources.
fn resolve_output(root: &Path, output: Option<&Path>) -> Result<PathBuf, BuildError> {
    let output = match output {
        Some(path) => absolute_resolved(path)
            .map_err(|e| BuildError::Usage(format!("--output {}: {e}", path.display())))?,
        None => absolute_resolved(&root.join("public"))
            .map_err(|e| BuildError::Usage(format!("{}/public: {e}", root.display())))?,
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

/// Makes `path` absolute, resolves `..` and the symlinks of the part of it that exists, the
/// path itself included when it is a link (to a folder that may not exist yet): a `public`
/// that links elsewhere is built beside its target, and stays a link.
fn absolute_resolved(path: &Path) -> std::io::Result<PathBuf> {
    let normalize = |path: &Path| -> std::io::Result<PathBuf> {
        let mut normal = PathBuf::new();
        for component in std::path::absolute(path)?.components() {
            match component {
                Component::ParentDir => {
                    normal.pop();
                }
                Component::CurDir => {}
                other => normal.push(other),
            }
        }
        Ok(normal)
    };
    let mut normal = normalize(path)?;
    for _ in 0..40 {
        if !std::fs::symlink_metadata(&normal).is_ok_and(|m| m.file_type().is_symlink()) {
            break;
        }
        let target = std::fs::read_link(&normal)?;
        let from = normal.parent().map(Path::to_path_buf).unwrap_or_default();
        normal = normalize(&from.join(target))?;
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
