//! Lowercasing and script folding.
//!
//! [`fold`] maps Kazakh and Russian text, whatever the script or keyboard it was typed in, to
//! one Latin key. It merges exactly the letters people substitute for each other: the nine
//! Kazakh letters and their Russian-keyboard stand-ins (ә/а, ғ/г, қ/к, ң/н, ө/о, ұ/ү/у, һ/х,
//! і/и/ы), the 2021 Latin letters (ä, ğ, ñ, ö, ū, ü, ı, ş, q, y) and informal Latin digraphs
//! (zh, gh, kh, w), and the Arabic script (töte jazu: `قانداستار`, by
//! [`bagdar_script::arabic::fold_char`]). Lost distinctions cost a little precision; the exact
//! field wins those back in ranking.
//!
//! Doubled `ii` and `shsh` collapse in every script: the Arabic script writes ия as يا and щ
//! as شش, so комиссия (`komissiia`) and كوميسسيا (`komissia`) meet only so.

use crate::Language;

/// Lowercases a word the way its language does. Kazakh Latin pairs `I`/`ı` and `İ`/`i`
/// (Rust's `to_lowercase` is not locale-aware and would give `i` for `I`); Russian folds `ё`
/// to `е`, as Russian text mostly writes it.
pub fn lowercase(word: &str, lang: Language) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match (lang, c) {
            (Language::Kk, 'I') => out.push('ı'),
            (Language::Kk, 'İ') => out.push('i'),
            (Language::Ru | Language::Kk, 'ё' | 'Ё') => out.push('е'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The script-independent key of a lowercased Kazakh or Russian word.
pub fn fold(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some(key) = bagdar_script::arabic::fold_char(chars[i]) {
            out.push_str(key);
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        // Informal Latin digraphs for single Kazakh letters.
        let digraph = match (chars[i], next) {
            ('z', Some('h')) => Some("j"),
            ('g', Some('h')) => Some("g"),
            ('k', Some('h')) => Some("h"),
            _ => None,
        };
        if let Some(key) = digraph {
            out.push_str(key);
            i += 2;
            continue;
        }
        match fold_char(chars[i]) {
            Some(key) => out.push_str(key),
            None => out.push(chars[i]),
        }
        i += 1;
    }
    collapse_doubles(out)
}

/// `ii` → `i` and `shsh` → `sh` (see the module's note).
fn collapse_doubles(key: String) -> String {
    if !key.contains("ii") && !key.contains("shsh") {
        return key;
    }
    let mut out = String::with_capacity(key.len());
    let mut rest = key.as_str();
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("shsh") {
            out.push_str("sh");
            rest = &rest[4..];
        } else if rest.starts_with("ii") {
            rest = &rest[1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The letter a word's fold key starts with when the word starts with `c`, ignoring the
/// informal digraphs: `қ`, `к`, `q` and `k` give `k`. Used to group a word's spellings
/// together (the search's term table is sorted by it).
pub fn letter_key(c: char) -> char {
    bagdar_script::arabic::fold_char(c)
        .or_else(|| fold_char(c))
        .and_then(|key| key.chars().next())
        .unwrap_or(c)
}

/// The key of one letter, or `None` for characters that stand for themselves (digits, other
/// scripts).
#[inline]
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'а' | 'ә' | 'a' | 'ä' | 'á' | 'à' | 'â' => "a",
        'б' | 'b' => "b",
        'в' | 'v' => "v",
        'г' | 'ғ' | 'g' | 'ğ' => "g",
        'д' | 'd' => "d",
        'е' | 'ё' | 'э' | 'e' | 'é' | 'è' | 'ê' => "e",
        'ж' | 'j' => "j",
        'з' | 'z' => "z",
        'и' | 'й' | 'і' | 'ы' | 'i' | 'ı' | 'y' | 'í' => "i",
        'к' | 'қ' | 'k' | 'q' => "k",
        'л' | 'l' => "l",
        'м' | 'm' => "m",
        'н' | 'ң' | 'n' | 'ñ' => "n",
        'о' | 'ө' | 'o' | 'ö' | 'ó' => "o",
        'п' | 'p' => "p",
        'р' | 'r' => "r",
        'с' | 's' => "s",
        'т' | 't' => "t",
        'у' | 'ұ' | 'ү' | 'u' | 'ū' | 'ü' | 'w' | 'ú' => "u",
        'ф' | 'f' => "f",
        'х' | 'һ' | 'h' | 'x' => "h",
        'ц' => "ts",
        'ч' | 'ç' => "ch",
        'ш' | 'щ' | 'ş' => "sh",
        'ъ' | 'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        'c' => "c",
        _ => return None,
    })
}

/// The key of a lowercased English word: accents dropped, nothing else changed.
pub fn fold_latin(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_latin_capital_i_is_dotless() {
        assert_eq!(lowercase("JETISU", Language::Kk), "jetısu");
        assert_eq!(lowercase("İLE", Language::Kk), "ile");
        assert_eq!(lowercase("IIN", Language::En), "iin");
        assert_eq!(lowercase("Ёлка", Language::Ru), "елка");
    }

    #[test]
    fn all_spellings_of_a_kazakh_word_meet() {
        for spelling in [
            "жетісу",
            "жетысу",
            "жетису",
            "jetisu",
            "jetısu",
            "zhetysu",
            "zhetisu",
        ] {
            assert_eq!(fold(spelling), "jetisu", "{spelling}");
        }
        for spelling in ["қандастар", "кандастар", "qandastar"] {
            assert_eq!(fold(spelling), "kandastar", "{spelling}");
        }
        for spelling in ["маңғыстау", "мангистау", "mangystau", "mañğystau"] {
            assert_eq!(fold(spelling), "mangistau", "{spelling}");
        }
        assert_eq!(fold("өскемен"), fold("oskemen"));
        assert_eq!(fold("шымкент"), fold("shymkent"));
        assert_eq!(fold("ұлытау"), fold("ulytau"));
        assert_eq!(fold("ұлытау"), fold("улытау"));
    }

    #[test]
    fn russian_letters_fold_too() {
        assert_eq!(fold("область"), "oblast");
        assert_eq!(fold("гражданство"), "grajdanstvo");
        assert_eq!(fold("ёлка"), fold("елка"));
    }

    #[test]
    fn spellings_of_a_first_letter_share_its_key() {
        for c in ['қ', 'к', 'q', 'k'] {
            assert_eq!(letter_key(c), 'k');
        }
        assert_eq!(letter_key('ш'), 's');
        assert_eq!(letter_key('7'), '7');
    }

    #[test]
    fn digits_and_other_scripts_stand_for_themselves() {
        assert_eq!(fold("1404"), "1404");
        assert_eq!(fold("日本"), "日本");
    }

    #[test]
    fn arabic_script_meets_cyrillic_and_latin() {
        for spelling in ["қандастар", "кандастар", "qandastar", "قانداستار"]
        {
            assert_eq!(fold(spelling), "kandastar", "{spelling}");
        }
        // The hamza in either code point, or none.
        for spelling in ["тілі", "ٴتىلى", "ءتىلى", "تىلى", "tılı"] {
            assert_eq!(fold(spelling), "tili", "{spelling}");
        }
        assert_eq!(fold("комиссия"), fold("كوميسسيا"));
        assert_eq!(fold("декларация"), fold("دەكلاراتسيا"));
        assert_eq!(fold("ұлытау"), fold("ۇلىتاۋ"));
        assert_eq!(fold("азаматтық"), fold("ازاماتتىق"));
        assert_eq!(fold("щедрин"), fold("شەدرين"));
    }
}
