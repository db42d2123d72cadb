//! Regions and vacancies as content: pages in three languages, references from guides,
//! pagination, expiry, escaping of untrusted vacancy text, and every data problem reported
//! with its file, line and column in one run.

mod common;

use common::{Site, attrs, broken_links, parse, sel, stderr, texts};

#[test]
fn regions_get_pages_in_every_language_with_visible_fallbacks() {
    let site = Site::fixture("data_site");
    let out = site.build_ok(&[]);
    for lang in ["kk", "ru", "en"] {
        for page in ["regions/", "regions/pavlodar/", "regions/jetisu/"] {
            assert!(
                out.join(format!("{lang}/{page}index.html")).is_file(),
                "{lang}/{page}"
            );
        }
    }
    let jetisu = parse(&out.join("en/regions/jetisu/index.html"));
    assert_eq!(texts(&jetisu, "main h1"), ["Jetisu Region"]);
    assert_eq!(
        attrs(&jetisu, "main .lede", "lang"),
        ["kk"],
        "no English summary: shown in Kazakh, marked"
    );
    let overview = parse(&out.join("ru/regions/index.html"));
    let names = texts(&overview, "table.regions tbody th a");
    assert_eq!(
        names,
        ["область Жетісу", "Павлодарская область"],
        "sorted by the Russian names"
    );
    assert_eq!(texts(&overview, ".bars .bar-value"), ["1\u{a0}655"]);
    assert_eq!(attrs(&overview, ".bars .bar", "class"), ["bar w-100"]);
    let quotas: Vec<Vec<String>> = overview
        .select(&sel("table.regions tbody tr"))
        .map(|row| {
            row.select(&sel("td.num"))
                .map(|cell| cell.text().collect::<String>().trim().to_owned())
                .take(2)
                .collect()
        })
        .collect();
    assert_eq!(
        quotas,
        [vec!["—", "—"], vec!["1\u{a0}655", "977"]],
        "resettlers, then qandastar, in each region's row"
    );
    let pavlodar = parse(&out.join("en/regions/pavlodar/index.html"));
    assert_eq!(
        texts(&pavlodar, "#quota + .table-scroll thead th"),
        ["Year", "Internal resettlers", "Qandastar"]
    );
    assert_eq!(
        texts(&pavlodar, "#quota + .table-scroll tbody tr:first-child > *"),
        ["2026", "1,655", "977"]
    );
}

#[test]
fn a_guide_references_a_region_and_the_region_lists_the_guide() {
    let site = Site::fixture("data_site");
    let out = site.build_ok(&[]);
    let guide = parse(&out.join("en/guides/quota/index.html"));
    let link = guide
        .select(&sel(".content a"))
        .next()
        .expect("a region link");
    assert_eq!(link.value().attr("href"), Some("../../regions/pavlodar/"));
    assert_eq!(link.text().collect::<String>(), "Pavlodar Region");
    let region = parse(&out.join("en/regions/pavlodar/index.html"));
    assert_eq!(texts(&region, "#guides + ul a"), ["Quota"]);
    let broken = broken_links(&out, "/");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn vacancy_listings_are_paginated_and_expired_vacancies_are_skipped() {
    let site = Site::fixture("data_site");
    let out = site.build(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("1 expired vacancies skipped"), "{summary}");
    let output = site.output();
    assert!(
        !output.join("en/vacancies/expired-1").exists(),
        "an expired vacancy is not published"
    );
    let first = parse(&output.join("ru/vacancies/region/pavlodar/index.html"));
    assert_eq!(first.select(&sel(".cards > li")).count(), 20);
    assert_eq!(texts(&first, "main > p strong"), ["25 открытых вакансий"]);
    assert_eq!(
        attrs(&first, ".pagination a[rel=next]", "href"),
        ["page/2/"]
    );
    let second = parse(&output.join("ru/vacancies/region/pavlodar/page/2/index.html"));
    assert_eq!(second.select(&sel(".cards > li")).count(), 5);
    assert_eq!(
        attrs(&second, ".pagination a[rel=prev]", "href"),
        ["../../"]
    );
    assert_eq!(texts(&second, ".pagination a[aria-current]"), ["2"]);
    let category = parse(&output.join("en/vacancies/category/education/index.html"));
    assert_eq!(
        category.select(&sel(".cards > li")).count(),
        2,
        "CSV and JSON vacancies together"
    );
    let overview = parse(&output.join("kk/vacancies/index.html"));
    assert_eq!(
        overview.select(&sel("main .notice")).count(),
        1,
        "sample data is announced"
    );
}

#[test]
fn crlf_csv_and_a_json_file_with_a_byte_order_mark_are_read() {
    let site = Site::fixture("data_site");
    let out = site.build_ok(&[]);
    let csv = parse(&out.join("en/vacancies/p-001/index.html"));
    assert_eq!(texts(&csv, "main h1"), ["Doctor 1"]);
    assert_eq!(texts(&csv, "main .lede"), ["ТОО \"Образец\", 1"]);
    let json = parse(&out.join("ru/vacancies/j-1/index.html"));
    assert_eq!(texts(&json, "main h1"), ["Учитель"]);
    assert!(texts(&json, ".facts dd strong").contains(&"250\u{a0}000 ₸ в месяц".to_owned()));
}

#[test]
fn vacancy_pages_carry_job_posting_data() {
    let site = Site::fixture("data_site");
    let out = site.build_ok(&[]);
    let page = parse(&out.join("en/vacancies/p-003/index.html"));
    let scripts = texts(&page, "script[type=\"application/ld+json\"]");
    assert_eq!(scripts.len(), 1);
    let posting: serde_json::Value = serde_json::from_str(&scripts[0]).expect("valid JSON-LD");
    assert_eq!(posting["@type"], "JobPosting");
    assert_eq!(posting["title"], "Doctor 3");
    assert_eq!(posting["validThrough"], "2027-01-31");
    assert_eq!(posting["employmentType"], "FULL_TIME");
    assert_eq!(posting["baseSalary"]["currency"], "KZT");
    assert_eq!(posting["baseSalary"]["value"]["minValue"], 303000);
    assert_eq!(
        posting["jobLocation"]["address"]["addressRegion"],
        "Pavlodar Region"
    );
}

#[test]
fn untrusted_vacancy_text_never_becomes_markup() {
    let site = Site::fixture("data_site");
    let out = site.build_ok(&[]);
    for lang in ["kk", "ru", "en"] {
        let html = std::fs::read_to_string(out.join(format!("{lang}/vacancies/xss-1/index.html")))
            .expect("page");
        let page = scraper::Html::parse_document(&html);
        let executable = page
            .select(&sel("script"))
            .filter(|s| s.value().attr("src").is_none())
            .filter(|s| {
                !matches!(
                    s.value().attr("type"),
                    Some("application/json" | "application/ld+json")
                )
            })
            .count();
        assert_eq!(
            executable, 0,
            "no inline script: vacancy text cannot open one"
        );
        assert_eq!(
            page.select(&sel("main img, main b, main .contact a"))
                .count(),
            0,
            "{lang}"
        );
        let scripts = texts(&page, "script[type=\"application/ld+json\"]");
        let posting: serde_json::Value = serde_json::from_str(&scripts[0]).expect("valid JSON-LD");
        assert_eq!(posting["hiringOrganization"]["name"], "Evil <b>Corp</b>");
        assert!(
            !scripts[0].contains('<'),
            "no raw < inside the script element"
        );
        assert_eq!(
            texts(&page, ".contact"),
            ["<a href=javascript:alert(3)>call</a>"]
        );
    }
    let ru = parse(&out.join("ru/vacancies/xss-1/index.html"));
    assert_eq!(
        texts(&ru, "main h1"),
        ["</script><script>alert(1)</script>"]
    );
    assert_eq!(
        texts(&ru, "title"),
        ["</script><script>alert(1)</script> · Тест"]
    );
    let description = attrs(&ru, "meta[name=description]", "content");
    assert!(
        description[0].starts_with("Evil <b>Corp</b> · "),
        "{description:?}"
    );
}

#[test]
fn every_data_problem_is_reported_with_its_place_in_one_run() {
    let site = Site::fixture("bad_data");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let report = stderr(&out);
    let found: Vec<&str> = report.lines().filter(|l| l.contains(": error[")).collect();
    assert_eq!(
        found,
        [
            "content/regions/broken.yaml:6:1: error[region-data]: unknown field `quotas`, expected one of kind, name, variants, centre, takes_qandastar, takes_resettlers, quota, summary, support, priority_professions, localities, centres, sources, reviewed",
            "content/vacancies/a.csv:3:18: error[vacancy-data]: unknown region `mars`",
            "content/vacancies/a.csv:4:11: error[vacancy-data]: `employer` is required",
            "content/vacancies/a.csv:5:36: error[vacancy-data]: salary_min 300000 is more than salary_max 250000",
            "content/vacancies/a.csv:6:57: error[vacancy-data]: `posted`: invalid date `2026-02-30`: there is no such day in the calendar; write dates as YYYY-MM-DD, e.g. 2026-11-23",
            "content/vacancies/a.csv:7:1: error[vacancy-data]: duplicate vacancy id `ok-1` (first in a.csv at line 2)",
            "content/vacancies/a.csv:8:1: error[vacancy-data]: this row has 9 fields; the header has 10",
            "content/vacancies/a.csv:9:5: error[vacancy-data]: column `title_en` is not valid UTF-8 text",
            "content/vacancies/b.csv:1:38: error[vacancy-data]: unknown column `salary`",
            "content/vacancies/c.json:3:4: error[vacancy-data]: unknown category `cooking`",
            "content/vacancies/c.json:4:4: error[vacancy-data]: unknown field `bonus`",
            "content/vacancies/c.json:5:3: error[vacancy-data]: the vacancy has no title",
            "content/vacancies/c.json:5:17: error[vacancy-data]: `title` must be an object of languages",
        ],
        "{report}"
    );
    assert!(report.contains("did you mean `quota`?"), "{report}");
    assert!(!site.output().exists());
}

#[test]
fn a_reference_to_an_unknown_region_is_reported_at_its_place() {
    let site = Site::fixture("bad_data");
    for broken in [
        "content/regions/broken.yaml",
        "content/vacancies/a.csv",
        "content/vacancies/b.csv",
        "content/vacancies/c.json",
    ] {
        std::fs::remove_file(site.root.join(broken)).expect("remove");
    }
    let out = site.build(&[]);
    let report = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        report.lines().next(),
        Some("content/guides/ref.en.md:6:9: error[broken-link]: unknown region `mars`"),
        "{report}"
    );
}

#[test]
fn the_bundled_portal_has_all_twenty_regions_and_sample_vacancies() {
    let (_tmp, output) = common::build_portal();
    for lang in ["kk", "ru", "en"] {
        let overview = parse(&output.join(format!("{lang}/regions/index.html")));
        assert_eq!(
            overview.select(&sel("table.regions tbody tr")).count(),
            20,
            "{lang}"
        );
    }
    let quota = parse(&output.join("ru/guides/regional-quota/index.html"));
    let regions: Vec<String> = attrs(&quota, ".content a", "href")
        .into_iter()
        .filter(|h| h.contains("/regions/"))
        .collect();
    assert!(
        regions.len() >= 8,
        "the quota guide links the quota regions: {regions:?}"
    );
    let vacancies = parse(&output.join("en/vacancies/index.html"));
    let count = texts(&vacancies, "main > p strong");
    let open: usize = count[0]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    // The rows of content/vacancies/sample-export.{csv,json} still open on 2026-11-23.
    assert_eq!(open, 288, "{count:?}");
    assert_eq!(
        vacancies.select(&sel("main .notice")).count(),
        1,
        "marked as sample data"
    );
}

#[test]
fn the_bundled_sample_export_is_what_the_generator_writes() {
    let synth = std::process::Command::new(env!("CARGO_BIN_EXE_bagdar-synth"))
        .args(["--count", "300", "--seed", "2026", "--today", "2026-11-23"])
        .output()
        .expect("run bagdar-synth");
    assert!(synth.status.success());
    let committed =
        std::fs::read(common::repo().join("content/vacancies/sample-export.csv")).expect("sample");
    assert!(
        synth.stdout == committed,
        "regenerate content/vacancies/sample-export.csv with bagdar-synth"
    );
}

/// A vacancy export of `rows` rows, each with an unknown region: a feed that sends region
/// names where Bagdar expects ids gets every row wrong.
fn export_with_every_row_wrong(rows: usize) -> String {
    let mut csv = String::from("id,title_en,employer,region,category,contact,posted,expires\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "bad-{i},Cook {i},Cafe,mars,healthcare,+7 700 000 00 00,2026-11-01,2027-01-31\n"
        ));
    }
    csv
}

/// The findings of `bagdar check --format json` in `file` (relative to the root).
fn findings_in(site: &Site, file: &str) -> Vec<serde_json::Value> {
    let root = site.root.to_str().expect("utf-8 path");
    let out = common::bagdar(&[
        "check",
        "--root",
        root,
        "--today",
        "2026-11-23",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .filter(|row: &serde_json::Value| row["file"] == file)
        .collect()
}

#[test]
fn an_export_with_every_row_wrong_lists_fifty_problems_and_counts_the_rest() {
    let site = Site::fixture("data_site");
    let file = "content/vacancies/export.csv";
    std::fs::write(site.root.join(file), export_with_every_row_wrong(60_000)).expect("write");
    let rows = findings_in(&site, file);
    assert_eq!(rows.len(), 51, "50 problems and one line for the rest");
    for (i, row) in rows[..50].iter().enumerate() {
        assert_eq!(row["message"], "unknown region `mars`", "{row}");
        assert_eq!(row["line"], i + 2, "{row}");
        let column = format!("bad-{i},Cook {i},Cafe,").len() + 1;
        assert_eq!(row["column"], column, "{row}");
    }
    let rest = &rows[50];
    assert_eq!(rest["code"], "vacancy-data");
    assert_eq!(rest["severity"], "error");
    assert_eq!(rest["message"], "…and 59950 more problems in this file");
    assert_eq!(rest["line"], 52, "the first problem not listed: {rest}");
    let hint = rest["hint"].as_str().unwrap_or_default();
    assert!(hint.contains("only the first 50"), "{hint}");
}

#[test]
fn each_file_has_its_own_cap_and_a_duplicate_counts_towards_it() {
    let site = Site::fixture("data_site");
    let mut json = String::from("[\n");
    for i in 0..55 {
        json.push_str(&format!(
            "{{\"id\": \"j-{i}\", \"title\": {{\"en\": \"Cook\"}}, \"employer\": \"Cafe\", \"region\": \"jetisu\", \
             \"category\": \"cooking\", \"contact\": \"+7 700\", \"posted\": \"2026-11-01\", \"expires\": \"2027-01-31\"}},\n"
        ));
    }
    // The last element is valid but repeats the id of a vacancy in vacancies.csv, which is read
    // first (files are read in the order of their names).
    json.push_str(
        "{\"id\": \"p-000\", \"title\": {\"en\": \"Cook\"}, \"employer\": \"Cafe\", \"region\": \"jetisu\", \
         \"category\": \"education\", \"contact\": \"+7 700\", \"posted\": \"2026-11-01\", \"expires\": \"2027-01-31\"}\n]\n",
    );
    std::fs::write(site.root.join("content/vacancies/wrong.json"), json).expect("write");
    std::fs::write(
        site.root.join("content/vacancies/export.csv"),
        export_with_every_row_wrong(3),
    )
    .expect("write");
    let rows = findings_in(&site, "content/vacancies/wrong.json");
    assert_eq!(rows.len(), 51);
    assert!(
        rows[..50]
            .iter()
            .all(|r| r["message"] == "unknown category `cooking`")
    );
    assert_eq!(rows[50]["message"], "…and 6 more problems in this file");
    assert_eq!(rows[50]["line"], 52);
    let rows = findings_in(&site, "content/vacancies/export.csv");
    let lines: Vec<&serde_json::Value> = rows.iter().map(|r| &r["line"]).collect();
    assert_eq!(lines, [2, 3, 4], "{rows:?}");
}

#[test]
fn the_sitemap_lists_every_page_written_but_the_stand_ins_and_the_404_page() {
    let site = Site::fixture("data_site");
    let base = "https://centre.example/portal/";
    let output = site.build_ok(&["--base-url", base]);
    let mut written = std::collections::BTreeSet::new();
    for page in common::html_files(&output) {
        if page.file_name().is_none_or(|n| n != "index.html") {
            continue;
        }
        let doc = parse(&output.join(&page));
        let robots = attrs(&doc, "meta[name=robots]", "content");
        if robots.iter().any(|r| r.contains("noindex")) {
            continue;
        }
        let dir = page.parent().map(|p| p.to_string_lossy().into_owned());
        let dir = dir.filter(|d| !d.is_empty()).map(|d| format!("{d}/"));
        written.insert(format!("{base}{}", dir.unwrap_or_default()));
    }
    assert!(
        written.contains(&format!("{base}ru/vacancies/region/pavlodar/page/2/")),
        "the fixture has a listing of two pages"
    );
    let xml = std::fs::read_to_string(output.join("sitemap.xml")).expect("sitemap");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let urls: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let locs: Vec<String> = urls
        .iter()
        .filter_map(|u| u.children().find(|c| c.has_tag_name("loc")))
        .filter_map(|l| l.text().map(str::to_owned))
        .collect();
    assert_eq!(locs.len(), urls.len(), "every <url> has one <loc>");
    let listed: std::collections::BTreeSet<String> = locs.iter().cloned().collect();
    assert_eq!(listed.len(), locs.len(), "no address is listed twice");
    let missing: Vec<&String> = written.difference(&listed).collect();
    let extra: Vec<&String> = listed.difference(&written).collect();
    assert!(missing.is_empty(), "pages not in the sitemap: {missing:#?}");
    assert!(
        extra.is_empty(),
        "sitemap addresses with no page: {extra:#?}"
    );
    let alternates: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("link"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(
        alternates.iter().all(|a| listed.contains(*a)),
        "every alternate is a listed page"
    );
}

#[test]
fn a_link_to_a_vacancy_that_expired_is_a_warning_and_leads_to_the_listing() {
    let site = Site::fixture("data_site");
    let guide = site.root.join("content/guides/quota.en.md");
    let mut text = std::fs::read_to_string(&guide).expect("read");
    text.push_str("\nApply for [the teacher's job](@/vacancies/j-1).\n");
    std::fs::write(&guide, text).expect("write");
    let root = site.root.to_str().expect("utf-8 path");
    let page = std::path::Path::new("en/guides/quota/index.html");
    let job_link = |output: &std::path::Path| {
        let doc = parse(&output.join(page));
        let href = attrs(&doc, ".content a", "href")
            .into_iter()
            .find(|h| h.contains("vacancies") && !h.contains("region"))
            .expect("the link to the vacancy");
        common::resolve(page, &href, "/").map(|(file, _)| file)
    };

    // j-1 is open until 2027-01-01, that day included.
    let out = common::bagdar(&["build", "--root", root, "--today", "2027-01-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("expired-vacancy-link"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        job_link(&site.output()),
        Some("en/vacancies/j-1/index.html".into())
    );

    let out = common::bagdar(&["build", "--root", root, "--today", "2027-01-02"]);
    let report = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning, not an error: {report}"
    );
    assert_eq!(
        report
            .lines()
            .find(|l| l.contains("[expired-vacancy-link]")),
        Some(
            "content/guides/quota.en.md:9:11: warning[expired-vacancy-link]: the vacancy `j-1` \
             expired on 2027-01-01; the link leads to the vacancy listing instead"
        ),
        "{report}"
    );
    assert!(report.contains("= help: "), "{report}");
    assert_eq!(
        job_link(&site.output()),
        Some("en/vacancies/index.html".into())
    );
    let out = common::bagdar(&[
        "check",
        "--root",
        root,
        "--today",
        "2027-01-02",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let expired: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .filter(|f: &serde_json::Value| f["code"] == "expired-vacancy-link")
        .collect();
    assert_eq!(expired.len(), 1, "{stdout}");
    assert_eq!(expired[0]["severity"], "warning");
    assert_eq!(expired[0]["line"], 9);
}

/// The bundled portal's regions and categories, which the synthetic exports use.
fn bundled_known() -> (
    std::collections::BTreeSet<bagdar::content::regions::RegionId>,
    bagdar::content::categories::Categories,
) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (regions, problems) = bagdar::content::regions::load(root);
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
    let categories = bagdar::content::categories::load(root).expect("the bundled categories");
    (regions.into_iter().map(|r| r.id).collect(), categories)
}

#[test]
fn a_national_export_in_one_file_is_read_whole_as_csv_and_as_json() {
    use bagdar::content::vacancies;
    let (regions, categories) = bundled_known();
    let known = vacancies::Known {
        regions: &regions,
        categories: &categories,
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join(vacancies::VACANCIES_DIR);
    std::fs::create_dir_all(&folder).expect("mkdir");
    // The export `bagdar-synth --site --pages 300000` writes: 84,122 vacancies.
    let today: bagdar_synth::Date = "2026-11-23".parse().expect("a date");
    let csv = bagdar_synth::vacancies_csv(84_122, 7, today);
    assert!(
        csv.len() > 32 << 20,
        "{} bytes: past the limit on guides",
        csv.len()
    );
    std::fs::write(folder.join("national.csv"), &csv).expect("write");
    let (loaded, problems) = vacancies::load(dir.path(), &known);
    assert!(
        problems.is_empty(),
        "{:?}",
        &problems[..problems.len().min(3)]
    );
    assert_eq!(loaded.len(), 84_122);
    let last = loaded.last().expect("a vacancy");
    assert_eq!(
        last.line,
        csv.lines().count(),
        "the last row, on the file's last line"
    );
    std::fs::remove_file(folder.join("national.csv")).expect("rm");

    // The same size as JSON, minified on one line: one element at a time, columns exact.
    let region = regions.first().expect("a region").to_string();
    let category = categories.keys().next().expect("a category").to_string();
    let mut json = String::from("[");
    for i in 0..84_122 {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!(
            "{{\"id\":\"n-{i}\",\"title\":{{\"ru\":\"Повар {i}\"}},\"employer\":\"Кафе «Дала»\",\
             \"region\":\"{region}\",\"category\":\"{category}\",\"contact\":\"+7 700 000 00 00\",\
             \"duties\":\"{}\",\"posted\":\"2026-11-01\",\"expires\":\"2027-01-31\"}}",
            "Готовить блюда казахской кухни. ".repeat(4)
        ));
    }
    let bad = format!(
        ",{{\"id\":\"n-last\",\"title\":{{\"en\":\"Cook\"}},\"employer\":\"Cafe\",\"region\":\"mars\",\
         \"category\":\"{category}\",\"contact\":\"+7\",\"posted\":\"2026-11-01\",\"expires\":\"2027-01-31\"}}]"
    );
    let column = json.chars().count() + bad.find("\"region\"").expect("region") + 1;
    json.push_str(&bad);
    assert!(json.len() > 32 << 20, "{} bytes", json.len());
    std::fs::write(folder.join("national.json"), &json).expect("write");
    let (loaded, problems) = vacancies::load(dir.path(), &known);
    assert_eq!(loaded.len(), 84_122);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].message, "unknown region `mars`");
    assert_eq!(
        (problems[0].line, problems[0].column),
        (Some(1), Some(column))
    );
    let snippet = problems[0].source_line.as_deref().unwrap_or_default();
    assert!(snippet.contains("\"region\":\"mars\""), "{snippet}");
}
