//! Editions of a language in another script: every Kazakh page again in the Arabic script
//! (`/kk-arab/`, right to left) and in the 2021 Latin alphabet (`/kk-latn/`), made at build
//! time from the Cyrillic page.
//!
//! An edition page is the Kazakh page's context rendered again with the edition's language
//! tag, direction, switcher and alternates ([`crate::pages`]), and then its text converted
//! ([`html::convert`]): text only, never markup, URLs, code or text marked with another
//! language. Search has one index for all three: the analyzer folds every script onto the
//! same keys, and the runtime shows results in the reader's script.

pub(crate) mod html;
pub(crate) mod leftovers;
mod page;

use std::fmt;

pub(crate) use bagdar_script::{Exceptions, Script};

use crate::lang::Lang;
use crate::url::UrlPath;

/// A language written in another script than its pages: Kazakh in the Arabic script or in
/// Latin letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edition {
    script: Script,
}

impl Edition {
    /// The edition of `base` in the script named `code` (`Arab`, `Latn`).
    pub(crate) fn new(base: Lang, code: &str) -> Result<Edition, String> {
        let script = Script::from_code(code)
            .ok_or_else(|| format!("unknown script `{code}`: an edition is `Arab` or `Latn`"))?;
        if base != Lang::Kk {
            return Err(format!(
                "`{base}` cannot have editions: the script conversion is written for Kazakh"
            ));
        }
        Ok(Edition { script })
    }

    /// Every edition the code knows.
    #[cfg(test)]
    pub(crate) fn all() -> [Edition; 2] {
        Script::ALL.map(|script| Edition { script })
    }

    /// The language the edition is made from.
    pub(crate) fn base(self) -> Lang {
        Lang::Kk
    }

    /// The script.
    pub(crate) fn script(self) -> Script {
        self.script
    }

    /// The URL segment: `kk-arab`, `kk-latn`.
    pub(crate) fn code(self) -> &'static str {
        match self.script {
            Script::Arab => "kk-arab",
            Script::Latn => "kk-latn",
        }
    }

    /// The BCP 47 tag, for `lang` and `hreflang`: `kk-Arab`, `kk-Latn`.
    pub(crate) fn tag(self) -> &'static str {
        match self.script {
            Script::Arab => "kk-Arab",
            Script::Latn => "kk-Latn",
        }
    }

    /// The edition's name for itself, for the language switcher.
    pub(crate) fn native_name(self) -> &'static str {
        match self.script {
            Script::Arab => "\u{0642}\u{0627}\u{0632}\u{0627}\u{0642}\u{0634}\u{0627}",
            Script::Latn => "Qazaqşa",
        }
    }

    /// `rtl` or `ltr`.
    pub(crate) fn dir(self) -> &'static str {
        if self.script.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The edition's page of a page of the base language (other paths stay as they are).
    pub(crate) fn url(self, base: &UrlPath) -> UrlPath {
        base.with_first_folder(self.base().code(), self.code())
    }

    /// The edition whose URL segment is `code`.
    #[cfg(test)]
    pub(crate) fn from_segment(code: &str) -> Option<Edition> {
        Edition::all().into_iter().find(|e| e.code() == code)
    }

    /// Text of the base language in the edition's script.
    pub(crate) fn convert(self, text: &str, exceptions: &Exceptions) -> String {
        bagdar_script::convert(text, self.script, exceptions)
    }
}

/// A language as a reader picks it: one of the site's languages, or an edition of one. The
/// switcher, the alternates, the chooser and the 404 page list these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Reading {
    /// The language the text is written in.
    pub(crate) lang: Lang,
    /// The edition, when it is one.
    pub(crate) edition: Option<Edition>,
}

impl Reading {
    /// The BCP 47 tag: `kk`, `kk-Arab`.
    pub(crate) fn tag(self) -> &'static str {
        self.edition.map_or(self.lang.code(), Edition::tag)
    }

    /// Its name for itself.
    pub(crate) fn native_name(self) -> &'static str {
        self.edition
            .map_or(self.lang.native_name(), Edition::native_name)
    }

    /// Its page of a page of its language.
    pub(crate) fn url(self, of: &UrlPath) -> UrlPath {
        self.edition.map_or_else(|| of.clone(), |e| e.url(of))
    }

    /// Its home: `kk/`, `kk-arab/`.
    pub(crate) fn home(self) -> UrlPath {
        UrlPath::dir([self.edition.map_or(self.lang.code(), Edition::code)])
    }

    /// Text of its language, in its script.
    pub(crate) fn text(self, text: String, exceptions: &Exceptions) -> String {
        match self.edition {
            Some(edition) => edition.convert(&text, exceptions),
            None => text,
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_in_their_own_script() {
        let exceptions = Exceptions::new();
        for edition in Edition::all() {
            assert_eq!(
                edition.native_name(),
                edition.convert(Lang::Kk.native_name(), &exceptions)
            );
            assert_eq!(Edition::from_segment(edition.code()), Some(edition));
        }
    }

    #[test]
    fn only_kazakh_has_editions() {
        assert!(Edition::new(Lang::Kk, "arab").is_ok());
        assert!(Edition::new(Lang::Ru, "Latn").is_err());
        assert!(Edition::new(Lang::Kk, "Cyrl").is_err());
    }
}
