//! Problems found in an editor's files, with where they are and how to fix them.
//!
//! Every layer reports content problems as [`Diagnostic`]s and keeps going, so one build lists
//! all of them; the command prints them with a source snippet and exits non-zero.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built.
    Error,
    /// The site builds, but an editor should look.
    Warning,
}

/// One problem in one file, at a line and column where they are known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, if known.
    pub line: Option<usize>,
    /// 1-based column in characters, if known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The text of the offending line, for the snippet.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// An error at a line and column of `source`, the file's text (used for the snippet).
    pub fn error_at(
        file: impl Into<PathBuf>,
        source: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let mut diagnostic = Diagnostic::error(file, message);
        diagnostic.line = Some(line);
        diagnostic.column = Some(column);
        diagnostic.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(str::to_owned);
        diagnostic
    }

    /// An error at a byte offset into `source`.
    pub fn error_at_offset(
        file: impl Into<PathBuf>,
        source: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(source, offset);
        Diagnostic::error_at(file, source, line, column, message)
    }

    /// The same finding as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds a hint saying how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Makes the file path relative to `root` for display.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.file.strip_prefix(root) {
            self.file = rel.to_path_buf();
        }
        self
    }

    /// Whether this finding stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for Diagnostic {
    /// Renders `file:line:col: error: message`, the source line with a caret, and the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        writeln!(f, ": {severity}: {}", self.message)?;
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let gutter = line.to_string().len();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{line} | {}", text.trim_end())?;
            let column = self.column.unwrap_or(1).max(1);
            let underline = text
                .chars()
                .skip(column - 1)
                .take_while(|c| !c.is_whitespace())
                .count();
            let pad: String = text
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{:gutter$} | {pad}{}", "", "^".repeat(underline.max(1)))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "а\nқазақ тілі";
        let offset = text.find("тілі").map_or(0, |i| i);
        assert_eq!(line_column(text, offset), (2, 7));
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 10_000), (2, 11));
    }

    #[test]
    fn display_shows_location_snippet_and_hint() {
        let d = Diagnostic::error_at(
            "content/a.md",
            "one\ntitel: x\n",
            2,
            1,
            "unknown key `titel`",
        )
        .with_hint("did you mean `title`?");
        let text = d.to_string();
        assert!(
            text.starts_with("content/a.md:2:1: error: unknown key `titel`\n"),
            "{text}"
        );
        assert!(text.contains("2 | titel: x\n"), "{text}");
        assert!(text.contains("  | ^^^^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean `title`?"), "{text}");
    }
}
