//! The site configuration, `bagdar.yaml` at the site root.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::edition::{Edition, Reading};
use crate::lang::Lang;
use crate::url::BaseUrl;
use crate::yaml;

/// The file name of the site configuration.
pub(crate) const CONFIG_FILE: &str = "bagdar.yaml";

/// One language of the site, as configured.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language.
    pub code: Lang,
    /// The site's title in this language.
    pub title: String,
    /// A one-sentence description of the site in this language.
    pub description: String,
    /// Editions of the language in other scripts, generated from its pages (Kazakh only:
    /// `[Arab, Latn]`).
    #[serde(default)]
    pub editions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    languages: Vec<LanguageConfig>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_stale_after_months")]
    stale_after_months: u32,
}

fn default_theme() -> String {
    "default".to_owned()
}

fn default_stale_after_months() -> u32 {
    12
}

/// The validated site configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// Languages in menu order; the first is the default.
    pub languages: Vec<LanguageConfig>,
    /// Where the site will be served from; relative links when not set.
    pub base_url: BaseUrl,
    /// The theme folder name under `themes/`.
    pub theme: String,
    /// A guide whose `reviewed` date is older than this many months is flagged as stale.
    pub stale_after_months: u32,
    /// The editions in other scripts, in menu order (each after its base language).
    pub editions: Vec<Edition>,
}

impl Config {
    /// Reads and validates `ROOT/bagdar.yaml`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        if let Err(e) = std::fs::metadata(&path) {
            return Err(vec![
                Diagnostic::error(
                    Code::Config,
                    &path,
                    format!("cannot read the site configuration: {e}"),
                )
                .with_hint("run `bagdar new DIR` to create a site, or pass --root"),
            ]);
        }
        // Read like every other editor's file: size limit, byte-order mark, the place of a
        // byte that is not UTF-8.
        let text = crate::content::walk::read_inside(root, &path).map_err(|d| vec![d])?;
        Config::parse(&path, &text)
    }

    /// Validates the text of a configuration file.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = yaml::parse(Code::Config, path, text, text, 1).map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        if raw.languages.is_empty() {
            problems.push(Diagnostic::error(Code::Config, path, "`languages` is empty").with_hint(
                "list at least one language: `languages: [{code: kk, title: …, description: …}]`",
            ));
        }
        for (i, language) in raw.languages.iter().enumerate() {
            if raw.languages[..i].iter().any(|l| l.code == language.code) {
                problems.push(Diagnostic::error(
                    Code::Config,
                    path,
                    format!("language `{}` is listed twice", language.code),
                ));
            }
        }
        let mut editions = Vec::new();
        for language in &raw.languages {
            for code in &language.editions {
                match Edition::new(language.code, code) {
                    Ok(edition) if editions.contains(&edition) => {
                        problems.push(Diagnostic::error(
                            Code::Config,
                            path,
                            format!("edition `{code}` of `{}` is listed twice", language.code),
                        ));
                    }
                    Ok(edition) => editions.push(edition),
                    Err(message) => problems.push(
                        Diagnostic::error(Code::Config, path, message)
                            .with_hint("Kazakh has two editions: `editions: [Arab, Latn]`"),
                    ),
                }
            }
        }
        let base_url = match raw.base_url.as_deref() {
            None | Some("") => BaseUrl::Relative,
            Some(url) => BaseUrl::parse(url).unwrap_or_else(|message| {
                problems.push(Diagnostic::error(
                    Code::Config,
                    path,
                    format!("`base_url`: {message}"),
                ));
                BaseUrl::Relative
            }),
        };
        if !is_plain_name(&raw.theme) {
            problems.push(Diagnostic::error(
                Code::Config,
                path,
                format!("`theme: {}` must be a folder name under themes/", raw.theme),
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Config {
            languages: raw.languages,
            base_url,
            theme: raw.theme,
            stale_after_months: raw.stale_after_months,
            editions,
        })
    }

    /// The default language (the first configured).
    pub fn default_lang(&self) -> Lang {
        self.languages[0].code
    }

    /// The configured languages in menu order.
    pub fn langs(&self) -> impl Iterator<Item = Lang> + '_ {
        self.languages.iter().map(|l| l.code)
    }

    /// The configuration of one language, if the site has it.
    pub fn language(&self, lang: Lang) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| l.code == lang)
    }

    /// The site's title in `lang` (empty for a language the site does not have).
    pub(crate) fn site_title(&self, lang: Lang) -> String {
        self.language(lang)
            .map_or(String::new(), |l| l.title.clone())
    }

    /// Every language, each followed by its editions, in menu order.
    pub(crate) fn readings(&self) -> impl Iterator<Item = Reading> + '_ {
        self.langs().flat_map(move |lang| {
            std::iter::once(Reading {
                lang,
                edition: None,
            })
            .chain(self.editions_of(lang).map(move |e| Reading {
                lang,
                edition: Some(e),
            }))
        })
    }

    /// The editions of `lang` in other scripts.
    pub(crate) fn editions_of(&self, lang: Lang) -> impl Iterator<Item = Edition> + '_ {
        self.editions
            .iter()
            .copied()
            .filter(move |e| e.base() == lang)
    }

    /// Whether a guide reviewed on `reviewed` is stale on `today`: reviewed at least
    /// `stale_after_months` whole months before it.
    pub fn is_stale(&self, reviewed: Date, today: Date) -> bool {
        reviewed.months_until(today) >= i32::try_from(self.stale_after_months).unwrap_or(i32::MAX)
    }

    /// The theme folder.
    pub fn theme_dir(&self, root: &Path) -> PathBuf {
        root.join("themes").join(&self.theme)
    }
}

/// A single path component of ASCII letters, digits, `-` and `_`.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("bagdar.yaml"), text)
    }

    #[test]
    fn minimal_config_defaults_to_relative_links_and_default_theme() {
        let config = parse("languages:\n  - {code: kk, title: Т, description: С}\n")
            .map_err(|d| format!("{d:?}"));
        let Ok(config) = config else {
            panic!("{config:?}")
        };
        assert_eq!(config.theme, "default");
        assert_eq!(config.base_url, BaseUrl::Relative);
        assert_eq!(config.default_lang(), Lang::Kk);
    }

    #[test]
    fn guides_go_stale_after_the_configured_whole_months() {
        let config =
            parse("languages: [{code: kk, title: Т, description: С}]\nstale_after_months: 6\n")
                .map_err(|d| format!("{d:?}"));
        let Ok(config) = config else {
            panic!("{config:?}")
        };
        let date = |s: &str| s.parse::<Date>().map_err(|e| e.to_string());
        let (Ok(reviewed), Ok(before), Ok(on)) =
            (date("2026-01-15"), date("2026-07-14"), date("2026-07-15"))
        else {
            panic!("dates")
        };
        assert!(!config.is_stale(reviewed, before));
        assert!(config.is_stale(reviewed, on));
    }

    #[test]
    fn unknown_key_is_reported_with_its_line() {
        let Err(problems) = parse("languages: []\nthem: x\n") else {
            panic!("accepted")
        };
        assert_eq!(problems[0].line, Some(2), "{problems:?}");
        assert!(problems[0].message.contains("them"), "{problems:?}");
    }

    #[test]
    fn unknown_language_is_an_error() {
        let Err(problems) = parse("languages:\n  - {code: de, title: T, description: D}\n") else {
            panic!("accepted")
        };
        assert_eq!(problems[0].line, Some(2), "{problems:?}");
    }
}
