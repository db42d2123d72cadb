//! Shared helpers for the integration tests: fixture sites in temporary folders, running the
//! real `bagdar` binary, and reading its output with a real HTML parser.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};
use tempfile::TempDir;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `from` into `to`, recursively (files overwrite).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A fixture site copied into a temporary folder: the repository's default theme first, then
/// the fixture's own files over it (so a fixture can replace one theme file).
pub struct Site {
    pub tmp: TempDir,
    pub root: PathBuf,
}

impl Site {
    pub fn fixture(name: &str) -> Site {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("site");
        copy_tree(&repo().join("themes/default"), &root.join("themes/default"));
        copy_tree(&repo().join("tests/fixtures").join(name), &root);
        Site { tmp, root }
    }

    pub fn output(&self) -> PathBuf {
        self.root.join("public")
    }

    /// `bagdar build --root ROOT --today 2026-11-23` plus `extra`.
    pub fn build(&self, extra: &[&str]) -> Output {
        let root = self.root.to_str().expect("utf-8 path");
        let mut args = vec!["build", "--root", root, "--today", "2026-11-23"];
        args.extend_from_slice(extra);
        bagdar(&args)
    }

    pub fn build_ok(&self, extra: &[&str]) -> PathBuf {
        let out = self.build(extra);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.output()
    }
}

/// Builds the bundled portal (the repository's own content) into a temporary folder and
/// returns the folder (keep it alive) and the output path.
pub fn build_portal() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let output = tmp.path().join("public");
    let root = repo();
    let root = root.to_str().expect("utf-8");
    let out = bagdar(&[
        "build",
        "--root",
        root,
        "--output",
        output.to_str().expect("utf-8"),
        "--today",
        "2026-11-23",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    (tmp, output)
}

/// Runs the real binary.
pub fn bagdar(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bagdar"))
        .args(args)
        .output()
        .expect("run bagdar")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn parse(path: &Path) -> Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

/// The attribute `attr` of every element matching `css`.
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(css))
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

/// The trimmed text of every element matching `css`.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css))
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// Every HTML file of an output folder, by path relative to it.
pub fn html_files(output: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(output)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(output).expect("inside").to_path_buf())
        .collect();
    files.sort();
    files
}

/// Every file of a folder with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    try_snapshot(dir).unwrap_or_else(|| panic!("a file of {} could not be read", dir.display()))
}

/// As [`snapshot`], or `None` if a file vanished between listing and reading: the folder of a
/// running `bagdar serve` can be swapped for a new build at any moment.
pub fn try_snapshot(dir: &Path) -> Option<BTreeMap<PathBuf, Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).ok()?;
            Some((
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                bytes,
            ))
        })
        .collect()
}

/// Resolves a link found in the page `page` (relative to the output) the way a browser does,
/// for a site served at `base` (`/` for the host root). Returns the file it reaches and the
/// fragment, or `None` for links that leave the site (other hosts, tel:, mailto:).
pub fn resolve(page: &Path, href: &str, base: &str) -> Option<(PathBuf, Option<String>)> {
    if href.starts_with("tel:") || href.starts_with("mailto:") {
        return None;
    }
    let (href, fragment) = match href.split_once('#') {
        Some((h, f)) => (h, Some(f.to_owned())),
        None => (href, None),
    };
    let page_url = format!("{base}{}", page_dir_url(page));
    let absolute = if let Some(rest) = href.strip_prefix("https://centre.example") {
        rest.to_owned()
    } else if href.starts_with("http://") || href.starts_with("https://") {
        return None;
    } else if href.starts_with('/') {
        href.to_owned()
    } else if href.is_empty() {
        format!("{base}{}", page.to_string_lossy())
    } else {
        format!("{page_url}{href}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in absolute.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if absolute.ends_with('/') && !path.is_empty() {
        path.push('/');
    }
    let rel = path
        .strip_prefix(base.trim_start_matches('/'))
        .unwrap_or_else(|| panic!("{href} on {} leaves {base}", page.display()));
    let rel = rel.trim_start_matches('/');
    let file = if absolute.ends_with('/') || rel.is_empty() {
        PathBuf::from(rel).join("index.html")
    } else {
        PathBuf::from(rel)
    };
    Some((file, fragment))
}

/// The URL folder a page file is served from: `kk/guides/x/index.html` → `kk/guides/x/`.
fn page_dir_url(page: &Path) -> String {
    match page.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => format!("{}/", parent.to_string_lossy()),
        _ => String::new(),
    }
}

/// Checks that every link, stylesheet and image of every page reaches a file of the output,
/// and every `#fragment` an element id of the target page. Returns the broken links.
pub fn broken_links(output: &Path, base: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for page in html_files(output) {
        if page == Path::new("404.html") {
            continue; // served from any depth; checked separately
        }
        let doc = parse(&output.join(&page));
        let links = attrs(&doc, "a[href]", "href")
            .into_iter()
            .chain(attrs(&doc, "link[href]", "href"))
            .chain(attrs(&doc, "img[src]", "src"))
            .chain(attrs(&doc, "script[src]", "src"))
            .chain(
                attrs(&doc, "form[action]", "action")
                    .into_iter()
                    .filter(|a| !a.is_empty()),
            )
            .chain(attrs(&doc, "form[data-worker]", "data-worker"))
            .chain(attrs(&doc, "form[data-wasm]", "data-wasm"))
            .chain(attrs(&doc, "form[data-manifest]", "data-manifest"));
        for href in links {
            let Some((file, fragment)) = resolve(&page, &href, base) else {
                continue;
            };
            if !output.join(&file).is_file() {
                broken.push(format!(
                    "{}: {href} → {} is missing",
                    page.display(),
                    file.display()
                ));
                continue;
            }
            if let Some(id) = fragment.filter(|f| !f.is_empty()) {
                let target = parse(&output.join(&file));
                let css = format!("[id=\"{}\"]", id.replace('"', "\\\""));
                if target.select(&sel(&css)).next().is_none() {
                    broken.push(format!(
                        "{}: {href} → no #{id} in {}",
                        page.display(),
                        file.display()
                    ));
                }
            }
        }
    }
    broken
}

/// The lean reader over a built site's search folder, as the browser runs it: a fresh reader
/// (a first visit), files read from disk as a host sends them (gzip undone). Returns the
/// response and the rounds of fetching the search took.
pub fn lean_search(
    search: &Path,
    request: &bagdar_search::Request,
) -> (bagdar_search::Response, usize) {
    let mut searcher = lean_open(search);
    bagdar_search::engine::run(&mut searcher, request, |name| lean_file(search, name))
        .unwrap_or_else(|e| panic!("{:?}: {e}", request.query))
}

/// The lean reader opened on a built site's search folder.
pub fn lean_open(search: &Path) -> bagdar_search::Searcher {
    let manifest = std::fs::read(search.join(bagdar_search::manifest::MANIFEST)).expect("manifest");
    let manifest = bagdar::index::compress::decode(&manifest).expect("gzip");
    bagdar_search::Searcher::open(&manifest).expect("the lean reader opens the index")
}

/// A file of the search folder, gzip undone.
pub fn lean_file(search: &Path, name: &str) -> Result<Vec<u8>, bagdar_search::SearchError> {
    let path = search
        .join(bagdar_search::manifest::CHUNKS_DIR)
        .join(format!("{name}.bin"));
    std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| bagdar::index::compress::decode(&bytes))
        .map_err(|e| bagdar_search::SearchError(format!("{}: {e}", path.display())))
}

/// The output of `bagdar-synth` with `args`.
pub fn bagdar_synth(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_bagdar-synth"))
        .args(args)
        .output()
        .expect("run bagdar-synth");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Removes the line `key: …` from the `lang` strings of the site's copy of the theme.
pub fn drop_ui_string(site: &Site, lang: &str, key: &str) {
    let file = site.root.join(format!("themes/default/i18n/{lang}.yaml"));
    let text = std::fs::read_to_string(&file).expect("read the strings");
    let prefix = format!("{key}:");
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with(&prefix)).collect();
    assert!(
        kept.len() < text.lines().count(),
        "{key} is in {}",
        file.display()
    );
    std::fs::write(&file, kept.join("\n")).expect("write the strings");
}
