//! What each fuzz target feeds to Bagdar, as plain functions: the fuzz targets call them with
//! libFuzzer's inputs, and `tests/fuzz_corpus.rs` in the root workspace replays every file of
//! `fuzz/corpus/<target>/` through the same functions on the stable toolchain.
//!
//! Each function must return for any input; a panic is a bug. Every diagnostic is also
//! rendered, since the snippet and underline code slices the input.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bagdar::content::front_matter;
use bagdar::content::regions::{self, RegionId};
use bagdar::content::slug::Slug;
use bagdar::content::text::Text;
use bagdar::content::vacancies::{self, Known};
use bagdar::diagnostic::Diagnostic;
use bagdar::lang::Lang;
use bagdar::markdown::{self, Resolved};
use bagdar_search::bundle::{CHUNKS_DIR, MANIFEST, chunk_name};
use bagdar_search::query::Filters;
use bagdar_search::{ChunkSource, Manifest, Searcher};

fn render_all(problems: &[Diagnostic]) {
    for problem in problems {
        let _ = problem.to_string();
    }
}

/// A guide file: front matter, then the Markdown body with its links and headings.
pub fn guide(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Path::new("content/guides/fuzz.en.md");
    let (_, split) = match front_matter::parse(file, text, true) {
        Ok(parsed) => parsed,
        Err(problems) => return render_all(&problems),
    };
    let resolve = |target: &str| {
        matches!(target, "guides/a" | "regions/pavlodar" | "vacancies").then(|| Resolved {
            href: format!("../{target}/"),
            title: "A".to_owned(),
        })
    };
    let (_, problems) = markdown::render(split.body, &resolve);
    let problems: Vec<Diagnostic> = problems
        .iter()
        .map(|p| {
            Diagnostic::error_at_offset(
                p.code,
                file,
                text,
                split.body_offset + p.offset,
                &p.message,
            )
        })
        .collect();
    render_all(&problems);
}

/// A region file.
pub fn region(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut problems = Vec::new();
    let _ = regions::parse(Path::new("content/regions/fuzz.yaml"), text, &mut problems);
    render_all(&problems);
}

fn known_regions() -> &'static BTreeSet<RegionId> {
    static REGIONS: OnceLock<BTreeSet<RegionId>> = OnceLock::new();
    REGIONS.get_or_init(|| {
        ["pavlodar", "jetisu"]
            .into_iter()
            .filter_map(|id| RegionId::parse(id).ok())
            .collect()
    })
}

fn known_categories() -> &'static BTreeMap<Slug, Text> {
    static CATEGORIES: OnceLock<BTreeMap<Slug, Text>> = OnceLock::new();
    CATEGORIES.get_or_init(|| {
        ["healthcare", "education"]
            .into_iter()
            .filter_map(|id| Slug::parse(id).ok())
            .map(|slug| (slug, Text::from_pairs([(Lang::En, "Category")])))
            .collect()
    })
}

fn vacancy_file(name: &str, data: &[u8]) {
    let known = Known {
        regions: known_regions(),
        categories: known_categories(),
    };
    let mut problems = Vec::new();
    let _ = vacancies::read_file(Path::new(name), data, &known, &mut problems);
    render_all(&problems);
}

/// A vacancy CSV export.
pub fn vacancy_csv(data: &[u8]) {
    vacancy_file("content/vacancies/fuzz.csv", data);
}

/// A vacancy JSON export.
pub fn vacancy_json(data: &[u8]) {
    vacancy_file("content/vacancies/fuzz.json", data);
}

/// A search index built once from `tests/fixtures/data_site` with the library, as the
/// manifest and every chunk's bytes.
struct Bundle {
    manifest: Manifest,
    chunks: HashMap<String, Vec<u8>>,
}

fn repo() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    if here.join("fuzz_targets").is_dir() {
        here.join("..")
    } else {
        here.to_path_buf()
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        let target = to.join(rel);
        let copied = if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)
        } else {
            std::fs::copy(entry.path(), &target).map(|_| ())
        };
        copied.unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    }
}

fn bundle() -> &'static Bundle {
    static BUNDLE: OnceLock<Bundle> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let repo = repo();
        let work = std::env::temp_dir().join(format!("bagdar-fuzz-{}", std::process::id()));
        let root = work.join("site");
        copy_tree(&repo.join("themes/default"), &root.join("themes/default"));
        copy_tree(&repo.join("tests/fixtures/data_site"), &root);
        let options = bagdar::site::BuildOptions {
            root: root.clone(),
            output: Some(work.join("public")),
            today: "2026-11-23".parse().ok(),
            ..Default::default()
        };
        if let Err(e) = bagdar::site::build(&options) {
            panic!("the fuzz index does not build: {e}");
        }
        let search = work.join("public/search");
        let manifest = std::fs::read(search.join(MANIFEST)).expect("manifest");
        let manifest: Manifest = serde_json::from_slice(&manifest).expect("a manifest");
        let chunks = manifest
            .chunks
            .iter()
            .map(|c| {
                let path = search.join(CHUNKS_DIR).join(format!("{}.bin", c.name));
                (c.name.clone(), std::fs::read(&path).expect("chunk"))
            })
            .collect();
        let _ = std::fs::remove_dir_all(&work);
        Bundle { manifest, chunks }
    })
}

/// Chunks from memory.
#[derive(Debug)]
struct Memory(HashMap<String, Vec<u8>>);

impl ChunkSource for Memory {
    fn fetch(&self, name: &str) -> Result<Vec<u8>, String> {
        self.0
            .get(name)
            .cloned()
            .ok_or_else(|| format!("no chunk {name}"))
    }
}

fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<Searcher> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        let bundle = bundle();
        Searcher::open(
            bundle.manifest.clone(),
            Box::new(Memory(bundle.chunks.clone())),
        )
        .expect("the fuzz index opens")
    })
}

/// A visitor's query: the first byte picks the reader's language and a filter, the rest is
/// what they typed. Analysis, query building and search over the small index.
pub fn search_query(data: &[u8]) {
    let Some((&choice, typed)) = data.split_first() else {
        return;
    };
    let query = String::from_utf8_lossy(typed).into_owned();
    for lang in [
        bagdar_analysis::Language::Kk,
        bagdar_analysis::Language::Ru,
        bagdar_analysis::Language::En,
    ] {
        let _ = bagdar_analysis::analyze(&query, lang);
    }
    let lang = ["kk", "ru", "en", ""][usize::from(choice & 3)];
    let kind = ["", "guide", "region", "vacancy"][usize::from((choice >> 2) & 3)];
    let request = bagdar_search::Request {
        query,
        lang: (!lang.is_empty()).then(|| lang.to_owned()),
        filters: Filters {
            kind: (!kind.is_empty()).then(|| kind.to_owned()),
            region: (choice & 16 != 0).then(|| "pavlodar".to_owned()),
            ..Filters::default()
        },
        limit: usize::from(choice >> 5) * 3,
    };
    let searcher = searcher();
    let _ = searcher.search(&request);
    let _ = searcher.search_planned(&request);
}

/// A damaged index: the input picks a chunk and how to damage it (bytes flipped, cut short,
/// replaced, extended), and whether the manifest is damaged to match (a consistent but
/// corrupt build) or left as it was (a chunk damaged on the way). Opening and searching must
/// give results or an error, never a panic; a chunk that does not match the manifest must
/// always be an error when it is read.
pub fn chunk_reader(data: &[u8]) {
    let [mode, pick, cut, payload @ ..] = data else {
        return;
    };
    let bundle = bundle();
    let mut manifest = bundle.manifest.clone();
    let mut chunks = bundle.chunks.clone();
    let index = usize::from(*pick) % manifest.chunks.len();
    let name = manifest.chunks[index].name.clone();
    let mut bytes = chunks.get(&name).cloned().unwrap_or_default();
    match mode & 3 {
        0 => {
            let len = bytes.len().max(1);
            for (i, b) in payload.iter().enumerate() {
                if let Some(slot) = bytes.get_mut((usize::from(*cut) * 64 + i * 7) % len) {
                    *slot ^= b;
                }
            }
        }
        1 => bytes.truncate(bytes.len() * usize::from(*cut) / 256),
        2 => bytes = payload.to_vec(),
        _ => bytes.extend_from_slice(payload),
    }
    // libFuzzer's panic hook aborts even on a panic `Searcher` catches, and tantivy asserts on
    // malformed files (see `guarded` in bagdar-search): under the fuzzer only damage the
    // manifest does not match is explored; the replay test runs both kinds.
    let consistent = mode & 4 != 0 && !cfg!(fuzzing);
    if consistent {
        let new_name = chunk_name(&bytes);
        manifest.chunks[index].name = new_name.clone();
        manifest.chunks[index].len = bytes.len() as u64;
        chunks.insert(new_name, bytes);
    } else {
        chunks.insert(name, bytes);
    }
    let searcher = match Searcher::open(manifest, Box::new(Memory(chunks))) {
        Ok(searcher) => searcher,
        Err(_) => return,
    };
    for query in [
        "кандастар",
        "doctor",
        "\"Павлодар облысы\"",
        "teacher -doctor",
    ] {
        let request = bagdar_search::Request {
            query: query.to_owned(),
            lang: Some("ru".to_owned()),
            limit: 10,
            ..Default::default()
        };
        let _ = searcher.search(&request);
    }
}
