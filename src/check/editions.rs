//! The script editions, checked as written: Cyrillic left in an edition's own text (a word
//! in none of the script's letters: a name the rules could not take, or text in another
//! language that is not marked so), letters outside the script's table, and editors'
//! spellings that no Kazakh page uses any more.
//!
//! Each word is reported once, at its first page (in the output, as `bagdar build` would
//! write it), with the number of pages it is on.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::content::spellings::SPELLINGS_FILE;
use crate::diagnostic::{Code, Diagnostic};
use crate::edition::{Edition, leftovers};
use crate::model::Site;

/// The findings over the site as the pipeline wrote it (`files`: path in the output →
/// bytes).
pub(crate) fn check(site: &Site, files: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for edition in &site.config.editions {
        findings.extend(edition_pages(*edition, files));
    }
    findings.extend(unused_spellings(site, files));
    findings
}

/// The first place and the number of pages of each word found.
#[derive(Default)]
struct Seen {
    first: BTreeMap<String, (PathBuf, String, usize)>,
    pages: BTreeMap<String, usize>,
}

impl Seen {
    fn add(&mut self, file: &Path, html: &str, found: Vec<(String, usize)>) {
        let mut on_page = HashSet::new();
        for (word, offset) in found {
            if on_page.insert(word.clone()) {
                *self.pages.entry(word.clone()).or_default() += 1;
            }
            self.first
                .entry(word)
                .or_insert_with(|| (file.to_path_buf(), html.to_owned(), offset));
        }
    }

    fn findings(self, code: Code, message: impl Fn(&str) -> String, hint: &str) -> Vec<Diagnostic> {
        self.first
            .into_iter()
            .map(|(word, (file, html, offset))| {
                let pages = self.pages.get(&word).copied().unwrap_or(1);
                let on = if pages == 1 {
                    String::new()
                } else {
                    format!(" (on {pages} pages)")
                };
                Diagnostic::error_at_offset(
                    code,
                    &file,
                    &html,
                    offset,
                    format!("{}{on}", message(&word)),
                )
                .warning()
                .with_hint(hint)
            })
            .collect()
    }
}

fn edition_pages(edition: Edition, files: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<Diagnostic> {
    let mut cyrillic = Seen::default();
    let mut letters = Seen::default();
    let folder = Path::new(edition.code());
    for (path, bytes) in files.range(folder.to_path_buf()..) {
        if !path.starts_with(folder) {
            break;
        }
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let Ok(page) = std::str::from_utf8(bytes) else {
            continue;
        };
        cyrillic.add(path, page, leftovers::cyrillic_left(page));
        letters.add(path, page, leftovers::foreign_letters(page, edition));
    }
    let tag = edition.tag();
    let mut findings = cyrillic.findings(
        Code::EditionCyrillic,
        |word| format!("`{word}` is still in Cyrillic on the {tag} page"),
        "mark text in another language with its language (`<span lang=\"ru\">…</span>`), or give the word a spelling in content/spellings.yaml",
    );
    findings.extend(letters.findings(
        Code::EditionLetter,
        |word| format!("`{word}` has a letter outside the {tag} script"),
        "write the source word in Cyrillic, mark it with its language, or give it a spelling in content/spellings.yaml",
    ));
    findings
}

/// The editors' spellings that no word of a Kazakh page matches.
fn unused_spellings(site: &Site, files: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<Diagnostic> {
    if site.spellings.words.is_empty() {
        return Vec::new();
    }
    let wanted: BTreeSet<&str> = site
        .spellings
        .words
        .iter()
        .map(|s| s.word.as_str())
        .collect();
    let mut used: HashSet<String> = HashSet::new();
    for edition in &site.config.editions {
        let folder = Path::new(edition.base().code());
        for (path, bytes) in files.range(folder.to_path_buf()..) {
            if !path.starts_with(folder) {
                break;
            }
            let Ok(page) = std::str::from_utf8(bytes) else {
                continue;
            };
            for word in page.split(|c: char| !bagdar_script::is_cyrillic(c)) {
                let lower: String = word.chars().flat_map(char::to_lowercase).collect();
                if wanted.contains(lower.as_str()) {
                    used.insert(lower);
                }
            }
        }
    }
    let file = site
        .spellings
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from(SPELLINGS_FILE));
    site.spellings
        .words
        .iter()
        .filter(|s| !used.contains(&s.word))
        .map(|s| {
            Diagnostic::error_at(
                Code::UnusedSpelling,
                &file,
                &site.spellings.text,
                s.line,
                s.column,
                format!("no Kazakh page has the word `{}`", s.word),
            )
            .warning()
            .with_hint("remove the spelling, or check the word's spelling in Cyrillic")
        })
        .collect()
}
