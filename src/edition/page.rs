//! A walk of a rendered page: its text, its start tags and what to copy as it is, with the
//! elements each piece of text is in, and whether that is the page's own language.
//!
//! The page is HTML the generator wrote itself (templates, pulldown-cmark, escaped vacancy
//! text), so a small scanner is enough. Text is the page's own where the nearest `lang` is the
//! page's (`<html lang>`); it is kept verbatim inside `script`, `style`, `code`, `pre`, `kbd`,
//! `samp`, `var`, `textarea`, `svg`, `math` or `translate="no"`. The converter
//! ([`super::html`]) and the check of what is left ([`super::leftovers`]) walk pages alike.

/// Elements whose text is never converted.
pub(super) const VERBATIM: &[&str] = &[
    "script", "style", "code", "pre", "kbd", "samp", "var", "textarea", "svg", "math",
];

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Attributes whose value is text a reader sees or hears.
const TEXT_ATTRIBUTES: &[&str] = &["placeholder", "aria-label", "title", "alt"];

/// An open element.
pub(super) struct Open<'a> {
    /// Its name as written.
    pub(super) name: &'a str,
    /// Inside `<body>`, where text may hold elements.
    pub(super) in_body: bool,
    /// Its text is in the page's own language.
    pub(super) converts: bool,
    /// Its text is never converted (code, scripts).
    pub(super) verbatim: bool,
}

/// What a walk meets, in the page's order.
pub(super) enum Piece<'p, 'a> {
    /// Text between tags (`at`: its byte offset), in the elements `open`.
    Text {
        text: &'a str,
        at: usize,
        open: &'p [Open<'a>],
    },
    /// A start tag (`at`: its byte offset); `own` when its text attributes are the page's own
    /// text.
    Start {
        tag: &'p Tag<'a>,
        at: usize,
        own: bool,
    },
    /// What is copied as it is: end tags, comments, the raw text of scripts and styles, a
    /// lone `<`.
    Verbatim(&'a str),
}

/// Walks `html`, handing every piece to `visit`.
pub(super) fn walk<'a>(html: &'a str, mut visit: impl FnMut(Piece<'_, 'a>)) {
    let mut stack: Vec<Open<'a>> = Vec::new();
    let mut page_lang = "";
    let mut at = 0;
    while at < html.len() {
        let rest = &html[at..];
        let Some(lt) = rest.find('<') else {
            visit(Piece::Text {
                text: rest,
                at,
                open: &stack,
            });
            break;
        };
        if lt > 0 {
            visit(Piece::Text {
                text: &rest[..lt],
                at,
                open: &stack,
            });
        }
        at += lt;
        let rest = &html[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").map_or(rest.len(), |e| e + 7);
            visit(Piece::Verbatim(&rest[..end]));
            at += end;
            continue;
        }
        let Some(tag) = Tag::parse(rest) else {
            // A lone `<` in text (the generator escapes them, so this is only defensive).
            visit(Piece::Verbatim(&rest[..1]));
            at += 1;
            continue;
        };
        let tag_at = at;
        at += tag.len;
        if tag.closing {
            if let Some(i) = stack
                .iter()
                .rposition(|o| o.name.eq_ignore_ascii_case(tag.name))
            {
                stack.truncate(i);
            }
            visit(Piece::Verbatim(tag.source));
            continue;
        }
        if tag.name.eq_ignore_ascii_case("html") {
            page_lang = tag.attribute("lang").unwrap_or_default();
        }
        let parent = stack.last();
        let in_body = parent.is_some_and(|p| p.in_body) || tag.name.eq_ignore_ascii_case("body");
        let converts = match tag.attribute("lang") {
            Some(lang) => lang == page_lang,
            None => parent.is_none_or(|p| p.converts),
        };
        let verbatim = parent.is_some_and(|p| p.verbatim)
            || is_one_of(tag.name, VERBATIM)
            || tag.attribute("translate") == Some("no");
        visit(Piece::Start {
            tag: &tag,
            at: tag_at,
            own: converts && !verbatim,
        });
        if tag.self_closing || is_one_of(tag.name, VOID) {
            continue;
        }
        if is_one_of(tag.name, RAW_TEXT) {
            let end = find_end_tag(&html[at..], tag.name).unwrap_or(html.len() - at);
            visit(Piece::Verbatim(&html[at..at + end]));
            at += end;
        }
        stack.push(Open {
            name: tag.name,
            in_body,
            converts,
            verbatim,
        });
    }
}

/// Elements whose content is raw text, copied up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style"];

pub(super) fn is_one_of(name: &str, list: &[&str]) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Where the end tag `</name` starts in `rest` (in any case).
fn find_end_tag(rest: &str, name: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(at) = rest[from..].find("</") {
        let start = from + at;
        let tag = bytes.get(start + 2..start + 2 + name.len())?;
        if tag.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(start);
        }
        from = start + 2;
    }
    None
}

/// A start or end tag as written.
pub(super) struct Tag<'a> {
    /// The tag as written.
    pub(super) source: &'a str,
    len: usize,
    /// Its name as written.
    pub(super) name: &'a str,
    closing: bool,
    /// Written `<… />`.
    pub(super) self_closing: bool,
    /// (name, value, quote) of each attribute, in order.
    pub(super) attributes: Vec<(&'a str, &'a str, Option<char>)>,
}

impl<'a> Tag<'a> {
    /// The tag at the start of `html` (which starts with `<`).
    fn parse(html: &'a str) -> Option<Tag<'a>> {
        let bytes = html.as_bytes();
        let mut i = 1;
        let closing = bytes.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
            i += 1;
        }
        if i == name_start {
            // `<!doctype …>` and the like: copied whole.
            if bytes.get(1) == Some(&b'!') {
                let end = html.find('>')? + 1;
                return Some(Tag {
                    source: &html[..end],
                    len: end,
                    name: "!",
                    closing: false,
                    self_closing: true,
                    attributes: Vec::new(),
                });
            }
            return None;
        }
        let name = &html[name_start..i];
        let mut attributes = Vec::new();
        let mut self_closing = false;
        loop {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i)? {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    self_closing = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let attr_start = i;
            while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b'/' | b' ' | b'\n' | b'\t')
            {
                i += 1;
            }
            let attr = &html[attr_start..i];
            if bytes.get(i) != Some(&b'=') {
                attributes.push((attr, "", None));
                continue;
            }
            i += 1;
            let quote = *bytes.get(i)?;
            if quote == b'"' || quote == b'\'' {
                let value_start = i + 1;
                let value_end = value_start + html[value_start..].find(char::from(quote))?;
                attributes.push((attr, &html[value_start..value_end], Some(char::from(quote))));
                i = value_end + 1;
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                attributes.push((attr, &html[value_start..i], None));
            }
        }
        Some(Tag {
            source: &html[..i],
            len: i,
            name,
            closing,
            self_closing,
            attributes,
        })
    }

    /// The attributes whose value is text a reader sees or hears (and the page description),
    /// with their places among the attributes.
    pub(super) fn text_attributes(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        let description =
            self.name.eq_ignore_ascii_case("meta") && self.attribute("name") == Some("description");
        self.attributes
            .iter()
            .enumerate()
            .filter(move |(_, (name, _, _))| {
                is_one_of(name, TEXT_ATTRIBUTES)
                    || (description && name.eq_ignore_ascii_case("content"))
            })
            .map(|(i, (_, value, _))| (i, *value))
    }

    /// The value of the attribute `name` (in any case).
    pub(super) fn attribute(&self, name: &str) -> Option<&'a str> {
        self.attributes
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v, _)| *v)
    }
}
