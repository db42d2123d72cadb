//! News items in the model: the published items in order, by region and by page, and the
//! checks that need more than one file (a slug and language in one file only, one date in
//! every translation, regions that exist).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Site, Translations, from_content};
use crate::content::date::Date;
use crate::content::front_matter;
use crate::content::guides::Document;
use crate::content::regions::{Region, RegionId};
use crate::content::slug::Slug;
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Lang;

impl Site {
    /// The published news items, newest first, with their translations.
    pub fn news_items(&self) -> impl Iterator<Item = (Date, &Slug, &Translations)> {
        self.news_order
            .iter()
            .filter_map(|(date, slug)| Some((*date, slug, self.news.get(slug)?)))
    }

    /// The published news items that name a region, newest first.
    pub fn news_of(&self, region: &RegionId) -> Vec<(Date, &Slug, &Translations)> {
        self.news_items()
            .filter(|(_, _, translations)| {
                translations.values().any(|e| {
                    e.doc
                        .front
                        .regions
                        .iter()
                        .any(|r| r.value == region.as_str())
                })
            })
            .collect()
    }

    /// How many pages the news list has: at least one, which says that there is no news.
    pub fn news_pages(&self) -> usize {
        self.news_order
            .len()
            .div_ceil(crate::node::NEWS_PER_PAGE)
            .max(1)
    }
}

/// Checks the news items across files: one file per slug and language (folders under
/// `content/news/` only sort them), one date in every translation, regions that exist.
/// Returns each item's date; a second file of a slug and language is dropped, reported.
pub(super) fn check(
    news: &mut BTreeMap<Slug, Vec<Document>>,
    regions: &BTreeMap<RegionId, Region>,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<Slug, Date> {
    let mut dates = BTreeMap::new();
    for (slug, docs) in news.iter_mut() {
        docs.sort_by(|a, b| a.file.cmp(&b.file));
        let mut seen: BTreeMap<Lang, PathBuf> = BTreeMap::new();
        docs.retain(|doc| match seen.get(&doc.lang) {
            Some(first) => {
                problems.push(
                    Diagnostic::error_at(
                        Code::UrlCollision,
                        &doc.file,
                        &doc.text,
                        1,
                        1,
                        format!(
                            "the news item `{slug}` in {} is also {}",
                            doc.lang.native_name(),
                            from_content(first).display()
                        ),
                    )
                    .with_hint(
                        "a news item's address is its file name, whatever folder holds it: \
                         rename one of the two files",
                    ),
                );
                false
            }
            None => {
                seen.insert(doc.lang, doc.file.clone());
                true
            }
        });
        let Some((date, first_file, first_lang)) = docs
            .iter()
            .find_map(|d| Some((d.front.date?, d.file.clone(), d.lang)))
        else {
            continue;
        };
        dates.insert(slug.clone(), date);
        for doc in docs.iter() {
            let Some(own) = doc.front.date.filter(|d| *d != date) else {
                continue;
            };
            let front = &doc.text[..doc.body_offset];
            let line = front_matter::key_line(front, "date").unwrap_or(1);
            problems.push(
                Diagnostic::error_at(
                    Code::FrontMatter,
                    &doc.file,
                    &doc.text,
                    line,
                    1,
                    format!(
                        "this translation is dated {own}; the {} one ({}) is dated {date}",
                        first_lang.native_name(),
                        from_content(&first_file).display()
                    ),
                )
                .with_hint("a news item has one date in every language: write the same `date`"),
            );
        }
        for doc in docs.iter() {
            for region in &doc.front.regions {
                if RegionId::parse(&region.value)
                    .ok()
                    .is_some_and(|id| regions.contains_key(&id))
                {
                    continue;
                }
                let place = &region.referenced;
                // The front matter's YAML starts on the file's second line.
                let yaml_line = 2;
                let known: Vec<&str> = regions.keys().map(RegionId::as_str).collect();
                problems.push(
                    Diagnostic::error_at(
                        Code::FrontMatter,
                        &doc.file,
                        &doc.text,
                        place.line() as usize + yaml_line - 1,
                        place.column().max(1) as usize,
                        format!("`{}` is not a region of the site", region.value),
                    )
                    .with_hint(format!(
                        "a region is named by its file in content/regions/: {}",
                        known.join(", ")
                    )),
                );
            }
        }
    }
    dates
}
