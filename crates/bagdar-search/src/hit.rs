//! Results: what each reader takes from a stored document, and the snippet with the query's
//! words marked.

use std::collections::HashSet;

use crate::query::Parsed;
use crate::rank::Ranked;

/// What is stored for a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stored {
    /// The page path relative to the site root, with `#anchor`.
    pub url: String,
    /// The page title.
    pub title: String,
    /// The section heading, or empty.
    pub section: String,
    /// The start of the text.
    pub excerpt: String,
    /// `guide`, `region`, `vacancy`.
    pub kind: String,
    /// The region id, or empty.
    pub region: String,
    /// The language of the stored texts.
    pub lang: String,
}

impl Stored {
    /// Sets the value of a stored field by its schema name (others are ignored).
    pub fn set(&mut self, field: &str, value: String) {
        match field {
            "url" => self.url = value,
            "title" => self.title = value,
            "section" => self.section = value,
            "excerpt" => self.excerpt = value,
            "kind" => self.kind = value,
            "region" => self.region = value,
            "lang_stored" => self.lang = value,
            _ => {}
        }
    }
}

/// The stored fields, by schema name.
pub const STORED_FIELDS: [&str; 7] = [
    "url",
    "title",
    "section",
    "excerpt",
    "kind",
    "region",
    "lang_stored",
];

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The page path relative to the site root, with the section's `#anchor`.
    pub url: String,
    /// The page title.
    pub title: String,
    /// The section heading, when the hit is a section of a page.
    pub section: Option<String>,
    /// The language of the page.
    pub lang: String,
    /// `guide`, `region` or `vacancy`.
    pub kind: String,
    /// The region id, if any.
    pub region: Option<String>,
    /// The relevance score (higher is better).
    pub score: f32,
    /// The start of the text.
    pub excerpt: String,
    /// The excerpt cut into pieces, those that match a query word marked, for highlighting.
    pub snippet: Vec<Piece>,
}

impl Hit {
    /// The hit as a Kazakh edition in `script` shows it: its title, section and snippet in
    /// that script, its link to the edition's page (`kk/…` → `kk-arab/…`). Hits in other
    /// languages stay as they are.
    pub fn in_script(&self, script: bagdar_script::Script) -> Hit {
        let mut hit = self.clone();
        if hit.lang != "kk" {
            return hit;
        }
        let none = bagdar_script::Exceptions::new();
        let convert = |text: &str| bagdar_script::convert(text, script, &none);
        hit.title = convert(&hit.title);
        hit.section = hit.section.as_deref().map(convert);
        for piece in &mut hit.snippet {
            piece.text = convert(&piece.text);
        }
        if let Some(rest) = hit.url.strip_prefix("kk/") {
            hit.url = format!("kk-{}/{rest}", script.slug());
        }
        hit.lang = format!("kk-{}", script.code());
        hit
    }
}

/// A piece of a snippet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Whether it matches a word of the query.
    pub mark: bool,
}

/// The result for a stored document.
pub fn hit(stored: Stored, score: f32, parsed: &Parsed) -> Hit {
    let snippet = highlight(&stored.excerpt, language_of(&stored.lang), parsed);
    Hit {
        url: stored.url,
        title: stored.title,
        section: Some(stored.section).filter(|s| !s.is_empty()),
        lang: stored.lang,
        kind: stored.kind,
        region: Some(stored.region).filter(|s| !s.is_empty()),
        score,
        excerpt: stored.excerpt,
        snippet,
    }
}

/// The hits of ranked documents: the first `limit` of distinct URLs, best first. `stored` gives
/// a document's stored fields, or `None` when they are not at hand yet; those count towards
/// the limit as if they were distinct, and their number is returned with the hits.
pub fn select<E>(
    ranked: &[Ranked],
    limit: usize,
    parsed: &Parsed,
    mut stored: impl FnMut(u32) -> Result<Option<Stored>, E>,
) -> Result<(Vec<Hit>, usize), E> {
    let mut hits = Vec::new();
    let mut urls = HashSet::new();
    let mut pending = 0;
    for ranked in ranked {
        if hits.len() + pending >= limit {
            break;
        }
        match stored(ranked.doc)? {
            Some(found) => {
                if urls.insert(found.url.clone()) {
                    hits.push(hit(found, ranked.score, parsed));
                }
            }
            None => pending += 1,
        }
    }
    Ok((hits, pending))
}

fn language_of(code: &str) -> bagdar_analysis::Language {
    match code {
        "ru" => bagdar_analysis::Language::Ru,
        "en" => bagdar_analysis::Language::En,
        _ => bagdar_analysis::Language::Kk,
    }
}

/// Cuts `text` into pieces, marking the words whose fold key or stem is one of the query's.
pub fn highlight(text: &str, language: bagdar_analysis::Language, parsed: &Parsed) -> Vec<Piece> {
    let words = parsed.words.iter().chain(parsed.phrases.iter().flatten());
    let mut keys = HashSet::new();
    for word in words {
        let forms = bagdar_analysis::query_forms(word);
        keys.extend(forms.fold);
        keys.extend(forms.stem);
    }
    let mut pieces = Vec::new();
    let mut at = 0;
    for token in bagdar_analysis::analyze(text, language) {
        let end = token.end;
        let Some(word) = text.get(token.offset..end) else {
            continue;
        };
        if !(keys.contains(&token.fold) || keys.contains(&token.stem)) {
            continue;
        }
        if token.offset > at {
            pieces.push(Piece {
                text: text[at..token.offset].to_owned(),
                mark: false,
            });
        }
        pieces.push(Piece {
            text: word.to_owned(),
            mark: true,
        });
        at = end;
    }
    if at < text.len() {
        pieces.push(Piece {
            text: text[at..].to_owned(),
            mark: false,
        });
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query;

    #[test]
    fn snippets_mark_every_spelling_of_the_query_words() {
        let parsed = query::parse("кандастар");
        let pieces = highlight(
            "Қандастарға көмек: қандас мәртебесі.",
            bagdar_analysis::Language::Kk,
            &parsed,
        );
        let marked: Vec<&str> = pieces
            .iter()
            .filter(|p| p.mark)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["Қандастарға", "қандас"]);
        let text: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "Қандастарға көмек: қандас мәртебесі.");
    }

    #[test]
    fn marks_cover_the_word_itself_when_lowercasing_changes_its_length() {
        // Kazakh lowercases `I` to `ı` (one byte to two) and `İ` to `i` (two bytes to one):
        // the mark is the word as written, not a span shifted by the difference.
        for (query, text, words) in [
            (
                "ıssız",
                "Аудан IССIЗ емес, ISSIZ жер.",
                &["IССIЗ", "ISSIZ"][..],
            ),
            ("izdeu", "Жұмыс İZDEU: анықтама.", &["İZDEU"][..]),
        ] {
            let pieces = highlight(text, bagdar_analysis::Language::Kk, &query::parse(query));
            let marked: Vec<&str> = pieces
                .iter()
                .filter(|p| p.mark)
                .map(|p| p.text.as_str())
                .collect();
            assert_eq!(marked, words, "{text}");
            let whole: String = pieces.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(whole, text);
        }
    }
}
