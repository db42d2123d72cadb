//! The editors' spellings for the script editions: `content/spellings.yaml`, a Cyrillic word
//! → its spelling in the Arabic script and in Latin letters, for proper names and loans the
//! conversion rules get wrong.
//!
//! ```yaml
//! Бағдар:
//!   latn: Bagdar
//! ```
//!
//! A script left out is converted by the rules. `bagdar check` warns about a spelling that no
//! Kazakh page's word uses, so the file does not fill up with words the portal lost.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::edition::{Exceptions, Script};
use crate::yaml;

/// The spellings file under the site root.
pub(crate) const SPELLINGS_FILE: &str = "content/spellings.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    arab: Option<String>,
    #[serde(default)]
    latn: Option<String>,
}

/// One word of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Spelling {
    /// The Cyrillic word, lowercased.
    pub(crate) word: String,
    /// Where the file names it: line and column.
    pub(crate) line: usize,
    /// The column of the word on its line (1-based, in characters).
    pub(crate) column: usize,
}

/// The spellings, ready for the converter, and each word's place in the file.
#[derive(Clone, Debug, Default)]
pub(crate) struct Spellings {
    /// The file (absolute), when the site has one.
    pub(crate) file: Option<PathBuf>,
    /// The file's text, for the snippets of findings about it.
    pub(crate) text: String,
    /// For the converter.
    pub(crate) exceptions: Exceptions,
    /// Every word, in file order.
    pub(crate) words: Vec<Spelling>,
}

/// Loads the spellings; a site without the file has none.
pub(crate) fn load(root: &Path) -> Result<Spellings, Vec<Diagnostic>> {
    let file = root.join(SPELLINGS_FILE);
    if !file.exists() {
        return Ok(Spellings::default());
    }
    let text = walk::read_inside(root, &file).map_err(|d| vec![d])?;
    let raw: BTreeMap<String, Raw> =
        yaml::parse(Code::SpellingData, &file, &text, &text, 1).map_err(|d| vec![d])?;
    let mut spellings = Spellings {
        file: Some(file.clone()),
        text: text.clone(),
        ..Spellings::default()
    };
    let mut problems = Vec::new();
    for (word, raw) in raw {
        let (line, column) = yaml::key_place(&text, &word).unwrap_or((1, 1));
        let error = |message: String, hint: &str| {
            Diagnostic::error_at(Code::SpellingData, &file, &text, line, column, message)
                .with_hint(hint)
        };
        if word.is_empty() || !word.chars().all(bagdar_script::is_cyrillic) {
            problems.push(error(
                format!("`{word}` is not one Cyrillic word"),
                "a spelling is for one word of Cyrillic letters: write `Нұр-Сұлтан` as two entries",
            ));
            continue;
        }
        for (script, spelling) in [(Script::Arab, raw.arab), (Script::Latn, raw.latn)] {
            let Some(spelling) = spelling else { continue };
            if let Some(bad) = spelling
                .chars()
                .find(|c| c.is_alphabetic() && !script.has_letter(*c) && *c != 'ٴ')
            {
                problems.push(error(
                    format!(
                        "the {} spelling of `{word}` has `{bad}`, which is not in the script",
                        script.code()
                    ),
                    "write it with the letters of the script's table (see the README's editions section)",
                ));
                continue;
            }
            spellings.exceptions.insert(&word, script, spelling);
        }
        spellings.words.push(Spelling {
            word: word.chars().flat_map(char::to_lowercase).collect(),
            line,
            column,
        });
    }
    spellings.words.sort_by_key(|s| s.line);
    if problems.is_empty() {
        Ok(spellings)
    } else {
        problems.sort_by_key(|d| d.line);
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_where_written() {
        let text = "# spellings\nБағдар:\n  latn: Bagdar\n\"Астана\": {arab: استانا}\n";
        assert_eq!(yaml::key_place(text, "Бағдар"), Some((2, 1)));
        assert_eq!(yaml::key_place(text, "Астана"), Some((4, 2)));
    }
}
