//! What a page of the site is about, and its address in each language.

use crate::content::guides::{GuideKey, SectionKey};
use crate::content::regions::RegionId;
use crate::content::slug::Slug;
use crate::lang::Lang;
use crate::url::UrlPath;

/// Vacancies per listing page: short enough for a slow phone, long enough to scan.
pub(crate) const VACANCIES_PER_PAGE: usize = 20;

/// News items per page of the news list.
pub(crate) const NEWS_PER_PAGE: usize = 20;

/// How a vacancy listing is cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    /// By region.
    Region,
    /// By profession category.
    Category,
}

impl Facet {
    /// The URL folder of the facet.
    pub fn segment(self) -> &'static str {
        match self {
            Facet::Region => "region",
            Facet::Category => "category",
        }
    }
}

/// One region or one category: what a vacancy listing lists, by its typed key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FacetKey {
    /// The vacancies of a region.
    Region(RegionId),
    /// The vacancies of a profession category.
    Category(Slug),
}

impl FacetKey {
    /// How the listing is cut.
    pub fn facet(&self) -> Facet {
        match self {
            FacetKey::Region(_) => Facet::Region,
            FacetKey::Category(_) => Facet::Category,
        }
    }

    /// The key as it is written in addresses.
    pub fn as_str(&self) -> &str {
        match self {
            FacetKey::Region(id) => id.as_str(),
            FacetKey::Category(slug) => slug.as_str(),
        }
    }
}

/// The subject of a page, independent of language.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// A guide.
    Guide(GuideKey),
    /// A section of guides.
    Section(SectionKey),
    /// The overview of all regions.
    Regions,
    /// One region.
    Region(RegionId),
    /// The overview of vacancies.
    Vacancies,
    /// One vacancy, by id.
    Vacancy(String),
    /// One page (1-based) of the vacancies of a region or category.
    VacancyList(FacetKey, usize),
    /// The search page.
    Search,
    /// One news item, by slug.
    News(Slug),
    /// One page (1-based) of the news list, newest first.
    NewsList(usize),
}

impl Node {
    /// The page's address in `lang`.
    pub fn url(&self, lang: Lang) -> UrlPath {
        let code = lang.code();
        match self {
            Node::Guide(key) => UrlPath::dir(
                [code, "guides"]
                    .into_iter()
                    .chain(key.section.iter().map(Slug::as_str))
                    .chain([key.slug.as_str()]),
            ),
            Node::Section(key) => UrlPath::dir(
                [code, "guides"]
                    .into_iter()
                    .chain(key.iter().map(Slug::as_str)),
            ),
            Node::Regions => UrlPath::dir([code, "regions"]),
            Node::Search => UrlPath::dir([code, "search"]),
            Node::Region(id) => UrlPath::dir([code, "regions", id.as_str()]),
            Node::Vacancies => UrlPath::dir([code, "vacancies"]),
            Node::Vacancy(id) => UrlPath::dir([code, "vacancies", id.as_str()]),
            Node::News(slug) => UrlPath::dir([code, "news", slug.as_str()]),
            Node::NewsList(page) => {
                let number = page.to_string();
                let paged = (*page > 1).then_some(["page", number.as_str()]);
                UrlPath::dir(
                    [code, "news"]
                        .into_iter()
                        .chain(paged.into_iter().flatten()),
                )
            }
            Node::VacancyList(key, page) => {
                let number = page.to_string();
                let paged = (*page > 1).then_some(["page", number.as_str()]);
                UrlPath::dir(
                    [code, "vacancies", key.facet().segment(), key.as_str()]
                        .into_iter()
                        .chain(paged.into_iter().flatten()),
                )
            }
        }
    }

    /// The node an editor's `@/…` link names, by its path: `guides/citizenship`,
    /// `regions/pavlodar`, `vacancies/12345`, `vacancies/region/pavlodar`, `news/quotas-2026`.
    pub fn from_link(path: &str) -> Option<Node> {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            ["regions"] => Some(Node::Regions),
            ["search"] => Some(Node::Search),
            ["regions", id] => RegionId::parse(id).ok().map(Node::Region),
            ["vacancies"] => Some(Node::Vacancies),
            ["news"] => Some(Node::NewsList(1)),
            ["news", slug] => Slug::parse(slug).ok().map(Node::News),
            ["vacancies", "region", id] => RegionId::parse(id)
                .ok()
                .map(|id| Node::VacancyList(FacetKey::Region(id), 1)),
            ["vacancies", "category", id] => Slug::parse(id)
                .ok()
                .map(|slug| Node::VacancyList(FacetKey::Category(slug), 1)),
            ["vacancies", id] => Some(Node::Vacancy((*id).to_owned())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pavlodar() -> RegionId {
        RegionId::parse("pavlodar").unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn listing_pages_after_the_first_live_under_page() {
        let first = Node::VacancyList(FacetKey::Region(pavlodar()), 1);
        let third = Node::VacancyList(FacetKey::Region(pavlodar()), 3);
        assert_eq!(
            first.url(Lang::Ru).as_str(),
            "ru/vacancies/region/pavlodar/"
        );
        assert_eq!(
            third.url(Lang::Ru).as_str(),
            "ru/vacancies/region/pavlodar/page/3/"
        );
    }

    #[test]
    fn editor_links_name_data_pages() {
        let region = RegionId::parse("jetisu").ok().map(Node::Region);
        assert_eq!(Node::from_link("regions/jetisu"), region);
        assert_eq!(Node::from_link("vacancies"), Some(Node::Vacancies));
        assert_eq!(
            Node::from_link("vacancies/v-1"),
            Some(Node::Vacancy("v-1".into()))
        );
        assert_eq!(Node::from_link("elsewhere/x"), None);
        let slug = Slug::parse("quotas-2026").ok().map(Node::News);
        assert_eq!(Node::from_link("news/quotas-2026"), slug);
        assert_eq!(Node::from_link("news"), Some(Node::NewsList(1)));
        assert_eq!(Node::NewsList(2).url(Lang::Kk).as_str(), "kk/news/page/2/");
    }
}
