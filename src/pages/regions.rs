//! Region pages: `/<lang>/regions/` compares the regions at a glance; `/<lang>/regions/<id>/`
//! gives one region's settlement facts, support, places, offices and open vacancies.

use serde::Serialize;

use super::vacancies::VacancyCard;
use super::{PageData, PageJob, Pages};
use crate::content::regions::{Region, RegionId, RegionKind};
use crate::content::text::Shown;
use crate::i18n::key;
use crate::lang::Lang;
use crate::model::{FacetKey, Node};

/// How many vacancies a region page shows before linking the full list.
const VACANCIES_ON_REGION_PAGE: usize = 5;

#[derive(Serialize)]
struct RegionRow {
    id: String,
    href: String,
    name: Shown,
    centre: Option<Shown>,
    is_city: bool,
    takes_qandastar: bool,
    takes_resettlers: bool,
    quota_year: Option<u16>,
    quota_resettlers: Option<u32>,
    quota_text: Option<String>,
    quota_qandastar_text: Option<String>,
    vacancy_count: usize,
    vacancies_href: String,
}

#[derive(Serialize)]
struct Bar {
    label: String,
    label_lang: Option<&'static str>,
    value_text: String,
    /// Bar length in percent of the largest, in steps of 5 (a CSS class, not an inline style,
    /// so pages work under a strict Content-Security-Policy).
    width: u32,
}

#[derive(Serialize)]
struct Chart {
    year: u16,
    bars: Vec<Bar>,
}

#[derive(Serialize)]
struct QuotaRow {
    year: u16,
    resettlers: Option<String>,
    qandastar: Option<String>,
    note: Option<Shown>,
}

#[derive(Serialize)]
struct LocalityView {
    name: Shown,
    district: Option<Shown>,
    offers: Option<Shown>,
    needs: Vec<Shown>,
    sample: bool,
}

#[derive(Serialize)]
struct CentreView {
    name: Shown,
    city: Option<Shown>,
    address: Option<Shown>,
    phone: Option<String>,
    hours: Option<Shown>,
    sample: bool,
}

#[derive(Serialize)]
struct GuideLink {
    title: String,
    title_lang: Option<&'static str>,
    href: String,
}

#[derive(Serialize)]
struct RegionView {
    id: String,
    name: Shown,
    centre: Option<Shown>,
    is_city: bool,
    takes_qandastar: bool,
    takes_resettlers: bool,
    summary: Shown,
    support: Option<Shown>,
    quota: Vec<QuotaRow>,
    professions: Vec<Shown>,
    localities: Vec<LocalityView>,
    has_samples: bool,
    centres: Vec<CentreView>,
    vacancy_count: usize,
    vacancies: Vec<VacancyCard>,
    vacancies_href: String,
    guides: Vec<GuideLink>,
}

impl Pages<'_> {
    pub(super) fn regions_overview(&self, lang: Lang) -> PageJob {
        let node = Node::Regions;
        let url = node.url(lang);
        let mut context = self.common(lang, &url, Some(&node));
        let mut rows: Vec<RegionRow> = self
            .site
            .regions
            .values()
            .map(|region| {
                let data = &region.data;
                let quota = region.latest_quota();
                let list = Node::VacancyList(FacetKey::Region(region.id.clone()), 1);
                RegionRow {
                    id: region.id.to_string(),
                    href: self.href(&url, &Node::Region(region.id.clone()).url(lang)),
                    name: self.site.show(&data.name, lang),
                    centre: data.centre.as_ref().map(|c| self.site.show(c, lang)),
                    is_city: data.kind == RegionKind::City,
                    takes_qandastar: data.takes_qandastar,
                    takes_resettlers: data.takes_resettlers,
                    quota_year: quota.map(|q| q.year),
                    quota_resettlers: quota.and_then(|q| q.resettlers),
                    quota_text: quota
                        .and_then(|q| q.resettlers)
                        .map(|n| self.number(lang, n.into())),
                    quota_qandastar_text: quota
                        .and_then(|q| q.qandastar)
                        .map(|n| self.number(lang, n.into())),
                    vacancy_count: self
                        .site
                        .vacancies_of(&FacetKey::Region(region.id.clone()))
                        .len(),
                    vacancies_href: self.href(&url, &list.url(lang)),
                }
            })
            .collect();
        // Alphabetical in the page's language, as readers look names up.
        rows.sort_by_key(|row| row.name.text.to_lowercase());
        context.insert("chart", &self.quota_chart(lang));
        context.insert("rows", &rows);
        context.insert("breadcrumbs", &self.crumbs(&url, lang, Vec::new()));
        let page = PageData {
            kind: "regions",
            title: self.i18n.text(lang, key::REGIONS_TITLE),
            summary: Some(self.i18n.text(lang, key::REGIONS_SUMMARY)),
            ..PageData::default()
        };
        context.insert("page", &page);
        PageJob::new(url, "regions.html", context)
    }

    /// A horizontal bar chart of the latest resettler quotas, largest first, drawn with HTML
    /// and CSS so it stays readable on a narrow phone and needs no script.
    fn quota_chart(&self, lang: Lang) -> Option<Chart> {
        let year = self
            .site
            .regions
            .values()
            .filter_map(|r| r.latest_quota())
            .map(|q| q.year)
            .max()?;
        let mut values: Vec<(&Region, u32)> = self
            .site
            .regions
            .values()
            .filter_map(|r| {
                let quota = r.data.quota.iter().find(|q| q.year == year)?;
                Some((r, quota.resettlers?))
            })
            .collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
        let max = values.first().map(|v| v.1)?.max(1);
        let bars: Vec<Bar> = values
            .into_iter()
            .map(|(region, value)| {
                let name = self.site.show(&region.data.name, lang);
                let percent = u64::from(value) * 100 / u64::from(max);
                Bar {
                    label: name.text,
                    label_lang: name.lang,
                    value_text: self.number(lang, value.into()),
                    width: u32::try_from((percent + 2) / 5 * 5).unwrap_or(100).max(1),
                }
            })
            .collect();
        Some(Chart { year, bars })
    }

    /// The page of region `id` (one of the site's) in `lang`.
    pub(super) fn region_page(&self, id: &RegionId, lang: Lang) -> PageJob {
        let region = &self.site.regions[id];
        let node = Node::Region(region.id.clone());
        let url = node.url(lang);
        let mut context = self.common(lang, &url, Some(&node));
        let data = &region.data;
        let show = |text: &crate::content::text::Text| self.site.show(text, lang);
        let name = show(&data.name);
        let list = Node::VacancyList(FacetKey::Region(region.id.clone()), 1);
        let open = self.site.vacancies_of(&FacetKey::Region(region.id.clone()));
        let guides = self
            .site
            .backlinks
            .get(&node)
            .into_iter()
            .flatten()
            .filter_map(|key| {
                let guide = Node::Guide(key.clone());
                let (entry, shown) = self.site.entry_or_fallback(&guide, lang)?;
                Some(GuideLink {
                    title: entry.title().to_owned(),
                    title_lang: (shown != lang).then_some(shown.code()),
                    href: self.href(&url, &guide.url(lang)),
                })
            })
            .collect();
        let view = RegionView {
            id: region.id.to_string(),
            name: name.clone(),
            centre: data.centre.as_ref().map(show),
            is_city: data.kind == RegionKind::City,
            takes_qandastar: data.takes_qandastar,
            takes_resettlers: data.takes_resettlers,
            summary: show(&data.summary),
            support: data.support.as_ref().map(show),
            quota: data
                .quota
                .iter()
                .map(|q| QuotaRow {
                    year: q.year,
                    resettlers: q.resettlers.map(|n| self.number(lang, n.into())),
                    qandastar: q.qandastar.map(|n| self.number(lang, n.into())),
                    note: q.note.as_ref().map(show),
                })
                .collect(),
            professions: data.priority_professions.iter().map(show).collect(),
            localities: data
                .localities
                .iter()
                .map(|l| LocalityView {
                    name: show(&l.name),
                    district: l.district.as_ref().map(show),
                    offers: l.offers.as_ref().map(show),
                    needs: l.needs.iter().map(show).collect(),
                    sample: l.sample,
                })
                .collect(),
            has_samples: data.localities.iter().any(|l| l.sample)
                || data.centres.iter().any(|c| c.sample),
            centres: data
                .centres
                .iter()
                .map(|c| CentreView {
                    name: show(&c.name),
                    city: c.city.as_ref().map(show),
                    address: c.address.as_ref().map(show),
                    phone: c.phone.clone(),
                    hours: c.hours.as_ref().map(show),
                    sample: c.sample,
                })
                .collect(),
            vacancy_count: open.len(),
            vacancies: open
                .iter()
                .take(VACANCIES_ON_REGION_PAGE)
                .map(|v| self.vacancy_card(&url, lang, v))
                .collect(),
            vacancies_href: self.href(&url, &list.url(lang)),
            guides,
        };
        let regions_title = self.i18n.text(lang, key::REGIONS_TITLE);
        context.insert(
            "breadcrumbs",
            &self.crumbs(
                &url,
                lang,
                vec![(regions_title, None, Node::Regions.url(lang))],
            ),
        );
        let page = PageData {
            kind: "region",
            title: name.text,
            title_lang: name.lang,
            summary: Some(view.summary.text.clone()),
            reviewed: Some(self.reviewed(lang, data.reviewed)),
            sources: data.sources.clone(),
            ..PageData::default()
        };
        context.insert("region", &view);
        context.insert("page", &page);
        let news = self.site.news_of(id);
        context.insert("news", &self.news_cards(&url, lang, news));
        context.insert(
            "region_feed_href",
            &self.href(&url, &crate::feed::url(lang, Some(id))),
        );
        PageJob::new(url, "region.html", context)
    }
}
