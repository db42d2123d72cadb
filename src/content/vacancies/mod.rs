//! Vacancy data: `content/vacancies/*.csv` and `*.json`, exports of the Electronic Labour
//! Exchange or editors' own tables.
//!
//! Vacancy text is untrusted (it comes from employers through an export), so it is kept as
//! plain text here and escaped wherever it is printed. Both formats are read into the same raw
//! records and checked by one validator, so a CSV and a JSON export follow the same rules.

mod csv_file;
mod json_file;
mod report;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::content::categories::Categories;
use crate::content::date::Date;
use crate::content::regions::RegionId;
use crate::content::slug::Slug;
use crate::content::text::Text;
use crate::content::walk;
use crate::diagnostic::{Code, Diagnostic};
use crate::lang::Lang;
use report::{Found, Report, Source};

/// The folder of vacancy files under the site root.
pub const VACANCIES_DIR: &str = "content/vacancies";

/// Every field a vacancy record may have, and whether it is required.
pub const FIELDS: &[(&str, bool)] = &[
    ("id", true),
    ("title_kk", false),
    ("title_ru", false),
    ("title_en", false),
    ("employer", true),
    ("region", true),
    ("locality", false),
    ("category", true),
    ("salary_min", false),
    ("salary_max", false),
    ("employment", false),
    ("schedule", false),
    ("housing", false),
    ("experience", false),
    ("education", false),
    ("languages", false),
    ("requirements", false),
    ("duties", false),
    ("openings", false),
    ("contact", true),
    ("posted", true),
    ("expires", true),
    ("sample", false),
];

/// Ids that would collide with the listing folders under `/<lang>/vacancies/`.
const RESERVED_IDS: [&str; 3] = ["region", "category", "page"];

/// Longest text accepted in one field: a hostile export must not bloat every page.
const MAX_FIELD_CHARS: usize = 4_000;

/// The kind of employment, as schema.org names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Employment {
    /// Full time.
    FullTime,
    /// Part time.
    PartTime,
    /// Temporary.
    Temporary,
    /// Seasonal work.
    Seasonal,
    /// Rotational shifts (вахта).
    Shift,
}

impl Employment {
    fn parse(text: &str) -> Option<Employment> {
        Some(match text {
            "full-time" => Employment::FullTime,
            "part-time" => Employment::PartTime,
            "temporary" => Employment::Temporary,
            "seasonal" => Employment::Seasonal,
            "shift" => Employment::Shift,
            _ => return None,
        })
    }

    /// The value for schema.org `employmentType`.
    pub fn schema_org(self) -> &'static str {
        match self {
            Employment::FullTime => "FULL_TIME",
            Employment::PartTime => "PART_TIME",
            Employment::Temporary | Employment::Seasonal => "TEMPORARY",
            Employment::Shift => "OTHER",
        }
    }
}

/// A validated vacancy.
#[derive(Clone, Debug)]
pub struct Vacancy {
    /// Its id, lowercase, used in its URL.
    pub id: String,
    /// Its title in the languages given.
    pub title: Text,
    /// The employer.
    pub employer: String,
    /// Where the job is.
    pub region: RegionId,
    /// Town or village.
    pub locality: Option<String>,
    /// Profession category.
    pub category: Slug,
    /// Lowest monthly salary, KZT.
    pub salary_min: Option<u64>,
    /// Highest monthly salary, KZT.
    pub salary_max: Option<u64>,
    /// Kind of employment.
    pub employment: Option<Employment>,
    /// Work schedule.
    pub schedule: Option<String>,
    /// Whether the employer provides housing.
    pub housing: bool,
    /// Experience asked for.
    pub experience: Option<String>,
    /// Education asked for.
    pub education: Option<String>,
    /// Languages asked for.
    pub languages: Option<String>,
    /// Other requirements.
    pub requirements: Option<String>,
    /// Duties.
    pub duties: Option<String>,
    /// Number of openings.
    pub openings: Option<u32>,
    /// How to apply: phone or e-mail, as text.
    pub contact: String,
    /// When it was posted.
    pub posted: Date,
    /// When it closes; expired vacancies are not published.
    pub expires: Date,
    /// Sample data, not a real vacancy.
    pub sample: bool,
    /// The file it came from.
    pub file: PathBuf,
    /// The line of its record in that file.
    pub line: usize,
}

/// One field of a raw record: its text and its byte offset in the file.
#[derive(Clone, Debug)]
pub(crate) struct RawField {
    pub(crate) value: String,
    pub(crate) offset: usize,
}

/// A record as read from either format, before validation.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawRecord {
    /// Byte offset of the record in the file.
    pub(crate) offset: usize,
    /// Fields by name.
    pub(crate) fields: BTreeMap<String, RawField>,
}

/// What the validator checks references against.
pub struct Known<'a> {
    /// Region ids.
    pub regions: &'a BTreeSet<RegionId>,
    /// Profession categories.
    pub categories: &'a Categories,
}

/// Vacancy exports larger than this are refused. Employment services publish national exports
/// of tens to hundreds of megabytes; they are read one record at a time, so memory does not
/// grow with the file, and this limit only stops a runaway file from taking the build's time.
pub const MAX_EXPORT_BYTES: u64 = 512 * 1024 * 1024;

/// Loads and validates every vacancy file, each read as a stream. Duplicate ids across files
/// are errors. Each file lists its first problems and counts the rest (see `report`).
pub fn load(root: &Path, known: &Known<'_>) -> (Vec<Vacancy>, Vec<Diagnostic>) {
    let dir = root.join(VACANCIES_DIR);
    let mut problems = Vec::new();
    let mut vacancies = Vec::new();
    if !dir.is_dir() {
        return (vacancies, problems);
    }
    let mut ids = FirstSeen::default();
    for file in walk::files(root, &dir, &mut problems) {
        let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(extension, "csv" | "json") {
            if file.file_name().is_some_and(|n| n != "categories.yaml") {
                problems.push(
                    Diagnostic::error(Code::IgnoredFile, &file, "not a vacancy file; ignored")
                        .warning()
                        .with_hint("vacancy exports are .csv or .json files"),
                );
            }
            continue;
        }
        match open(&file) {
            Ok(reader) => vacancies.extend(read(&file, reader, known, &mut ids, &mut problems)),
            Err(d) => problems.push(d),
        }
    }
    (vacancies, problems)
}

/// Reads and validates the vacancies of one export held in memory, CSV or JSON by the file's
/// extension; problems are added to `problems`, the first of them and a count of the rest.
/// Duplicate ids across files are checked by [`load`].
pub fn read_file(
    file: &Path,
    bytes: &[u8],
    known: &Known<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Vacancy> {
    read(file, bytes, known, &mut FirstSeen::default(), problems)
}

/// The first vacancy of each id: its file's name and its line.
type FirstSeen = HashMap<String, (String, usize)>;

/// Reads one export record by record, checking each as it is read and its id against those
/// read before, in this file or earlier ones (`ids`).
fn read(
    file: &Path,
    mut reader: impl BufRead,
    known: &Known<'_>,
    ids: &mut FirstSeen,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Vacancy> {
    let mut sink = Sink {
        known,
        ids,
        name: file
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
        vacancies: Vec::new(),
        report: Report::default(),
    };
    // A byte-order mark (Excel writes one) is not part of the data.
    if reader
        .fill_buf()
        .is_ok_and(|start| start.starts_with(b"\xEF\xBB\xBF"))
    {
        reader.consume(3);
    }
    if file.extension().is_some_and(|e| e == "csv") {
        csv_file::read(file, reader, &mut sink);
    } else {
        json_file::read(file, reader, &mut sink);
    }
    sink.report.finish(problems);
    sink.vacancies
}

/// Opens an export for reading, refusing one over [`MAX_EXPORT_BYTES`].
fn open(file: &Path) -> Result<BufReader<File>, Diagnostic> {
    let unreadable = |e: std::io::Error| {
        Diagnostic::error(Code::UnreadableFile, file, format!("cannot read: {e}"))
    };
    let opened = File::open(file).map_err(unreadable)?;
    let size = opened.metadata().map_err(unreadable)?.len();
    if size > MAX_EXPORT_BYTES {
        return Err(Diagnostic::error(
            Code::UnreadableFile,
            file,
            format!("the file is {size} bytes; the limit for a vacancy export is {MAX_EXPORT_BYTES} bytes"),
        )
        .with_hint("split the export into several files"));
    }
    Ok(BufReader::with_capacity(READ_BUFFER, opened))
}

/// How much of an export is read from the disk at a time.
const READ_BUFFER: usize = 256 * 1024;

/// Where the records of one file go as they are read: checked, their ids compared with those
/// seen before, their problems reported.
pub(crate) struct Sink<'a> {
    known: &'a Known<'a>,
    ids: &'a mut FirstSeen,
    /// The file's name, for the message about a duplicate id.
    name: String,
    vacancies: Vec<Vacancy>,
    report: Report,
}

impl Sink<'_> {
    /// Takes one record as read (none when it could not be read) and the problems found in
    /// reading it.
    pub(crate) fn record(
        &mut self,
        source: &Source<'_>,
        record: Option<RawRecord>,
        mut found: Vec<Found>,
    ) {
        if let Some(record) = record {
            match validate(source, &record, self.known) {
                Ok(vacancy) => {
                    if let Some((file, line)) = self.ids.get(vacancy.id.as_str()) {
                        found.push(
                            source
                                .error_at(
                                    vacancy.line,
                                    1,
                                    format!(
                                        "duplicate vacancy id `{}` (first in {file} at line {line})",
                                        vacancy.id
                                    ),
                                )
                                .with_hint("each vacancy needs its own id"),
                        );
                    } else {
                        self.ids
                            .insert(vacancy.id.clone(), (self.name.clone(), vacancy.line));
                        self.vacancies.push(vacancy);
                    }
                }
                Err(mut more) => found.append(&mut more),
            }
        }
        self.report.add(source, found);
    }

    /// Takes a problem at `line` and `column` of `file` that no record holds: the file ends
    /// where it must not, or cannot be read on from there.
    pub(crate) fn problem_at(
        &mut self,
        file: &Path,
        (line, column): (usize, usize),
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        let source = Source::new(file, "", line, column);
        let found = source.error(0, message);
        let found = match hint {
            Some(hint) => found.with_hint(hint),
            None => found,
        };
        self.record(&source, None, vec![found]);
    }
}

/// The problem of a file that cannot be read on.
pub(crate) fn cannot_read(e: &std::io::Error) -> String {
    format!("the file cannot be read on from here: {e}")
}

/// Checks one raw record and builds the vacancy, or lists every problem in it.
fn validate(
    source: &Source<'_>,
    record: &RawRecord,
    known: &Known<'_>,
) -> Result<Vacancy, Vec<Found>> {
    let mut problems = Vec::new();
    let field = |name: &str| {
        record
            .fields
            .get(name)
            .filter(|f| !f.value.trim().is_empty())
    };
    for (name, required) in FIELDS {
        if *required && field(name).is_none() {
            let at = record.fields.get(*name).map_or(record.offset, |f| f.offset);
            problems.push(
                source
                    .error(at, format!("`{name}` is required"))
                    .with_hint(format!("give the vacancy's {name}")),
            );
        }
    }
    for (name, raw) in &record.fields {
        if raw.value.chars().count() > MAX_FIELD_CHARS {
            problems.push(source.error(
                raw.offset,
                format!("`{name}` is longer than {MAX_FIELD_CHARS} characters"),
            ));
        }
    }
    let text = |name: &str| field(name).map(|f| f.value.trim().to_owned());
    let mut error = |name: &str, message: String, hint: &str| {
        let at = record.fields.get(name).map_or(record.offset, |f| f.offset);
        let d = source.error(at, message);
        problems.push(if hint.is_empty() {
            d
        } else {
            d.with_hint(hint)
        });
    };

    let id = text("id").unwrap_or_default().to_ascii_lowercase();
    let id_ok = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !id.is_empty() && !id_ok {
        error(
            "id",
            format!("id `{}` is not usable in a URL", id.escape_debug()),
            "use Latin letters, digits, `-` and `_`",
        );
    } else if RESERVED_IDS.contains(&id.as_str()) {
        error("id", format!("id `{id}` is reserved"), "choose another id");
    }

    let title = Text::from_pairs(
        Lang::ALL
            .into_iter()
            .filter_map(|l| text(&format!("title_{l}")).map(|t| (l, t))),
    );
    if title.all().next().is_none() {
        error(
            "title_kk",
            "the vacancy has no title".to_owned(),
            "give title_kk, title_ru or title_en",
        );
    }

    let region = text("region").and_then(|r| match RegionId::parse(&r) {
        Ok(id) if known.regions.contains(&id) => Some(id),
        _ => {
            error(
                "region",
                format!("unknown region `{}`", r.escape_debug()),
                "use an id of content/regions/, e.g. `pavlodar`",
            );
            None
        }
    });
    let category = text("category").and_then(|c| match Slug::parse(&c) {
        Ok(slug) if known.categories.contains_key(&slug) => Some(slug),
        _ => {
            let ids: Vec<&str> = known.categories.keys().map(Slug::as_str).collect();
            error(
                "category",
                format!("unknown category `{}`", c.escape_debug()),
                &format!("one of: {}", ids.join(", ")),
            );
            None
        }
    });

    let mut number = |name: &str| -> Option<u64> {
        let raw = text(name)?;
        let digits: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_'))
            .collect();
        match digits.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                error(
                    name,
                    format!(
                        "`{name}` must be a whole number of tenge, not `{}`",
                        raw.escape_debug()
                    ),
                    "e.g. 250000",
                );
                None
            }
        }
    };
    let salary_min = number("salary_min");
    let salary_max = number("salary_max");
    let openings = number("openings").and_then(|n| u32::try_from(n).ok());
    if let (Some(min), Some(max)) = (salary_min, salary_max)
        && min > max
    {
        error(
            "salary_min",
            format!("salary_min {min} is more than salary_max {max}"),
            "swap them, or correct one",
        );
    }

    let mut date = |name: &str| -> Option<Date> {
        let raw = text(name)?;
        match raw.parse::<Date>() {
            Ok(date) => Some(date),
            Err(e) => {
                error(name, format!("`{name}`: {e}"), "");
                None
            }
        }
    };
    let posted = date("posted");
    let expires = date("expires");
    if let (Some(posted), Some(expires)) = (posted, expires)
        && expires < posted
    {
        error(
            "expires",
            format!("the vacancy expires ({expires}) before it was posted ({posted})"),
            "",
        );
    }

    let mut flag = |name: &str| -> bool {
        match text(name).map(|t| t.to_lowercase()).as_deref() {
            None | Some("false" | "no" | "0") => false,
            Some("true" | "yes" | "1") => true,
            Some(other) => {
                error(
                    name,
                    format!("`{name}` must be yes or no, not `{}`", other.escape_debug()),
                    "",
                );
                false
            }
        }
    };
    let housing = flag("housing");
    let sample = flag("sample");
    let employment = text("employment").and_then(|e| match Employment::parse(&e) {
        Some(kind) => Some(kind),
        None => {
            error(
                "employment",
                format!("unknown employment type `{}`", e.escape_debug()),
                "one of: full-time, part-time, temporary, seasonal, shift",
            );
            None
        }
    });

    let line = source.line(record.offset);
    match (region, category, posted, expires) {
        (Some(region), Some(category), Some(posted), Some(expires)) if problems.is_empty() => {
            Ok(Vacancy {
                id,
                title,
                employer: text("employer").unwrap_or_default(),
                region,
                locality: text("locality"),
                category,
                salary_min,
                salary_max,
                employment,
                schedule: text("schedule"),
                housing,
                experience: text("experience"),
                education: text("education"),
                languages: text("languages"),
                requirements: text("requirements"),
                duties: text("duties"),
                openings,
                contact: text("contact").unwrap_or_default(),
                posted,
                expires,
                sample,
                file: source.file.to_path_buf(),
                line,
            })
        }
        _ => Err(problems),
    }
}
