//! Converting a rendered page into an edition: the text of the page's own language, and
//! nothing else.
//!
//! The page is HTML the generator wrote itself (templates, pulldown-cmark, escaped vacancy
//! text), so a small scanner is enough: tags are copied as they are, text is converted where
//! the nearest `lang` is the page's own, and never inside `script`, `style`, `code`, `pre`,
//! `kbd`, `samp`, `var`, `textarea` or `translate="no"`. Text marked with another language
//! (`<span lang="ru">`, a guide shown in Russian for want of a Kazakh version, the language
//! switcher's names) stays as written. In the Arabic script, runs of digits and Latin letters
//! (phone numbers, e-mail, URLs, `eGov`) are isolated in `<bdi>` so they keep their order in
//! right-to-left text.

use bagdar_script::arabic::is_arabic;

use super::{Edition, Exceptions};

/// Elements whose text is never converted.
const VERBATIM: &[&str] = &[
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
struct Open<'a> {
    name: &'a str,
    /// Inside `<body>`, where text may hold elements.
    in_body: bool,
    /// Its text is in the page's own language.
    converts: bool,
    /// Its text is never converted (code, scripts).
    verbatim: bool,
}

/// What converting needs besides the page.
pub(crate) struct Conversion<'a> {
    /// The edition.
    pub(crate) edition: Edition,
    /// The editors' spellings.
    pub(crate) exceptions: &'a Exceptions,
    /// The site's absolute base URL, when it has one: links into the base language's pages
    /// are moved into the edition's (relative links already resolve there).
    pub(crate) base_url: Option<&'a str>,
}

/// The edition of a rendered page whose `<html lang>` already names the edition.
pub(crate) fn convert(html: &str, how: &Conversion<'_>) -> String {
    // The pages are the generator's own, a few kilobytes each, and the whole site goes
    // through here: no allocation per tag or per text node.
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut stack: Vec<Open> = Vec::new();
    let mut page_lang = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(at) = rest.find('<') else {
            text(rest, &stack, how, &mut out);
            break;
        };
        text(&rest[..at], &stack, how, &mut out);
        rest = &rest[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").map_or(rest.len(), |e| e + 7);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(tag) = Tag::parse(rest) else {
            // A lone `<` in text (the generator escapes them, so this is only defensive).
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        if tag.closing {
            if let Some(i) = stack
                .iter()
                .rposition(|o| o.name.eq_ignore_ascii_case(tag.name))
            {
                stack.truncate(i);
            }
            out.push_str(tag.source);
            continue;
        }
        if tag.name.eq_ignore_ascii_case("html") {
            page_lang = tag.attribute("lang").unwrap_or_default().to_owned();
        }
        let parent = stack.last();
        let parent_in_body = parent.is_some_and(|p| p.in_body);
        let converts = match tag.attribute("lang") {
            Some(lang) => lang == page_lang,
            None => parent.is_none_or(|p| p.converts),
        };
        let verbatim = parent.is_some_and(|p| p.verbatim)
            || is_one_of(tag.name, VERBATIM)
            || tag.attribute("translate") == Some("no");
        tag.write(converts && !verbatim, how, &mut out);
        if tag.self_closing || is_one_of(tag.name, VOID) {
            continue;
        }
        if is_one_of(tag.name, RAW_TEXT) {
            // Raw text: copied up to its end tag.
            let end = find_end_tag(rest, tag.name).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
        let in_body = parent_in_body || tag.name.eq_ignore_ascii_case("body");
        stack.push(Open {
            name: tag.name,
            in_body,
            converts,
            verbatim,
        });
    }
    out
}

/// Elements whose content is raw text, copied up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style"];

fn is_one_of(name: &str, list: &[&str]) -> bool {
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

/// Converts one text node as its element says.
fn text(text: &str, stack: &[Open<'_>], how: &Conversion<'_>, out: &mut String) {
    if !stack.last().is_some_and(|o| o.converts && !o.verbatim) {
        out.push_str(text);
        return;
    }
    // Text without Cyrillic still gets the script's punctuation.
    if how.edition.script().is_rtl() && in_body(stack) {
        let mut converted = String::with_capacity(text.len() * 2);
        bagdar_script::convert_into(text, how.edition.script(), how.exceptions, &mut converted);
        isolate_runs(&converted, out);
    } else {
        bagdar_script::convert_into(text, how.edition.script(), how.exceptions, out);
    }
}

/// Whether text here may hold elements: inside `<body>`, and not in an element whose content
/// is text only.
fn in_body(stack: &[Open<'_>]) -> bool {
    stack
        .last()
        .is_some_and(|o| o.in_body && !is_one_of(o.name, &["title", "option"]))
}

/// Copies Arabic-script text, wrapping each run of digits or Latin letters (with what joins
/// them: spaces, `+`, `-`, `(`, `)`, `.`, `@`, `/`) in `<bdi>`.
fn isolate_runs(text: &str, out: &mut String) {
    let mut run_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_arabic(c) || c == '\n' {
            if let Some(start) = run_start.take() {
                write_run(&text[start..i], out);
            }
            out.push(c);
        } else if run_start.is_none() {
            run_start = Some(i);
        }
    }
    if let Some(start) = run_start {
        write_run(&text[start..], out);
    }
}

/// One run of characters outside the Arabic script: the part from its first to its last
/// letter or digit (with balanced parentheses) goes in `<bdi>`, when it has any.
fn write_run(run: &str, out: &mut String) {
    let is_edge = |c: char| c.is_alphanumeric() || c == '+' || c == '(' || c == ')';
    let (Some(first), Some(last)) = (run.find(is_edge), run.rfind(is_edge)) else {
        out.push_str(run);
        return;
    };
    let mut first = first;
    let mut end = last + run[last..].chars().next().map_or(1, char::len_utf8);
    let core = &run[first..end];
    if core.starts_with('(') && !core.contains(')') {
        first += 1;
    }
    if core.ends_with(')') && !core.contains('(') {
        end -= 1;
    }
    let core = &run[first..end.max(first)];
    if !has_alphanumeric_outside_entities(core) {
        out.push_str(run);
        return;
    }
    out.push_str(&run[..first]);
    out.push_str("<bdi>");
    out.push_str(core);
    out.push_str("</bdi>");
    out.push_str(&run[end.max(first)..]);
}

/// Whether text has a letter or digit that is not part of a character reference (`&quot;`).
fn has_alphanumeric_outside_entities(text: &str) -> bool {
    let mut in_entity = false;
    for c in text.chars() {
        match c {
            '&' => in_entity = true,
            ';' if in_entity => in_entity = false,
            c if c.is_alphanumeric() && !in_entity => return true,
            c if !(c.is_alphanumeric() || c == '#') => in_entity = false,
            _ => {}
        }
    }
    false
}

/// A start or end tag as written.
struct Tag<'a> {
    source: &'a str,
    len: usize,
    name: &'a str,
    closing: bool,
    self_closing: bool,
    /// (name, value, quote) of each attribute, in order.
    attributes: Vec<(&'a str, &'a str, Option<char>)>,
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

    fn attribute(&self, name: &str) -> Option<&'a str> {
        self.attributes
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v, _)| *v)
    }

    /// Writes the tag, with its text attributes converted when `converts`, and links into the
    /// base language moved into the edition under an absolute base URL.
    fn write(&self, converts: bool, how: &Conversion<'_>, out: &mut String) {
        let description =
            self.name.eq_ignore_ascii_case("meta") && self.attribute("name") == Some("description");
        let names_a_language =
            self.attribute("hreflang").is_some() || self.attribute("rel") == Some("canonical");
        let mut changed: Vec<(usize, String)> = Vec::new();
        for (i, (name, value, _)) in self.attributes.iter().enumerate() {
            let is_text = is_one_of(name, TEXT_ATTRIBUTES)
                || (description && name.eq_ignore_ascii_case("content"));
            if converts && is_text && value.chars().any(bagdar_script::is_cyrillic) {
                changed.push((i, how.edition.convert(value, how.exceptions)));
            } else if let Some(base) = how.base_url
                && is_one_of(name, &["href", "action"])
                && !names_a_language
                && let Some(path) = value.strip_prefix(base)
                && let Some(inside) = path.strip_prefix(how.edition.base().code())
                && inside.starts_with('/')
            {
                changed.push((i, format!("{base}{}{inside}", how.edition.code())));
            }
        }
        if changed.is_empty() {
            out.push_str(self.source);
            return;
        }
        out.push('<');
        out.push_str(self.name);
        for (i, (name, value, quote)) in self.attributes.iter().enumerate() {
            out.push(' ');
            out.push_str(name);
            let value = changed
                .iter()
                .find(|(at, _)| *at == i)
                .map_or(*value, |(_, v)| v.as_str());
            match quote {
                Some(q) => {
                    out.push('=');
                    out.push(*q);
                    out.push_str(value);
                    out.push(*q);
                }
                None if !value.is_empty() => {
                    out.push('=');
                    out.push_str(value);
                }
                None => {}
            }
        }
        if self.self_closing {
            out.push_str(" /");
        }
        out.push('>');
    }
}

/// Words of an edition page's own text that are still in Cyrillic: in code, which is never
/// converted, or anywhere the conversion missed. Text marked with another language is not
/// the page's own. Each as (the word, its byte offset in the page).
pub(crate) fn cyrillic_left(html: &str) -> Vec<(String, usize)> {
    scan(html, true, bagdar_script::is_cyrillic)
}

/// Letters of an edition page's own text that are outside the edition's script: in the
/// Arabic script, Arabic-script letters not in its table (Persian and Arabic look-alikes such
/// as ه or ک) and letters of other scripts but Latin (names and URLs, isolated in `<bdi>`);
/// in Latin, letters with marks the 2021 alphabet does not have (2018's á, ý, or ə). Cyrillic
/// is [`cyrillic_left`]'s.
pub(crate) fn foreign_letters(html: &str, edition: Edition) -> Vec<(String, usize)> {
    let script = edition.script();
    scan(html, false, move |c| {
        if !c.is_alphabetic() || bagdar_script::is_cyrillic(c) || script.has_letter(c) {
            return false;
        }
        match script {
            bagdar_script::Script::Arab => !is_latin(c),
            bagdar_script::Script::Latn => !c.is_ascii_alphabetic(),
        }
    })
}

/// Whether `c` is a Latin letter (Basic Latin to Latin Extended-B).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c)
}

/// Words of the page's own text (as [`convert`] sees it, and with `code`-like elements too when
/// `verbatim_too`; scripts and styles never) that contain a character `wanted` accepts.
fn scan(html: &str, verbatim_too: bool, wanted: impl Fn(char) -> bool) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut page_lang = String::new();
    let mut at = 0;
    while at < html.len() {
        let rest = &html[at..];
        let Some(lt) = rest.find('<') else {
            words_in(rest, at, &stack, verbatim_too, &wanted, &mut found);
            break;
        };
        words_in(&rest[..lt], at, &stack, verbatim_too, &wanted, &mut found);
        at += lt;
        let rest = &html[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            at += comment.find("-->").map_or(rest.len(), |e| e + 7);
            continue;
        }
        let Some(tag) = Tag::parse(rest) else {
            at += 1;
            continue;
        };
        at += tag.len;
        if tag.closing {
            if let Some(i) = stack
                .iter()
                .rposition(|o| o.name.eq_ignore_ascii_case(tag.name))
            {
                stack.truncate(i);
            }
            continue;
        }
        if tag.name.eq_ignore_ascii_case("html") {
            page_lang = tag.attribute("lang").unwrap_or_default().to_owned();
        }
        let parent = stack.last();
        let parent_in_body = parent.is_some_and(|p| p.in_body);
        let converts = match tag.attribute("lang") {
            Some(lang) => lang == page_lang,
            None => parent.is_none_or(|p| p.converts),
        };
        let verbatim = parent.is_some_and(|p| p.verbatim)
            || is_one_of(tag.name, VERBATIM)
            || tag.attribute("translate") == Some("no");
        if converts && !verbatim {
            let description = tag.name.eq_ignore_ascii_case("meta")
                && tag.attribute("name") == Some("description");
            for (name, value, _) in &tag.attributes {
                let is_text = TEXT_ATTRIBUTES.contains(name) || (description && *name == "content");
                if is_text && value.chars().any(&wanted) {
                    found.push(((*value).to_owned(), at - tag.len));
                }
            }
        }
        if tag.self_closing || is_one_of(tag.name, VOID) {
            continue;
        }
        if is_one_of(tag.name, RAW_TEXT) {
            at += find_end_tag(&html[at..], tag.name).unwrap_or(html.len() - at);
        }
        let in_body = parent_in_body || tag.name.eq_ignore_ascii_case("body");
        stack.push(Open {
            name: tag.name,
            in_body,
            converts,
            verbatim,
        });
    }
    found
}

fn words_in(
    text: &str,
    offset: usize,
    stack: &[Open<'_>],
    verbatim_too: bool,
    wanted: &impl Fn(char) -> bool,
    found: &mut Vec<(String, usize)>,
) {
    let Some(open) = stack.last() else { return };
    let raw = stack.iter().any(|o| is_one_of(o.name, RAW_TEXT));
    if !open.converts || raw || (open.verbatim && !verbatim_too) {
        return;
    }
    let mut start = 0;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let at = start;
        start += word.len() + 1;
        if word.chars().any(wanted) {
            found.push((word.to_owned(), offset + at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::Script;

    fn edition(script: Script) -> Edition {
        Edition::all()
            .into_iter()
            .find(|e| e.script() == script)
            .unwrap_or_else(|| unreachable!())
    }

    fn arab(html: &str) -> String {
        let exceptions = Exceptions::new();
        let how = Conversion {
            edition: edition(Script::Arab),
            exceptions: &exceptions,
            base_url: Some("https://portal.example/"),
        };
        convert(html, &how)
    }

    const HEAD: &str = "<!doctype html><html lang=\"kk-Arab\" dir=\"rtl\"><head><title>Құжаттар</title><meta name=\"description\" content=\"Құжат\"></head><body>";

    #[test]
    fn text_converts_and_markup_stays() {
        let page = format!(
            "{HEAD}<main><h1 id=\"құжаттар\">Құжаттар</h1><p>Қоңырау: <a href=\"tel:1404\">1404</a>, <code>bagdar build</code> <span lang=\"ru\">Документы</span></p><input placeholder=\"Іздеу\"></main></body></html>"
        );
        let out = arab(&page);
        assert!(out.contains("<title>قۇجاتتار</title>"), "{out}");
        assert!(out.contains("content=\"قۇجات\""), "{out}");
        // Ids and URLs are not text.
        assert!(out.contains("id=\"құжаттар\""), "{out}");
        assert!(
            out.contains("<a href=\"tel:1404\"><bdi>1404</bdi></a>"),
            "{out}"
        );
        assert!(out.contains("<code>bagdar build</code>"), "{out}");
        assert!(out.contains("<span lang=\"ru\">Документы</span>"), "{out}");
        assert!(out.contains("placeholder=\"ىزدەۋ\""), "{out}");
        assert!(out.contains("</a>، <code>"), "{out}");
        assert!(cyrillic_left(&out).is_empty(), "{:?}", cyrillic_left(&out));
    }

    #[test]
    fn phone_numbers_are_isolated_whole() {
        let out = arab(&format!(
            "{HEAD}<p>Телефон: +7 (7172) 74-36-36, e-mail info@egov.kz.</p></body></html>"
        ));
        assert!(out.contains("<bdi>+7 (7172) 74-36-36</bdi>"), "{out}");
        assert!(out.contains("، <bdi>e-mail info@egov.kz</bdi>."), "{out}");
    }

    #[test]
    fn links_into_the_base_language_move_into_the_edition() {
        let out = arab(&format!(
            "{HEAD}<a href=\"https://portal.example/kk/guides/iin/\">ЖСН</a><a hreflang=\"kk\" lang=\"kk\" href=\"https://portal.example/kk/\">Қазақша</a><a href=\"https://portal.example/ru/\">Рус</a></body></html>"
        ));
        assert!(
            out.contains("href=\"https://portal.example/kk-arab/guides/iin/\""),
            "{out}"
        );
        assert!(
            out.contains("href=\"https://portal.example/kk/\">Қазақша"),
            "{out}"
        );
        assert!(out.contains("href=\"https://portal.example/ru/\""), "{out}");
    }

    #[test]
    fn the_checks_find_what_is_left() {
        let page = format!(
            "{HEAD}<p>Кандастар <code>Құжат</code> <span lang=\"ru\">Кандасы</span></p><script>var a = 'Қ';</script></body></html>"
        );
        let left = cyrillic_left(&page);
        let words: Vec<&str> = left.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            words,
            ["Құжаттар", "Құжат", "Кандастар", "Құжат"],
            "{left:?}"
        );
        let foreign = foreign_letters(
            "<html lang=\"kk-Latn\"><body><p>Qazaqşa ŵord Wikipedia</p></body></html>",
            edition(Script::Latn),
        );
        assert_eq!(foreign.len(), 1, "{foreign:?}");
        assert_eq!(foreign[0].0, "ŵord");
        let foreign = foreign_letters(
            "<html lang=\"kk-Arab\"><body><p>قازاق کهرهک Qazaqşa</p></body></html>",
            edition(Script::Arab),
        );
        assert_eq!(foreign.len(), 1, "{foreign:?}");
        assert_eq!(foreign[0].0, "کهرهک");
    }
}
