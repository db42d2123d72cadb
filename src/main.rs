//! The `bagdar` command: a thin layer over the library, one module per subcommand.

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod cmd;

fn main() -> ExitCode {
    match cli::Cli::parse().command {
        cli::Command::Build(args) => cmd::build::run(args),
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::New(args) => cmd::new::run(args),
        cli::Command::Search(args) => cmd::search::run(args),
        cli::Command::Serve(args) => cmd::serve::run(args),
    }
}
