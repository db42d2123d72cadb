//! `bagdar new DIR`: writes a minimal working site in three languages.

use std::process::ExitCode;

use bagdar::scaffold;

use crate::cli::NewArgs;

/// Creates the site skeleton and says what to do next.
pub(crate) fn run(args: NewArgs) -> ExitCode {
    match scaffold::create(&args.dir) {
        Ok(count) => {
            println!(
                "Created a new Bagdar site in {} ({count} files).",
                args.dir.display()
            );
            println!("Next: bagdar build --root {}", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(scaffold::ScaffoldError::NotEmpty(dir)) => {
            eprintln!(
                "error: {} exists and is not empty; choose a new folder",
                dir.display()
            );
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
