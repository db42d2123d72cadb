//! The problems of one vacancy file. They are found by byte offset while the file is read and
//! made into diagnostics (line, column, snippet) only for the first [`MAX_PER_FILE`], followed
//! by one line that counts the rest: an export with every row wrong is reported in one pass
//! over the file, and as a list an editor can read.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, LineIndex};

/// The most problems listed for one file: enough to see what is wrong, few enough to read.
pub(crate) const MAX_PER_FILE: usize = 50;

/// Where a problem is.
#[derive(Clone, Copy, Debug)]
enum At {
    /// A byte offset into the file's text.
    Offset(usize),
    /// A line and column, as a parser gave them.
    LineColumn(usize, usize),
}

/// A problem of a vacancy file, not yet placed on its line.
#[derive(Debug)]
pub(crate) struct Found {
    at: At,
    message: String,
    hint: Option<String>,
}

impl Found {
    /// Adds a hint saying how to fix the problem.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Found {
        self.hint = Some(hint.into());
        self
    }
}

/// A file's text (lossy where it is not UTF-8, for positions and snippets).
pub(crate) struct Source<'a> {
    pub(crate) file: &'a Path,
    pub(crate) text: &'a str,
    lines: LineIndex<'a>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(file: &'a Path, text: &'a str) -> Source<'a> {
        Source {
            file,
            text,
            lines: LineIndex::new(text),
        }
    }

    /// The 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// A problem at a byte offset.
    pub(crate) fn error(&self, offset: usize, message: impl Into<String>) -> Found {
        Found {
            at: At::Offset(offset),
            message: message.into(),
            hint: None,
        }
    }

    /// A problem at a 1-based line and column.
    pub(crate) fn error_at(&self, line: usize, column: usize, message: impl Into<String>) -> Found {
        Found {
            at: At::LineColumn(line, column),
            ..self.error(0, message)
        }
    }

    /// Adds the problems to `problems` in the order of the file: the first [`MAX_PER_FILE`] as
    /// diagnostics, and then, if there are more, one that counts them, at the first of them.
    pub(crate) fn report(&self, mut found: Vec<Found>, problems: &mut Vec<Diagnostic>) {
        found.sort_by_key(|f| self.position(f.at));
        let rest = found.len().saturating_sub(MAX_PER_FILE);
        let first_not_listed = found.get(MAX_PER_FILE).map(|f| f.at);
        for f in found.into_iter().take(MAX_PER_FILE) {
            let d = self.diagnostic(f.at, f.message);
            problems.push(match f.hint {
                Some(hint) => d.with_hint(hint),
                None => d,
            });
        }
        if let Some(at) = first_not_listed {
            problems.push(
                self.diagnostic(at, format!("…and {rest} more problems in this file"))
                    .with_hint(format!(
                        "only the first {MAX_PER_FILE} problems of a file are listed, and the \
                         next one is shown here; fix them and check again (when every row has \
                         the same problem, the export's settings are the likely cause)"
                    )),
            );
        }
    }

    /// A byte offset that orders problems as their lines and columns do.
    fn position(&self, at: At) -> usize {
        match at {
            At::Offset(offset) => offset,
            At::LineColumn(line, column) => self.lines.line_start(line) + column.saturating_sub(1),
        }
    }

    fn diagnostic(&self, at: At, message: String) -> Diagnostic {
        match at {
            At::Offset(offset) => {
                self.lines
                    .error_at_offset(Code::VacancyData, self.file, offset, message)
            }
            At::LineColumn(line, column) => {
                self.lines
                    .error_at(Code::VacancyData, self.file, line, column, message)
            }
        }
    }
}
