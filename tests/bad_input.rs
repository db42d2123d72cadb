//! Bad content: each fixture under tests/fixtures/bad_* has one kind of mistake, and the build
//! must name the file, line and column, explain the fix, exit 1 and write nothing.

mod common;

use common::{Site, stderr};

/// (fixture, the exact first line of the report, a phrase of the hint).
const CASES: &[(&str, &str, &str)] = &[
    (
        "bad_missing_title",
        "content/guides/no-title.kk.md:1:1: error[front-matter]: missing field `title`",
        "add `title: …`",
    ),
    (
        "bad_yaml",
        "content/guides/broken.kk.md:2:8: error[front-matter]: unclosed quote",
        "",
    ),
    (
        "bad_unknown_key",
        "content/guides/typo.kk.md:3:1: error[front-matter]: unknown field `titel`, expected one of title, summary, reviewed, sources, order, tags, changes, date, regions, sample",
        "did you mean `title`?",
    ),
    (
        "bad_date",
        "content/guides/bad-date.kk.md:3:11: error[front-matter]: invalid date `2026-02-30`: there is no such day in the calendar; write dates as YYYY-MM-DD, e.g. 2026-11-23",
        "",
    ),
    (
        "bad_script",
        "content/guides/script.kk.md:8:1: error[script-in-guide]: `<script>` is not allowed in guides",
        "pages must work without JavaScript",
    ),
    (
        "bad_link",
        "content/guides/link.kk.md:6:10: error[broken-link]: the link `@/guides/nowhere` leads to no page",
        "@/guides/<slug>",
    ),
];

#[test]
fn each_bad_input_is_reported_at_its_exact_place() {
    for (fixture, first_line, hint) in CASES {
        let site = Site::fixture(fixture);
        let out = site.build(&[]);
        let report = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{fixture}: {report}");
        assert_eq!(
            report.lines().next(),
            Some(*first_line),
            "{fixture}:\n{report}"
        );
        assert!(
            report.contains(hint),
            "{fixture}: hint `{hint}` missing:\n{report}"
        );
        assert!(!site.output().exists(), "{fixture}: nothing is written");
        assert!(!report.contains("panicked"), "{fixture}");
    }
}

#[test]
fn a_ui_string_missing_in_one_language_names_the_key_and_the_file() {
    // The fixture has two languages; the Russian strings lose one key here rather than in a
    // stored copy, so the test follows the theme as it grows.
    let site = Site::fixture("bad_i18n_key");
    common::drop_ui_string(&site, "ru", "sources");
    let out = site.build(&[]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert_eq!(
        report.lines().next(),
        Some(
            "themes/default/i18n/ru.yaml: error[missing-ui-string]: missing key `sources` (it is defined in kk.yaml)"
        ),
        "{report}"
    );
    assert!(report.contains("add `sources: …` in Русский"), "{report}");
    assert!(!site.output().exists());
}

/// Changes the line `key: …` (with the lines of its plural forms) of every language's i18n
/// file of the site's theme by `change`.
fn edit_ui_string(site: &Site, key: &str, change: &dyn Fn(&str) -> String) {
    for lang in ["kk", "ru", "en"] {
        let file = site.root.join(format!("themes/default/i18n/{lang}.yaml"));
        let text = std::fs::read_to_string(&file).expect("i18n file");
        let mut lines = text.lines().peekable();
        let mut out = Vec::new();
        while let Some(line) = lines.next() {
            if !line.starts_with(&format!("{key}:")) {
                out.push(line.to_owned());
                continue;
            }
            let mut entry = line.to_owned();
            while let Some(form) = lines.next_if(|l| l.starts_with(' ')) {
                entry.push('\n');
                entry.push_str(form);
            }
            out.push(change(&entry));
        }
        std::fs::write(&file, out.join("\n")).expect("write");
    }
}

#[test]
fn a_ui_string_that_only_bagdar_itself_prints_is_required_in_every_language() {
    // The menu's "Guides" is printed by Bagdar's code, not by a template: a theme that lacked
    // it in every language would show the bare key `nav_guides` in the menu of every page.
    let site = Site::fixture("site");
    edit_ui_string(&site, "nav_guides", &|_| String::new());
    let out = site.build(&[]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let errors: Vec<&str> = report.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(
        errors,
        ["en", "kk", "ru"].map(|lang| format!(
            "themes/default/i18n/{lang}.yaml: error[missing-ui-string]: missing key `nav_guides`, which Bagdar prints on its pages"
        )),
        "{report}"
    );
    assert!(
        report.contains("add `nav_guides: …` in Қазақша"),
        "{report}"
    );
    assert!(!site.output().exists());
}

#[test]
fn a_counted_string_that_bagdar_itself_counts_must_have_plural_forms() {
    let site = Site::fixture("site");
    edit_ui_string(&site, "result_count", &|_| {
        "result_count: \"{n}\"".to_owned()
    });
    let out = site.build(&[]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let first = report.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("themes/default/i18n/en.yaml:")
            && first.ends_with(
                ": error[ui-string]: `result_count` must have plural forms: Bagdar counts with it"
            ),
        "{report}"
    );
    assert!(!site.output().exists());
}

#[test]
fn all_problems_are_listed_in_one_run() {
    let site = Site::fixture("bad_many");
    let out = site.build(&[]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    let locations: Vec<&str> = report.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(
        locations,
        [
            "content/guides/four.kk.md:4:1: error[front-matter]: source `x` has an invalid URL `ftp://x`",
            "content/guides/three.kk.md:1:1: error[front-matter]: missing `reviewed` date",
            "content/guides/two.kk.md:2:1: error[front-matter]: `title` is empty",
        ],
        "{report}"
    );
    assert!(report.contains("3 problem(s)"), "{report}");
}

#[test]
fn the_report_shows_the_offending_line_underlined() {
    let site = Site::fixture("bad_date");
    let report = stderr(&site.build(&[]));
    assert!(report.contains("3 | reviewed: 2026-02-30\n"), "{report}");
    assert!(report.contains("  |           ^^^^^^^^^^\n"), "{report}");
}

#[test]
fn crlf_files_and_a_byte_order_mark_are_accepted() {
    let site = Site::fixture("site");
    let guide = site.root.join("content/guides/alpha.en.md");
    let text = std::fs::read_to_string(&guide).expect("read");
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    std::fs::write(&guide, crlf).expect("write");
    site.build_ok(&[]);
    let doc = common::parse(&site.output().join("en/guides/alpha/index.html"));
    assert_eq!(common::texts(&doc, "main h1"), ["Qandas status"]);
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let site = Site::fixture("site");
    let guide = site.root.join("content/guides/alpha.en.md");
    let mut bytes = std::fs::read(&guide).expect("read");
    let at = bytes
        .windows(5)
        .position(|w| w == b"Short")
        .expect("summary");
    bytes[at] = 0xff;
    std::fs::write(&guide, bytes).expect("write");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let report = stderr(&out);
    assert!(
        report.starts_with(
            "content/guides/alpha.en.md:3:11: error[unreadable-file]: the file is not valid UTF-8 text"
        ),
        "{report}"
    );
}

#[test]
fn files_read_directly_and_folders_above_the_walks_stay_inside_the_root() {
    // Each case: a site whose file (or folder) at `place` is a symlink to a copy outside the
    // root; the build must refuse it, naming the place.
    let cases: [(&str, &str); 4] = [
        ("bagdar.yaml", "bagdar.yaml"),
        ("themes/default/i18n/en.yaml", "themes/default/i18n/en.yaml"),
        (
            "content/vacancies/categories.yaml",
            "content/vacancies/categories.yaml",
        ),
        ("content/guides", "content/guides"),
    ];
    for (place, reported) in cases {
        let site = Site::fixture("data_site");
        let original = site.root.join(place);
        let outside = site.tmp.path().join("outside").join(place);
        std::fs::create_dir_all(outside.parent().expect("parent")).expect("mkdir");
        std::fs::rename(&original, &outside).expect("move out");
        std::os::unix::fs::symlink(&outside, &original).expect("symlink");
        let out = site.build(&[]);
        assert_eq!(out.status.code(), Some(1), "{place}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!(
                "{reported}: error[unreadable-file]: this path leads outside the site root"
            )),
            "{place}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_static_file_over_the_size_limit_is_refused() {
    let site = Site::fixture("site");
    let big = site.root.join("static/video.mp4");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(17 * 1024 * 1024).expect("grow");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("static/video.mp4: error[unreadable-file]: the file is 17825792 bytes; the limit is 16777216 bytes"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn symlinks_out_of_the_root_are_not_followed() {
    let site = Site::fixture("site");
    let outside = site.tmp.path().join("secret.kk.md");
    std::fs::write(
        &outside,
        "---\ntitle: \"Secret\"\nreviewed: 2026-01-01\n---\nsecret\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(&outside, site.root.join("content/guides/secret.kk.md"))
        .expect("symlink");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "content/guides/secret.kk.md: error[unreadable-file]: this symlink leads outside the site root"
        ),
        "{}",
        stderr(&out)
    );
}
