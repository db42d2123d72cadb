//! The theme's interface strings, one file per language: `themes/<theme>/i18n/<lang>.yaml`.
//!
//! A value is a string or a map of CLDR plural forms (`one`/`few`/`many` for Russian,
//! `one`/`other` for Kazakh and English). Every key must exist in every language, and the keys
//! Bagdar's own code prints ([`key`]) must exist at all: a missing key is a build error naming
//! the key and the file, never an empty spot or a bare key on a page.
//!
//! A Kazakh edition in another script converts `kk.yaml`'s strings with the rest of its pages.
//! An optional `i18n/kk-arab.yaml` (or `kk-latn.yaml`) holds hand corrections: plain strings,
//! each for a key `kk.yaml` has, written in the edition's script.

pub(crate) mod key;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::Config;
use crate::content::date::Date;
use crate::content::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::edition::Edition;
use crate::lang::Lang;
use crate::yaml;
pub(crate) use key::Key;

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Value {
    Text(String),
    Plural(BTreeMap<String, String>),
}

/// One language's strings.
#[derive(Debug, Default)]
pub(crate) struct Strings {
    /// Plain strings by key.
    pub text: BTreeMap<String, String>,
    plurals: BTreeMap<String, BTreeMap<String, String>>,
}

/// Every configured language's strings.
#[derive(Debug, Default)]
pub(crate) struct I18n {
    langs: BTreeMap<Lang, Strings>,
    /// Hand corrections of the editions' converted strings, by key.
    overrides: BTreeMap<Edition, BTreeMap<String, String>>,
}

struct Loaded {
    lang: Lang,
    file: PathBuf,
    text: String,
    values: BTreeMap<String, Value>,
}

impl I18n {
    /// Loads and cross-checks the i18n files of the configured languages.
    pub(crate) fn load(
        root: &Path,
        theme_dir: &Path,
        config: &Config,
    ) -> Result<I18n, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut loaded = Vec::new();
        for lang in config.langs() {
            let file = theme_dir.join("i18n").join(format!("{lang}.yaml"));
            let text = match walk::read_inside(root, &file) {
                Ok(text) => text,
                Err(d) => {
                    problems.push(d.with_hint(format!("the theme needs i18n/{lang}.yaml")));
                    continue;
                }
            };
            match yaml::parse::<BTreeMap<String, Value>>(Code::UiString, &file, &text, &text, 1) {
                Ok(values) => loaded.push(Loaded {
                    lang,
                    file,
                    text,
                    values,
                }),
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        check_consistency(&loaded, &mut problems);
        check_required(&loaded, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut i18n = I18n::default();
        for file in loaded {
            let mut strings = Strings::default();
            for (key, value) in file.values {
                match value {
                    Value::Text(text) => {
                        strings.text.insert(key, text);
                    }
                    Value::Plural(forms) => {
                        strings.plurals.insert(key, forms);
                    }
                }
            }
            i18n.langs.insert(file.lang, strings);
        }
        for edition in &config.editions {
            let file = theme_dir
                .join("i18n")
                .join(format!("{}.yaml", edition.code()));
            if !file.exists() {
                continue;
            }
            match load_overrides(root, &file, &i18n, *edition) {
                Ok(found) => {
                    i18n.overrides.insert(*edition, found);
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(i18n)
    }

    /// The hand-corrected strings of an edition (key → string in its script).
    pub(crate) fn overrides(&self, edition: Edition) -> Option<&BTreeMap<String, String>> {
        self.overrides.get(&edition)
    }

    /// The plain strings of `lang`.
    pub(crate) fn strings(&self, lang: Lang) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.langs.get(&lang).map_or(&EMPTY, |s| &s.text)
    }

    /// A plain string of Bagdar's own. Every [`key`] is checked at load; only the empty set of
    /// strings a failed load leaves gives the key itself.
    pub(crate) fn text(&self, lang: Lang, key: Key) -> String {
        self.strings(lang)
            .get(key.name())
            .cloned()
            .unwrap_or_else(|| key.name().to_owned())
    }

    /// The counted string `key` (a template's) for `n`, with `{n}` replaced.
    pub(crate) fn plural(&self, lang: Lang, key: &str, n: u64) -> Option<String> {
        let forms = self.langs.get(&lang)?.plurals.get(key)?;
        let form = forms.get(lang.plural_category(n).name())?;
        Some(form.replace("{n}", &n.to_string()))
    }

    /// The forms of a counted string of Bagdar's own by CLDR category, with `{n}` left in place.
    pub(crate) fn plural_forms(&self, lang: Lang, key: Key) -> BTreeMap<String, String> {
        self.langs
            .get(&lang)
            .and_then(|s| s.plurals.get(key.name()))
            .cloned()
            .unwrap_or_default()
    }

    /// A date written the way the language writes it ("15 декабря 2025 г.").
    pub(crate) fn format_date(&self, lang: Lang, date: Date) -> String {
        let month = usize::try_from(date.month())
            .ok()
            .and_then(|m| key::MONTHS.get(m.wrapping_sub(1)))
            .map_or_else(String::new, |&month| self.text(lang, month));
        self.text(lang, key::DATE_FORMAT)
            .replace("{day}", &date.day().to_string())
            .replace("{month}", &month)
            .replace("{year}", &date.year().to_string())
    }
}

fn check_consistency(files: &[Loaded], problems: &mut Vec<Diagnostic>) {
    for file in files {
        for (key, value) in &file.values {
            if let Value::Plural(forms) = value {
                let needed = file.lang.plural_categories();
                for category in needed {
                    if !forms.contains_key(category.name()) {
                        problems.push(at_key(
                            file,
                            key,
                            format!(
                                "`{key}` lacks the plural form `{}` that {} needs",
                                category.name(),
                                file.lang.native_name()
                            ),
                        ));
                    }
                }
                for name in forms.keys() {
                    if !needed.iter().any(|c| c.name() == name) {
                        problems.push(at_key(
                            file,
                            key,
                            format!(
                                "`{key}` has a plural form `{name}` that {} does not use",
                                file.lang.native_name()
                            ),
                        ));
                    }
                }
            }
        }
    }
    // Every key any language defines, with the first file that defines it.
    let mut union: BTreeMap<&str, (&Loaded, &Value)> = BTreeMap::new();
    for file in files {
        for (key, value) in &file.values {
            union.entry(key.as_str()).or_insert((file, value));
        }
    }
    for file in files {
        for (key, (first, value)) in &union {
            match file.values.get(*key) {
                None => problems.push(
                    Diagnostic::error(
                        Code::MissingUiString,
                        &file.file,
                        format!("missing key `{key}` (it is defined in {}.yaml)", first.lang),
                    )
                    .with_hint(format!("add `{key}: …` in {}", file.lang.native_name())),
                ),
                Some(mine) => {
                    let same_kind = matches!(
                        (mine, value),
                        (Value::Text(_), Value::Text(_)) | (Value::Plural(_), Value::Plural(_))
                    );
                    if !same_kind {
                        problems.push(at_key(file, key, format!(
                            "`{key}` is a plain string in one language and plural forms in another"
                        )));
                    }
                }
            }
        }
    }
}

/// The keys Bagdar's code prints must be in the files, and of the kind the code uses. A key that
/// one language has and another lacks is [`check_consistency`]'s to report; here, a key that
/// no language has, or that is of the wrong kind in every language that has it.
fn check_required(files: &[Loaded], problems: &mut Vec<Diagnostic>) {
    for key in key::ALL {
        let name = key.name();
        let values: Vec<(&Loaded, &Value)> = files
            .iter()
            .filter_map(|f| f.values.get(name).map(|v| (f, v)))
            .collect();
        if values.is_empty() {
            for file in files {
                problems.push(
                    Diagnostic::error(
                        Code::MissingUiString,
                        &file.file,
                        format!("missing key `{name}`, which Bagdar prints on its pages"),
                    )
                    .with_hint(format!("add `{name}: …` in {}", file.lang.native_name())),
                );
            }
            continue;
        }
        let right_kind = |value: &Value| matches!(value, Value::Plural(_)) == key.is_plural();
        if values.iter().any(|(_, v)| right_kind(v)) {
            continue;
        }
        for (file, _) in values {
            let message = if key.is_plural() {
                format!("`{name}` must have plural forms: Bagdar counts with it")
            } else {
                format!("`{name}` must be a plain string: Bagdar prints it as one")
            };
            problems.push(at_key(file, name, message));
        }
    }
}

fn at_key(file: &Loaded, key: &str, message: String) -> Diagnostic {
    let line = file
        .text
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 1);
    Diagnostic::error_at(Code::UiString, &file.file, &file.text, line, 1, message)
}

/// An edition's corrections: plain strings for keys the base language has, in the edition's
/// script.
fn load_overrides(
    root: &Path,
    file: &Path,
    i18n: &I18n,
    edition: Edition,
) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let text = walk::read_inside(root, file).map_err(|d| vec![d])?;
    let values: BTreeMap<String, String> =
        yaml::parse(Code::UiString, file, &text, &text, 1).map_err(|d| vec![d])?;
    let base = i18n.strings(edition.base());
    let mut problems = Vec::new();
    for key in values.keys().filter(|k| !base.contains_key(*k)) {
        let (line, column) = yaml::key_place(&text, key).unwrap_or((1, 1));
        problems.push(
            Diagnostic::error_at(
                Code::UiString,
                file,
                &text,
                line,
                column,
                format!(
                    "`{key}` is not a plain string of {}.yaml",
                    edition.base().code()
                ),
            )
            .with_hint("an edition's file corrects strings of its base language: use a key it has"),
        );
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}
