//! Kazakh in the Arabic script (töte jazu): Cyrillic → Arabic for the editions, and
//! Arabic → fold key for search.

/// The high hamza (dáyekshe) the editions write, once, before a front word. Kazakhstan's
/// own Arabic-script press writes U+0621 instead; search accepts both.
pub const HAMZA: char = '\u{0674}';

/// Writes one Cyrillic word (any case: the script has none) in the Arabic script.
///
/// A word that has one of ә ө ү і, and none of the letters that already mark a front word
/// (к г е э, which become ك گ ە), starts with the hamza: the script writes ә and а, ө and о,
/// ү and ұ, і and ы with the same letter, and the hamza says which.
pub(crate) fn write_word(word: &str, out: &mut String) {
    let lower = || word.chars().map(crate::lowercase_letter);
    let front = lower().any(|c| matches!(c, 'ә' | 'ө' | 'ү' | 'і'));
    let marked = lower().any(|c| matches!(c, 'к' | 'г' | 'е' | 'э'));
    if front && !marked {
        out.push(HAMZA);
    }
    let mut chars = lower().peekable();
    while let Some(c) = chars.next() {
        // ия is written يا: the я's own ي stands for the и.
        if c == 'и' && chars.peek() == Some(&'я') {
            continue;
        }
        out.push_str(letter(c));
    }
}

/// The Arabic letters of one lowercase Cyrillic letter.
fn letter(c: char) -> &'static str {
    match c {
        'а' | 'ә' => "\u{0627}",
        'б' => "\u{0628}",
        'в' => "\u{06C6}",
        'г' => "\u{06AF}",
        'ғ' => "\u{0639}",
        'д' => "\u{062F}",
        'е' | 'э' => "\u{06D5}",
        'ё' => "\u{064A}\u{0648}",
        'ж' => "\u{062C}",
        'з' => "\u{0632}",
        'и' | 'й' => "\u{064A}",
        'к' => "\u{0643}",
        'қ' => "\u{0642}",
        'л' => "\u{0644}",
        'м' => "\u{0645}",
        'н' => "\u{0646}",
        'ң' => "\u{06AD}",
        'о' | 'ө' => "\u{0648}",
        'п' => "\u{067E}",
        'р' => "\u{0631}",
        'с' => "\u{0633}",
        'т' => "\u{062A}",
        'у' => "\u{06CB}",
        'ұ' | 'ү' => "\u{06C7}",
        'ф' => "\u{0641}",
        'х' => "\u{062D}",
        'һ' => "\u{06BE}",
        'ц' => "\u{062A}\u{0633}",
        'ч' => "\u{0686}",
        'ш' => "\u{0634}",
        'щ' => "\u{0634}\u{0634}",
        'ы' | 'і' => "\u{0649}",
        'ю' => "\u{064A}\u{06CB}",
        'я' => "\u{064A}\u{0627}",
        // ъ ь are not written.
        _ => "",
    }
}

/// Whether the editions write `c` as a letter: the CLDR `kk_Arab` exemplar set and the
/// hamza.
pub(crate) fn is_output_letter(c: char) -> bool {
    matches!(
        c,
        '\u{0621}'
            | HAMZA
            | 'ا'
            | 'ە'
            | 'ب'
            | 'پ'
            | 'ت'
            | 'ج'
            | 'چ'
            | 'ح'
            | 'د'
            | 'ر'
            | 'ز'
            | 'س'
            | 'ش'
            | 'ع'
            | 'ف'
            | 'ق'
            | 'ك'
            | 'گ'
            | 'ڭ'
            | 'ل'
            | 'م'
            | 'ن'
            | 'ھ'
            | 'و'
            | 'ۇ'
            | 'ۆ'
            | 'ۋ'
            | 'ى'
            | 'ي'
    )
}

/// Whether `c` is in the Arabic blocks (letters, marks, digits, presentation forms).
pub fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether an Arabic-script word is a front word (for the stemmer's vowel harmony): it has a
/// hamza, ە, ك or گ.
pub fn is_front(word: &str) -> bool {
    word.chars().map(normalize).any(|n| {
        matches!(
            n,
            Normal::Hamza | Normal::Letter('ە' | 'ك' | 'گ') | Normal::Front(_)
        )
    })
}

/// A character after normalisation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Normal {
    /// A base letter (or anything that is not Arabic, unchanged).
    Letter(char),
    /// A letter with the hamza on it (ٵ ٶ ٷ ٸ): a front vowel.
    Front(char),
    /// The hamza itself.
    Hamza,
    /// Not written in the key: harakat, tatweel, joiners, direction marks.
    Nothing,
}

/// Normalises one character: look-alikes from other Arabic-script languages onto the Kazakh
/// letters, presentation forms onto their base letters, Arabic-Indic digits onto 0–9.
fn normalize(c: char) -> Normal {
    let base = match c {
        '\u{0621}' | HAMZA | '\u{0626}' => return Normal::Hamza,
        '\u{0675}' => return Normal::Front('ا'),
        '\u{0676}' => return Normal::Front('و'),
        '\u{0677}' => return Normal::Front('ۇ'),
        '\u{0678}' => return Normal::Front('ى'),
        '\u{0640}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{200C}'..='\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => return Normal::Nothing,
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        'ه' => 'ە',
        'ک' => 'ك',
        'ی' => 'ي',
        'ې' => 'ە',
        'غ' => 'ع',
        'خ' => 'ح',
        'ۈ' | 'ۉ' => 'ۇ',
        'ۅ' => 'و',
        'أ' | 'إ' | 'آ' => 'ا',
        'ؤ' => return Normal::Front('و'),
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => match presentation(c) {
            Some(base) => return normalize(base),
            None => return Normal::Nothing,
        },
        c => c,
    };
    Normal::Letter(base)
}

/// The base letter of an Arabic presentation form (text copied from PDFs carries them).
fn presentation(c: char) -> Option<char> {
    // Forms-B: each base letter's isolated, final (, initial, medial) forms in a row.
    const FORMS_B: &[(u32, u32, char)] = &[
        (0xFE80, 0xFE80, 'ء'),
        (0xFE81, 0xFE88, 'ا'),
        (0xFE89, 0xFE8C, 'ء'),
        (0xFE8D, 0xFE8E, 'ا'),
        (0xFE8F, 0xFE92, 'ب'),
        (0xFE93, 0xFE94, 'ە'),
        (0xFE95, 0xFE9C, 'ت'),
        (0xFE9D, 0xFEA0, 'ج'),
        (0xFEA1, 0xFEA8, 'ح'),
        (0xFEA9, 0xFEAC, 'د'),
        (0xFEAD, 0xFEAE, 'ر'),
        (0xFEAF, 0xFEB0, 'ز'),
        (0xFEB1, 0xFEB4, 'س'),
        (0xFEB5, 0xFEB8, 'ش'),
        (0xFEB9, 0xFEC0, 'س'),
        (0xFEC1, 0xFEC8, 'ت'),
        (0xFEC9, 0xFED0, 'ع'),
        (0xFED1, 0xFED4, 'ف'),
        (0xFED5, 0xFED8, 'ق'),
        (0xFED9, 0xFEDC, 'ك'),
        (0xFEDD, 0xFEE0, 'ل'),
        (0xFEE1, 0xFEE4, 'م'),
        (0xFEE5, 0xFEE8, 'ن'),
        (0xFEE9, 0xFEEC, 'ە'),
        (0xFEED, 0xFEEE, 'و'),
        (0xFEEF, 0xFEF4, 'ي'),
    ];
    // Forms-A: the letters Arabic itself lacks.
    const FORMS_A: &[(u32, u32, char)] = &[
        (0xFB56, 0xFB59, 'پ'),
        (0xFB7A, 0xFB7D, 'چ'),
        (0xFB8E, 0xFB91, 'ك'),
        (0xFB92, 0xFB95, 'گ'),
        (0xFBAA, 0xFBAD, 'ھ'),
        (0xFBD3, 0xFBD6, 'ڭ'),
        (0xFBD7, 0xFBD8, 'ۇ'),
        (0xFBD9, 0xFBDA, 'ۆ'),
        (0xFBDE, 0xFBDF, 'ۋ'),
        (0xFBE4, 0xFBE7, 'ە'),
        (0xFBE8, 0xFBE9, 'ى'),
        (0xFBFC, 0xFBFF, 'ي'),
    ];
    let code = c as u32;
    FORMS_B
        .iter()
        .chain(FORMS_A)
        .find(|(from, to, _)| (*from..=*to).contains(&code))
        .map(|(_, _, base)| *base)
}

/// The Latin fold key of one base letter.
fn key(c: char) -> Option<&'static str> {
    Some(match c {
        'ا' => "a",
        'ب' => "b",
        'ۆ' => "v",
        'گ' | 'ع' => "g",
        'د' => "d",
        'ە' => "e",
        'ج' => "j",
        'ز' => "z",
        'ي' | 'ى' => "i",
        'ك' | 'ق' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' | 'ڭ' => "n",
        'و' => "o",
        'پ' => "p",
        'ر' => "r",
        'س' => "s",
        'ت' => "t",
        'ۋ' | 'ۇ' => "u",
        'ف' => "f",
        'ح' | 'ھ' => "h",
        'چ' => "ch",
        'ش' => "sh",
        _ => return None,
    })
}

/// The search fold of a word with Arabic-script letters: each letter as the fold key its
/// Cyrillic letter has (ق and ك both `k`, ۇ and ۋ both `u`), the hamza and marks dropped
/// (the fold merges exactly what the hamza distinguishes), characters outside the script
/// unchanged. The analyzer collapses `shsh` and `ii` afterwards, as it does for Cyrillic.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match fold_char(c) {
            Some(key) => out.push_str(key),
            None => out.push(c),
        }
    }
    out
}

/// The fold key of one Arabic-script character (empty for the hamza and marks), or `None`
/// for a character outside the Arabic blocks.
pub fn fold_char(c: char) -> Option<&'static str> {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    if !is_arabic(c) {
        return None;
    }
    Some(match normalize(c) {
        Normal::Letter(n) | Normal::Front(n) => match key(n) {
            Some(k) => k,
            None if n.is_ascii_digit() => DIGITS[usize::from(n as u8 - b'0')],
            None => "",
        },
        Normal::Hamza | Normal::Nothing => "",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Exceptions, Script, convert};

    /// The attested pairs of the script notes. The press writes the hamza as U+0621; the
    /// editions write U+0674, so the expected spellings are compared with that one.
    const PAIRS: &[(&str, &str)] = &[
        ("тілі", "ءتىلى"),
        ("үшін", "ءۇشىن"),
        ("үй", "ءۇي"),
        ("сәуір", "ءساۋىر"),
        ("мәжілісі", "ٴماجىلىسى"),
        ("Үрімші", "ءۇرىمشى"),
        ("шілде", "شىلدە"),
        ("қыркүйек", "قىركۇيەك"),
        ("тәуелсіз", "تاۋەلسىز"),
        ("үкімет", "ۇكىمەت"),
        ("Бішкек", "بىشكەك"),
        ("Өзбекстан", "وزبەكستان"),
        ("Ақтөбе", "اقتوبە"),
        ("теңге", "تەڭگە"),
        ("Қазақстан", "قازاقستان"),
        ("Алматы", "الماتى"),
        ("Қарағанды", "قاراعاندى"),
        ("қандастар", "قانداستار"),
        ("азаматтығынан", "ازاماتتىعىنان"),
        ("құжат", "قۇجات"),
        ("виза", "ۆيزا"),
        ("бюджетіне", "بيۋدجەتىنە"),
        ("комиссия", "كوميسسيا"),
        ("декларация", "دەكلاراتسيا"),
        ("иә", "ءيا"),
        (
            "Адамдарға ақыл-парасат, ар-ождан берілген",
            "ادامدارعا اقىل-پاراسات، ار-وجدان بەرىلگەن",
        ),
    ];

    fn with_high_hamza(s: &str) -> String {
        s.replace('\u{0621}', "\u{0674}")
    }

    #[test]
    fn every_attested_pair_converts_exactly() {
        for (cyrillic, arabic) in PAIRS {
            assert_eq!(
                convert(cyrillic, Script::Arab, &Exceptions::new()),
                with_high_hamza(arabic),
                "{cyrillic}"
            );
        }
    }

    #[test]
    fn every_attested_pair_folds_onto_the_cyrillic_key_letters() {
        // The fold of the Arabic spelling has the same letters as the fold of the Cyrillic
        // one once both collapse `ii` (the analyzer does that): ия is يا.
        let collapse = |s: String| s.replace("ii", "i").replace("shsh", "sh");
        assert_eq!(collapse(fold("قانداستار")), "kandastar");
        assert_eq!(collapse(fold("كوميسسيا")), "komissia");
        assert_eq!(collapse(fold("ءتىلى")), "tili");
        assert_eq!(fold("ءۇشىن"), fold("ٴۇشىن"));
        assert_eq!(fold("ازاماتتىعىنان"), "azamattiginan");
    }

    #[test]
    fn look_alikes_and_presentation_forms_normalise() {
        // ه for ە, ک for ك, ی for ي, Persian digits.
        assert_eq!(fold("كەرەك"), fold("کهرهک"));
        assert_eq!(fold("۱۴۰۴"), "1404");
        // قازاق in presentation forms (as PDFs copy it).
        assert_eq!(fold("\u{FED7}\u{FE8E}\u{FEAF}\u{FE8D}\u{FED5}"), "kazak");
        // ٵ is hamza + ا.
        assert_eq!(fold("\u{0675}ن"), fold("ٴان"));
    }

    #[test]
    fn front_words_are_marked() {
        assert!(is_front("ءتىلى"));
        assert!(is_front("تەڭگە"));
        assert!(!is_front("قانداستار"));
    }
}
