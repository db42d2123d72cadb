//! The output folder's hard edges: a `public` that is a symlink, two builds at once, a build
//! killed between the two renames of the fallback swap, and a spare whose files are hard-linked
//! elsewhere.

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::{Site, snapshot, stderr};

/// The names beside `dir` that start with `.<name>.bagdar-`.
fn bagdar_siblings(dir: &Path) -> Vec<String> {
    let name = dir
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let prefix = format!(".{name}.bagdar-");
    let mut found: Vec<String> = std::fs::read_dir(dir.parent().expect("parent"))
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect();
    found.sort();
    found
}

#[test]
fn a_public_that_is_a_symlink_is_built_beside_its_target_and_stays_a_link() {
    let site = Site::fixture("site");
    let real = site.tmp.path().join("www/portal");
    std::fs::create_dir_all(real.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(&real, site.output()).expect("symlink");
    let keep = site.tmp.path().join("www/other.txt");
    std::fs::write(&keep, "not the site's").expect("write");
    for _ in 0..3 {
        site.build_ok(&[]);
        let link = std::fs::symlink_metadata(site.output()).expect("stat");
        assert!(link.file_type().is_symlink(), "public is still the link");
        assert!(
            real.join("index.html").is_file(),
            "the site is in the link's target"
        );
        assert!(real.join(".bagdar-output").is_file());
    }
    assert_eq!(
        std::fs::read_to_string(&keep).expect("read"),
        "not the site's"
    );
    assert!(
        bagdar_siblings(&site.output()).is_empty(),
        "nothing of the build beside the link: {:?}",
        bagdar_siblings(&site.output())
    );
    assert!(
        !bagdar_siblings(&real).is_empty(),
        "the spare is beside the target"
    );
}

#[test]
fn a_second_build_of_the_same_output_waits_for_the_lock_or_says_why_it_stops() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    // Hold the lock as a running build or `serve` would.
    let lock_path = site.root.join(".public.bagdar-lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .expect("open the lock");
    lock.lock().expect("take the lock");
    let before = snapshot(&site.output());
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("another bagdar build or serve is writing"),
        "{}",
        stderr(&out)
    );
    assert!(
        before == snapshot(&site.output()),
        "the output is left alone"
    );
    lock.unlock().expect("unlock");
    site.build_ok(&[]);
}

#[test]
fn a_build_killed_between_the_two_renames_loses_no_site() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    let before = snapshot(&out);
    // What a build killed after `public` → `.public.bagdar-old-<pid>` and before the staged
    // folder took its place leaves.
    let old = site.root.join(".public.bagdar-old-4242");
    std::fs::rename(&out, &old).expect("rename");
    // A build that fails on content must still leave the previous site in place.
    let guide = site.root.join("content/guides/alpha.en.md");
    let text = std::fs::read_to_string(&guide).expect("read");
    std::fs::write(&guide, text.replace("title:", "titel:")).expect("write");
    let failed = site.build(&[]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(
        out.is_dir(),
        "the previous site is back: {:?}",
        bagdar_siblings(&out)
    );
    assert!(before == snapshot(&out), "byte for byte");
    assert!(!old.exists());
}

#[test]
fn files_of_the_spare_hard_linked_elsewhere_are_replaced_not_changed() {
    let site = Site::fixture("site");
    site.build_ok(&[]);
    site.build_ok(&[]);
    // The spare now holds the first build; link one of its pages into a "snapshot".
    let spare = site.root.join(".public.bagdar-spare");
    let page = spare.join("en/guides/alpha/index.html");
    let snapshot_copy = site.tmp.path().join("snapshot-alpha.html");
    std::fs::hard_link(&page, &snapshot_copy).expect("hard link");
    let kept = std::fs::read(&snapshot_copy).expect("read");
    let guide = site.root.join("content/guides/alpha.en.md");
    let text = std::fs::read_to_string(&guide).expect("read");
    std::fs::write(&guide, format!("{text}\n\nA new paragraph.\n")).expect("write");
    let out = site.build_ok(&[]);
    assert!(
        std::fs::read_to_string(out.join("en/guides/alpha/index.html"))
            .expect("read")
            .contains("A new paragraph.")
    );
    assert_eq!(
        std::fs::read(&snapshot_copy).expect("read"),
        kept,
        "the hard-linked copy is unchanged"
    );
    assert_eq!(
        std::fs::metadata(&snapshot_copy).expect("stat").nlink(),
        1,
        "the new page is a new file"
    );
}
