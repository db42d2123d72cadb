//! Strict YAML parsing for every file editors write (site config, front matter, UI strings).
//!
//! serde-saphyr replaces the unmaintained serde_yaml: it is pure Rust, refuses duplicate keys,
//! caps anchors, aliases, depth and event counts so a hostile file cannot exhaust memory, and
//! reports errors with a line and column that we map back into the containing file.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::options::{DuplicateKeyPolicy, MergeKeyPolicy};
use serde_saphyr::{Budget, Options};

use crate::diagnostic::Diagnostic;

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
/// `file_text`) into `T`, or returns one diagnostic with the location in the file.
pub(crate) fn parse<T: DeserializeOwned>(
    file: &Path,
    file_text: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|error| {
        let message = plain_message(&error);
        match error.location().filter(|at| at.line() > 0) {
            Some(at) => {
                let line = at.line() as usize + first_line - 1;
                Diagnostic::error_at(file, file_text, line, at.column().max(1) as usize, message)
            }
            None => Diagnostic::error(file, message),
        }
    })
}

/// The parser's message without its own location suffix (we print the location ourselves).
fn plain_message(error: &serde_saphyr::Error) -> String {
    let text = error.without_snippet().to_string();
    let text = match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    text.trim().to_owned()
}
