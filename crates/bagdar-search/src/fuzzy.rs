//! Typo tolerance: which terms are within a few edits of a query word.
//!
//! An edit is inserting, deleting or replacing a letter, or swapping two neighbouring
//! letters, as tantivy's fuzzy term query counts them (Levenshtein automata with
//! transpositions at cost one). Bagdar also asks that the first letter be right: typos in the
//! first letter are rare, and the rule keeps the vocabulary a query must look at small.

/// How many edits a query word of `letters` letters may have, if any.
pub fn distance_for(letters: usize) -> Option<u8> {
    match letters {
        0..5 => None,
        5..9 => Some(1),
        _ => Some(2),
    }
}

/// Whether `term` is within `distance` edits of `query` and starts with the same letter.
pub fn matches(query: &[char], term: &str, distance: u8) -> bool {
    let term: Vec<char> = term.chars().collect();
    if query.first() != term.first() {
        return false;
    }
    within(query, &term, usize::from(distance))
}

/// Whether the restricted Damerau-Levenshtein distance (optimal string alignment) of `a` and
/// `b` is at most `max`. Rows of the table are kept three at a time (a swap looks two back),
/// and the work stops as soon as a whole row is over `max`: later rows cannot come back under.
fn within(a: &[char], b: &[char], max: usize) -> bool {
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (current, previous, back) = (i % 3, (i - 1) % 3, (i + 1) % 3);
        rows[current][0] = i;
        let mut best = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (rows[previous][j] + 1)
                .min(rows[current][j - 1] + 1)
                .min(rows[previous][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(rows[back][j - 2] + 1);
            }
            rows[current][j] = value;
            best = best.min(value);
        }
        if best > max {
            return false;
        }
    }
    rows[a.len() % 3][b.len()] <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(query: &str, term: &str, distance: u8) -> bool {
        let query: Vec<char> = query.chars().collect();
        matches(&query, term, distance)
    }

    #[test]
    fn edits_are_counted_as_tantivy_counts_them() {
        assert!(m("kandastar", "kandastar", 1));
        assert!(m("kandastar", "kandstar", 1), "a deletion");
        assert!(m("kandastar", "kandastarr", 1), "an insertion");
        assert!(m("kandastar", "kandasyar", 1), "a replacement");
        assert!(m("kandastar", "kandatsar", 1), "a swap");
        assert!(!m("kandastar", "kandtasar", 1));
        assert!(m("kandastar", "kndastra", 2));
        assert!(
            !m("kandastar", "andastar", 1),
            "the first letter must be right"
        );
        assert!(!m("pavlodar", "pavlovsk", 1));
        assert_eq!(distance_for(4), None);
        assert_eq!(distance_for(5), Some(1));
        assert_eq!(distance_for(9), Some(2));
    }
}
