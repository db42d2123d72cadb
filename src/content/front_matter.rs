//! Front matter: the YAML block between `---` lines at the top of a Markdown file.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::content::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::yaml;

/// A source the guide's facts come from.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source's name, in the page's language.
    pub title: String,
    /// Where to read it.
    pub url: String,
}

/// A dated note of what changed in a guide, shown newest first under "What changed". Both
/// keys are optional here so that a missing one is reported at the note itself.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// When the rule changed or the guide was updated (required).
    #[serde(default)]
    pub date: Option<Date>,
    /// What changed, in the page's language (required).
    #[serde(default)]
    pub note: Option<String>,
}

/// What kind of page a front matter heads: each kind requires and allows its own keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A guide: `reviewed` is required, `changes` allowed.
    Guide,
    /// A section's `_index` page.
    Section,
    /// A news item: `date` is required, `regions` and `sample` allowed.
    News,
}

/// The metadata of a guide, section or news page. Unknown keys are errors so typos cannot
/// pass; keys of another kind of page are errors too (see [`Shape`]).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title (required).
    pub title: String,
    /// One or two sentences shown under the title and in listings.
    #[serde(default)]
    pub summary: Option<String>,
    /// When an editor last checked the facts (required for guides).
    #[serde(default)]
    pub reviewed: Option<Date>,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Position in listings; lower first, then by slug.
    #[serde(default)]
    pub order: Option<i64>,
    /// Free keywords.
    #[serde(default)]
    pub tags: Vec<String>,
    /// What changed, each note where it is written (guides only).
    #[serde(default)]
    pub changes: Vec<Spanned<Change>>,
    /// When a news item was published (required for news, news only).
    #[serde(default)]
    pub date: Option<Date>,
    /// The regions a news item is about, by id, each where it is written (news only).
    #[serde(default)]
    pub regions: Vec<Spanned<String>>,
    /// Whether a news item is invented demonstration data (news only).
    #[serde(default)]
    pub sample: bool,
}

impl FrontMatter {
    /// The change notes that have a date and a note, newest first (notes of one day in the
    /// order written).
    pub fn change_notes(&self) -> Vec<(Date, &str)> {
        let mut notes: Vec<(Date, &str)> = self
            .changes
            .iter()
            .filter_map(|c| Some((c.value.date?, c.value.note.as_deref()?)))
            .collect();
        notes.sort_by_key(|note| std::cmp::Reverse(note.0));
        notes
    }
}

/// A Markdown file split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML text.
    pub yaml: &'a str,
    /// The 1-based line of the file where the YAML starts.
    pub yaml_line: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// The byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `text` at its `---` fences; the opening fence must be the first line.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end_matches(['\r', '\n']) != "---" {
        return Err(Diagnostic::error_at(
            Code::FrontMatter,
            file,
            text,
            1,
            1,
            "the file does not start with front matter",
        )
        .with_hint("begin the file with a line `---`, then `title: …`, then another `---`"));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        let bare = line.trim_end_matches(['\r', '\n']);
        if bare == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error_at(
        Code::FrontMatter,
        file,
        text,
        1,
        1,
        "the front matter is never closed",
    )
    .with_hint("add a line `---` after the last front matter key"))
}

/// Parses and checks the front matter of `text`, heading a page of the given shape.
pub fn parse<'a>(
    file: &Path,
    text: &'a str,
    shape: Shape,
) -> Result<(FrontMatter, Split<'a>), Vec<Diagnostic>> {
    let needs_reviewed = shape == Shape::Guide;
    let split = split(file, text).map_err(|d| vec![d])?;
    let front: FrontMatter =
        yaml::parse(Code::FrontMatter, file, text, split.yaml, split.yaml_line)
            .map_err(|d| vec![d])?;
    let at_key = |key: &str, message: String| {
        let line = key_line(split.yaml, key).map_or(1, |l| l + split.yaml_line - 1);
        Diagnostic::error_at(Code::FrontMatter, file, text, line, 1, message)
    };
    let mut problems = Vec::new();
    if front.title.trim().is_empty() {
        problems.push(at_key("title", "`title` is empty".to_owned()));
    }
    if needs_reviewed && front.reviewed.is_none() {
        problems.push(
            Diagnostic::error_at(
                Code::FrontMatter,
                file,
                text,
                1,
                1,
                "missing `reviewed` date",
            )
            .with_hint(
                "guides must say when their facts were last checked: `reviewed: 2026-11-23`",
            ),
        );
    }
    for source in &front.sources {
        let url_ok = source.url.starts_with("https://") || source.url.starts_with("http://");
        if !url_ok || source.url.contains(char::is_whitespace) {
            problems.push(
                at_key(
                    "sources",
                    format!(
                        "source `{}` has an invalid URL `{}`",
                        source.title, source.url
                    ),
                )
                .with_hint("a source URL starts with https:// and has no spaces"),
            );
        }
        if source.title.trim().is_empty() {
            problems.push(at_key(
                "sources",
                "a source has an empty `title`".to_owned(),
            ));
        }
    }
    if shape == Shape::News && front.date.is_none() {
        problems.push(
            Diagnostic::error_at(Code::FrontMatter, file, text, 1, 1, "missing `date`")
                .with_hint("a news item says when it was published: `date: 2026-07-01`"),
        );
    }
    if shape != Shape::Guide && !front.changes.is_empty() {
        let what = match shape {
            Shape::News => "a news item has no change notes; it is one itself",
            _ => "a section page has no change notes; only a guide shows them",
        };
        problems.push(
            at_key("changes", what.to_owned())
                .with_hint("move the notes to the guide whose rules changed"),
        );
    }
    if shape != Shape::News {
        let news_only = [
            ("date", front.date.is_some()),
            ("regions", !front.regions.is_empty()),
            ("sample", front.sample),
        ];
        for (key, _) in news_only.iter().filter(|(_, set)| *set) {
            problems.push(
                at_key(
                    key,
                    format!("`{key}` is a key of news items, not of guides"),
                )
                .with_hint(
                    "a guide says when its facts were checked with `reviewed`; news \
                         items live in content/news/",
                ),
            );
        }
    }
    for change in &front.changes {
        // Where the note is written, in the file.
        let at = |message: &str| {
            let place = &change.referenced;
            Diagnostic::error_at(
                Code::FrontMatter,
                file,
                text,
                place.line() as usize + split.yaml_line - 1,
                place.column().max(1) as usize,
                message,
            )
        };
        if change.value.date.is_none() {
            problems.push(
                at("a change note has no `date`")
                    .with_hint("write when it changed: `- {date: 2026-07-01, note: \"…\"}`"),
            );
        }
        if change
            .value
            .note
            .as_deref()
            .is_none_or(|n| n.trim().is_empty())
        {
            problems.push(
                at("a change note has no `note`")
                    .with_hint("say in a sentence what changed: `note: \"…\"`"),
            );
        }
    }
    if problems.is_empty() {
        Ok((front, split))
    } else {
        Err(problems)
    }
}

/// The 1-based line (within `yaml`, or the whole file) of a top-level `key:`.
pub fn key_line(yaml: &str, key: &str) -> Option<usize> {
    crate::yaml::key_place(yaml, key).map(|(line, _)| line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_guide(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        parse(Path::new("g.kk.md"), text, Shape::Guide).map(|(front, _)| front)
    }

    #[test]
    fn a_complete_front_matter_parses() {
        let text = "---\ntitle: Азаматтық\nreviewed: 2026-11-23\nsources:\n  - {title: egov, url: https://egov.kz}\n---\nBody\n";
        let front = parse_guide(text).unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(front.title, "Азаматтық");
        assert_eq!(front.sources.len(), 1);
    }

    #[test]
    fn crlf_files_split_like_lf_files() {
        let text = "---\r\ntitle: T\r\nreviewed: 2026-01-01\r\n---\r\nBody\r\n";
        let Ok(split) = split(Path::new("x"), text) else {
            panic!("not split")
        };
        assert_eq!(split.body, "Body\r\n");
        assert!(parse_guide(text).is_ok());
    }

    #[test]
    fn bad_date_is_reported_at_its_line() {
        let text = "---\ntitle: T\nreviewed: 2026-02-30\n---\n";
        let Err(problems) = parse_guide(text) else {
            panic!("accepted")
        };
        assert_eq!(problems[0].line, Some(3), "{problems:?}");
        assert!(problems[0].message.contains("2026-02-30"), "{problems:?}");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let Err(problems) = parse_guide("---\ntitle: T\n") else {
            panic!("accepted")
        };
        assert!(problems[0].message.contains("never closed"));
    }

    #[test]
    fn change_notes_come_newest_first_and_a_note_without_a_date_is_placed() {
        let text = "---\ntitle: T\nreviewed: 2026-01-01\nchanges:\n  - {date: 2026-01-01, note: old}\n  - {date: 2026-07-01, note: new}\n---\n";
        let front = parse_guide(text).unwrap_or_else(|d| panic!("{d:?}"));
        let notes: Vec<String> = front
            .change_notes()
            .iter()
            .map(|(d, n)| format!("{d} {n}"))
            .collect();
        assert_eq!(notes, ["2026-07-01 new", "2026-01-01 old"]);

        let text = "---\ntitle: T\nreviewed: 2026-01-01\nchanges:\n  - date: 2026-01-01\n    note: fine\n  - note: undated\n---\n";
        let Err(problems) = parse_guide(text) else {
            panic!("accepted")
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].line, problems[0].column), (Some(7), Some(5)));
        assert!(problems[0].message.contains("no `date`"), "{problems:?}");

        let text = "---\ntitle: T\nchanges:\n  - {date: 2026-01-01, note: x}\n---\n";
        let Err(problems) = parse(Path::new("_index.kk.md"), text, Shape::Section) else {
            panic!("a section accepted change notes")
        };
        assert_eq!(problems[0].line, Some(3), "{problems:?}");
    }

    #[test]
    fn news_keys_belong_to_news_items_and_a_news_item_needs_its_date() {
        let news =
            |text: &str| parse(Path::new("n.en.md"), text, Shape::News).map(|(f, _)| (f, ()));
        let text = "---\ntitle: T\ndate: 2026-07-01\nregions: [pavlodar]\nsample: true\n---\n";
        let Ok((front, _)) = news(text) else {
            panic!("a complete news item refused")
        };
        assert_eq!(front.regions[0].value, "pavlodar");
        assert_eq!(front.regions[0].referenced.line(), 3);
        assert!(front.sample);
        let Err(problems) = news("---\ntitle: T\n---\n") else {
            panic!("an undated item accepted")
        };
        assert!(
            problems[0].message.contains("missing `date`"),
            "{problems:?}"
        );
        let Err(problems) =
            parse_guide("---\ntitle: T\nreviewed: 2026-01-01\ndate: 2026-01-01\n---\n")
        else {
            panic!("a guide with a date accepted")
        };
        assert_eq!(problems[0].line, Some(4), "{problems:?}");
        assert!(problems[0].message.contains("news items"), "{problems:?}");
    }

    #[test]
    fn missing_reviewed_only_matters_for_guides() {
        let text = "---\ntitle: T\n---\n";
        assert!(parse_guide(text).is_err());
        assert!(parse(Path::new("_index.kk.md"), text, Shape::Section).is_ok());
    }
}
