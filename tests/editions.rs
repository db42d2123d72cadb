//! The kk-Arab and kk-Latn editions of the bundled portal, as built: every Kazakh page has
//! both, each says its language and direction, no Cyrillic is left in its own text, numbers
//! and phone numbers are those of the Cyrillic page, and heads and the sitemap list the
//! editions. The walk of the HTML here is scraper's, independent of the generator's converter.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Node, Selector};

const EDITIONS: [(&str, &str, &str); 2] =
    [("kk-arab", "kk-Arab", "rtl"), ("kk-latn", "kk-Latn", "ltr")];

/// Every HTML page under `folder` of the output, relative to the output.
fn pages(output: &Path, folder: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![output.join(folder)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path.strip_prefix(output).expect("inside").to_path_buf());
            }
        }
    }
    found.sort();
    found
}

fn in_edition(path: &Path, folder: &str) -> PathBuf {
    Path::new(folder).join(path.strip_prefix("kk").expect("a Kazakh page"))
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// The page's own text: text nodes whose nearest `lang` is the page's, outside code and
/// scripts, joined with spaces.
fn own_text(html: &Html) -> String {
    let root = html.root_element();
    let page_lang = root.value().attr("lang").unwrap_or_default().to_owned();
    let mut out = String::new();
    for node in html.tree.nodes() {
        let Node::Text(text) = node.value() else {
            continue;
        };
        let mut lang = None;
        let mut verbatim = false;
        for ancestor in node.ancestors().filter_map(ElementRef::wrap) {
            let name = ancestor.value().name();
            if matches!(name, "script" | "style" | "code" | "pre" | "kbd" | "samp") {
                verbatim = true;
            }
            if lang.is_none() {
                lang = ancestor.value().attr("lang");
            }
        }
        if !verbatim && lang == Some(page_lang.as_str()) {
            out.push_str(text);
            out.push(' ');
        }
    }
    out
}

/// Runs of ASCII digits in the page's body text, in order.
fn numbers(html: &Html) -> Vec<String> {
    let body = html
        .select(&Selector::parse("main").expect("selector"))
        .next()
        .map(|main| main.text().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    body.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_kazakh_page_has_both_editions_and_they_are_right() {
    let (_tmp, output) = common::build_portal();
    let kazakh = pages(&output, "kk");
    assert!(kazakh.len() > 100, "{} Kazakh pages", kazakh.len());
    for (folder, tag, dir) in EDITIONS {
        let edition = pages(&output, folder);
        let expected: Vec<PathBuf> = kazakh.iter().map(|p| in_edition(p, folder)).collect();
        assert_eq!(edition, expected, "{folder} has exactly the Kazakh pages");
        for page in &kazakh {
            let source = std::fs::read_to_string(output.join(page)).expect("read");
            let converted =
                std::fs::read_to_string(output.join(in_edition(page, folder))).expect("read");
            let (source, converted) = (
                Html::parse_document(&source),
                Html::parse_document(&converted),
            );
            let root = converted.root_element();
            assert_eq!(root.value().attr("lang"), Some(tag), "{folder}/{page:?}");
            assert_eq!(root.value().attr("dir"), Some(dir), "{folder}/{page:?}");
            let text = own_text(&converted);
            let left: String = text
                .split_whitespace()
                .filter(|w| w.chars().any(is_cyrillic))
                .take(5)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                left.is_empty(),
                "{folder}/{page:?} has Cyrillic left: {left}"
            );
            assert_eq!(
                numbers(&converted),
                numbers(&source),
                "{folder}/{page:?}: numbers"
            );
        }
    }
}

#[test]
fn heads_switchers_and_the_sitemap_name_the_editions() {
    let (_tmp, output) = common::build_portal();
    let read = |path: &str| {
        Html::parse_document(&std::fs::read_to_string(output.join(path)).expect("read"))
    };
    let alternates = Selector::parse("link[rel=alternate]").expect("selector");
    let switcher = Selector::parse(".lang-switch a").expect("selector");
    for page in [
        "kk/guides/citizenship/index.html",
        "kk-arab/guides/citizenship/index.html",
        "ru/guides/citizenship/index.html",
    ] {
        let html = read(page);
        let listed: BTreeMap<&str, &str> = html
            .select(&alternates)
            .filter_map(|l| Some((l.value().attr("hreflang")?, l.value().attr("href")?)))
            .collect();
        let langs: Vec<&str> = listed.keys().copied().collect();
        assert_eq!(
            langs,
            ["en", "kk", "kk-Arab", "kk-Latn", "ru", "x-default"],
            "{page}"
        );
        // Relative alternates resolve from the page to the edition's page.
        let from = Path::new(page).parent().expect("folder");
        let target = from.join(listed["kk-Arab"]).join("index.html");
        let target = normalize(&target);
        assert_eq!(
            target,
            Path::new("kk-arab/guides/citizenship/index.html"),
            "{page}"
        );
        let names: Vec<String> = html.select(&switcher).map(|a| a.text().collect()).collect();
        assert_eq!(
            names,
            ["Қазақша", "قازاقشا", "Qazaqşa", "Русский", "English"],
            "{page}"
        );
    }
    let current = Selector::parse(".lang-switch a[aria-current]").expect("selector");
    let html = read("kk-latn/guides/citizenship/index.html");
    let marked: Vec<&str> = html
        .select(&current)
        .filter_map(|a| a.value().attr("lang"))
        .collect();
    assert_eq!(marked, ["kk-Latn"]);

    let sitemap = std::fs::read_to_string(output.join("sitemap.xml")).expect("sitemap");
    let doc = roxmltree::Document::parse(&sitemap).expect("xml");
    let urls: Vec<roxmltree::Node<'_, '_>> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let loc = |n: &roxmltree::Node<'_, '_>| {
        n.children()
            .find(|c| c.has_tag_name("loc"))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_owned()
    };
    let arabic: Vec<_> = urls
        .iter()
        .filter(|u| loc(u).starts_with("kk-arab/"))
        .collect();
    let kazakh = urls.iter().filter(|u| loc(u).starts_with("kk/")).count();
    assert_eq!(
        arabic.len(),
        kazakh,
        "the sitemap lists every kk-Arab page beside its kk page"
    );
    for url in arabic {
        let langs: Vec<&str> = url
            .children()
            .filter(|c| c.has_tag_name("link"))
            .filter_map(|c| c.attribute("hreflang"))
            .collect();
        assert!(
            langs.contains(&"kk") && langs.contains(&"kk-Arab") && langs.contains(&"kk-Latn"),
            "{}: {langs:?}",
            loc(url)
        );
    }
}

#[test]
fn phone_numbers_keep_their_order_in_right_to_left_text() {
    let (_tmp, output) = common::build_portal();
    let html =
        std::fs::read_to_string(output.join("kk-arab/guides/help-lines/index.html")).expect("read");
    let html = Html::parse_document(&html);
    let isolated: Vec<String> = html
        .select(&Selector::parse("main bdi").expect("selector"))
        .map(|b| b.text().collect())
        .collect();
    for number in ["1404", "1414", "102", "103", "112"] {
        assert!(
            isolated.iter().any(|t| t == number),
            "{number} in <bdi>: {isolated:?}"
        );
    }
    let input = Selector::parse("input[type=search]").expect("selector");
    assert!(
        html.select(&input)
            .all(|i| i.value().attr("dir") == Some("auto"))
    );
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn an_editions_strings_file_corrects_the_converted_interface() {
    let site = common::Site::fixture("check_editions");
    let i18n = site.root.join("themes/default/i18n/kk-latn.yaml");
    std::fs::write(&i18n, "# Hand corrections\nsearch_button: \"Izde!\"\n").expect("write");
    let output = site.build_ok(&[]);
    let page = |path: &str| {
        Html::parse_document(&std::fs::read_to_string(output.join(path)).expect("read"))
    };
    let button = Selector::parse(".search-form button").expect("selector");
    let text = |html: &Html| {
        html.select(&button)
            .next()
            .map(|b| b.text().collect::<String>())
            .unwrap_or_default()
    };
    assert_eq!(text(&page("kk-latn/guides/names/index.html")), "Izde!");
    // The other edition converts kk.yaml's string by the rules.
    assert_eq!(text(&page("kk-arab/guides/names/index.html")), "ىزدەۋ");

    // A key kk.yaml does not have is an error at its line, and nothing is written.
    std::fs::write(&i18n, "search_button: \"Izde\"\nno_such_key: \"x\"\n").expect("write");
    let out = site.build(&[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("kk-latn.yaml:2:1"), "{stderr}");
    assert!(
        stderr.contains("`no_such_key` is not a plain string of kk.yaml"),
        "{stderr}"
    );
}
