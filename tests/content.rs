//! The bundled portal as content: the guides added for the move-in path exist in every
//! language with their sources and review date, link each other as written, and the region
//! data carries the 2026 qandas quota and only the sourced front offices.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{attrs, broken_links, parse, resolve, sel, texts};
use scraper::{ElementRef, Html};

const LANGS: [&str; 3] = ["kk", "ru", "en"];

/// The guides issue 16 added, each needed in all three languages.
const NEW_GUIDES: [&str; 7] = [
    "first-30-days",
    "iin",
    "healthcare",
    "schools",
    "diploma-recognition",
    "internal-resettlers",
    "pensions-and-benefits",
];

/// The page of guide `slug` in `lang`, relative to the output.
fn guide_page(lang: &str, slug: &str) -> PathBuf {
    PathBuf::from(format!("{lang}/guides/{slug}/index.html"))
}

/// Where each link of a guide's text leads, section by section: the `id` of the `##` heading
/// it follows → the (page, fragment) each link reaches, relative to the output.
fn links_by_section(
    output: &Path,
    page: &Path,
) -> BTreeMap<String, Vec<(PathBuf, Option<String>)>> {
    let doc = parse(&output.join(page));
    let content = doc
        .select(&sel("article.guide .content"))
        .next()
        .unwrap_or_else(|| panic!("{} has no guide text", page.display()));
    let mut sections: BTreeMap<String, Vec<(PathBuf, Option<String>)>> = BTreeMap::new();
    let mut current = String::new();
    for child in content.children().filter_map(ElementRef::wrap) {
        if child.value().name() == "h2" {
            current = child.value().attr("id").unwrap_or_default().to_owned();
            continue;
        }
        for link in child.select(&sel("a[href]")) {
            let href = link.value().attr("href").unwrap_or_default();
            if let Some(target) = resolve(page, href, "/") {
                sections.entry(current.clone()).or_default().push(target);
            }
        }
    }
    sections
}

/// Whether `sections[id]` has a link to `to` (a page relative to the output) with `fragment`.
fn links_to(
    sections: &BTreeMap<String, Vec<(PathBuf, Option<String>)>>,
    id: &str,
    to: &str,
    fragment: Option<&str>,
) -> bool {
    sections.get(id).is_some_and(|links| {
        links
            .iter()
            .any(|(file, f)| file == Path::new(to) && f.as_deref() == fragment)
    })
}

fn ids(doc: &Html) -> Vec<String> {
    attrs(doc, "[id]", "id")
}

#[test]
fn the_new_guides_exist_in_every_language_with_sources_and_a_review_date() {
    let (_tmp, output) = common::build_portal();
    for slug in NEW_GUIDES {
        let mut headings: Vec<Vec<String>> = Vec::new();
        for lang in LANGS {
            let page = guide_page(lang, slug);
            let doc = parse(&output.join(&page));
            assert_eq!(attrs(&doc, "html", "lang"), [lang], "{}", page.display());
            assert_eq!(
                doc.select(&sel("article.guide")).count(),
                1,
                "{} is a guide, not the untranslated notice",
                page.display()
            );
            assert!(
                !texts(&doc, "article.guide h1")[0].is_empty(),
                "{}",
                page.display()
            );
            let reviewed = attrs(&doc, ".reviewed time", "datetime");
            assert!(
                reviewed.len() == 1 && reviewed[0].as_str() >= "2026-12-02",
                "{}: reviewed {reviewed:?}",
                page.display()
            );
            let sources = attrs(&doc, ".sources a", "href");
            assert!(
                sources.len() >= 3 && sources.iter().all(|u| u.starts_with("http")),
                "{}: {sources:?}",
                page.display()
            );
            // The same sections in every language, under the same English ids.
            headings.push(attrs(&doc, "article.guide .content h2", "id"));
            assert!(
                ids(&doc).contains(&"help".to_owned()),
                "{} ends with the help block",
                page.display()
            );
        }
        assert!(
            headings.windows(2).all(|w| w[0] == w[1]),
            "{slug}: {headings:?}"
        );
    }
}

#[test]
fn first_30_days_links_every_step_to_the_guide_that_details_it() {
    let (_tmp, output) = common::build_portal();
    for lang in LANGS {
        let page = guide_page(lang, "first-30-days");
        let sections = links_by_section(&output, &page);
        let to = |slug: &str| format!("{lang}/guides/{slug}/index.html");
        let steps: [(&str, String, Option<&str>); 12] = [
            ("before-leaving", to("documents-checklist"), None),
            ("before-leaving", to("qandas-status"), Some("how-to-apply")),
            ("before-leaving", to("regional-quota"), None),
            (
                "registration",
                to("labour-migrants/registration"),
                Some("deadline"),
            ),
            ("iin", to("iin"), None),
            ("bank", to("labour-migrants/rights-at-work"), Some("pay")),
            ("clinic", to("healthcare"), Some("attach")),
            ("first-month", to("qandas-status"), None),
            ("first-month", to("residence-permit"), None),
            ("first-month", to("labour-migrants/work-permit"), None),
            ("first-month", to("schools"), None),
            ("first-month", to("diploma-recognition"), None),
        ];
        for (section, target, fragment) in &steps {
            assert!(
                links_to(&sections, section, target, *fragment),
                "{}: #{section} should link {target}{}; it links {:?}",
                page.display(),
                fragment.map(|f| format!("#{f}")).unwrap_or_default(),
                sections.get(*section)
            );
        }
        // The steps without a guide of their own say what to do on the page.
        for section in ["sim", "egov"] {
            assert!(
                ids(&parse(&output.join(&page))).contains(&section.to_owned()),
                "{}: #{section}",
                page.display()
            );
        }
    }
}

#[test]
fn the_new_guides_link_each_other_in_their_own_language() {
    let (_tmp, output) = common::build_portal();
    for lang in LANGS {
        let to = |slug: &str| format!("{lang}/guides/{slug}/index.html");
        let cases: [(&str, &str, String, Option<&str>); 8] = [
            ("iin", "after", to("first-30-days"), Some("egov")),
            ("iin", "what", to("first-30-days"), None),
            (
                "healthcare",
                "help",
                to("labour-migrants/childrens-documents"),
                Some("medical"),
            ),
            ("schools", "school", to("healthcare"), Some("attach")),
            ("schools", "certificates", to("diploma-recognition"), None),
            (
                "diploma-recognition",
                "documents",
                to("first-30-days"),
                Some("before-leaving"),
            ),
            (
                "diploma-recognition",
                "diploma-to-village",
                to("housing"),
                Some("diploma-to-village"),
            ),
            ("help-lines", "help", to("first-30-days"), None),
        ];
        for (slug, section, target, fragment) in &cases {
            let sections = links_by_section(&output, &guide_page(lang, slug));
            assert!(
                links_to(&sections, section, target, *fragment),
                "{lang}/{slug}#{section} should link {target}; it links {:?}",
                sections.get(*section)
            );
        }
        // Every link of the new guides stays in the reader's language and reaches a page and
        // an id that exist.
        for slug in NEW_GUIDES {
            let page = guide_page(lang, slug);
            for (file, fragment) in links_by_section(&output, &page).into_values().flatten() {
                assert!(
                    file.starts_with(lang),
                    "{} links {} in another language",
                    page.display(),
                    file.display()
                );
                let target = output.join(&file);
                assert!(
                    target.is_file(),
                    "{} links {}",
                    page.display(),
                    file.display()
                );
                if let Some(fragment) = fragment {
                    assert!(
                        ids(&parse(&target)).contains(&fragment),
                        "{} links {}#{fragment}",
                        page.display(),
                        file.display()
                    );
                }
            }
        }
        // The help lines page lists the new guides.
        let help = links_by_section(&output, &guide_page(lang, "help-lines"));
        for slug in NEW_GUIDES {
            assert!(
                links_to(&help, "help", &to(slug), None),
                "{lang}/help-lines#help should list {slug}"
            );
        }
    }
    let broken = broken_links(&output, "/");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn region_pages_carry_the_2026_qandas_quota_and_only_sourced_front_offices() {
    let (_tmp, output) = common::build_portal();
    // The qandas column of the overview adds up to the national total of the order.
    let overview = parse(&output.join("en/regions/index.html"));
    let qandastar: u32 = overview
        .select(&sel("table.regions tbody tr"))
        .filter_map(|row| {
            let cells: Vec<String> = row
                .select(&sel("td.num"))
                .map(|c| c.text().collect::<String>().trim().replace(',', ""))
                .collect();
            cells.get(1)?.parse::<u32>().ok()
        })
        .sum();
    assert_eq!(qandastar, 2281);
    let pavlodar = parse(&output.join("ru/regions/pavlodar/index.html"));
    assert_eq!(
        texts(&pavlodar, "#quota + .table-scroll tbody tr:first-child > *"),
        ["2026", "1\u{a0}655", "977"]
    );
    let akmola = parse(&output.join("kk/regions/akmola/index.html"));
    assert_eq!(
        texts(&akmola, "#quota + .table-scroll tbody tr:first-child > *"),
        ["2026", "—", "285"]
    );
    // A front office of the foundation is listed only where a source names one.
    let mut with_office: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(output.join("en/regions")).expect("regions") {
        let entry = entry.expect("entry");
        let page = entry.path().join("index.html");
        if !page.is_file() {
            continue;
        }
        let doc = parse(&page);
        if texts(&doc, "#help + .cards h3")
            .iter()
            .any(|t| t.contains("front office"))
        {
            with_office.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    with_office.sort();
    assert_eq!(with_office, ["almaty", "jetisu"]);
}

#[test]
fn a_section_names_the_sources_of_its_introduction() {
    let (_tmp, output) = common::build_portal();
    for lang in LANGS {
        let doc = parse(&output.join(format!("{lang}/guides/labour-migrants/index.html")));
        let sources = attrs(&doc, ".sources a", "href");
        assert_eq!(sources.len(), 1, "{lang}: {sources:?}");
        assert!(
            sources[0].starts_with("https://ru.wikisource.org/"),
            "{sources:?}"
        );
    }
}

#[test]
fn guides_the_2026_changes_touch_say_what_changed_newest_first() {
    let (_tmp, output) = common::build_portal();
    let cases = [
        ("labour-migrants/registration", vec!["2026-07-01"]),
        ("qandas-status", vec!["2026-01-30"]),
        ("regional-quota", vec!["2025-12-24"]),
    ];
    for lang in LANGS {
        for (slug, dates) in &cases {
            let page = guide_page(lang, slug);
            let doc = parse(&output.join(&page));
            assert_eq!(
                &attrs(&doc, "article.guide .changes li time", "datetime"),
                dates,
                "{}",
                page.display()
            );
            let notes = texts(&doc, "article.guide .changes li");
            assert!(
                notes.iter().all(|n| n.chars().count() > 40),
                "{}: {notes:?}",
                page.display()
            );
            assert_eq!(
                attrs(&doc, "article.guide .changes", "aria-labelledby"),
                ["bagdar-changes"],
                "{}",
                page.display()
            );
        }
    }
}
