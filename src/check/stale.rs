//! Guides not reviewed for a long time: the same notion as the notice on their pages
//! ([`Config::is_stale`], `stale_after_months` in `bagdar.yaml`), reported as warnings.

use crate::config::Config;
use crate::content::date::Date;
use crate::content::front_matter;
use crate::content::guides::{DocKind, Document};
use crate::diagnostic::{Code, Diagnostic};

/// A `stale-guide` warning at the `reviewed` date of every stale guide.
pub(crate) fn guides(documents: &[Document], config: &Config, today: Date) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for doc in documents {
        let (DocKind::Guide(_), Some(reviewed)) = (&doc.kind, doc.front.reviewed) else {
            continue;
        };
        if !config.is_stale(reviewed, today) {
            continue;
        }
        let front = &doc.text[..doc.body_offset];
        let line = front_matter::key_line(front, "reviewed").unwrap_or(1);
        let column = front
            .lines()
            .nth(line - 1)
            .and_then(|text| {
                let at = text.find(&reviewed.to_string())?;
                Some(text[..at].chars().count() + 1)
            })
            .unwrap_or(1);
        found.push(
            Diagnostic::error_at(
                Code::StaleGuide,
                &doc.file,
                &doc.text,
                line,
                column,
                format!(
                    "reviewed {} months ago ({reviewed}); guides are stale after {} months",
                    reviewed.months_until(today),
                    config.stale_after_months
                ),
            )
            .warning()
            .with_hint("check the facts against the sources, then update `reviewed`"),
        );
    }
    found
}
