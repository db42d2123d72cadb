//! The preview server: the output folder over HTTP, and a stream of server-sent events that
//! tells open pages to reload or to show the build's errors.
//!
//! It serves files inside the output folder only: a request path is decoded, any `.`/`..`
//! segment, hidden name, backslash or NUL is refused, and the file found must still be inside
//! the folder once symlinks are resolved. A folder is served by its `index.html`, never
//! listed. HTML pages get two tags added on the way out (the live-reload script and its
//! style sheet); the files on disk stay exactly what `bagdar build` writes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

const LIVE_JS: &str = include_str!("assets/live.js");
const LIVE_CSS: &str = include_str!("assets/live.css");
const LIVE_TAGS: &str = "<link rel=\"stylesheet\" href=\"/__bagdar/live.css\">\
<script src=\"/__bagdar/live.js\" defer></script>";

/// The open pages, and what they should show.
#[derive(Default)]
pub struct Live {
    clients: Mutex<Vec<mpsc::Sender<String>>>,
    /// The `problems` event of the current failed build, for pages opened meanwhile.
    problems: Mutex<Option<String>>,
    /// Set when the first build failed: there is no site to serve yet.
    no_site: AtomicBool,
}

impl Live {
    /// Sends an event to every open page.
    pub fn broadcast(&self, event: &str, data: &str) {
        let message = sse(event, data);
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|client| client.send(message.clone()).is_ok());
        }
    }

    /// Records the build's problems (JSON), or that there are none, and tells open pages.
    pub fn set_problems(&self, problems: Option<String>) {
        if let Ok(mut current) = self.problems.lock() {
            current.clone_from(&problems);
        }
        match problems {
            Some(json) => self.broadcast("problems", &json),
            None => self.broadcast("ok", "{}"),
        }
    }

    /// Forgets the build's problems without telling open pages (a reload follows).
    pub fn clear_problems_quietly(&self) {
        if let Ok(mut current) = self.problems.lock() {
            *current = None;
        }
    }

    /// Whether there is a site to serve (false while the first build has errors).
    pub fn set_site_ready(&self, ready: bool) {
        self.no_site.store(!ready, Ordering::SeqCst);
    }

    fn current_problems(&self) -> Option<String> {
        self.problems.lock().ok().and_then(|p| p.clone())
    }
}

fn sse(event: &str, data: &str) -> String {
    let mut message = format!("event: {event}\n");
    for line in data.lines() {
        message.push_str("data: ");
        message.push_str(line);
        message.push('\n');
    }
    message.push('\n');
    message
}

/// Serves requests until `stop` is set and the server is unblocked.
pub fn run(
    server: Arc<tiny_http::Server>,
    output: PathBuf,
    live: Arc<Live>,
    stop: Arc<AtomicBool>,
) {
    for request in server.incoming_requests() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let output = output.clone();
        let live = Arc::clone(&live);
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || handle(request, &output, &live, &stop));
    }
}

/// Adds headers; one that is not valid (never the case for these) is left out.
fn with_headers<R: Read>(mut response: Response<R>, headers: &[(&str, &str)]) -> Response<R> {
    for (name, value) in headers {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}

fn handle(request: Request, output: &Path, live: &Live, stop: &AtomicBool) {
    let url = request.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_owned();
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = with_headers(
            Response::from_string("only GET and HEAD\n").with_status_code(405),
            &[("Allow", "GET, HEAD")],
        );
        let _ = request.respond(response);
        return;
    }
    match path.as_str() {
        "/__bagdar/events" => return events(request, live, stop),
        "/__bagdar/live.js" => {
            return respond_bytes(
                request,
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes().to_vec(),
            );
        }
        "/__bagdar/live.css" => {
            return respond_bytes(
                request,
                200,
                "text/css; charset=utf-8",
                LIVE_CSS.as_bytes().to_vec(),
            );
        }
        _ => {}
    }
    if live.no_site.load(Ordering::SeqCst) {
        let page = format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Bagdar: the site has errors</title>{LIVE_TAGS}</head>\
             <body><main><h1>The site has errors</h1><p>Fix them and this page reloads by itself.</p></main></body></html>"
        );
        return respond_bytes(request, 503, "text/html; charset=utf-8", page.into_bytes());
    }
    // The offline worker saving a page checks it against the build's list of hashes: it
    // gets the page as built, without the live-reload tags.
    let saving = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("X-Bagdar-Save"));
    match resolve(output, &path) {
        Resolved::File(file) => {
            let mime = mime_type(&file);
            match std::fs::read(&file) {
                Ok(bytes) if saving => respond_bytes(request, 200, mime, bytes),
                Ok(bytes) => respond_bytes(request, 200, mime, with_live_tags(mime, bytes)),
                Err(_) => not_found(request, output),
            }
        }
        Resolved::Redirect(to) => {
            let response = with_headers(Response::empty(301), &[("Location", &to)]);
            let _ = request.respond(response);
        }
        Resolved::NotFound => not_found(request, output),
    }
}

fn not_found(request: Request, output: &Path) {
    let page = std::fs::read(output.join("404.html")).unwrap_or_else(|_| b"not found\n".to_vec());
    let mime = "text/html; charset=utf-8";
    respond_bytes(request, 404, mime, with_live_tags(mime, page));
}

/// An HTML page with the live-reload tags before its `</head>` (or at its end). Bytes, not
/// text: a static page in another encoding is served as it is, with the tags added.
fn with_live_tags(mime: &str, mut bytes: Vec<u8>) -> Vec<u8> {
    if !mime.starts_with("text/html") {
        return bytes;
    }
    let at = bytes
        .windows(7)
        .position(|w| w == b"</head>")
        .unwrap_or(bytes.len());
    bytes.splice(at..at, LIVE_TAGS.bytes());
    bytes
}

fn respond_bytes(request: Request, status: u16, mime: &str, bytes: Vec<u8>) {
    let response = with_headers(
        Response::from_data(bytes).with_status_code(StatusCode(status)),
        &[
            ("Content-Type", mime),
            ("Cache-Control", "no-cache"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    );
    let _ = request.respond(response);
}

/// The event stream: the current state at once, then every event, and a comment every few
/// seconds so a closed page is noticed.
fn events(request: Request, live: &Live, stop: &AtomicBool) {
    let (sender, receiver) = mpsc::channel();
    if let Ok(mut clients) = live.clients.lock() {
        clients.push(sender);
    }
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
                Connection: keep-alive\r\n\r\n";
    let hello = match live.current_problems() {
        Some(json) => sse("problems", &json),
        None => sse("ok", "{}"),
    };
    if writer.write_all(head.as_bytes()).is_err() || writer.write_all(hello.as_bytes()).is_err() {
        return;
    }
    let _ = writer.flush();
    while !stop.load(Ordering::SeqCst) {
        let message = match receiver.recv_timeout(Duration::from_secs(5)) {
            Ok(message) => message,
            Err(mpsc::RecvTimeoutError::Timeout) => ": still here\n\n".to_owned(),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        if writer.write_all(message.as_bytes()).is_err() || writer.flush().is_err() {
            break;
        }
    }
}

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the output.
    File(PathBuf),
    /// A folder asked for without its trailing slash: relative links need it.
    Redirect(String),
    /// Nothing, or something the server refuses to serve.
    NotFound,
}

/// Resolves a request path (as sent, percent-encoded) inside `output`.
pub fn resolve(output: &Path, path: &str) -> Resolved {
    let Some(decoded) = crate::url::percent_decode(path) else {
        return Resolved::NotFound;
    };
    // `//host/…` would make a redirect leave the site.
    let Some(rest) = decoded.strip_prefix('/').filter(|r| !r.starts_with('/')) else {
        return Resolved::NotFound;
    };
    let mut file = output.to_path_buf();
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains(['\\', '\0']) || segment.contains(':') {
            return Resolved::NotFound;
        }
        file.push(segment);
    }
    if file.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    // Symlinks may not lead out of the output folder.
    let (Ok(real), Ok(root)) = (std::fs::canonicalize(&file), std::fs::canonicalize(output)) else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&root) || !real.is_file() {
        return Resolved::NotFound;
    }
    Resolved::File(real)
}

/// The media type of an output file, by extension.
fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_tags_go_before_the_head_end_of_any_html_even_not_utf8() {
        let latin1 = b"<html><head><title>Caf\xe9</title></head><body>\xe9</body></html>".to_vec();
        let served = with_live_tags("text/html; charset=utf-8", latin1.clone());
        let at = served
            .windows(LIVE_TAGS.len())
            .position(|w| w == LIVE_TAGS.as_bytes())
            .expect("the live tags");
        assert_eq!(&served[at + LIVE_TAGS.len()..][..7], b"</head>");
        let mut without = served.clone();
        without.drain(at..at + LIVE_TAGS.len());
        assert_eq!(without, latin1, "the page itself is served as it is");
        assert_eq!(with_live_tags("text/css", b"a{}".to_vec()), b"a{}");
    }

    #[test]
    fn paths_resolve_inside_the_output_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("ru/guides")).expect("mkdir");
        std::fs::write(out.join("ru/guides/index.html"), "x").expect("write");
        std::fs::write(out.join(".bagdar-output"), "").expect("write");
        std::fs::write(dir.path().join("secret.txt"), "s").expect("write");
        let real = std::fs::canonicalize(&out).expect("canonical");
        assert_eq!(
            resolve(&out, "/ru/guides/"),
            Resolved::File(real.join("ru/guides/index.html"))
        );
        assert_eq!(
            resolve(&out, "/ru/guides"),
            Resolved::Redirect("/ru/guides/".to_owned())
        );
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/ru/%2E%2E/%2e%2e/secret.txt",
            "/ru/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/.bagdar-output",
            "/ru/%00",
            "/%ff",
            "/%zz",
            "relative",
            "/ru/",
            "//evil.example/",
        ] {
            assert_eq!(resolve(&out, bad), Resolved::NotFound, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt"))
                .expect("symlink");
            assert_eq!(resolve(&out, "/link.txt"), Resolved::NotFound);
        }
    }

    #[test]
    fn events_are_framed_line_by_line() {
        assert_eq!(sse("ok", "{}"), "event: ok\ndata: {}\n\n");
        assert_eq!(
            sse("problems", "a\nb"),
            "event: problems\ndata: a\ndata: b\n\n"
        );
    }
}
