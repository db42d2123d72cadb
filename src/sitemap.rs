//! `sitemap.xml`: every page the build writes, with `hreflang` alternates, but those a crawler
//! should not index: the pages that stand in for a missing translation and the 404 page.

use std::fmt::Write;

use crate::content::date::Date;
use crate::model::{FacetKey, Node, Site};
use crate::templates::escape_html;
use crate::url::UrlPath;

/// The sitemap of the real (translated) pages: the language chooser, the homes, the guides and
/// sections, the search pages, the regions and the vacancies with every page of their
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
    let mut add = |variants: Vec<(String, UrlPath)>, lastmod: Option<Date>| {
        let variants = with_editions(site, variants);
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
    add(
        site.config
            .langs()
            .map(|l| (l.code().to_owned(), UrlPath::dir([l.code()])))
            .collect(),
        None,
    );
    let documents = site
        .sections
        .keys()
        .cloned()
        .map(Node::Section)
        .chain(site.guides.keys().cloned().map(Node::Guide));
    for node in documents {
        let translations = site.translations(&node);
        let variants = site
            .config
            .langs()
            .filter(|l| translations.contains_key(l))
            .map(|l| (l.code().to_owned(), node.url(l)))
            .collect();
        let lastmod = translations
            .values()
            .filter_map(|e| e.doc.front.reviewed)
            .max();
        add(variants, lastmod);
    }
    for (node, lastmod) in data_pages(site) {
        let variants = site
            .config
            .langs()
            .map(|l| (l.code().to_owned(), node.url(l)))
            .collect();
        add(variants, lastmod);
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A page's language versions and, after each language that has editions in other scripts,
/// the editions' versions (`kk-Arab`, `kk-Latn`).
fn with_editions(site: &Site, variants: Vec<(String, UrlPath)>) -> Vec<(String, UrlPath)> {
    let mut all = Vec::with_capacity(variants.len() + 2);
    for (code, url) in variants {
        let editions: Vec<_> = site
            .config
            .editions
            .iter()
            .filter(|e| e.base().code() == code)
            .map(|e| (e.tag().to_owned(), e.url(&url)))
            .collect();
        all.push((code, url));
        all.extend(editions);
    }
    all
}

/// The pages made from data rather than from a guide, each in every language, with the date
/// its content last changed where there is one.
fn data_pages(site: &Site) -> Vec<(Node, Option<Date>)> {
    let mut pages = vec![(Node::Search, None)];
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
