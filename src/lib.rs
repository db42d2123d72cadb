//! Bagdar: a static site generator for a trilingual (Kazakh, Russian, English) portal for
//! people moving to and within Kazakhstan.
//!
//! The build is one-way: [`content`] loads and validates editors' files, [`model`] links
//! translations and references, [`pages`] renders every page with the theme's templates, and
//! [`output`] writes the site into a fresh folder that replaces the old one only when complete.
//! [`site::build`] runs the whole pipeline.

// Diagnostics are large on purpose (file, position, snippet line, hint) and only travel on the
// error path, where their size costs nothing measurable.
#![allow(clippy::result_large_err)]

pub(crate) mod assets;
pub mod check;
pub(crate) mod config;
pub mod content;
pub mod diagnostic;
pub(crate) mod edition;
pub(crate) mod feed;
pub(crate) mod i18n;
pub mod index;
pub mod lang;
pub mod markdown;
pub(crate) mod model;
pub(crate) mod node;
pub(crate) mod offline;
pub(crate) mod output;
pub(crate) mod pages;
pub(crate) mod pipeline;
pub mod scaffold;
pub mod serve;
pub mod site;
pub(crate) mod sitemap;
pub(crate) mod templates;
pub mod url;
mod yaml;
