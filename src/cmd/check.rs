//! `bagdar check`: prints every finding (text with snippets, or JSON Lines for CI) and exits 1
//! when any is an error, 0 when there are only warnings, 2 on usage errors.

use std::io::Write;
use std::process::ExitCode;

use bagdar::check::{self, CheckOptions};

use crate::cli::{CheckArgs, Format};

/// Runs the check and reports it.
pub(crate) fn run(args: CheckArgs) -> ExitCode {
    let options = CheckOptions {
        root: args.root,
        today: args.today,
    };
    let report = match check::check(&options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(error.exit_code());
        }
    };
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Json => report.findings.iter().try_for_each(|finding| {
            let line = serde_json::to_string(finding).map_err(std::io::Error::other)?;
            writeln!(out, "{line}")
        }),
        Format::Text => (|| {
            for finding in &report.findings {
                write!(out, "{finding}")?;
            }
            if !report.coverage.rows.is_empty() {
                writeln!(out)?;
                write!(out, "{}", report.coverage)?;
            }
            writeln!(
                out,
                "check: {} error(s), {} warning(s)",
                report.errors(),
                report.warnings()
            )
        })(),
    };
    match written.and_then(|()| out.flush()) {
        // A reader such as `head` that has seen enough is not a failure of the check.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(error) => {
            eprintln!("error: cannot write the report: {error}");
            return ExitCode::from(1);
        }
        Ok(()) => {}
    }
    if report.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
