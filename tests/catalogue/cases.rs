//! The catalogue's cases: for each, its name (and fixture folder), the changes to the site
//! that cannot be committed as files, and the exact errors the build must report.

use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// One bad input and the errors the build must report for it, in order.
pub(crate) struct Case {
    /// The case's name, and its folder under `tests/fixtures/catalogue/` when it has one.
    pub(crate) name: &'static str,
    /// Changes to the site that cannot be committed as files.
    pub(crate) setup: fn(&Path),
    /// Every `error[…]` line of the report.
    pub(crate) errors: &'static [&'static str],
}

pub(crate) fn nothing(_: &Path) {}

const BASE_CSV_HEADER: &str = "id,title_en,employer,region,category,contact,posted,expires\n";

/// A 50 MB file: far past the 16 MiB limit on any file an editor writes.
const HUGE: usize = 50 * 1024 * 1024;

/// 600 MB: past the 512 MiB limit on a vacancy export.
const HUGE_EXPORT: u64 = 600 * 1024 * 1024;

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn huge_guide(root: &Path) {
    let mut text = b"---\ntitle: \"Huge\"\nreviewed: 2026-11-01\n---\n".to_vec();
    text.resize(HUGE, b'a');
    write(root, "content/guides/huge.en.md", text);
}

/// A sparse file past the limit on a vacancy export: refused by its size, before it is read.
fn huge_csv(root: &Path) {
    let path = root.join("content/vacancies/huge.csv");
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(HUGE_EXPORT).expect("set_len");
}

/// A quote opened in a row and never closed: the row would run to the end of the file.
fn unclosed_quote_csv(root: &Path) {
    let mut text = format!("{BASE_CSV_HEADER}open-1,\"Doctor");
    text.push_str(&"no closing quote, ".repeat(70_000));
    write(root, "content/vacancies/open.csv", text);
}

fn missing_comma_json(root: &Path) {
    let vacancy = r#"{"id": "a", "title": {"en": "Doctor"}, "employer": "Clinic", "region": "pavlodar", "category": "healthcare", "contact": "+7", "posted": "2026-11-01", "expires": "2027-01-31"}"#;
    write(
        root,
        "content/vacancies/comma.json",
        format!(
            "[\n  {vacancy}\n  {}\n]\n",
            vacancy.replace("\"a\"", "\"b\"")
        ),
    );
}

fn trailing_comma_json(root: &Path) {
    write(root, "content/vacancies/comma.json", "[\n  1,\n]\n");
}

fn bom_guide(root: &Path) {
    write(
        root,
        "content/guides/bom.en.md",
        "\u{feff}---\ntitle: \"BOM\"\nreviewed: 2026-02-30\n---\n",
    );
}

fn bom_region(root: &Path) {
    write(
        root,
        "content/regions/astana.yaml",
        "\u{feff}kind: city\nname: {en: \"Astana\"}\ntakes_qandastar: false\ntakes_resettlers: false\nreviewed: 2026-02-30\n",
    );
}

fn bom_csv(root: &Path) {
    write(
        root,
        "content/vacancies/bom.csv",
        format!(
            "\u{feff}{BASE_CSV_HEADER}bom-1,Doctor,Clinic,mars,healthcare,+7 700 000 00 00,2026-11-01,2027-01-31\n"
        ),
    );
}

fn crlf_guide(root: &Path) {
    write(
        root,
        "content/guides/crlf.en.md",
        "---\r\ntitle: \"CRLF\"\r\nreviewed: 2026-02-30\r\n---\r\n",
    );
}

fn crlf_region(root: &Path) {
    write(
        root,
        "content/regions/astana.yaml",
        "kind: city\r\nname: {en: \"Astana\"}\r\ntakes_qandastar: false\r\ntakes_resettlers: false\r\nreviewed: 2026-02-30\r\n",
    );
}

fn crlf_csv(root: &Path) {
    write(
        root,
        "content/vacancies/crlf.csv",
        format!(
            "{}crlf-1,Doctor,Clinic,pavlodar,healthcare,+7 700 000 00 00,2026-11-01,2027-01-31\r\ncrlf-2,Doctor,Clinic,mars,healthcare,+7 700 000 00 00,2026-11-01,2027-01-31\r\n",
            BASE_CSV_HEADER.replace('\n', "\r\n")
        ),
    );
}

fn invalid_utf8_region(root: &Path) {
    write(
        root,
        "content/regions/astana.yaml",
        b"kind: city\nname: {en: \"Ast\xffna\"}\n",
    );
}

fn invalid_utf8_config(root: &Path) {
    write(
        root,
        "bagdar.yaml",
        b"languages:\n  - {code: en, title: \"Cat\xe9logue\", description: \"x\"}\n",
    );
}

fn invalid_utf8_json(root: &Path) {
    write(
        root,
        "content/vacancies/latin1.json",
        b"[\n  {\"id\": \"caf\xe9-1\"}\n]\n",
    );
}

fn id_nul_csv(root: &Path) {
    write(
        root,
        "content/vacancies/ids.csv",
        format!(
            "{BASE_CSV_HEADER}nul\0id,Doctor,Clinic,pavlodar,healthcare,+7 700 000 00 00,2026-11-01,2027-01-31\n"
        ),
    );
}

fn id_control_csv(root: &Path) {
    write(
        root,
        "content/vacancies/ids.csv",
        format!(
            "{BASE_CSV_HEADER}esc\x1b[31m,Doctor,Clinic,pavlodar,healthcare,+7 700 000 00 00,2026-11-01,2027-01-31\n"
        ),
    );
}

fn control_file_name(root: &Path) {
    let name = std::ffi::OsStr::from_bytes(b"bell\x07.en.md");
    std::fs::write(
        root.join("content/guides").join(name),
        "---\ntitle: \"Bell\"\nreviewed: 2026-11-01\n---\n",
    )
    .expect("write");
}

fn alias_flood(root: &Path) {
    let aliases = vec!["*a"; 1001].join(", ");
    write(
        root,
        "content/regions/astana.yaml",
        format!(
            "kind: city\nname: {{en: \"Astana\"}}\ntakes_qandastar: false\ntakes_resettlers: false\nvariants: [&a lol, {aliases}]\n"
        ),
    );
}

fn symlink_loop(root: &Path) {
    std::os::unix::fs::symlink("..", root.join("content/guides/loop")).expect("symlink");
}

fn symlink_cycle(root: &Path) {
    let guides = root.join("content/guides");
    std::os::unix::fs::symlink("b", guides.join("a")).expect("symlink");
    std::os::unix::fs::symlink("a", guides.join("b")).expect("symlink");
}

pub(crate) const CASES: &[Case] = &[
    // Empty files.
    Case {
        name: "empty_guide",
        setup: nothing,
        errors: &[
            "content/guides/empty.en.md:1:1: error[front-matter]: the file does not start with front matter",
        ],
    },
    Case {
        name: "empty_region",
        setup: nothing,
        errors: &["content/regions/astana.yaml:1:1: error[region-data]: unexpected end of input"],
    },
    Case {
        name: "empty_csv",
        setup: nothing,
        errors: &[
            "content/vacancies/empty.csv:1:1: error[vacancy-data]: the file is empty; a vacancy export starts with a header row",
        ],
    },
    Case {
        name: "empty_json",
        setup: nothing,
        errors: &[
            "content/vacancies/empty.json:1:1: error[vacancy-data]: EOF while parsing a value",
        ],
    },
    Case {
        name: "empty_config",
        setup: nothing,
        errors: &["bagdar.yaml:1:1: error[config]: unexpected end of input"],
    },
    Case {
        name: "empty_categories",
        setup: nothing,
        errors: &[
            "content/vacancies/jobs.csv:2:30: error[vacancy-data]: unknown category `healthcare`",
            "content/vacancies/more.json:3:4: error[vacancy-data]: unknown category `healthcare`",
        ],
    },
    // A guide's change note needs its date, placed at the note; an impossible date at the date.
    Case {
        name: "change_without_date",
        setup: nothing,
        errors: &[
            "content/guides/changed.en.md:6:5: error[front-matter]: a change note has no `date`",
        ],
    },
    Case {
        name: "change_bad_date",
        setup: nothing,
        errors: &[
            "content/guides/changed.en.md:5:11: error[front-matter]: invalid date `2026-06-31`: there is no such day in the calendar; write dates as YYYY-MM-DD, e.g. 2026-11-23",
        ],
    },
    // News items: a region that does not exist is placed at its name in the list; a missing
    // date at the top of the file, an impossible one at the date; a second file with the same
    // slug and language (folders only sort files) at the second; no title at the top.
    Case {
        name: "news_unknown_region",
        setup: nothing,
        errors: &[
            "content/news/quota-opens.en.md:4:21: error[front-matter]: `atlantis` is not a region of the site",
        ],
    },
    Case {
        name: "news_missing_date",
        setup: nothing,
        errors: &["content/news/undated.en.md:1:1: error[front-matter]: missing `date`"],
    },
    Case {
        name: "news_bad_date",
        setup: nothing,
        errors: &[
            "content/news/bad-date.en.md:3:7: error[front-matter]: invalid date `2026-02-30`: there is no such day in the calendar; write dates as YYYY-MM-DD, e.g. 2026-11-23",
        ],
    },
    Case {
        name: "news_duplicate_slug",
        setup: nothing,
        errors: &[
            "content/news/quota-opens.en.md:1:1: error[url-collision]: the news item `quota-opens` in English is also content/news/2026/quota-opens.en.md",
        ],
    },
    Case {
        name: "news_missing_title",
        setup: nothing,
        errors: &["content/news/untitled.en.md:1:1: error[front-matter]: missing field `title`"],
    },
    // A byte-order mark is accepted, and does not shift the columns of what follows.
    Case {
        name: "bom_guide",
        setup: bom_guide,
        errors: &[
            "content/guides/bom.en.md:3:11: error[front-matter]: invalid date `2026-02-30`: there is no such day in the calendar; write dates as YYYY-MM-DD, e.g. 2026-11-23",
        ],
    },
    Case {
        name: "bom_region",
        setup: bom_region,
        errors: &[
            "content/regions/astana.yaml:5:11: error[region-data]: invalid date `2026-02-30`: there is no such day in the calendar; write dates as YYYY-MM-DD, e.g. 2026-11-23",
        ],
    },
    Case {
        name: "bom_csv",
        setup: bom_csv,
        errors: &["content/vacancies/bom.csv:2:21: error[vacancy-data]: unknown region `mars`"],
    },
    // CRLF line endings are accepted, and lines and columns are counted as with LF.
    Case {
        name: "crlf_guide",
        setup: crlf_guide,
        errors: &[
            "content/guides/crlf.en.md:3:11: error[front-matter]: invalid date `2026-02-30`: there is no such day in the calendar; write dates as YYYY-MM-DD, e.g. 2026-11-23",
        ],
    },
    Case {
        name: "crlf_region",
        setup: crlf_region,
        errors: &[
            "content/regions/astana.yaml:5:11: error[region-data]: invalid date `2026-02-30`: there is no such day in the calendar; write dates as YYYY-MM-DD, e.g. 2026-11-23",
        ],
    },
    Case {
        name: "crlf_csv",
        setup: crlf_csv,
        errors: &["content/vacancies/crlf.csv:3:22: error[vacancy-data]: unknown region `mars`"],
    },
    // Bytes that are not UTF-8.
    Case {
        name: "invalid_utf8_region",
        setup: invalid_utf8_region,
        errors: &[
            "content/regions/astana.yaml:2:16: error[unreadable-file]: the file is not valid UTF-8 text",
        ],
    },
    Case {
        name: "invalid_utf8_config",
        setup: invalid_utf8_config,
        errors: &["bagdar.yaml:2:27: error[unreadable-file]: the file is not valid UTF-8 text"],
    },
    Case {
        name: "invalid_utf8_json",
        setup: invalid_utf8_json,
        errors: &[
            "content/vacancies/latin1.json:2:14: error[vacancy-data]: the file is not valid UTF-8 text",
        ],
    },
    // 50 MB files, and a 600 MB vacancy export.
    Case {
        name: "huge_guide",
        setup: huge_guide,
        errors: &[
            "content/guides/huge.en.md: error[unreadable-file]: the file is 52428800 bytes; the limit is 16777216 bytes",
        ],
    },
    Case {
        name: "huge_csv",
        setup: huge_csv,
        errors: &[
            "content/vacancies/huge.csv: error[unreadable-file]: the file is 629145600 bytes; the limit for a vacancy export is 536870912 bytes",
        ],
    },
    // A row or an element that never ends, and JSON broken between elements.
    Case {
        name: "unclosed_quote_csv",
        setup: unclosed_quote_csv,
        errors: &[
            "content/vacancies/open.csv:2:1: error[vacancy-data]: this row is longer than 1 MiB; the file is not read past it",
        ],
    },
    Case {
        name: "missing_comma_json",
        setup: missing_comma_json,
        errors: &["content/vacancies/comma.json:3:3: error[vacancy-data]: expected `,` or `]`"],
    },
    Case {
        name: "trailing_comma_json",
        setup: trailing_comma_json,
        errors: &[
            "content/vacancies/comma.json:2:3: error[vacancy-data]: each vacancy must be a JSON object",
            "content/vacancies/comma.json:3:1: error[vacancy-data]: trailing comma",
        ],
    },
    // 10,000 levels of nesting.
    Case {
        name: "deep_front_matter",
        setup: nothing,
        errors: &["content/guides/deep.en.md:4:262: error[front-matter]: recursion limit exceeded"],
    },
    Case {
        name: "deep_region",
        setup: nothing,
        errors: &["content/regions/astana.yaml:3:3: error[region-data]: expected mapping start"],
    },
    Case {
        name: "deep_json",
        setup: nothing,
        errors: &[
            "content/vacancies/deep.json:1:128: error[vacancy-data]: recursion limit exceeded",
        ],
    },
    // Anchors and aliases that would expand to a billion strings.
    Case {
        name: "billion_laughs",
        setup: nothing,
        errors: &[
            "content/regions/astana.yaml:6:8: error[region-data]: expected text (one value, not a list or a map)",
        ],
    },
    Case {
        name: "alias_flood",
        setup: alias_flood,
        errors: &[
            "content/regions/astana.yaml:5:4020: error[region-data]: more than 1000 aliases (`*name`): refused as a possible alias bomb",
        ],
    },
    // Duplicate keys.
    Case {
        name: "duplicate_key_front_matter",
        setup: nothing,
        errors: &[
            "content/guides/twice.en.md:4:1: error[front-matter]: the key `title` appears twice",
        ],
    },
    Case {
        name: "duplicate_key_region",
        setup: nothing,
        errors: &[
            "content/regions/astana.yaml:5:1: error[region-data]: the key `name` appears twice",
        ],
    },
    Case {
        name: "duplicate_key_json",
        setup: nothing,
        errors: &[
            "content/vacancies/twice.json:4:29: error[vacancy-data]: the key `employer` appears twice",
        ],
    },
    Case {
        name: "duplicate_column_csv",
        setup: nothing,
        errors: &[
            "content/vacancies/twice.csv:1:61: error[vacancy-data]: the column `employer` appears twice",
        ],
    },
    // Wrong types.
    Case {
        name: "wrong_type_front_matter",
        setup: nothing,
        errors: &["content/guides/typed.en.md:4:8: error[front-matter]: expected a whole number"],
    },
    Case {
        name: "wrong_type_title",
        setup: nothing,
        errors: &[
            "content/guides/typed.en.md:2:8: error[front-matter]: expected text (one value, not a list or a map)",
        ],
    },
    Case {
        name: "wrong_type_region",
        setup: nothing,
        errors: &["content/regions/astana.yaml:3:18: error[region-data]: expected true or false"],
    },
    Case {
        name: "wrong_type_json",
        setup: nothing,
        errors: &[
            "content/vacancies/typed.json:4:29: error[vacancy-data]: `salary_min` must be a whole number of tenge, not `lots`",
        ],
    },
    Case {
        name: "wrong_type_json_root",
        setup: nothing,
        errors: &[
            "content/vacancies/object.json:1:1: error[vacancy-data]: invalid type: map, expected a sequence",
        ],
    },
    // Dates that do not exist.
    Case {
        name: "impossible_date_region",
        setup: nothing,
        errors: &[
            "content/regions/astana.yaml:5:11: error[region-data]: invalid date `2026-02-30`: there is no such day in the calendar; write dates as YYYY-MM-DD, e.g. 2026-11-23",
        ],
    },
    Case {
        name: "impossible_date_json",
        setup: nothing,
        errors: &[
            "content/vacancies/date.json:4:4: error[vacancy-data]: `expires`: invalid date `2026-02-30`: there is no such day in the calendar; write dates as YYYY-MM-DD, e.g. 2026-11-23",
        ],
    },
    // Front matter never closed.
    Case {
        name: "unclosed_front_matter",
        setup: nothing,
        errors: &[
            "content/guides/open.en.md:1:1: error[front-matter]: the front matter is never closed",
        ],
    },
    // Ids, slugs and references with `../`, `/`, NUL or control characters.
    Case {
        name: "id_dotdot_csv",
        setup: nothing,
        errors: &[
            "content/vacancies/ids.csv:2:1: error[vacancy-data]: id `../../etc/passwd` is not usable in a URL",
        ],
    },
    Case {
        name: "id_slash_json",
        setup: nothing,
        errors: &[
            "content/vacancies/ids.json:2:4: error[vacancy-data]: id `a/b` is not usable in a URL",
        ],
    },
    Case {
        name: "id_nul_json",
        setup: nothing,
        errors: &[
            "content/vacancies/ids.json:2:4: error[vacancy-data]: id `a\\0b` is not usable in a URL",
        ],
    },
    Case {
        name: "id_nul_csv",
        setup: id_nul_csv,
        errors: &[
            "content/vacancies/ids.csv:2:1: error[vacancy-data]: id `nul\\0id` is not usable in a URL",
        ],
    },
    Case {
        name: "id_control_json",
        setup: nothing,
        errors: &[
            "content/vacancies/ids.json:2:4: error[vacancy-data]: id `bell\\u{7}` is not usable in a URL",
        ],
    },
    Case {
        name: "id_control_csv",
        setup: id_control_csv,
        errors: &[
            "content/vacancies/ids.csv:2:1: error[vacancy-data]: id `esc\\u{1b}[31m` is not usable in a URL",
        ],
    },
    Case {
        name: "control_file_name",
        setup: control_file_name,
        errors: &[
            "content/guides/bell�.en.md: error[file-layout]: `bell\\u{7}` is not a valid name for a URL: use lowercase Latin letters, digits and single hyphens, e.g. `residence-permit`",
        ],
    },
    Case {
        name: "region_reference_dotdot",
        setup: nothing,
        errors: &[
            "content/guides/quota.en.md:6:25: error[broken-link]: unknown region `../pavlodar`",
        ],
    },
    Case {
        name: "link_dotdot",
        setup: nothing,
        errors: &[
            "content/guides/quota.en.md:6:6: error[broken-link]: the link `@/guides/../../../etc/passwd` leads to no page",
        ],
    },
    Case {
        name: "vacancy_region_dotdot",
        setup: nothing,
        errors: &[
            "content/vacancies/jobs.csv:2:21: error[vacancy-data]: unknown region `../pavlodar`",
        ],
    },
    // Two sources for one address.
    Case {
        name: "same_url_guide_and_section",
        setup: nothing,
        errors: &[
            "content/guides/quota.en.md: error[url-collision]: this guide has the same URL as the section content/guides/quota/_index.en.md",
        ],
    },
    Case {
        name: "same_url_static_file",
        setup: nothing,
        errors: &[
            "static/en/guides/quota/index.html: error[url-collision]: en/guides/quota/index.html would replace a generated page",
        ],
    },
    // Symlink loops in content/.
    Case {
        name: "symlink_loop",
        setup: symlink_loop,
        errors: &[
            "content/guides/loop: error[unreadable-file]: this symlink forms a loop (it leads back to itself or to a folder holding it)",
        ],
    },
    Case {
        name: "symlink_cycle",
        setup: symlink_cycle,
        errors: &[
            "content/guides/a: error[unreadable-file]: this symlink forms a loop (it leads back to itself or to a folder holding it)",
            "content/guides/b: error[unreadable-file]: this symlink forms a loop (it leads back to itself or to a folder holding it)",
        ],
    },
    // The theme.
    Case {
        name: "template_render_fails",
        setup: nothing,
        errors: &[
            "themes/default/templates/guide.html: error[theme]: rendering /en/guides/quota/ failed: Failed to render 'guide.html': Variable `page.no_such_field.deeper` not found in context while rendering 'guide.html'",
        ],
    },
    Case {
        name: "template_parse_fails",
        setup: nothing,
        errors: &[
            "themes/default/templates/guide.html:2:23: error[theme]: the template does not parse: expected a value that can be negated",
        ],
    },
    Case {
        name: "missing_theme",
        setup: nothing,
        errors: &["themes/gone: error[theme]: the theme `gone` does not exist"],
    },
];
