//! The guide tree: `content/guides/<section>/<slug>.<lang>.md` and `_index.<lang>.md` files.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::front_matter::{self, FrontMatter, Shape};
use crate::content::slug::Slug;
use crate::content::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Lang;

/// The folder of guides under the site root.
pub const GUIDES_DIR: &str = "content/guides";

/// A section: the folder path under `content/guides` (empty for the root of all guides).
pub type SectionKey = Vec<Slug>;

/// A guide, independent of language: its section and slug. Translations share one key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GuideKey {
    /// The section folders it is in.
    pub section: SectionKey,
    /// Its slug, from the file name.
    pub slug: Slug,
}

impl GuideKey {
    /// The key as editors write it in links: `labour-migrants/registration`.
    pub fn path(&self) -> String {
        let mut parts: Vec<&str> = self.section.iter().map(Slug::as_str).collect();
        parts.push(self.slug.as_str());
        parts.join("/")
    }
}

/// The folder of news items under the site root.
pub const NEWS_DIR: &str = "content/news";

/// What a Markdown file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocKind {
    /// A guide page.
    Guide(GuideKey),
    /// A section's `_index` page.
    Section(SectionKey),
    /// A news item, by its slug (the file name; folders under `content/news/` only sort the
    /// files for editors).
    News(Slug),
}

/// Which tree of Markdown files is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tree {
    Guides,
    News,
}

/// One Markdown file in one language, with its front matter parsed.
#[derive(Clone, Debug)]
pub struct Document {
    /// Guide or section.
    pub kind: DocKind,
    /// The language in the file name.
    pub lang: Lang,
    /// Parsed front matter.
    pub front: FrontMatter,
    /// The file's path (absolute, or as given).
    pub file: PathBuf,
    /// The whole file text (for error snippets).
    pub text: String,
    /// Where the Markdown body starts in `text`.
    pub body_offset: usize,
}

impl Document {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// Loads every guide and section file, in parallel; returns the documents (sorted by path)
/// and every problem found.
pub fn load(root: &Path, config: &Config) -> (Vec<Document>, Vec<Diagnostic>) {
    load_tree(root, config, Tree::Guides)
}

/// Loads every news item under `content/news/` (a site may have none: no folder, no news).
pub fn load_news(root: &Path, config: &Config) -> (Vec<Document>, Vec<Diagnostic>) {
    load_tree(root, config, Tree::News)
}

fn load_tree(root: &Path, config: &Config, tree: Tree) -> (Vec<Document>, Vec<Diagnostic>) {
    let dir = root.join(match tree {
        Tree::Guides => GUIDES_DIR,
        Tree::News => NEWS_DIR,
    });
    let mut problems = Vec::new();
    if tree == Tree::News && !dir.exists() {
        return (Vec::new(), problems);
    }
    if !dir.is_dir() {
        problems.push(
            Diagnostic::error(Code::FileLayout, &dir, "the guides folder is missing")
                .with_hint("create content/guides/ with at least `_index.<lang>.md` files"),
        );
        return (Vec::new(), problems);
    }
    let files = walk::files(root, &dir, &mut problems);
    let results: Vec<Result<Option<Document>, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|file| load_one(&dir, file, config, tree))
        .collect();
    let mut documents = Vec::new();
    for result in results {
        match result {
            Ok(Some(document)) => documents.push(document),
            Ok(None) => {}
            Err(mut found) => problems.append(&mut found),
        }
    }
    (documents, problems)
}

fn load_one(
    dir: &Path,
    file: &Path,
    config: &Config,
    tree: Tree,
) -> Result<Option<Document>, Vec<Diagnostic>> {
    let rel = file.strip_prefix(dir).unwrap_or(file);
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let Some(stem) = name.strip_suffix(".md") else {
        let warning = Diagnostic::error(Code::IgnoredFile, file, "not a Markdown file; ignored")
            .warning()
            .with_hint(match tree {
                Tree::Guides => "guides are named `<slug>.<lang>.md`",
                Tree::News => "news items are named `<slug>.<lang>.md`",
            });
        return Err(vec![warning]);
    };
    let Some((base, lang_code)) = stem.rsplit_once('.') else {
        return Err(vec![
            Diagnostic::error(Code::FileLayout, file, "the file name has no language").with_hint(
                format!("name it `{stem}.kk.md`, `{stem}.ru.md` or `{stem}.en.md`"),
            ),
        ]);
    };
    let lang = match lang_code.parse::<Lang>() {
        Ok(lang) if config.language(lang).is_some() => lang,
        _ => {
            return Err(vec![
                Diagnostic::error(
                    Code::FileLayout,
                    file,
                    format!("`{lang_code}` in the file name is not one of the site's languages"),
                )
                .with_hint("the languages are listed under `languages` in bagdar.yaml"),
            ]);
        }
    };
    let mut section = Vec::new();
    for component in rel.parent().into_iter().flat_map(Path::components) {
        let text = component.as_os_str().to_string_lossy();
        section.push(
            Slug::parse(&text).map_err(|m| vec![Diagnostic::error(Code::FileLayout, file, m)])?,
        );
    }
    let slug = || Slug::parse(base).map_err(|m| vec![Diagnostic::error(Code::FileLayout, file, m)]);
    let kind = match tree {
        Tree::Guides if base == "_index" => DocKind::Section(section),
        Tree::Guides => DocKind::Guide(GuideKey {
            section,
            slug: slug()?,
        }),
        // `page` is where the news list's later pages live: `/<lang>/news/page/2/`.
        Tree::News if base == "_index" || base == "page" => {
            return Err(vec![
                Diagnostic::error(
                    Code::FileLayout,
                    file,
                    format!("`{base}` cannot be the name of a news item"),
                )
                .with_hint("name the item after what it reports: `quotas-2026.kk.md`"),
            ]);
        }
        Tree::News => DocKind::News(slug()?),
    };
    let text = walk::read_text(file).map_err(|d| vec![d])?;
    let shape = match kind {
        DocKind::Guide(_) => Shape::Guide,
        DocKind::Section(_) => Shape::Section,
        DocKind::News(_) => Shape::News,
    };
    let (front, split) = front_matter::parse(file, &text, shape)?;
    let body_offset = split.body_offset;
    Ok(Some(Document {
        kind,
        lang,
        front,
        file: file.to_path_buf(),
        text,
        body_offset,
    }))
}
