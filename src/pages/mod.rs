//! Which pages the site has and what each shows: the template context of every page.
//!
//! Third stage (render). Every guide and section gets a page in every language — a missing
//! translation gets a page that says so in that language and links the versions that exist —
//! so the language switcher never leads to a 404.

mod editions;
mod guides;
mod news;
mod regions;
mod search;
mod vacancies;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::assets::Runtime;
use crate::content::date::Date;
use crate::content::guides::GuideKey;
use crate::content::regions::RegionId;
use crate::diagnostic::{Code, Diagnostic};
use crate::edition::{Edition, Reading};
use crate::i18n::{I18n, key};
use crate::lang::Lang;
use crate::model::Source;
use crate::model::{Node, Site};
use crate::templates;
use crate::url::UrlPath;

/// A page to render: its address, template and context.
pub(crate) struct PageJob {
    /// Where it is served.
    pub url: UrlPath,
    /// The template that renders it.
    pub template: &'static str,
    /// Everything the template may print.
    pub context: Context,
    /// Whether this page stands in for a missing translation.
    pub untranslated: bool,
    /// The edition the rendered page is converted into, for an edition's page.
    pub edition: Option<Edition>,
}

impl PageJob {
    /// A page of its own language (not standing in for a missing translation).
    pub(crate) fn new(url: UrlPath, template: &'static str, context: Context) -> PageJob {
        PageJob {
            url,
            template,
            context,
            untranslated: false,
            edition: None,
        }
    }

    /// The same page, marked as standing in for a missing translation or not.
    pub(crate) fn standing_in(mut self, untranslated: bool) -> PageJob {
        self.untranslated = untranslated;
        self
    }
}

/// Pages not made yet: each entry builds the contexts of one or a few pages only when they
/// are rendered, so rendering holds the contexts and HTML of the pages in flight, not of the
/// whole site.
pub(crate) type Lazy<'a> = Box<dyn FnOnce() -> Vec<PageJob> + Send + 'a>;

/// One page, made when rendered.
fn one<'a>(make: impl FnOnce() -> PageJob + Send + 'a) -> Lazy<'a> {
    Box::new(move || vec![make()])
}

/// A rendered page.
pub(crate) struct RenderedPage {
    /// Where it is served.
    pub url: UrlPath,
    /// The HTML.
    pub html: String,
    /// Whether this page stands in for a missing translation.
    pub untranslated: bool,
}

#[derive(Serialize)]
struct LangLink {
    /// The BCP 47 tag (`kk`, `kk-Arab`).
    code: &'static str,
    name: &'static str,
    href: String,
    current: bool,
    translated: bool,
    /// The page linked, as a site path (for an edition's page, which links from elsewhere).
    target: String,
}

#[derive(Serialize)]
struct NavLink {
    title: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: &'static str,
    href: String,
    /// The page linked, as a site path.
    target: String,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    href: String,
    lang: Option<&'static str>,
}

#[derive(Serialize)]
struct Listed {
    title: String,
    summary: Option<String>,
    href: String,
    /// The language of title and summary when it is not the page's (an untranslated guide).
    lang: Option<&'static str>,
    is_section: bool,
    guide_count: usize,
}

#[derive(Serialize)]
struct Reviewed {
    iso: String,
    text: String,
    stale: bool,
}

#[derive(Serialize)]
struct Version {
    lang: &'static str,
    name: &'static str,
    title: String,
    summary: Option<String>,
    href: String,
}

/// One note of a guide's "What changed" list.
#[derive(Serialize)]
struct ChangeNote {
    iso: String,
    text: String,
    note: String,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    href: String,
    current: bool,
}

/// The links between the pages of a list cut into pages.
#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

impl Pagination {
    /// Page `current` of `total`, with `href(n)` the address of page `n`.
    fn new(current: usize, total: usize, href: impl Fn(usize) -> String) -> Pagination {
        Pagination {
            current,
            total,
            previous: (current > 1).then(|| href(current - 1)),
            next: (current < total).then(|| href(current + 1)),
            pages: (1..=total)
                .map(|n| PageLink {
                    number: n,
                    href: href(n),
                    current: n == current,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct TocEntry {
    id: String,
    text: String,
}

#[derive(Serialize, Default)]
struct PageData {
    kind: &'static str,
    title: String,
    /// The language of the title and summary when it differs from the page's.
    title_lang: Option<&'static str>,
    summary: Option<String>,
    content: String,
    toc: Vec<TocEntry>,
    reviewed: Option<Reviewed>,
    sources: Vec<Source>,
    /// A guide's change notes, newest first.
    changes: Vec<ChangeNote>,
    /// A news item's date.
    date: Option<Reviewed>,
    /// Whether a news item is invented demonstration data.
    sample: bool,
    /// The regions a news item names.
    regions: Vec<news::RegionLink>,
    children: Vec<Listed>,
    versions: Vec<Version>,
}

#[derive(Serialize)]
struct ChooserEntry {
    code: &'static str,
    name: &'static str,
    title: String,
    description: String,
    href: String,
    help_title: String,
    help_1404: String,
    help_1414: String,
}

/// Everything needed to build page contexts.
pub(crate) struct Pages<'a> {
    site: &'a Site,
    i18n: &'a I18n,
    runtime: &'a Runtime,
    /// The search script's strings of each language and edition.
    search_strings: BTreeMap<Reading, String>,
}

/// JSON to place inside a `<script>` element: `<`, `>` and `&` written as JSON escapes, so no
/// text in it (vacancy text is untrusted) can close the element or open another.
pub(super) fn script_safe(value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len() + 16);
    let mut rest = json.as_str();
    while let Some(at) = rest.bytes().position(|b| matches!(b, b'<' | b'>' | b'&')) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

impl<'a> Pages<'a> {
    /// Prepares page building for a site.
    pub(crate) fn new(site: &'a Site, i18n: &'a I18n, runtime: &'a Runtime) -> Pages<'a> {
        let search_strings = site
            .config
            .readings()
            .map(|reading| (reading, search::strings(i18n, reading, &site.exceptions)))
            .collect();
        Pages {
            site,
            i18n,
            runtime,
            search_strings,
        }
    }

    /// The vacancies' pages and listings, in every language. They show nothing of the
    /// guides, so `bagdar serve` leaves them alone when only guides change.
    pub(crate) fn vacancy_jobs(&self) -> Vec<Lazy<'_>> {
        self.site
            .config
            .langs()
            .flat_map(|lang| {
                self.vacancy_pages(lang)
                    .into_iter()
                    .map(move |lazy| self.with_editions(lang, lazy))
            })
            .collect()
    }

    /// Every page but the vacancies' (see [`Pages::vacancy_jobs`]).
    pub(crate) fn core_jobs(&self) -> Vec<Lazy<'_>> {
        let mut jobs = self.guide_jobs(&|_| true, &|_| true);
        for lang in self.site.config.langs() {
            if !self.site.regions.is_empty() {
                jobs.push(self.with_editions(lang, one(move || self.regions_overview(lang))));
            }
        }
        jobs
    }

    /// The pages a change of guides can touch: sections, homes, the search pages, the guides
    /// `guide` accepts, and the pages of the regions `region` accepts (those whose
    /// "mentioned in" lists may have changed). The regions overview shows nothing of the
    /// guides.
    pub(crate) fn guide_jobs(
        &self,
        guide: &dyn Fn(&GuideKey) -> bool,
        region: &dyn Fn(&RegionId) -> bool,
    ) -> Vec<Lazy<'_>> {
        let mut jobs = vec![one(|| self.chooser()), one(|| self.not_found())];
        let nodes: Vec<Node> = self
            .site
            .sections
            .keys()
            .cloned()
            .map(Node::Section)
            .chain(
                self.site
                    .guides
                    .keys()
                    .filter(|key| guide(key))
                    .cloned()
                    .map(Node::Guide),
            )
            .collect();
        for lang in self.site.config.langs() {
            let mut push = |lazy| jobs.push(self.with_editions(lang, lazy));
            push(one(move || self.home(lang)));
            for node in &nodes {
                let node = node.clone();
                push(one(move || self.node_page(&node, lang)));
            }
            push(one(move || self.search_page(lang)));
            push(Box::new(move || self.news_lists(lang)));
            for slug in self.site.news.keys() {
                let node = Node::News(slug.clone());
                push(one(move || self.node_page(&node, lang)));
            }
            for id in self.site.regions.keys().filter(|id| region(id)) {
                push(one(move || self.region_page(id, lang)));
            }
        }
        jobs
    }

    fn href(&self, from: &UrlPath, to: &UrlPath) -> String {
        self.site.config.base_url.href(from, to)
    }

    /// The context every page shares: site, language, links, switcher, alternates.
    fn common(&self, lang: Lang, url: &UrlPath, node: Option<&Node>) -> Context {
        let config = &self.site.config;
        let language = config.language(lang).unwrap_or(&config.languages[0]);
        let mut context = Context::new();
        context.insert("lang", lang.code());
        context.insert("dir", "ltr");
        context.insert("site_title", &language.title);
        context.insert("site_description", &language.description);
        context.insert("root", &config.base_url.root_prefix(url));
        context.insert("home_href", &self.href(url, &UrlPath::dir([lang.code()])));
        context.insert("chooser_href", &self.href(url, &UrlPath::root()));
        context.insert("t", self.i18n.strings(lang));
        let target = |l: Lang| match node {
            Some(node) => node.url(l),
            None => UrlPath::dir([l.code()]),
        };
        let translated = |l: Lang| node.is_none_or(|n| self.site.is_translated(n, l));
        let languages: Vec<LangLink> = config
            .readings()
            .map(|reading| {
                let to = reading.url(&target(reading.lang));
                LangLink {
                    code: reading.tag(),
                    name: reading.native_name(),
                    href: self.href(url, &to),
                    current: reading.edition.is_none() && reading.lang == lang,
                    translated: translated(reading.lang),
                    target: to.as_str().to_owned(),
                }
            })
            .collect();
        context.insert("languages", &languages);
        let link = |to: &UrlPath| {
            config
                .base_url
                .full_url(to)
                .unwrap_or_else(|| self.href(url, to))
        };
        let mut alternates: Vec<Alternate> = config
            .readings()
            .filter(|reading| translated(reading.lang))
            .map(|reading| {
                let to = reading.url(&target(reading.lang));
                Alternate {
                    hreflang: reading.tag(),
                    href: link(&to),
                    target: to.as_str().to_owned(),
                }
            })
            .collect();
        if translated(config.default_lang()) {
            let to = target(config.default_lang());
            alternates.push(Alternate {
                hreflang: "x-default",
                href: link(&to),
                target: to.as_str().to_owned(),
            });
        }
        context.insert("alternates", &alternates);
        context.insert("canonical", &config.base_url.full_url(url));
        context.insert("noindex", &!translated(lang));
        let mut nav = vec![NavLink {
            title: self.i18n.text(lang, key::NAV_GUIDES),
            href: self.href(url, &Node::Section(Vec::new()).url(lang)),
            current: matches!(node, Some(Node::Guide(_) | Node::Section(_))),
        }];
        if !self.site.regions.is_empty() {
            nav.push(NavLink {
                title: self.i18n.text(lang, key::NAV_REGIONS),
                href: self.href(url, &Node::Regions.url(lang)),
                current: matches!(node, Some(Node::Regions | Node::Region(_))),
            });
        }
        if self.site.has_vacancies {
            nav.push(NavLink {
                title: self.i18n.text(lang, key::NAV_VACANCIES),
                href: self.href(url, &Node::Vacancies.url(lang)),
                current: matches!(
                    node,
                    Some(Node::Vacancies | Node::Vacancy(_) | Node::VacancyList(..))
                ),
            });
        }
        context.insert("nav", &nav);
        context.insert("search", &self.search_context(lang, url));
        let region = match node {
            Some(Node::Region(id)) => Some(id),
            _ => None,
        };
        context.insert("feeds", &self.feed_links(url, lang, region));
        context
    }

    /// The "last reviewed" line of a page, flagged when older than the configured age.
    fn reviewed(&self, lang: Lang, date: Date) -> Reviewed {
        Reviewed {
            iso: date.to_string(),
            text: self.i18n.format_date(lang, date),
            stale: self.site.config.is_stale(date, self.site.today),
        }
    }

    /// Breadcrumbs: the language's home, then `trail` (title, its language if not the page's,
    /// its address).
    fn crumbs(
        &self,
        url: &UrlPath,
        lang: Lang,
        trail: Vec<(String, Option<&'static str>, UrlPath)>,
    ) -> Vec<Crumb> {
        let home = (
            self.site.config.site_title(lang),
            None,
            UrlPath::dir([lang.code()]),
        );
        std::iter::once(home)
            .chain(trail)
            .map(|(title, title_lang, to)| Crumb {
                title,
                href: self.href(url, &to),
                lang: title_lang,
            })
            .collect()
    }

    fn chooser(&self) -> PageJob {
        let url = UrlPath::root();
        let config = &self.site.config;
        let mut context = self.common(config.default_lang(), &url, None);
        let entries: Vec<ChooserEntry> = config
            .readings()
            .filter_map(|reading| {
                let language = config.language(reading.lang)?;
                let text = |text: String| reading.text(text, &self.site.exceptions);
                let ui = |key| text(self.i18n.text(reading.lang, key));
                Some(ChooserEntry {
                    code: reading.tag(),
                    name: reading.native_name(),
                    title: text(language.title.clone()),
                    description: text(language.description.clone()),
                    href: self.href(&url, &reading.home()),
                    help_title: ui(key::HELP_TITLE),
                    help_1404: ui(key::HELP_1404),
                    help_1414: ui(key::HELP_1414),
                })
            })
            .collect();
        context.insert("choices", &entries);
        context.insert("breadcrumbs", &Vec::<Crumb>::new());
        context.insert(
            "page",
            &PageData {
                kind: "chooser",
                ..PageData::default()
            },
        );
        PageJob::new(url, "chooser.html", context)
    }

    fn not_found(&self) -> PageJob {
        // Hosts serve 404.html from any depth; absolute links work from there, relative ones
        // are written as if from the site root.
        let url = UrlPath::file("404.html");
        let lang = self.site.config.default_lang();
        let mut context = self.common(lang, &url, None);
        let homes: Vec<Version> = self
            .site
            .config
            .readings()
            .map(|reading| {
                let ui =
                    |key| reading.text(self.i18n.text(reading.lang, key), &self.site.exceptions);
                Version {
                    lang: reading.tag(),
                    name: reading.native_name(),
                    title: ui(key::NOT_FOUND_TITLE),
                    summary: Some(ui(key::NOT_FOUND_TEXT)),
                    href: self.href(&url, &reading.home()),
                }
            })
            .collect();
        context.insert("breadcrumbs", &Vec::<Crumb>::new());
        let title = self.i18n.text(lang, key::NOT_FOUND_TITLE);
        context.insert(
            "page",
            &PageData {
                kind: "not_found",
                title,
                versions: homes,
                ..PageData::default()
            },
        );
        context.insert("noindex", &true);
        PageJob::new(url, "404.html", context)
    }

    fn home(&self, lang: Lang) -> PageJob {
        let url = UrlPath::dir([lang.code()]);
        let mut context = self.common(lang, &url, None);
        let root = Node::Section(Vec::new());
        let mut page = PageData {
            kind: "home",
            ..PageData::default()
        };
        if let Some((entry, shown)) = self.site.entry_or_fallback(&root, lang) {
            page.title = entry.title().to_owned();
            page.title_lang = (shown != lang).then_some(shown.code());
            page.summary = entry.summary().map(str::to_owned);
            page.content = entry.html.clone();
        }
        page.children = self.listing(&url, lang, &[]);
        context.insert("guides_href", &self.href(&url, &root.url(lang)));
        let latest = self.site.news_items().take(news::NEWS_ON_HOME);
        context.insert("news", &self.news_cards(&url, lang, latest));
        context.insert("news_href", &self.href(&url, &Node::NewsList(1).url(lang)));
        context.insert("breadcrumbs", &Vec::<Crumb>::new());
        context.insert("page", &page);
        PageJob::new(url, "home.html", context)
    }
}

/// Why [`render_each`] failed.
#[derive(Debug)]
pub(crate) enum RenderError<E> {
    /// Templates failed to render: each message once.
    Templates(Vec<Diagnostic>),
    /// What was done with a rendered page failed.
    Sink(E),
}

/// Makes and renders every page in parallel and hands each to `sink` (on the thread that
/// rendered it) as soon as it is rendered; returns what the sink returned, in the order of the
/// jobs. Each job carries a tag the sink receives with its pages.
pub(crate) fn render_each<T, R, E>(
    tera: &Tera,
    theme_dir: &std::path::Path,
    convert: &(dyn Fn(Edition, &str) -> String + Sync),
    jobs: Vec<(T, Lazy<'_>)>,
    sink: &(dyn Fn(T, RenderedPage) -> Result<R, E> + Sync),
) -> Result<Vec<R>, RenderError<E>>
where
    T: Copy + Send,
    R: Send,
    E: Send,
{
    /// A page's failure: a template's (with the template and the reason, the same for every
    /// page it fails), or the sink's.
    enum Failed<E> {
        Template(&'static str, String, Diagnostic),
        Sink(E),
    }
    let results: Vec<Result<R, Failed<E>>> = jobs
        .into_par_iter()
        .flat_map_iter(|(tag, make)| make().into_iter().map(move |job| (tag, job)))
        .map(|(tag, job)| {
            let html = tera.render(job.template, &job.context).map_err(|e| {
                let reason = templates::error_chain(&e);
                let problem = Diagnostic::error(
                    Code::Theme,
                    theme_dir.join("templates").join(job.template),
                    format!("rendering {} failed: {reason}", job.url),
                );
                Failed::Template(job.template, reason, problem)
            })?;
            let html = match job.edition {
                Some(edition) => convert(edition, &html),
                None => html,
            };
            let page = RenderedPage {
                url: job.url,
                html,
                untranslated: job.untranslated,
            };
            sink(tag, page).map_err(Failed::Sink)
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut problems: BTreeMap<(&'static str, String), Diagnostic> = BTreeMap::new();
    for result in results {
        match result {
            Ok(done) => out.push(done),
            Err(Failed::Sink(e)) => return Err(RenderError::Sink(e)),
            // One broken template fails every page that uses it; report it once per reason.
            Err(Failed::Template(template, reason, problem)) => {
                problems.entry((template, reason)).or_insert(problem);
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(RenderError::Templates(problems.into_values().collect()))
    }
}
