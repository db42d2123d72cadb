//! Bagdar's search in the browser: the lean reader (`bagdar-search`) compiled to
//! `wasm32-unknown-unknown`, run in a Web Worker.
//!
//! The ABI is small and raw (no wasm-bindgen, so no generated glue and no extra tool): bytes
//! cross as (pointer, length) into this module's memory, and answers come back as JSON in an
//! output buffer. The module fetches nothing itself: a search answers either its hits or the
//! files it needs (`{"need": [...]}`); the worker fetches those all at once, hands each over
//! with `bagdar_provide`, and asks again.
//!
//! - `bagdar_open(manifest, lang)`: the manifest's payload and the page's language →
//!   `{"build", "eager"}`, the files to fetch at once;
//! - `bagdar_provide(name, payload)`: a fetched file, gzip undone;
//! - `bagdar_search(request)`: the request as lines (query, language, kind, region, limit,
//!   script) → `{"hits": [...], "truncated", "files", "bytes"}` or `{"need": [...]}`. With a
//!   script (`Arab`, `Latn`: the page is a Kazakh edition in it), Kazakh hits come back in
//!   that script, linking the edition's pages (`bagdar-script`, as the generator converts
//!   them). Hits carry no
//!   score: the page does not show it, and printing floats would double the module's size of
//!   formatting code.
//!
//! Each returns 0, or 1 with an error message as output.

use bagdar_script::Script;
use bagdar_search::{Filters, Hit, Outcome, Request, Searcher};

struct State {
    searcher: Option<Searcher>,
    output: Vec<u8>,
}

thread_local! {
    static STATE: std::cell::RefCell<State> = const { std::cell::RefCell::new(State { searcher: None, output: Vec::new() }) };
}

fn finish(result: Result<String, String>) -> i32 {
    let (status, text) = match result {
        Ok(json) => (0, json),
        Err(message) => (1, message),
    };
    STATE.with(|s| s.borrow_mut().output = text.into_bytes());
    status
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

/// Where the last output is.
#[unsafe(no_mangle)]
pub extern "C" fn bagdar_output_ptr() -> *const u8 {
    STATE.with(|s| s.borrow().output.as_ptr())
}

/// The length of the last output.
#[unsafe(no_mangle)]
pub extern "C" fn bagdar_output_len() -> usize {
    STATE.with(|s| s.borrow().output.len())
}

/// The `len` bytes at `ptr`.
///
/// # Safety
/// `ptr` must point to `len` initialised bytes.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    // SAFETY: guaranteed by the caller.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// Opens the index from the manifest's payload at (`ptr`, `len`), for a page in the language
/// at (`lang`, `lang_len`).
///
/// # Safety
/// Both pointers must point to that many bytes written by the page.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bagdar_open(ptr: *const u8, len: usize, lang: *const u8, lang_len: usize) -> i32 {
    // SAFETY: forwarded from the caller.
    let (payload, lang) = unsafe { (bytes(ptr, len), bytes(lang, lang_len)) };
    let lang = std::str::from_utf8(lang).ok().filter(|l| !l.is_empty());
    finish(
        Searcher::open(payload)
            .map_err(|e| e.to_string())
            .map(|mut searcher| {
                let mut json = String::from("{\"build\":");
                string(&mut json, &searcher.build());
                json.push_str(",\"eager\":");
                strings(&mut json, &searcher.eager(lang));
                json.push('}');
                STATE.with(|s| s.borrow_mut().searcher = Some(searcher));
                json
            }),
    )
}

/// Hands over the payload at (`ptr`, `len`) of the file named at (`name`, `name_len`).
///
/// # Safety
/// Both pointers must point to that many bytes written by the page.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bagdar_provide(
    name: *const u8,
    name_len: usize,
    ptr: *const u8,
    len: usize,
) -> i32 {
    // SAFETY: forwarded from the caller.
    let (name, payload) = unsafe { (bytes(name, name_len), bytes(ptr, len)) };
    finish(STATE.with(|s| {
        let mut state = s.borrow_mut();
        let searcher = state.searcher.as_mut().ok_or("the index is not open")?;
        let name = std::str::from_utf8(name).map_err(|e| e.to_string())?;
        searcher
            .provide(name, payload)
            .map(|()| String::from("{}"))
            .map_err(|e| e.to_string())
    }))
}

/// Runs the search request at (`ptr`, `len`): its query, language, kind, region and limit,
/// one a line.
///
/// # Safety
/// `ptr` must point to `len` bytes written by the page.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bagdar_search(ptr: *const u8, len: usize) -> i32 {
    // SAFETY: forwarded from the caller.
    let text = unsafe { bytes(ptr, len) };
    finish(STATE.with(|s| {
        let mut state = s.borrow_mut();
        let searcher = state.searcher.as_mut().ok_or("the index is not open")?;
        let text = std::str::from_utf8(text).map_err(|e| e.to_string())?;
        let (request, script) = request(text);
        match searcher.search(&request).map_err(|e| e.to_string())? {
            Outcome::Need(names) => {
                let mut json = String::from("{\"need\":");
                strings(&mut json, &names);
                json.push('}');
                Ok(json)
            }
            Outcome::Done(response) => {
                let (files, bytes) = searcher.fetched();
                let mut json = String::from("{\"hits\":[");
                for (i, hit) in response.hits.iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    match script {
                        Some(script) => hit_json(&mut json, &hit.in_script(script)),
                        None => hit_json(&mut json, hit),
                    }
                }
                json.push_str(&format!(
                    "],\"truncated\":{},\"files\":{files},\"bytes\":{bytes}}}",
                    response.truncated
                ));
                Ok(json)
            }
        }
    }))
}

fn request(text: &str) -> (Request, Option<Script>) {
    let mut lines = text.split('\n');
    let mut next = || lines.next().map(str::to_owned).filter(|l| !l.is_empty());
    let query = next().unwrap_or_default();
    let lang = next();
    let kind = next();
    let region = next();
    let limit = next()
        .and_then(|l| l.parse().ok())
        .unwrap_or(10usize)
        .min(100);
    let script = next().and_then(|s| Script::from_code(&s));
    let request = Request {
        query,
        lang,
        filters: Filters {
            kind,
            region,
            lang: None,
        },
        limit,
    };
    (request, script)
}

fn hit_json(json: &mut String, hit: &Hit) {
    json.push_str("{\"url\":");
    string(json, &hit.url);
    json.push_str(",\"title\":");
    string(json, &hit.title);
    json.push_str(",\"section\":");
    optional(json, hit.section.as_deref());
    json.push_str(",\"lang\":");
    string(json, &hit.lang);
    json.push_str(",\"kind\":");
    string(json, &hit.kind);
    json.push_str(",\"region\":");
    optional(json, hit.region.as_deref());
    json.push_str(",\"snippet\":[");
    for (i, piece) in hit.snippet.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str("{\"text\":");
        string(json, &piece.text);
        json.push_str(if piece.mark {
            ",\"mark\":true}"
        } else {
            ",\"mark\":false}"
        });
    }
    json.push_str("]}");
}

fn optional(json: &mut String, text: Option<&str>) {
    match text {
        Some(text) => string(json, text),
        None => json.push_str("null"),
    }
}

fn strings(json: &mut String, items: &[String]) {
    json.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        string(json, item);
    }
    json.push(']');
}

/// A JSON string: quotes, backslashes and control characters escaped; the rest as UTF-8.
fn string(json: &mut String, text: &str) {
    json.push('"');
    for c in text.chars() {
        match c {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                json.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => json.push(c),
        }
    }
    json.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_json_round_trip_what_the_worker_sends() {
        let (request, script) = request("квота\nkk\n\npavlodar\n6");
        assert_eq!(script, None);
        assert_eq!(request.query, "квота");
        assert_eq!(request.lang.as_deref(), Some("kk"));
        assert_eq!(request.filters.kind, None);
        assert_eq!(request.filters.region.as_deref(), Some("pavlodar"));
        assert_eq!(request.limit, 6);
        let mut json = String::new();
        string(&mut json, "a\"b\\c\n<");
        assert_eq!(json, r#""a\"b\\c\u000a<""#);
    }
}
