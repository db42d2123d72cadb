//! The load stage: reads and validates the sources, all of them or what changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use super::{Changed, Part};
use crate::config::Config;
use crate::content::categories::{self, Categories};
use crate::content::date::Date;
use crate::content::regions::{self, RegionId};
use crate::content::spellings::{self, Spellings};
use crate::content::{guides, vacancies};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::I18n;
use crate::model::{Input, Site};
use crate::offline::Digest;
use crate::site::in_file_order;
use crate::templates;
use crate::url::BaseUrl;

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
    /// What the offline lists say of the files they name.
    pub(crate) digests: BTreeMap<PathBuf, Digest>,
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
        let (documents, found) = load_documents(root, &config);
        input.documents = documents;
        problems.extend(found);
        match spellings::load(root) {
            Ok(loaded) => input.spellings = loaded,
            Err(found) => problems.extend(found),
        }
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
    let (documents, mut found) = load_documents(root, &config);
    problems.append(&mut found);
    let (regions, mut found) = regions::load(root);
    problems.append(&mut found);
    let categories = categories::load(root).unwrap_or_else(|found| {
        problems.extend(found);
        Categories::new()
    });
    let (vacancies, mut found) = load_vacancies(root, &regions, &categories);
    problems.append(&mut found);
    let spellings = spellings::load(root).unwrap_or_else(|found| {
        problems.extend(found);
        Spellings::default()
    });
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
            spellings,
        },
        problems: in_file_order(root, problems),
    })
}

/// The guides, sections and news items: the Markdown the model renders.
fn load_documents(root: &Path, config: &Config) -> (Vec<guides::Document>, Vec<Diagnostic>) {
    let (mut documents, mut problems) = guides::load(root, config);
    let (news, found) = guides::load_news(root, config);
    documents.extend(news);
    problems.extend(found);
    (documents, problems)
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
