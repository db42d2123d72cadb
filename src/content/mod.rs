//! Loading editors' content: walking `content/`, reading files safely, parsing front matter.
//!
//! This is the first stage of the build (load → model → render → index → write). It reads
//! files and validates what a single file can say about itself; cross-file checks (links,
//! translations) belong to the model.

pub mod categories;
pub mod date;
pub mod front_matter;
pub mod guides;
pub mod regions;
pub mod slug;
pub(crate) mod spellings;
pub mod terms;
pub mod text;
pub mod vacancies;
pub mod walk;
