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
use bagdar::index::compress;
use bagdar::index::reference::Reference;
use bagdar::lang::Lang;
use bagdar::markdown::{self, Resolved};
use bagdar_search::manifest::payload as payload_of;
use bagdar_search::manifest::{CHUNKS_DIR, Kind, MANIFEST, Manifest, hex, name_of, parse_hex};
use bagdar_search::terms::{self, Table};
use bagdar_search::{Filters, Hit, Request, SearchError, Searcher, engine};

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
    // The same text as a news item's front matter, which requires and allows other keys.
    if let Err(problems) = front_matter::parse(file, text, front_matter::Shape::News) {
        render_all(&problems);
    }
    let (_, split) = match front_matter::parse(file, text, front_matter::Shape::Guide) {
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

/// A search index built once from `tests/fixtures/data_site` with the library: the manifest's
/// payload and every other file's payload by name (gzip undone), and the folder kept for the
/// reference reader.
struct Bundle {
    manifest: Vec<u8>,
    files: HashMap<String, Vec<u8>>,
    search: PathBuf,
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
        let read = |path: &Path| {
            let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            compress::decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        };
        let manifest = read(&search.join(MANIFEST));
        let mut files = HashMap::new();
        for entry in std::fs::read_dir(search.join(CHUNKS_DIR))
            .expect("chunks")
            .flatten()
        {
            let name = entry
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".bin")
                .to_owned();
            files.insert(name, read(&entry.path()));
        }
        Bundle {
            manifest,
            files,
            search,
        }
    })
}

/// The searches both targets run.
const QUERIES: [&str; 5] = [
    "кандастар",
    "doctor",
    "\"Павлодар облысы\"",
    "teacher -doctor",
    "врачь",
];

fn request(query: &str) -> Request {
    Request {
        query: query.to_owned(),
        lang: Some("ru".to_owned()),
        limit: 10,
        ..Default::default()
    }
}

/// The lean reader's answer to `request` over `files` (a fresh reader, as a first visit).
fn lean(
    manifest: &[u8],
    files: &HashMap<String, Vec<u8>>,
    request: &Request,
) -> Result<Vec<Hit>, SearchError> {
    let mut searcher = Searcher::open(manifest)?;
    let (response, _) = engine::run(&mut searcher, request, |name| {
        files
            .get(name)
            .cloned()
            .ok_or_else(|| SearchError(format!("no file {name}")))
    })?;
    Ok(response.hits)
}

fn urls(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.url.as_str()).collect()
}

/// A visitor's query: the first byte picks the reader's language and a filter, the rest is
/// what they typed. Over the intact index, the lean reader must answer, and give the same
/// pages in the same order as tantivy.
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
        let tokens = bagdar_analysis::analyze(&query, lang);
        assert!(tokens.iter().all(|t| t.offset <= query.len()));
    }
    let lang = ["kk", "ru", "en", ""][usize::from(choice & 3)];
    let kind = ["", "guide", "region", "vacancy"][usize::from((choice >> 2) & 3)];
    let request = Request {
        query,
        lang: (!lang.is_empty()).then(|| lang.to_owned()),
        filters: Filters {
            kind: (!kind.is_empty()).then(|| kind.to_owned()),
            region: (choice & 16 != 0).then(|| "pavlodar".to_owned()),
            lang: None,
        },
        limit: usize::from(choice >> 5) * 3,
    };
    let bundle = bundle();
    let lean = lean(&bundle.manifest, &bundle.files, &request)
        .unwrap_or_else(|e| panic!("the intact index must answer {:?}: {e}", request.query));
    let reference = reference()
        .search(&request)
        .unwrap_or_else(|e| panic!("tantivy must answer {:?}: {e}", request.query));
    assert_eq!(urls(&lean), urls(&reference.hits), "{:?}", request.query);
}

fn reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        Reference::open_folder(&bundle().search).expect("tantivy opens the fuzz index")
    })
}

/// A damaged index: the input picks a file of the bundle (the manifest, a term shard, a store
/// piece or a chunk) and how to damage it (bytes flipped, cut short, replaced, extended), and
/// whether the files that name it are renamed to match (a consistent but corrupt build, as a
/// hostile host could serve) or left as they were (a file damaged on the way). The lean reader
/// must give results or an error, never a panic; and with the names left as they were, any
/// result it gives must be the intact index's, since a file that does not match its name is
/// refused when it is read.
pub fn reader(data: &[u8]) {
    let [mode, pick, cut, payload @ ..] = data else {
        return;
    };
    let bundle = bundle();
    let mut manifest = bundle.manifest.clone();
    let mut files = bundle.files.clone();
    let mut names: Vec<&String> = bundle.files.keys().collect();
    names.sort();
    let damage = |bytes: &mut Vec<u8>| match mode & 3 {
        0 => {
            let len = bytes.len().max(1);
            for (i, b) in payload.iter().enumerate() {
                if let Some(slot) = bytes.get_mut((usize::from(*cut) * 64 + i * 7) % len) {
                    *slot ^= b;
                }
            }
        }
        1 => bytes.truncate(bytes.len() * usize::from(*cut) / 256),
        2 => *bytes = payload.to_vec(),
        _ => bytes.extend_from_slice(payload),
    };
    let consistent = mode & 4 != 0;
    if *pick == 255 || names.is_empty() {
        damage(&mut manifest);
        if consistent {
            // As a hostile host could serve it: damaged, with its check made to match.
            manifest.truncate(manifest.len().saturating_sub(8));
            let check = name_of(&manifest);
            manifest.extend_from_slice(&check.to_le_bytes());
        }
    } else {
        let name = names[usize::from(*pick) % names.len()].clone();
        let mut bytes = files.get(&name).cloned().unwrap_or_default();
        damage(&mut bytes);
        if consistent {
            let renamed = hex(name_of(&bytes));
            files.remove(&name);
            files.insert(renamed.clone(), bytes);
            manifest = rename(&manifest, &mut files, &name, &renamed);
        } else {
            files.insert(name, bytes);
        }
    }
    for query in QUERIES {
        let result = lean(&manifest, &files, &request(query));
        if !consistent && let Ok(hits) = result {
            let intact = lean(&bundle.manifest, &bundle.files, &request(query))
                .expect("the intact index answers");
            assert_eq!(
                urls(&hits),
                urls(&intact),
                "a damaged file was read as good"
            );
        }
    }
}

/// Renames file `from` to `to` wherever the bundle names it: in term shards and store pieces
/// (which are renamed in turn) and in the manifest, whose new payload is returned.
fn rename(manifest: &[u8], files: &mut HashMap<String, Vec<u8>>, from: &str, to: &str) -> Vec<u8> {
    let (Some(from), Some(to)) = (parse_hex(from), parse_hex(to)) else {
        return manifest.to_vec();
    };
    let Ok(mut decoded) = Manifest::decode(manifest) else {
        return manifest.to_vec();
    };
    let mut renames = vec![(from, to)];
    let swap = |name: &mut u64, renames: &[(u64, u64)]| {
        if let Some((_, new)) = renames.iter().find(|(old, _)| old == name) {
            *name = *new;
        }
    };
    // Shards and store pieces that name a renamed chunk are rewritten, and so renamed.
    for (table, shards) in [
        (Table::Fold, decoded.fold_shards.clone()),
        (Table::Words, decoded.word_shards.clone()),
    ] {
        for shard in shards {
            let key = hex(shard.name);
            let Some(payload) = files.get(&key) else {
                continue;
            };
            let Ok(content) = bagdar_search::manifest::content(payload, Kind::Terms, shard.name)
            else {
                continue;
            };
            let Ok(mut parsed) = terms::decode(table, content) else {
                continue;
            };
            if !parsed.chunks.iter().any(|c| c.name == from) {
                continue;
            }
            for chunk in &mut parsed.chunks {
                swap(&mut chunk.name, &renames);
            }
            let entries: Vec<_> = parsed.entries.into_iter().map(|(_, e)| e).collect();
            let new = payload_of(Kind::Terms, &terms::encode(table, &parsed.chunks, &entries));
            let new_name = name_of(&new);
            files.remove(&key);
            files.insert(hex(new_name), new);
            renames.push((shard.name, new_name));
        }
    }
    for (i, (first, piece)) in decoded.store.clone().into_iter().enumerate() {
        let key = hex(piece);
        let Some(payload) = files.get(&key) else {
            continue;
        };
        let Ok(content) = bagdar_search::manifest::content(payload, Kind::Store, piece) else {
            continue;
        };
        let end = decoded
            .store
            .get(i + 1)
            .map_or(decoded.docs, |(next, _)| *next);
        let Ok(mut blocks) = terms::decode_store(content, first, end) else {
            continue;
        };
        if !blocks.iter().any(|(_, name)| *name == from) {
            continue;
        }
        for (_, name) in &mut blocks {
            swap(name, &renames);
        }
        let new = payload_of(Kind::Store, &terms::encode_store(&blocks));
        let new_name = name_of(&new);
        files.remove(&key);
        files.insert(hex(new_name), new);
        renames.push((piece, new_name));
    }
    for (_, name) in &mut decoded.norm_pages {
        swap(name, &renames);
    }
    for shard in decoded
        .fold_shards
        .iter_mut()
        .chain(decoded.word_shards.iter_mut())
    {
        swap(&mut shard.name, &renames);
    }
    for (_, name) in &mut decoded.store {
        swap(name, &renames);
    }
    for (_, name) in &mut decoded.eager {
        swap(name, &renames);
    }
    decoded.encode()
}
