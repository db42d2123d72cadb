//! The searchable text of a guide, cut at its `##` headings so a hit can lead to the section.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::markdown::{self, Heading};

/// A part of a page: the text before the first `##` heading, or one `##` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading's anchor, for sections.
    pub id: Option<String>,
    /// The heading's text, for sections.
    pub heading: Option<String>,
    /// The plain text of the part.
    pub text: String,
}

/// Cuts a Markdown body into its parts. `headings` are the page's headings as rendered, so
/// ids match the page's anchors.
pub fn sections(body: &str, headings: &[Heading]) -> Vec<Section> {
    let expanded = markdown::expand_references(body);
    let mut h2s = headings.iter().filter(|h| h.level == 2);
    let mut parts = vec![Section {
        id: None,
        heading: None,
        text: String::new(),
    }];
    let mut in_h2 = false;
    for event in Parser::new(&expanded) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_h2 = true;
                let heading = h2s.next();
                parts.push(Section {
                    id: heading.map(|h| h.id.clone()),
                    heading: heading.map(|h| h.text.clone()),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => in_h2 = false,
            Event::Text(text) | Event::Code(text) if !in_h2 => {
                if let Some(part) = parts.last_mut() {
                    part.text.push_str(&text);
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => {
                if let Some(part) = parts.last_mut()
                    && !part.text.ends_with(' ')
                {
                    part.text.push(' ');
                }
            }
            _ => {}
        }
    }
    for part in &mut parts {
        part.text = part.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    parts.retain(|p| p.heading.is_some() || !p.text.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_cut_at_its_second_level_headings() {
        let body = "Intro *text*.\n\n## Documents {#documents}\n\nA list:\n\n- passport\n\n### Copies\n\nTwo.\n\n## Help\n\nCall 1414.";
        let headings = vec![
            Heading {
                level: 2,
                id: "documents".into(),
                text: "Documents".into(),
            },
            Heading {
                level: 3,
                id: "copies".into(),
                text: "Copies".into(),
            },
            Heading {
                level: 2,
                id: "help".into(),
                text: "Help".into(),
            },
        ];
        let parts = sections(body, &headings);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].text, "Intro text.");
        assert_eq!(parts[1].id.as_deref(), Some("documents"));
        assert_eq!(parts[1].text, "A list: passport Copies Two.");
        assert_eq!(parts[2].heading.as_deref(), Some("Help"));
        assert_eq!(parts[2].text, "Call 1414.");
    }
}
