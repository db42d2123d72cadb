//! What a change renders again, and what it leaves as it was.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use super::{Changed, Part, State};
use crate::content::guides::GuideKey;
use crate::content::regions::RegionId;
use crate::model::{Node, Site};
use crate::pages::{self, Pages};
use crate::url::UrlPath;

/// The jobs of a run, the parts of the last run's files they replace, and the pages of those
/// parts that stay as they were (nothing they show changed).
pub(super) struct Selected<'a> {
    pub(super) jobs: Vec<(Part, pages::Lazy<'a>)>,
    pub(super) replaced: HashSet<Part>,
    pub(super) kept: HashSet<PathBuf>,
}

/// What a change renders. Guides alone re-render every page but the vacancies' pages and
/// listings (which show nothing of the guides), and of the guides and regions only those whose
/// pages can differ; vacancies, categories and everything else re-render every page.
pub(super) fn select<'a>(
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
            let mut keep = |url: UrlPath, lang| {
                for edition in site.config.editions_of(lang) {
                    selected.kept.insert(edition.url(&url).output_file());
                }
                selected.kept.insert(url.output_file());
            };
            for lang in site.config.langs() {
                keep(Node::Regions.url(lang), lang);
                for id in site.regions.keys().filter(|id| !touched(id)) {
                    keep(Node::Region(id.clone()).url(lang), lang);
                }
                for key in site.guides.keys().filter(|key| !render_guide(key)) {
                    keep(Node::Guide(key.clone()).url(lang), lang);
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
    // A guide linking a news item shows its title too.
    let news = old
        .news
        .keys()
        .chain(new.news.keys())
        .map(|slug| Node::News(slug.clone()))
        .filter(|node| differs(node));
    for node in changed
        .iter()
        .map(|key| Node::Guide(key.clone()))
        .chain(news)
    {
        for site in [old, new] {
            render.extend(site.backlinks.get(&node).into_iter().flatten().cloned());
        }
    }
    Some(render)
}

/// Whether the "mentioned in" list or the news of a region's page differs between two
/// models: other guides or items, or one shown with another title, summary or date, or in
/// another language.
fn mentions_changed(old: &Site, new: &Site, id: &RegionId) -> bool {
    let news = |site: &Site| {
        site.news_of(id)
            .into_iter()
            .map(|(date, slug, translations)| {
                let shown: Vec<_> = translations
                    .iter()
                    .map(|(lang, e)| {
                        (
                            *lang,
                            e.doc.front.title.clone(),
                            e.doc.front.summary.clone(),
                        )
                    })
                    .collect();
                (date, slug.clone(), shown)
            })
            .collect::<Vec<_>>()
    };
    if news(old) != news(new) {
        return true;
    }
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
