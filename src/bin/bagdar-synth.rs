//! `bagdar-synth`: writes a deterministic synthetic vacancy export (CSV) to standard output,
//! for the bundled sample data and for benchmarks.
//!
//! `bagdar-synth --count 10000 --seed 1 --today 2026-11-23 > content/vacancies/synthetic.csv`

use std::io::Write;
use std::process::ExitCode;

use bagdar::content::date::{Date, DateError};
use bagdar::synth;
use clap::Parser;

/// Writes a synthetic vacancy export, every row marked as sample data.
#[derive(Debug, Parser)]
#[command(name = "bagdar-synth", version, about)]
struct Args {
    /// How many vacancies to write.
    #[arg(long, default_value_t = 300)]
    count: usize,
    /// The seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// The date the export is made on; postings fall before it, expiries mostly after.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = |s: &str| s.parse::<Date>().map_err(|e: DateError| e.to_string()))]
    today: Date,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let csv = synth::vacancies_csv(args.count, args.seed, args.today);
    match std::io::stdout().lock().write_all(csv.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
