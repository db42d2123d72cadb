//! One module per subcommand; each returns the process exit status.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod new;
pub(crate) mod search;
pub(crate) mod serve;
