//! The pages of guides and sections: the guide itself (or, where it is not translated, a page
//! saying so with the versions that exist), a section's list of guides, and their breadcrumbs.

use super::{ChangeNote, Crumb, Listed, PageData, PageJob, Pages, TocEntry, Version};
use crate::content::slug::Slug;
use crate::lang::Lang;
use crate::model::Node;
use crate::url::UrlPath;

impl Pages<'_> {
    pub(super) fn listing(&self, url: &UrlPath, lang: Lang, section: &[Slug]) -> Vec<Listed> {
        self.site
            .children(&section.to_vec())
            .into_iter()
            .filter_map(|child| {
                let (entry, shown) = self.site.entry_or_fallback(&child, lang)?;
                let guide_count = match &child {
                    Node::Section(key) => self.site.guide_count(key),
                    _ => 0,
                };
                Some(Listed {
                    title: entry.title().to_owned(),
                    summary: entry.summary().map(str::to_owned),
                    href: self.href(url, &child.url(lang)),
                    lang: (shown != lang).then_some(shown.code()),
                    is_section: matches!(child, Node::Section(_)),
                    guide_count,
                })
            })
            .collect()
    }

    fn breadcrumbs(&self, url: &UrlPath, lang: Lang, node: &Node) -> Vec<Crumb> {
        let section: &[Slug] = match node {
            Node::News(_) => return self.news_crumbs(url, lang),
            Node::Guide(key) => &key.section,
            Node::Section(key) if !key.is_empty() => &key[..key.len() - 1],
            _ => return self.crumbs(url, lang, Vec::new()),
        };
        let trail = (0..=section.len())
            .filter_map(|depth| {
                let ancestor = Node::Section(section[..depth].to_vec());
                let (entry, shown) = self.site.entry_or_fallback(&ancestor, lang)?;
                let title_lang = (shown != lang).then_some(shown.code());
                Some((entry.title().to_owned(), title_lang, ancestor.url(lang)))
            })
            .collect();
        self.crumbs(url, lang, trail)
    }

    pub(super) fn node_page(&self, node: &Node, lang: Lang) -> PageJob {
        let url = node.url(lang);
        let mut context = self.common(lang, &url, Some(node));
        context.insert("breadcrumbs", &self.breadcrumbs(&url, lang, node));
        let translations = self.site.translations(node);
        let mut page = PageData::default();
        let (template, untranslated) = match (node, translations.get(&lang)) {
            (Node::Section(key), own) => {
                page.kind = "section";
                if let Some((entry, shown)) = own
                    .map(|e| (e, lang))
                    .or_else(|| self.site.entry_or_fallback(node, lang))
                {
                    page.title = entry.title().to_owned();
                    page.title_lang = (shown != lang).then_some(shown.code());
                    page.summary = entry.summary().map(str::to_owned);
                    if shown == lang {
                        page.content = entry.html.clone();
                        // A section's introduction can state facts too (the EAEU rule in
                        // labour-migrants/), so it can name their sources like a guide.
                        page.sources = entry.sources().to_vec();
                    }
                }
                page.children = self.listing(&url, lang, key);
                ("section.html", false)
            }
            (Node::News(_), Some(entry)) => {
                let front = &entry.doc.front;
                page.kind = "news";
                page.title = entry.title().to_owned();
                page.summary = entry.summary().map(str::to_owned);
                page.content = entry.html.clone();
                page.date = front.date.map(|date| super::Reviewed {
                    iso: date.to_string(),
                    text: self.i18n.format_date(lang, date),
                    stale: false,
                });
                page.sample = front.sample;
                page.regions = self.news_regions(&url, lang, &front.regions);
                page.sources = entry.sources().to_vec();
                ("news.html", false)
            }
            (_, Some(entry)) => {
                page.kind = "guide";
                page.title = entry.title().to_owned();
                page.summary = entry.summary().map(str::to_owned);
                page.content = entry.html.clone();
                page.toc = entry
                    .headings
                    .iter()
                    .filter(|h| h.level == 2)
                    .map(|h| TocEntry {
                        id: h.id.clone(),
                        text: h.text.clone(),
                    })
                    .collect();
                page.reviewed = entry.reviewed().map(|date| self.reviewed(lang, date));
                page.sources = entry.sources().to_vec();
                page.changes = entry
                    .doc
                    .front
                    .change_notes()
                    .into_iter()
                    .map(|(date, note)| ChangeNote {
                        iso: date.to_string(),
                        text: self.i18n.format_date(lang, date),
                        note: note.to_owned(),
                    })
                    .collect();
                ("guide.html", false)
            }
            (_, None) => {
                page.kind = match node {
                    Node::News(_) => "untranslated_news",
                    _ => "untranslated",
                };
                if let Some((entry, shown)) = self.site.entry_or_fallback(node, lang) {
                    page.title = entry.title().to_owned();
                    page.title_lang = Some(shown.code());
                }
                page.versions = self
                    .site
                    .config
                    .langs()
                    .filter_map(|l| {
                        let entry = translations.get(&l)?;
                        Some(Version {
                            lang: l.code(),
                            name: l.native_name(),
                            title: entry.title().to_owned(),
                            summary: entry.summary().map(str::to_owned),
                            href: self.href(&url, &node.url(l)),
                        })
                    })
                    .collect();
                ("untranslated.html", true)
            }
        };
        context.insert("page", &page);
        PageJob::new(url, template, context).standing_in(untranslated)
    }
}
