//! Word segmentation (Unicode UAX #29): the words of a text with their byte offsets.

use unicode_segmentation::UnicodeSegmentation;

/// The words of `text` (runs of letters and digits) with their byte offsets.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.unicode_word_indices()
        .filter(|(_, word)| word.chars().any(char::is_alphanumeric))
        .map(|(offset, word)| (offset, word.trim_matches(|c: char| !c.is_alphanumeric())))
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_of_three_scripts_and_numbers() {
        let found: Vec<&str> = words("Қандастар — qandastar, 1404! Усть-Каменогорск")
            .map(|(_, w)| w)
            .collect();
        assert_eq!(
            found,
            ["Қандастар", "qandastar", "1404", "Усть", "Каменогорск"]
        );
    }
}
