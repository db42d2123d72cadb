//! Slugs: the URL-safe names of guides and sections, taken from file and folder names.

use std::fmt;

use serde::Serialize;

/// A lowercase ASCII name of letters, digits and single hyphens (`labour-migrants`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Slug(String);

impl Slug {
    /// Checks that `text` is a valid slug.
    pub fn parse(text: &str) -> Result<Slug, String> {
        let valid = !text.is_empty()
            && text.len() <= 100
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if valid {
            Ok(Slug(text.to_owned()))
        } else {
            Err(format!(
                "`{}` is not a valid name for a URL: use lowercase Latin letters, digits and \
                 single hyphens, e.g. `residence-permit`",
                text.escape_debug()
            ))
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii_with_single_hyphens() {
        assert!(Slug::parse("labour-migrants").is_ok());
        assert!(Slug::parse("step2").is_ok());
        for bad in [
            "",
            "Citizenship",
            "a--b",
            "-a",
            "a-",
            "../x",
            "a/b",
            "қандас",
            "a b",
            "a\0b",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
