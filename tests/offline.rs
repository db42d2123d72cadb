//! What the build writes for reading offline, on the bundled portal: each reading's list of
//! files to save names exactly its pages and the shared files, with the right hashes and
//! sizes; search runs over the listed index files alone; the worker has every reading's
//! strings; the manifests and icons are what a phone needs.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{build_portal, lean_open};

const READINGS: [&str; 5] = ["kk", "kk-arab", "kk-latn", "ru", "en"];

/// A list as the build wrote it: (address, hash, size, title).
fn list(output: &Path, code: &str) -> Vec<(String, String, u64, Option<String>)> {
    let text = std::fs::read(output.join(code).join("offline.json")).expect("the list");
    let list: serde_json::Value = serde_json::from_slice(&text).expect("JSON");
    assert_eq!(list["reading"], code);
    assert_eq!(list["version"].as_str().map(str::len), Some(16));
    list["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|row| {
            (
                row[0].as_str().expect("path").to_owned(),
                row[1].as_str().expect("hash").to_owned(),
                row[2].as_u64().expect("size"),
                row.get(3).and_then(|t| t.as_str()).map(str::to_owned),
            )
        })
        .collect()
}

/// The output file of a listed address.
fn file_of(output: &Path, address: &str) -> PathBuf {
    if address.ends_with('/') {
        output.join(address).join("index.html")
    } else {
        output.join(address)
    }
}

/// Every file under `dir`, relative to `root`, with `/` separators.
fn files_under(root: &Path, dir: &str) -> Vec<String> {
    walkdir::WalkDir::new(root.join(dir))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn each_list_names_its_reading_s_pages_and_the_shared_files_with_their_hashes() {
    let (_tmp, output) = build_portal();
    for code in READINGS {
        let rows = list(&output, code);
        let listed: BTreeSet<&str> = rows.iter().map(|(path, ..)| path.as_str()).collect();
        assert_eq!(listed.len(), rows.len(), "{code}: no file twice");
        for (path, hash, size, title) in &rows {
            let bytes =
                std::fs::read(file_of(&output, path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(*size, bytes.len() as u64, "{path}");
            assert_eq!(
                *hash,
                bagdar_search::manifest::hex(bagdar_search::manifest::name_of(&bytes)),
                "{path}"
            );
            if path.ends_with('/') {
                let title = title
                    .as_deref()
                    .unwrap_or_else(|| panic!("{path} has a title"));
                assert!(
                    !title.is_empty() && !title.contains(" · "),
                    "{path}: {title}"
                );
            }
        }
        // Every page of the reading's home, guides and sections, regions and search.
        let mut pages: BTreeSet<String> = BTreeSet::new();
        for folder in ["guides", "regions", "search"] {
            for file in files_under(&output, &format!("{code}/{folder}")) {
                if let Some(dir) = file.strip_suffix("index.html") {
                    pages.insert(dir.to_owned());
                }
            }
        }
        pages.insert(format!("{code}/"));
        let listed_pages: BTreeSet<String> = listed
            .iter()
            .filter(|p| p.ends_with('/'))
            .map(|p| (*p).to_owned())
            .collect();
        assert_eq!(
            listed_pages, pages,
            "{code}: exactly its home, guides, regions and search"
        );
        // Shared: the theme's files, the icons, the runtime and the browser's index files.
        for shared in [
            "style.css",
            "search.js",
            "favicon.svg",
            "icons/icon-192.png",
            "search/manifest.bin",
        ] {
            assert!(listed.contains(shared), "{code}: {shared}");
        }
        assert!(listed.contains(format!("{code}/manifest.webmanifest").as_str()));
        assert!(
            listed
                .iter()
                .any(|p| p.starts_with("search/worker.") && p.ends_with(".js"))
        );
        assert!(
            listed
                .iter()
                .any(|p| p.starts_with("search/bagdar.") && p.ends_with(".wasm"))
        );
        for left_out in [
            "search/tantivy.json",
            "sw.js",
            "index.html",
            "404.html",
            "sitemap.xml",
        ] {
            assert!(
                !listed.contains(left_out),
                "{code}: {left_out} is not saved"
            );
        }
        assert!(
            listed.iter().all(|p| !p.contains("/vacancies/")
                && !p.contains("/news/")
                && !p.ends_with("offline.json")),
            "{code}: no vacancies, news or lists"
        );
        // No other reading's pages.
        assert!(
            listed.iter().all(|p| !READINGS
                .iter()
                .any(|other| *other != code && p.starts_with(&format!("{other}/")))),
            "{code}: only its own pages"
        );
    }
}

#[test]
fn search_runs_over_the_listed_index_files_alone() {
    let (_tmp, output) = build_portal();
    let rows = list(&output, "ru");
    let listed: BTreeSet<String> = rows.into_iter().map(|(path, ..)| path).collect();
    let search = output.join("search");
    let mut searcher = lean_open(&search);
    for query in ["квота", "вид на жительство", "кандастар", "Павлодар"]
    {
        let request = bagdar_search::Request {
            query: query.to_owned(),
            lang: Some("ru".to_owned()),
            limit: 10,
            ..Default::default()
        };
        let (response, _) = bagdar_search::engine::run(&mut searcher, &request, |name| {
            let path = format!("search/chunks/{name}.bin");
            assert!(
                listed.contains(&path),
                "{query:?} reads {path}, which a save leaves behind"
            );
            common::lean_file(&search, name)
        })
        .unwrap_or_else(|e| panic!("{query:?}: {e}"));
        assert!(!response.hits.is_empty(), "{query:?} finds something");
    }
    // Some chunks only the native reader reads are left out of the save.
    let chunks = files_under(&output, "search/chunks");
    assert!(
        listed
            .iter()
            .filter(|p| p.starts_with("search/chunks/"))
            .count()
            < chunks.len()
    );
}

#[test]
fn the_worker_speaks_every_reading_and_the_manifests_install_from_any_path() {
    let (_tmp, output) = build_portal();
    let worker = std::fs::read_to_string(output.join("sw.js")).expect("sw.js in the root");
    let config = worker
        .lines()
        .find_map(|line| line.strip_prefix("const CONFIG = "))
        .and_then(|rest| rest.strip_suffix(';'))
        .expect("the worker's strings");
    let config: serde_json::Value = serde_json::from_str(config).expect("JSON");
    assert_eq!(config["fallback"], "kk");
    for code in READINGS {
        let reading = &config["readings"][code];
        let title = reading["strings"]["title"].as_str().expect("a title");
        assert!(!title.is_empty(), "{code}");
        let manifest: serde_json::Value = serde_json::from_slice(
            &std::fs::read(output.join(code).join("manifest.webmanifest")).expect("manifest"),
        )
        .expect("JSON");
        assert_eq!(manifest["start_url"], "./");
        assert_eq!(manifest["scope"], "../");
        assert_eq!(manifest["lang"], reading["tag"]);
        assert_eq!(manifest["display"], "standalone");
        for icon in manifest["icons"].as_array().expect("icons") {
            let src = icon["src"].as_str().expect("src");
            let file = output.join(code).join(src);
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{src}: {e}"));
            assert_eq!(&bytes[1..4], b"PNG");
            let width = u32::from_be_bytes(bytes[16..20].try_into().expect("width"));
            assert_eq!(icon["sizes"], format!("{width}x{width}"));
        }
    }
    assert_eq!(config["readings"]["kk-arab"]["dir"], "rtl");
    let arab = config["readings"]["kk-arab"]["strings"]["title"]
        .as_str()
        .expect("title");
    assert!(
        arab.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c))
            && !arab.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)),
        "the Arabic-script edition's offline page is in the Arabic script: {arab}"
    );
}
