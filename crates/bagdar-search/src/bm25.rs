//! BM25 exactly as tantivy computes it, operation for operation in `f32`, so that the lean
//! reader and tantivy give the same scores to the bit (the parity tests compare them).
//!
//! tantivy keeps one byte per document and field, a field-norm id, standing for the field's
//! token count on a scale that is exact up to 40 and then grows in steps of 2, 4, 8 …, eight
//! steps of each size.

/// BM25's term-saturation parameter.
const K1: f32 = 1.2;
/// BM25's length-normalisation parameter.
const B: f32 = 0.75;

/// The token count a field-norm id stands for.
pub fn id_to_fieldnorm(id: u8) -> u32 {
    if id <= 40 {
        return u32::from(id);
    }
    let above = u32::from(id) - 41;
    let (group, index) = (above / 8, above % 8);
    // Group g has steps of 2^(g+1) and starts where group g-1 ends.
    let mut start = 40u32;
    for g in 0..group {
        start += 8 << (g + 1);
    }
    start + (index + 1) * (2 << group)
}

/// The inverse document frequency of a term in `doc_freq` of `doc_count` documents.
pub fn idf(doc_freq: u64, doc_count: u64) -> f32 {
    let x = (doc_count.saturating_sub(doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// The BM25 weight of one term (or a phrase) in one field, with its boost.
#[derive(Clone, Debug)]
pub struct Bm25 {
    weight: f32,
    cache: [f32; 256],
}

impl Bm25 {
    /// The weight for a term of this `idf` (for a phrase, the sum of its terms' idf, added in
    /// order) in a field whose documents have `average_fieldnorm` tokens, times `boost`.
    pub fn new(idf: f32, average_fieldnorm: f32, boost: f32) -> Bm25 {
        let mut weight = idf * (1.0 + K1);
        if boost != 1.0 {
            weight *= boost;
        }
        let mut cache = [0f32; 256];
        for (id, slot) in cache.iter_mut().enumerate() {
            let fieldnorm = id_to_fieldnorm(id as u8) as f32;
            *slot = K1 * (1.0 - B + B * fieldnorm / average_fieldnorm);
        }
        Bm25 { weight, cache }
    }

    /// The average token count of a field: its tokens over the documents.
    pub fn average_fieldnorm(total_tokens: u64, docs: u64) -> f32 {
        total_tokens as f32 / docs as f32
    }

    /// The score of a document where the term occurs `term_freq` times in a field of
    /// field-norm id `fieldnorm_id`.
    pub fn score(&self, fieldnorm_id: u8, term_freq: u32) -> f32 {
        let term_freq = term_freq as f32;
        let norm = self.cache[usize::from(fieldnorm_id)];
        self.weight * (term_freq / (term_freq + norm))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fieldnorm_scale_is_exact_then_grows_in_doubling_steps() {
        let ids: Vec<u32> = (38..=58).map(id_to_fieldnorm).collect();
        assert_eq!(
            ids,
            [
                38, 39, 40, 42, 44, 46, 48, 50, 52, 54, 56, 60, 64, 68, 72, 76, 80, 84, 88, 96, 104
            ]
        );
        assert_eq!(id_to_fieldnorm(255), 2_013_265_944);
        assert!((1..=255u8).all(|id| id_to_fieldnorm(id) > id_to_fieldnorm(id - 1)));
    }

    #[test]
    fn a_rarer_term_and_a_shorter_field_score_higher() {
        assert!(idf(1, 100) > idf(10, 100));
        let bm25 = Bm25::new(idf(3, 100), 10.0, 2.0);
        assert!(bm25.score(5, 1) > bm25.score(20, 1));
        assert!(bm25.score(5, 2) > bm25.score(5, 1));
    }
}
