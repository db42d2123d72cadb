//! What a visitor typed, taken apart. Nothing a visitor types is an error: quotes make
//! phrases, a leading `-` excludes a word, everything else is words. A query is cut at
//! [`MAX_CHARS`] characters and [`MAX_WORDS`] words (a search box gets pasted paragraphs), and
//! says so, so the page can tell the reader.

use bagdar_analysis::words;

/// The longest query read, in characters.
pub const MAX_CHARS: usize = 256;

/// The most words read (plain, quoted and excluded together).
pub const MAX_WORDS: usize = 16;

/// What a visitor typed, taken apart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Plain words.
    pub words: Vec<String>,
    /// Quoted phrases, as words.
    pub phrases: Vec<Vec<String>>,
    /// Words to exclude (`-word`).
    pub excluded: Vec<String>,
    /// Whether the query was cut at [`MAX_CHARS`] or [`MAX_WORDS`].
    pub truncated: bool,
}

impl Parsed {
    /// Whether nothing searchable was typed.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

/// Parses a query; never fails. An unclosed quote runs to the end.
pub fn parse(input: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let cut: String = input.chars().take(MAX_CHARS).collect();
    parsed.truncated = cut.len() < input.len();
    let mut budget = MAX_WORDS;
    let mut take = |parsed: &mut Parsed| {
        if budget == 0 {
            parsed.truncated = true;
            return false;
        }
        budget -= 1;
        true
    };
    for (i, part) in cut.split('"').enumerate() {
        if i % 2 == 1 {
            let mut phrase = Vec::new();
            for (_, word) in words(part) {
                if take(&mut parsed) {
                    phrase.push(word.to_owned());
                }
            }
            match phrase.len() {
                0 => {}
                1 => parsed.words.extend(phrase),
                _ => parsed.phrases.push(phrase),
            }
            continue;
        }
        for piece in part.split_whitespace() {
            let (excluded, rest) = match piece.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest),
                _ => (false, piece),
            };
            for (_, word) in words(rest) {
                if !take(&mut parsed) {
                    continue;
                }
                if excluded {
                    parsed.excluded.push(word.to_owned());
                } else {
                    parsed.words.push(word.to_owned());
                }
            }
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_make_phrases_and_minus_excludes() {
        let parsed = parse("квота \"регион квотасы\" -Алматы");
        assert_eq!(parsed.words, ["квота"]);
        assert_eq!(
            parsed.phrases,
            [vec!["регион".to_owned(), "квотасы".to_owned()]]
        );
        assert_eq!(parsed.excluded, ["Алматы"]);
    }

    #[test]
    fn anything_typed_parses() {
        for input in [
            "",
            "\"",
            "-",
            "((**",
            "\"unclosed phrase",
            "a -\"b c\"",
            "---x",
            "\u{0}",
        ] {
            let _ = parse(input);
        }
        assert_eq!(parse("\"unclosed phrase").phrases.len(), 1);
        assert!(parse("!!! ...").is_empty());
    }

    #[test]
    fn long_queries_are_cut_and_say_so() {
        let many = vec!["слово"; 40].join(" ");
        let parsed = parse(&many);
        assert_eq!(parsed.words.len(), MAX_WORDS);
        assert!(parsed.truncated);
        let long = "а".repeat(1000);
        let parsed = parse(&long);
        assert_eq!(parsed.words, ["а".repeat(MAX_CHARS)]);
        assert!(parsed.truncated);
        assert!(!parse("квота 2026").truncated);
    }
}
