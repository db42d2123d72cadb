//! Vacancy pages: the overview by region and category, paginated listings, and one page per
//! open vacancy with schema.org `JobPosting` data. Every vacancy field is untrusted text: it
//! reaches HTML only through the templates' escaping and JSON-LD only through [`json_ld`].

use serde::Serialize;
use serde_json::json;

use super::{Lazy, PageData, PageJob, Pages, Pagination, one, script_safe};
use crate::content::slug::Slug;
use crate::content::text::Shown;
use crate::content::vacancies::{Employment, Vacancy};
use crate::i18n::{Key, key};
use crate::lang::Lang;
use crate::model::{FacetKey, Node};
use crate::node::VACANCIES_PER_PAGE;
use crate::url::UrlPath;

/// A vacancy in a list.
#[derive(Serialize)]
pub(super) struct VacancyCard {
    href: String,
    title: Shown,
    employer: Shown,
    region: Shown,
    locality: Option<Shown>,
    salary: String,
    housing: bool,
    employment: Option<String>,
    expires: String,
    expires_iso: String,
    sample: bool,
}

#[derive(Serialize)]
struct FacetRow {
    name: Shown,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct Detail {
    label: String,
    value: Shown,
}

#[derive(Serialize)]
struct VacancyView {
    title: Shown,
    employer: Shown,
    region: Shown,
    region_href: String,
    category: Shown,
    category_href: String,
    salary: String,
    details: Vec<Detail>,
    contact: String,
    posted: String,
    posted_iso: String,
    expires: String,
    expires_iso: String,
    sample: bool,
}

/// An export's free text (employer, place, duties) on a page in `lang`, marked with the
/// language its letters show when that is another: exports are written in Russian or Kazakh
/// whatever the page, and a screen reader, or the Arabic-script and Latin editions (which
/// convert only the page's own language), must know which.
fn free_text(text: &str, lang: Lang) -> Shown {
    Shown {
        text: text.to_owned(),
        lang: written_in(text).filter(|l| *l != lang).map(Lang::code),
    }
}

/// The language of Cyrillic text as far as its letters tell: with one of the letters only
/// Kazakh has (ә ғ қ ң ө ұ ү һ і) it is Kazakh, without them Russian; text with no Cyrillic
/// letter says nothing.
fn written_in(text: &str) -> Option<Lang> {
    let cyrillic = text.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'));
    if !cyrillic {
        return None;
    }
    let kazakh = text.chars().any(|c| "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(c));
    Some(if kazakh { Lang::Kk } else { Lang::Ru })
}

/// The name of a kind of employment in the i18n files.
fn employment_key(kind: Employment) -> Key {
    match kind {
        Employment::FullTime => key::EMPLOYMENT_FULL_TIME,
        Employment::PartTime => key::EMPLOYMENT_PART_TIME,
        Employment::Temporary => key::EMPLOYMENT_TEMPORARY,
        Employment::Seasonal => key::EMPLOYMENT_SEASONAL,
        Employment::Shift => key::EMPLOYMENT_SHIFT,
    }
}

impl Pages<'_> {
    /// Every vacancy page in `lang`; none when the site has no vacancy data.
    pub(super) fn vacancy_pages(&self, lang: Lang) -> Vec<Lazy<'_>> {
        if !self.site.has_vacancies {
            return Vec::new();
        }
        let mut jobs = vec![one(move || self.vacancies_overview(lang))];
        let regions = self
            .site
            .regions
            .keys()
            .map(|id| FacetKey::Region(id.clone()));
        let categories = self
            .site
            .categories
            .keys()
            .map(|id| FacetKey::Category(id.clone()));
        for key in regions.chain(categories).collect::<Vec<_>>() {
            jobs.push(Box::new(move || self.vacancy_lists(lang, &key)));
        }
        for vacancy in &self.site.vacancies {
            jobs.push(one(move || self.vacancy_page(vacancy, lang)));
        }
        jobs
    }

    /// A vacancy as a card in lists, linked from the page at `from`.
    pub(super) fn vacancy_card(
        &self,
        from: &UrlPath,
        lang: Lang,
        vacancy: &Vacancy,
    ) -> VacancyCard {
        VacancyCard {
            href: self.href(from, &Node::Vacancy(vacancy.id.clone()).url(lang)),
            title: self.site.show(&vacancy.title, lang),
            employer: free_text(&vacancy.employer, lang),
            region: self.region_name(vacancy, lang),
            locality: vacancy.locality.as_deref().map(|l| free_text(l, lang)),
            salary: self.salary(lang, vacancy),
            housing: vacancy.housing,
            employment: vacancy
                .employment
                .map(|e| self.i18n.text(lang, employment_key(e))),
            expires: self.i18n.format_date(lang, vacancy.expires),
            expires_iso: vacancy.expires.to_string(),
            sample: vacancy.sample,
        }
    }

    fn region_name(&self, vacancy: &Vacancy, lang: Lang) -> Shown {
        match self.site.regions.get(&vacancy.region) {
            Some(region) => self.site.show(&region.data.name, lang),
            None => Shown {
                text: vacancy.region.to_string(),
                lang: None,
            },
        }
    }

    fn category_name(&self, category: &Slug, lang: Lang) -> Shown {
        match self.site.categories.get(category) {
            Some(names) => self.site.show(names, lang),
            None => Shown {
                text: category.to_string(),
                lang: None,
            },
        }
    }

    /// A whole number written the way `lang` groups digits.
    pub(super) fn number(&self, lang: Lang, n: u64) -> String {
        group_digits(n, &self.i18n.text(lang, key::THOUSANDS_SEPARATOR))
    }

    /// "250 000 – 400 000 ₸", "from 250 000 ₸", or "salary by agreement", in `lang`.
    fn salary(&self, lang: Lang, vacancy: &Vacancy) -> String {
        let number = |n: u64| self.number(lang, n);
        let (string, min, max) = match (vacancy.salary_min, vacancy.salary_max) {
            (Some(min), Some(max)) if min == max => (key::SALARY_EXACT, number(min), String::new()),
            (Some(min), Some(max)) => (key::SALARY_RANGE, number(min), number(max)),
            (Some(min), None) => (key::SALARY_FROM, number(min), String::new()),
            (None, Some(max)) => (key::SALARY_TO, String::new(), number(max)),
            (None, None) => (key::SALARY_AGREED, String::new(), String::new()),
        };
        self.i18n
            .text(lang, string)
            .replace("{min}", &min)
            .replace("{max}", &max)
    }

    fn vacancies_overview(&self, lang: Lang) -> PageJob {
        let node = Node::Vacancies;
        let url = node.url(lang);
        let mut context = self.common(lang, &url, Some(&node));
        let mut by_region: Vec<FacetRow> = self
            .site
            .regions
            .values()
            .map(|region| FacetRow {
                name: self.site.show(&region.data.name, lang),
                href: self.href(
                    &url,
                    &Node::VacancyList(FacetKey::Region(region.id.clone()), 1).url(lang),
                ),
                count: self
                    .site
                    .vacancies_of(&FacetKey::Region(region.id.clone()))
                    .len(),
            })
            .collect();
        let mut by_category: Vec<FacetRow> = self
            .site
            .categories
            .keys()
            .map(|id| FacetRow {
                name: self.category_name(id, lang),
                href: self.href(
                    &url,
                    &Node::VacancyList(FacetKey::Category(id.clone()), 1).url(lang),
                ),
                count: self
                    .site
                    .vacancies_of(&FacetKey::Category(id.clone()))
                    .len(),
            })
            .collect();
        // Alphabetical in the page's language, as on the regions overview.
        by_region.sort_by_key(|row| row.name.text.to_lowercase());
        by_category.sort_by_key(|row| row.name.text.to_lowercase());
        context.insert("by_region", &by_region);
        context.insert("by_category", &by_category);
        context.insert("open_count", &self.site.vacancies.len());
        context.insert("has_samples", &self.site.vacancies.iter().any(|v| v.sample));
        context.insert("breadcrumbs", &self.crumbs(&url, lang, Vec::new()));
        let page = PageData {
            kind: "vacancies",
            title: self.i18n.text(lang, key::VACANCIES_TITLE),
            summary: Some(self.i18n.text(lang, key::VACANCIES_SUMMARY)),
            ..PageData::default()
        };
        context.insert("page", &page);
        PageJob::new(url, "vacancies.html", context)
    }

    /// The pages of one region's or category's open vacancies (at least one, even if empty).
    fn vacancy_lists(&self, lang: Lang, key: &FacetKey) -> Vec<PageJob> {
        let vacancies = self.site.vacancies_of(key);
        let total = self.site.listing_pages(key);
        let name = match key {
            FacetKey::Region(id) => self
                .site
                .regions
                .get(id)
                .map(|r| self.site.show(&r.data.name, lang)),
            FacetKey::Category(id) => Some(self.category_name(id, lang)),
        }
        .unwrap_or(Shown {
            text: key.as_str().to_owned(),
            lang: None,
        });
        (1..=total)
            .map(|number| {
                let node = Node::VacancyList(key.clone(), number);
                let url = node.url(lang);
                let mut context = self.common(lang, &url, Some(&node));
                let page_url =
                    |n: usize| self.href(&url, &Node::VacancyList(key.clone(), n).url(lang));
                let cards: Vec<VacancyCard> = vacancies
                    .iter()
                    .skip((number - 1) * VACANCIES_PER_PAGE)
                    .take(VACANCIES_PER_PAGE)
                    .map(|v| self.vacancy_card(&url, lang, v))
                    .collect();
                let pagination = Pagination::new(number, total, page_url);
                let vacancies_title = self.i18n.text(lang, key::VACANCIES_TITLE);
                let trail = vec![(vacancies_title, None, Node::Vacancies.url(lang))];
                context.insert("breadcrumbs", &self.crumbs(&url, lang, trail));
                context.insert("cards", &cards);
                context.insert("count", &vacancies.len());
                context.insert("pagination", &pagination);
                context.insert("facet", key.facet().segment());
                let mut title = name.text.clone();
                if number > 1 {
                    title = format!("{title} ({number}/{total})");
                }
                let page = PageData {
                    kind: "vacancy_list",
                    title,
                    title_lang: name.lang,
                    ..PageData::default()
                };
                context.insert("page", &page);
                PageJob::new(url, "vacancy-list.html", context)
            })
            .collect()
    }

    fn vacancy_page(&self, vacancy: &Vacancy, lang: Lang) -> PageJob {
        let node = Node::Vacancy(vacancy.id.clone());
        let url = node.url(lang);
        let mut context = self.common(lang, &url, Some(&node));
        let title = self.site.show(&vacancy.title, lang);
        let region = self.region_name(vacancy, lang);
        let region_list = Node::VacancyList(FacetKey::Region(vacancy.region.clone()), 1);
        let category_list = Node::VacancyList(FacetKey::Category(vacancy.category.clone()), 1);
        let yes_no = |b: bool| self.i18n.text(lang, if b { key::YES } else { key::NO });
        let mut details = Vec::new();
        let mut add = |label: Key, value: Option<String>| {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                details.push(Detail {
                    label: self.i18n.text(lang, label),
                    value: free_text(&value, lang),
                });
            }
        };
        add(key::FIELD_LOCALITY, vacancy.locality.clone());
        add(
            key::FIELD_EMPLOYMENT,
            vacancy
                .employment
                .map(|e| self.i18n.text(lang, employment_key(e))),
        );
        add(key::FIELD_SCHEDULE, vacancy.schedule.clone());
        add(key::FIELD_HOUSING, Some(yes_no(vacancy.housing)));
        add(key::FIELD_OPENINGS, vacancy.openings.map(|n| n.to_string()));
        add(key::FIELD_EXPERIENCE, vacancy.experience.clone());
        add(key::FIELD_EDUCATION, vacancy.education.clone());
        add(key::FIELD_LANGUAGES, vacancy.languages.clone());
        add(key::FIELD_DUTIES, vacancy.duties.clone());
        add(key::FIELD_REQUIREMENTS, vacancy.requirements.clone());
        let view = VacancyView {
            title: title.clone(),
            employer: free_text(&vacancy.employer, lang),
            region: region.clone(),
            region_href: self.href(&url, &region_list.url(lang)),
            category: self.category_name(&vacancy.category, lang),
            category_href: self.href(&url, &category_list.url(lang)),
            salary: self.salary(lang, vacancy),
            details,
            contact: vacancy.contact.clone(),
            posted: self.i18n.format_date(lang, vacancy.posted),
            posted_iso: vacancy.posted.to_string(),
            expires: self.i18n.format_date(lang, vacancy.expires),
            expires_iso: vacancy.expires.to_string(),
            sample: vacancy.sample,
        };
        let vacancies_title = self.i18n.text(lang, key::VACANCIES_TITLE);
        let trail = vec![
            (vacancies_title, None, Node::Vacancies.url(lang)),
            (region.text.clone(), region.lang, region_list.url(lang)),
        ];
        context.insert("breadcrumbs", &self.crumbs(&url, lang, trail));
        context.insert("vacancy", &view);
        context.insert("json_ld", &json_ld(vacancy, &title, &region.text, lang));
        let summary = format!("{} · {} · {}", vacancy.employer, region.text, view.salary);
        let page = PageData {
            kind: "vacancy",
            title: title.text,
            title_lang: title.lang,
            summary: Some(summary),
            ..PageData::default()
        };
        context.insert("page", &page);
        PageJob::new(url, "vacancy.html", context)
    }
}

/// `1234567` → `1 234 567` with the language's separator.
fn group_digits(n: u64, separator: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// The schema.org `JobPosting` of a vacancy, safe to place inside `<script>`: `<`, `>` and `&`
/// are written as JSON escapes, so no employer-written text can close the element.
fn json_ld(vacancy: &Vacancy, title: &Shown, region: &str, lang: Lang) -> String {
    let in_language = title.lang.unwrap_or(lang.code());
    let title = title.text.as_str();
    let description: Vec<&str> = [&vacancy.duties, &vacancy.requirements]
        .into_iter()
        .filter_map(|t| t.as_deref())
        .collect();
    let mut posting = json!({
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": title,
        "description": if description.is_empty() { title.to_owned() } else { description.join("\n\n") },
        "datePosted": vacancy.posted.to_string(),
        "validThrough": vacancy.expires.to_string(),
        "inLanguage": in_language,
        "hiringOrganization": { "@type": "Organization", "name": vacancy.employer },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": vacancy.locality.as_deref().unwrap_or(region),
                "addressRegion": region,
                "addressCountry": "KZ"
            }
        },
        "identifier": { "@type": "PropertyValue", "name": "id", "value": vacancy.id },
    });
    if let Some(employment) = vacancy.employment {
        posting["employmentType"] = json!(employment.schema_org());
    }
    if vacancy.salary_min.is_some() || vacancy.salary_max.is_some() {
        let mut value = json!({ "@type": "QuantitativeValue", "unitText": "MONTH" });
        if let Some(min) = vacancy.salary_min {
            value["minValue"] = json!(min);
        }
        if let Some(max) = vacancy.salary_max {
            value["maxValue"] = json!(max);
        }
        posting["baseSalary"] =
            json!({ "@type": "MonetaryAmount", "currency": "KZT", "value": value });
    }
    if let Some(openings) = vacancy.openings {
        posting["totalJobOpenings"] = json!(openings);
    }
    script_safe(&posting)
}

#[cfg(test)]
mod tests {
    use super::group_digits;

    #[test]
    fn digits_are_grouped_in_threes() {
        assert_eq!(group_digits(250_000, " "), "250 000");
        assert_eq!(group_digits(1_234_567, ","), "1,234,567");
        assert_eq!(group_digits(999, ","), "999");
    }
}
