//! `bagdar-synth`: deterministic synthetic data, every vacancy marked as sample data.
//!
//! - `bagdar-synth --count 10000 --seed 1 --today 2026-11-23 > content/vacancies/synthetic.csv`
//!   writes a vacancy export to standard output;
//! - `bagdar-synth --site /tmp/s50k --pages 50000 --today 2026-11-23 [--hugo /tmp/h50k]` writes
//!   a whole site of about that many pages (the configuration, theme and regions of `--from`,
//!   synthetic guides and vacancies), and the same pages as a Hugo site, for the build
//!   benchmarks.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use bagdar_synth::{self as synth, Date};
use clap::Parser;

/// Writes a synthetic vacancy export, or a whole synthetic site.
#[derive(Debug, Parser)]
#[command(name = "bagdar-synth", version, about)]
struct Args {
    /// How many vacancies to write (without `--site`).
    #[arg(long, default_value_t = 300)]
    count: usize,
    /// The seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// The date the data is made on; postings fall before it, expiries mostly after.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = |s: &str| s.parse::<Date>().map_err(|e| e.to_string()))]
    today: Date,
    /// Write a whole site into this new folder instead of an export to standard output.
    #[arg(long, value_name = "DIR", requires = "pages")]
    site: Option<PathBuf>,
    /// About how many pages the site should have.
    #[arg(long)]
    pages: Option<usize>,
    /// The site whose configuration, theme, regions and categories the synthetic site uses.
    #[arg(long, value_name = "DIR", default_value = ".")]
    from: PathBuf,
    /// Also write the same pages as a Hugo site into this new folder.
    #[arg(long, value_name = "DIR", requires = "site")]
    hugo: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match (&args.site, args.pages) {
        (Some(site), Some(pages)) => write_sites(&args, site, pages),
        _ => {
            let csv = synth::vacancies_csv(args.count, args.seed, args.today);
            std::io::stdout().lock().write_all(csv.as_bytes())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_sites(args: &Args, site: &std::path::Path, pages: usize) -> std::io::Result<()> {
    for dir in std::iter::once(site).chain(args.hugo.as_deref()) {
        if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
            return Err(std::io::Error::other(format!(
                "{} is not empty; give a new folder",
                dir.display()
            )));
        }
    }
    let plan = synth::site::write_bagdar(&args.from, site, pages, args.seed, args.today)?;
    if let Some(hugo) = &args.hugo {
        synth::site::write_hugo(hugo, pages, args.seed, args.today)?;
    }
    println!(
        "{} guides in {} sections, {} vacancies",
        plan.guides, plan.sections, plan.vacancies
    );
    Ok(())
}
