//! A light, rule-based Kazakh stemmer: strips the nominal suffixes of the inventory in the
//! domain notes (case, then possessive, then plural), working on fold keys so that every
//! spelling of a word stems alike.
//!
//! Over-stemming is the known failure of light Kazakh stemmers (`пайдаланушыларға` must not
//! become `пайда`). Three rules keep it in check:
//! - only suffixes of the inventory are stripped, each class at most once, in word order;
//! - a suffix is stripped only after the sounds it really follows: `-лар` after vowels and
//!   `р`, `-дар` after `л м н з ж`, `-тар` after voiceless consonants, and so on for every
//!   case (so `Павлодар` keeps its `-дар`, which could not follow `о`);
//! - vowel harmony: a word written with only back vowels takes only back suffixes (`-лар`,
//!   `-ға`), one with only front vowels only front ones (`-лер`, `-ге`);
//! - what remains must be at least [`MIN_STEM`] letters, one-letter possessives are stripped
//!   only under a case ending, and place names are left alone.
//!
//! Known gap: the accusative `-н` after a possessive (`тілдерін`) is not stripped, because
//! the same ending closes common roots (`орын`, `қиын`).
//!
//! After stripping, a stem voiced before a vowel gets its final consonant back
//! (`кітабы` → `кітап`) and a few dropped vowels return (`орны` → `орын`).

/// The shortest stem left after stripping a case or possessive ending, in fold-key letters.
pub const MIN_STEM: usize = 3;

/// The vowel harmony of a word, from the letters it is written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Harmony {
    /// Only front vowels (ә е ө ү і): only front suffixes.
    Front,
    /// Only back vowels (а о ұ ы): only back suffixes.
    Back,
    /// Both, or only letters that could be either (а typed for ә on a Russian keyboard).
    Mixed,
}

/// The harmony of a lowercased word in any script.
pub fn harmony(word: &str) -> Harmony {
    // The Arabic script marks a front word (hamza, ە, ك, گ) and leaves the rest back.
    if word.chars().any(bagdar_script::arabic::is_arabic) {
        return if bagdar_script::arabic::is_front(word) {
            Harmony::Front
        } else {
            Harmony::Back
        };
    }
    let front = word
        .chars()
        .any(|c| matches!(c, 'ә' | 'е' | 'ө' | 'ү' | 'і' | 'ä' | 'e' | 'ö' | 'ü' | 'ı'));
    let back = word
        .chars()
        .any(|c| matches!(c, 'а' | 'о' | 'ұ' | 'ы' | 'a' | 'o' | 'ū' | 'y'));
    match (front, back) {
        (true, false) => Harmony::Front,
        (false, true) => Harmony::Back,
        _ => Harmony::Mixed,
    }
}

/// What sound a suffix may follow: the last letter of the stem, in fold keys.
#[derive(Clone, Copy)]
enum After {
    /// A vowel.
    Vowel,
    /// A vowel or `р` (`-лар`).
    VowelOrR,
    /// `л м н з ж` (`-дар`).
    Sonorant,
    /// `л р з ж` and `у й` (`-дың`).
    Voiced,
    /// `л р з ж м н ң` and `у й` (`-ды`).
    VoicedOrNasal,
    /// A vowel or any voiced consonant (`-ға`, `-да`, `-дан`).
    VowelOrVoiced,
    /// `м н ң` (`-нан`) or the possessive `-ы/-і` (`үйінен`).
    NasalOrPossessive,
    /// A vowel or `м н ң` (`-ның`).
    VowelOrNasal,
    /// A vowel or `л р м н у й` (`-мен`).
    VowelOrSonorant,
    /// `з ж` (`-бен`).
    Sibilant,
    /// Any voiceless consonant, or `б в г д` pronounced voiceless at the end (`-тар`, `-қа`).
    Voiceless,
    /// The third-person possessive `-ы/-і/-сы/-сі` (`-на`, `-нда`).
    Possessive,
    /// A consonant (`-ымыз`).
    Consonant,
}

fn follows(stem: &str, after: After) -> bool {
    let Some(last) = stem.chars().last() else {
        return false;
    };
    let vowel = matches!(last, 'a' | 'e' | 'i' | 'o' | 'u');
    let voiceless = matches!(
        last,
        'k' | 'p' | 's' | 't' | 'f' | 'h' | 'b' | 'v' | 'g' | 'd' | 'c'
    );
    match after {
        After::Vowel => vowel,
        After::VowelOrR => vowel || last == 'r',
        After::Sonorant => matches!(last, 'l' | 'm' | 'n' | 'z' | 'j'),
        After::Voiced => matches!(last, 'l' | 'r' | 'z' | 'j' | 'u' | 'i'),
        After::VoicedOrNasal => matches!(last, 'l' | 'r' | 'z' | 'j' | 'u' | 'i' | 'm' | 'n'),
        After::VowelOrVoiced => vowel || matches!(last, 'l' | 'r' | 'z' | 'j' | 'm' | 'n'),
        After::NasalOrPossessive => matches!(last, 'm' | 'n' | 'i'),
        After::VowelOrNasal => vowel || matches!(last, 'm' | 'n'),
        After::VowelOrSonorant => vowel || matches!(last, 'l' | 'r' | 'm' | 'n'),
        After::Sibilant => matches!(last, 'z' | 'j'),
        After::Voiceless => voiceless,
        After::Possessive => last == 'i',
        After::Consonant => !vowel,
    }
}

/// Case endings (at most one, last in the word), longest first.
const CASES: &[(&str, After)] = &[
    ("ndagi", After::Possessive),
    ("ndegi", After::Possessive),
    ("dagi", After::VowelOrVoiced),
    ("degi", After::VowelOrVoiced),
    ("tagi", After::Voiceless),
    ("tegi", After::Voiceless),
    ("nan", After::NasalOrPossessive),
    ("nen", After::NasalOrPossessive),
    ("dan", After::VowelOrVoiced),
    ("den", After::VowelOrVoiced),
    ("tan", After::Voiceless),
    ("ten", After::Voiceless),
    ("nin", After::VowelOrNasal),
    ("din", After::Voiced),
    ("tin", After::Voiceless),
    ("men", After::VowelOrSonorant),
    ("ben", After::Sibilant),
    ("pen", After::Voiceless),
    ("nda", After::Possessive),
    ("nde", After::Possessive),
    ("ga", After::VowelOrVoiced),
    ("ge", After::VowelOrVoiced),
    ("ka", After::Voiceless),
    ("ke", After::Voiceless),
    ("na", After::Possessive),
    ("ne", After::Possessive),
    ("da", After::VowelOrVoiced),
    ("de", After::VowelOrVoiced),
    ("ta", After::Voiceless),
    ("te", After::Voiceless),
    ("ni", After::Vowel),
    ("di", After::VoicedOrNasal),
    ("ti", After::Voiceless),
];

/// Possessive endings, longest first; `stacked` ones only under a case ending.
const POSSESSIVES: &[(&str, After, bool)] = &[
    ("imiz", After::Consonant, false),
    ("iniz", After::Consonant, false),
    ("miz", After::Vowel, false),
    ("niz", After::Vowel, false),
    ("si", After::Vowel, false),
    ("im", After::Consonant, true),
    ("in", After::Consonant, true),
    ("m", After::Vowel, true),
    ("n", After::Vowel, true),
    ("i", After::Consonant, true),
];

/// Plural endings.
const PLURALS: &[(&str, After)] = &[
    ("lar", After::VowelOrR),
    ("ler", After::VowelOrR),
    ("dar", After::Sonorant),
    ("der", After::Sonorant),
    ("tar", After::Voiceless),
    ("ter", After::Voiceless),
];

/// Names and words whose endings only look like suffixes (fold keys).
const KEEP: &[&str] = &[
    "kazakstan",
    "kazahstan",
    "turkistan",
    "turkestan",
    "karaganda",
    "karagandi",
    "kizilorda",
    "astana",
    "almati",
    "atirau",
    "aktobe",
    "aktau",
    "taraz",
    "semei",
    "oral",
    "oskemen",
    "petropavl",
    "kokshetau",
    "taldikorgan",
    "konaev",
    "jezkazgan",
    "shimkent",
    "kostanai",
    "mangistau",
    "ulitau",
    "jetisu",
    "abai",
    "jambil",
    "pavlodar",
    "otandastar",
];

/// The stem of a fold key written with the given harmony.
pub fn stem_folded(word: &str, harmony: Harmony) -> String {
    if KEEP.contains(&word) || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return word.to_owned();
    }
    let mut stem = word;
    let mut had_case = false;
    let mut vowel_initial = false;
    if let Some(rest) = strip(stem, CASES.iter().map(|(s, a)| (*s, *a)), harmony, MIN_STEM) {
        stem = rest;
        had_case = true;
        if KEEP.contains(&stem) {
            return stem.to_owned();
        }
    }
    let possessives = POSSESSIVES
        .iter()
        .filter(|(_, _, stacked)| had_case || !*stacked);
    // A bare `-сы/-сі` needs a longer stem: short words end in `-сы` of their own (`кеңсі`).
    let min = if had_case { MIN_STEM } else { MIN_STEM + 1 };
    if let Some(rest) = strip(stem, possessives.map(|(s, a, _)| (*s, *a)), harmony, min) {
        vowel_initial = stem[rest.len()..].starts_with('i');
        stem = rest;
    } else if !had_case
        && let Some(rest) = stem.strip_suffix('i')
        && (rest.ends_with('g') || rest.ends_with('b'))
        && rest.len() > MIN_STEM
    {
        // A bare `-ы/-і` after `ғ`, `г` or `б` is the possessive of a stem ending in `қ`, `к`
        // or `п`, voiced before the vowel (`азаматтығы` of `азаматтық`): few roots end so.
        vowel_initial = true;
        stem = rest;
    }
    // Plural endings are distinctive enough to leave two-letter roots (`үйлер` → `үй`).
    if let Some(rest) = strip(
        stem,
        PLURALS.iter().map(|(s, a)| (*s, *a)),
        harmony,
        MIN_STEM - 1,
    ) {
        stem = rest;
        vowel_initial = false;
    }
    repair(stem, vowel_initial)
}

/// Strips the first suffix of `suffixes` that ends `word` and that its stem may take.
fn strip(
    word: &str,
    suffixes: impl Iterator<Item = (&'static str, After)>,
    harmony: Harmony,
    min: usize,
) -> Option<&str> {
    for (suffix, after) in suffixes {
        let Some(stem) = word.strip_suffix(suffix) else {
            continue;
        };
        let back = suffix.contains('a');
        let front = suffix.contains('e');
        let harmonic = match harmony {
            Harmony::Back => !front,
            Harmony::Front => !back,
            Harmony::Mixed => !(back && last_vowel(stem) == Some('e')),
        };
        if stem.len() >= min && harmonic && follows(stem, after) {
            return Some(stem);
        }
    }
    None
}

fn last_vowel(stem: &str) -> Option<char> {
    stem.chars()
        .rev()
        .find(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'))
}

/// Undoes the sound changes a vowel-initial suffix causes.
fn repair(stem: &str, vowel_initial: bool) -> String {
    const DROPPED_VOWEL: &[(&str, &str)] = &[
        ("orn", "orin"),
        ("auz", "auiz"),
        ("murn", "murin"),
        ("halk", "halik"),
        ("erni", "erin"),
        ("kiin", "kiiin"),
    ];
    if let Some((_, full)) = DROPPED_VOWEL.iter().find(|(short, _)| *short == stem) {
        return (*full).to_owned();
    }
    let mut out = stem.to_owned();
    if vowel_initial {
        match out.pop() {
            Some('b') => out.push('p'),
            Some('g') => out.push('k'),
            Some(c) => out.push(c),
            None => {}
        }
    }
    out
}

/// The stem of a Kazakh word as typed, in any script (lowercased, folded, stemmed).
pub fn stem(word: &str) -> String {
    let lower = crate::lowercase(word, crate::Language::Kk);
    stem_folded(&crate::fold(&lower), harmony(&lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stacked_suffixes_come_off_in_order() {
        let cases = [
            ("қандастарымызға", "kandas"),
            ("қандастар", "kandas"),
            ("қандастарға", "kandas"),
            ("қандастардың", "kandas"),
            ("балаларымыз", "bala"),
            ("балаларға", "bala"),
            ("мектептерге", "mektep"),
            ("мектепте", "mektep"),
            ("құжаттарды", "kujat"),
            ("құжаттар", "kujat"),
            ("өңірлерде", "onir"),
            ("өңірдегі", "onir"),
            ("қалаларда", "kala"),
            ("қаладан", "kala"),
            ("қалаға", "kala"),
            // The possessive voices the stem's last consonant: `-ғы` is `-қ` + `-ы`.
            ("азаматтығы", "azamattik"),
            ("азаматтыққа", "azamattik"),
            ("азаматтық", "azamattik"),
            ("кітабы", "kitap"),
            ("үйлерге", "ui"),
            ("елдерде", "el"),
            ("жұмыстан", "jumis"),
            ("жұмысқа", "jumis"),
            ("тілдер", "til"),
            // The accusative `-н` after a possessive is not stripped: it would break `орын`.
            ("тілдерін", "tilderin"),
            ("кітабымды", "kitap"),
            ("орнына", "orin"),
            ("баласы", "bala"),
            ("таудың", "tau"),
            ("достарымен", "dos"),
        ];
        for (word, expected) in cases {
            assert_eq!(stem(word), expected, "{word}");
        }
    }

    #[test]
    fn every_spelling_stems_alike() {
        for word in [
            "қандастарға",
            "кандастарга",
            "qandastarğa",
            "qandastarga",
            "kandastarga",
        ] {
            assert_eq!(stem(word), "kandas", "{word}");
        }
        for word in ["мектептерге", "mektepterge"] {
            assert_eq!(stem(word), "mektep", "{word}");
        }
    }

    #[test]
    fn words_that_must_not_be_over_stemmed() {
        let keep = [
            ("пайдаланушыларға", "paidalanushi"),
            ("пайдаланушы", "paidalanushi"),
            ("павлодар", "pavlodar"),
            ("қазақстан", "kazakstan"),
            ("Қазақстанда", "kazakstan"),
            ("қарағанды", "karagandi"),
            ("астана", "astana"),
            ("адам", "adam"),
            ("ана", "ana"),
            ("білім", "bilim"),
            ("орын", "orin"),
            ("кеңсі", "kensi"),
            ("мен", "men"),
            ("тіл", "til"),
            ("отандастар", "otandastar"),
            ("құжат", "kujat"),
            ("жұмыс", "jumis"),
            ("көмек", "komek"),
            ("квота", "kvota"),
            ("виза", "viza"),
            ("1404", "1404"),
        ];
        for (word, expected) in keep {
            assert_eq!(stem(word), expected, "{word}");
        }
    }

    #[test]
    fn harmony_is_read_from_the_letters() {
        assert_eq!(harmony("мектеп"), Harmony::Front);
        assert_eq!(harmony("қала"), Harmony::Back);
        assert_eq!(harmony("мұғалім"), Harmony::Mixed);
        // A back suffix never follows a front word: the `-да` of `өнерде` is `-де`.
        assert_eq!(stem_folded("mektepta", Harmony::Front), "mektepta");
    }
}
