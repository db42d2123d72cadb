//! Page addresses and how links between them are written.
//!
//! Regional centres host copies under any path of any host, so by default every link is
//! relative to the page it is on (`../../style.css`). With a base URL (`https://host/portal/` or
//! `/portal/`) links are absolute instead, which crawlers and `sitemap.xml` prefer.

use std::fmt;
use std::path::PathBuf;

/// Where the site is served from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BaseUrl {
    /// Links relative to each page: works from any path on any host.
    Relative,
    /// Links prefixed with this URL or root path, which ends in `/`.
    Absolute(String),
}

impl BaseUrl {
    /// Parses `relative`, an `http(s)://` URL or a root path such as `/portal/`.
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let text = text.trim();
        if text == "relative" {
            return Ok(BaseUrl::Relative);
        }
        let is_http = text.starts_with("https://") || text.starts_with("http://");
        let host_part = text.split("://").nth(1).unwrap_or("");
        if is_http && host_part.is_empty() {
            return Err(format!("`{text}` has no host"));
        }
        if !is_http && !text.starts_with('/') {
            return Err(format!(
                "`{text}` is neither `relative`, an http(s):// URL nor a path starting with `/`"
            ));
        }
        if text.contains(['?', '#', '"', '<', '>', ' ', '\\']) {
            return Err(format!(
                "`{text}` must not contain a query, fragment, quotes or spaces"
            ));
        }
        let mut url = text.to_owned();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl::Absolute(url))
    }

    /// The link from the page at `from` to the page or file at `to`.
    pub fn href(&self, from: &UrlPath, to: &UrlPath) -> String {
        match self {
            BaseUrl::Absolute(base) => format!("{base}{}", to.0),
            BaseUrl::Relative => {
                // Climb only to the deepest folder both paths share, then descend.
                let from_dirs: Vec<&str> = from.folders().collect();
                let shared = from_dirs
                    .iter()
                    .zip(to.0.split_inclusive('/'))
                    .take_while(|(dir, part)| part.strip_suffix('/') == Some(**dir))
                    .count();
                let descend: String = to.0.split_inclusive('/').skip(shared).collect();
                let href = format!("{}{descend}", "../".repeat(from_dirs.len() - shared));
                if href.is_empty() {
                    "./".to_owned()
                } else {
                    href
                }
            }
        }
    }

    /// The base URL when links are absolute.
    pub(crate) fn absolute(&self) -> Option<&str> {
        match self {
            BaseUrl::Absolute(base) => Some(base),
            BaseUrl::Relative => None,
        }
    }

    /// The prefix that turns a site path into a link from `from` (for theme assets).
    pub fn root_prefix(&self, from: &UrlPath) -> String {
        match self {
            BaseUrl::Absolute(base) => base.clone(),
            BaseUrl::Relative => "../".repeat(from.depth()),
        }
    }

    /// The full URL of `to` when the base is an absolute `http(s)://` URL.
    pub fn full_url(&self, to: &UrlPath) -> Option<String> {
        match self {
            BaseUrl::Absolute(base) if base.contains("://") => Some(format!("{base}{}", to.0)),
            _ => None,
        }
    }
}

/// A path inside the built site, without a leading slash: `""` is the root, folders end in `/`
/// (`kk/guides/citizenship/`), files do not (`sitemap.xml`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UrlPath(String);

impl UrlPath {
    /// The site root.
    pub fn root() -> UrlPath {
        UrlPath(String::new())
    }

    /// The folder made of these segments, e.g. `["kk", "guides"]` → `kk/guides/`.
    pub fn dir<S: AsRef<str>>(segments: impl IntoIterator<Item = S>) -> UrlPath {
        let mut path = String::new();
        for segment in segments {
            let segment = segment.as_ref();
            if !segment.is_empty() {
                path.push_str(segment);
                path.push('/');
            }
        }
        UrlPath(path)
    }

    /// A file at the site root, e.g. `sitemap.xml`.
    pub fn file(name: &str) -> UrlPath {
        UrlPath(name.to_owned())
    }

    /// The path as written in a link.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A site path as [`UrlPath::as_str`] wrote it.
    pub(crate) fn from_site_path(path: &str) -> UrlPath {
        UrlPath(path.trim_start_matches('/').to_owned())
    }

    /// The same path with its first folder `from` renamed `to` (`kk/guides/x/` →
    /// `kk-arab/guides/x/`); the path itself when it is not in `from`.
    pub(crate) fn with_first_folder(&self, from: &str, to: &str) -> UrlPath {
        match self
            .0
            .strip_prefix(from)
            .filter(|rest| rest.starts_with('/'))
        {
            Some(rest) => UrlPath(format!("{to}{rest}")),
            None => self.clone(),
        }
    }

    /// How many folders deep the page is; a relative link climbs this many levels.
    pub fn depth(&self) -> usize {
        self.0.matches('/').count()
    }

    /// The folders the page is in, outermost first (`kk/guides/x/` → kk, guides, x).
    fn folders(&self) -> impl Iterator<Item = &str> {
        let dirs = self.0.rfind('/').map_or("", |i| &self.0[..i]);
        dirs.split('/').filter(|s| !s.is_empty())
    }

    /// The file that serves this path, relative to the output folder.
    pub fn output_file(&self) -> PathBuf {
        if self.0.is_empty() || self.0.ends_with('/') {
            PathBuf::from(format!("{}index.html", self.0))
        } else {
            PathBuf::from(&self.0)
        }
    }
}

impl fmt::Display for UrlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}", self.0)
    }
}

/// Decodes `%XX` escapes (`%D2%9B` → `қ`); `None` for a bad escape or a result that is not
/// UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_decode_and_bad_ones_are_refused() {
        assert_eq!(percent_decode("%D2%9B%D0%B0").as_deref(), Some("қа"));
        assert_eq!(percent_decode("a%2Fb").as_deref(), Some("a/b"));
        assert_eq!(percent_decode("%+1"), None, "a sign is not a hex digit");
        assert_eq!(percent_decode("%4"), None);
        assert_eq!(percent_decode("%FF"), None, "not UTF-8");
    }

    #[test]
    fn relative_links_climb_to_the_root_then_descend() {
        let from = UrlPath::dir(["kk", "guides", "citizenship"]);
        let to = UrlPath::dir(["ru", "guides", "citizenship"]);
        assert_eq!(
            BaseUrl::Relative.href(&from, &to),
            "../../../ru/guides/citizenship/"
        );
        assert_eq!(
            BaseUrl::Relative.href(&UrlPath::root(), &UrlPath::root()),
            "./"
        );
        assert_eq!(BaseUrl::Relative.href(&from, &UrlPath::root()), "../../../");
        assert_eq!(
            BaseUrl::Relative.href(&UrlPath::file("404.html"), &to),
            to.as_str()
        );
    }

    #[test]
    fn relative_links_climb_no_higher_than_needed() {
        let from = UrlPath::dir(["kk", "guides", "alpha"]);
        let href = |from: &UrlPath, to: UrlPath| BaseUrl::Relative.href(from, &to);
        assert_eq!(
            href(&from, UrlPath::dir(["kk", "guides", "beta"])),
            "../beta/"
        );
        assert_eq!(href(&from, from.clone()), "./");
        assert_eq!(
            href(
                &UrlPath::dir(["kk", "guides"]),
                UrlPath::dir(["kk", "guides", "x"])
            ),
            "x/"
        );
        assert_eq!(href(&from, UrlPath::dir(["kk"])), "../../");
        assert_eq!(
            href(
                &UrlPath::dir(["kk", "guidesx"]),
                UrlPath::dir(["kk", "guides"])
            ),
            "../guides/"
        );
        assert_eq!(
            href(&from, UrlPath::file("style.css")),
            "../../../style.css"
        );
    }

    #[test]
    fn absolute_base_prefixes_every_link() {
        let base = BaseUrl::parse("https://centre.example/portal").ok();
        let Some(base) = base else { panic!("rejected") };
        let to = UrlPath::dir(["en"]);
        assert_eq!(
            base.href(&UrlPath::root(), &to),
            "https://centre.example/portal/en/"
        );
        assert_eq!(
            base.full_url(&to).as_deref(),
            Some("https://centre.example/portal/en/")
        );
        let path_only = BaseUrl::parse("/portal/").ok();
        assert_eq!(path_only.and_then(|b| b.full_url(&to)), None);
    }

    #[test]
    fn bad_base_urls_are_refused() {
        assert!(BaseUrl::parse("portal").is_err());
        assert!(BaseUrl::parse("https://").is_err());
        assert!(BaseUrl::parse("https://x/\"><script>").is_err());
        assert_eq!(BaseUrl::parse("relative"), Ok(BaseUrl::Relative));
    }

    #[test]
    fn folders_are_served_by_their_index_file() {
        assert_eq!(
            UrlPath::dir(["kk"]).output_file(),
            PathBuf::from("kk/index.html")
        );
        assert_eq!(UrlPath::root().output_file(), PathBuf::from("index.html"));
        assert_eq!(
            UrlPath::file("sitemap.xml").output_file(),
            PathBuf::from("sitemap.xml")
        );
    }
}
