//! The pages of the editions in other scripts: each is its base language's page, rendered
//! again with the edition's language tag, direction, switcher and alternates, and converted
//! after rendering ([`crate::edition::html`]).
//!
//! Links need nothing: an edition's folders mirror its base language's, so every relative link
//! of the base page resolves to the same page of the edition, or to the same page of another
//! language. Only what names the page itself is made again here.

use serde_json::Value;
use tera::Context;

use super::{Lazy, PageJob, Pages};
use crate::edition::{Edition, Reading};
use crate::lang::Lang;
use crate::url::UrlPath;

impl<'a> Pages<'a> {
    /// The pages of `lazy` (of language `lang`), and then the same pages in each of the
    /// language's editions.
    pub(super) fn with_editions(&'a self, lang: Lang, lazy: Lazy<'a>) -> Lazy<'a> {
        if self.site.config.editions_of(lang).next().is_none() {
            return lazy;
        }
        Box::new(move || {
            let pages = lazy();
            let mut all = Vec::with_capacity(pages.len() * 3);
            for page in pages {
                for edition in self.site.config.editions_of(lang) {
                    all.push(self.edition_page(&page, edition));
                }
                all.push(page);
            }
            all
        })
    }

    /// The edition's page made from a page of its base language.
    fn edition_page(&self, page: &PageJob, edition: Edition) -> PageJob {
        let url = edition.url(&page.url);
        let base_url = &self.site.config.base_url;
        let mut context: Context = page.context.clone();
        context.insert("lang", edition.tag());
        context.insert("dir", edition.dir());
        context.insert("canonical", &base_url.full_url(&url));
        let relink = |list: Option<&Value>, absolute: bool| -> Value {
            let mut list = list.cloned().unwrap_or(Value::Array(Vec::new()));
            for item in list.as_array_mut().into_iter().flatten() {
                let Some(target) = item.get("target").and_then(Value::as_str) else {
                    continue;
                };
                let to = UrlPath::from_site_path(target);
                let href = match absolute.then(|| base_url.full_url(&to)).flatten() {
                    Some(full) => full,
                    None => base_url.href(&url, &to),
                };
                let current = item.get("code").and_then(Value::as_str) == Some(edition.tag());
                if let Some(object) = item.as_object_mut() {
                    object.insert("href".into(), Value::String(href));
                    if object.contains_key("current") {
                        object.insert("current".into(), Value::Bool(current));
                    }
                }
            }
            list
        };
        // Hand corrections of the converted interface strings (i18n/kk-arab.yaml): already in
        // the script, so the conversion leaves them as written.
        if let Some(overrides) = self.i18n.overrides(edition)
            && let Some(mut strings) = context.get("t").cloned()
            && let Some(object) = strings.as_object_mut()
        {
            for (key, text) in overrides {
                object.insert(key.clone(), Value::String(text.clone()));
            }
            context.insert("t", &strings);
        }
        let languages = relink(context.get("languages"), false);
        context.insert("languages", &languages);
        let alternates = relink(context.get("alternates"), true);
        context.insert("alternates", &alternates);
        let reading = Reading {
            lang: edition.base(),
            edition: Some(edition),
        };
        if let Some(mut search) = context.get("search").cloned()
            && let Some(strings) = self.search_strings.get(&reading)
        {
            search["strings"] = Value::String(strings.clone());
            context.insert("search", &search);
        }
        PageJob {
            url,
            template: page.template,
            context,
            untranslated: page.untranslated,
            edition: Some(edition),
        }
    }
}
