//! Translation coverage: which guides, sections and news items exist in which of the site's
//! languages.
//!
//! A missing translation is not an error — the build gives it a page that says so and links
//! the versions that exist — but editors should see it, so each one is a warning.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::guides::{DocKind, Document};
use crate::content::slug::Slug;
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Lang;

/// One guide or section and the languages it is written in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Its path as links name it: `guides/citizenship`, `guides/labour-migrants/` (a section).
    pub path: String,
    /// The languages it has.
    pub langs: BTreeSet<Lang>,
}

/// The coverage table: every guide and section, in path order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// The site's languages, in menu order.
    pub langs: Vec<Lang>,
    /// One row per guide or section.
    pub rows: Vec<Row>,
}

/// The path of a document's guide or section, as a link names it.
fn path_of(kind: &DocKind) -> String {
    let join = |parts: &[Slug]| -> String {
        parts
            .iter()
            .map(Slug::as_str)
            .fold(String::from("guides/"), |path, part| path + part + "/")
    };
    match kind {
        DocKind::Section(key) => join(key),
        DocKind::Guide(key) => format!("{}{}", join(&key.section), key.slug.as_str()),
        DocKind::News(slug) => format!("news/{}", slug.as_str()),
    }
}

impl Coverage {
    /// The table of the documents that loaded.
    pub fn of(documents: &[Document], config: &Config) -> Coverage {
        let mut rows: BTreeMap<String, BTreeSet<Lang>> = BTreeMap::new();
        for doc in documents {
            rows.entry(path_of(&doc.kind)).or_default().insert(doc.lang);
        }
        Coverage {
            langs: config.langs().collect(),
            rows: rows
                .into_iter()
                .map(|(path, langs)| Row { path, langs })
                .collect(),
        }
    }
}

impl fmt::Display for Coverage {
    /// `guides/starting-a-business  kk ru --`, one line per guide or section.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .rows
            .iter()
            .map(|r| r.path.chars().count())
            .max()
            .unwrap_or(0)
            .max("Translations".len());
        let header: Vec<&str> = self.langs.iter().map(|l| l.code()).collect();
        writeln!(f, "{:width$}  {}", "Translations", header.join(" "))?;
        for row in &self.rows {
            let cells: Vec<&str> = self
                .langs
                .iter()
                .map(|l| {
                    if row.langs.contains(l) {
                        l.code()
                    } else {
                        "--"
                    }
                })
                .collect();
            writeln!(f, "{:width$}  {}", row.path, cells.join(" "))?;
        }
        let missing: usize = self
            .rows
            .iter()
            .map(|r| self.langs.len() - r.langs.len())
            .sum();
        let news = self
            .rows
            .iter()
            .filter(|r| r.path.starts_with("news/"))
            .count();
        let pages = match news {
            0 => format!("{} guides and sections", self.rows.len()),
            _ => format!(
                "{} guides and sections and {news} news item(s)",
                self.rows.len() - news
            ),
        };
        writeln!(f, "{pages}, {missing} missing translation(s)")
    }
}

/// A `missing-translation` warning for each language a guide or section lacks, on the file of
/// its first translation in menu order (the file an editor translates from).
pub fn missing(root: &Path, documents: &[Document], config: &Config) -> Vec<Diagnostic> {
    let mut by_path: BTreeMap<String, Vec<&Document>> = BTreeMap::new();
    for doc in documents {
        by_path.entry(path_of(&doc.kind)).or_default().push(doc);
    }
    let mut found = Vec::new();
    for (path, docs) in by_path {
        let Some(first) = config
            .langs()
            .find_map(|lang| docs.iter().find(|d| d.lang == lang))
        else {
            continue;
        };
        for lang in config.langs() {
            if docs.iter().any(|d| d.lang == lang) {
                continue;
            }
            found.push(
                Diagnostic::error(
                    Code::MissingTranslation,
                    &first.file,
                    format!("`{path}` has no {} translation", lang.native_name()),
                )
                .warning()
                .with_hint(format!(
                    "add {}; until then its {lang} page says it is not translated yet",
                    sibling(&first.file, first.lang, lang)
                        .strip_prefix(root)
                        .unwrap_or(&first.file)
                        .display()
                )),
            );
        }
    }
    found
}

/// `citizenship.kk.md` → `citizenship.en.md` beside it.
fn sibling(file: &Path, from: Lang, to: Lang) -> PathBuf {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let base = name
        .strip_suffix(&format!(".{from}.md"))
        .unwrap_or("_index");
    file.with_file_name(format!("{base}.{to}.md"))
}
