//! Plain links in guides: addresses written as they are (`../citizenship/`, `/ru/regions/`,
//! `#steps`, `<a href="…">`) rather than as `@/…` links, which the model already resolves.
//!
//! Each is resolved the way a browser would from its page — against the site as it was
//! rendered in memory, and against the configured base URL for absolute addresses — and must
//! reach a page or file of the site; a `#fragment` must be an `id` on the page it reaches.
//! Addresses that leave the site (other hosts, `mailto:`, `tel:`) are not checked.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Entry, Node, Site};
use crate::url::{BaseUrl, UrlPath};

/// Where a plain address leads inside the site.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A path inside the site (no leading `/`) and the fragment, if any.
    Inside(String, Option<String>),
    /// `..` climbs above the site root.
    Above,
    /// Another host, another scheme, or a path outside the base URL.
    Outside,
}

/// The problems of every plain link of every guide and section page, against the whole site
/// as the pipeline wrote it (`files`: path in the output → bytes).
pub(crate) fn check(site: &Site, files: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<Diagnostic> {
    let mut by_url: HashMap<String, Page<'_>> = HashMap::new();
    let mut others: HashSet<String> = HashSet::new();
    for (path, bytes) in files {
        let path = path.to_string_lossy().replace('\\', "/");
        match path.strip_suffix("index.html") {
            Some(folder) => {
                let html = std::str::from_utf8(bytes).unwrap_or_default();
                by_url.insert(
                    folder.to_owned(),
                    Page {
                        url: folder.to_owned(),
                        html,
                    },
                );
            }
            None => {
                others.insert(path);
            }
        }
    }
    let files = others;
    let by_url: HashMap<&str, &Page<'_>> = by_url.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut found = Vec::new();
    let entries = site
        .guides
        .iter()
        .map(|(k, t)| (Node::Guide(k.clone()), t))
        .chain(
            site.sections
                .iter()
                .map(|(k, t)| (Node::Section(k.clone()), t)),
        );
    for (node, translations) in entries {
        for (lang, entry) in translations {
            let here = node.url(*lang);
            for link in &entry.plain_links {
                let problem = match resolve(&here, &link.href, &site.config.base_url) {
                    Target::Outside => None,
                    Target::Above => Some((
                        Code::BrokenLink,
                        format!("`{}` climbs above the root of the site", link.href),
                    )),
                    Target::Inside(path, fragment) => match find(&path, &by_url, &files) {
                        Found::Nothing => Some((
                            Code::BrokenLink,
                            format!("`{}` leads to no page or file of the site", link.href),
                        )),
                        Found::File => None,
                        Found::Page(page) => {
                            fragment.filter(|f| !f.is_empty()).and_then(|fragment| {
                                let known = ids
                                    .entry(page.url.as_str())
                                    .or_insert_with(|| element_ids(page.html));
                                (!known.contains(&fragment)).then(|| {
                                    (
                                        Code::MissingAnchor,
                                        format!(
                                            "`#{fragment}` is not an id on the page /{}",
                                            page.url
                                        ),
                                    )
                                })
                            })
                        }
                    },
                };
                if let Some((code, message)) = problem {
                    found.push(at_link(entry, link.offset, code, message));
                }
            }
        }
    }
    found
}

fn at_link(entry: &Entry, offset: usize, code: Code, message: String) -> Diagnostic {
    let doc = &entry.doc;
    let hint = match code {
        Code::MissingAnchor => "use an id from the target page's headings, e.g. `{#documents}`",
        _ => {
            "link pages as `@/guides/<slug>`, `@/regions/<id>` or `@/vacancies/<id>`: Bagdar then \
             checks them and writes the address for every language and mount point"
        }
    };
    Diagnostic::error_at_offset(
        code,
        &doc.file,
        &doc.text,
        doc.body_offset + offset,
        message,
    )
    .with_hint(hint)
}

/// A page of the site as rendered: its address (a folder, `ru/guides/iin/`) and HTML.
struct Page<'a> {
    url: String,
    html: &'a str,
}

enum Found<'a> {
    Page(&'a Page<'a>),
    File,
    Nothing,
}

/// The page or file served at `path`: a folder by its page, `…/index.html` too, and a path
/// without its trailing `/` (hosts redirect it).
fn find<'a>(path: &str, pages: &HashMap<&str, &'a Page<'a>>, files: &HashSet<String>) -> Found<'a> {
    let folder = path.strip_suffix("index.html").unwrap_or(path);
    if let Some(page) = pages.get(folder) {
        return Found::Page(page);
    }
    if files.contains(path) {
        return Found::File;
    }
    match pages.get(format!("{path}/").as_str()) {
        Some(page) if !path.is_empty() => Found::Page(page),
        _ => Found::Nothing,
    }
}

/// Resolves `href`, written on the page at `here`, the way a browser would.
fn resolve(here: &UrlPath, href: &str, base: &BaseUrl) -> Target {
    let (rest, fragment) = match href.split_once('#') {
        Some((rest, fragment)) => (rest, Some(decoded(fragment))),
        None => (href, None),
    };
    let rest = rest.split_once('?').map_or(rest, |(path, _)| path);
    let joined = if rest.is_empty() {
        here.as_str().to_owned()
    } else if rest.starts_with("//") {
        return Target::Outside;
    } else if has_scheme(rest) {
        match base {
            BaseUrl::Absolute(url) if url.contains("://") => {
                match rest.strip_prefix(url.as_str()) {
                    Some(inside) => inside.to_owned(),
                    None => return Target::Outside,
                }
            }
            _ => return Target::Outside,
        }
    } else if let Some(absolute) = rest.strip_prefix('/') {
        // Under a base URL the site lives at its path; without one, at the host's root.
        let base_path = match base {
            BaseUrl::Absolute(url) => url
                .split_once("://")
                .map_or(url.as_str(), |(_, host_and_path)| {
                    host_and_path.find('/').map_or("/", |i| &host_and_path[i..])
                })
                .trim_start_matches('/'),
            BaseUrl::Relative => "",
        };
        match absolute.strip_prefix(base_path) {
            Some(inside) => inside.to_owned(),
            None => return Target::Outside,
        }
    } else {
        let folder = here
            .as_str()
            .rfind('/')
            .map_or("", |i| &here.as_str()[..=i]);
        format!("{folder}{rest}")
    };
    let mut parts: Vec<String> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Above;
                }
            }
            part => parts.push(decoded(part)),
        }
    }
    let mut path = parts.join("/");
    let is_folder = joined.is_empty() || joined.ends_with('/') || joined.ends_with("/.");
    if is_folder && !path.is_empty() {
        path.push('/');
    }
    Target::Inside(path, fragment)
}

/// Whether `href` starts with a URL scheme (`https:`, `mailto:`, `tel:`).
fn has_scheme(href: &str) -> bool {
    let Some((scheme, _)) = href.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `%D2%9B` → `қ`; anything that does not decode to UTF-8 stays as written.
fn decoded(text: &str) -> String {
    crate::url::percent_decode(text).unwrap_or_else(|| text.to_owned())
}

/// The `id` attributes of a rendered page, unescaped. A scan rather than a parser: the HTML is
/// our own templates' and pulldown-cmark's output, which always quote attributes with `"`.
fn element_ids(html: &str) -> HashSet<String> {
    html.match_indices(" id=\"")
        .filter_map(|(at, attr)| {
            let value = &html[at + attr.len()..];
            value.find('"').map(|end| unescape(&value[..end]))
        })
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(path: &str, fragment: Option<&str>) -> Target {
        Target::Inside(path.to_owned(), fragment.map(str::to_owned))
    }

    #[test]
    fn relative_addresses_resolve_from_the_page_folder() {
        let here = UrlPath::dir(["kk", "guides", "alpha"]);
        let relative = BaseUrl::Relative;
        assert_eq!(
            resolve(&here, "../beta/#steps", &relative),
            inside("kk/guides/beta/", Some("steps"))
        );
        assert_eq!(
            resolve(&here, "#x", &relative),
            inside("kk/guides/alpha/", Some("x"))
        );
        assert_eq!(resolve(&here, "../../../../x/", &relative), Target::Above);
        assert_eq!(
            resolve(&here, "/ru/regions/", &relative),
            inside("ru/regions/", None)
        );
        assert_eq!(
            resolve(&here, "#%D2%9Bazaq", &relative),
            inside("kk/guides/alpha/", Some("қazaq"))
        );
    }

    #[test]
    fn other_hosts_and_schemes_are_outside_and_the_base_url_is_inside() {
        let here = UrlPath::dir(["en"]);
        let base = BaseUrl::Absolute("https://centre.example/portal/".to_owned());
        assert_eq!(resolve(&here, "https://egov.kz/", &base), Target::Outside);
        assert_eq!(resolve(&here, "tel:1414", &base), Target::Outside);
        assert_eq!(resolve(&here, "//cdn.example/x", &base), Target::Outside);
        assert_eq!(
            resolve(&here, "https://centre.example/portal/ru/", &base),
            inside("ru/", None)
        );
        assert_eq!(
            resolve(&here, "/portal/ru/regions/", &base),
            inside("ru/regions/", None)
        );
        assert_eq!(resolve(&here, "/elsewhere/", &base), Target::Outside);
    }

    #[test]
    fn ids_are_read_from_the_rendered_html() {
        let ids = element_ids("<h2 id=\"steps\">S</h2><p id=\"a&amp;b\" class=x>");
        assert!(ids.contains("steps") && ids.contains("a&b"), "{ids:?}");
    }
}
