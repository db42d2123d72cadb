//! Bagdar's search reader: a lean, read-only reader of the tantivy index Bagdar builds, with no
//! tantivy in it, for the browser (compiled to WebAssembly) and for the parity tests that hold
//! it to tantivy's results.
//!
//! The generator writes the index with tantivy and bundles it as static files (see
//! [`manifest`]); `bagdar search` reads it with tantivy, the reference. This crate decodes the
//! same files — postings ([`postings`]), positions ([`positions`]), field norms, stored
//! documents ([`store`]) — plus a term table written from tantivy's dictionaries
//! ([`terms`]), and scores exactly as tantivy does ([`bm25`], [`phrase`]).
//!
//! Both readers share what a query means: [`query`] takes apart what a visitor typed,
//! [`plan`] turns it into leaves (terms, typo-tolerant terms, phrases) with their boosts,
//! and [`rank`] adds the leaves' scores up and sorts. Each reader only evaluates leaves.

pub mod bm25;
pub mod bytes;
pub mod composite;
pub mod engine;
pub mod fuzzy;
pub mod hit;
pub mod manifest;
pub mod phrase;
pub mod plan;
pub mod positions;
pub mod postings;
pub mod query;
pub mod rank;
pub mod store;
pub mod terms;

pub use crate::engine::{Outcome, Request, Response, Searcher};
pub use crate::hit::{Hit, Piece, Stored};
pub use crate::plan::{Field, Filters};
pub use crate::query::{Parsed, parse};

/// What went wrong opening or searching an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchError(pub String);

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SearchError {}
