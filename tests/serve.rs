//! `bagdar serve`, run for real: the binary started on a fixture site, pages fetched over
//! HTTP, the event stream read, source files edited, broken and fixed.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::Site;

#[path = "serve/stress.rs"]
mod stress;

const WAIT: Duration = Duration::from_secs(60);

/// A running `bagdar serve`, stopped (Ctrl-C) when dropped.
struct Server {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
}

impl Server {
    fn start(site: &Site) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bagdar"))
            .args(["serve", "--port", "0", "--today", "2026-11-23", "--root"])
            .arg(&site.root)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start bagdar serve");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            lines,
        };
        let line = server.wait_line("Serving ");
        let port = line
            .rsplit_once("127.0.0.1:")
            .and_then(|(_, rest)| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server.port = port;
        server
    }

    /// Waits for a line of output containing `text`; returns it.
    fn wait_line(&self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(line) => seen.push(line),
                Err(_) => panic!(
                    "bagdar serve never printed {text:?}; it printed:\n{}",
                    seen.join("\n")
                ),
            }
        }
    }

    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        http_get(self.port, path)
    }

    fn page(&self, path: &str) -> String {
        let (status, _, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}");
        String::from_utf8(body).expect("utf-8 page")
    }

    /// Waits until the page at `path` contains `text` (a rebuild may still be under way).
    fn page_until(&self, path: &str, text: &str) {
        self.until(
            path,
            &format!("a page containing {text:?}"),
            |status, body| status == 200 && String::from_utf8_lossy(body).contains(text),
        );
    }

    /// Waits until `path` answers with `status`.
    fn status_until(&self, path: &str, status: u16) {
        self.until(path, &format!("status {status}"), |got, _| got == status);
    }

    fn until(&self, path: &str, what: &str, done: impl Fn(u16, &[u8]) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let (status, _, body) = self.get(path);
            if done(status, &body) {
                return;
            }
            assert!(Instant::now() < deadline, "{path} never answered {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends Ctrl-C and waits for a clean exit.
    fn interrupt(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -INT");
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 GET; the path is sent as given (not normalised, unlike most clients).
fn http_get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    http_get_with(port, path, "")
}

/// A GET with `headers` (each line ending in CRLF) added.
fn http_get_with(port: u16, path: &str, headers: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).expect("read timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\n{headers}Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, head, response[split + 4..].to_vec())
}

/// Starts `bagdar serve` on `site` and opens the event stream, once it has heard the first
/// build's state (`ok`).
fn start_listening(site: &Site) -> (Server, mpsc::Receiver<(String, String)>) {
    let server = Server::start(site);
    let events = events(server.port);
    next_event(&events, "ok");
    (server, events)
}

/// The event stream: each event as (name, data).
fn events(port: u16) -> mpsc::Receiver<(String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET /__bagdar/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("send");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let (mut name, mut data) = (String::new(), String::new());
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("event: ") {
                name = rest.to_owned();
            } else if let Some(rest) = line.strip_prefix("data: ") {
                data.push_str(rest);
            } else if line.is_empty()
                && !name.is_empty()
                && sender
                    .send((std::mem::take(&mut name), std::mem::take(&mut data)))
                    .is_err()
            {
                break;
            }
        }
    });
    receiver
}

fn next_event(events: &mpsc::Receiver<(String, String)>, name: &str) -> String {
    next_of(events, &[name]).1
}

/// The next event named one of `names`: (name, data).
fn next_of(events: &mpsc::Receiver<(String, String)>, names: &[&str]) -> (String, String) {
    next_matching(events, names, "")
}

/// The next event named `name` whose data contains `needle`; earlier events (left over from
/// the rebuilds of a burst, say) are skipped.
fn next_event_naming(
    events: &mpsc::Receiver<(String, String)>,
    name: &str,
    needle: &str,
) -> String {
    next_matching(events, &[name], needle).1
}

fn next_matching(
    events: &mpsc::Receiver<(String, String)>,
    names: &[&str],
    needle: &str,
) -> (String, String) {
    let deadline = Instant::now() + WAIT;
    let mut skipped = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok((event, data)) if names.contains(&event.as_str()) && data.contains(needle) => {
                return (event, data);
            }
            Ok(other) => skipped.push(other),
            Err(_) => panic!("no {names:?} event containing {needle:?}; skipped {skipped:?}"),
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn an_edit_reloads_open_pages_with_the_new_text_and_errors_keep_the_last_good_site() {
    let site = Site::fixture("data_site");
    let server = Server::start(&site);
    let events = events(server.port);
    assert_eq!(
        next_event(&events, "ok"),
        "{}",
        "a new page hears the state at once"
    );

    let guide = site.root.join("content/guides/quota.en.md");
    let page = server.page("/en/guides/quota/");
    assert!(page.contains("<title>Quota"), "{page}");
    assert!(
        page.contains("/__bagdar/live.js"),
        "the live script is added on the way out"
    );
    let on_disk = std::fs::read_to_string(site.output().join("en/guides/quota/index.html"))
        .expect("built page");
    assert!(
        !on_disk.contains("__bagdar"),
        "files on disk are what `build` writes"
    );
    // The offline worker saving the page checks it against the build's hash: it gets the page
    // as built.
    let (status, _, saved) =
        http_get_with(server.port, "/en/guides/quota/", "X-Bagdar-Save: 1\r\n");
    assert_eq!(status, 200);
    assert_eq!(
        saved,
        on_disk.as_bytes(),
        "a saving worker gets the page as built"
    );

    edit(&guide, "title: \"Quota\"", "title: \"Resettlement quota\"");
    let changed = next_event(&events, "reload");
    assert!(changed.contains("en/guides/quota/index.html"), "{changed}");
    assert!(
        server
            .page("/en/guides/quota/")
            .contains("<title>Resettlement quota")
    );

    // Break the guide: every open page hears the problem with its place; the old page stays.
    edit(&guide, "title: \"Resettlement quota\"", "title: [unclosed");
    let problems = next_event_naming(&events, "problems", "[unclosed");
    let json: serde_json::Value = serde_json::from_str(&problems).expect("json");
    let first = &json["problems"][0];
    assert_eq!(first["file"], "content/guides/quota.en.md");
    assert_eq!(first["line"], 2);
    assert_eq!(first["column"], 8);
    assert!(
        first["text"]
            .as_str()
            .is_some_and(|t| t.contains("2 | title: [unclosed") && t.contains('^')),
        "{first}"
    );
    assert!(
        server
            .page("/en/guides/quota/")
            .contains("<title>Resettlement quota")
    );
    // A page opened meanwhile hears it too.
    let late = self::events(server.port);
    assert!(next_event(&late, "problems").contains("quota.en.md"));

    // Fixing the file clears it.
    edit(&guide, "title: [unclosed", "title: \"Quota again\"");
    next_event(&events, "reload");
    server.page_until("/en/guides/quota/", "<title>Quota again");
    let status = server.interrupt();
    assert!(status.success(), "Ctrl-C stops cleanly: {status:?}");
}

#[test]
fn a_build_into_the_folder_serve_writes_stops_and_says_why() {
    let site = Site::fixture("data_site");
    let server = Server::start(&site);
    let before = common::snapshot(&site.output());
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        common::stderr(&out).contains("another bagdar build or serve is writing"),
        "{}",
        common::stderr(&out)
    );
    assert!(
        before == common::snapshot(&site.output()),
        "the served site is left alone"
    );
    let (status, _, _) = server.get("/en/");
    assert_eq!(status, 200);
}

#[test]
fn a_rebuild_reports_the_model_warnings_a_build_would() {
    let site = Site::fixture("data_site");
    let server = Server::start(&site);
    // `expired-1` expired before the server's --today: a warning, and a link to the listing.
    let guide = site.root.join("content/guides/quota.en.md");
    let mut text = std::fs::read_to_string(&guide).expect("read");
    text.push_str("\nSee [an old job](@/vacancies/expired-1).\n");
    std::fs::write(&guide, text).expect("write");
    let line = server.wait_line("expired-vacancy-link");
    assert!(line.contains("content/guides/quota.en.md"), "{line}");
    server.wait_line("Rebuilt in");
}

#[test]
fn only_files_inside_the_output_are_served() {
    let site = Site::fixture("data_site");
    std::fs::write(site.root.join("secret.txt"), "secret").expect("write");
    let server = Server::start(&site);
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.root.join("secret.txt"), site.output().join("leak.txt"))
        .expect("symlink");
    for path in [
        "/../secret.txt",
        "/../bagdar.yaml",
        "/%2e%2e/secret.txt",
        "/en/%2e%2e/%2e%2e/secret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/leak.txt",
        "/.bagdar-output",
        "/en/%00",
    ] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("secret"), "{path}");
    }
    // A folder is served by its index page, never listed; without its slash it redirects.
    let (status, head, _) = server.get("/en/guides");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /en/guides/"), "{head}");
    let (status, _, _) = server.get("/en/");
    assert_eq!(status, 200);
    std::fs::create_dir_all(site.output().join("empty")).expect("mkdir");
    assert_eq!(server.get("/empty/").0, 404);
    // Only reading is allowed.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    write!(
        stream,
        "DELETE /en/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 405"), "{reply}");
}

#[test]
fn after_a_series_of_edits_the_served_site_equals_a_clean_build() {
    let site = Site::fixture("data_site");
    // With the Kazakh editions, whose pages a partial rebuild must keep or redo like the rest.
    edit(
        &site.root.join("bagdar.yaml"),
        "description: \"Сынақ сайты\"}",
        "description: \"Сынақ сайты\", editions: [Arab, Latn]}",
    );
    let (server, _events) = start_listening(&site);
    let guides = site.root.join("content/guides");
    let mut steps = 0;
    let mut step = |what: &dyn Fn()| {
        what();
        server.wait_line("Rebuilt in");
        steps += 1;
        same_as_a_clean_build(&site, steps);
    };
    step(&|| {
        edit(
            &guides.join("quota.en.md"),
            "title: \"Quota\"",
            "title: \"Quota 2026\"",
        )
    });
    step(&|| {
        std::fs::write(
            guides.join("arrival.kk.md"),
            "---\ntitle: \"Келу\"\nreviewed: 2026-11-01\n---\n\n## Алғашқы күн {#first}\n\nМәтін.\n",
        )
        .expect("write")
    });
    step(&|| {
        std::fs::rename(
            guides.join("arrival.kk.md"),
            guides.join("first-days.kk.md"),
        )
        .expect("rename")
    });
    step(&|| {
        std::fs::write(
            guides.join("first-days.ru.md"),
            "---\ntitle: \"Первые дни\"\nreviewed: 2026-11-01\n---\n\nСм. [квоту](@/guides/quota) и [](@/guides/quota).\n",
        )
        .expect("write")
    });
    // A guide whose title another guide's link shows (a link without text).
    step(&|| {
        edit(
            &guides.join("quota.en.md"),
            "title: \"Quota 2026\"",
            "title: \"Quota 2027\"",
        )
    });
    // A guide that starts, then stops, mentioning a region: that region's page changes.
    step(&|| {
        std::fs::write(
            guides.join("jetisu-note.en.md"),
            "---\ntitle: \"Jetisu note\"\nreviewed: 2026-11-01\n---\n\nSee {{ region(id=\"jetisu\") }}.\n",
        )
        .expect("write")
    });
    step(&|| {
        edit(
            &guides.join("jetisu-note.en.md"),
            "See {{ region(id=\"jetisu\") }}.",
            "See nothing.",
        )
    });
    // A news item: it appears on the home page, the news list, its region's page and the
    // feeds; an edit of its title changes all of them; then it goes.
    let news = site.root.join("content/news");
    step(&|| {
        std::fs::create_dir_all(news.join("2026")).expect("mkdir");
        std::fs::write(
            news.join("2026/quota-used.en.md"),
            "---\ntitle: \"Quota used up\"\ndate: 2026-11-01\nregions: [pavlodar]\n---\n\nSee [the quota](@/guides/quota).\n",
        )
        .expect("write")
    });
    step(&|| {
        edit(
            &news.join("2026/quota-used.en.md"),
            "title: \"Quota used up\"",
            "title: \"The 2026 quota is used up\"",
        )
    });
    step(&|| std::fs::remove_file(news.join("2026/quota-used.en.md")).expect("remove"));
    step(&|| {
        edit(
            &site.root.join("content/vacancies/vacancies.csv"),
            "Врач 0,",
            "Врач общей практики,",
        )
    });
    step(&|| {
        edit(
            &site.root.join("content/regions/pavlodar.yaml"),
            "\"Pavlodar Region\"",
            "\"Pavlodar Oblast\"",
        )
    });
    step(&|| {
        let style = site.root.join("themes/default/static/style.css");
        let mut css = std::fs::read_to_string(&style).expect("css");
        css.push_str("\n/* edited */\n");
        std::fs::write(style, css).expect("write");
    });
    step(&|| {
        let base = site.root.join("themes/default/templates/base.html");
        let html = std::fs::read_to_string(&base).expect("base");
        std::fs::write(base, html.replacen("</body>", "<!-- edited --></body>", 1)).expect("write");
    });
    step(&|| std::fs::remove_file(guides.join("first-days.ru.md")).expect("remove"));
    let fresh = common::snapshot(&site.output());
    assert!(fresh.keys().any(|p| p.ends_with("first-days/index.html")));

    // The region's new English name is what its page serves.
    let page = server.page("/en/regions/pavlodar/");
    assert!(page.contains("Pavlodar Oblast"), "{page}");
    assert!(!page.contains("Pavlodar Region"), "{page}");
}

/// Waits until the served output equals a clean `bagdar build` of the sources as they are
/// (the search index is rebuilt in the background, so it may lag a moment).
fn same_as_a_clean_build(site: &Site, step: usize) {
    let fresh = site.tmp.path().join(format!("fresh-{step}"));
    let out = common::bagdar(&[
        "build",
        "--root",
        site.root.to_str().expect("utf-8"),
        "--output",
        fresh.to_str().expect("utf-8"),
        "--today",
        "2026-11-23",
        "--base-url",
        "relative",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let expected = common::snapshot(&fresh);
    let deadline = Instant::now() + WAIT;
    loop {
        // A snapshot taken while a rebuild swaps the folder is retried.
        let served = common::try_snapshot(&site.output()).unwrap_or_default();
        if served == expected {
            return;
        }
        if Instant::now() > deadline {
            let differ: Vec<_> = expected
                .keys()
                .chain(served.keys())
                .filter(|p| expected.get(*p) != served.get(*p))
                .take(20)
                .collect();
            panic!("after step {step}, the served site differs from a clean build: {differ:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Server {
    /// Panics unless the process is still running and answers a page.
    fn assert_alive(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("bagdar serve exited: {status:?}");
        }
        let (status, _, _) = self.get("/en/");
        assert_eq!(status, 200, "bagdar serve still answers");
    }
}
