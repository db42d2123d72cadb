//! The bad-input catalogue: every kind of broken or hostile file an editor or a vacancy feed can
//! hand Bagdar, one case each, with the exact report the build must give.
//!
//! A case is the small site in `tests/fixtures/catalogue/_base` (one guide, one region, one CSV
//! and one JSON vacancy file, the default theme), with the files of
//! `tests/fixtures/catalogue/<case>/` laid over it, and then changed by the case's `setup` where
//! a file cannot be committed as it is (50 MB files, symlinks, bytes that are not UTF-8, control
//! characters in file names, CRLF and byte-order marks that editors would normalise).
//!
//! Every case must: exit with status 1, print exactly the expected `file:line:column:
//! error[code]: message` lines, never panic, finish before a 60-second timeout kills it, stay
//! within 2 GiB of address space, and leave no output folder and no staging folder behind.
//! Cases already covered by `bad_input.rs` and `data.rs` (a bad date in a guide or a CSV, a
//! CSV row with an unknown region, invalid UTF-8 in a guide or a CSV, a symlink out of the root,
//! a missing `title`, an unknown key) are not repeated here.

#[path = "catalogue/cases.rs"]
mod cases;
mod common;

use std::path::Path;
use std::process::{Command, Output};

use cases::{CASES, Case, nothing};
use common::copy_tree;

/// The catalogue's folder.
fn catalogue() -> std::path::PathBuf {
    common::repo().join("tests/fixtures/catalogue")
}

/// The base site with the case laid over it, in a fresh temporary folder.
fn site(case: &Case) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    copy_tree(
        &common::repo().join("themes/default"),
        &root.join("themes/default"),
    );
    copy_tree(&catalogue().join("_base"), &root);
    let own = catalogue().join(case.name);
    if own.is_dir() {
        copy_tree(&own, &root);
    }
    (case.setup)(&root);
    tmp
}

/// `bagdar build` on `root`, killed after 60 seconds and limited to 2 GiB of address space, so
/// a hang or a runaway allocation fails the test instead of the machine.
fn bounded_build(root: &Path) -> Output {
    Command::new("timeout")
        .args(["--signal=KILL", "60", "prlimit", "--as=2147483648", "--"])
        .arg(env!("CARGO_BIN_EXE_bagdar"))
        .args(["build", "--root"])
        .arg(root)
        .args(["--today", "2026-11-23"])
        .output()
        .expect("run timeout, prlimit and bagdar")
}

#[test]
fn the_base_site_builds() {
    let tmp = site(&Case {
        name: "_base",
        setup: nothing,
        errors: &[],
    });
    let root = tmp.path().join("site");
    let out = bounded_build(&root);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(root.join("public/en/guides/quota/index.html").is_file());
}

#[test]
fn every_bad_input_is_reported_exactly_promptly_and_without_output() {
    let mut failures = Vec::new();
    for case in CASES {
        let tmp = site(case);
        let root = tmp.path().join("site");
        let out = bounded_build(&root);
        let report = common::stderr(&out);
        let errors: Vec<&str> = report.lines().filter(|l| l.contains(": error[")).collect();
        let leftovers: Vec<String> = std::fs::read_dir(&root)
            .expect("the site")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n == "public" || n.contains("bagdar-staging") || n.contains("bagdar-old"))
            .collect();
        let mut wrong = Vec::new();
        if out.status.code() != Some(1) {
            wrong.push(format!(
                "exit status {:?} (killed by the timeout or a limit when None)",
                out.status.code()
            ));
        }
        if report.contains("panicked") {
            wrong.push("it panicked".to_owned());
        }
        if errors != case.errors {
            wrong.push(format!("errors {errors:#?}"));
        }
        if !leftovers.is_empty() {
            wrong.push(format!("left {leftovers:?}"));
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}\n{report}", case.name, wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_case_folder_is_in_the_catalogue() {
    let listed: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    for entry in std::fs::read_dir(catalogue())
        .expect("the catalogue")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            name == "_base" || listed.contains(&name.as_str()),
            "tests/fixtures/catalogue/{name} is not a case of tests/catalogue.rs"
        );
    }
}
