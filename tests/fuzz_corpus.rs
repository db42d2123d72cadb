//! Replays every file of the fuzz corpora (`fuzz/corpus/<target>/`) through the functions the
//! fuzz targets call, on the stable toolchain, so a fixed crash stays fixed without cargo-fuzz.

use std::path::PathBuf;

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code, unreachable_pub)]
mod targets;

/// Runs `target` on every corpus file of `name`; fails naming each file that panicked.
fn replay(name: &str, target: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} has no inputs", dir.display());
    let panicked: Vec<String> = files
        .iter()
        .filter(|file| {
            let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            std::panic::catch_unwind(|| target(&bytes)).is_err()
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(panicked.is_empty(), "panicked on:\n{}", panicked.join("\n"));
}

#[test]
fn guides_of_the_corpus_never_panic() {
    replay("guide", targets::guide);
}

#[test]
fn region_files_of_the_corpus_never_panic() {
    replay("region", targets::region);
}

#[test]
fn vacancy_csv_files_of_the_corpus_never_panic() {
    replay("vacancy_csv", targets::vacancy_csv);
}

#[test]
fn vacancy_json_files_of_the_corpus_never_panic() {
    replay("vacancy_json", targets::vacancy_json);
}

#[test]
fn queries_of_the_corpus_never_panic() {
    replay("search_query", targets::search_query);
}

#[test]
fn damaged_files_of_the_corpus_never_panic() {
    replay("reader", targets::reader);
}
