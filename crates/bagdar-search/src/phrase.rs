//! Counting a phrase in a document as tantivy's phrase scorer counts it, so the lean reader
//! scores phrases and the proximity bonus exactly as tantivy does.
//!
//! The terms' positions are taken in the order tantivy intersects their posting lists (fewest
//! documents first, ties in phrase order), each shifted so that a match lines up on one
//! position. Without slop, the phrase occurs where all lists share a position. With slop,
//! matches are carried from term to term with the distance used so far, and a match counts
//! while that distance stays within the slop; for two terms the pairing is greedy.

use std::cmp::Ordering;

/// How often the phrase occurs, given each term's positions (already shifted, in
/// intersection order) and the slop.
pub fn count(positions: &[Vec<u32>], slop: u32) -> u32 {
    let Some((first, rest)) = positions.split_first() else {
        return 0;
    };
    let Some((last, middle)) = rest.split_last() else {
        return 0;
    };
    let mut left = first.clone();
    let mut left_slops: Vec<u8> = Vec::new();
    for right in middle {
        if slop == 0 {
            keep_common(&mut left, right);
        } else {
            carry(&mut left, &mut left_slops, right, slop, true);
        }
        if left.is_empty() {
            return 0;
        }
    }
    if slop == 0 {
        count_common(&left, last)
    } else if positions.len() > 2 {
        carry(&mut left, &mut left_slops, last, slop, false)
    } else {
        pair(&left, last, slop)
    }
}

/// Keeps in `left` the positions `right` has too.
fn keep_common(left: &mut Vec<u32>, right: &[u32]) {
    let mut kept = 0;
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        match left[i].cmp(&right[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                left[kept] = left[i];
                kept += 1;
                i += 1;
                j += 1;
            }
        }
    }
    left.truncate(kept);
}

/// The positions both lists have.
fn count_common(left: &[u32], right: &[u32]) -> u32 {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        match left[i].cmp(&right[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

/// Two terms with slop: each right position within the slop of a left one pairs with the last
/// left position not past it.
fn pair(left: &[u32], right: &[u32], slop: u32) -> u32 {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        let (l, r) = (left[i], right[j]);
        if l.abs_diff(r) <= slop {
            while i + 1 < left.len() && left[i + 1] <= r {
                i += 1;
            }
            count += 1;
            i += 1;
            j += 1;
        } else if l < r {
            i += 1;
        } else {
            j += 1;
        }
    }
    count
}

/// Matches carried from `left` (with the slop each has used) to `right`. With `update`, `left`
/// and its slops become the positions reached and the least slop used to reach each.
fn carry(left: &mut Vec<u32>, slops: &mut Vec<u8>, right: &[u32], max: u32, update: bool) -> u32 {
    if left.is_empty() || right.is_empty() {
        if update {
            left.clear();
            slops.clear();
        }
        return 0;
    }
    let mut reached: Vec<u32> = Vec::new();
    let mut used: Vec<u8> = Vec::new();
    let mut note = |slop: u32, position: u32| {
        if !update {
            return;
        }
        if reached.last() == Some(&position) {
            if let Some(last) = used.last_mut() {
                *last = (*last).min(slop as u8);
            }
        } else {
            reached.push(position);
            used.push(slop as u8);
        }
    };
    let (mut i, mut j, mut count) = (0, 0, 0);
    loop {
        let (l, r) = (left[i], right[j]);
        let so_far = u32::from(slops.get(i).copied().unwrap_or(0));
        let distance = so_far + l.abs_diff(r);
        if distance <= max {
            let (small, large, mut at, list): (u32, u32, usize, &[u32]) = if l < r {
                (l, r, i, left.as_slice())
            } else {
                (r, l, j, right)
            };
            let mut slop = distance;
            note(slop, small);
            while at + 1 < list.len() {
                let next = list[at + 1];
                if next > large {
                    break;
                }
                at += 1;
                slop = so_far + next.abs_diff(large);
                note(slop, next);
            }
            note(slop, large);
            count += 1;
            i += 1;
            j += 1;
        } else if l < r {
            i += 1;
        } else {
            j += 1;
        }
        if i >= left.len() || j >= right.len() {
            if i >= left.len() {
                let l = left[left.len() - 1];
                let so_far = u32::from(slops.last().copied().unwrap_or(0));
                for &r in &right[j..] {
                    let slop = l.abs_diff(r) + so_far;
                    if slop <= max {
                        note(slop, r);
                    }
                }
            } else {
                let r = right[right.len() - 1];
                for (k, &l) in left.iter().enumerate().skip(i) {
                    let slop = l.abs_diff(r) + u32::from(slops.get(k).copied().unwrap_or(0));
                    if slop <= max {
                        note(slop, l);
                    }
                }
            }
            break;
        }
    }
    if update {
        *left = reached;
        *slops = used;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_phrases_need_the_same_shifted_position() {
        // "квота 2026": positions shifted so a match lines up.
        assert_eq!(count(&[vec![3, 9], vec![3, 10]], 0), 1);
        assert_eq!(count(&[vec![1, 5, 8], vec![5, 8], vec![8]], 0), 1);
        assert_eq!(count(&[vec![1], vec![2]], 0), 0);
    }

    #[test]
    fn slop_lets_words_stand_apart() {
        assert_eq!(count(&[vec![10], vec![12]], 2), 1);
        assert_eq!(count(&[vec![10], vec![13]], 2), 0);
        assert_eq!(count(&[vec![1, 10], vec![2, 11], vec![3, 30]], 2), 1);
    }
}
