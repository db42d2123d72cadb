//! Rebuilding only what a change touches, with a result identical to a clean build.
//!
//! A change is classified by where it happened. Guides and news items reload only the guides
//! and news (the region,
//! vacancy and category data loaded before is reused), rebuild the model (milliseconds), and
//! re-render every page but the vacancies' pages and listings, which show nothing of the
//! guides. Vacancy and category files reload the vacancies and re-render every page. The
//! configuration, the theme and region files reload everything. Then only the files whose
//! bytes changed are written (each by an atomic rename), and files the change removed are
//! deleted. The search index is rebuilt from the same model in the background
//! ([`index_files`]); its files replace the old ones when it is done.
//!
//! On errors the output is left as it was, and the change stays pending: the next change
//! reloads what failed as well.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Site;
use crate::output::OutputError;
use crate::pipeline::sink::InPlace;
use crate::pipeline::{self, Changed, Errors, Indexing, Mode, State};
use crate::site::BuildError;

/// What a change of `path` (absolute, under the canonical `root`) affects; nothing for paths
/// outside the sources (the output folder, editors' swap files).
pub(crate) fn classify(root: &Path, output: &Path, path: &Path) -> Changed {
    let mut dirty = Changed::default();
    if path.starts_with(output) {
        return dirty;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return dirty;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with(".#") || name.ends_with('~') || name.ends_with(".swp") {
        return dirty;
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["content", "guides" | "news", ..] => dirty.guides = true,
        ["content", "vacancies", ..] => dirty.vacancies = true,
        // Only `bagdar check` reads the terms; no page shows them.
        ["content", "terms.yaml"] => {}
        ["static", ..] => dirty.statics = true,
        ["themes", _, "static", ..] => dirty.statics = true,
        // The configuration, the theme, regions, or a source folder renamed or replaced
        // whole.
        ["bagdar.yaml"] | ["content", ..] | ["themes", ..] | [] => dirty.everything = true,
        _ => {}
    }
    dirty
}

/// What a rebuild did.
#[derive(Debug, Default)]
pub(crate) struct Rebuilt {
    /// Output files written or removed, relative to the output.
    pub(crate) changed: Vec<PathBuf>,
    /// Pages rendered.
    pub(crate) rendered: usize,
    /// Whether the search index must be rebuilt.
    pub(crate) reindex: bool,
    /// The warnings of the rebuilt model (a link to an expired vacancy), as a build reports.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Wall time.
    pub(crate) elapsed: Duration,
    /// Wall time of each stage: load, model, render, write.
    pub(crate) stages: [Duration; 4],
}

/// The state of a served site between rebuilds.
pub(crate) struct Rebuilder {
    state: State,
    output: PathBuf,
    pending: Changed,
    /// Counts rebuilds of the model, so a late index can tell it is out of date.
    generation: u64,
}

impl Rebuilder {
    /// Starts from a full build into `output`.
    pub(crate) fn new(state: State, output: PathBuf) -> Rebuilder {
        Rebuilder {
            state,
            output,
            pending: Changed::default(),
            generation: 0,
        }
    }

    /// The model of the last good build, and its generation.
    pub(crate) fn site(&self) -> (Arc<Site>, u64) {
        (Arc::clone(&self.state.site), self.generation)
    }

    /// Applies a change (and whatever is still pending from failed attempts) through the
    /// pipeline, in place; on errors the output and the state stay as they were.
    pub(crate) fn rebuild(&mut self, dirty: Changed) -> Result<Rebuilt, Vec<Diagnostic>> {
        let started = Instant::now();
        self.pending.merge(dirty);
        let changed = self.pending;
        if changed.is_clean() {
            return Ok(Rebuilt::default());
        }
        let sources = self.state.sources.clone();
        let mut loaded = pipeline::load(&sources, Some(&self.state), changed)?;
        loaded.split()?;
        let loaded_at = started.elapsed();
        let sink = InPlace {
            output: &self.output,
        };
        let mode = Mode {
            indexing: Indexing::Later,
            errors: Errors::Stop,
        };
        let ran = pipeline::run(&sources, loaded, Some(&self.state), changed, &sink, mode)
            .map_err(problems)?;
        self.state = ran.state;
        if changed.content() {
            self.generation += 1;
        }
        self.pending = Changed::default();
        Ok(Rebuilt {
            changed: ran.changed,
            rendered: ran.rendered,
            reindex: changed.content(),
            warnings: ran.problems,
            elapsed: started.elapsed(),
            stages: [
                loaded_at,
                ran.stages.model,
                ran.stages.render,
                ran.stages.write,
            ],
        })
    }

    /// Replaces the search index with `files` (built from generation `generation`); ignored
    /// when the model has changed since.
    pub(crate) fn apply_index(
        &mut self,
        generation: u64,
        files: crate::index::bundle::Files,
    ) -> Result<Option<Vec<PathBuf>>, OutputError> {
        if generation != self.generation {
            return Ok(None);
        }
        let sink = InPlace {
            output: &self.output,
        };
        pipeline::write_index(&mut self.state, files, &sink).map(Some)
    }
}

/// A failed run as the problems to show: the editors' own, or what writing or indexing hit.
pub(crate) fn problems(error: BuildError) -> Vec<Diagnostic> {
    match error {
        BuildError::Content(problems) => problems,
        BuildError::Output(e) => vec![Diagnostic::error(
            Code::Output,
            e.path().to_path_buf(),
            format!("writing the site failed: {e}"),
        )],
        BuildError::Index(e) => vec![Diagnostic::error(
            Code::SearchIndex,
            PathBuf::from(crate::index::SEARCH_DIR),
            e.to_string(),
        )],
        BuildError::Usage(message) => vec![Diagnostic::error(
            Code::Config,
            PathBuf::from("bagdar.yaml"),
            message,
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_classified_by_where_they_happen() {
        let root = Path::new("/site");
        let output = Path::new("/site/public");
        let at = |p: &str| classify(root, output, &root.join(p));
        assert!(at("content/guides/a.kk.md").guides);
        assert!(at("content/news/2026/a.kk.md").guides);
        assert!(!at("content/guides/a.kk.md").everything);
        assert!(at("content/vacancies/export.csv").vacancies);
        assert!(at("content/regions/abai.yaml").everything);
        assert!(at("themes/default/templates/base.html").everything);
        assert!(at("themes/default/static/style.css").statics);
        assert!(at("static/logo.svg").statics);
        assert!(at("bagdar.yaml").everything);
        assert!(
            at("content/terms.yaml").is_clean(),
            "only the check reads it"
        );
        assert!(at("public/index.html").is_clean());
        assert!(at("content/guides/.#a.kk.md").is_clean());
        assert!(at("content/guides/a.kk.md~").is_clean());
        assert!(classify(root, output, Path::new("/elsewhere/x")).is_clean());
    }
}
