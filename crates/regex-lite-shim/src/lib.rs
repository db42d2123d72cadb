//! `regex` for the browser runtime, backed by `regex-lite`. Only the items tantivy 0.27
//! names are re-exported, so a tantivy upgrade that needs more fails to compile here
//! rather than changing behaviour silently.

pub use regex_lite::{Error, Regex, escape};
