//! What the index holds: one search document per guide section, region and vacancy, in each
//! language the portal shows it in.

use bagdar_analysis::Language;
use rayon::prelude::*;

use crate::content::guides::GuideKey;
use crate::content::regions::Region;
use crate::content::vacancies::Vacancy;
use crate::lang::Lang;
use crate::model::{Node, Site, Translations};

/// Text to index together with the language it is written in.
pub type Texts = Vec<(Language, String)>;

/// One search document.
#[derive(Clone, Debug)]
pub struct SearchDoc {
    /// `guide`, `region`, `vacancy` or `news`.
    pub kind: &'static str,
    /// The language of the page it leads to.
    pub lang: Lang,
    /// The language its stored texts are in: the page's, except on a page that stands in for
    /// a missing translation.
    pub text_lang: Lang,
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
        .flat_map_iter(|(key, translations)| guide_documents(site, key, translations))
        .collect();
    docs.extend(
        site.regions
            .values()
            .flat_map(|r| region_documents(site, r)),
    );
    docs.extend(news_documents(site));
    docs.par_extend(
        site.vacancies
            .par_iter()
            .flat_map_iter(|v| vacancy_documents(site, v)),
    );
    docs
}

/// A guide's documents: one per section of its text, in each language it is written in; and,
/// for each language it is not written in, one for the page that stands in for it.
fn guide_documents(site: &Site, key: &GuideKey, translations: &Translations) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let node = Node::Guide(key.clone());
    for lang in site
        .config
        .langs()
        .filter(|l| !translations.contains_key(l))
    {
        if let Some((entry, text_lang)) = site.entry_or_fallback(&node, lang) {
            docs.push(stand_in_document(key, entry, lang, text_lang));
        }
    }
    for (lang, entry) in translations {
        let front = &entry.doc.front;
        let url = node.url(*lang);
        let analysis = language(*lang);
        for section in &entry.sections {
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
                text_lang: *lang,
                url,
                title: front.title.clone(),
                section: section.heading.clone(),
                excerpt: excerpt(&body, EXCERPT_CHARS),
                title_words,
                body_words: vec![(analysis, body)],
                region: None,
            });
        }
    }
    docs
}

/// The document of the page that stands in for a guide's missing translation into `lang`: it
/// shows the guide's title and summary in `text_lang`, and is found by the guide's slug and
/// tags, which are English words: an English reader searching «starting a business» finds the
/// page that says the guide is not translated yet and links the versions that exist.
fn stand_in_document(
    key: &GuideKey,
    entry: &crate::model::Entry,
    lang: Lang,
    text_lang: Lang,
) -> SearchDoc {
    let front = &entry.doc.front;
    let slug_words = key.slug.as_str().replace('-', " ");
    let summary = front.summary.clone().unwrap_or_default();
    SearchDoc {
        kind: "guide",
        lang,
        text_lang,
        url: Node::Guide(key.clone()).url(lang).as_str().to_owned(),
        title: front.title.clone(),
        section: None,
        excerpt: excerpt(&summary, EXCERPT_CHARS),
        title_words: vec![
            (Language::En, slug_words),
            (Language::En, front.tags.join(" ")),
            (language(text_lang), front.title.clone()),
        ],
        body_words: vec![(language(text_lang), summary)],
        region: None,
    }
}

/// A news item's document in each language it is written in: title and summary as title
/// words, the body as body words. An item naming one region is filtered with it.
fn news_documents(site: &Site) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for (_, slug, translations) in site.news_items() {
        for (lang, entry) in translations {
            let front = &entry.doc.front;
            let analysis = language(*lang);
            let body: Vec<&str> = entry.sections.iter().map(|s| s.text.as_str()).collect();
            let body = body.join(" ");
            let summary = front.summary.clone().unwrap_or_default();
            let region = match front.regions.as_slice() {
                [one] => Some(one.value.clone()),
                _ => None,
            };
            docs.push(SearchDoc {
                kind: "news",
                lang: *lang,
                text_lang: *lang,
                url: Node::News(slug.clone()).url(*lang).as_str().to_owned(),
                title: front.title.clone(),
                section: None,
                excerpt: excerpt(
                    if summary.is_empty() { &body } else { &summary },
                    EXCERPT_CHARS,
                ),
                title_words: vec![(analysis, front.title.clone())],
                body_words: vec![(analysis, format!("{summary} {body}"))],
                region,
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
            text_lang: lang,
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
            text_lang: lang,
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
