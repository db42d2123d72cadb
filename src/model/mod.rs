//! The site model: documents grouped into guides and sections with their translations,
//! Markdown rendered, internal links resolved and checked.
//!
//! Second stage of the build. Everything that needs more than one file to decide happens here:
//! which translations exist, which URLs collide, whether a link's target and `#anchor` exist.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::categories::Categories;
use crate::content::date::Date;
pub(crate) use crate::content::front_matter::Source;
use crate::content::guides::{DocKind, Document, GuideKey, SectionKey};
use crate::content::regions::{Region, RegionId};
use crate::content::slug::Slug;
use crate::content::spellings::Spellings;
use crate::content::text::Text;
use crate::content::vacancies::Vacancy;
use crate::diagnostic::{Code, Diagnostic};
use crate::edition::Exceptions;
use crate::lang::Lang;
use crate::markdown::{self, Heading, InternalLink, PlainLink, Resolved, Section};
pub(crate) use crate::node::{FacetKey, Node};

mod news;

/// One document with its rendered body.
#[derive(Debug)]
pub struct Entry {
    /// The source document.
    pub doc: Document,
    /// The body as HTML, links resolved.
    pub html: String,
    /// The body's headings.
    pub headings: Vec<Heading>,
    links: Vec<InternalLink>,
    /// Links written as plain addresses, passed through as written (`bagdar check` checks them).
    pub plain_links: Vec<PlainLink>,
    /// The body's text cut at its `##` headings, for the search index.
    pub sections: Vec<Section>,
}

impl Entry {
    /// The page's title.
    pub fn title(&self) -> &str {
        &self.doc.front.title
    }

    /// The sentence or two shown under the title and in listings.
    pub fn summary(&self) -> Option<&str> {
        self.doc.front.summary.as_deref()
    }

    /// When an editor last checked the facts.
    pub fn reviewed(&self) -> Option<Date> {
        self.doc.front.reviewed
    }

    /// Where the facts come from.
    pub fn sources(&self) -> &[Source] {
        &self.doc.front.sources
    }
}

/// Translations of one guide or section, by language.
pub(crate) type Translations = BTreeMap<Lang, Entry>;

/// Everything the load stage read.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// Guides and section pages.
    pub documents: Vec<Document>,
    /// Region listings.
    pub regions: Vec<Region>,
    /// Profession categories.
    pub categories: Categories,
    /// Every vacancy, open or not (shared, so keeping a copy of the input costs nothing).
    pub vacancies: Vec<Arc<Vacancy>>,
    /// The editors' spellings for the script editions.
    pub(crate) spellings: Spellings,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// "Now", for staleness and expiry.
    pub today: Date,
    /// Guides by key.
    pub guides: BTreeMap<GuideKey, Translations>,
    /// Sections by key; the root of all guides is the empty key.
    pub sections: BTreeMap<SectionKey, Translations>,
    /// Regions by id.
    pub regions: BTreeMap<RegionId, Region>,
    /// Profession categories.
    pub categories: Categories,
    /// Open vacancies, newest first.
    pub vacancies: Vec<Arc<Vacancy>>,
    /// Vacancies not published because they expired before `today`.
    pub expired: usize,
    /// Published news items by slug (those dated `today` or earlier).
    pub news: BTreeMap<Slug, Translations>,
    /// The published news items, newest first (then by slug).
    pub news_order: Vec<(Date, Slug)>,
    /// News items not published yet because they are dated after `today`.
    pub news_held_back: usize,
    /// Whether the site has vacancy data at all (the vacancy pages exist).
    pub has_vacancies: bool,
    /// The guides whose text links each page, for "mentioned in" lists.
    pub backlinks: BTreeMap<Node, BTreeSet<GuideKey>>,
    /// The editors' spellings for the script editions.
    pub(crate) spellings: Spellings,
    /// The same, ready for the converter.
    pub(crate) exceptions: Exceptions,
    /// The open vacancies of each region and category (indices into `vacancies`, newest
    /// first), found once: pages ask for them many times.
    by_facet: HashMap<FacetKey, Vec<usize>>,
}

impl Site {
    /// Groups documents, renders their Markdown and checks links across the site.
    pub fn build(config: Config, today: Date, input: Input) -> Result<Site, Vec<Diagnostic>> {
        let (site, problems) = Site::build_all(config, today, input);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        Ok(site)
    }

    /// Like [`Site::build`], but keeps the site when there are errors (an unresolved link is
    /// left as written), for `bagdar check`, which goes on to render it in memory.
    pub fn build_all(config: Config, today: Date, input: Input) -> (Site, Vec<Diagnostic>) {
        let Input {
            documents,
            regions,
            categories,
            mut vacancies,
            spellings,
        } = input;
        let mut problems = Vec::new();
        let regions: BTreeMap<RegionId, Region> =
            regions.into_iter().map(|r| (r.id.clone(), r)).collect();
        let has_vacancies = !categories.is_empty() || !vacancies.is_empty();
        // A guide may still link a vacancy that has expired since: the link leads to the
        // listing, with a warning, rather than breaking the build on the expiry date.
        let expired_on: HashMap<String, Date> = vacancies
            .iter()
            .filter(|v| v.expires < today)
            .map(|v| (v.id.clone(), v.expires))
            .collect();
        let total = vacancies.len();
        vacancies.retain(|v| v.expires >= today);
        let expired = total - vacancies.len();
        vacancies.sort_by(|a, b| b.posted.cmp(&a.posted).then_with(|| a.id.cmp(&b.id)));
        let mut guide_docs: BTreeMap<GuideKey, Vec<Document>> = BTreeMap::new();
        let mut section_docs: BTreeMap<SectionKey, Vec<Document>> = BTreeMap::new();
        let mut news_docs: BTreeMap<Slug, Vec<Document>> = BTreeMap::new();
        for doc in documents {
            match doc.kind.clone() {
                DocKind::Guide(key) => guide_docs.entry(key).or_default().push(doc),
                DocKind::Section(key) => section_docs.entry(key).or_default().push(doc),
                DocKind::News(slug) => news_docs.entry(slug).or_default().push(doc),
            }
        }
        check_sections(&guide_docs, &section_docs, &mut problems);
        let news_dates = news::check(&mut news_docs, &regions, &mut problems);
        // An item dated after `today` is held back: it is published by the first build on
        // or after its date.
        let news_held_back = news_dates.values().filter(|d| **d > today).count();
        news_docs.retain(|slug, _| news_dates.get(slug).is_some_and(|d| *d <= today));
        let mut news_order: Vec<(Date, Slug)> = news_docs
            .keys()
            .filter_map(|slug| Some((*news_dates.get(slug)?, slug.clone())))
            .collect();
        news_order.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let has_news = !news_order.is_empty();

        // What an editor's `@/…` link may name, and the title it shows when it has no text.
        let doc_titles: BTreeMap<Node, Text> = guide_docs
            .iter()
            .map(|(k, docs)| (Node::Guide(k.clone()), docs))
            .chain(
                section_docs
                    .iter()
                    .map(|(k, docs)| (Node::Section(k.clone()), docs)),
            )
            .chain(
                news_docs
                    .iter()
                    .map(|(k, docs)| (Node::News(k.clone()), docs)),
            )
            .map(|(node, docs)| {
                (
                    node,
                    Text::from_pairs(docs.iter().map(|d| (d.lang, d.front.title.clone()))),
                )
            })
            .collect();
        let titles = |node: &Node, lang: Lang| -> Option<String> {
            let order = config.langs();
            match node {
                Node::Guide(_) | Node::Section(_) | Node::News(_) => {
                    doc_titles.get(node).map(|t| t.show(lang, order).text)
                }
                Node::NewsList(_) => has_news.then(String::new),
                Node::Regions => (!regions.is_empty()).then(String::new),
                Node::Search => Some(String::new()),
                Node::Region(id) => regions.get(id).map(|r| r.data.name.show(lang, order).text),
                Node::Vacancies => has_vacancies.then(String::new),
                Node::Vacancy(id) => vacancies
                    .iter()
                    .find(|v| &v.id == id)
                    .map(|v| v.title.show(lang, order).text),
                Node::VacancyList(FacetKey::Region(id), _) => {
                    regions.get(id).map(|r| r.data.name.show(lang, order).text)
                }
                Node::VacancyList(FacetKey::Category(id), _) => {
                    categories.get(id).map(|c| c.show(lang, order).text)
                }
            }
        };
        let resolve_target = |target: &str| -> Option<Node> {
            if let Some(rest) = target.strip_prefix("guides") {
                let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
                let slug = |p: &&str| Slug::parse(p).ok();
                let all: Option<Vec<Slug>> = parts.iter().map(slug).collect();
                let mut all = all?;
                let section = Node::Section(all.clone());
                if doc_titles.contains_key(&section) {
                    return Some(section);
                }
                let slug = all.pop()?;
                let guide = Node::Guide(GuideKey { section: all, slug });
                return doc_titles.contains_key(&guide).then_some(guide);
            }
            Node::from_link(target)
        };
        let expired_vacancy = |node: &Node| match node {
            Node::Vacancy(id) => expired_on
                .get_key_value(id)
                .map(|(id, date)| (id.as_str(), *date)),
            _ => None,
        };

        let render = |doc: Document| -> (Entry, Vec<Diagnostic>) {
            let node = match &doc.kind {
                DocKind::Guide(key) => Node::Guide(key.clone()),
                DocKind::Section(key) => Node::Section(key.clone()),
                DocKind::News(slug) => Node::News(slug.clone()),
            };
            let here = node.url(doc.lang);
            let lang = doc.lang;
            let resolve = |target: &str| {
                let mut node = resolve_target(target)?;
                if expired_vacancy(&node).is_some() {
                    node = Node::Vacancies;
                }
                let title = titles(&node, lang)?;
                Some(Resolved {
                    href: config.base_url.href(&here, &node.url(lang)),
                    title,
                })
            };
            let (rendered, found) = markdown::render(doc.body(), &resolve);
            let mut diagnostics: Vec<Diagnostic> = found
                .into_iter()
                .map(|p| {
                    Diagnostic::error_at_offset(
                        p.code,
                        &doc.file,
                        &doc.text,
                        doc.body_offset + p.offset,
                        p.message,
                    )
                    .with_hint(p.hint)
                })
                .collect();
            for link in &rendered.links {
                let node = resolve_target(&link.target);
                if let Some((id, date)) = node.as_ref().and_then(expired_vacancy) {
                    diagnostics.push(
                        Diagnostic::error_at_offset(
                            Code::ExpiredVacancyLink,
                            &doc.file,
                            &doc.text,
                            doc.body_offset + link.offset,
                            format!(
                                "the vacancy `{id}` expired on {date}; the link leads to the \
                                 vacancy listing instead"
                            ),
                        )
                        .warning()
                        .with_hint(
                            "remove the link, or link the listing of its region \
                             (`@/vacancies/region/<id>`) or category (`@/vacancies/category/<id>`)",
                        ),
                    );
                }
            }
            let entry = Entry {
                html: rendered.html,
                headings: rendered.headings,
                links: rendered.links,
                plain_links: rendered.plain_links,
                sections: rendered.sections,
                doc,
            };
            (entry, diagnostics)
        };
        let render_all = |groups: Vec<Vec<Document>>, problems: &mut Vec<Diagnostic>| {
            let flat: Vec<(usize, Document)> = groups
                .into_iter()
                .enumerate()
                .flat_map(|(i, docs)| docs.into_iter().map(move |d| (i, d)))
                .collect();
            let rendered: Vec<(usize, (Entry, Vec<Diagnostic>))> = flat
                .into_par_iter()
                .map(|(i, doc)| (i, render(doc)))
                .collect();
            let mut out: BTreeMap<usize, Translations> = BTreeMap::new();
            for (i, (entry, mut found)) in rendered {
                problems.append(&mut found);
                out.entry(i).or_default().insert(entry.doc.lang, entry);
            }
            out.into_values()
        };
        let (guide_keys, guide_groups): (Vec<GuideKey>, Vec<Vec<Document>>) =
            guide_docs.into_iter().unzip();
        let (section_keys, section_groups): (Vec<SectionKey>, Vec<Vec<Document>>) =
            section_docs.into_iter().unzip();
        let guides: BTreeMap<GuideKey, Translations> = guide_keys
            .into_iter()
            .zip(render_all(guide_groups, &mut problems))
            .collect();
        let sections: BTreeMap<SectionKey, Translations> = section_keys
            .into_iter()
            .zip(render_all(section_groups, &mut problems))
            .collect();
        let (news_keys, news_groups): (Vec<Slug>, Vec<Vec<Document>>) =
            news_docs.into_iter().unzip();
        let news: BTreeMap<Slug, Translations> = news_keys
            .into_iter()
            .zip(render_all(news_groups, &mut problems))
            .collect();

        let mut backlinks: BTreeMap<Node, BTreeSet<GuideKey>> = BTreeMap::new();
        for (key, translations) in &guides {
            for link in translations.values().flat_map(|e| &e.links) {
                if let Some(target) = resolve_target(&link.target) {
                    backlinks.entry(target).or_default().insert(key.clone());
                }
            }
        }
        let mut by_facet: HashMap<FacetKey, Vec<usize>> = HashMap::new();
        for (i, vacancy) in vacancies.iter().enumerate() {
            by_facet
                .entry(FacetKey::Region(vacancy.region.clone()))
                .or_default()
                .push(i);
            by_facet
                .entry(FacetKey::Category(vacancy.category.clone()))
                .or_default()
                .push(i);
        }
        let site = Site {
            config,
            today,
            guides,
            sections,
            regions,
            categories,
            vacancies,
            expired,
            news,
            news_order,
            news_held_back,
            has_vacancies,
            backlinks,
            exceptions: spellings.exceptions.clone(),
            spellings,
            by_facet,
        };
        site.check_anchors(&resolve_target, &mut problems);
        (site, problems)
    }

    /// Links with a `#anchor` must point at a heading that exists in the same-language target.
    fn check_anchors(
        &self,
        resolve: &dyn Fn(&str) -> Option<Node>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let entries = self
            .guides
            .values()
            .chain(self.sections.values())
            .chain(self.news.values())
            .flat_map(BTreeMap::values);
        for entry in entries {
            for link in &entry.links {
                let (Some(anchor), Some(target)) = (&link.anchor, resolve(&link.target)) else {
                    continue;
                };
                let Some(target_entry) = self.translations(&target).get(&entry.doc.lang) else {
                    continue;
                };
                if !target_entry.headings.iter().any(|h| &h.id == anchor) {
                    let doc = &entry.doc;
                    problems.push(
                        Diagnostic::error_at_offset(
                            Code::MissingAnchor,
                            &doc.file,
                            &doc.text,
                            doc.body_offset + link.offset,
                            format!(
                                "`#{anchor}` is not a heading of `{}` in {}",
                                link.target,
                                doc.lang.native_name()
                            ),
                        )
                        .with_hint(
                            "use an id from the target page's headings, e.g. `{#documents}`",
                        ),
                    );
                }
            }
        }
    }

    /// The translations of a node.
    pub fn translations(&self, node: &Node) -> &Translations {
        static EMPTY: Translations = BTreeMap::new();
        match node {
            Node::Guide(key) => self.guides.get(key),
            Node::Section(key) => self.sections.get(key),
            Node::News(slug) => self.news.get(slug),
            _ => None,
        }
        .unwrap_or(&EMPTY)
    }

    /// The entry to show for `node` in `lang`: its own translation, or else the first
    /// translation in menu order (with the language it is really in).
    pub fn entry_or_fallback(&self, node: &Node, lang: Lang) -> Option<(&Entry, Lang)> {
        let translations = self.translations(node);
        translations.get(&lang).map(|e| (e, lang)).or_else(|| {
            self.config
                .langs()
                .find_map(|l| translations.get(&l).map(|e| (e, l)))
        })
    }

    /// Whether the page of `node` in `lang` is a real translation (data pages always are: their
    /// missing texts fall back field by field).
    pub fn is_translated(&self, node: &Node, lang: Lang) -> bool {
        match node {
            Node::Guide(_) | Node::Section(_) | Node::News(_) => {
                self.translations(node).contains_key(&lang)
            }
            _ => true,
        }
    }

    /// Open vacancies of a region or category, newest first.
    pub fn vacancies_of(&self, key: &FacetKey) -> Vec<&Vacancy> {
        self.by_facet
            .get(key)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.vacancies.get(i))
            .map(|v| &**v)
            .collect()
    }

    /// How many pages the listing of a region's or category's open vacancies has: at least
    /// one, which says that there are none.
    pub fn listing_pages(&self, key: &FacetKey) -> usize {
        self.by_facet
            .get(key)
            .map_or(0, Vec::len)
            .div_ceil(crate::node::VACANCIES_PER_PAGE)
            .max(1)
    }

    /// A text in the page's language, or visibly in another.
    pub fn show(&self, text: &Text, lang: Lang) -> crate::content::text::Shown {
        text.show(lang, self.config.langs())
    }

    /// The direct children of a section, sorted by `order` then slug: subsections first.
    pub fn children(&self, section: &SectionKey) -> Vec<Node> {
        let mut children: Vec<(bool, i64, Node)> = Vec::new();
        for key in self.sections.keys() {
            if key.len() == section.len() + 1 && key.starts_with(section) {
                children.push((
                    false,
                    self.order(&Node::Section(key.clone())),
                    Node::Section(key.clone()),
                ));
            }
        }
        for key in self.guides.keys() {
            if &key.section == section {
                children.push((
                    true,
                    self.order(&Node::Guide(key.clone())),
                    Node::Guide(key.clone()),
                ));
            }
        }
        children.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
        children.into_iter().map(|(_, _, node)| node).collect()
    }

    /// Every guide below a section, however deep.
    pub fn guide_count(&self, section: &SectionKey) -> usize {
        self.guides
            .keys()
            .filter(|k| k.section.starts_with(section))
            .count()
    }

    fn order(&self, node: &Node) -> i64 {
        self.translations(node)
            .values()
            .find_map(|e| e.doc.front.order)
            .unwrap_or(i64::MAX)
    }
}

/// A path named from `content/`, as reports print it (relative to the site root).
pub(super) fn from_content(file: &std::path::Path) -> &std::path::Path {
    file.ancestors()
        .find(|a| a.ends_with("content"))
        .and_then(|c| c.parent())
        .and_then(|root| file.strip_prefix(root).ok())
        .unwrap_or(file)
}

/// Every section that holds guides needs an `_index` in some language (it gives the section its
/// title), and a guide must not have the same URL as a section.
fn check_sections(
    guides: &BTreeMap<GuideKey, Vec<Document>>,
    sections: &BTreeMap<SectionKey, Vec<Document>>,
    problems: &mut Vec<Diagnostic>,
) {
    let mut missing: BTreeMap<SectionKey, &Document> = BTreeMap::new();
    for (key, docs) in guides {
        let mut as_section = key.section.clone();
        as_section.push(key.slug.clone());
        if let Some(section_docs) = sections.get(&as_section) {
            for doc in docs {
                // Named from `content/`: the report prints paths relative to the root.
                let other = section_docs
                    .first()
                    .map(|d| from_content(&d.file).display().to_string())
                    .unwrap_or_default();
                problems.push(
                    Diagnostic::error(
                        Code::UrlCollision,
                        &doc.file,
                        format!("this guide has the same URL as the section {other}"),
                    )
                    .with_hint("rename the guide or the folder"),
                );
            }
        }
        for depth in 0..=key.section.len() {
            let ancestor = key.section[..depth].to_vec();
            if let Some(doc) = docs.first().filter(|_| !sections.contains_key(&ancestor)) {
                missing.entry(ancestor).or_insert(doc);
            }
        }
    }
    for (section, doc) in missing {
        let folder: Vec<&str> = ["content", "guides"]
            .into_iter()
            .chain(section.iter().map(Slug::as_str))
            .collect();
        let folder = folder.join("/");
        problems.push(
            Diagnostic::error(
                Code::MissingSectionIndex,
                &doc.file,
                format!("the section {folder}/ has no `_index` file"),
            )
            .with_hint(format!("add {folder}/_index.<lang>.md with a `title`")),
        );
    }
}
