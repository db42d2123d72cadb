//! Region settlement listings: `content/regions/<id>.yaml`, one file per region or city.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::content::date::Date;
use crate::content::front_matter::Source;
use crate::content::slug::Slug;
use crate::content::text::Text;
use crate::content::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::yaml;

/// The folder of region files under the site root.
pub const REGIONS_DIR: &str = "content/regions";

/// A region's id, from its file name (`pavlodar`), used in URLs and references.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RegionId(Slug);

impl RegionId {
    /// Checks that `text` can be a region id.
    pub fn parse(text: &str) -> Result<RegionId, String> {
        Slug::parse(text).map(RegionId)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for RegionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Region (oblys) or city of republican significance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    /// An oblys.
    Region,
    /// Astana, Almaty, Shymkent.
    City,
}

/// A published quota figure.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// The year it applies to.
    pub year: u16,
    /// Places for internal resettlers, when published.
    #[serde(default)]
    pub resettlers: Option<u32>,
    /// Places for qandastar, when published.
    #[serde(default)]
    pub qandastar: Option<u32>,
    /// Where the figure comes from, or a caveat.
    #[serde(default)]
    pub note: Option<Text>,
}

/// A village or district that offers housing or needs specialists.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locality {
    /// Its name.
    pub name: Text,
    /// Its district.
    #[serde(default)]
    pub district: Option<Text>,
    /// What it offers newcomers.
    #[serde(default)]
    pub offers: Option<Text>,
    /// Specialists it needs.
    #[serde(default)]
    pub needs: Vec<Text>,
    /// An example entry, not a real offer; shown marked as such.
    pub sample: bool,
}

/// A support centre or help line for the region.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Centre {
    /// Its name.
    pub name: Text,
    /// The town it is in.
    #[serde(default)]
    pub city: Option<Text>,
    /// Street address.
    #[serde(default)]
    pub address: Option<Text>,
    /// Phone number, as dialled.
    #[serde(default)]
    pub phone: Option<String>,
    /// Opening hours.
    #[serde(default)]
    pub hours: Option<Text>,
    /// An example entry, not a real office.
    #[serde(default)]
    pub sample: bool,
}

/// One region's file, as editors write it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionData {
    /// Region or city.
    pub kind: RegionKind,
    /// Official names.
    pub name: Text,
    /// Other spellings people type, for search.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Administrative centre (regions only).
    #[serde(default)]
    pub centre: Option<Text>,
    /// Whether it is on the list of regions for qandastar.
    pub takes_qandastar: bool,
    /// Whether it has a quota for internal resettlers.
    pub takes_resettlers: bool,
    /// Quota figures by year.
    #[serde(default)]
    pub quota: Vec<Quota>,
    /// One or two sentences about the region for movers.
    pub summary: Text,
    /// The support offered.
    #[serde(default)]
    pub support: Option<Text>,
    /// Professions most in demand.
    #[serde(default)]
    pub priority_professions: Vec<Text>,
    /// Villages and districts with housing or jobs.
    #[serde(default)]
    pub localities: Vec<Locality>,
    /// Support centres and lines.
    #[serde(default)]
    pub centres: Vec<Centre>,
    /// Where the facts come from.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// When an editor last checked the facts.
    pub reviewed: Date,
}

/// A loaded region.
#[derive(Clone, Debug)]
pub struct Region {
    /// Its id.
    pub id: RegionId,
    /// Its data.
    pub data: RegionData,
    /// The file it came from.
    pub file: PathBuf,
}

impl Region {
    /// The latest quota entry, if any.
    pub fn latest_quota(&self) -> Option<&Quota> {
        self.data.quota.iter().max_by_key(|q| q.year)
    }
}

/// Loads every region file, sorted by id. A missing folder means a site without regions.
pub fn load(root: &Path) -> (Vec<Region>, Vec<Diagnostic>) {
    let dir = root.join(REGIONS_DIR);
    let mut problems = Vec::new();
    let mut regions = Vec::new();
    if !dir.is_dir() {
        return (regions, problems);
    }
    for file in walk::files(root, &dir, &mut problems) {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(stem) = name.strip_suffix(".yaml") else {
            problems.push(
                Diagnostic::error(Code::IgnoredFile, &file, "not a region file; ignored")
                    .warning()
                    .with_hint("region files are named `<id>.yaml`"),
            );
            continue;
        };
        if file.parent() != Some(dir.as_path()) {
            problems.push(Diagnostic::error(
                Code::FileLayout,
                &file,
                "region files belong directly in content/regions/",
            ));
            continue;
        }
        let id = match RegionId::parse(stem) {
            Ok(id) => id,
            Err(message) => {
                problems.push(Diagnostic::error(Code::FileLayout, &file, message));
                continue;
            }
        };
        let text = match walk::read_text(&file) {
            Ok(text) => text,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        if let Some(data) = parse(&file, &text, &mut problems) {
            regions.push(Region { id, data, file });
        }
    }
    (regions, problems)
}

/// Parses and checks the text of one region file; problems (warnings too) are added to
/// `problems`, and the data is returned when it parsed.
pub fn parse(file: &Path, text: &str, problems: &mut Vec<Diagnostic>) -> Option<RegionData> {
    match yaml::parse::<RegionData>(Code::RegionData, file, text, text, 1) {
        Ok(data) => {
            check(file, text, &data, problems);
            Some(data)
        }
        Err(d) => {
            problems.push(d);
            None
        }
    }
}

fn check(file: &Path, text: &str, data: &RegionData, problems: &mut Vec<Diagnostic>) {
    let at = |key: &str, message: String| {
        let line = text
            .lines()
            .position(|l| {
                l.trim_start()
                    .trim_start_matches("- ")
                    .starts_with(&format!("{key}:"))
            })
            .map_or(1, |i| i + 1);
        let column = text
            .lines()
            .nth(line - 1)
            .map_or(1, |l| l.len() - l.trim_start().len() + 1);
        Diagnostic::error_at(Code::RegionData, file, text, line, column, message)
    };
    if data.kind == RegionKind::Region && data.centre.is_none() {
        problems.push(at(
            "kind",
            "a region needs its administrative `centre`".to_owned(),
        ));
    }
    let mut years: Vec<u16> = data.quota.iter().map(|q| q.year).collect();
    years.sort_unstable();
    if years.windows(2).any(|w| w[0] == w[1]) {
        problems.push(at(
            "quota",
            "the quota lists the same year twice".to_owned(),
        ));
    }
    if data.takes_resettlers && !data.quota.iter().any(|q| q.resettlers.is_some()) {
        problems.push(
            at(
                "takes_resettlers",
                "`takes_resettlers: true` but no resettler quota is given".to_owned(),
            )
            .warning(),
        );
    }
    if data.takes_qandastar && !data.quota.iter().any(|q| q.qandastar.is_some()) {
        problems.push(
            at(
                "takes_qandastar",
                "`takes_qandastar: true` but no quota for qandastar is given".to_owned(),
            )
            .warning(),
        );
    }
    for source in &data.sources {
        if !(source.url.starts_with("https://") || source.url.starts_with("http://")) {
            problems.push(at(
                "sources",
                format!(
                    "source `{}` has an invalid URL `{}`",
                    source.title, source.url
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(text: &str) -> Vec<(Option<usize>, String)> {
        let mut problems = Vec::new();
        parse(Path::new("r.yaml"), text, &mut problems);
        problems.into_iter().map(|d| (d.line, d.message)).collect()
    }

    #[test]
    fn a_region_on_a_list_needs_the_quota_of_that_list() {
        let head = "kind: city\nname: {en: \"A\"}\n";
        let tail = "summary: {en: \"S\"}\nreviewed: 2026-11-23\n";
        assert_eq!(
            warnings(&format!(
                "{head}takes_qandastar: true\ntakes_resettlers: true\n{tail}"
            )),
            [
                (
                    Some(4),
                    "`takes_resettlers: true` but no resettler quota is given".to_owned()
                ),
                (
                    Some(3),
                    "`takes_qandastar: true` but no quota for qandastar is given".to_owned()
                ),
            ]
        );
        let quota = "quota: [{year: 2026, resettlers: 10, qandastar: 5}]\n";
        assert_eq!(
            warnings(&format!(
                "{head}takes_qandastar: true\ntakes_resettlers: true\n{quota}{tail}"
            )),
            []
        );
    }
}
