//! `bagdar search` on a built fixture site: the JSON contract, filters, hostile queries, and
//! the spellings of one word finding the same page.

mod common;

use common::{Site, bagdar, stderr};
use serde_json::Value;

fn search(site: &Site, args: &[&str]) -> Vec<Value> {
    let root = site.root.to_str().expect("utf-8");
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend(["--root", root, "--json"]);
    let out = bagdar(&all);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("a JSON array")
}

#[test]
fn json_hits_have_the_documented_fields() {
    let site = Site::fixture("data_site");
    site.build_ok(&[]);
    let hits = search(&site, &["Pavlodar", "--lang", "en"]);
    assert!(!hits.is_empty());
    for hit in &hits {
        let object = hit.as_object().expect("object");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["kind", "lang", "score", "section", "title", "url"]);
    }
    assert_eq!(hits[0]["url"], "en/regions/pavlodar/");
    assert_eq!(hits[0]["kind"], "region");
}

#[test]
fn every_spelling_finds_the_region() {
    let site = Site::fixture("data_site");
    site.build_ok(&[]);
    for query in [
        "Жетісу",
        "Жетысу",
        "Jetisu",
        "Zhetysu",
        "Жетысуская",
        "жетісуға",
    ] {
        let hits = search(&site, &[query, "--lang", "ru", "--kind", "region"]);
        assert_eq!(
            hits.first().map(|h| h["url"].clone()),
            Some(Value::from("ru/regions/jetisu/")),
            "{query}"
        );
    }
}

#[test]
fn filters_restrict_kind_region_and_the_reader_language_comes_first() {
    let site = Site::fixture("data_site");
    site.build_ok(&[]);
    let vacancies = search(&site, &["врач", "--kind", "vacancy", "--limit", "500"]);
    // Every row of the fixture's export that names the word, once per language of the site.
    let export = std::fs::read_to_string(site.root.join("content/vacancies/vacancies.csv"))
        .expect("read the export");
    let rows = export
        .lines()
        .filter(|l| l.to_lowercase().contains("врач"))
        .count();
    assert_eq!(rows, 25, "the fixture as written");
    assert_eq!(vacancies.len(), rows * 3);
    assert!(vacancies.iter().all(|h| h["kind"] == "vacancy"));
    let jetisu = search(&site, &["Образец", "--region", "jetisu", "--lang", "kk"]);
    assert!(!jetisu.is_empty());
    assert!(
        jetisu.iter().all(|h| h["url"]
            .as_str()
            .is_some_and(|u| u.contains("xss-1") || u.contains("j-1") || u.contains("jetisu"))),
        "{jetisu:?}"
    );
    let hits = search(&site, &["Pavlodar", "--lang", "kk"]);
    let langs: Vec<&str> = hits.iter().filter_map(|h| h["lang"].as_str()).collect();
    let first_other = langs.iter().position(|l| *l != "kk").unwrap_or(langs.len());
    assert!(first_other > 0, "a Kazakh result first: {langs:?}");
    assert!(
        langs[first_other..].iter().all(|l| *l != "kk"),
        "kk results first: {langs:?}"
    );
}

#[test]
fn queries_that_do_not_parse_are_answered_as_plain_words() {
    let site = Site::fixture("data_site");
    site.build_ok(&[]);
    for query in [
        "((**",
        "\"",
        "-",
        "\"unclosed phrase",
        "a AND OR NOT",
        "field:value",
        "*",
        "\u{202e}",
        "💥",
        "",
    ] {
        let _ = search(&site, &[query]);
    }
    let excluded = search(&site, &["Doctor -Doctor"]);
    assert!(
        excluded.is_empty(),
        "a word and its exclusion find nothing: {excluded:?}"
    );
    let phrase = search(&site, &["\"Doctor 3\"", "--lang", "en"]);
    assert_eq!(
        phrase.first().map(|h| h["url"].clone()),
        Some(Value::from("en/vacancies/p-003/"))
    );
}

#[test]
fn a_missing_or_damaged_index_is_a_clear_error() {
    let site = Site::fixture("data_site");
    let root = site.root.to_str().expect("utf-8");
    let out = bagdar(&["search", "x", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("build the site first"),
        "{}",
        stderr(&out)
    );
    let output = site.build_ok(&[]);
    let chunks = output.join("search/chunks");
    let files: Vec<_> = std::fs::read_dir(&chunks)
        .expect("chunks")
        .flatten()
        .collect();
    // Every file cut short: a compressed one is not valid gzip any more, a plain one does not
    // match its name.
    for entry in &files {
        let bytes = std::fs::read(entry.path()).expect("chunk");
        std::fs::write(entry.path(), &bytes[..bytes.len() / 2]).expect("truncate");
    }
    let out = bagdar(&["search", "Pavlodar", "--root", root]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains("not valid gzip") || message.contains("cut short, damaged"),
        "{message}"
    );
    assert!(message.contains("rebuild"), "{message}");
    // Every file replaced by another of valid gzip: it does not match its name.
    for entry in &files {
        let other = bagdar::index::compress::encode(b"C another build's bytes");
        std::fs::write(entry.path(), other).expect("replace");
    }
    let out = bagdar(&["search", "Pavlodar", "--root", root]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("does not match its name"),
        "{}",
        stderr(&out)
    );
}
