//! Deterministic synthetic sites for the build benchmarks: guides in Kazakh, Russian and
//! English (headings, tables, lists, links between guides) and a vacancy export, in the
//! proportions of a portal that has grown, so a build of 1,000 or 50,000 pages reads like the
//! real one. The same Markdown can also be written as a Hugo site with a theme as plain as
//! ours, so both generators are timed on the same pages.
//!
//! About a fifth of the pages are guides, the rest vacancies (each open vacancy is a page in
//! every language) and the listings of regions and categories. One guide in ten has no English
//! version, as in the bundled portal.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use super::{SplitMix64, vacancies_csv};
use crate::{Date, add_days};

/// How many of each kind a synthetic site of a given size holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Guides (each in two or three languages).
    pub guides: usize,
    /// Guide sections (folders with an `_index` page).
    pub sections: usize,
    /// Vacancies in the export (about one in twenty has expired and makes no page).
    pub vacancies: usize,
}

/// Guides per section.
const GUIDES_PER_SECTION: usize = 40;

impl Plan {
    /// A plan for about `pages` pages in all, in three languages.
    pub fn for_pages(pages: usize) -> Plan {
        // Three pages for each guide; three for each open vacancy (19 in 20), plus about
        // 250 pages of homes, regions and listings that any size has.
        let guide_pages = pages / 5;
        let guides = (guide_pages / 3).max(1);
        let vacancy_pages = pages.saturating_sub(guide_pages + 250);
        let vacancies = vacancy_pages * 20 / 57;
        Plan {
            guides,
            sections: guides.div_ceil(GUIDES_PER_SECTION),
            vacancies,
        }
    }
}

/// The languages, in the order of the bundled configuration.
const LANGS: [&str; 3] = ["kk", "ru", "en"];

/// Words the synthetic text is made of, per language: the vocabulary of the real guides, so
/// the analyzers and the index see realistic terms (Kazakh letters, Russian endings).
#[rustfmt::skip]
const WORDS: [&[&str]; 3] = [
    &[
        "қандас", "мәртебесі", "азаматтық", "құжаттар", "өтініш", "квота", "өңір", "көшу",
        "баспана", "жұмыс", "жалақы", "субсидия", "әкімдік", "мансап", "орталығы", "отбасы",
        "балалар", "тіркеу", "төлқұжат", "виза", "рұқсат", "мерзімі", "күн", "ішінде",
        "бойынша", "қызмет", "көрсету", "халыққа", "арналған", "көмек", "желісі", "тегін",
        "кеңес", "алу", "үшін", "қажет", "тапсыру", "тексеру", "жылы", "ай", "сайын",
        "мемлекеттік", "бағдарлама", "ауыл", "маман", "несие", "жалдау", "сертификат",
        "оралман", "тіл", "курстары", "оқу",
    ],
    &[
        "кандас", "статус", "гражданство", "документы", "заявление", "квота", "регион",
        "переезд", "жильё", "работа", "зарплата", "субсидия", "акимат", "карьерный", "центр",
        "семья", "дети", "регистрация", "паспорт", "виза", "разрешение", "срок", "дней",
        "в течение", "по", "услуга", "для", "населения", "помощь", "линия", "бесплатно",
        "консультация", "получить", "нужно", "подать", "проверить", "году", "каждый", "месяц",
        "государственная", "программа", "село", "специалист", "кредит", "аренда", "сертификат",
        "переселенцы", "язык", "курсы", "обучение", "работодатель", "договор",
    ],
    &[
        "qandas", "status", "citizenship", "documents", "application", "quota", "region",
        "moving", "housing", "work", "salary", "subsidy", "akimat", "career", "centre",
        "family", "children", "registration", "passport", "visa", "permit", "deadline", "days",
        "within", "under", "service", "for", "residents", "help", "line", "free", "advice",
        "receive", "need", "submit", "check", "year", "every", "month", "state", "programme",
        "village", "specialist", "loan", "rent", "certificate", "resettlers", "language",
        "courses", "training", "employer", "contract",
    ],
];

/// Table headers, per language.
const TABLE_HEADS: [[&str; 3]; 3] = [
    ["Қадам", "Қайда", "Мерзімі"],
    ["Шаг", "Где", "Срок"],
    ["Step", "Where", "Deadline"],
];

/// Where a guide lives: its section and its number.
#[derive(Clone, Copy, Debug)]
struct GuideRef {
    section: usize,
    number: usize,
}

impl GuideRef {
    fn of(number: usize) -> GuideRef {
        GuideRef {
            section: number / GUIDES_PER_SECTION,
            number,
        }
    }

    /// The path below `content/guides/`, without the language.
    fn path(self) -> String {
        format!("s{:03}/g{:05}", self.section, self.number)
    }
}

/// How a generator spells a link to another guide's heading.
trait LinkStyle {
    fn link(&self, lang: &str, to: GuideRef, anchor: &str) -> String;
}

/// Bagdar's internal links: checked at build time.
struct BagdarLinks;

impl LinkStyle for BagdarLinks {
    fn link(&self, _lang: &str, to: GuideRef, anchor: &str) -> String {
        format!("@/guides/{}#{anchor}", to.path())
    }
}

/// Hugo: plain relative links from a guide's page (`/kk/guides/s000/g00001/`).
struct HugoLinks;

impl LinkStyle for HugoLinks {
    fn link(&self, _lang: &str, to: GuideRef, anchor: &str) -> String {
        format!("../../{}/#{anchor}", to.path())
    }
}

fn sentence(rng: &mut SplitMix64, lang: usize, out: &mut String) {
    let words = 8 + rng.below(9) as usize;
    for w in 0..words {
        let word = *rng.pick(WORDS[lang]);
        if w == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push('.');
}

fn paragraph(rng: &mut SplitMix64, lang: usize, out: &mut String, link: Option<(String, &str)>) {
    let sentences = 3 + rng.below(3);
    for s in 0..sentences {
        if s > 0 {
            out.push(' ');
        }
        sentence(rng, lang, out);
        if s == 1
            && let Some((target, text)) = &link
        {
            let _ = write!(out, " [{text}]({target}).");
        }
    }
    out.push_str("\n\n");
}

/// Which languages guide `number` has: one in ten has no English version.
fn guide_langs(number: usize) -> &'static [&'static str] {
    if number % 10 == 9 {
        &LANGS[..2]
    } else {
        &LANGS
    }
}

/// One guide in one language, front matter and Markdown, with links in `style`.
fn guide_text(
    number: usize,
    lang: usize,
    guides: usize,
    seed: u64,
    today: Date,
    style: &dyn LinkStyle,
) -> String {
    // Each guide draws from its own stream: the same guide reads the same at every size.
    let mut rng = SplitMix64::new(seed ^ (number as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut title = String::new();
    sentence(&mut rng, lang, &mut title);
    title.truncate(title.trim_end_matches('.').len());
    let title = title.split(' ').take(4).collect::<Vec<_>>().join(" ");
    let mut summary = String::new();
    sentence(&mut rng, lang, &mut summary);
    let reviewed = add_days(today, -(rng.below(300) as i32));
    let mut out = format!(
        "---\ntitle: \"{title} {number}\"\nsummary: \"{summary}\"\nreviewed: {reviewed}\n\
         order: {}\ntags: [synthetic]\nsources:\n  - title: \"egov.kz\"\n    url: \"https://egov.kz\"\n---\n\n",
        number % GUIDES_PER_SECTION
    );
    // Links reach guides that exist in every language (numbers not ending in 9).
    let target = |rng: &mut SplitMix64| {
        let mut to = rng.below(guides as u64) as usize;
        if to % 10 == 9 {
            to -= 1;
        }
        GuideRef::of(to)
    };
    let sections = 3 + rng.below(4) as usize;
    paragraph(&mut rng, lang, &mut out, None);
    for h in 0..sections {
        let mut heading = String::new();
        sentence(&mut rng, lang, &mut heading);
        let heading = heading.split(' ').take(3).collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "## {} {{#h{h}}}\n", heading.trim_end_matches('.'));
        let to = target(&mut rng);
        let anchor = format!("h{}", rng.below(3));
        paragraph(
            &mut rng,
            lang,
            &mut out,
            Some((style.link(LANGS[lang], to, &anchor), WORDS[lang][h % 10])),
        );
        match h % 3 {
            0 => {
                let head = TABLE_HEADS[lang];
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |\n|---|---|---|",
                    head[0], head[1], head[2]
                );
                for row in 0..3 + rng.below(3) {
                    let _ = writeln!(
                        out,
                        "| {} {} | {} | {} |",
                        rng.pick(WORDS[lang]),
                        row + 1,
                        rng.pick(WORDS[lang]),
                        5 + rng.below(60)
                    );
                }
                out.push('\n');
            }
            1 => {
                for item in 0..3 + rng.below(4) {
                    let mut text = String::new();
                    sentence(&mut rng, lang, &mut text);
                    let _ = writeln!(out, "{}. {text}", item + 1);
                }
                out.push('\n');
            }
            _ => paragraph(&mut rng, lang, &mut out, None),
        }
    }
    out
}

fn section_index(section: usize, lang: usize) -> String {
    let mut rng = SplitMix64::new(section as u64);
    let mut text = String::new();
    sentence(&mut rng, lang, &mut text);
    format!(
        "---\ntitle: \"{} {section}\"\nsummary: \"{text}\"\norder: {section}\n---\n\n{text}\n",
        ["Бөлім", "Раздел", "Section"][lang]
    )
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest)?;
        } else {
            std::fs::copy(entry.path(), &dest)?;
        }
    }
    Ok(())
}

/// Writes the guides of `plan` into `guides` (`content/guides`): the root and section
/// `_index` pages and every guide in its languages, links spelled in `style`.
fn write_guides(
    guides: &Path,
    plan: Plan,
    seed: u64,
    today: Date,
    style: &dyn LinkStyle,
) -> io::Result<()> {
    for (l, lang) in LANGS.iter().enumerate() {
        write(
            &guides.join(format!("_index.{lang}.md")),
            &format!(
                "---\ntitle: \"{}\"\norder: 0\n---\n",
                ["Анықтамалық", "Справочник", "Guides"][l]
            ),
        )?;
        for section in 0..plan.sections {
            write(
                &guides.join(format!("s{section:03}/_index.{lang}.md")),
                &section_index(section, l),
            )?;
        }
    }
    for number in 0..plan.guides {
        let at = GuideRef::of(number);
        for lang in guide_langs(number) {
            let l = LANGS.iter().position(|x| x == lang).unwrap_or(0);
            write(
                &guides.join(format!("{}.{lang}.md", at.path())),
                &guide_text(number, l, plan.guides, seed, today, style),
            )?;
        }
    }
    Ok(())
}

/// Writes a Bagdar site of about `pages` pages into the empty folder `out`: the configuration,
/// theme, static files, regions and categories of the site at `from`, with synthetic guides
/// and a synthetic vacancy export instead of its own.
pub fn write_bagdar(
    from: &Path,
    out: &Path,
    pages: usize,
    seed: u64,
    today: Date,
) -> io::Result<Plan> {
    let plan = Plan::for_pages(pages);
    std::fs::create_dir_all(out)?;
    std::fs::copy(from.join("bagdar.yaml"), out.join("bagdar.yaml"))?;
    for dir in ["themes", "static", "content/regions"] {
        if from.join(dir).is_dir() {
            copy_tree(&from.join(dir), &out.join(dir))?;
        }
    }
    let vacancies = out.join("content/vacancies");
    std::fs::create_dir_all(&vacancies)?;
    std::fs::copy(
        from.join("content/vacancies/categories.yaml"),
        vacancies.join("categories.yaml"),
    )?;
    write(
        &vacancies.join("synthetic.csv"),
        &vacancies_csv(plan.vacancies, seed, today),
    )?;
    write_guides(&out.join("content/guides"), plan, seed, today, &BagdarLinks)?;
    Ok(plan)
}

/// The Hugo site's configuration: the same three languages, every page in a language folder,
/// vacancies grouped by region and category (as Bagdar's listings do), no feeds (Bagdar
/// writes none).
const HUGO_CONFIG: &str = r#"baseURL = "/"
relativeURLs = true
defaultContentLanguage = "kk"
defaultContentLanguageInSubdir = true
disableKinds = ["RSS"]
paginate = 20
[taxonomies]
region = "regions"
category = "categories"
[languages.kk]
weight = 1
title = "Бағдар"
[languages.ru]
weight = 2
title = "Бағдар"
[languages.en]
weight = 3
title = "Bagdar"
[markup.goldmark.parser.attribute]
title = true
"#;

/// A Hugo theme as plain as Bagdar's: one base layout with the language switcher, a page with
/// its table of contents and sources, lists, and a vacancy page with its details table.
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r#"<!doctype html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">
{{ end }}<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "" | relLangURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Translations }}<a hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Language.Lang }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}<nav class="crumbs">{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> › {{ end }}</nav>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ with .Params.reviewed }}<p>{{ . }}</p>{{ end }}
<aside>{{ .TableOfContents }}</aside>
{{ .Content }}
{{ with .Params.sources }}<ul class="sources">{{ range . }}<li><a href="{{ .url }}">{{ .title }}</a></li>{{ end }}</ul>{{ end }}
{{ end }}
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} — {{ . }}{{ end }}</li>{{ end }}</ul>
{{ with .Paginator }}{{ if .HasPrev }}<a href="{{ .Prev.URL }}">←</a>{{ end }} {{ .PageNumber }} / {{ .TotalPages }} {{ if .HasNext }}<a href="{{ .Next.URL }}">→</a>{{ end }}{{ end }}
{{ end }}
"#,
    ),
    (
        "vacancies/single.html",
        r#"{{ define "main" }}<p class="sample">{{ .Params.sample }}</p>
<h1>{{ .Title }}</h1>
<table>
<tr><th>employer</th><td>{{ .Params.employer }}</td></tr>
<tr><th>region</th><td>{{ range .GetTerms "regions" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</td></tr>
<tr><th>locality</th><td>{{ .Params.locality }}</td></tr>
<tr><th>category</th><td>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</td></tr>
<tr><th>salary</th><td>{{ .Params.salary }}</td></tr>
<tr><th>schedule</th><td>{{ .Params.schedule }}</td></tr>
<tr><th>expires</th><td>{{ .Params.expires }}</td></tr>
<tr><th>contact</th><td>{{ .Params.contact }}</td></tr>
</table>
{{ .Content }}
{{ end }}
"#,
    ),
];

/// Quotes a string for YAML front matter.
fn yaml_str(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes the same guides, and one Markdown page per open vacancy and language (what a Hugo
/// site would convert an export into), as a Hugo site in the empty folder `out`.
pub fn write_hugo(out: &Path, pages: usize, seed: u64, today: Date) -> io::Result<Plan> {
    let plan = Plan::for_pages(pages);
    write(&out.join("hugo.toml"), HUGO_CONFIG)?;
    for (path, text) in HUGO_LAYOUTS {
        write(&out.join("layouts").join(path), text)?;
    }
    write(
        &out.join("static/style.css"),
        "body{max-width:42rem;margin:auto;font:1rem/1.5 system-ui}\n",
    )?;
    let content = out.join("content");
    for (l, lang) in LANGS.iter().enumerate() {
        write(
            &content.join(format!("vacancies/_index.{lang}.md")),
            &format!(
                "---\ntitle: \"{}\"\n---\n",
                ["Бос орындар", "Вакансии", "Vacancies"][l]
            ),
        )?;
    }
    write_guides(&content.join("guides"), plan, seed, today, &HugoLinks)?;
    let csv = vacancies_csv(plan.vacancies, seed, today);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().map_err(io::Error::other)?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or(0);
    let [
        id,
        employer,
        region,
        locality,
        category,
        salary_min,
        salary_max,
        schedule,
        requirements,
        contact,
        expires,
    ] = [
        "id",
        "employer",
        "region",
        "locality",
        "category",
        "salary_min",
        "salary_max",
        "schedule",
        "requirements",
        "contact",
        "expires",
    ]
    .map(column);
    let today_text = today.to_string();
    for record in reader.records() {
        let row = record.map_err(io::Error::other)?;
        if row[expires] < *today_text {
            continue;
        }
        for (l, lang) in LANGS.iter().enumerate() {
            let title = &row[column(&format!("title_{lang}"))];
            let text = format!(
                "---\ntitle: {}\nemployer: {}\nlocality: {}\nsalary: \"{}–{}\"\nschedule: {}\n\
                 contact: {}\nexpires: {}\nsample: \"{}\"\nregions: [{}]\ncategories: [{}]\n---\n\n{}\n",
                yaml_str(title),
                yaml_str(&row[employer]),
                yaml_str(&row[locality]),
                &row[salary_min],
                &row[salary_max],
                yaml_str(&row[schedule]),
                yaml_str(&row[contact]),
                &row[expires],
                ["Үлгі деректер", "Образец данных", "Sample data"][l],
                &row[region],
                &row[category],
                &row[requirements],
            );
            write(
                &content.join(format!("vacancies/{}.{lang}.md", &row[id])),
                &text,
            )?;
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        "2026-11-23".parse().unwrap_or_else(|e| panic!("{e}"))
    }

    /// The link targets of a guide's text, and the text with them blanked out.
    fn links_and_rest(text: &str) -> (Vec<usize>, String) {
        let mut targets = Vec::new();
        let mut rest = String::new();
        let mut parts = text.split("](@/guides/");
        rest.push_str(parts.next().unwrap_or_default());
        for part in parts {
            let (path, after) = part.split_once('#').unwrap_or_else(|| panic!("{part}"));
            targets.push(path[6..].parse().unwrap_or_else(|e| panic!("{path}: {e}")));
            rest.push_str("](@/guides/…#");
            rest.push_str(after);
        }
        (targets, rest)
    }

    #[test]
    fn a_guide_reads_the_same_at_every_size_and_links_only_to_guides_that_exist() {
        let first = guide_text(0, 0, 100, 1, today(), &BagdarLinks);
        assert!(first.contains("| Қадам | Қайда | Мерзімі |"), "{first}");
        let mut links = 0;
        for number in 0..40 {
            let small = guide_text(number, 0, 100, 1, today(), &BagdarLinks);
            let large = guide_text(number, 0, 10_000, 1, today(), &BagdarLinks);
            let (small_links, small_rest) = links_and_rest(&small);
            let (large_links, large_rest) = links_and_rest(&large);
            assert_eq!(
                small_rest, large_rest,
                "only the link targets depend on the size"
            );
            for (targets, guides) in [(small_links, 100), (large_links, 10_000)] {
                links += targets.len();
                for to in targets {
                    // Guides whose number ends in 9 have no English version.
                    assert!(
                        to < guides && to % 10 != 9,
                        "guide {number} links to {to} of {guides}"
                    );
                }
            }
        }
        assert!(links > 100, "{links} links");
    }

    #[test]
    fn plans_grow_with_the_page_count() {
        let small = Plan::for_pages(1_000);
        let large = Plan::for_pages(50_000);
        assert_eq!(small.guides, 66);
        assert_eq!(large.guides, 3_333);
        assert!(
            large.vacancies > 40 * small.vacancies,
            "{small:?} {large:?}"
        );
    }
}
