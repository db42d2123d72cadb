//! The news pages: the list (newest first, [`NEWS_PER_PAGE`] to a page), the cards that other
//! pages show (the home page's latest, a region's), and the feed links in every head.

use serde::Serialize;
use serde_saphyr::Spanned;

use super::{Crumb, PageData, PageJob, Pages, Pagination};
use crate::content::date::Date;
use crate::content::regions::RegionId;
use crate::content::slug::Slug;
use crate::feed;
use crate::i18n::key;
use crate::lang::Lang;
use crate::model::{Node, Translations};
use crate::node::NEWS_PER_PAGE;
use crate::url::UrlPath;

/// News items on the home page.
pub(super) const NEWS_ON_HOME: usize = 3;

/// A news item in a list: its title, date and summary, in the page's language or visibly in
/// another.
#[derive(Serialize)]
pub(super) struct NewsCard {
    title: String,
    /// The language of title and summary when it is not the page's.
    lang: Option<&'static str>,
    summary: Option<String>,
    href: String,
    iso: String,
    date: String,
    sample: bool,
}

/// A region a news item names, linked.
#[derive(Serialize)]
pub(super) struct RegionLink {
    name: String,
    lang: Option<&'static str>,
    href: String,
}

/// An Atom feed named in a page's head.
#[derive(Serialize)]
pub(super) struct FeedLink {
    title: String,
    href: String,
}

impl Pages<'_> {
    /// The cards of news items, as shown on the page at `url`.
    pub(super) fn news_cards<'s>(
        &self,
        url: &UrlPath,
        lang: Lang,
        items: impl IntoIterator<Item = (Date, &'s Slug, &'s Translations)>,
    ) -> Vec<NewsCard> {
        items
            .into_iter()
            .filter_map(|(date, slug, _)| {
                let node = Node::News(slug.clone());
                let (entry, shown) = self.site.entry_or_fallback(&node, lang)?;
                Some(NewsCard {
                    title: entry.title().to_owned(),
                    lang: (shown != lang).then_some(shown.code()),
                    summary: entry.summary().map(str::to_owned),
                    href: self.href(url, &node.url(lang)),
                    iso: date.to_string(),
                    date: self.i18n.format_date(lang, date),
                    sample: entry.doc.front.sample,
                })
            })
            .collect()
    }

    /// The feeds a page of `lang` names in its head: the language's, and a region's on its
    /// pages.
    pub(super) fn feed_links(
        &self,
        url: &UrlPath,
        lang: Lang,
        region: Option<&RegionId>,
    ) -> Vec<FeedLink> {
        let region = region.filter(|id| self.site.regions.contains_key(*id));
        std::iter::once(None)
            .chain(region.map(Some))
            .map(|region| FeedLink {
                title: feed::title(self.site, self.i18n, lang, region),
                href: self.href(url, &feed::url(lang, region)),
            })
            .collect()
    }

    /// Every page of the news list of `lang` (at least one, which says there is no news).
    pub(super) fn news_lists(&self, lang: Lang) -> Vec<PageJob> {
        let items: Vec<_> = self.site.news_items().collect();
        let total = self.site.news_pages();
        (1..=total)
            .map(|number| {
                let node = Node::NewsList(number);
                let url = node.url(lang);
                let mut context = self.common(lang, &url, Some(&node));
                let start = (number - 1) * NEWS_PER_PAGE;
                let cards = self.news_cards(
                    &url,
                    lang,
                    items.iter().skip(start).take(NEWS_PER_PAGE).copied(),
                );
                let pagination = Pagination::new(number, total, |n| {
                    self.href(&url, &Node::NewsList(n).url(lang))
                });
                let mut title = self.i18n.text(lang, key::NEWS_TITLE);
                if number > 1 {
                    title = format!("{title} ({number}/{total})");
                }
                context.insert("breadcrumbs", &self.crumbs(&url, lang, Vec::new()));
                context.insert("cards", &cards);
                context.insert("pagination", &pagination);
                context.insert("feed_href", &self.href(&url, &feed::url(lang, None)));
                let page = PageData {
                    kind: "news_list",
                    title,
                    ..PageData::default()
                };
                context.insert("page", &page);
                PageJob::new(url, "news-list.html", context)
            })
            .collect()
    }

    /// The breadcrumbs of a news item: the home, then the news list.
    pub(super) fn news_crumbs(&self, url: &UrlPath, lang: Lang) -> Vec<Crumb> {
        let title = self.i18n.text(lang, key::NEWS_TITLE);
        self.crumbs(url, lang, vec![(title, None, Node::NewsList(1).url(lang))])
    }

    /// The regions a news item names, linked from its page.
    pub(super) fn news_regions(
        &self,
        url: &UrlPath,
        lang: Lang,
        ids: &[Spanned<String>],
    ) -> Vec<RegionLink> {
        ids.iter()
            .filter_map(|id| {
                let id = RegionId::parse(&id.value).ok()?;
                let region = self.site.regions.get(&id)?;
                let name = self.site.show(&region.data.name, lang);
                Some(RegionLink {
                    name: name.text,
                    lang: name.lang,
                    href: self.href(url, &Node::Region(id).url(lang)),
                })
            })
            .collect()
    }
}
