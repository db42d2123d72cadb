//! `bagdar check`: every fixture under tests/fixtures/check_* has one kind of finding; the
//! check must report it with its exact place, severity and code, exit 1 only for errors, and
//! write nothing.

mod common;

use std::process::Output;

use common::{Site, bagdar, snapshot};
use serde_json::Value;

/// (file, line, column, severity, code) of one finding.
type Finding = (String, Option<u64>, Option<u64>, String, String);

/// `bagdar check --root ROOT --today 2026-11-23` plus `extra`.
fn check(root: &std::path::Path, extra: &[&str]) -> Output {
    let root = root.to_str().expect("utf-8 path");
    let mut args = vec!["check", "--root", root, "--today", "2026-11-23"];
    args.extend_from_slice(extra);
    bagdar(&args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the check with `--format json` and parses its JSON Lines.
fn findings(root: &std::path::Path) -> (Option<i32>, Vec<Value>) {
    let out = check(root, &["--format", "json"]);
    let text = stdout(&out);
    let rows = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    (out.status.code(), rows)
}

fn places(rows: &[Value]) -> Vec<Finding> {
    rows.iter()
        .map(|row| {
            (
                row["file"].as_str().unwrap_or_default().to_owned(),
                row["line"].as_u64(),
                row["column"].as_u64(),
                row["severity"].as_str().unwrap_or_default().to_owned(),
                row["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn at(file: &str, line: u64, column: u64, severity: &str, code: &str) -> Finding {
    (
        file.to_owned(),
        Some(line),
        Some(column),
        severity.to_owned(),
        code.to_owned(),
    )
}

fn whole_file(file: &str, severity: &str, code: &str) -> Finding {
    (
        file.to_owned(),
        None,
        None,
        severity.to_owned(),
        code.to_owned(),
    )
}

#[test]
fn broken_plain_links_and_anchors_are_errors_at_their_place() {
    let site = Site::fixture("check_links");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(1), "{rows:?}");
    let file = "content/guides/links.kk.md";
    assert_eq!(
        places(&rows),
        [
            at(file, 7, 10, "error", "broken-link"),
            at(file, 8, 12, "error", "missing-anchor"),
            at(file, 9, 12, "error", "broken-link"),
            at(file, 10, 14, "error", "missing-anchor"),
            at(file, 12, 50, "error", "broken-link"),
        ],
        "{rows:#?}"
    );
    assert_eq!(
        rows[0]["message"],
        "`../nowhere/` leads to no page or file of the site"
    );
    assert_eq!(
        rows[1]["message"],
        "`#nope` is not an id on the page /kk/guides/target/"
    );
    assert!(rows.iter().all(|r| r["hint"].is_string()), "{rows:#?}");
}

#[test]
fn text_output_shows_the_offending_line_underlined() {
    let site = Site::fixture("check_links");
    let out = check(&site.root, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with(
            "content/guides/links.kk.md:7:10: error[broken-link]: `../nowhere/` leads to no page or file of the site\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("7 | Жоқ бет: [бет](../nowhere/).\n"),
        "{text}"
    );
    assert!(
        text.contains("  |          ^^^^^^^^^^^^^^^^^^^\n"),
        "{text}"
    );
    assert!(
        text.ends_with("check: 5 error(s), 0 warning(s)\n"),
        "{text}"
    );
}

#[test]
fn stale_guides_are_warnings_after_the_configured_months() {
    // stale_after_months: 6; old.kk.md was reviewed exactly six months before --today,
    // fresh.kk.md a day later.
    let site = Site::fixture("check_stale");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(0), "warnings alone pass: {rows:?}");
    assert_eq!(
        places(&rows),
        [at(
            "content/guides/old.kk.md",
            4,
            11,
            "warning",
            "stale-guide"
        )],
        "{rows:#?}"
    );
    let text = stdout(&check(&site.root, &[]));
    assert!(text.contains("4 | reviewed: 2026-05-23\n"), "{text}");
    assert!(text.contains("  |           ^^^^^^^^^^\n"), "{text}");
}

#[test]
fn missing_translations_are_warnings_and_the_table_shows_coverage() {
    let site = Site::fixture("check_translations");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(0), "{rows:?}");
    assert_eq!(
        places(&rows),
        [
            whole_file(
                "content/guides/russian-only.ru.md",
                "warning",
                "missing-translation"
            ),
            whole_file(
                "content/guides/russian-only.ru.md",
                "warning",
                "missing-translation"
            ),
            whole_file(
                "content/guides/sub/_index.kk.md",
                "warning",
                "missing-translation"
            ),
            whole_file(
                "content/guides/sub/inner.kk.md",
                "warning",
                "missing-translation"
            ),
        ],
        "{rows:#?}"
    );
    assert_eq!(
        rows[0]["message"],
        "`guides/russian-only` has no Қазақша translation"
    );
    let text = stdout(&check(&site.root, &[]));
    let table: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|l| !l.starts_with("Translations"))
        .take(6)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        table,
        [
            vec!["Translations", "kk", "ru", "en"],
            vec!["guides/", "kk", "ru", "en"],
            vec!["guides/full", "kk", "ru", "en"],
            vec!["guides/russian-only", "--", "ru", "--"],
            vec!["guides/sub/", "kk", "ru", "--"],
            vec!["guides/sub/inner", "kk", "ru", "--"],
        ],
        "{text}"
    );
}

#[test]
fn a_ui_string_missing_in_one_language_is_an_error() {
    // As in bad_input.rs: the Russian strings lose one key in the copy of the theme.
    let site = Site::fixture("bad_i18n_key");
    common::drop_ui_string(&site, "ru", "sources");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(1));
    assert_eq!(
        places(&rows),
        [
            whole_file(
                "content/guides/_index.kk.md",
                "warning",
                "missing-translation"
            ),
            whole_file("themes/default/i18n/ru.yaml", "error", "missing-ui-string"),
        ],
        "{rows:#?}"
    );
    assert_eq!(
        rows[1]["message"],
        "missing key `sources` (it is defined in kk.yaml)"
    );
}

#[test]
fn what_the_build_reports_the_check_reports_with_codes() {
    let site = Site::fixture("bad_data");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(1));
    let errors: Vec<Finding> = places(&rows)
        .into_iter()
        .filter(|f| f.3 == "error")
        .collect();
    let (regions, csv, json) = (
        "content/regions/broken.yaml",
        "content/vacancies/a.csv",
        "content/vacancies/c.json",
    );
    assert_eq!(
        errors,
        [
            at(regions, 6, 1, "error", "region-data"),
            at(csv, 3, 18, "error", "vacancy-data"),
            at(csv, 4, 11, "error", "vacancy-data"),
            at(csv, 5, 36, "error", "vacancy-data"),
            at(csv, 6, 57, "error", "vacancy-data"),
            at(csv, 7, 1, "error", "vacancy-data"),
            at(csv, 8, 1, "error", "vacancy-data"),
            at(csv, 9, 5, "error", "vacancy-data"),
            at("content/vacancies/b.csv", 1, 38, "error", "vacancy-data"),
            at(json, 3, 4, "error", "vacancy-data"),
            at(json, 4, 4, "error", "vacancy-data"),
            at(json, 5, 3, "error", "vacancy-data"),
            at(json, 5, 17, "error", "vacancy-data"),
        ],
        "{rows:#?}"
    );

    let site = Site::fixture("bad_many");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(1));
    assert_eq!(
        places(&rows),
        [
            at("content/guides/four.kk.md", 4, 1, "error", "front-matter"),
            at("content/guides/three.kk.md", 1, 1, "error", "front-matter"),
            at("content/guides/two.kk.md", 2, 1, "error", "front-matter"),
        ],
        "{rows:#?}"
    );

    let site = Site::fixture("bad_script");
    let (_, rows) = findings(&site.root);
    assert_eq!(
        places(&rows),
        [at(
            "content/guides/script.kk.md",
            8,
            1,
            "error",
            "script-in-guide"
        )]
    );
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::fixture("check_stale");
    let missing = site.tmp.path().join("no-such-site");
    assert_eq!(check(&missing, &[]).status.code(), Some(2));
    assert_eq!(
        check(&site.root, &["--format", "xml"]).status.code(),
        Some(2)
    );
    let root = site.root.to_str().expect("utf-8");
    let out = bagdar(&["check", "--root", root, "--today", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_writes_nothing() {
    let site = Site::fixture("check_links");
    let before = snapshot(site.tmp.path());
    check(&site.root, &[]);
    check(&site.root, &["--format", "json"]);
    assert_eq!(snapshot(site.tmp.path()), before);
    assert!(!site.output().exists());
    let entries: Vec<_> = std::fs::read_dir(&site.root)
        .expect("read root")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(entries.len(), 3, "no output or staging folder: {entries:?}");
}

#[test]
fn the_bundled_portal_checks_without_errors() {
    let (code, rows) = findings(&common::repo());
    assert_eq!(code, Some(0), "{rows:#?}");
    assert_eq!(
        places(&rows),
        [
            whole_file("bagdar.yaml", "warning", "feed-relative"),
            whole_file(
                "content/guides/starting-a-business.kk.md",
                "warning",
                "missing-translation"
            )
        ],
        "the portal is relative so that a copy works from any path, and its feeds say so; \
         starting-a-business has no English version on purpose: {rows:#?}"
    );
}

#[test]
fn avoided_terms_are_warnings_at_their_place_with_the_preferred_term() {
    // Each language's forms are looked for in its own guides and, in a region file, only in
    // the text under its key: not in `variants`, not in source titles, not in the other
    // language's text.
    let site = Site::fixture("check_terms");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(0), "warnings alone pass: {rows:?}");
    let (kk, ru, region) = (
        "content/guides/subsidy.kk.md",
        "content/guides/subsidy.ru.md",
        "content/regions/pavlodar.yaml",
    );
    assert_eq!(
        places(&rows),
        [
            at(kk, 2, 9, "warning", "avoided-term"),
            at(kk, 7, 8, "warning", "avoided-term"),
            at(kk, 7, 28, "warning", "avoided-term"),
            at(ru, 7, 15, "warning", "avoided-term"),
            at(region, 7, 16, "warning", "avoided-term"),
            at(region, 9, 8, "warning", "avoided-term"),
            at(region, 10, 8, "warning", "avoided-term"),
        ],
        "{rows:#?}"
    );
    assert_eq!(
        rows[0]["message"],
        "«Бір реттік» is a form to avoid; write «біржолғы субсидия»"
    );
    assert_eq!(
        rows[0]["hint"],
        "ресми термин (content/terms.yaml: «бір реттік»)"
    );
    assert_eq!(
        rows[1]["message"], "«фронт-кеңселері» is a form to avoid; write «фронт-офис»",
        "a `*` word takes its ending"
    );
    let text = stdout(&check(&site.root, &[]));
    assert!(
        text.starts_with(
            "content/guides/subsidy.kk.md:2:9: warning[avoided-term]: «Бір реттік» is a form to avoid; write «біржолғы субсидия»\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("2 | title: \"Бір реттік субсидия\"\n"),
        "{text}"
    );
    assert!(text.contains("  |         ^^^\n"), "{text}");
}

#[test]
fn a_bad_terms_file_is_an_error_at_its_line_and_column() {
    let site = Site::fixture("check_terms_bad");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(1), "{rows:?}");
    let terms = "content/terms.yaml";
    assert_eq!(
        places(&rows),
        [at(terms, 4, 5, "error", "terms-data")],
        "{rows:#?}"
    );
    assert_eq!(rows[0]["hint"], "did you mean `note`?");

    // A form that also matches the preferred term, and a `*` inside a word.
    let file = site.root.join(terms);
    std::fs::write(
        &file,
        "kk:\n  - prefer: \"біржолғы субсидия\"\n    avoid: [\"субсидия\", \"фронт*кеңсе\"]\n",
    )
    .expect("write");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(1), "{rows:?}");
    assert_eq!(
        places(&rows),
        [
            at(terms, 3, 13, "error", "terms-data"),
            at(terms, 3, 25, "error", "terms-data"),
        ],
        "{rows:#?}"
    );
    assert_eq!(
        rows[0]["message"],
        "«субсидия» also matches the preferred term «біржолғы субсидия», so every use of it would be reported"
    );

    // A language the site does not know is named where it is written.
    std::fs::write(&file, "kk: []\nde:\n  - {prefer: \"x\", avoid: [\"y\"]}\n").expect("write");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(1), "{rows:?}");
    assert_eq!(places(&rows)[0].0, terms, "{rows:#?}");
    assert_eq!(places(&rows)[0].1, Some(2), "{rows:#?}");
}

#[test]
fn the_editions_are_checked_as_written() {
    // Cyrillic left in code (never converted), a letter outside each script (ə), and a spelling
    // no Kazakh page uses.
    let site = Site::fixture("check_editions");
    let (code, rows) = findings(&site.root);
    assert_eq!(code, Some(0), "warnings alone pass: {rows:?}");
    let (arab, latn, spellings) = (
        "kk-arab/guides/names/index.html",
        "kk-latn/guides/names/index.html",
        "content/spellings.yaml",
    );
    let edition_rows: Vec<_> = places(&rows)
        .into_iter()
        .filter(|row| row.4 != "missing-translation")
        .collect();
    let codes: Vec<(&str, &str)> = edition_rows
        .iter()
        .map(|row| (row.0.as_str(), row.4.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            (spellings, "unused-spelling"),
            (arab, "edition-cyrillic"),
            (arab, "edition-cyrillic"),
            (arab, "edition-letter"),
            (latn, "edition-cyrillic"),
            (latn, "edition-cyrillic"),
            (latn, "edition-letter"),
        ],
        "{rows:#?}"
    );
    let message = |code: &str, file: &str| {
        rows.iter()
            .find(|r| r["code"] == code && r["file"] == file)
            .map(|r| r["message"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(
        message("unused-spelling", spellings),
        "no Kazakh page has the word `нұрсұлтан`"
    );
    assert_eq!(edition_rows[0].1, Some(4), "the unused spelling's line");
    assert_eq!(
        message("edition-letter", latn),
        "`ə` has a letter outside the kk-Latn script"
    );
    assert!(
        message("edition-cyrillic", arab).contains("бағдар"),
        "{rows:#?}"
    );
}
