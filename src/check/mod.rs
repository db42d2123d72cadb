//! `bagdar check`: everything the build validates, without writing anything, plus what an
//! editor should look at before publishing — plain links and their anchors, translation
//! coverage, guides not reviewed for a long time, forms that `content/terms.yaml` says to
//! avoid.
//!
//! It runs the build's own pipeline ([`crate::pipeline`]) into memory, without the search
//! index, so that a site that checks without errors builds, then adds its own findings. Model
//! and render run only when every file loaded (a guide that failed to parse would make every
//! link to it look broken); the model's errors (broken `@/` links, anchors) do not stop the
//! render.

pub mod coverage;
mod editions;
mod links;
mod stale;
mod terms;

use std::path::PathBuf;

use crate::content::date::Date;
use crate::diagnostic::Diagnostic;
use crate::pipeline::sink::Memory;
use crate::pipeline::{self, Changed, Errors, Indexing, Loaded, Mode};
use crate::site::{self, BuildError, BuildOptions};
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
    let sources = site::sources(&BuildOptions {
        root: options.root.clone(),
        today: options.today,
        ..BuildOptions::default()
    })?;
    let root = &sources.root;
    let mut loaded = match pipeline::load(&sources, None, Changed::ALL) {
        Ok(loaded) => loaded,
        Err(findings) => {
            return Ok(CheckReport {
                findings,
                coverage: Coverage::default(),
            });
        }
    };
    let mut findings = std::mem::take(&mut loaded.problems);
    let Loaded { config, input, .. } = &loaded;
    let coverage = Coverage::of(&input.documents, config);
    findings.extend(coverage::missing(root, &input.documents, config));
    findings.extend(stale::guides(&input.documents, config, loaded.today));
    match crate::content::terms::load(root) {
        Ok(Some(list)) => findings.extend(terms::check(&list, &input.documents, &input.regions)),
        Ok(None) => {}
        Err(problems) => findings.extend(problems),
    }

    if loaded.tera.is_some() && !findings.iter().any(Diagnostic::is_error) {
        let memory = Memory::default();
        let mode = Mode {
            indexing: Indexing::Skip,
            errors: Errors::Report,
        };
        match pipeline::run(&sources, loaded, None, Changed::ALL, &memory, mode) {
            Ok(ran) => {
                findings.extend(ran.problems);
                findings.extend(crate::feed::relative_warning(&ran.state.site, root));
                let files = memory.into_files();
                findings.extend(links::check(&ran.state.site, &files));
                findings.extend(editions::check(&ran.state.site, &files));
            }
            Err(BuildError::Content(problems)) => findings.extend(problems),
            Err(other) => return Err(other),
        }
    }
    Ok(CheckReport {
        findings: site::in_file_order(root, findings),
        coverage,
    })
}
