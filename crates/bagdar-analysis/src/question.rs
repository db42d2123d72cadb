//! The words a question is built of — «как», «how to», «қалай … болады» — that say nothing of
//! what the reader looks for. People type their questions whole into a search box, and a page
//! that happens to contain every such word must not outrank the guide titled with the one
//! word that matters. Search weighs these words lightly in its tiers (`bagdar_search::rank`);
//! they still count in the score when they are there.
//!
//! The lists are closed classes (question words, pronouns, prepositions, particles, the verbs
//! of asking for a thing) in Kazakh (with its Russian-keyboard and Latin spellings), Russian
//! and English.

/// Kazakh, in Cyrillic, on a Russian keyboard, and in the 2021 Latin alphabet.
const KAZAKH: &[&str] = &[
    "қалай",
    "калай",
    "qalai",
    "qalay",
    "қайда",
    "кайда",
    "qaida",
    "qayda",
    "қашан",
    "кашан",
    "qashan",
    "qaşan",
    "не",
    "ne",
    "неге",
    "nege",
    "қандай",
    "кандай",
    "qandai",
    "qanday",
    "қанша",
    "канша",
    "qansha",
    "qanşa",
    "кім",
    "ким",
    "kim",
    "үшін",
    "ушин",
    "ushin",
    "üşin",
    "және",
    "жане",
    "jane",
    "men",
    "мен",
    "бен",
    "пен",
    "ма",
    "ме",
    "ба",
    "бе",
    "па",
    "пе",
    "ma",
    "me",
    "ba",
    "be",
    "pa",
    "pe",
    "бола",
    "bola",
    "болады",
    "bolady",
    "болама",
    "керек",
    "kerek",
    "бар",
    "bar",
    "алу",
    "алуға",
    "алуга",
    "aluga",
    "alwğa",
    "мүмкін",
    "мумкин",
    "mumkin",
    "mümkin",
    "маған",
    "маган",
    "magan",
    "mağan",
    "мен",
    "біз",
    "биз",
    "biz",
    "бұл",
    "бул",
    "bul",
    "būl",
    "осы",
    "osy",
    "туралы",
    "turaly",
];

const RUSSIAN: &[&str] = &[
    "как",
    "где",
    "когда",
    "куда",
    "откуда",
    "почему",
    "зачем",
    "что",
    "чем",
    "кто",
    "какой",
    "какая",
    "какое",
    "какие",
    "сколько",
    "можно",
    "нужно",
    "надо",
    "ли",
    "и",
    "или",
    "в",
    "во",
    "на",
    "с",
    "со",
    "к",
    "ко",
    "по",
    "о",
    "об",
    "от",
    "до",
    "для",
    "из",
    "за",
    "у",
    "при",
    "про",
    "не",
    "это",
    "мне",
    "я",
    "мы",
    "мой",
    "моя",
    "мои",
    "нам",
    "мою",
    "свой",
    "получить",
    "оформить",
    "сделать",
    "найти",
    "узнать",
];

const ENGLISH: &[&str] = &[
    "how", "where", "when", "why", "what", "which", "who", "do", "does", "can", "could", "i", "we",
    "my", "me", "a", "an", "the", "of", "in", "on", "at", "for", "to", "from", "with", "and", "or",
    "is", "are", "get", "apply", "find", "about", "need",
];

/// Whether a word (as typed, any case) is one a question is built of.
pub fn is_question_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    [KAZAKH, RUSSIAN, ENGLISH]
        .iter()
        .any(|list| list.contains(&lower.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_words_of_three_languages_and_nothing_else() {
        for word in ["Как", "how", "to", "қалай", "калай", "болады", "получить"]
        {
            assert!(is_question_word(word), "{word}");
        }
        for word in [
            "гражданство",
            "citizenship",
            "азаматтық",
            "квота",
            "регистрация",
            "мигранта",
        ] {
            assert!(!is_question_word(word), "{word}");
        }
    }
}
