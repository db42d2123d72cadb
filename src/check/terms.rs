//! Forms to avoid (`content/terms.yaml`) in guides and in the text of region files, reported
//! as `avoided-term` warnings with the preferred term.
//!
//! A guide is checked against the terms of its language, front matter included (titles and
//! summaries are read too). In a region file only text under a language key is checked, each
//! against its own language: `kk: "…"` and `{kk: "…", ru: "…"}`, and block scalars under a
//! language key; names in `variants` and source titles are left alone, since the former are
//! misspellings on purpose.

use std::path::Path;

use crate::content::guides::Document;
use crate::content::regions::Region;
use crate::content::terms::{Form, Term, Terms};
use crate::content::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Lang;

/// The warnings for every form to avoid in the documents and the region files.
pub(crate) fn check(terms: &Terms, documents: &[Document], regions: &[Region]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for doc in documents {
        let Some(list) = terms.by_lang.get(&doc.lang) else {
            continue;
        };
        for (index, line) in doc.text.lines().enumerate() {
            let chars: Vec<char> = line.chars().collect();
            scan(
                &doc.file,
                &doc.text,
                index + 1,
                &chars,
                0,
                chars.len(),
                list,
                &mut found,
            );
        }
    }
    for region in regions {
        let text = match walk::read_text(&region.file) {
            Ok(text) => text,
            Err(problem) => {
                found.push(problem);
                continue;
            }
        };
        for (line_no, lang, chars, start, end) in language_spans(&text) {
            if let Some(list) = terms.by_lang.get(&lang) {
                scan(
                    &region.file,
                    &text,
                    line_no,
                    &chars,
                    start,
                    end,
                    list,
                    &mut found,
                );
            }
        }
    }
    found
}

/// Adds a warning for every form of `list` that starts in `line[start..end]`.
#[allow(clippy::too_many_arguments)]
fn scan(
    file: &Path,
    text: &str,
    line_no: usize,
    line: &[char],
    start: usize,
    end: usize,
    list: &[(Term, Vec<Form>)],
    found: &mut Vec<Diagnostic>,
) {
    for (term, forms) in list {
        for form in forms {
            for at in form.find_in(&line[..end]) {
                if at.start < start {
                    continue;
                }
                let written: String = line[at.clone()].iter().collect();
                let hint = match &term.note {
                    Some(note) => format!("{note} (content/terms.yaml: {})", quoted(&form.text)),
                    None => format!("content/terms.yaml lists {} to avoid", quoted(&form.text)),
                };
                found.push(
                    Diagnostic::error_at(
                        Code::AvoidedTerm,
                        file,
                        text,
                        line_no,
                        at.start + 1,
                        format!(
                            "{} is a form to avoid; write {}",
                            quoted(&written),
                            quoted(&term.prefer)
                        ),
                    )
                    .warning()
                    .with_hint(hint),
                );
            }
        }
    }
}

/// `text` in «guillemets», unless it starts with one already.
fn quoted(text: &str) -> String {
    if text.starts_with('«') {
        text.to_owned()
    } else {
        format!("«{text}»")
    }
}

/// The text of a region file that is in a known language: (line number, language, the
/// line's characters, first character, end) for each stretch under a language key.
fn language_spans(text: &str) -> Vec<(usize, Lang, Vec<char>, usize, usize)> {
    let mut spans = Vec::new();
    // A block scalar under a language key: its language and the key's indentation.
    let mut block: Option<(Lang, usize)> = None;
    for (index, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars.iter().take_while(|c| **c == ' ').count();
        if let Some((lang, key_indent)) = block {
            if line.trim().is_empty() || indent > key_indent {
                spans.push((index + 1, lang, chars.clone(), indent, chars.len()));
                continue;
            }
            block = None;
        }
        let (keys, line_end) = language_keys(&chars);
        for (n, key) in keys.iter().enumerate() {
            let end = keys.get(n + 1).map_or(line_end, |next| next.key_start);
            let value: String = chars[key.value_start..end].iter().collect();
            let value = value.trim();
            if value.is_empty() || value.starts_with('|') || value.starts_with('>') {
                block = Some((key.lang, indent));
            }
            spans.push((index + 1, key.lang, chars.clone(), key.value_start, end));
        }
    }
    spans
}

/// A language key in a line of YAML.
struct Key {
    lang: Lang,
    /// Where the key starts.
    key_start: usize,
    /// Where its value starts (after the colon).
    value_start: usize,
}

/// The language keys of one YAML line outside quoted strings (`kk:` at the start of the
/// line, after `- `, `{` or `,`), and where the line's content ends (before a comment).
fn language_keys(line: &[char]) -> (Vec<Key>, usize) {
    let mut keys = Vec::new();
    let mut quote: Option<char> = None;
    let mut key_may_start = true;
    let mut i = 0;
    while i < line.len() {
        let c = line[i];
        if let Some(q) = quote {
            if c == '\\' && q == '"' {
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                key_may_start = false;
            }
            '#' if i == 0 || line[i - 1].is_whitespace() => return (keys, i),
            '{' | ',' => key_may_start = true,
            ' ' | '\t' => {}
            '-' if key_may_start && line.get(i + 1).is_some_and(|n| *n == ' ') => {}
            _ => {
                let key = key_may_start
                    .then(|| {
                        Lang::ALL.iter().find_map(|lang| {
                            let code: Vec<char> = lang.code().chars().collect();
                            let colon = i + code.len();
                            (line.get(i..colon) == Some(&code[..]) && line.get(colon) == Some(&':'))
                                .then_some(Key {
                                    lang: *lang,
                                    key_start: i,
                                    value_start: colon + 1,
                                })
                        })
                    })
                    .flatten();
                key_may_start = false;
                if let Some(key) = key {
                    i = key.value_start;
                    keys.push(key);
                    continue;
                }
            }
        }
        i += 1;
    }
    (keys, line.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(usize, Lang, String)> {
        language_spans(text)
            .into_iter()
            .map(|(line, lang, chars, start, end)| {
                (
                    line,
                    lang,
                    chars[start..end]
                        .iter()
                        .collect::<String>()
                        .trim()
                        .to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn inline_maps_give_each_language_its_stretch() {
        assert_eq!(
            spans(r#"name: {kk: "Ақ, ru: x", ru: "Б", en: "C"}"#),
            [
                (1, Lang::Kk, r#""Ақ, ru: x","#.to_owned()),
                (1, Lang::Ru, r#""Б","#.to_owned()),
                (1, Lang::En, r#""C"}"#.to_owned()),
            ]
        );
    }

    #[test]
    fn keys_on_their_own_lines_and_blocks_are_found() {
        let text = "summary:\n  kk: \"Қазақша\"\n  ru: >-\n    Русский\n    текст\n  en: \"E\"\nvariants: [\"kk: no\"]\n";
        assert_eq!(
            spans(text),
            [
                (2, Lang::Kk, "\"Қазақша\"".to_owned()),
                (3, Lang::Ru, ">-".to_owned()),
                (4, Lang::Ru, "Русский".to_owned()),
                (5, Lang::Ru, "текст".to_owned()),
                (6, Lang::En, "\"E\"".to_owned()),
            ]
        );
    }

    #[test]
    fn list_items_and_comments() {
        assert_eq!(
            spans("  - {kk: \"а\"} # ru: comment\nkkx: no\n"),
            [(1, Lang::Kk, "\"а\"}".to_owned())]
        );
    }
}
