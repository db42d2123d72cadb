//! The problems of one vacancy file. An export is read one record at a time (see `stream`), so
//! a problem is placed on its line and column while its record is at hand, and only the first
//! [`MAX_PER_FILE`] become diagnostics, followed by one line that counts the rest: an export
//! with every row wrong is reported in one pass over the file, and as a list an editor can read.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, LineIndex};

/// The most problems listed for one file: enough to see what is wrong, few enough to read.
pub(crate) const MAX_PER_FILE: usize = 50;

/// A problem of a vacancy file, at a 1-based line and character column of the file.
#[derive(Debug)]
pub(crate) struct Found {
    line: usize,
    column: usize,
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

/// The text of one record of a file (lossy where it is not UTF-8, for positions and
/// snippets), and where in the file it starts.
pub(crate) struct Source<'a> {
    pub(crate) file: &'a Path,
    pub(crate) text: &'a str,
    lines: LineIndex<'a>,
    /// The file's 1-based line where `text` starts.
    line: usize,
    /// The 1-based character column of that line where `text` starts.
    column: usize,
}

impl<'a> Source<'a> {
    /// The record `text`, which starts at `line` and `column` of `file`.
    pub(crate) fn new(file: &'a Path, text: &'a str, line: usize, column: usize) -> Source<'a> {
        Source {
            file,
            text,
            lines: LineIndex::new(text),
            line,
            column,
        }
    }

    /// The file's line and column of a record-relative line and column.
    fn in_file(&self, line: usize, column: usize) -> (usize, usize) {
        let line = line.max(1);
        let column = if line == 1 {
            self.column + column.max(1) - 1
        } else {
            column.max(1)
        };
        (self.line + line - 1, column)
    }

    /// The file's 1-based line of a byte offset into the record.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.line + self.lines.line(offset) - 1
    }

    /// A problem at a byte offset into the record.
    pub(crate) fn error(&self, offset: usize, message: impl Into<String>) -> Found {
        let (line, column) = self.lines.line_column(offset);
        self.error_in_record(line, column, message)
    }

    /// A problem at a 1-based line and column of the record, as a parser of the record gave
    /// them.
    pub(crate) fn error_in_record(
        &self,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Found {
        let (line, column) = self.in_file(line, column);
        self.error_at(line, column, message)
    }

    /// A problem at a 1-based line and column of the file.
    pub(crate) fn error_at(&self, line: usize, column: usize, message: impl Into<String>) -> Found {
        Found {
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    /// The diagnostic of a problem in this record, with the snippet of its line.
    fn diagnostic(&self, found: &Found, message: String) -> Diagnostic {
        let local = (found.line + 1).saturating_sub(self.line);
        let part_column = if local == 1 { self.column } else { 1 };
        Diagnostic::error(Code::VacancyData, self.file, message).placed_in_part(
            found.line,
            found.column,
            self.lines.line_text(local),
            part_column,
        )
    }
}

/// The problems of one file as they are found, record by record.
#[derive(Default)]
pub(crate) struct Report {
    listed: Vec<Diagnostic>,
    /// How many were found past the listed ones.
    rest: usize,
    /// The first of those, to show where they start.
    first_rest: Option<Diagnostic>,
}

impl Report {
    /// Adds the problems of one record, in the order of the file. Records are read in order,
    /// so the whole file's problems are too.
    pub(crate) fn add(&mut self, source: &Source<'_>, mut found: Vec<Found>) {
        found.sort_by_key(|f| (f.line, f.column));
        for f in found {
            if self.listed.len() < MAX_PER_FILE {
                let d = source.diagnostic(&f, f.message.clone());
                self.listed.push(match f.hint {
                    Some(hint) => d.with_hint(hint),
                    None => d,
                });
            } else {
                if self.first_rest.is_none() {
                    self.first_rest = Some(source.diagnostic(&f, String::new()));
                }
                self.rest += 1;
            }
        }
    }

    /// Adds the listed problems to `problems` and then, if there were more, one that counts
    /// them, at the first of them.
    pub(crate) fn finish(self, problems: &mut Vec<Diagnostic>) {
        problems.extend(self.listed);
        if let Some(mut first) = self.first_rest {
            first.message = format!("…and {} more problems in this file", self.rest);
            problems.push(first.with_hint(format!(
                "only the first {MAX_PER_FILE} problems of a file are listed, and the next one is \
                 shown here; fix them and check again (when every row has the same problem, the \
                 export's settings are the likely cause)"
            )));
        }
    }
}
