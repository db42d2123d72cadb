//! What pulldown-cmark's HTML leaves out for keyboards, screen readers and phones, added to the
//! event stream just before it is written: a table scrolls sideways inside a named region that
//! takes focus (so it can be scrolled without a mouse), and a task-list checkbox is labelled by
//! its item's text (pulldown-cmark writes a bare, disabled `<input>` with no name).
//!
//! The checkboxes are left enabled: a reader working through a checklist on a phone expects to
//! tick it, and a plain checkbox ticks without JavaScript (the ticks are not kept, as nothing
//! is stored). A disabled one is skipped by the keyboard and announced as unavailable, which
//! reads as "this item does not apply". A printed checklist shows the boxes as drawn.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::templates::escape_html;

/// `events` with every table wrapped in a focusable scroll region and every task-list marker
/// turned into a labelled checkbox. Headings must already carry their final ids.
pub(super) fn accessible<'a>(events: Vec<Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len() + 8);
    // The id and text of the latest heading, and whether a table is already named by it.
    let mut heading: Option<(String, String, bool)> = None;
    let mut in_heading = false;
    let mut open_label = false;
    for (i, event) in events.iter().enumerate() {
        if open_label && !is_inline(event) {
            out.push(Event::InlineHtml(CowStr::from("</label>")));
            open_label = false;
        }
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = true;
                let id = id.as_ref().map(|id| id.to_string()).unwrap_or_default();
                heading = Some((id, String::new(), false));
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(text) | Event::Code(text) if in_heading => {
                if let Some((_, heading_text, _)) = &mut heading {
                    heading_text.push_str(text);
                }
            }
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::from(scroll_region(
                    &mut heading,
                    &events[i..],
                ))));
            }
            Event::TaskListMarker(checked) => {
                let checked = if *checked { " checked" } else { "" };
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<label><input type=\"checkbox\"{checked}>"
                ))));
                open_label = true;
                continue;
            }
            _ => {}
        }
        out.push(event.clone());
        if matches!(event, Event::End(TagEnd::Table)) {
            out.push(Event::Html(CowStr::from("</div>")));
        }
    }
    if open_label {
        out.push(Event::InlineHtml(CowStr::from("</label>")));
    }
    out
}

/// The opening tag of a table's scroll region: named by the heading above it, or, when there is
/// none or it already names a table (two regions of one name cannot be told apart), by that
/// heading's text and the table's column headers.
fn scroll_region(heading: &mut Option<(String, String, bool)>, table: &[Event<'_>]) -> String {
    let open = "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\"";
    match heading {
        Some((id, _, named @ false)) if !id.is_empty() => {
            *named = true;
            format!("{open} aria-labelledby=\"{}\">", escape_html(id))
        }
        _ => {
            let columns = column_headers(table).join(", ");
            let label = match heading {
                Some((_, text, _)) if !text.trim().is_empty() => {
                    format!("{}: {columns}", text.trim())
                }
                _ => columns,
            };
            format!("{open} aria-label=\"{}\">", escape_html(&label))
        }
    }
}

/// The text of each header cell of the table whose start event begins `table`.
fn column_headers(table: &[Event<'_>]) -> Vec<String> {
    let mut cells = Vec::new();
    let mut in_head = false;
    for event in table {
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => break,
            Event::Start(Tag::TableCell) if in_head => cells.push(String::new()),
            Event::Text(text) | Event::Code(text) if in_head => {
                if let Some(cell) = cells.last_mut() {
                    cell.push_str(text);
                }
            }
            _ => {}
        }
    }
    cells.iter().map(|c| c.trim().to_owned()).collect()
}

/// Whether `event` is phrasing content, which may stand inside a `<label>`.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use scraper::{Html, Selector};

    fn html(body: &str) -> Html {
        let (rendered, problems) = super::super::render(body, &|_| None);
        assert!(problems.is_empty(), "{problems:?}");
        Html::parse_fragment(&rendered.html)
    }

    fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
        let selector = Selector::parse(css).expect("a valid selector");
        doc.select(&selector).collect()
    }

    fn text(element: &scraper::ElementRef<'_>) -> String {
        element.text().collect::<String>().trim().to_owned()
    }

    #[test]
    fn a_task_item_checkbox_is_labelled_by_its_text_and_can_be_ticked() {
        let doc =
            html("- [ ] the *passport* of each adult, see [here](https://egov.kz)\n- [x] photos\n");
        let labels = select(&doc, "li > label");
        assert_eq!(labels.len(), 2);
        assert_eq!(
            text(&labels[0]),
            "the passport of each adult, see here",
            "the whole item text, link included, names the box"
        );
        let boxes = select(&doc, "li > label > input[type=checkbox]");
        assert_eq!(boxes.len(), 2);
        assert_eq!(boxes[0].value().attr("checked"), None);
        assert_eq!(boxes[1].value().attr("checked"), Some(""));
        assert!(
            boxes.iter().all(|b| b.value().attr("disabled").is_none()),
            "enabled: ticks on screen without JavaScript"
        );
    }

    #[test]
    fn a_label_ends_where_the_item_text_does() {
        // Items of a loose list (paragraphs), one with a second paragraph and one with a nested
        // list: the label holds the item's own first line only, never a block.
        let doc = html("- [ ] first\n\n  more text\n\n- [ ] second\n  - nested\n");
        let labels = select(&doc, "label");
        assert_eq!(labels.len(), 2);
        assert_eq!(text(&labels[0]), "first");
        assert_eq!(text(&labels[1]), "second");
        assert!(select(&doc, "label p, label ul, label li").is_empty());
        assert_eq!(select(&doc, "li > p:first-child > label").len(), 2);
        let tight = html("- [ ] one\n  - nested\n- [ ] two\n");
        let tight_labels = select(&tight, "li > label");
        assert_eq!(
            tight_labels.iter().map(text).collect::<Vec<_>>(),
            ["one", "two"]
        );
        assert_eq!(select(&doc, "li > ul > li").len(), 1);
    }

    #[test]
    fn a_table_scrolls_in_a_focusable_region_named_by_its_heading() {
        let doc = html("## Quotas {#quota}\n\n| Region | Families |\n|---|---|\n| Abai | 1 |\n");
        let regions = select(&doc, "div.table-scroll");
        assert_eq!(regions.len(), 1);
        let region = regions[0].value();
        assert_eq!(region.attr("tabindex"), Some("0"));
        assert_eq!(region.attr("role"), Some("region"));
        assert_eq!(region.attr("aria-labelledby"), Some("quota"));
        assert_eq!(select(&doc, "div.table-scroll > table").len(), 1);
    }

    #[test]
    fn a_table_without_a_heading_of_its_own_is_named_by_its_columns() {
        let body = "| Year | Families |\n|---|---|\n| 2026 | 1 |\n\n## Later\n\n| A | `B` |\n|---|---|\n| 1 | 2 |\n\n| C | D |\n|---|---|\n| 3 | 4 |\n";
        let doc = html(body);
        let names: Vec<_> = select(&doc, "div.table-scroll")
            .iter()
            .map(|r| {
                let r = r.value();
                (r.attr("aria-labelledby"), r.attr("aria-label"))
            })
            .collect();
        assert_eq!(
            names,
            [
                (None, Some("Year, Families")),
                (Some("later"), None),
                (None, Some("Later: C, D")),
            ]
        );
    }
}
