//! The files every site ships beside its pages, by name, for the pages that link them (the
//! render stage reads names here, not in the index module).
//!
//! The browser search runtime: the WebAssembly module (built from
//! crates/bagdar-wasm by build.rs), gzip-compressed like the index files so a host that
//! compresses nothing still sends it small, and its worker script; both named by content hash
//! so hosts and browsers can cache them forever, and a new runtime never meets an old one.

use bagdar_search::manifest::{hex, name_of};

/// The folder of the search index and its runtime in the output.
pub const SEARCH_DIR: &str = "search";

/// The runtime module, built from source for `wasm32-unknown-unknown` and gzip-compressed by
/// build.rs, as it is written into every site.
const WASM: &[u8] = include_bytes!(env!("BAGDAR_WASM"));

fn wasm() -> &'static [u8] {
    WASM
}

/// The worker that runs it.
const WORKER: &str = include_str!("../crates/bagdar-wasm/js/worker.js");

/// The runtime's files: (path under the output, bytes).
pub(crate) struct Runtime {
    /// `search/bagdar.<hash>.wasm`.
    pub wasm_path: String,
    /// `search/worker.<hash>.js`.
    pub worker_path: String,
}

impl Runtime {
    /// The runtime's names.
    pub(crate) fn new() -> Runtime {
        let short = |bytes: &[u8]| hex(name_of(bytes));
        Runtime {
            wasm_path: format!("{SEARCH_DIR}/bagdar.{}.wasm", short(wasm())),
            worker_path: format!("{SEARCH_DIR}/worker.{}.js", short(WORKER.as_bytes())),
        }
    }

    /// The files to write.
    pub(crate) fn files(&self) -> [(String, &'static [u8]); 2] {
        [
            (self.wasm_path.clone(), wasm()),
            (self.worker_path.clone(), WORKER.as_bytes()),
        ]
    }
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime::new()
    }
}
