//! `bagdar check`: everything the build validates, without writing anything, plus what an
//! editor should look at before publishing — plain links and their anchors, translation
//! coverage, guides not reviewed for a long time, forms that `content/terms.yaml` says to
//! avoid.
//!
//! It runs the build's own stages in memory (load → model → render, see [`crate::site`]) so
//! that a site that checks without errors builds, then adds its own findings. Model and render
//! run only when every file loaded (a guide that failed to parse would make every link to it
//! look broken); the model's errors (broken `@/` links, anchors) do not stop the render.

pub mod coverage;
mod links;
mod stale;
mod terms;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::content::date::Date;
use crate::diagnostic::Diagnostic;
use crate::index::runtime::Runtime;
use crate::model::Site;
use crate::pages::{self, Pages};
use crate::site::{self, BuildError, Loaded};
pub use coverage::Coverage;

/// What `bagdar check` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// The site root (holding `bagdar.yaml`).
    pub root: PathBuf,
    /// "Today" for staleness and expiry; the system date when not given.
    pub today: Option<Date>,
}

/// Everything a check found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Errors and warnings, relative to the root, file by file, top to bottom.
    pub findings: Vec<Diagnostic>,
    /// Which guides and sections exist in which languages.
    pub coverage: Coverage,
}

impl CheckReport {
    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|d| d.is_error()).count()
    }

    /// How many findings are warnings.
    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }
}

/// Checks the site at `options.root`. Fails only on usage errors (a root that does not exist);
/// problems in the site's files are findings.
pub fn check(options: &CheckOptions) -> Result<CheckReport, BuildError> {
    let root = site::canonical_root(&options.root)?;
    let loaded = match site::load(&root, None, options.today) {
        Ok(loaded) => loaded,
        Err(findings) => {
            return Ok(CheckReport {
                findings,
                coverage: Coverage::default(),
            });
        }
    };
    let Loaded {
        config,
        today,
        theme_dir,
        i18n,
        tera,
        input,
        problems,
    } = loaded;
    let mut findings = problems;
    let coverage = Coverage::of(&input.documents, &config);
    findings.extend(coverage::missing(&root, &input.documents, &config));
    findings.extend(stale::guides(&input.documents, &config, today));
    match crate::content::terms::load(&root) {
        Ok(Some(list)) => findings.extend(terms::check(&list, &input.documents, &input.regions)),
        Ok(None) => {}
        Err(problems) => findings.extend(problems),
    }

    if let Some(tera) = tera.filter(|_| !findings.iter().any(Diagnostic::is_error)) {
        let (site, problems) = Site::build_all(config, today, input);
        findings.extend(problems);
        findings.extend(render_and_links(&root, &theme_dir, &tera, &i18n, &site));
    }
    Ok(CheckReport {
        findings: site::in_file_order(&root, findings),
        coverage,
    })
}

/// The render stage's problems, or else those of the static files and of plain links.
fn render_and_links(
    root: &Path,
    theme_dir: &Path,
    tera: &tera::Tera,
    i18n: &crate::i18n::I18n,
    site: &Site,
) -> Vec<Diagnostic> {
    let runtime = Runtime::new();
    let pages = Pages::new(site, i18n, &runtime);
    let jobs = pages.jobs();
    let rendered = match pages::render_all(tera, theme_dir, jobs) {
        Ok(rendered) => rendered,
        Err(problems) => return problems,
    };
    let page_files: HashSet<PathBuf> = rendered.iter().map(|p| p.url.output_file()).collect();
    match site::static_files(root, theme_dir, &page_files) {
        Ok(files) => links::check(site, &rendered, &files),
        Err(problems) => problems,
    }
}
