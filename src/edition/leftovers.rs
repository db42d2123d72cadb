//! What an edition page still has that its script does not: Cyrillic (in code, which is never
//! converted, or wherever the conversion missed) and letters outside the script's table, for
//! `bagdar check`.

use super::Edition;
use super::page::{Open, Piece, walk};

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

/// Words of the page's own text (as the converter sees it, and with `code`-like elements too
/// when `verbatim_too`; scripts and styles never) that contain a character `wanted` accepts.
fn scan(html: &str, verbatim_too: bool, wanted: impl Fn(char) -> bool) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    walk(html, |piece| match piece {
        Piece::Text { text, at, open } => {
            words_in(text, at, open, verbatim_too, &wanted, &mut found);
        }
        Piece::Start { tag, at, own: true } => {
            for (_, value) in tag.text_attributes() {
                if value.chars().any(&wanted) {
                    found.push((value.to_owned(), at));
                }
            }
        }
        Piece::Start { .. } | Piece::Verbatim(_) => {}
    });
    found
}

/// The words of one text node that contain a wanted character, with their offsets.
fn words_in(
    text: &str,
    offset: usize,
    open: &[Open<'_>],
    verbatim_too: bool,
    wanted: &impl Fn(char) -> bool,
    found: &mut Vec<(String, usize)>,
) {
    let Some(element) = open.last() else { return };
    if !element.converts || (element.verbatim && !verbatim_too) {
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

    const HEAD: &str = "<!doctype html><html lang=\"kk-Arab\" dir=\"rtl\"><head><title>Құжаттар</title><meta name=\"description\" content=\"Құжат\"></head><body>";

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
