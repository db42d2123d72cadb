//! Atom 1.0 feeds (RFC 4287): per language and edition at `/<lang>/atom.xml`, holding the
//! news items and the guides' change notes, newest first; per region at
//! `/<lang>/regions/<id>/atom.xml`, holding the news that names the region.
//!
//! Written with `atom_syndication` as data, never as a string template. With an `http(s)`
//! `base_url` every link and id is absolute. Without one, links are relative, so a copy works
//! from any path: RFC 4287 resolves them against the feed's own address (`bagdar check` warns
//! that some feed readers do not). Ids are then `urn:uuid:` names made from the page's path,
//! stable from build to build.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};

use crate::content::date::Date;
use crate::content::regions::RegionId;
use crate::diagnostic::{Code, Diagnostic};
use crate::edition::Reading;
use crate::i18n::{I18n, key};
use crate::lang::Lang;
use crate::model::{Node, Site};
use crate::url::UrlPath;

/// The file name of a feed.
const FEED_FILE: &str = "atom.xml";

/// The address of the feed of `lang`, or of a region in `lang`.
pub(crate) fn url(lang: Lang, region: Option<&RegionId>) -> UrlPath {
    let folder = match region {
        Some(id) => Node::Region(id.clone()).url(lang),
        None => UrlPath::dir([lang.code()]),
    };
    UrlPath::file(&format!("{}{FEED_FILE}", folder.as_str()))
}

/// The warning `bagdar check` gives a site whose feeds have relative links, once they have
/// something to subscribe to (news items or change notes).
pub(crate) fn relative_warning(site: &Site, root: &std::path::Path) -> Option<Diagnostic> {
    let has_entries = !site.news.is_empty()
        || site
            .guides
            .values()
            .flat_map(|t| t.values())
            .any(|e| !e.doc.front.changes.is_empty());
    if !has_entries || site.config.base_url.full_url(&UrlPath::root()).is_some() {
        return None;
    }
    Some(
        Diagnostic::error(
            Code::FeedRelative,
            root.join("bagdar.yaml"),
            "the Atom feeds have relative links: feed readers that do not resolve them against \
             the feed's address show broken links",
        )
        .warning()
        .with_hint(
            "set `base_url: https://…/` in bagdar.yaml (or pass --base-url) where the site has \
             one address; a copy that moves between hosts can stay relative",
        ),
    )
}

/// One entry before it is written: what it is about and when.
struct Item {
    date: Date,
    title: String,
    summary: Option<String>,
    /// The page it links (in the base language; the reading's address is made from it).
    page: UrlPath,
    /// The fragment of the link, if any.
    fragment: Option<&'static str>,
    /// What tells entries of one page apart in their ids (`change-2026-07-01-0`), if any.
    id_suffix: Option<String>,
}

/// The title of the feed of `lang`, or of a region's feed.
pub(crate) fn title(site: &Site, i18n: &I18n, lang: Lang, region: Option<&RegionId>) -> String {
    match region.and_then(|id| site.regions.get(id)) {
        Some(region) => {
            let name = site.show(&region.data.name, lang).text;
            format!("{name}: {}", i18n.text(lang, key::NEWS_TITLE))
        }
        None => format!(
            "{}: {}",
            site.config.site_title(lang),
            i18n.text(lang, key::FEED_TITLE)
        ),
    }
}

/// Every feed of the site: its address and its XML.
pub(crate) fn feeds(site: &Site, i18n: &I18n) -> Vec<(UrlPath, String)> {
    let mut out = Vec::new();
    for reading in site.config.readings() {
        let lang = reading.lang;
        let mut items: Vec<Item> = news_items(site, lang, None);
        items.extend(change_items(site, i18n, lang));
        items.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| (&a.page, &a.id_suffix).cmp(&(&b.page, &b.id_suffix)))
        });
        let list = Node::NewsList(1).url(lang);
        let feed_title = title(site, i18n, lang, None);
        out.push(write(
            site,
            reading,
            &url(lang, None),
            &feed_title,
            &list,
            items,
        ));
        for id in site.regions.keys() {
            let items = news_items(site, lang, Some(id));
            let feed_title = title(site, i18n, lang, Some(id));
            let page = Node::Region(id.clone()).url(lang);
            out.push(write(
                site,
                reading,
                &url(lang, Some(id)),
                &feed_title,
                &page,
                items,
            ));
        }
    }
    out
}

/// The news items written in `lang` (all, or those naming `region`), as entries.
fn news_items(site: &Site, lang: Lang, region: Option<&RegionId>) -> Vec<Item> {
    let items = match region {
        Some(id) => site.news_of(id),
        None => site.news_items().collect(),
    };
    items
        .into_iter()
        .filter_map(|(date, slug, translations)| {
            let entry = translations.get(&lang)?;
            let page = Node::News(slug.clone()).url(lang);
            Some(Item {
                date,
                title: entry.title().to_owned(),
                summary: entry.summary().map(str::to_owned),
                page,
                fragment: None,
                id_suffix: None,
            })
        })
        .collect()
}

/// The change notes of the guides written in `lang`, one entry each.
fn change_items(site: &Site, i18n: &I18n, lang: Lang) -> Vec<Item> {
    let what_changed = i18n.text(lang, key::WHAT_CHANGED);
    let mut items = Vec::new();
    for (key, translations) in &site.guides {
        let Some(entry) = translations.get(&lang) else {
            continue;
        };
        let page = Node::Guide(key.clone()).url(lang);
        for (n, (date, note)) in entry.doc.front.change_notes().into_iter().enumerate() {
            items.push(Item {
                date,
                title: format!("{} · {what_changed}", entry.title()),
                summary: Some(note.to_owned()),
                page: page.clone(),
                fragment: Some("bagdar-changes"),
                id_suffix: Some(format!("change-{date}-{n}")),
            });
        }
    }
    items
}

/// Midnight of a date in Kazakhstan (UTC+5 everywhere since 1 March 2024).
fn midnight(date: Date) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(&format!("{date}T00:00:00+05:00"))
        .unwrap_or_else(|_| atom_syndication::FixedDateTime::default())
}

/// A name-based UUID (RFC 9562 version 8) from a page's path: stable, and unique per path.
fn uuid(name: &str) -> String {
    let hash = xxhash_rust::xxh3::xxh3_128(name.as_bytes());
    let mut bytes = hash.to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// One feed, in one reading, at `at`, linking the page `alternate`.
fn write(
    site: &Site,
    reading: Reading,
    at: &UrlPath,
    title: &str,
    alternate: &UrlPath,
    items: Vec<Item>,
) -> (UrlPath, String) {
    let base = &site.config.base_url;
    let at = reading.url(at);
    // An absolute address with a base URL; otherwise relative to the feed itself.
    let link = |to: &UrlPath| base.full_url(to).unwrap_or_else(|| base.href(&at, to));
    let id = |key: &str| match base.full_url(&UrlPath::root()) {
        Some(root) => format!("{root}{key}"),
        None => uuid(key),
    };
    let text = |t: String| reading.text(t, &site.exceptions);
    let entries: Vec<Entry> = items
        .into_iter()
        .map(|item| {
            let page = reading.url(&item.page);
            let mut href = link(&page);
            if let Some(fragment) = item.fragment {
                href = format!("{href}#{fragment}");
            }
            let mut key = page.as_str().to_owned();
            if let Some(suffix) = &item.id_suffix {
                key = format!("{key}#{suffix}");
            }
            Entry {
                title: Text::plain(text(item.title)),
                id: id(&key),
                updated: midnight(item.date),
                published: Some(midnight(item.date)),
                links: vec![Link {
                    href,
                    rel: "alternate".to_owned(),
                    mime_type: Some("text/html".to_owned()),
                    hreflang: Some(reading.tag().to_owned()),
                    ..Link::default()
                }],
                summary: item.summary.map(|s| Text::plain(text(s))),
                ..Entry::default()
            }
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| midnight(site.today));
    let feed = Feed {
        title: Text::plain(text(title.to_owned())),
        id: id(at.as_str()),
        updated,
        authors: vec![Person {
            name: text(site.config.site_title(reading.lang)),
            ..Person::default()
        }],
        links: vec![
            Link {
                href: link(&at),
                rel: "self".to_owned(),
                mime_type: Some("application/atom+xml".to_owned()),
                ..Link::default()
            },
            Link {
                href: link(&reading.url(alternate)),
                rel: "alternate".to_owned(),
                mime_type: Some("text/html".to_owned()),
                hreflang: Some(reading.tag().to_owned()),
                ..Link::default()
            },
        ],
        lang: Some(reading.tag().to_owned()),
        entries,
        ..Feed::default()
    };
    let mut xml = feed.to_string();
    if !xml.starts_with("<?xml") {
        xml.insert_str(0, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    }
    (at, xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_version_8_uuids() {
        let a = uuid("kk/news/quotas-2026/");
        assert_eq!(a, uuid("kk/news/quotas-2026/"));
        assert_ne!(a, uuid("ru/news/quotas-2026/"));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(&a["urn:uuid:".len() + 14..][..1], "8", "{a}");
    }

    #[test]
    fn feeds_live_in_the_language_and_region_folders() {
        let id = RegionId::parse("pavlodar").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(url(Lang::Kk, None).as_str(), "kk/atom.xml");
        assert_eq!(
            url(Lang::Ru, Some(&id)).as_str(),
            "ru/regions/pavlodar/atom.xml"
        );
    }
}
