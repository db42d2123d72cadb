//! `bagdar search`: queries the bundled index in the output folder with tantivy, the
//! reference the browser's lean reader is held to, over the same files the browser reads.

use std::process::ExitCode;

use bagdar::index::SEARCH_DIR;
use bagdar::index::reference::Reference;
use bagdar_search::{Filters, Request};
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
    let built = folder.join(bagdar::index::directory::LISTING).is_file();
    let searcher = match Reference::open_folder(&folder) {
        Ok(searcher) => searcher,
        Err(error) => {
            eprintln!(
                "error: the search index in {} cannot be opened: {error}",
                folder.display()
            );
            let help = if built {
                "rebuild the site"
            } else {
                "build the site first"
            };
            eprintln!(
                "  = help: {help}: bagdar build --root {}",
                args.root.display()
            );
            return ExitCode::from(1);
        }
    };
    // An edition searches as its base language and shows Kazakh hits in its script.
    let (lang, script) = match args.lang.as_deref().and_then(|l| l.split_once('-')) {
        Some((base, script)) => (
            Some(base.to_owned()),
            bagdar_script::Script::from_code(script),
        ),
        None => (args.lang, None),
    };
    let request = Request {
        query: args.query,
        lang,
        filters: Filters {
            kind: args.kind,
            region: args.region,
            lang: None,
        },
        limit: args.limit,
    };
    let hits = match searcher.search(&request) {
        Ok(response) => match script {
            Some(script) => response.hits.iter().map(|h| h.in_script(script)).collect(),
            None => response.hits,
        },
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
