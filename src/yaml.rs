//! Strict YAML parsing for every file editors write (site config, front matter, UI strings).
//!
//! serde-saphyr replaces the unmaintained serde_yaml: it is pure Rust, refuses duplicate keys,
//! caps anchors, aliases, depth and event counts so a hostile file cannot exhaust memory, and
//! reports errors with a line and column that we map back into the containing file.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::options::{DuplicateKeyPolicy, MergeKeyPolicy};
use serde_saphyr::{Budget, Options};

use crate::diagnostic::{Code, Diagnostic};

/// Limits for one editor-written YAML document: generous for real content, small enough that a
/// "billion laughs" or a 10,000-level nesting fails fast.
fn budget() -> Budget {
    let mut budget = Budget::default();
    budget.max_depth = 64;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 500_000;
    budget
}

fn options() -> Options {
    serde_saphyr::options! {
        budget: Some(budget()),
        duplicate_keys: DuplicateKeyPolicy::Error,
        merge_keys: MergeKeyPolicy::Error,
        strict_booleans: true,
        with_snippet: false,
    }
}

/// Parses `text` (which starts at line `first_line` of `file`, whose whole text is
/// `file_text`) into `T`, or returns one diagnostic of kind `code` with the location in the file.
pub(crate) fn parse<T: DeserializeOwned>(
    code: Code,
    file: &Path,
    file_text: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|error| {
        let message = plain_message(&error);
        let hint = hint(&message);
        // A missing key has no place of its own: point at the start of the block that lacks it.
        let location = if message.starts_with("missing field") {
            Some((first_line.saturating_sub(1).max(1), 1))
        } else {
            error.location().filter(|at| at.line() > 0).map(|at| {
                (
                    at.line() as usize + first_line - 1,
                    at.column().max(1) as usize,
                )
            })
        };
        let diagnostic = match location {
            Some((line, column)) => {
                Diagnostic::error_at(code, file, file_text, line, column, message)
            }
            None => Diagnostic::error(code, file, message),
        };
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    })
}

/// A suggestion for the common mistakes: a misspelt key, a missing one.
fn hint(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next()?;
        return Some(format!("add `{field}: …`"));
    }
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected one of ")?.1;
    let closest = expected
        .split(", ")
        .map(|known| known.trim_matches('`'))
        .map(|known| (edit_distance(unknown, known), known))
        .min()?;
    Some(if closest.0 <= 2 {
        format!("did you mean `{}`?", closest.1)
    } else {
        format!("the allowed keys are {expected}")
    })
}

/// Levenshtein distance, for "did you mean" hints on short keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// The parser's message without its own location suffix (we print the location ourselves),
/// in an editor's words where the parser speaks to programmers.
fn plain_message(error: &serde_saphyr::Error) -> String {
    let text = error.without_snippet().to_string();
    let text = match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    for_editors(text.trim())
}

/// Rewords the parser's messages that name Rust types or its own options.
fn for_editors(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return format!("the key `{key}` appears twice");
    }
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        let limit = budget();
        return match breach.split(' ').next().unwrap_or("") {
            "Aliases" => format!(
                "more than {} aliases (`*name`): refused as a possible alias bomb",
                limit.max_aliases
            ),
            "Anchors" => format!("more than {} anchors (`&name`)", limit.max_anchors),
            "Depth" => format!("nested more than {} levels deep", limit.max_depth),
            _ => "the YAML is too large or too complex for a content file".to_owned(),
        };
    }
    let integer = message
        .strip_prefix("invalid ")
        .and_then(|t| t.strip_prefix(['i', 'u']))
        .is_some_and(|bits| !bits.is_empty() && bits.bytes().all(|b| b.is_ascii_digit()));
    if integer {
        return "expected a whole number".to_owned();
    }
    match message {
        "expected string scalar" => "expected text (one value, not a list or a map)".to_owned(),
        "invalid boolean (strict mode expects true/false)" => "expected true or false".to_owned(),
        other => other.to_owned(),
    }
}

/// The line and column (1-based) where a top-level `key:` is written, quoted or not; the
/// column is the key's first character.
pub(crate) fn key_place(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let unquoted = line.trim_start_matches(['"', '\'']);
        let rest = unquoted.strip_prefix(key)?;
        rest.trim_start_matches(['"', '\''])
            .trim_start()
            .starts_with(':')
            .then(|| (i + 1, line.chars().count() - unquoted.chars().count() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_keys_get_a_suggestion() {
        let message = "unknown field `titel`, expected one of title, summary, reviewed";
        assert_eq!(hint(message).as_deref(), Some("did you mean `title`?"));
        let far = "unknown field `colour`, expected one of title, summary";
        assert_eq!(
            hint(far).as_deref(),
            Some("the allowed keys are title, summary")
        );
    }

    #[test]
    fn parser_jargon_is_reworded_for_editors() {
        assert_eq!(
            for_editors(
                "duplicate mapping key: title, set DuplicateKeyPolicy in Options if acceptable"
            ),
            "the key `title` appears twice"
        );
        assert_eq!(for_editors("invalid i64"), "expected a whole number");
        assert_eq!(for_editors("invalid u16"), "expected a whole number");
        assert_eq!(for_editors("invalid type"), "invalid type");
        assert_eq!(
            for_editors("budget breached: Aliases { aliases: 1001 }"),
            "more than 1000 aliases (`*name`): refused as a possible alias bomb"
        );
        assert_eq!(
            for_editors("invalid boolean (strict mode expects true/false)"),
            "expected true or false"
        );
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("titel", "title"), 2);
        assert_eq!(edit_distance("summry", "summary"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
