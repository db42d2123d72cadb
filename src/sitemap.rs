//! `sitemap.xml`: every page the build writes, with `hreflang` alternates, but those a crawler
//! should not index: the pages that stand in for a missing translation and the 404 page.

use std::fmt::Write;

use crate::content::date::Date;
use crate::lang::Lang;
use crate::model::{FacetKey, Node, Site};
use crate::templates::escape_html;
use crate::url::UrlPath;

/// The sitemap of the real (translated) pages: the language chooser, the homes, the guides and
/// sections, the news list and items, the search pages, the regions and the vacancies with every page of their
/// listings. With an absolute `http(s)` base URL every address is absolute, as crawlers
/// require; in relative mode addresses are relative to the sitemap itself, which sits at the
/// site root.
pub(crate) fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let address = |url: &UrlPath| {
        base.full_url(url)
            .unwrap_or_else(|| base.href(&UrlPath::root(), url))
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    // The language chooser is in no one language: it has no alternates.
    let _ = writeln!(
        xml,
        "  <url>\n    <loc>{}</loc>\n  </url>",
        escape_html(&address(&UrlPath::root()))
    );
    // A page's versions: in each language `has` accepts, and in its editions.
    let versions = |has: &dyn Fn(Lang) -> bool, url: &dyn Fn(Lang) -> UrlPath| {
        site.config
            .readings()
            .filter(|r| has(r.lang))
            .map(|r| (r.tag(), r.url(&url(r.lang))))
            .collect::<Vec<_>>()
    };
    let mut add = |variants: Vec<(&str, UrlPath)>, lastmod: Option<Date>| {
        for (_, url) in &variants {
            let _ = write!(
                xml,
                "  <url>\n    <loc>{}</loc>\n",
                escape_html(&address(url))
            );
            if let Some(date) = &lastmod {
                let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
            }
            for (hreflang, other) in &variants {
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>",
                    escape_html(&address(other))
                );
            }
            xml.push_str("  </url>\n");
        }
    };
    add(versions(&|_| true, &|l| UrlPath::dir([l.code()])), None);
    let documents = site
        .sections
        .keys()
        .cloned()
        .map(Node::Section)
        .chain(site.guides.keys().cloned().map(Node::Guide))
        .chain(site.news.keys().cloned().map(Node::News));
    for node in documents {
        let translations = site.translations(&node);
        let variants = versions(&|l| translations.contains_key(&l), &|l| node.url(l));
        // A guide's last review, a news item's date.
        let lastmod = translations
            .values()
            .filter_map(|e| e.doc.front.reviewed.or(e.doc.front.date))
            .max();
        add(variants, lastmod);
    }
    for (node, lastmod) in data_pages(site) {
        add(versions(&|_| true, &|l| node.url(l)), lastmod);
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The pages made from data rather than from a guide, each in every language, with the date
/// its content last changed where there is one.
fn data_pages(site: &Site) -> Vec<(Node, Option<Date>)> {
    let mut pages = vec![(Node::Search, None)];
    for number in 1..=site.news_pages() {
        pages.push((Node::NewsList(number), None));
    }
    if !site.regions.is_empty() {
        pages.push((Node::Regions, None));
    }
    for region in site.regions.values() {
        pages.push((Node::Region(region.id.clone()), Some(region.data.reviewed)));
    }
    if !site.has_vacancies {
        return pages;
    }
    pages.push((Node::Vacancies, None));
    let facets = site
        .regions
        .keys()
        .map(|id| FacetKey::Region(id.clone()))
        .chain(
            site.categories
                .keys()
                .map(|id| FacetKey::Category(id.clone())),
        );
    for key in facets {
        for number in 1..=site.listing_pages(&key) {
            pages.push((Node::VacancyList(key.clone(), number), None));
        }
    }
    for vacancy in &site.vacancies {
        pages.push((Node::Vacancy(vacancy.id.clone()), Some(vacancy.posted)));
    }
    pages
}
