//! The editors' list of preferred terms: `content/terms.yaml`, per language a preferred term
//! and the forms to avoid.
//!
//! The build does not read it; `bagdar check` warns where a guide or a region's text uses a
//! form to avoid (see `check::terms`). A form is a phrase of whole words, matched without
//! regard to case; a word that ends in `*` may take any ending (`фронт-кеңсе*` also finds
//! `фронт-кеңселері`), which Kazakh, with its stacked suffixes, needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Lang;
use crate::yaml;

/// The terms file under the site root.
pub const TERMS_FILE: &str = "content/terms.yaml";

/// One preferred term and the forms editors should replace with it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term to write.
    pub prefer: String,
    /// Forms to avoid: phrases of whole words; a word may end in `*` to allow any ending.
    pub avoid: Vec<String>,
    /// Why, or where the preferred term comes from; shown as the hint.
    #[serde(default)]
    pub note: Option<String>,
}

/// A form to avoid, split into its words, ready to match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// The form as the terms file writes it.
    pub text: String,
    /// Its words, lowercased, each with whether it may take an ending (`*`).
    pub words: Vec<(Vec<char>, bool)>,
}

impl Form {
    /// Splits `text` into words; `None` when it has no word or a `*` inside a word.
    pub fn parse(text: &str) -> Option<Form> {
        let mut words = Vec::new();
        for word in text.split_whitespace() {
            let (stem, open) = match word.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (word, false),
            };
            if stem.is_empty() || stem.contains('*') {
                return None;
            }
            words.push((lowercase(stem), open));
        }
        (!words.is_empty()).then(|| Form {
            text: text.trim().to_owned(),
            words,
        })
    }

    /// Where the form occurs in `line`: the character range of each match. A match starts and
    /// ends at word boundaries (an open word may run on into an ending), and the form's words
    /// may be separated by any run of spaces.
    pub fn find_in(&self, line: &[char]) -> Vec<std::ops::Range<usize>> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < line.len() {
            match self.match_at(line, start) {
                Some(end) => {
                    found.push(start..end);
                    start = end.max(start + 1);
                }
                None => start += 1,
            }
        }
        found
    }

    /// The end of a match starting at `start`, if there is one.
    fn match_at(&self, line: &[char], start: usize) -> Option<usize> {
        let first = self.words.first()?.0.first()?;
        if is_word(*first) && start > 0 && is_word(line[start - 1]) {
            return None;
        }
        let mut at = start;
        for (index, (word, open)) in self.words.iter().enumerate() {
            if index > 0 {
                let spaces = line[at..].iter().take_while(|c| c.is_whitespace()).count();
                if spaces == 0 {
                    return None;
                }
                at += spaces;
            }
            for expected in word {
                let actual = line.get(at)?;
                if !same_letter(*actual, *expected) {
                    return None;
                }
                at += 1;
            }
            if *open {
                at += line[at..].iter().take_while(|c| is_word(**c)).count();
            } else if word.last().is_some_and(|c| is_word(*c))
                && line.get(at).is_some_and(|c| is_word(*c))
            {
                return None;
            }
        }
        Some(at)
    }
}

/// The preferred terms, as loaded.
#[derive(Clone, Debug, Default)]
pub struct Terms {
    /// The file they came from.
    pub file: PathBuf,
    /// By language: each term with its forms to avoid, parsed.
    pub by_lang: BTreeMap<Lang, Vec<(Term, Vec<Form>)>>,
}

/// Loads the terms file; a site without one has no terms (`Ok(None)`). Every problem in the
/// file is reported with its line and column.
pub fn load(root: &Path) -> Result<Option<Terms>, Vec<Diagnostic>> {
    let file = root.join(TERMS_FILE);
    if !file.exists() {
        return Ok(None);
    }
    let text = walk::read_inside(root, &file).map_err(|d| vec![d])?;
    parse(&file, &text).map(Some)
}

/// Parses and checks the text of a terms file.
pub fn parse(file: &Path, text: &str) -> Result<Terms, Vec<Diagnostic>> {
    let raw: BTreeMap<Lang, Vec<Term>> =
        yaml::parse(Code::TermsData, file, text, text, 1).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let mut by_lang = BTreeMap::new();
    for (lang, terms) in raw {
        let mut parsed = Vec::new();
        for term in terms {
            let preferred: Vec<char> = lowercase(&term.prefer);
            if term.prefer.trim().is_empty() {
                problems.push(at_text(
                    file,
                    text,
                    &term.prefer,
                    "`prefer` is empty".to_owned(),
                ));
            }
            if term.avoid.is_empty() {
                problems.push(at_text(
                    file,
                    text,
                    &term.prefer,
                    format!("«{}» lists no form to avoid", term.prefer),
                ));
            }
            let mut forms = Vec::new();
            for avoid in &term.avoid {
                let Some(form) = Form::parse(avoid) else {
                    problems.push(
                        at_text(
                            file,
                            text,
                            avoid,
                            format!("«{avoid}» is not a form: it needs a word, and `*` only at the end of a word"),
                        )
                        .with_hint("write whole words; end a word with `*` to allow any ending"),
                    );
                    continue;
                };
                if !form.find_in(&preferred).is_empty() {
                    problems.push(at_text(
                        file,
                        text,
                        avoid,
                        format!(
                            "«{avoid}» also matches the preferred term «{}», so every use of it would be reported",
                            term.prefer
                        ),
                    ));
                    continue;
                }
                forms.push(form);
            }
            parsed.push((term, forms));
        }
        by_lang.insert(lang, parsed);
    }
    if problems.is_empty() {
        Ok(Terms {
            file: file.to_path_buf(),
            by_lang,
        })
    } else {
        Err(problems)
    }
}

/// An error at the first place the value `needle` is written in the file, quoted if it can
/// be found quoted (a value's own place, which the parsed data no longer knows).
fn at_text(file: &Path, text: &str, needle: &str, message: String) -> Diagnostic {
    let offset = [
        format!("\"{needle}\""),
        format!("'{needle}'"),
        needle.to_owned(),
    ]
    .iter()
    .filter(|n| !needle.is_empty() && !n.is_empty())
    .find_map(|n| text.find(n.as_str()))
    .unwrap_or(0);
    Diagnostic::error_at_offset(Code::TermsData, file, text, offset, message)
}

/// Whether `c` belongs to a word (letters and digits of any script).
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// `text` lowercased letter by letter, so that positions in it are positions in `text`.
pub fn lowercase(text: &str) -> Vec<char> {
    text.chars().map(lower).collect()
}

/// One letter in lower case (a letter whose lowercase is longer keeps its first letter, so
/// positions stay aligned).
fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Whether a letter of the text and a (lowercased) letter of a form are the same.
fn same_letter(actual: char, expected: char) -> bool {
    lower(actual) == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start of each match.
    fn find(form: &str, line: &str) -> Vec<usize> {
        let form = Form::parse(form).expect("form");
        let line: Vec<char> = line.chars().collect();
        form.find_in(&line).into_iter().map(|r| r.start).collect()
    }

    #[test]
    fn a_match_covers_the_ending_it_allowed() {
        let form = Form::parse("фронт-кеңсе*").expect("form");
        let line: Vec<char> = "бір фронт-кеңселері бар".chars().collect();
        let found = form.find_in(&line);
        assert_eq!((found.len(), found.first().cloned()), (1, Some(4..19)));
    }

    #[test]
    fn forms_match_whole_words_in_any_case() {
        assert_eq!(find("бір реттік", "Бір реттік субсидия"), [0]);
        assert_eq!(find("бір реттік", "бірбір реттік"), Vec::<usize>::new());
        assert_eq!(find("бір реттік", "бір реттіктер"), Vec::<usize>::new());
        assert_eq!(find("ЖК", "ДК (жк) және ЖК."), [4, 13]);
        assert_eq!(find("бір реттік", "бір\u{a0} реттік"), [0]);
        assert_eq!(find("бір реттік", "бірреттік"), Vec::<usize>::new());
    }

    #[test]
    fn a_star_allows_any_ending() {
        assert_eq!(find("фронт-кеңсе*", "қордың фронт-кеңселері бар"), [7]);
        assert_eq!(find("фронт-кеңсе*", "фронт-кеңсе."), [0]);
        assert_eq!(
            find("жеке кәсіпкерд*", "жеке кәсіпкерлік"),
            Vec::<usize>::new()
        );
        assert_eq!(
            find("«Отандастар қоры» қоры*", "«Отандастар қоры» қорының"),
            [0]
        );
    }

    #[test]
    fn punctuation_at_the_edges_needs_no_boundary() {
        assert_eq!(find("Дипломмен – ауылға", "«Дипломмен – ауылға!»"), [1]);
        assert_eq!(
            find("Дипломмен – ауылға", "«Дипломмен — ауылға!»"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn a_star_only_ends_a_word() {
        assert_eq!(Form::parse("ab*c"), None);
        assert_eq!(Form::parse("*"), None);
        assert_eq!(Form::parse("  "), None);
        assert!(Form::parse("ab* cd").is_some());
    }
}
