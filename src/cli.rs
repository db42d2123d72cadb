//! The command line: `bagdar build`, `check`, `new` and `search`.

use std::path::PathBuf;

use bagdar::content::date::Date;
use bagdar::url::BaseUrl;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Bagdar builds the trilingual (kk/ru/en) portal for people moving to and within Kazakhstan
/// into a static site that any plain web host can serve.
#[derive(Debug, Parser)]
#[command(name = "bagdar", version, about, long_about = None)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (replaced whole, only when the build succeeds).
    Build(BuildArgs),
    /// Check the site without writing anything: everything the build validates, plus plain
    /// links and anchors, translation coverage and guides not reviewed for a long time.
    Check(CheckArgs),
    /// Create a minimal working site in three languages in a new folder.
    New(NewArgs),
    /// Build, serve the site for preview, and rebuild what changed whenever a source changes.
    Serve(ServeArgs),
    /// Search the built site's index (the same files the browser reads).
    Search(SearchArgs),
}

/// Options of `bagdar search`.
#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// What to search for. Quotes make a phrase; a leading `-` excludes a word.
    #[arg(value_name = "QUERY")]
    pub(crate) query: String,
    /// The site root.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// The built site [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// The reader's language: its results come first. A Kazakh edition (`kk-Arab`, `kk-Latn`)
    /// also shows Kazakh results in its script, linking its pages.
    #[arg(long, value_name = "LANG", value_parser = ["kk", "ru", "en", "kk-Arab", "kk-Latn"])]
    pub(crate) lang: Option<String>,
    /// Only results of this kind.
    #[arg(long, value_name = "KIND", value_parser = ["guide", "region", "vacancy", "news"])]
    pub(crate) kind: Option<String>,
    /// Only results about this region (its id, e.g. `pavlodar`).
    #[arg(long, value_name = "ID")]
    pub(crate) region: Option<String>,
    /// At most this many results.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub(crate) limit: usize,
    /// Print a JSON array of {url, title, section, lang, kind, score}.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also print how many index chunks and bytes the query read (what a browser downloads).
    #[arg(long)]
    pub(crate) stats: bool,
}

/// Options of `bagdar build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The site root: the folder holding bagdar.yaml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Where to write the site [default: ROOT/public]. Must not be or contain the root or its
    /// content/, themes/ or static/ folders.
    #[arg(long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// Where the site will be served: an URL (https://centre.example/portal/), a root path
    /// (/portal/), or `relative` for links that work from any path on any host [default: the
    /// `base_url` in bagdar.yaml, else relative].
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub(crate) base_url: Option<BaseUrl>,
    /// Build as if today were this date (YYYY-MM-DD), for reproducible builds: it decides which
    /// guides are flagged as not reviewed for a long time [default: today, UTC].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) today: Option<Date>,
    /// Also print how long each stage took (load, model, render, index, write).
    #[arg(long)]
    pub(crate) timings: bool,
}

/// How `bagdar check` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people: each finding with its source line underlined, then the translation table.
    Text,
    /// For CI: JSON Lines, one object per finding (file, line, column, severity, code,
    /// message, hint).
    Json,
}

/// Options of `bagdar check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The site root: the folder holding bagdar.yaml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Check as if today were this date (YYYY-MM-DD): it decides which guides are stale and
    /// which vacancies have expired [default: today, UTC].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) today: Option<Date>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

/// Options of `bagdar serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The site root: the folder holding bagdar.yaml, content/ and themes/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Where to write the site [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// The address to listen on. Only this machine can reach the default; give 0.0.0.0 to
    /// let the local network see the preview.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub(crate) open: bool,
    /// Build as if today were this date (YYYY-MM-DD) [default: today, UTC].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) today: Option<Date>,
}

/// Options of `bagdar new`.
#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The folder to create; it must not exist or must be empty.
    #[arg(value_name = "DIR")]
    pub(crate) dir: PathBuf,
}

fn parse_base_url(text: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(text)
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|e: bagdar::content::date::DateError| e.to_string())
}
