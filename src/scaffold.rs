//! `bagdar new`: a minimal working site in three languages, with the default theme embedded in
//! the binary so it works on a machine that has nothing but `bagdar`.

use std::fs;
use std::path::{Path, PathBuf};

/// The default theme, file by file (a test keeps this list equal to `themes/default/`).
pub const THEME: &[(&str, &str)] = &[
    (
        "i18n/en.yaml",
        include_str!("../themes/default/i18n/en.yaml"),
    ),
    (
        "i18n/kk.yaml",
        include_str!("../themes/default/i18n/kk.yaml"),
    ),
    (
        "i18n/ru.yaml",
        include_str!("../themes/default/i18n/ru.yaml"),
    ),
    (
        "static/favicon.svg",
        include_str!("../themes/default/static/favicon.svg"),
    ),
    (
        "static/search.js",
        include_str!("../themes/default/static/search.js"),
    ),
    (
        "static/style.css",
        include_str!("../themes/default/static/style.css"),
    ),
    (
        "templates/404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "templates/base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "templates/chooser.html",
        include_str!("../themes/default/templates/chooser.html"),
    ),
    (
        "templates/guide.html",
        include_str!("../themes/default/templates/guide.html"),
    ),
    (
        "templates/help.html",
        include_str!("../themes/default/templates/help.html"),
    ),
    (
        "templates/home.html",
        include_str!("../themes/default/templates/home.html"),
    ),
    (
        "templates/listing.html",
        include_str!("../themes/default/templates/listing.html"),
    ),
    (
        "templates/macros.html",
        include_str!("../themes/default/templates/macros.html"),
    ),
    (
        "templates/news-card.html",
        include_str!("../themes/default/templates/news-card.html"),
    ),
    (
        "templates/news-list.html",
        include_str!("../themes/default/templates/news-list.html"),
    ),
    (
        "templates/news.html",
        include_str!("../themes/default/templates/news.html"),
    ),
    (
        "templates/pagination.html",
        include_str!("../themes/default/templates/pagination.html"),
    ),
    (
        "templates/region.html",
        include_str!("../themes/default/templates/region.html"),
    ),
    (
        "templates/regions.html",
        include_str!("../themes/default/templates/regions.html"),
    ),
    (
        "templates/save-offline.html",
        include_str!("../themes/default/templates/save-offline.html"),
    ),
    (
        "templates/search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "templates/section.html",
        include_str!("../themes/default/templates/section.html"),
    ),
    (
        "templates/sources.html",
        include_str!("../themes/default/templates/sources.html"),
    ),
    (
        "templates/untranslated.html",
        include_str!("../themes/default/templates/untranslated.html"),
    ),
    (
        "templates/vacancies.html",
        include_str!("../themes/default/templates/vacancies.html"),
    ),
    (
        "templates/vacancy-card.html",
        include_str!("../themes/default/templates/vacancy-card.html"),
    ),
    (
        "templates/vacancy-list.html",
        include_str!("../themes/default/templates/vacancy-list.html"),
    ),
    (
        "templates/vacancy.html",
        include_str!("../themes/default/templates/vacancy.html"),
    ),
];

const CONFIG: &str = r#"# Bagdar site configuration. Languages in menu order; the first is the default.
languages:
  - code: kk
    title: "Жаңа сайт"
    description: "Сайттың қысқаша сипаттамасы."
    # Every Kazakh page again in the Arabic script (/kk-arab/) and in 2021 Latin (/kk-latn/),
    # converted at build time; remove a script to leave its edition out.
    editions: [Arab, Latn]
  - code: ru
    title: "Новый сайт"
    description: "Краткое описание сайта."
  - code: en
    title: "New site"
    description: "A short description of the site."
theme: default
"#;

const CONTENT: &[(&str, &str)] = &[
    (
        "content/guides/_index.kk.md",
        "---\ntitle: \"Нұсқаулықтар\"\nsummary: \"Барлық нұсқаулықтар.\"\n---\n",
    ),
    (
        "content/guides/_index.ru.md",
        "---\ntitle: \"Справочник\"\nsummary: \"Все справки.\"\n---\n",
    ),
    (
        "content/guides/_index.en.md",
        "---\ntitle: \"Guides\"\nsummary: \"All guides.\"\n---\n",
    ),
    (
        "content/guides/first-steps.kk.md",
        "---\ntitle: \"Алғашқы қадамдар\"\nsummary: \"Бірінші нұсқаулықтың үлгісі.\"\nreviewed: 2026-01-01\norder: 10\nsources:\n  - title: \"Электрондық үкімет\"\n    url: \"https://egov.kz\"\n---\n\n## Не істеу керек {#steps}\n\n1. Осы файлды өңдеңіз.\n2. `bagdar build` іске қосыңыз.\n",
    ),
    (
        "content/guides/first-steps.ru.md",
        "---\ntitle: \"Первые шаги\"\nsummary: \"Образец первой справки.\"\nreviewed: 2026-01-01\norder: 10\nsources:\n  - title: \"Электронное правительство\"\n    url: \"https://egov.kz\"\n---\n\n## Что сделать {#steps}\n\n1. Отредактируйте этот файл.\n2. Запустите `bagdar build`.\n",
    ),
    (
        "content/guides/first-steps.en.md",
        "---\ntitle: \"First steps\"\nsummary: \"A sample first guide.\"\nreviewed: 2026-01-01\norder: 10\nsources:\n  - title: \"E-government\"\n    url: \"https://egov.kz\"\n---\n\n## What to do {#steps}\n\n1. Edit this file.\n2. Run `bagdar build`.\n",
    ),
    ("static/.gitkeep", ""),
];

/// Why a site could not be created.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The folder exists and has files.
    #[error("{0} exists and is not empty")]
    NotEmpty(PathBuf),
    /// Writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
}

/// Writes a new site into `dir` and returns the number of files written.
pub fn create(dir: &Path) -> Result<usize, ScaffoldError> {
    let has_files = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if has_files || dir.is_file() {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let theme = THEME
        .iter()
        .map(|(path, text)| (format!("themes/default/{path}"), *text));
    let files = [("bagdar.yaml".to_owned(), CONFIG)]
        .into_iter()
        .chain(CONTENT.iter().map(|(p, t)| ((*p).to_owned(), *t)))
        .chain(theme);
    let mut count = 0;
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        fs::write(&path, text).map_err(|source| ScaffoldError::Io {
            path: path.clone(),
            source,
        })?;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_theme_lists_every_file_of_themes_default() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .ok()
                    .map(|p| p.to_string_lossy().into_owned())
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = THEME.iter().map(|(p, _)| (*p).to_owned()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }
}
