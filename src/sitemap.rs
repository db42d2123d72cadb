//! `sitemap.xml` with `hreflang` alternates for every translated page.

use std::fmt::Write;

use crate::model::{Node, Site};
use crate::templates::escape_html;
use crate::url::UrlPath;

/// The sitemap of the real (translated) pages. With an absolute `http(s)` base URL every
/// address is absolute, as crawlers require; in relative mode addresses are relative to the
/// sitemap itself, which sits at the site root.
pub fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let address = |url: &UrlPath| {
        base.full_url(url)
            .unwrap_or_else(|| base.href(&UrlPath::root(), url))
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut add = |variants: Vec<(String, UrlPath)>, lastmod: Option<String>| {
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
    let nodes = site
        .sections
        .keys()
        .cloned()
        .map(Node::Section)
        .chain(site.guides.keys().cloned().map(Node::Guide));
    for node in nodes {
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
            .max()
            .map(|d| d.to_string());
        add(variants, lastmod);
    }
    xml.push_str("</urlset>\n");
    xml
}
