//! Markdown to HTML for guides: tables, footnotes, smart punctuation, stable heading anchors
//! (Cyrillic kept), internal `@/guides/…` links, and no `<script>`.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::diagnostic::Code;

mod accessible;

/// A heading of a rendered page, for the table of contents, anchors and search sections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The `id` attribute, unique within the page.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// A link to another page of the site, written `@/guides/<path>[#anchor]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InternalLink {
    /// The target as written after `@/`, without `.md` or anchor: `guides/citizenship`.
    pub target: String,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
    /// Byte offset of the link in the Markdown body.
    pub offset: usize,
}

/// A link or image written as a plain address (`../citizenship/`, `/ru/regions/`, `#steps`,
/// `https://egov.kz`), in Markdown or in raw HTML, which the renderer passes through as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlainLink {
    /// The address as written.
    pub href: String,
    /// Byte offset of the link (or of the attribute, in raw HTML) in the Markdown body.
    pub offset: usize,
}

/// A problem in the Markdown body at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem.
    pub code: Code,
    /// Byte offset in the body.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

/// The result of rendering one body.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every internal link, in order.
    pub links: Vec<InternalLink>,
    /// Every plain link and image address, in order.
    pub plain_links: Vec<PlainLink>,
    /// The page's text cut at its `##` headings, from the same events as the HTML.
    pub sections: Vec<Section>,
}

/// A part of a page: the text before the first `##` heading, or one `##` section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's anchor, for sections.
    pub id: Option<String>,
    /// The heading's text, for sections.
    pub heading: Option<String>,
    /// The plain text of the part, as a reader sees it: no markup, table pipes or task
    /// markers, links with their text.
    pub text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// Where an internal link leads: its href and the target's title (used when the link has no
/// text of its own, as a `{{ region(id="…") }}` reference has not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The link, relative or absolute as the site is configured.
    pub href: String,
    /// The target page's title in the page's language.
    pub title: String,
}

/// Renders `body`. `resolve` turns an internal target (`guides/citizenship`) into a link, or
/// `None` when no such page exists.
pub fn render(body: &str, resolve: &dyn Fn(&str) -> Option<Resolved>) -> (Rendered, Vec<Problem>) {
    let expanded = expand_references(body);
    let mut events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(&expanded, options())
            .into_offset_iter()
            .collect();
    let mut rendered = Rendered::default();
    let mut problems = Vec::new();
    let mut used_ids = HashSet::new();

    let mut i = 0;
    while i < events.len() {
        let offset = events[i].1.start;
        match &events[i].0 {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = heading_level(*level);
                let explicit = id.as_ref().map(|id| id.to_string());
                let text = heading_text(&events[i + 1..]);
                let id = match explicit {
                    Some(id) => {
                        if !used_ids.insert(id.clone()) {
                            problems.push(Problem {
                                code: Code::DuplicateHeadingId,
                                offset,
                                message: format!(
                                    "the heading id `{id}` is used twice on this page"
                                ),
                                hint: "give each heading its own `{#id}`",
                            });
                        }
                        id
                    }
                    None => unique_id(anchor_id(&text), &mut used_ids),
                };
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                    *slot = Some(CowStr::from(id.clone()));
                }
                rendered.headings.push(Heading { level, id, text });
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("@/") => {
                let written = dest_url[2..].to_owned();
                let (path, anchor) = match written.split_once('#') {
                    Some((path, anchor)) => (path.to_owned(), Some(anchor.to_owned())),
                    None => (written.clone(), None),
                };
                let target = path
                    .trim_end_matches('/')
                    .trim_end_matches(".md")
                    .to_owned();
                match resolve(&target) {
                    Some(resolved) => {
                        let mut href = resolved.href;
                        if let Some(anchor) = &anchor {
                            href.push('#');
                            href.push_str(anchor);
                        }
                        if let Event::Start(Tag::Link { dest_url, .. }) = &mut events[i].0 {
                            *dest_url = CowStr::from(href);
                        }
                        fill_blank_link_text(&mut events[i + 1..], resolved.title);
                    }
                    None => problems.push(unresolved(offset, &written)),
                }
                rendered.links.push(InternalLink {
                    target,
                    anchor,
                    offset,
                });
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                rendered.plain_links.push(PlainLink {
                    href: dest_url.to_string(),
                    offset,
                });
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if raw.to_ascii_lowercase().contains("<script") {
                    problems.push(Problem {
                        code: Code::ScriptInGuide,
                        offset,
                        message: "`<script>` is not allowed in guides".to_owned(),
                        hint: "pages must work without JavaScript; remove the script",
                    });
                }
                rendered
                    .plain_links
                    .extend(html_addresses(raw).map(|(at, href)| PlainLink {
                        href: href.to_owned(),
                        offset: offset + at,
                    }));
            }
            _ => {}
        }
        i += 1;
    }

    rendered.sections = sections(&events, &rendered.headings);
    // Wide tables scroll inside their own box on phones instead of widening the page.
    let events = accessible::accessible(events.into_iter().map(|(event, _)| event).collect());
    html::push_html(&mut rendered.html, events.into_iter());
    (rendered, problems)
}

/// Cuts the page's events at its `##` headings (ids as the page has them: the events carry
/// them). A heading inside a footnote does not cut: its text stays in the part it is in.
fn sections(events: &[(Event<'_>, std::ops::Range<usize>)], headings: &[Heading]) -> Vec<Section> {
    let mut parts = vec![Section::default()];
    let mut in_h2 = false;
    let mut footnote = 0usize;
    let space = |parts: &mut Vec<Section>| {
        if let Some(part) = parts.last_mut()
            && !part.text.is_empty()
            && !part.text.ends_with(' ')
        {
            part.text.push(' ');
        }
    };
    for (event, _) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                footnote = footnote.saturating_sub(1);
                space(&mut parts);
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id,
                ..
            }) if footnote == 0 => {
                in_h2 = true;
                let id = id.as_ref().map(|id| id.to_string());
                let heading = id
                    .as_ref()
                    .and_then(|id| headings.iter().find(|h| &h.id == id))
                    .map(|h| h.text.clone());
                parts.push(Section {
                    id,
                    heading,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) if footnote == 0 => in_h2 = false,
            Event::Text(text) | Event::Code(text) if !in_h2 => {
                if let Some(part) = parts.last_mut() {
                    part.text.push_str(text);
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
                | TagEnd::CodeBlock,
            ) => space(&mut parts),
            _ => {}
        }
    }
    for part in &mut parts {
        part.text = part.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    parts.retain(|p| p.heading.is_some() || !p.text.is_empty());
    parts
}

/// The `href="…"` and `src="…"` values of raw HTML, with their offsets in `raw`. A plain scan,
/// not a parser: editors' raw HTML is small and trusted, and a missed link is only unchecked.
fn html_addresses(raw: &str) -> impl Iterator<Item = (usize, &str)> {
    let lower = raw.to_ascii_lowercase();
    let mut found = Vec::new();
    for attribute in ["href=", "src="] {
        for (at, _) in lower.match_indices(attribute) {
            let preceded = lower[..at].ends_with(|c: char| c.is_ascii_whitespace());
            let value_at = at + attribute.len();
            let Some(quote) = raw[value_at..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
            else {
                continue;
            };
            let start = value_at + 1;
            if let (true, Some(len)) = (preceded, raw[start..].find(quote)) {
                found.push((at, &raw[start..start + len]));
            }
        }
    }
    found.sort_unstable();
    found.into_iter()
}

fn unresolved(offset: usize, written: &str) -> Problem {
    match written.strip_prefix("regions/") {
        Some(id) => Problem {
            code: Code::BrokenLink,
            offset,
            message: format!("unknown region `{id}`"),
            hint: "region ids are the file names in content/regions/, e.g. `pavlodar`",
        },
        None => Problem {
            code: Code::BrokenLink,
            offset,
            message: format!("the link `@/{written}` leads to no page"),
            hint: "link guides as `@/guides/<slug>` or `@/guides/<section>/<slug>`",
        },
    }
}

/// Gives a link whose text is only spaces (an expanded reference) the target's title.
fn fill_blank_link_text(rest: &mut [(Event<'_>, std::ops::Range<usize>)], title: String) {
    let end = rest
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Link)));
    let Some(end) = end else { return };
    let blank = rest[..end]
        .iter()
        .all(|(e, _)| matches!(e, Event::Text(t) if t.trim().is_empty()));
    if blank && end > 0 {
        rest[0].0 = Event::Text(CowStr::from(title));
        for (event, _) in &mut rest[1..end] {
            *event = Event::Text(CowStr::from(""));
        }
    }
}

/// Rewrites `{{ region(id="pavlodar") }}` as the Markdown link `[     ](@/regions/pavlodar)`
/// of exactly the same length, so every byte offset (and so every reported line and column)
/// stays true; the blank text becomes the region's name when the link is resolved.
pub fn expand_references(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let candidate = &rest[start..];
        match parse_reference(candidate) {
            Some((len, id)) => {
                let pad = len - "[](@/regions/)".len() - id.len();
                out.push('[');
                out.push_str(&" ".repeat(pad));
                out.push_str("](@/regions/");
                out.push_str(id);
                out.push(')');
                rest = &candidate[len..];
            }
            None => {
                out.push_str("{{");
                rest = &candidate[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses `{{ region(id="…") }}` at the start of `text`: its length and the id.
fn parse_reference(text: &str) -> Option<(usize, &str)> {
    let inner = text.strip_prefix("{{")?;
    let after_open = inner.trim_start();
    let after_name = after_open
        .strip_prefix("region")?
        .trim_start()
        .strip_prefix('(')?
        .trim_start();
    let after_key = after_name
        .strip_prefix("id")?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quoted = after_key.strip_prefix('"')?;
    let close = quoted.find('"')?;
    let id = &quoted[..close];
    if id.is_empty()
        || id.contains(|c: char| c.is_whitespace() || c == ')' || c == '(' || c == '[' || c == ']')
    {
        return None;
    }
    let tail = quoted[close + 1..]
        .trim_start()
        .strip_prefix(')')?
        .trim_start()
        .strip_prefix("}}")?;
    let len = text.len() - tail.len();
    (len > "[](@/regions/)".len() + id.len()).then_some((len, id))
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The plain text of the heading whose start event precedes `rest`.
fn heading_text(rest: &[(Event<'_>, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in rest {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// A stable anchor id from heading text: lowercase letters and digits of any script, words
/// joined by `-`, punctuation dropped. "Қандай құжаттар керек?" → `қандай-құжаттар-керек`.
pub fn anchor_id(text: &str) -> String {
    let mut id = String::new();
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending_dash && !id.is_empty() {
                id.push('-');
            }
            pending_dash = false;
            id.push(c);
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_dash = true;
        }
    }
    if id.is_empty() {
        "section".to_owned()
    } else {
        id
    }
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_cut_at_its_second_level_headings() {
        let body = "Intro *text*.\n\n## Documents {#documents}\n\nA list:\n\n- passport\n\n### Copies\n\nTwo.\n\n## Help\n\nCall 1414.";
        let parts = render_plain(body).0.sections;
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].text, "Intro text.");
        assert_eq!(parts[1].id.as_deref(), Some("documents"));
        assert_eq!(parts[1].heading.as_deref(), Some("Documents"));
        assert_eq!(parts[1].text, "A list: passport Copies Two.");
        assert_eq!(parts[2].heading.as_deref(), Some("Help"));
        assert_eq!(parts[2].text, "Call 1414.");
    }

    #[test]
    fn sections_hold_text_as_read_not_markup() {
        let body = "## Quota\n\n| Region | Families |\n|---|---|\n| Abai | 1,200 |\n\n- [ ] passport\n- [x] photo\n\nSee [the guide](@/guides/citizenship) and {{ region(id=\"jetisu\") }}.";
        let parts = render_plain(body).0.sections;
        assert_eq!(parts.len(), 1);
        assert_eq!(
            parts[0].text,
            "Region Families Abai 1,200 passport photo See the guide and Jetisu Region."
        );
    }

    #[test]
    fn a_heading_in_a_footnote_does_not_shift_the_anchors() {
        let body = "Text.[^n]\n\n[^n]: ## Not a section\n\n## Help\n\nCall 1414.";
        let (rendered, _) = render_plain(body);
        let parts = rendered.sections;
        let help = parts.iter().find(|p| p.heading.as_deref() == Some("Help"));
        let help = help.expect("the Help section");
        let id = help.id.as_deref().expect("an id");
        assert!(
            rendered.html.contains(&format!("id=\"{id}\"")),
            "{}",
            rendered.html
        );
        assert_eq!(help.text, "Call 1414.");
        assert!(
            parts
                .iter()
                .all(|p| p.heading.as_deref() != Some("Not a section"))
        );
    }

    fn render_plain(body: &str) -> (Rendered, Vec<Problem>) {
        render(body, &|target| match target {
            "guides/citizenship" => Some(Resolved {
                href: "../citizenship/".into(),
                title: "Citizenship".into(),
            }),
            "regions/jetisu" => Some(Resolved {
                href: "../../regions/jetisu/".into(),
                title: "Jetisu Region".into(),
            }),
            _ => None,
        })
    }

    #[test]
    fn region_references_become_links_named_after_the_region() {
        let body = "Go to {{ region(id=\"jetisu\") }}, then {{region(id=\"mars\")}}.";
        let expanded = expand_references(body);
        assert_eq!(
            expanded.len(),
            body.len(),
            "offsets are preserved: {expanded}"
        );
        let (out, problems) = render_plain(body);
        assert!(
            out.html
                .contains("<a href=\"../../regions/jetisu/\">Jetisu Region</a>,"),
            "{}",
            out.html
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "unknown region `mars`");
        assert_eq!(Some(problems[0].offset), body.find("{{region"));
    }

    #[test]
    fn other_double_braces_are_left_alone() {
        assert_eq!(
            expand_references("a {{ b }} {{ region(x) }}"),
            "a {{ b }} {{ region(x) }}"
        );
    }

    #[test]
    fn heading_ids_keep_cyrillic_and_are_unique() {
        let (out, problems) =
            render_plain("## Қандай құжаттар керек?\n\n## Қандай құжаттар керек?\n");
        assert!(problems.is_empty());
        let ids: Vec<_> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["қандай-құжаттар-керек", "қандай-құжаттар-керек-1"]);
        assert!(
            out.html.contains("<h2 id=\"қандай-құжаттар-керек\">"),
            "{}",
            out.html
        );
    }

    #[test]
    fn explicit_ids_win() {
        let (out, _) = render_plain("## Какие документы нужны {#documents}\n");
        assert_eq!(out.headings[0].id, "documents");
        assert_eq!(out.headings[0].text, "Какие документы нужны");
    }

    #[test]
    fn internal_links_resolve_and_unknown_ones_are_reported() {
        let (out, problems) = render_plain("[a](@/guides/citizenship#steps) [b](@/guides/nowhere)");
        assert!(
            out.html.contains("href=\"../citizenship/#steps\""),
            "{}",
            out.html
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].offset, 32);
        assert_eq!(out.links[0].anchor.as_deref(), Some("steps"));
    }

    #[test]
    fn plain_links_are_recorded_with_their_offsets() {
        let body = "[a](../x/#y) ![i](pic.png) [e](@/guides/citizenship)\n\n<p><a class=k href=\"/ru/\">r</a></p>\n";
        let (out, _) = render_plain(body);
        let found: Vec<(&str, usize)> = out
            .plain_links
            .iter()
            .map(|l| (l.href.as_str(), l.offset))
            .collect();
        let html_at = body.find("href=").unwrap_or(0);
        assert_eq!(found, [("../x/#y", 0), ("pic.png", 13), ("/ru/", html_at)]);
    }

    #[test]
    fn script_is_refused_in_blocks_and_inline() {
        let (_, problems) =
            render_plain("Text <SCRIPT>alert(1)</script>\n\n<script src=x></script>\n");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].offset, 5);
    }

    #[test]
    fn tables_footnotes_and_smart_quotes_render() {
        let (out, _) =
            render_plain("| a | b |\n|---|---|\n| 1 | 2 |\n\n\"Бағдар\"[^1]\n\n[^1]: Note.\n");
        assert!(
            out.html.contains("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"a, b\"><table>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("“Бағдар”"), "{}", out.html);
        assert!(out.html.contains("footnote-definition"), "{}", out.html);
    }
}
