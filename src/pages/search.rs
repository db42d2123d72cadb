//! Search on every page: the form in the header (it leads to `/<lang>/search/?q=…`, which
//! works as a plain page without JavaScript), the links the script needs, its strings in the
//! page's language, and the search page itself.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::{PageData, PageJob, Pages, script_safe};
use crate::assets::SEARCH_DIR;
use crate::edition::{Exceptions, Reading};
use crate::i18n::{I18n, key};
use crate::lang::Lang;
use crate::model::Node;
use crate::url::UrlPath;

#[derive(Serialize)]
pub(super) struct SearchContext {
    action: String,
    worker: String,
    wasm: String,
    manifest: String,
    /// The script's strings, as JSON safe inside a `<script type="application/json">`.
    strings: String,
}

#[derive(Serialize)]
struct SelectOption {
    value: String,
    label: String,
    lang: Option<&'static str>,
}

#[derive(Serialize)]
struct Browse {
    title: String,
    href: String,
}

/// The search script's strings for a reading, as JSON safe inside a `<script>` element; made
/// once per language and edition, not once per page. An edition's are converted into its
/// script (all but `lang`, the index's language) and name the script, so the runtime shows
/// Kazakh results in it.
pub(super) fn strings(i18n: &I18n, reading: Reading, exceptions: &Exceptions) -> String {
    let lang = reading.lang;
    let t = |key: key::Key| reading.text(i18n.text(lang, key), exceptions);
    let counts: BTreeMap<String, String> = i18n
        .plural_forms(lang, key::RESULT_COUNT)
        .into_iter()
        .map(|(category, form)| (category, reading.text(form, exceptions)))
        .collect();
    let mut strings = json!({
        "lang": lang.code(),
        "loading": t(key::SEARCH_LOADING),
        "none": t(key::SEARCH_NONE),
        "errorLoad": t(key::SEARCH_ERROR_LOAD),
        "errorStale": t(key::SEARCH_ERROR_STALE),
        // The script picks the form with Intl.PluralRules.
        "counts": counts,
        "kinds": { "guide": t(key::SEARCH_KIND_GUIDE), "region": t(key::SEARCH_KIND_REGION), "vacancy": t(key::SEARCH_KIND_VACANCY), "news": t(key::SEARCH_KIND_NEWS) },
        "allResults": t(key::SEARCH_ALL_RESULTS),
        "truncated": t(key::SEARCH_TRUNCATED),
        // The "save for offline" control's (see offline.rs).
        "offline": {
            "save": t(key::OFFLINE_SAVE),
            "size": t(key::OFFLINE_SIZE),
            "confirm": t(key::OFFLINE_CONFIRM),
            "progress": t(key::OFFLINE_PROGRESS),
            "saved": t(key::OFFLINE_SAVED),
            "update": t(key::OFFLINE_UPDATE),
            "failed": t(key::OFFLINE_FAILED),
            "check": t(key::OFFLINE_CHECK),
            "current": t(key::OFFLINE_CURRENT),
            "kb": t(key::OFFLINE_KB),
            "mb": t(key::OFFLINE_MB),
            "dateFormat": t(key::DATE_FORMAT),
            "months": key::MONTHS.map(t),
        },
    });
    if let Some(edition) = reading.edition {
        strings["edition"] = json!(edition.script().code());
    }
    script_safe(&strings)
}

impl Pages<'_> {
    pub(super) fn search_context(&self, lang: Lang, url: &UrlPath) -> SearchContext {
        SearchContext {
            action: self.href(url, &Node::Search.url(lang)),
            worker: self.href(url, &UrlPath::file(&self.runtime.worker_path)),
            wasm: self.href(url, &UrlPath::file(&self.runtime.wasm_path)),
            manifest: self.href(
                url,
                &UrlPath::file(&format!(
                    "{SEARCH_DIR}/{}",
                    bagdar_search::manifest::MANIFEST
                )),
            ),
            strings: self
                .search_strings
                .get(&Reading {
                    lang,
                    edition: None,
                })
                .cloned()
                .unwrap_or_default(),
        }
    }

    pub(super) fn search_page(&self, lang: Lang) -> PageJob {
        let node = Node::Search;
        let url = node.url(lang);
        let mut context = self.common(lang, &url, Some(&node));
        let regions: Vec<SelectOption> = self
            .site
            .regions
            .values()
            .map(|r| {
                let name = self.site.show(&r.data.name, lang);
                SelectOption {
                    value: r.id.to_string(),
                    label: name.text,
                    lang: name.lang,
                }
            })
            .collect();
        let mut browse = vec![Browse {
            title: self.i18n.text(lang, key::NAV_GUIDES),
            href: self.href(&url, &Node::Section(Vec::new()).url(lang)),
        }];
        if !self.site.regions.is_empty() {
            browse.push(Browse {
                title: self.i18n.text(lang, key::NAV_REGIONS),
                href: self.href(&url, &Node::Regions.url(lang)),
            });
        }
        if self.site.has_vacancies {
            browse.push(Browse {
                title: self.i18n.text(lang, key::NAV_VACANCIES),
                href: self.href(&url, &Node::Vacancies.url(lang)),
            });
        }
        context.insert("regions", &regions);
        context.insert("browse", &browse);
        context.insert("breadcrumbs", &self.crumbs(&url, lang, Vec::new()));
        let page = PageData {
            kind: "search",
            title: self.i18n.text(lang, key::SEARCH_TITLE),
            ..PageData::default()
        };
        context.insert("page", &page);
        PageJob::new(url, "search.html", context)
    }
}
