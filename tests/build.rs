//! `bagdar build` on the `site` fixture: every page in every language, links that resolve from
//! any path, translations and fallbacks, and the output contract.

mod common;

use std::path::Path;

use common::{Site, attrs, bagdar, broken_links, html_files, parse, sel, snapshot, stderr, texts};

#[test]
fn every_guide_and_section_has_a_page_in_every_language() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    for lang in ["kk", "ru", "en"] {
        for page in [
            "",
            "guides/",
            "guides/alpha/",
            "guides/beta/",
            "guides/sub/",
            "guides/sub/gamma/",
        ] {
            let file = out.join(format!("{lang}/{page}index.html"));
            assert!(file.is_file(), "{} missing", file.display());
        }
    }
    assert!(out.join("index.html").is_file());
    assert!(out.join("404.html").is_file());
    assert!(out.join("sitemap.xml").is_file());
    assert!(out.join("style.css").is_file(), "theme static file copied");
    assert!(out.join("robots.txt").is_file(), "site static file copied");
}

#[test]
fn html_lang_matches_the_language_of_the_page() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    for page in html_files(&out) {
        let first = page
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let expected = match first.as_deref() {
            Some(lang @ ("kk" | "ru" | "en")) => lang.to_owned(),
            _ => "kk".to_owned(), // root pages use the default language
        };
        let doc = parse(&out.join(&page));
        assert_eq!(
            attrs(&doc, "html", "lang"),
            [expected],
            "{}",
            page.display()
        );
    }
}

#[test]
fn relative_links_resolve_from_any_path_on_the_host() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    // Relative links do not depend on where the copy is mounted: check two mount points.
    for base in ["/", "/centre/portal/"] {
        let broken = broken_links(&out, base);
        assert!(
            broken.is_empty(),
            "broken links at {base}:\n{}",
            broken.join("\n")
        );
    }
    let doc = parse(&out.join("kk/guides/sub/gamma/index.html"));
    assert_eq!(
        attrs(&doc, "link[rel=stylesheet]", "href"),
        ["../../../../style.css"]
    );
}

#[test]
fn base_url_makes_every_link_absolute_under_the_sub_path() {
    let site = Site::fixture("site");
    let out = site.build_ok(&["--base-url", "https://centre.example/portal/"]);
    let broken = broken_links(&out, "/portal/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let doc = parse(&out.join("ru/guides/alpha/index.html"));
    for href in attrs(&doc, "a[href], link[href]", "href") {
        let ok = href.starts_with("https://centre.example/portal/")
            || href.starts_with('#')
            || href.starts_with("tel:")
            || href == "https://oq.gov.kz";
        assert!(ok, "{href} is not under the base URL");
    }
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://centre.example/portal/ru/guides/alpha/"]
    );
}

#[test]
fn language_switcher_links_the_same_guide_in_each_language() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    let doc = parse(&out.join("en/guides/sub/gamma/index.html"));
    let hrefs = attrs(&doc, ".lang-switch a", "href");
    assert_eq!(
        hrefs,
        [
            "../../../../kk/guides/sub/gamma/",
            "../../../../ru/guides/sub/gamma/",
            "./"
        ]
    );
    assert_eq!(attrs(&doc, ".lang-switch a[aria-current]", "lang"), ["en"]);
    assert_eq!(
        attrs(&doc, ".lang-switch a", "hreflang"),
        ["kk", "ru"],
        "other languages carry hreflang"
    );
}

#[test]
fn a_missing_translation_gets_a_page_that_says_so_and_links_the_others() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    let doc = parse(&out.join("en/guides/beta/index.html"));
    assert_eq!(attrs(&doc, "html", "lang"), ["en"]);
    assert_eq!(
        attrs(&doc, "main h1", "lang"),
        ["kk"],
        "the title is in Kazakh and marked so"
    );
    let notice = texts(&doc, "main .notice");
    assert_eq!(notice.len(), 1);
    assert!(
        notice[0].contains("not been translated into English"),
        "{notice:?}"
    );
    assert_eq!(attrs(&doc, "main .cards li", "lang"), ["kk", "ru"]);
    assert_eq!(
        attrs(&doc, "main .cards a", "href"),
        ["../../../kk/guides/beta/", "../../../ru/guides/beta/"]
    );
    assert_eq!(attrs(&doc, "meta[name=robots]", "content"), ["noindex"]);

    // The English listing shows the untranslated guide, marked as not yet in English.
    let listing = parse(&out.join("en/guides/index.html"));
    let beta = listing
        .select(&sel(".cards li"))
        .find(|li| {
            li.select(&sel("a"))
                .any(|a| a.value().attr("href") == Some("beta/"))
        })
        .expect("beta listed");
    assert_eq!(
        beta.select(&sel("a"))
            .next()
            .and_then(|a| a.value().attr("lang")),
        Some("kk")
    );
    assert!(
        beta.text()
            .collect::<String>()
            .contains("Not yet in English")
    );
}

#[test]
fn alternates_name_only_real_translations() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    let alpha = parse(&out.join("ru/guides/alpha/index.html"));
    assert_eq!(
        attrs(&alpha, "link[rel=alternate]", "hreflang"),
        ["kk", "ru", "en", "x-default"]
    );
    let beta = parse(&out.join("kk/guides/beta/index.html"));
    assert_eq!(
        attrs(&beta, "link[rel=alternate]", "hreflang"),
        ["kk", "ru", "x-default"]
    );
}

#[test]
fn sitemap_lists_translated_pages_with_hreflang_alternates() {
    let site = Site::fixture("site");
    let out = site.build_ok(&["--base-url", "https://centre.example/portal/"]);
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let loc = |n: &roxmltree::Node| {
        n.children()
            .find(|c| c.has_tag_name("loc"))
            .and_then(|c| c.text())
            .map(str::to_owned)
    };
    let locs: Vec<String> = urls.iter().filter_map(loc).collect();
    assert!(locs.contains(&"https://centre.example/portal/kk/guides/beta/".to_owned()));
    assert!(
        !locs.contains(&"https://centre.example/portal/en/guides/beta/".to_owned()),
        "fallback pages are not listed"
    );
    let alpha = urls
        .iter()
        .find(|n| loc(n).as_deref() == Some("https://centre.example/portal/en/guides/alpha/"))
        .expect("alpha listed");
    let hreflangs: Vec<&str> = alpha
        .children()
        .filter(|c| c.has_tag_name("link"))
        .filter_map(|c| c.attribute("hreflang"))
        .collect();
    assert_eq!(hreflangs, ["kk", "ru", "en"]);
    let lastmod = alpha
        .children()
        .find(|c| c.has_tag_name("lastmod"))
        .and_then(|c| c.text());
    assert_eq!(lastmod, Some("2026-01-15"));
}

#[test]
fn markdown_gets_tables_footnotes_anchors_and_resolved_links() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    let doc = parse(&out.join("kk/guides/alpha/index.html"));
    let ids = attrs(&doc, ".content h2", "id");
    assert_eq!(ids, ["қандай-құжаттар-керек", "steps"]);
    assert_eq!(
        doc.select(&sel(".content .table-scroll > table")).count(),
        1
    );
    assert_eq!(doc.select(&sel(".content .footnote-definition")).count(), 1);
    let links = attrs(&doc, ".content a", "href");
    assert!(links.contains(&"../beta/".to_owned()), "{links:?}");
    assert!(
        links.contains(&"../sub/gamma/#last".to_owned()),
        "{links:?}"
    );
    assert_eq!(
        texts(&doc, ".toc a"),
        ["Қандай құжаттар керек?", "Қадамдар"]
    );
    assert_eq!(texts(&doc, ".sources a"), ["Отандастар қоры"]);
    assert_eq!(attrs(&doc, ".reviewed time", "datetime"), ["2026-01-15"]);
    assert_eq!(texts(&doc, ".reviewed time"), ["2026 жылғы 15 қаңтар"]);

    let ru = parse(&out.join("ru/guides/alpha/index.html"));
    let paragraph = texts(&ru, ".content p").join(" ");
    assert!(
        paragraph.contains("“Кавычки” – и тире"),
        "smart punctuation: {paragraph}"
    );
    assert_eq!(texts(&ru, ".reviewed time"), ["15 января 2026 г."]);
}

#[test]
fn guides_not_reviewed_for_a_year_carry_a_notice() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    let stale = parse(&out.join("ru/guides/beta/index.html"));
    assert_eq!(
        stale.select(&sel("main .notice")).count(),
        1,
        "reviewed 2024-01-01, today 2026-11-23"
    );
    let fresh = parse(&out.join("ru/guides/alpha/index.html"));
    assert_eq!(fresh.select(&sel("main .notice")).count(), 0);

    let twice = site.build(&["--today", "2024-06-01"]);
    assert_eq!(
        twice.status.code(),
        Some(2),
        "--today given twice is a usage error: {}",
        stderr(&twice)
    );
    assert!(stderr(&twice).contains("--today"), "{}", stderr(&twice));
    // Five months after its review the same guide is not stale.
    let root = site.root.to_str().expect("utf-8");
    let earlier = bagdar(&["build", "--root", root, "--today", "2024-06-01"]);
    assert!(earlier.status.success(), "{}", stderr(&earlier));
    let beta = parse(&site.output().join("ru/guides/beta/index.html"));
    assert_eq!(beta.select(&sel("main .notice")).count(), 0);
}

#[test]
fn section_listings_count_guides_with_plural_forms() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    let count = |lang: &str| {
        let doc = parse(&out.join(format!("{lang}/guides/index.html")));
        texts(&doc, ".card-section .count")
    };
    assert_eq!(count("ru"), ["1 инструкция"]);
    assert_eq!(count("en"), ["1 guide"]);
    assert_eq!(count("kk"), ["1 нұсқаулық"]);
}

#[test]
fn help_lines_are_in_the_same_place_on_every_page() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    for page in html_files(&out) {
        let doc = parse(&out.join(&page));
        let numbers = attrs(&doc, "header .help-bar a", "href");
        assert_eq!(numbers, ["tel:1404", "tel:1414"], "{}", page.display());
        assert_eq!(
            attrs(&doc, "a.skip-link", "href"),
            ["#main"],
            "{}",
            page.display()
        );
        assert_eq!(doc.select(&sel("main#main")).count(), 1);
        // The only scripts: the deferred search enhancement and its strings (data, not code).
        let scripts = attrs(&doc, "script[src]", "src");
        assert_eq!(scripts.len(), 1, "{}", page.display());
        assert!(scripts[0].ends_with("search.js"));
        assert_eq!(attrs(&doc, "script[src]", "defer").len(), 1);
        let inline: Vec<String> = doc
            .select(&sel("script:not([src])"))
            .filter(|s| s.value().attr("type") != Some("application/json"))
            .map(|s| s.html())
            .collect();
        assert!(inline.is_empty(), "no inline script: {inline:?}");
    }
}

#[test]
fn the_root_is_a_language_chooser_with_help_lines_in_each_language() {
    let site = Site::fixture("site");
    let out = site.build_ok(&[]);
    let doc = parse(&out.join("index.html"));
    assert_eq!(attrs(&doc, ".chooser > li", "lang"), ["kk", "ru", "en"]);
    assert_eq!(attrs(&doc, ".chooser a", "href"), ["kk/", "ru/", "en/"]);
    assert_eq!(
        doc.select(&sel("meta[http-equiv=refresh]")).count(),
        0,
        "no automatic redirect"
    );
    let help = texts(&doc, ".chooser .meta");
    assert!(
        help.iter()
            .all(|h| h.contains("1404") && h.contains("1414")),
        "{help:?}"
    );
}

#[test]
fn the_same_input_builds_the_same_bytes() {
    let site = Site::fixture("site");
    let first = snapshot(&site.build_ok(&[]));
    let second = snapshot(&site.build_ok(&[]));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    assert!(first == second, "two builds differ");
}

#[test]
fn the_search_runtime_names_no_folder_of_the_machine_that_built_it() {
    let site = Site::fixture("site");
    let files = snapshot(&site.build_ok(&[]));
    let (_, wasm) = files
        .iter()
        .find(|(path, _)| path.extension().is_some_and(|e| e == "wasm"))
        .expect("the site ships the runtime");
    assert!(
        wasm.starts_with(&[0x1f, 0x8b]),
        "the runtime is written gzip-compressed"
    );
    let wasm = bagdar::index::compress::decode(wasm).expect("gzip");
    assert!(wasm.starts_with(b"\0asm"), "a WebAssembly module");
    let text = String::from_utf8_lossy(&wasm);
    let checkout = env!("CARGO_MANIFEST_DIR");
    assert!(!text.contains(checkout), "the runtime names {checkout}");
    assert!(
        text.contains("bagdar/crates/"),
        "its own sources are named from the checkout"
    );
    // Dependencies' sources are named from cargo's home, not from the builder's.
    let registry = text.match_indices("/registry/src/").collect::<Vec<_>>();
    assert!(!registry.is_empty());
    for (at, _) in registry {
        let before = &text[..at];
        let folder = before
            .rsplit(|c: char| !(c.is_alphanumeric() || "/._-".contains(c)))
            .next()
            .unwrap_or_default();
        assert_eq!(folder, "cargo", "a dependency's path starts {folder:?}");
    }
}
#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = Site::fixture("site");
    let before = snapshot(&site.build_ok(&[]));
    let guide = site.root.join("content/guides/alpha.en.md");
    let text = std::fs::read_to_string(&guide).expect("read");
    std::fs::write(
        &guide,
        text.replace("title: \"Qandas status\"", "titel: \"Qandas status\""),
    )
    .expect("write");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("content/guides/alpha.en.md:2:1: error[front-matter]: unknown field `titel`"),
        "{}",
        stderr(&out)
    );
    assert!(
        before == snapshot(&site.output()),
        "output changed after a failed build"
    );
    let siblings: Vec<_> = std::fs::read_dir(&site.root)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        siblings
            .iter()
            .all(|n| !n.to_string_lossy().contains("bagdar-staging")),
        "no staging folder left: {siblings:?}"
    );
    std::fs::write(&guide, text).expect("restore");
    site.build_ok(&[]);
}

#[test]
fn outputs_that_would_destroy_sources_are_refused_with_status_2() {
    let site = Site::fixture("site");
    let root = site.root.to_str().expect("utf-8");
    for output in [
        root.to_owned(),
        format!("{root}/content"),
        format!("{root}/content/x"),
        format!("{root}/themes"),
        format!("{root}/.."),
    ] {
        let out = site.build(&["--output", &output]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "--output {output}: {}",
            stderr(&out)
        );
    }
    assert!(site.root.join("content/guides/alpha.kk.md").is_file());
}

#[test]
fn a_folder_bagdar_did_not_write_is_not_replaced() {
    let site = Site::fixture("site");
    let foreign = site.tmp.path().join("documents");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("thesis.txt"), "precious").expect("write");
    let out = site.build(&["--output", foreign.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("was not written by bagdar"),
        "{}",
        stderr(&out)
    );
    assert!(foreign.join("thesis.txt").is_file());
}

#[test]
fn usage_errors_exit_with_status_2() {
    for args in [
        &["build", "--today", "2026-13-01"][..],
        &["build", "--base-url", "portal"],
        &["build", "--nonsense"],
        &["build", "--root", "/nonexistent/bagdar-site"],
    ] {
        let out = bagdar(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let version = bagdar(&["--version"]);
    assert!(version.status.success());
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("bagdar "));
    let help = bagdar(&["build", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in ["--root", "--output", "--base-url", "--today"] {
        assert!(help.contains(flag), "{flag} documented");
    }
}

#[test]
fn new_creates_a_three_language_site_that_builds() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("portal");
    let dir_str = dir.to_str().expect("utf-8");
    let created = bagdar(&["new", dir_str]);
    assert!(created.status.success(), "{}", stderr(&created));
    let built = bagdar(&["build", "--root", dir_str]);
    assert!(built.status.success(), "{}", stderr(&built));
    // Three languages and the Kazakh editions in the Arabic script and Latin.
    for (folder, lang) in [
        ("kk", "kk"),
        ("ru", "ru"),
        ("en", "en"),
        ("kk-arab", "kk-Arab"),
        ("kk-latn", "kk-Latn"),
    ] {
        let doc = parse(&dir.join(format!("public/{folder}/guides/first-steps/index.html")));
        assert_eq!(attrs(&doc, "html", "lang"), [lang]);
        assert_eq!(
            attrs(&doc, "link[rel=alternate]", "hreflang"),
            ["kk", "kk-Arab", "kk-Latn", "ru", "en", "x-default"]
        );
    }
    assert!(broken_links(&dir.join("public"), "/").is_empty());
    let again = bagdar(&["new", dir_str]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "a non-empty folder is refused"
    );
    assert!(Path::new(&dir).join("bagdar.yaml").is_file());
}
