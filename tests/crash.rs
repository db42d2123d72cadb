//! Crash safety: a build stopped abruptly at any point of its writing leaves the previous output
//! exactly as it was (or, after the swap, the new one), and the next build succeeds (whatever
//! staging folders the stopped ones left behind).

mod common;

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The signal number of SIGABRT on Linux (what a build stopped at a kill point dies of).
const SIGABRT: i32 = 6;

use common::{Site, snapshot};

/// `bagdar build` on the site, stopped abruptly at `kill_at` (see `BAGDAR_TEST_KILL_AT` in
/// src/output.rs), started and not waited for.
fn spawn_build(site: &Site, extra: &[&str], kill_at: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_bagdar"))
        .env("BAGDAR_TEST_KILL_AT", kill_at)
        .args(["build", "--root"])
        .arg(&site.root)
        .args(["--today", "2026-11-23"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start bagdar")
}

/// The hidden folders beside the output that builds write into (not the spare, the site
/// kept for the next build to write over).
fn staging_folders(site: &Site) -> Vec<PathBuf> {
    std::fs::read_dir(&site.root)
        .expect("the site")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with(".public.bagdar-") && n != ".public.bagdar-spare"
                })
        })
        .collect()
}

/// Changes one guide, so a build that completes writes a site that differs from the previous.
fn edit_a_guide(root: &Path) {
    let guide = root.join("content/guides/quota.en.md");
    let text = std::fs::read_to_string(&guide).expect("read");
    std::fs::write(
        &guide,
        format!("{text}\nA paragraph added after the first build.\n"),
    )
    .expect("write");
}

#[test]
fn a_killed_build_leaves_the_previous_output_byte_for_byte() {
    let site = Site::fixture("data_site");
    site.build_ok(&[]);
    let before: BTreeMap<PathBuf, Vec<u8>> = snapshot(&site.output());

    // What a build that runs to the end writes now, to tell it from the previous output.
    edit_a_guide(&site.root);
    let expected = site.tmp.path().join("expected");
    let out = site.build(&["--output", expected.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let after = snapshot(&expected);
    assert_ne!(before, after, "the edit changes the output");

    // Stop points from the staging folder's creation to after the swap: the build aborts
    // there (no destructor, no cleanup, as under SIGKILL). Every file of the new site is one
    // write (its marker first).
    let files = after.len();
    let mut points = vec!["staging".to_owned()];
    points.extend([1, 2, files / 4, files / 2, files - 1, files].map(|n| format!("write:{n}")));
    points.extend(["commit".to_owned(), "swapped".to_owned()]);
    for point in &points {
        let status = spawn_build(&site, &[], point)
            .wait()
            .expect("wait for bagdar");
        assert_eq!(
            status.signal(),
            Some(SIGABRT),
            "the build stopped at {point}: {status}"
        );
        let now = snapshot(&site.output());
        assert!(
            now == before || now == after,
            "stopped at {point}: the output is neither the previous site nor the new one"
        );
        // Before the swap the previous site stays; after it, the new one is in place. Never a
        // mixture (checked above). Put the previous one back, so every point starts alike.
        if point == "swapped" {
            assert!(now == after, "after the swap the new site is served");
            restore(&site, &before);
        } else {
            assert!(
                now == before,
                "stopped at {point}, before the swap: the previous site"
            );
        }
    }

    // The next build succeeds, writes the new site and clears what killed builds left.
    let out = site.build(&[]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_eq!(snapshot(&site.output()), after);
    assert_eq!(staging_folders(&site), Vec::<PathBuf>::new());
}

#[test]
fn leftover_staging_folders_do_not_break_the_next_build() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    for leftover in [".public.bagdar-staging-1", ".public.bagdar-old-2"] {
        let dir = site.root.join(leftover).join("en/guides");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("index.html"), "half a page").expect("write");
    }
    let out = site.build(&[]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_eq!(staging_folders(&site), Vec::<PathBuf>::new());
    assert!(site.output().join("en/guides/index.html").is_file());
}

#[test]
fn a_tampered_spare_never_reaches_the_output_or_outside_it() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    site.build_ok(&[]);
    let spare = site.root.join(".public.bagdar-spare");
    assert!(
        spare.join("en/guides/index.html").is_file(),
        "the second build kept a spare"
    );
    let expected = snapshot(&site.output());

    // A page cut short, a page changed to the same length, a file no site has, a folder
    // where a page must be, a file where a folder must be, and symlinks leading out.
    let outside = site.tmp.path().join("outside.html");
    std::fs::write(&outside, "not bagdar's").expect("write");
    let page = spare.join("en/guides/index.html");
    let text = std::fs::read(&page).expect("read");
    std::fs::write(&page, &text[..text.len() / 2]).expect("write");
    let home = spare.join("en/index.html");
    let mut same_length = std::fs::read(&home).expect("read");
    same_length[0] ^= 1;
    std::fs::write(&home, same_length).expect("write");
    std::fs::write(spare.join("stale.html"), "gone").expect("write");
    std::fs::remove_file(spare.join("ru/index.html")).expect("rm");
    std::fs::create_dir(spare.join("ru/index.html")).expect("mkdir");
    std::fs::remove_dir_all(spare.join("kk/guides")).expect("rm");
    std::fs::write(spare.join("kk/guides"), "a file where a folder was").expect("write");
    std::os::unix::fs::symlink(&outside, spare.join("404.html.tmp")).expect("symlink");
    std::fs::remove_file(spare.join("404.html")).expect("rm");
    std::os::unix::fs::symlink(&outside, spare.join("404.html")).expect("symlink");

    site.build_ok(&[]);
    assert!(
        snapshot(&site.output()) == expected,
        "the output equals a clean build"
    );
    assert_eq!(
        std::fs::read_to_string(&outside).expect("read"),
        "not bagdar's"
    );
    assert_eq!(staging_folders(&site), Vec::<PathBuf>::new());
}

/// Puts the output back to `files`, as the test's starting point for the next kill.
fn restore(site: &Site, files: &BTreeMap<PathBuf, Vec<u8>>) {
    let output = site.output();
    std::fs::remove_dir_all(&output).expect("remove the output");
    for (rel, bytes) in files {
        let path = output.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
}
