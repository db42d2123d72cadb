//! Converting a rendered page into an edition: the text of the page's own language, and
//! nothing else ([`super::page`] says which text that is). Text marked with another language
//! (`<span lang="ru">`, a guide shown in Russian for want of a Kazakh version, the language
//! switcher's names) stays as written. In the Arabic script, runs of digits and Latin letters
//! (phone numbers, e-mail, URLs, `eGov`) are isolated in `<bdi>` so they keep their order in
//! right-to-left text.

use bagdar_script::arabic::is_arabic;

use super::page::{Open, Piece, Tag, is_one_of, walk};
use super::{Edition, Exceptions};

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
    walk(html, |piece| match piece {
        Piece::Text { text: t, open, .. } => text(t, open, how, &mut out),
        Piece::Start { tag, own, .. } => write_tag(tag, own, how, &mut out),
        Piece::Verbatim(source) => out.push_str(source),
    });
    out
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

/// Writes a start tag, with its text attributes converted when `converts`, and links into the
/// base language moved into the edition under an absolute base URL.
fn write_tag(tag: &Tag<'_>, converts: bool, how: &Conversion<'_>, out: &mut String) {
    let mut changed: Vec<(usize, String)> = Vec::new();
    if converts {
        for (i, value) in tag.text_attributes() {
            if value.chars().any(bagdar_script::is_cyrillic) {
                changed.push((i, how.edition.convert(value, how.exceptions)));
            }
        }
    }
    // The switcher and the alternates name their language's page already.
    let names_a_language =
        tag.attribute("hreflang").is_some() || tag.attribute("rel") == Some("canonical");
    if let Some(base) = how.base_url
        && !names_a_language
    {
        for (i, (name, value, _)) in tag.attributes.iter().enumerate() {
            if is_one_of(name, &["href", "action"])
                && let Some(path) = value.strip_prefix(base)
                && let Some(inside) = path.strip_prefix(how.edition.base().code())
                && inside.starts_with('/')
            {
                changed.push((i, format!("{base}{}{inside}", how.edition.code())));
            }
        }
    }
    if changed.is_empty() {
        out.push_str(tag.source);
        return;
    }
    out.push('<');
    out.push_str(tag.name);
    for (i, (name, value, quote)) in tag.attributes.iter().enumerate() {
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
    if tag.self_closing {
        out.push_str(" /");
    }
    out.push('>');
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
        assert!(
            crate::edition::leftovers::cyrillic_left(&out).is_empty(),
            "{out}"
        );
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
}
