//! Reading offline and from a phone's home screen: the service worker (`sw.js`, in the site's
//! root so that its scope is the site's folder wherever it is served), the list of each
//! language's and edition's files a reader can save (`<reading>/offline.json`), a web app
//! manifest per reading, and the icons, drawn at build time.
//!
//! A list names each file a save brings, with its FNV-1a hash (the one the index names its
//! chunks by, which the worker checks in a few lines), its size and, for a page, its title:
//! the reading's home, guides and sections, regions and search page, the theme's styles and
//! scripts, the search runtime and every index file the browser reads. The worker fetches
//! only the files whose hash changed since the last save, and checks each against the list,
//! so that what is saved is always one build's.

mod icons;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use bagdar_search::manifest::{hex, name_of};
use serde_json::{Value, json};

use crate::edition::Reading;
use crate::i18n::{I18n, key};
use crate::model::{Node, Site};
use crate::pipeline::Part;

/// The service worker, in the output's root.
pub(crate) const WORKER: &str = "sw.js";

/// A reading's list of files to save, in its home folder.
pub(crate) const LIST: &str = "offline.json";

/// A reading's web app manifest, in its home folder.
pub(crate) const MANIFEST: &str = "manifest.webmanifest";

/// The folder of the icons.
const ICONS: &str = "icons";

/// The worker's code; the build fills in its strings.
const WORKER_SOURCE: &str = include_str!("sw.js");

/// Where the worker's strings go.
const CONFIG_SLOT: &str = "/*BAGDAR_CONFIG*/ {}";

/// Static files saved with the pages: what pages load, not what they link to (a site's PDFs).
const SAVED_STATICS: &[&str] = &["css", "js", "svg", "png", "ico", "woff2", "woff"];

/// What a list says of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Digest {
    /// FNV-1a of its bytes.
    pub(crate) hash: u64,
    /// Its size in bytes.
    pub(crate) size: u64,
    /// A page's title (as escaped in the page), without the site's name.
    pub(crate) title: Option<String>,
}

impl Digest {
    /// The digest of a file's bytes.
    pub(crate) fn of(path: &Path, bytes: &[u8]) -> Digest {
        let title = (path.extension().is_some_and(|e| e == "html"))
            .then(|| title_of(bytes))
            .flatten();
        Digest {
            hash: name_of(bytes),
            size: bytes.len() as u64,
            title,
        }
    }
}

/// The `<title>` of a page, without the site's name after the last " · ".
fn title_of(html: &[u8]) -> Option<String> {
    let find = |from: usize, what: &[u8]| {
        html.get(from..)?
            .windows(what.len())
            .position(|w| w == what)
            .map(|at| from + at)
    };
    let start = find(0, b"<title>")? + b"<title>".len();
    let end = find(start, b"</title>")?;
    let title = std::str::from_utf8(&html[start..end]).ok()?;
    Some(
        title
            .rsplit_once(" · ")
            .map_or(title, |(page, _)| page)
            .to_owned(),
    )
}

/// The folders of a reading's home whose pages a save brings: guides and sections, regions,
/// search (the names the pages' URLs use).
fn saved_folders() -> &'static [String] {
    static FOLDERS: LazyLock<Vec<String>> = LazyLock::new(|| {
        let lang = crate::lang::Lang::En;
        [Node::Section(Vec::new()), Node::Regions, Node::Search]
            .iter()
            .filter_map(|node| node.url(lang).as_str().split('/').nth(1).map(str::to_owned))
            .collect()
    });
    &FOLDERS
}

/// The worker as served: its source without comment lines and indentation (a third of its
/// size), with the build's strings.
fn worker_script(config: &Value) -> String {
    let mut out = String::with_capacity(WORKER_SOURCE.len());
    for line in WORKER_SOURCE.lines() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.replacen(CONFIG_SLOT, &config.to_string(), 1)
}

/// Whether a file goes into the lists (so its digest is taken as it is written).
pub(crate) fn listed(path: &Path, part: Part) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match part {
        Part::Page => {
            let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
            match parts.as_slice() {
                [_, "index.html"] => true,
                [_, folder, .., "index.html"] => saved_folders().iter().any(|f| f == folder),
                _ => false,
            }
        }
        Part::Static => SAVED_STATICS.contains(&extension),
        Part::Runtime | Part::Search => true,
        Part::Offline => extension == "png" || path.ends_with(MANIFEST),
        Part::VacancyPage | Part::Sitemap | Part::Feed | Part::SearchNative => false,
    }
}

/// Each reading's list, from the files the site now has and their digests.
pub(crate) fn lists(
    site: &Site,
    files: &BTreeMap<PathBuf, (u64, Part)>,
    digests: &BTreeMap<PathBuf, Digest>,
) -> Vec<(PathBuf, Vec<u8>)> {
    let readings: Vec<Reading> = site.config.readings().collect();
    let code_of = |reading: &Reading| reading.home().as_str().trim_end_matches('/').to_owned();
    let codes: Vec<String> = readings.iter().map(code_of).collect();
    // Every listed file, and the reading whose folder it is in (None: shared by all).
    let entries: Vec<(&PathBuf, &Digest, Option<&str>)> = digests
        .iter()
        .filter(|(path, _)| {
            files
                .get(*path)
                .is_some_and(|(_, part)| listed(path, *part))
        })
        .map(|(path, digest)| {
            let first = path.iter().next().and_then(|p| p.to_str());
            let owner = codes
                .iter()
                .find(|code| Some(code.as_str()) == first && path.components().count() > 1);
            (path, digest, owner.map(String::as_str))
        })
        .collect();
    codes
        .iter()
        .map(|code| {
            let mut rows: Vec<Value> = Vec::new();
            let mut version: Vec<u8> = Vec::new();
            for (path, digest, owner) in &entries {
                if owner.is_some_and(|o| o != code) {
                    continue;
                }
                let url = saved_url(path);
                let hash = hex(digest.hash);
                version.extend_from_slice(url.as_bytes());
                version.push(0);
                version.extend_from_slice(hash.as_bytes());
                version.push(0);
                rows.push(match &digest.title {
                    Some(title) => json!([url, hash, digest.size, title]),
                    None => json!([url, hash, digest.size]),
                });
            }
            let list = json!({
                "reading": code,
                "version": hex(name_of(&version)),
                "files": rows,
            });
            (
                PathBuf::from(code).join(LIST),
                serde_json::to_vec(&list).unwrap_or_default(),
            )
        })
        .collect()
}

/// The address a saved file is fetched and kept by: a page by its folder.
fn saved_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    match text.strip_suffix("index.html") {
        Some(folder) => folder.to_owned(),
        None => text,
    }
}

/// The files that depend only on the configuration and the strings: the worker, the
/// manifests and the icons.
pub(crate) fn shell(site: &Site, i18n: &I18n) -> Vec<(PathBuf, Vec<u8>)> {
    let config = &site.config;
    let mut readings = serde_json::Map::new();
    let mut files = Vec::new();
    for reading in config.readings() {
        let lang = reading.lang;
        let t = |key: key::Key| reading.text(i18n.text(lang, key), &site.exceptions);
        let code = reading.home().as_str().trim_end_matches('/').to_owned();
        let dir = reading.edition.map_or("ltr", |e| e.dir());
        let title = reading.text(config.site_title(lang), &site.exceptions);
        let description = config
            .language(lang)
            .map(|l| reading.text(l.description.clone(), &site.exceptions))
            .unwrap_or_default();
        readings.insert(
            code.clone(),
            json!({
                "tag": reading.tag(),
                "dir": dir,
                "site": title,
                "strings": {
                    "title": t(key::OFFLINE_TITLE),
                    "text": t(key::OFFLINE_TEXT),
                    "saved": t(key::OFFLINE_SAVED_PAGES),
                    "visited": t(key::OFFLINE_VISITED),
                    "none": t(key::OFFLINE_NONE),
                    "helpTitle": t(key::HELP_TITLE),
                    "help": [["1404", t(key::HELP_1404_SHORT)], ["1414", t(key::HELP_1414_SHORT)]],
                },
            }),
        );
        let manifest = app_manifest(&title, &description, reading.tag(), dir);
        files.push((PathBuf::from(&code).join(MANIFEST), manifest));
    }
    let default = Reading {
        lang: config.default_lang(),
        edition: None,
    };
    let fallback = default.home().as_str().trim_end_matches('/').to_owned();
    let worker_config = json!({ "readings": readings, "fallback": fallback });
    let worker = worker_script(&worker_config);
    files.push((PathBuf::from(WORKER), worker.into_bytes()));
    for (name, shape, size) in ICON_FILES {
        files.push((PathBuf::from(ICONS).join(name), icons::png(*shape, *size)));
    }
    files
}

/// The icons: (file, shape, size).
const ICON_FILES: &[(&str, icons::Shape, u32)] = &[
    ("icon-192.png", icons::Shape::Round, 192),
    ("icon-512.png", icons::Shape::Round, 512),
    ("maskable-512.png", icons::Shape::Maskable, 512),
];

/// A reading's web app manifest, in its home folder. Every address in it is relative to the
/// manifest, so the installed portal works from wherever it is served: it starts at the
/// reading's home, and its scope is the whole site (a reader may switch languages).
fn app_manifest(name: &str, description: &str, lang: &str, dir: &str) -> Vec<u8> {
    let icons: Vec<Value> = ICON_FILES
        .iter()
        .map(|(file, shape, size)| {
            let mut icon = json!({
                "src": format!("../{ICONS}/{file}"),
                "sizes": format!("{size}x{size}"),
                "type": "image/png",
            });
            if *shape == icons::Shape::Maskable {
                icon["purpose"] = json!("maskable");
            }
            icon
        })
        .collect();
    let manifest = json!({
        "name": name,
        "short_name": name,
        "description": description,
        "lang": lang,
        "dir": dir,
        "start_url": "./",
        "scope": "../",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#073f60",
        "icons": icons,
    });
    serde_json::to_vec_pretty(&manifest).unwrap_or_default()
}

/// The paths of the lists, one per reading.
pub(crate) fn list_paths(site: &Site) -> impl Iterator<Item = PathBuf> + '_ {
    site.config
        .readings()
        .map(|reading| reading.home().output_file().with_file_name(LIST))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_the_site_name() {
        let html = b"<html><head><title>IIN &amp; you \xc2\xb7 x \xc2\xb7 Bagdar</title></head>";
        assert_eq!(title_of(html).as_deref(), Some("IIN &amp; you · x"));
        assert_eq!(title_of(b"<html>"), None);
    }

    #[test]
    fn pages_of_guides_regions_search_and_homes_are_listed_and_no_others() {
        let page = |p: &str| listed(Path::new(p), Part::Page);
        assert!(page("ru/index.html"));
        assert!(page("ru/guides/index.html"));
        assert!(page("kk-arab/guides/iin/index.html"));
        assert!(page("en/regions/abai/index.html"));
        assert!(page("ru/search/index.html"));
        assert!(!page("ru/news/index.html"));
        assert!(!page("index.html"));
        assert!(!page("404.html"));
        assert!(!listed(
            Path::new("ru/vacancies/x/index.html"),
            Part::VacancyPage
        ));
        assert!(listed(Path::new("style.css"), Part::Static));
        assert!(!listed(Path::new("forms/a.pdf"), Part::Static));
        assert!(!listed(Path::new("sw.js"), Part::Offline));
        assert!(!listed(Path::new("ru/offline.json"), Part::Offline));
        assert!(listed(Path::new("ru/manifest.webmanifest"), Part::Offline));
        assert!(!listed(
            Path::new("search/tantivy.json"),
            Part::SearchNative
        ));
    }

    #[test]
    fn pages_are_saved_by_their_folder() {
        assert_eq!(
            saved_url(Path::new("ru/guides/iin/index.html")),
            "ru/guides/iin/"
        );
        assert_eq!(saved_url(Path::new("style.css")), "style.css");
    }

    #[test]
    fn the_worker_gets_its_strings() {
        assert_eq!(WORKER_SOURCE.matches(CONFIG_SLOT).count(), 1);
        let script = worker_script(&json!({"readings": {}}));
        assert!(script.contains(r#"const CONFIG = {"readings":{}};"#));
        assert!(!script.contains("\n//") && !script.contains("\n  "));
    }
}
