//! Profession categories of vacancies: `content/vacancies/categories.yaml`, id → names.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::slug::Slug;
use crate::content::text::Text;
use crate::content::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::yaml;

/// The categories file under the site root.
pub const CATEGORIES_FILE: &str = "content/vacancies/categories.yaml";

/// Profession categories by id, in file order of ids (sorted).
pub type Categories = BTreeMap<Slug, Text>;

/// Loads the categories; a site without the file has none.
pub fn load(root: &Path) -> Result<Categories, Vec<Diagnostic>> {
    let file = root.join(CATEGORIES_FILE);
    if !file.exists() {
        return Ok(Categories::new());
    }
    let text = walk::read_inside(root, &file).map_err(|d| vec![d])?;
    let raw: BTreeMap<String, Text> =
        yaml::parse(Code::CategoryData, &file, &text, &text, 1).map_err(|d| vec![d])?;
    let mut categories = Categories::new();
    let mut problems = Vec::new();
    for (id, names) in raw {
        match Slug::parse(&id) {
            Ok(slug) => {
                categories.insert(slug, names);
            }
            Err(message) => problems.push(Diagnostic::error(Code::CategoryData, &file, message)),
        }
    }
    if problems.is_empty() {
        Ok(categories)
    } else {
        Err(problems)
    }
}
