//! `bagdar search`: queries the bundled index in the output folder, through the same runtime
//! and the same files the browser uses.

use std::process::ExitCode;

use bagdar::index::SEARCH_DIR;
use bagdar_search::bundle::{CHUNKS_DIR, MANIFEST};
use bagdar_search::{Filters, FolderSource, Manifest, Request, Searcher};
use serde::Serialize;

use crate::cli::SearchArgs;

#[derive(Serialize)]
struct JsonHit<'a> {
    url: &'a str,
    title: &'a str,
    section: Option<&'a str>,
    lang: &'a str,
    kind: &'a str,
    score: f32,
}

/// Runs one query and prints the hits.
pub(crate) fn run(args: SearchArgs) -> ExitCode {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.root.join("public"));
    let folder = output.join(SEARCH_DIR);
    let manifest_path = folder.join(MANIFEST);
    let manifest: Manifest = match std::fs::read(&manifest_path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
    {
        Ok(manifest) => manifest,
        Err(error) => {
            eprintln!("error: {}: {error}", manifest_path.display());
            eprintln!(
                "  = help: build the site first: bagdar build --root {}",
                args.root.display()
            );
            return ExitCode::from(1);
        }
    };
    let searcher = match Searcher::open(manifest, Box::new(FolderSource(folder.join(CHUNKS_DIR)))) {
        Ok(searcher) => searcher,
        Err(error) => {
            eprintln!(
                "error: the search index in {} cannot be opened: {error}",
                folder.display()
            );
            eprintln!(
                "  = help: rebuild the site: bagdar build --root {}",
                args.root.display()
            );
            return ExitCode::from(1);
        }
    };
    let request = Request {
        query: args.query,
        lang: args.lang,
        filters: Filters {
            kind: args.kind,
            region: args.region,
            ..Filters::default()
        },
        limit: args.limit,
    };
    let hits = match searcher.search(&request) {
        Ok(hits) => hits,
        Err(error) => {
            eprintln!("error: the search failed: {error}");
            return ExitCode::from(1);
        }
    };
    if args.stats {
        let (chunks, bytes) = searcher.fetched();
        eprintln!("read {chunks} chunks, {bytes} bytes of the index");
    }
    if args.json {
        let rows: Vec<JsonHit<'_>> = hits
            .iter()
            .map(|h| JsonHit {
                url: &h.url,
                title: &h.title,
                section: h.section.as_deref(),
                lang: &h.lang,
                kind: &h.kind,
                score: h.score,
            })
            .collect();
        match serde_json::to_string_pretty(&rows) {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(1);
            }
        }
        return ExitCode::SUCCESS;
    }
    if hits.is_empty() {
        println!("No results.");
    }
    for (i, hit) in hits.iter().enumerate() {
        let section = hit
            .section
            .as_deref()
            .map(|s| format!(" — {s}"))
            .unwrap_or_default();
        println!(
            "{:>2}. {}{section}  [{}, {}]  {:.2}",
            i + 1,
            hit.title,
            hit.kind,
            hit.lang,
            hit.score
        );
        println!("    /{}", hit.url);
    }
    ExitCode::SUCCESS
}
