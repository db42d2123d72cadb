//! `bagdar serve`: the editors' preview. Prints what it does, one line at a time.

use std::io::Write;
use std::process::ExitCode;

use bagdar::serve::{self, Report, ServeError, ServeOptions};
use bagdar::site::BuildOptions;

use crate::cli::ServeArgs;

/// Prints each line at once (tests and editors' terminals read them as they come).
struct Terminal;

impl Report for Terminal {
    fn line(&mut self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }
}

/// Serves until Ctrl-C.
pub(crate) fn run(args: ServeArgs) -> ExitCode {
    let options = ServeOptions {
        build: BuildOptions {
            root: args.root,
            output: args.output,
            base_url: None,
            today: args.today,
        },
        bind: args.bind,
        port: args.port,
    };
    let open = args.open;
    let mut terminal = Terminal;
    let on_ready = move |url: &str| {
        if open {
            open_browser(url);
        }
    };
    match serve::serve(options, &mut terminal, &on_ready) {
        Ok(()) => ExitCode::SUCCESS,
        Err(ServeError::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Opens `url` with the desktop's opener; a machine without one just prints the address.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}
