//! Rebuilding only what a change touches, with a result identical to a clean build.
//!
//! A change is classified by where it happened. Guides reload only the guides (the region,
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

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::content::categories;
use crate::content::guides::GuideKey;
use crate::content::regions::RegionId;
use crate::content::{guides, vacancies};
use crate::diagnostic::Diagnostic;
use crate::index;
use crate::index::runtime::Runtime;
use crate::model::{Node, Site};
use crate::output::content_hash;
use crate::pages::{self, Pages};
use crate::site::{self, Kept, Part};
use crate::sitemap;
use crate::url::UrlPath;

/// What a changed path can affect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dirty {
    /// Reload everything: configuration, theme, regions.
    pub everything: bool,
    /// Reload the guides.
    pub guides: bool,
    /// Reload the vacancies and categories.
    pub vacancies: bool,
    /// Copy the static files again.
    pub statics: bool,
}

impl Dirty {
    /// Whether nothing needs doing.
    pub fn is_clean(&self) -> bool {
        *self == Dirty::default()
    }

    /// Both at once.
    pub fn merge(&mut self, other: Dirty) {
        self.everything |= other.everything;
        self.guides |= other.guides;
        self.vacancies |= other.vacancies;
        self.statics |= other.statics;
    }
}

/// What a change of `path` (absolute, under the canonical `root`) affects; nothing for paths
/// outside the sources (the output folder, editors' swap files).
pub fn classify(root: &Path, output: &Path, path: &Path) -> Dirty {
    let mut dirty = Dirty::default();
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
        ["content", "guides", ..] => dirty.guides = true,
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
pub struct Rebuilt {
    /// Output files written or removed, relative to the output.
    pub changed: Vec<PathBuf>,
    /// Pages rendered.
    pub rendered: usize,
    /// Whether the search index must be rebuilt.
    pub reindex: bool,
    /// Wall time.
    pub elapsed: Duration,
    /// Wall time of each stage: load, model, render, write.
    pub stages: [Duration; 4],
}

/// The state of a served site between rebuilds.
pub struct Rebuilder {
    kept: Kept,
    pending: Dirty,
    /// Counts rebuilds of the model, so a late index can tell it is out of date.
    generation: u64,
}

impl Rebuilder {
    /// Starts from a full build.
    pub fn new(kept: Kept) -> Rebuilder {
        Rebuilder {
            kept,
            pending: Dirty::default(),
            generation: 0,
        }
    }

    /// The canonical site root.
    pub fn root(&self) -> &Path {
        &self.kept.root
    }

    /// The output folder.
    pub fn output(&self) -> &Path {
        &self.kept.output
    }

    /// The model of the last good build, and its generation.
    pub fn site(&self) -> (Arc<Site>, u64) {
        (Arc::clone(&self.kept.site), self.generation)
    }

    /// Applies a change (and whatever is still pending from failed attempts).
    pub fn rebuild(&mut self, dirty: Dirty) -> Result<Rebuilt, Vec<Diagnostic>> {
        let started = Instant::now();
        self.pending.merge(dirty);
        let dirty = self.pending;
        if dirty.is_clean() {
            return Ok(Rebuilt::default());
        }
        let root = self.kept.root.clone();
        let relative = |problems: Vec<Diagnostic>| site::in_file_order(&root, problems);
        let errors = |problems: Vec<Diagnostic>| -> Vec<Diagnostic> {
            relative(problems.into_iter().filter(Diagnostic::is_error).collect())
        };

        // Load what changed, into a copy: the kept state changes only when all succeeds.
        let mut config = self.kept.config.clone();
        let mut theme_dir = self.kept.theme_dir.clone();
        let mut i18n = Arc::clone(&self.kept.i18n);
        let mut tera = Arc::clone(&self.kept.tera);
        let mut input = None;
        let content_changed = dirty.everything || dirty.guides || dirty.vacancies;
        if dirty.everything {
            let loaded = site::load(
                &root,
                self.kept.options.base_url.as_ref(),
                Some(self.kept.today),
            )?;
            let found = errors(loaded.problems);
            let Some(parsed) = loaded.tera.filter(|_| found.is_empty()) else {
                return Err(found);
            };
            config = loaded.config;
            theme_dir = loaded.theme_dir;
            i18n = loaded.i18n;
            tera = Arc::new(parsed);
            input = Some(loaded.input);
        } else if dirty.guides || dirty.vacancies {
            let mut next = self.kept.input.clone();
            let mut found = Vec::new();
            if dirty.guides {
                let (documents, problems) = guides::load(&root, &config);
                next.documents = documents;
                found.extend(problems);
            }
            if dirty.vacancies {
                match categories::load(&root) {
                    Ok(loaded) => next.categories = loaded,
                    Err(problems) => found.extend(problems),
                }
                let region_ids: BTreeSet<RegionId> =
                    next.regions.iter().map(|r| r.id.clone()).collect();
                let known = vacancies::Known {
                    regions: &region_ids,
                    categories: &next.categories,
                };
                let (loaded, problems) = vacancies::load(&root, &known);
                next.vacancies = loaded.into_iter().map(Arc::new).collect();
                found.extend(problems);
            }
            let found = errors(found);
            if !found.is_empty() {
                return Err(found);
            }
            input = Some(next);
        }

        let loaded = Instant::now();
        // Model and render.
        let (site, input) = match input {
            Some(input) => {
                let site = Site::build(config.clone(), self.kept.today, input.clone())
                    .map_err(&relative)?;
                (Arc::new(site), input)
            }
            None => (Arc::clone(&self.kept.site), self.kept.input.clone()),
        };
        let modelled = Instant::now();
        let mut rendered = 0;
        let mut preserved: HashSet<PathBuf> = HashSet::new();
        let mut next: BTreeMap<PathBuf, (Vec<u8>, Part)> = BTreeMap::new();
        if content_changed {
            let runtime = Runtime::new();
            let pages = Pages::new(&site, &i18n, &runtime);
            let vacancies_too = dirty.everything || dirty.vacancies;
            let core = if vacancies_too {
                pages.core_jobs()
            } else {
                // Guides only: the regions overview and the pages of regions whose
                // "mentioned in" lists read the same stay as they are.
                let old = &self.kept.site;
                let touched = |id: &RegionId| mentions_changed(old, &site, id);
                let guides = guides_to_render(old, &site);
                let render_guide = |key: &GuideKey| guides.as_ref().is_none_or(|g| g.contains(key));
                for lang in site.config.langs() {
                    preserved.insert(Node::Regions.url(lang).output_file());
                    for id in site.regions.keys().filter(|id| !touched(id)) {
                        preserved.insert(Node::Region(id.clone()).url(lang).output_file());
                    }
                    for key in site.guides.keys().filter(|key| !render_guide(key)) {
                        preserved.insert(Node::Guide(key.clone()).url(lang).output_file());
                    }
                }
                pages.guide_jobs(&render_guide, &touched)
            };
            let vacancy = if vacancies_too {
                pages.vacancy_jobs()
            } else {
                Vec::new()
            };
            let (core, vacancy) =
                pages::render_apart(&tera, &theme_dir, core, vacancy).map_err(&relative)?;
            rendered = core.len() + vacancy.len();
            let parts = [(core, Part::Page), (vacancy, Part::VacancyPage)];
            for (pages, part) in parts {
                for page in pages {
                    next.insert(page.url.output_file(), (page.html.into_bytes(), part));
                }
            }
        }
        let sitemap = content_changed
            .then(|| sitemap::sitemap(&site))
            .filter(|map| *map != self.kept.sitemap);
        let mut replaced: HashSet<Part> = HashSet::new();
        if content_changed {
            replaced.insert(Part::Page);
            if dirty.everything || dirty.vacancies {
                replaced.insert(Part::VacancyPage);
            }
        }
        if dirty.everything || dirty.statics {
            let generated: HashSet<PathBuf> = self
                .kept
                .files
                .iter()
                .filter(|(_, (_, part))| *part != Part::Static && !replaced.contains(part))
                .map(|(path, _)| path.clone())
                .chain(next.keys().cloned())
                .collect();
            for (rel, bytes) in site::read_static_files(&root, &theme_dir, &generated)? {
                next.insert(rel, (bytes, Part::Static));
            }
            replaced.insert(Part::Static);
        }

        let rendered_at = Instant::now();
        // Write what differs, remove what is gone.
        let written = self
            .apply(next, &replaced, &preserved)
            .and_then(|mut changed| {
                if let Some(map) = &sitemap {
                    let path = UrlPath::file("sitemap.xml").output_file();
                    write_atomic(&self.kept.output, &path, map.as_bytes())?;
                    let hash = content_hash(map.as_bytes());
                    self.kept.files.insert(path.clone(), (hash, Part::Sitemap));
                    changed.push(path);
                }
                Ok(changed)
            });
        let changed = written.map_err(|e| {
            vec![Diagnostic::error(
                crate::diagnostic::Code::UnreadableFile,
                self.kept.output.clone(),
                format!("writing the site failed: {e}"),
            )]
        })?;
        self.kept.config = config;
        self.kept.theme_dir = theme_dir;
        self.kept.i18n = i18n;
        self.kept.tera = tera;
        self.kept.input = input;
        if let Some(map) = sitemap {
            self.kept.sitemap = map;
        }
        if content_changed {
            self.kept.site = site;
            self.generation += 1;
        }
        self.pending = Dirty::default();
        Ok(Rebuilt {
            changed,
            rendered,
            reindex: content_changed,
            elapsed: started.elapsed(),
            stages: [
                loaded - started,
                modelled - loaded,
                rendered_at - modelled,
                rendered_at.elapsed(),
            ],
        })
    }

    /// Writes the files of `next` that differ from the output, and removes the files of the
    /// `replaced` parts that `next` no longer has, except those `preserved` (not rendered
    /// again because nothing they show changed).
    fn apply(
        &mut self,
        next: BTreeMap<PathBuf, (Vec<u8>, Part)>,
        replaced: &HashSet<Part>,
        preserved: &HashSet<PathBuf>,
    ) -> std::io::Result<Vec<PathBuf>> {
        let mut changed = Vec::new();
        let gone: Vec<PathBuf> = self
            .kept
            .files
            .iter()
            .filter(|(path, (_, part))| {
                replaced.contains(part) && !next.contains_key(*path) && !preserved.contains(*path)
            })
            .map(|(path, _)| path.clone())
            .collect();
        for (path, (bytes, part)) in next {
            let hash = content_hash(&bytes);
            if self.kept.files.get(&path) == Some(&(hash, part)) {
                continue;
            }
            write_atomic(&self.kept.output, &path, &bytes)?;
            self.kept.files.insert(path.clone(), (hash, part));
            changed.push(path);
        }
        for path in gone {
            remove(&self.kept.output, &path)?;
            self.kept.files.remove(&path);
            changed.push(path);
        }
        Ok(changed)
    }

    /// Replaces the search index with `files` (built from generation `generation`); ignored
    /// when the model has changed since. Chunks are written before the manifest that names
    /// them, and old chunks removed after, so a reader never sees a manifest without its
    /// chunks.
    pub fn apply_index(
        &mut self,
        generation: u64,
        files: Vec<(PathBuf, Vec<u8>)>,
    ) -> std::io::Result<Option<Vec<PathBuf>>> {
        if generation != self.generation {
            return Ok(None);
        }
        // Everything outside the chunk folder names chunks (the manifest, the listing).
        let chunk_dir = PathBuf::from(index::SEARCH_DIR).join(bagdar_search::manifest::CHUNKS_DIR);
        let (chunks, manifests): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(path, _)| path.starts_with(&chunk_dir));
        let mut next: BTreeMap<PathBuf, (Vec<u8>, Part)> = BTreeMap::new();
        for (path, bytes) in chunks {
            next.insert(path, (bytes, Part::Search));
        }
        let mut changed = Vec::new();
        // Chunks first (they never change in place: their names are their content).
        let names: HashSet<PathBuf> = next.keys().cloned().collect();
        for (path, (bytes, part)) in next {
            if self.kept.files.contains_key(&path) {
                continue;
            }
            write_atomic(&self.kept.output, &path, &bytes)?;
            self.kept
                .files
                .insert(path.clone(), (content_hash(&bytes), part));
            changed.push(path);
        }
        let written: HashSet<PathBuf> = manifests.iter().map(|(path, _)| path.clone()).collect();
        for (path, bytes) in manifests {
            let hash = content_hash(&bytes);
            if self.kept.files.get(&path) != Some(&(hash, Part::Search)) {
                write_atomic(&self.kept.output, &path, &bytes)?;
                self.kept.files.insert(path.clone(), (hash, Part::Search));
                changed.push(path);
            }
        }
        let stale: Vec<PathBuf> = self
            .kept
            .files
            .iter()
            .filter(|(path, (_, part))| {
                *part == Part::Search && !written.contains(*path) && !names.contains(*path)
            })
            .map(|(path, _)| path.clone())
            .collect();
        for path in stale {
            remove(&self.kept.output, &path)?;
            self.kept.files.remove(&path);
            changed.push(path);
        }
        Ok(Some(changed))
    }
}

/// The guides whose pages a change of guides may alter: those that changed, appeared or
/// went, and those that link to one of them (a link without text shows the target's title).
/// None (all of them) when a section changed: its title is in every guide's breadcrumbs.
fn guides_to_render(old: &Site, new: &Site) -> Option<BTreeSet<GuideKey>> {
    // What a page shows of an entry: its front matter, its HTML and its headings (the source
    // text only through them). Debug output is enough to compare the small parts.
    let differs = |node: &Node| {
        let (before, after) = (old.translations(node), new.translations(node));
        before.len() != after.len()
            || before.iter().zip(after).any(|((la, a), (lb, b))| {
                la != lb
                    || a.html != b.html
                    || format!("{:?}", a.doc.front) != format!("{:?}", b.doc.front)
                    || format!("{:?}", a.headings) != format!("{:?}", b.headings)
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

/// The search index files of a model (run off the rebuilding thread: it takes seconds on a
/// large site).
pub fn index_files(site: &Site) -> Result<Vec<(PathBuf, Vec<u8>)>, index::IndexError> {
    index::build(site).map(|built| built.files)
}

/// Writes `rel` under `output` through a temporary file and a rename, so the server never
/// sends half a file.
fn write_atomic(output: &Path, rel: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = output.join(rel);
    let dir = path.parent().unwrap_or(output);
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.partial", std::process::id()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// Removes `rel` under `output`, and the folders it leaves empty (a clean build has none).
fn remove(output: &Path, rel: &Path) -> std::io::Result<()> {
    let path = output.join(rel);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == output || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
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
