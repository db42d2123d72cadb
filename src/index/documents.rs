//! What the index holds: one search document per guide section, region and vacancy, in each
//! language the portal shows it in.

use bagdar_analysis::Language;
use rayon::prelude::*;

use crate::content::guides::GuideKey;
use crate::content::regions::Region;
use crate::content::vacancies::Vacancy;
use crate::index::extract;
use crate::lang::Lang;
use crate::model::{Node, Site, Translations};

/// Text to index together with the language it is written in.
pub type Texts = Vec<(Language, String)>;

/// One search document.
#[derive(Clone, Debug)]
pub struct SearchDoc {
    /// `guide`, `region` or `vacancy`.
    pub kind: &'static str,
    /// The language of the page it leads to.
    pub lang: Lang,
    /// The page path relative to the site root, with `#anchor`.
    pub url: String,
    /// The page title, as shown in results.
    pub title: String,
    /// The section heading, as shown in results.
    pub section: Option<String>,
    /// The start of the text, as shown in results.
    pub excerpt: String,
    /// Words that count as title words (title, heading, names and spellings).
    pub title_words: Texts,
    /// Words of the body.
    pub body_words: Texts,
    /// Region id.
    pub region: Option<String>,
    /// Salary range, KZT.
    pub salary: (Option<u64>, Option<u64>),
    /// Housing provided.
    pub housing: bool,
}

/// The analysis language of a portal language.
pub fn language(lang: Lang) -> Language {
    match lang {
        Lang::Kk => Language::Kk,
        Lang::Ru => Language::Ru,
        Lang::En => Language::En,
    }
}

/// The first sentence-ish part of a text, cut at a word boundary.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':']))
}

const EXCERPT_CHARS: usize = 200;

/// Every search document of the site, in a fixed order (made in parallel).
pub fn documents(site: &Site) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = site
        .guides
        .par_iter()
        .flat_map_iter(|(key, translations)| guide_documents(key, translations))
        .collect();
    docs.extend(
        site.regions
            .values()
            .flat_map(|r| region_documents(site, r)),
    );
    docs.par_extend(
        site.vacancies
            .par_iter()
            .flat_map_iter(|v| vacancy_documents(site, v)),
    );
    docs
}

/// A guide's documents: one per section of its text, in each language it is written in.
fn guide_documents(key: &GuideKey, translations: &Translations) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let node = Node::Guide(key.clone());
    for (lang, entry) in translations {
        let front = &entry.doc.front;
        let url = node.url(*lang);
        let analysis = language(*lang);
        for section in extract::sections(entry.doc.body(), &entry.headings) {
            let mut body = section.text.clone();
            let mut title_words = vec![(analysis, front.title.clone())];
            let mut url = url.as_str().to_owned();
            if let (Some(id), Some(heading)) = (&section.id, &section.heading) {
                url = format!("{url}#{id}");
                title_words.push((analysis, heading.clone()));
            } else if let Some(summary) = &front.summary {
                body = format!("{summary} {body}");
            }
            docs.push(SearchDoc {
                kind: "guide",
                lang: *lang,
                url,
                title: front.title.clone(),
                section: section.heading.clone(),
                excerpt: excerpt(&body, EXCERPT_CHARS),
                title_words,
                body_words: vec![(analysis, body)],
                region: None,
                salary: (None, None),
                housing: false,
            });
        }
    }
    docs
}

/// A region's document in each language of the site.
fn region_documents(site: &Site, region: &Region) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let data = &region.data;
    // Every name and spelling finds the region whatever the reader's language.
    let mut names: Texts = data
        .name
        .all()
        .map(|(l, t)| (language(l), t.to_owned()))
        .collect();
    names.extend(
        data.centre
            .iter()
            .flat_map(|c| c.all())
            .map(|(l, t)| (language(l), t.to_owned())),
    );
    names.extend(data.variants.iter().map(|v| (Language::Kk, v.clone())));
    names.extend(data.variants.iter().map(|v| (Language::Ru, v.clone())));
    for lang in site.config.langs() {
        let show = |text: &crate::content::text::Text| site.show(text, lang).text;
        let mut body = vec![show(&data.summary)];
        body.extend(data.support.iter().map(show));
        body.extend(data.priority_professions.iter().map(show));
        body.extend(data.localities.iter().map(|l| show(&l.name)));
        let body = body.join(" ");
        docs.push(SearchDoc {
            kind: "region",
            lang,
            url: Node::Region(region.id.clone())
                .url(lang)
                .as_str()
                .to_owned(),
            title: show(&data.name),
            section: None,
            excerpt: excerpt(&body, EXCERPT_CHARS),
            title_words: names.clone(),
            body_words: vec![(language(lang), body)],
            region: Some(region.id.to_string()),
            salary: (None, None),
            housing: false,
        });
    }
    docs
}

/// A vacancy's document in each language of the site.
fn vacancy_documents(site: &Site, vacancy: &Vacancy) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let titles: Texts = vacancy
        .title
        .all()
        .map(|(l, t)| (language(l), t.to_owned()))
        .collect();
    let region_names: Texts = site
        .regions
        .get(&vacancy.region)
        .map(|r| {
            r.data
                .name
                .all()
                .map(|(l, t)| (language(l), t.to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let details = [
        Some(&vacancy.employer),
        vacancy.locality.as_ref(),
        vacancy.requirements.as_ref(),
        vacancy.duties.as_ref(),
        vacancy.experience.as_ref(),
        vacancy.education.as_ref(),
    ];
    let text: Vec<&str> = details.iter().flatten().map(|s| s.as_str()).collect();
    // Employer-written text carries no language; exports are mostly in Russian.
    let mut body: Texts = vec![(Language::Ru, text.join(" "))];
    body.extend(region_names);
    for lang in site.config.langs() {
        docs.push(SearchDoc {
            kind: "vacancy",
            lang,
            url: Node::Vacancy(vacancy.id.clone())
                .url(lang)
                .as_str()
                .to_owned(),
            title: site.show(&vacancy.title, lang).text,
            section: None,
            excerpt: excerpt(&text.join(" · "), EXCERPT_CHARS),
            title_words: titles.clone(),
            body_words: body.clone(),
            region: Some(vacancy.region.to_string()),
            salary: (vacancy.salary_min, vacancy.salary_max),
            housing: vacancy.housing,
        });
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_end_at_a_word() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 10), "one two…");
    }
}
