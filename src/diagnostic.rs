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

/// What kind of problem a finding is: a stable name that scripts and CI can match on
/// (`broken-link`), shown in brackets after the severity and as `code` in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// `bagdar.yaml` cannot be read or is invalid.
    Config,
    /// The theme or one of its templates is missing, does not parse or fails to render.
    Theme,
    /// A file cannot be read: I/O error, too large, not UTF-8, a symlink leaving the root.
    UnreadableFile,
    /// A file in a content folder that Bagdar does not use (a warning).
    IgnoredFile,
    /// A file or folder that is misnamed, misplaced or missing (slug, language, id).
    FileLayout,
    /// The front matter of a guide or section is missing, invalid or incomplete.
    FrontMatter,
    /// `<script>` in a guide.
    ScriptInGuide,
    /// Two headings of one page with the same `{#id}`.
    DuplicateHeadingId,
    /// A link to a page of the site that does not exist.
    BrokenLink,
    /// A link to a `#anchor` that the target page does not have.
    MissingAnchor,
    /// A link to a vacancy that has expired: it leads to the vacancy listing (a warning).
    ExpiredVacancyLink,
    /// A section folder without an `_index.<lang>.md`.
    MissingSectionIndex,
    /// Two sources that would be served at the same address.
    UrlCollision,
    /// A region file is invalid.
    RegionData,
    /// A vacancy export is invalid.
    VacancyData,
    /// `content/vacancies/categories.yaml` is invalid.
    CategoryData,
    /// An interface string defined in one language's i18n file and missing in another.
    MissingUiString,
    /// An i18n file is invalid (YAML, plural forms).
    UiString,
    /// A guide whose `reviewed` date is older than `stale_after_months`.
    StaleGuide,
    /// A guide or section that lacks one of the site's languages.
    MissingTranslation,
    /// A form that `content/terms.yaml` lists as one to avoid, in a guide or a region's text.
    AvoidedTerm,
    /// `content/terms.yaml` is invalid.
    TermsData,
    /// `content/spellings.yaml` (editors' spellings for the script editions) is invalid.
    SpellingData,
    /// An edition page in another script still has Cyrillic text (a warning).
    EditionCyrillic,
    /// An edition page has a letter outside its script's table (a warning).
    EditionLetter,
    /// A spelling in `content/spellings.yaml` that no page's word uses (a warning).
    UnusedSpelling,
    /// The site has Atom feeds but no `base_url`: their links are relative, which some feed
    /// readers resolve wrongly (a warning).
    FeedRelative,
    /// Writing the output folder failed (disk full, permissions, a folder in the way).
    Output,
    /// The search index could not be built (a bug or a resource limit, not a content
    /// problem).
    SearchIndex,
}

impl Code {
    /// Every code, in the order the README lists them.
    pub const ALL: [Code; 29] = [
        Code::Config,
        Code::Theme,
        Code::UnreadableFile,
        Code::IgnoredFile,
        Code::FileLayout,
        Code::FrontMatter,
        Code::ScriptInGuide,
        Code::DuplicateHeadingId,
        Code::BrokenLink,
        Code::MissingAnchor,
        Code::ExpiredVacancyLink,
        Code::MissingSectionIndex,
        Code::UrlCollision,
        Code::RegionData,
        Code::VacancyData,
        Code::CategoryData,
        Code::MissingUiString,
        Code::UiString,
        Code::StaleGuide,
        Code::MissingTranslation,
        Code::AvoidedTerm,
        Code::TermsData,
        Code::SpellingData,
        Code::EditionCyrillic,
        Code::EditionLetter,
        Code::UnusedSpelling,
        Code::FeedRelative,
        Code::Output,
        Code::SearchIndex,
    ];

    /// The stable name: `broken-link`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Config => "config",
            Code::Theme => "theme",
            Code::UnreadableFile => "unreadable-file",
            Code::IgnoredFile => "ignored-file",
            Code::FileLayout => "file-layout",
            Code::FrontMatter => "front-matter",
            Code::ScriptInGuide => "script-in-guide",
            Code::DuplicateHeadingId => "duplicate-heading-id",
            Code::BrokenLink => "broken-link",
            Code::MissingAnchor => "missing-anchor",
            Code::ExpiredVacancyLink => "expired-vacancy-link",
            Code::MissingSectionIndex => "missing-section-index",
            Code::UrlCollision => "url-collision",
            Code::RegionData => "region-data",
            Code::VacancyData => "vacancy-data",
            Code::CategoryData => "category-data",
            Code::MissingUiString => "missing-ui-string",
            Code::UiString => "ui-string",
            Code::StaleGuide => "stale-guide",
            Code::MissingTranslation => "missing-translation",
            Code::AvoidedTerm => "avoided-term",
            Code::TermsData => "terms-data",
            Code::SpellingData => "spelling-data",
            Code::EditionCyrillic => "edition-cyrillic",
            Code::EditionLetter => "edition-letter",
            Code::UnusedSpelling => "unused-spelling",
            Code::FeedRelative => "feed-relative",
            Code::Output => "output",
            Code::SearchIndex => "search-index",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in one file, at a line and column where they are known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem it is.
    pub code: Code,
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
    /// The text of the offending line, for the snippet: around the column only, when the line
    /// is long (a minified JSON export is one line of megabytes).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters of the line `source_line` leaves out before its text.
    #[serde(skip)]
    pub snippet_skips: usize,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            source_line: None,
            snippet_skips: 0,
        }
    }

    /// An error at a line and column of `source`, the file's text (used for the snippet).
    pub fn error_at(
        code: Code,
        file: impl Into<PathBuf>,
        source: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let text = source.lines().nth(line.saturating_sub(1));
        Diagnostic::error(code, file, message).placed(line, column, text)
    }

    /// The diagnostic at `line` and `column`, with the snippet from the line's `text`.
    fn placed(mut self, line: usize, column: usize, text: Option<&str>) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        if let Some(text) = text {
            let (snippet, skips) = snippet(text, column);
            self.source_line = Some(snippet);
            self.snippet_skips = skips;
        }
        self
    }

    /// The diagnostic at `line` and `column` of a file, with the snippet from `text`, a part of
    /// the line that starts at the line's character column `part_column` (1-based): a reader
    /// that holds one record of a large file at a time knows only the record's part of a line.
    pub(crate) fn placed_in_part(
        self,
        line: usize,
        column: usize,
        text: Option<&str>,
        part_column: usize,
    ) -> Self {
        let before = part_column.saturating_sub(1);
        let mut placed = self.placed(line, column.saturating_sub(before).max(1), text);
        placed.column = Some(column);
        placed.snippet_skips += before;
        placed
    }

    /// An error at a byte offset into `source`.
    pub fn error_at_offset(
        code: Code,
        file: impl Into<PathBuf>,
        source: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(source, offset);
        Diagnostic::error_at(code, file, source, line, column, message)
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

/// Where each line of a text starts, found in one pass: then placing a byte offset on its line
/// is a binary search, not a scan from the start of the text, so a file with a problem on every
/// line is reported in about the time it takes to read it.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset of each line's first byte; the first line starts at 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// The byte offset where a 1-based line starts (the text's end past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// 1-based line and character column of a byte offset (clamped to the text), as
    /// [`line_column`] gives them.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line(offset);
        let column = self.text[self.line_start(line)..offset].chars().count() + 1;
        (line, column)
    }

    /// The text of a 1-based line without its line end, as `str::lines` gives it.
    pub fn line_text(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        if start >= self.text.len() {
            return None;
        }
        Some(match self.starts.get(line) {
            Some(&next) => {
                let text = &self.text[start..next - 1];
                text.strip_suffix('\r').unwrap_or(text)
            }
            None => &self.text[start..],
        })
    }

    /// An error at a line and column of the text, as [`Diagnostic::error_at`] makes it.
    pub fn error_at(
        &self,
        code: Code,
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, file, message).placed(line, column, self.line_text(line))
    }

    /// An error at a byte offset of the text, as [`Diagnostic::error_at_offset`] makes it.
    pub fn error_at_offset(
        &self,
        code: Code,
        file: impl Into<PathBuf>,
        offset: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.line_column(offset);
        self.error_at(code, file, line, column, message)
    }
}

/// Lines longer than this many characters are shown around the column only.
const SNIPPET_CHARS: usize = 200;

/// The part of a line to show for a problem at `column`: the whole line, or for a long one about
/// a line's width around the column between `…`, and how many characters it leaves out before.
fn snippet(line: &str, column: usize) -> (String, usize) {
    if line.len() <= SNIPPET_CHARS || line.chars().nth(SNIPPET_CHARS).is_none() {
        return (line.to_owned(), 0);
    }
    let start = column.saturating_sub(1).saturating_sub(SNIPPET_CHARS / 4);
    let mut chars = line.chars().skip(start);
    let mut text: String = if start > 0 {
        "…".to_owned()
    } else {
        String::new()
    };
    text.extend(chars.by_ref().take(SNIPPET_CHARS / 2));
    if chars.next().is_some() {
        text.push('…');
    }
    // The leading `…` stands where the last character left out was.
    (text, start.saturating_sub(1))
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
    /// Renders `file:line:col: error[code]: message`, the source line underlined, and the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", printable(&self.file.to_string_lossy()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        writeln!(
            f,
            ": {severity}[{}]: {}",
            self.code,
            printable(&self.message)
        )?;
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let text = &printable(text);
            let gutter = line.to_string().len();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{line} | {}", text.trim_end())?;
            let column = self
                .column
                .unwrap_or(1)
                .saturating_sub(self.snippet_skips)
                .max(1);
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

/// `text` with control characters (but tabs) replaced by `�`, one for one so columns still
/// line up: file names and vacancy feeds are not trusted to send escape sequences to the
/// editor's terminal or a CI log.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let control = |c: char| c.is_control() && c != '\t';
    if text.contains(control) {
        text.chars()
            .map(|c| if control(c) { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::error_at(
            Code::VacancyData,
            "content/vacancies/\u{1b}[2Jx.csv",
            "id\nred\u{1b}[31m,x\n",
            2,
            1,
            "id `\u{7}` is bad",
        );
        let text = d.to_string();
        assert!(
            !text.contains(|c: char| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(
            text.starts_with("content/vacancies/\u{fffd}[2Jx.csv:2:1: error[vacancy-data]: id `\u{fffd}` is bad\n"),
            "{text:?}"
        );
        assert!(text.contains("2 | red\u{fffd}[31m,x\n"), "{text:?}");
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "а\nқазақ тілі";
        let offset = text.find("тілі").map_or(0, |i| i);
        assert_eq!(line_column(text, offset), (2, 7));
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 10_000), (2, 11));
    }

    #[test]
    fn the_line_index_places_offsets_as_a_scan_does() {
        for text in [
            "",
            "\n",
            "one",
            "one\n",
            "a\r\nқазақ тілі\r\n\nlast\r",
            "\n\nx\ny\n",
        ] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_column(offset),
                    line_column(text, offset),
                    "{text:?} at {offset}"
                );
            }
            let lines: Vec<&str> = text.lines().collect();
            for line in 0..lines.len() + 3 {
                let expected = line.checked_sub(1).and_then(|i| lines.get(i)).copied();
                assert_eq!(index.line_text(line), expected, "{text:?} line {line}");
            }
            let by_offset = index.error_at_offset(Code::VacancyData, "f", text.len(), "m");
            let by_scan =
                Diagnostic::error_at_offset(Code::VacancyData, "f", text, text.len(), "m");
            assert_eq!(by_offset, by_scan, "{text:?}");
        }
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!(
            "[{}{{\"region\": \"mars\"}}{}]",
            "{},".repeat(500),
            ",{}".repeat(500)
        );
        let column = line.find("\"mars\"").map_or(0, |i| i + 1);
        let d = Diagnostic::error_at(
            Code::VacancyData,
            "v.json",
            &line,
            1,
            column,
            "unknown region",
        );
        let text = d.to_string();
        let shown: Vec<&str> = text.lines().collect();
        assert!(shown[2].starts_with("1 | …{},{},"), "{text}");
        assert!(shown[2].ends_with('…'), "{text}");
        assert!(shown[2].chars().count() < 120, "{text}");
        let caret = shown[3].chars().position(|c| c == '^').unwrap_or(0);
        let under: String = shown[2].chars().skip(caret).take(6).collect();
        assert_eq!(under, "\"mars\"", "{text}");
        assert_eq!(d.column, Some(column), "the column stays the line's");
        let short = Diagnostic::error_at(Code::VacancyData, "v.json", "{\"a\": 1}", 1, 2, "m");
        assert_eq!(short.source_line.as_deref(), Some("{\"a\": 1}"));
    }

    #[test]
    fn codes_have_one_name_in_text_and_json() {
        for code in Code::ALL {
            let json = serde_json::to_string(&code).map_err(|e| e.to_string());
            assert_eq!(json, Ok(format!("\"{code}\"")));
        }
    }

    #[test]
    fn display_shows_location_snippet_and_hint() {
        let d = Diagnostic::error_at(
            Code::FrontMatter,
            "content/a.md",
            "one\ntitel: x\n",
            2,
            1,
            "unknown key `titel`",
        )
        .with_hint("did you mean `title`?");
        let text = d.to_string();
        assert!(
            text.starts_with("content/a.md:2:1: error[front-matter]: unknown key `titel`\n"),
            "{text}"
        );
        assert!(text.contains("2 | titel: x\n"), "{text}");
        assert!(text.contains("  | ^^^^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean `title`?"), "{text}");
    }
}
