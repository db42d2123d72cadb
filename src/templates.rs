//! The theme's tera templates, parsed once per build and shared by every render thread.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use tera::Tera;

use crate::content::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::I18n;
use crate::lang::Lang;

/// The templates every theme must have, one per kind of page.
pub(crate) const REQUIRED: [&str; 18] = [
    "sources.html",
    "search.html",
    "base.html",
    "help.html",
    "listing.html",
    "macros.html",
    "chooser.html",
    "home.html",
    "section.html",
    "guide.html",
    "untranslated.html",
    "404.html",
    "regions.html",
    "region.html",
    "vacancies.html",
    "vacancy-list.html",
    "vacancy-card.html",
    "vacancy.html",
];

/// Loads `themes/<theme>/templates/**/*.html` and registers Bagdar's template functions.
pub(crate) fn load(
    root: &Path,
    theme_dir: &Path,
    i18n: Arc<I18n>,
) -> Result<Tera, Vec<Diagnostic>> {
    let dir = theme_dir.join("templates");
    if !theme_dir.is_dir() {
        return Err(vec![
            Diagnostic::error(Code::Theme, theme_dir, "the theme folder does not exist").with_hint(
                "check `theme` in bagdar.yaml, or copy themes/default from `bagdar new`",
            ),
        ]);
    }
    let mut problems = Vec::new();
    let mut sources = Vec::new();
    for file in walk::files(root, &dir, &mut problems) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let name = file
            .strip_prefix(&dir)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        match walk::read_text(&file) {
            Ok(text) => sources.push((name, text)),
            Err(d) => problems.push(d),
        }
    }
    for required in REQUIRED {
        if !sources.iter().any(|(name, _)| name == required) {
            problems.push(Diagnostic::error(
                Code::Theme,
                dir.join(required),
                "the theme lacks this template",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    // Autoescape everything the templates print; trusted HTML is marked `| safe` explicitly.
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| {
            let chain = error_chain(&e);
            let place = parse_error_place(&chain).and_then(|(name, line, column, reason)| {
                let (_, text) = sources.iter().find(|(n, _)| *n == name)?;
                Some(Diagnostic::error_at(
                    Code::Theme,
                    dir.join(&name),
                    text,
                    line,
                    column,
                    format!("the template does not parse: {reason}"),
                ))
            });
            vec![place.unwrap_or_else(|| {
                Diagnostic::error(
                    Code::Theme,
                    &dir,
                    format!("a template does not parse: {chain}"),
                )
            })]
        })?;
    tera.register_function("plural", move |args: &HashMap<String, tera::Value>| {
        let get = |name: &str| {
            args.get(name)
                .ok_or_else(|| tera::Error::msg(format!("plural() needs `{name}`")))
        };
        let lang: Lang = get("lang")?
            .as_str()
            // An edition's page (`kk-Arab`) counts as its base language does; the text is
            // converted with the rest of the page.
            .and_then(|s| s.split('-').next())
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| tera::Error::msg("plural(): `lang` must be a site language"))?;
        let key = get("key")?
            .as_str()
            .ok_or_else(|| tera::Error::msg("plural(): `key` must be a string"))?;
        let n = get("n")?
            .as_u64()
            .ok_or_else(|| tera::Error::msg("plural(): `n` must be a whole number"))?;
        i18n.plural(lang, key, n)
            .map(tera::Value::String)
            .ok_or_else(|| {
                tera::Error::msg(format!("plural(): no plural string `{key}` in {lang}"))
            })
    });
    Ok(tera)
}

/// Escapes the five characters that matter in HTML text and quoted attributes. Tera's own
/// escaper also encodes `/`, which bloats every link (`..&#x2F;..&#x2F;`) for no safety gain.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// The template, line, column and reason of a tera parse error, which reads
/// `Failed to parse 'guide.html':  --> 2:23 … = expected a value`.
fn parse_error_place(chain: &str) -> Option<(String, usize, usize, String)> {
    let name = chain.split_once("Failed to parse '")?.1.split_once('\'')?.0;
    let place = chain.split_once("--> ")?.1;
    let (line, rest) = place.split_once(':')?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let reason = chain
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or("a tag or expression is malformed");
    Some((
        name.to_owned(),
        line.trim().parse().ok()?,
        column.parse().ok()?,
        reason.to_owned(),
    ))
}

/// A tera error with its causes, which carry the template name, line and reason.
pub(crate) fn error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
