//! Bagdar's search in the browser: `bagdar-search` compiled to `wasm32-unknown-unknown`,
//! run in a Web Worker.
//!
//! The ABI is small and raw (no wasm-bindgen, so no generated glue and no extra tool):
//! strings and bytes cross as (pointer, length) into this module's memory, requests and
//! results as JSON. The worker supplies these imports: `chunk_fetch`/`chunk_copy` read a
//! chunk of the index (from what the worker fetched ahead, else with a synchronous
//! XMLHttpRequest, allowed in workers), `chunk_ready` says whether a chunk was fetched
//! ahead, and `random_fill` fills a buffer from `crypto.getRandomValues`.
//!
//! A search answers either hits or `need`: the chunks it will read that the worker has not
//! fetched yet. The worker fetches those all at once and asks again, so a query costs a
//! round trip or two, not one per chunk.

use bagdar_search::{ChunkSource, Filters, Manifest, Outcome, Request, Searcher};
use serde::{Deserialize, Serialize};

/// A search request from the page.
#[derive(Debug, Deserialize)]
struct JsRequest {
    query: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default = "default_limit")]
    limit: usize,
    /// Read every chunk as it comes, without naming the missing ones first (the last
    /// attempt, so a search always ends).
    #[serde(default)]
    sync: bool,
}

fn default_limit() -> usize {
    10
}

/// The answer to the page: the hits, or the chunks to fetch before asking again.
#[derive(Debug, Serialize)]
struct JsResponse<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    hits: Option<&'a [bagdar_search::Hit]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    need: Option<&'a [String]>,
    fetched_chunks: u64,
    fetched_bytes: u64,
}

#[cfg(target_arch = "wasm32")]
mod host {
    //! The worker's side of the ABI.
    #[link(wasm_import_module = "bagdar")]
    unsafe extern "C" {
        /// Fetches a chunk by name; returns its length, or a negative HTTP status (or -1).
        pub(crate) fn chunk_fetch(name: *const u8, name_len: usize) -> i32;
        /// Whether the worker holds the chunk already (fetched ahead): 1 or 0.
        pub(crate) fn chunk_ready(name: *const u8, name_len: usize) -> i32;
        /// Copies the chunk just fetched into memory at `dest`.
        pub(crate) fn chunk_copy(dest: *mut u8);
        /// Fills `len` bytes at `dest` with random bytes.
        pub(crate) fn random_fill(dest: *mut u8, len: usize);
    }
}

/// Chunks fetched through the worker.
#[derive(Debug)]
struct WorkerSource;

impl ChunkSource for WorkerSource {
    #[cfg(target_arch = "wasm32")]
    fn fetch(&self, name: &str) -> Result<Vec<u8>, String> {
        // SAFETY: the worker reads `name_len` bytes at `name` and, for a non-negative length,
        // writes exactly that many bytes at the pointer it is given.
        unsafe {
            let len = host::chunk_fetch(name.as_ptr(), name.len());
            if len < 0 {
                return Err(format!(
                    "chunk {name} could not be loaded (status {})",
                    -len
                ));
            }
            let mut bytes = vec![0u8; len as usize];
            host::chunk_copy(bytes.as_mut_ptr());
            Ok(bytes)
        }
    }

    #[cfg(target_arch = "wasm32")]
    fn ready(&self, name: &str) -> bool {
        // SAFETY: the worker only reads `name_len` bytes at `name`.
        unsafe { host::chunk_ready(name.as_ptr(), name.len()) == 1 }
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn fetch(&self, name: &str) -> Result<Vec<u8>, String> {
        Err(format!(
            "chunk {name}: the worker source exists only in the browser"
        ))
    }
}

/// The custom getrandom backend (see Cargo.toml).
///
/// # Safety
/// Called by getrandom with a writable buffer of `len` bytes.
#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    // SAFETY: `dest` is valid for `len` bytes, as getrandom guarantees.
    unsafe { host::random_fill(dest, len) };
    Ok(())
}

struct State {
    searcher: Option<Searcher>,
    output: Vec<u8>,
}

thread_local! {
    static STATE: std::cell::RefCell<State> = const { std::cell::RefCell::new(State { searcher: None, output: Vec::new() }) };
}

fn set_output(bytes: Vec<u8>) {
    STATE.with(|s| s.borrow_mut().output = bytes);
}

/// Allocates `len` bytes for the page to write into.
#[unsafe(no_mangle)]
pub extern "C" fn bagdar_alloc(len: usize) -> *mut u8 {
    let mut buffer = Vec::<u8>::with_capacity(len.max(1));
    let ptr = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    ptr
}

/// Frees memory from [`bagdar_alloc`].
///
/// # Safety
/// `ptr` and `len` must come from one call of [`bagdar_alloc`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bagdar_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller passes back exactly what bagdar_alloc returned.
    unsafe { drop(Vec::from_raw_parts(ptr, 0, len.max(1))) };
}

/// Where the last output (JSON) is, and how long it is.
#[unsafe(no_mangle)]
pub extern "C" fn bagdar_output_ptr() -> *const u8 {
    STATE.with(|s| s.borrow().output.as_ptr())
}

/// The length of the last output.
#[unsafe(no_mangle)]
pub extern "C" fn bagdar_output_len() -> usize {
    STATE.with(|s| s.borrow().output.len())
}

/// Reads `len` bytes at `ptr` as text.
///
/// # Safety
/// `ptr` must point to `len` initialised bytes.
unsafe fn text<'a>(ptr: *const u8, len: usize) -> Result<&'a str, String> {
    // SAFETY: guaranteed by the caller.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    std::str::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Opens the index described by the manifest JSON at (`ptr`, `len`). Returns 0, or 1 with
/// the error message as output.
///
/// # Safety
/// `ptr` must point to `len` bytes written by the page.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bagdar_open(ptr: *const u8, len: usize) -> i32 {
    // SAFETY: forwarded from the caller.
    let opened = unsafe { text(ptr, len) }
        .and_then(|json| serde_json::from_str::<Manifest>(json).map_err(|e| e.to_string()))
        .and_then(|manifest| {
            Searcher::open(manifest, Box::new(WorkerSource)).map_err(|e| e.to_string())
        });
    match opened {
        Ok(searcher) => {
            STATE.with(|s| s.borrow_mut().searcher = Some(searcher));
            0
        }
        Err(message) => {
            set_output(message.into_bytes());
            1
        }
    }
}

/// Runs the search request JSON at (`ptr`, `len`). Returns 0 with the response JSON as
/// output, or 1 with the error message.
///
/// # Safety
/// `ptr` must point to `len` bytes written by the page.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bagdar_search(ptr: *const u8, len: usize) -> i32 {
    // SAFETY: forwarded from the caller.
    let request = unsafe { text(ptr, len) }
        .and_then(|json| serde_json::from_str::<JsRequest>(json).map_err(|e| e.to_string()));
    let result = request.and_then(|request| {
        STATE.with(|s| {
            let state = s.borrow();
            let searcher = state
                .searcher
                .as_ref()
                .ok_or_else(|| "the index is not open".to_owned())?;
            let search = Request {
                query: request.query,
                lang: request.lang,
                filters: Filters {
                    kind: request.kind,
                    region: request.region,
                    ..Filters::default()
                },
                limit: request.limit.min(100),
            };
            let outcome = if request.sync {
                searcher.search(&search).map(Outcome::Hits)
            } else {
                searcher.search_planned(&search)
            }
            .map_err(|e| e.to_string())?;
            let (fetched_chunks, fetched_bytes) = searcher.fetched();
            let (hits, need) = match &outcome {
                Outcome::Hits(hits) => (Some(hits.as_slice()), None),
                Outcome::Need(names) => (None, Some(names.as_slice())),
            };
            serde_json::to_vec(&JsResponse {
                hits,
                need,
                fetched_chunks,
                fetched_bytes,
            })
            .map_err(|e| e.to_string())
        })
    });
    match result {
        Ok(json) => {
            set_output(json);
            0
        }
        Err(message) => {
            set_output(message.into_bytes());
            1
        }
    }
}
