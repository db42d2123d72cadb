//! News items, their pages and the Atom feeds, on the real binary: the feeds are read back
//! with a real feed parser (`feed-rs`), every link followed to a file of the output.

mod common;

use std::path::{Path, PathBuf};

use common::{Site, attrs, bagdar, parse, stderr, texts};

/// Where the tests pretend a relative site is served, to resolve its feeds' links.
const HOST: &str = "https://mirror.example/any/path/";

fn feed(output: &Path, rel: &str, served_at: Option<&str>) -> feed_rs::model::Feed {
    let bytes = std::fs::read(output.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let base = served_at.map(|host| format!("{host}{rel}"));
    feed_rs::parser::Builder::new()
        .base_uri(base.as_deref())
        .build()
        .parse(bytes.as_slice())
        .unwrap_or_else(|e| panic!("{rel} is not a feed: {e}"))
}

/// The output file an absolute link under `host` names, which must exist.
fn target(output: &Path, host: &str, href: &str) -> PathBuf {
    let path = href
        .strip_prefix(host)
        .unwrap_or_else(|| panic!("{href} is not under {host}"));
    let path = path.split('#').next().unwrap_or("");
    let file = if path.is_empty() || path.ends_with('/') {
        output.join(path).join("index.html")
    } else {
        output.join(path)
    };
    assert!(
        file.is_file(),
        "{href} leads to no file ({})",
        file.display()
    );
    file
}

fn entry_titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| {
            e.title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn the_language_feed_holds_news_and_change_notes_newest_first_with_working_links() {
    let site = Site::fixture("news_site");
    let out = site.build(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("Held back 1 scheduled news item(s)"),
        "{printed}"
    );
    let output = site.output();
    let en = feed(&output, "en/atom.xml", Some(HOST));
    assert_eq!(
        entry_titles(&en),
        [
            "Pavlodar's quota is used up",
            "Registration · What changed",
            "New registration rules",
            "Support centres open in two regions",
            "Registration · What changed",
        ],
        "news and change notes, newest first; the scheduled item is not there"
    );
    let dates: Vec<String> = en
        .entries
        .iter()
        .map(|e| e.updated.map(|d| d.to_rfc3339()).unwrap_or_default())
        .collect();
    assert_eq!(
        dates,
        [
            "2026-09-14T19:00:00+00:00",
            "2026-06-30T19:00:00+00:00",
            "2026-06-30T19:00:00+00:00",
            "2026-03-01T19:00:00+00:00",
            "2026-01-09T19:00:00+00:00",
        ],
        "midnight in Kazakhstan (UTC+5)"
    );
    assert_eq!(
        en.updated.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-09-14T19:00:00+00:00")
    );
    // Ids: stable URNs in relative mode, one per entry.
    let mut ids: Vec<&str> = en.entries.iter().map(|e| e.id.as_str()).collect();
    assert!(ids.iter().all(|id| id.starts_with("urn:uuid:")), "{ids:?}");
    assert!(en.id.starts_with("urn:uuid:"), "{}", en.id);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), en.entries.len(), "ids are unique");
    // Links resolve against the feed's own address to pages of the output.
    for entry in &en.entries {
        assert_eq!(entry.links.len(), 1, "{entry:?}");
        target(&output, HOST, &entry.links[0].href);
    }
    let item = target(&output, HOST, &en.entries[0].links[0].href);
    assert!(
        item.ends_with("en/news/pavlodar-quota/index.html"),
        "{item:?}"
    );
    let change = &en.entries[1].links[0].href;
    assert!(
        change.ends_with("en/guides/registration/#bagdar-changes"),
        "{change}"
    );
    let links: Vec<(Option<&str>, &str)> = en
        .links
        .iter()
        .map(|l| (l.rel.as_deref(), l.href.as_str()))
        .collect();
    let self_link = format!("{HOST}en/atom.xml");
    let list = format!("{HOST}en/news/");
    assert_eq!(
        links,
        [
            (Some("self"), self_link.as_str()),
            (Some("alternate"), list.as_str())
        ]
    );

    // Russian holds its own texts only: its one change note and its one item.
    let ru = feed(&output, "ru/atom.xml", Some(HOST));
    assert_eq!(
        entry_titles(&ru),
        ["Регистрация · Что изменилось", "Новые правила регистрации"]
    );
    // The Arabic-script edition has the Kazakh item, converted.
    let arab = feed(&output, "kk-arab/atom.xml", Some(HOST));
    assert_eq!(arab.language.as_deref(), Some("kk-Arab"));
    assert_eq!(arab.entries.len(), 1);
    let title = entry_titles(&arab).remove(0);
    assert!(title.starts_with("پاۆلودار"), "{title}");
    target(&output, HOST, &arab.entries[0].links[0].href);
}

#[test]
fn a_region_feed_holds_the_news_that_names_the_region() {
    let site = Site::fixture("news_site");
    let output = site.build_ok(&[]);
    let pavlodar = feed(&output, "en/regions/pavlodar/atom.xml", Some(HOST));
    assert_eq!(
        entry_titles(&pavlodar),
        [
            "Pavlodar's quota is used up",
            "Support centres open in two regions"
        ]
    );
    for entry in &pavlodar.entries {
        target(&output, HOST, &entry.links[0].href);
    }
    let abai = feed(&output, "en/regions/abai/atom.xml", Some(HOST));
    assert_eq!(
        entry_titles(&abai),
        ["Support centres open in two regions"],
        "the scheduled item naming Abai is held back"
    );
    // The region's page names its feed in its head and lists its news.
    let page = parse(&output.join("en/regions/pavlodar/index.html"));
    let feeds = attrs(
        &page,
        "link[rel=alternate][type='application/atom+xml']",
        "href",
    );
    assert_eq!(feeds, ["../../atom.xml", "atom.xml"]);
    assert_eq!(
        texts(&page, "#main .news-card h3 a"),
        [
            "Pavlodar's quota is used up",
            "Support centres open in two regions"
        ]
    );
}

#[test]
fn with_a_base_url_every_feed_link_and_id_is_absolute() {
    let site = Site::fixture("news_site");
    let base = "https://centre.example/portal/";
    let output = site.build_ok(&["--base-url", base]);
    for rel in [
        "en/atom.xml",
        "kk-arab/atom.xml",
        "ru/regions/pavlodar/atom.xml",
    ] {
        // No base given to the parser: the links must be absolute on their own.
        let parsed = feed(&output, rel, None);
        assert_eq!(parsed.id, format!("{base}{rel}"));
        for link in &parsed.links {
            target(&output, base, &link.href);
        }
        for entry in &parsed.entries {
            assert!(entry.id.starts_with(base), "{}", entry.id);
            target(&output, base, &entry.links[0].href);
        }
    }
    let en = feed(&output, "en/atom.xml", None);
    let item = &en.entries[0];
    assert_eq!(item.id, format!("{base}en/news/pavlodar-quota/"));
    assert_eq!(item.links[0].href, format!("{base}en/news/pavlodar-quota/"));
}

#[test]
fn news_pages_list_newest_first_fall_back_visibly_and_reach_the_home_page() {
    let site = Site::fixture("news_site");
    // 21 more items: the list runs onto a second page.
    for n in 1..=21 {
        let text = format!("---\ntitle: \"Item {n:02}\"\ndate: 2025-01-{n:02}\n---\nBody {n}.\n");
        std::fs::write(
            site.root.join(format!("content/news/item-{n:02}.en.md")),
            text,
        )
        .expect("write");
    }
    let output = site.build_ok(&[]);
    let first = parse(&output.join("en/news/index.html"));
    let cards = texts(&first, "#main .news-card h2 a");
    assert_eq!(cards.len(), 20);
    assert_eq!(
        cards[..3],
        [
            "Pavlodar's quota is used up",
            "New registration rules",
            "Support centres open in two regions"
        ]
    );
    assert_eq!(cards[19], "Item 05");
    let second = parse(&output.join("en/news/page/2/index.html"));
    assert_eq!(
        texts(&second, "#main .news-card h2 a"),
        ["Item 04", "Item 03", "Item 02", "Item 01"]
    );
    assert_eq!(attrs(&second, "a[rel=prev]", "href"), ["../../"]);
    assert!(!output.join("en/news/next-year").exists(), "scheduled");

    // A sample item says so; its regions are linked.
    let item = parse(&output.join("en/news/pavlodar-quota/index.html"));
    assert_eq!(texts(&item, "#main h1"), ["Pavlodar's quota is used up"]);
    assert_eq!(texts(&item, "#main time"), ["15 September 2026"]);
    assert_eq!(texts(&item, "#main .notice").len(), 1, "the sample notice");
    assert_eq!(
        attrs(&item, "#main .meta a", "href"),
        ["../../regions/pavlodar/"]
    );

    // A missing translation stands in visibly, linking the versions that exist.
    let stand_in = parse(&output.join("kk/news/registration-rules/index.html"));
    let notice = texts(&stand_in, "#main .notice").join(" ");
    assert!(notice.contains("жаңалық"), "{notice}");
    assert_eq!(
        attrs(&stand_in, "#main .card h3 a", "hreflang"),
        ["ru", "en"]
    );
    assert_eq!(
        attrs(&stand_in, "meta[name=robots]", "content"),
        ["noindex"]
    );

    // The home page shows the latest three and links the list and the feed.
    let home = parse(&output.join("en/index.html"));
    assert_eq!(
        texts(&home, ".latest-news .news-card h3 a"),
        [
            "Pavlodar's quota is used up",
            "New registration rules",
            "Support centres open in two regions"
        ]
    );
    assert_eq!(attrs(&home, ".latest-news > p a", "href"), ["news/"]);
    assert_eq!(
        attrs(
            &home,
            "link[rel=alternate][type='application/atom+xml']",
            "href"
        ),
        ["atom.xml"]
    );
    // A guide's link to a news item resolves.
    let guide = parse(&output.join("en/guides/registration/index.html"));
    assert!(
        attrs(&guide, "#main .content a", "href")
            .contains(&"../../news/registration-rules/".to_owned())
    );
}

#[test]
fn news_is_searchable_as_its_own_kind() {
    let site = Site::fixture("news_site");
    let output = site.build_ok(&[]);
    let run = |extra: &[&str]| {
        let mut args = vec![
            "search",
            "--output",
            output.to_str().expect("utf-8"),
            "--json",
        ];
        args.extend_from_slice(extra);
        let out = bagdar(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
        hits.iter()
            .map(|h| {
                format!(
                    "{} {}",
                    h["kind"].as_str().unwrap_or(""),
                    h["url"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
    };
    // The reader's language comes first; other languages' items may follow.
    let news = run(&["--kind", "news", "--lang", "en", "registration"]);
    assert_eq!(news[0], "news en/news/registration-rules/");
    assert!(news.iter().all(|h| h.starts_with("news ")), "{news:?}");
    let all = run(&["--lang", "en", "registration"]);
    assert!(all.iter().any(|h| h.starts_with("guide ")), "{all:?}");
    assert!(all.iter().any(|h| h.starts_with("news ")), "{all:?}");
    let region = run(&[
        "--kind", "news", "--region", "pavlodar", "--lang", "en", "quota",
    ]);
    assert_eq!(region[0], "news en/news/pavlodar-quota/");
    assert!(
        region.iter().all(|h| h.ends_with("/news/pavlodar-quota/")),
        "{region:?}"
    );
    let abai = run(&[
        "--kind", "news", "--region", "abai", "--lang", "en", "quota",
    ]);
    assert!(abai.is_empty(), "{abai:?}");
}

#[test]
fn check_warns_once_that_relative_feeds_need_a_base_url() {
    let site = Site::fixture("news_site");
    let root = site.root.to_str().expect("utf-8");
    let out = bagdar(&["check", "--root", root, "--today", "2026-11-23"]);
    let report = stderr(&out) + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        report.matches("warning[feed-relative]").count(),
        1,
        "{report}"
    );
    std::fs::write(
        site.root.join("bagdar.yaml"),
        std::fs::read_to_string(site.root.join("bagdar.yaml")).expect("read")
            + "base_url: https://centre.example/portal/\n",
    )
    .expect("write");
    let out = bagdar(&["check", "--root", root, "--today", "2026-11-23"]);
    let report = stderr(&out) + &String::from_utf8_lossy(&out.stdout);
    assert!(!report.contains("feed-relative"), "{report}");
}
