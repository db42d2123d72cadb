//! `bagdar build`: prints every problem with its location, or a summary of the built site.

use std::process::ExitCode;

use bagdar::site::{self, BuildError, BuildOptions};

use crate::cli::BuildArgs;

/// Runs the build and reports it.
pub(crate) fn run(args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        today: args.today,
    };
    let timings = args.timings;
    match site::build(&options) {
        Ok(report) => {
            for warning in &report.warnings {
                eprint!("{warning}");
            }
            println!(
                "Built {} pages ({} stand in for missing translations; {} expired vacancies skipped), \
                 {} static files and a search index of {} documents ({} KiB) into {} in {} ms",
                report.pages,
                report.untranslated,
                report.expired_vacancies,
                report.static_files,
                report.search_documents,
                report.search_bytes / 1024,
                report.output.display(),
                report.elapsed.as_millis()
            );
            if report.held_back_news > 0 {
                println!(
                    "Held back {} scheduled news item(s), dated after today: the first build on \
                     or after an item's date publishes it",
                    report.held_back_news
                );
            }
            if timings {
                let s = report.stages;
                println!(
                    "Stages (ms): load {} · model {} · render {} · index {} · write {}",
                    s.load.as_millis(),
                    s.model.as_millis(),
                    s.render.as_millis(),
                    s.index.as_millis(),
                    s.write.as_millis()
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            if let BuildError::Content(problems) = &error {
                for problem in problems {
                    eprint!("{problem}");
                }
                let errors = problems.iter().filter(|p| p.is_error()).count();
                eprintln!(
                    "error: the site was not built: {errors} problem(s); the previous output is unchanged"
                );
            } else {
                eprintln!("error: {error}");
            }
            ExitCode::from(error.exit_code())
        }
    }
}
