//! `bagdar serve`: build, serve the output, watch the sources, rebuild what changed, and
//! tell open pages.
//!
//! Three kinds of threads: the HTTP server ([`http`]), one thread per open request; the
//! watcher (`notify`), which only forwards paths; and the caller's thread, which owns the
//! [`rebuild::Rebuilder`] and does every write, so writes never race. The search index is
//! rebuilt on a thread of its own (it takes seconds on a large site) and handed back to the
//! rebuilding thread to write; at most one runs at a time.

pub mod http;
pub(crate) mod rebuild;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::output::OutputLock;
use crate::pipeline::{Changed as Dirty, Sources};
use crate::site::{self, BuildError, BuildOptions};
use crate::url::BaseUrl;
use rebuild::Rebuilder;

/// What `bagdar serve` was asked to do.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The build's options; the base URL is always relative, so the site works at the
    /// server's address.
    pub build: BuildOptions,
    /// The address to listen on (loopback unless told otherwise).
    pub bind: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
}

/// Why serving stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The build options are wrong (exit status 2).
    #[error("{0}")]
    Usage(String),
    /// The address could not be listened on, or the sources not watched.
    #[error("{0}")]
    Io(String),
}

/// What the program prints as it goes (the command line prints it; tests read it).
pub trait Report: Send {
    /// A line for the editor.
    fn line(&mut self, text: &str);
}

enum Message {
    Changed(Vec<PathBuf>),
    Indexed(u64, Result<crate::index::bundle::Files, String>),
    Stop,
}

/// One problem as an open page shows it.
#[derive(Serialize)]
struct Shown<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    code: &'a str,
    text: String,
}

fn problems_json(problems: &[Diagnostic]) -> String {
    let shown: Vec<Shown> = problems
        .iter()
        .map(|d| Shown {
            file: d.file.display().to_string(),
            line: d.line,
            column: d.column,
            code: d.code.as_str(),
            text: d.to_string(),
        })
        .collect();
    serde_json::json!({ "problems": shown }).to_string()
}

/// Builds, serves and rebuilds until Ctrl-C. `on_ready` gets the site's address once the
/// server listens.
pub fn serve(
    options: ServeOptions,
    report: &mut dyn Report,
    on_ready: &dyn Fn(&str),
) -> Result<(), ServeError> {
    let mut build = options.build.clone();
    build.base_url = Some(BaseUrl::Relative);
    let root = site::canonical_root(&build.root).map_err(|e| ServeError::Usage(e.to_string()))?;
    build.root = root.clone();

    let (sources, output) = site::resolve(&build).map_err(|e| ServeError::Usage(e.to_string()))?;
    // Held for the whole session: a build into the same folder would undo the rebuilds.
    let lock = OutputLock::acquire(&output).map_err(|e| ServeError::Io(e.to_string()))?;

    let live = Arc::new(http::Live::default());
    let started = Instant::now();
    let rebuilder = match site::build_into(&sources, &output, &lock) {
        Ok((built, kept)) => {
            for warning in &built.warnings {
                report.line(warning.to_string().trim_end());
            }
            report.line(&format!(
                "Built {} pages into {} in {} ms",
                built.pages,
                built.output.display(),
                built.elapsed.as_millis()
            ));
            live.set_site_ready(true);
            Some(Rebuilder::new(kept, output.clone()))
        }
        Err(BuildError::Usage(message)) => return Err(ServeError::Usage(message)),
        Err(error) => {
            report_failure(report, &live, &rebuild::problems(error));
            live.set_site_ready(false);
            None
        }
    };

    let listen_error = |e: &dyn std::fmt::Display| {
        ServeError::Io(format!(
            "cannot listen on {}:{}: {e}",
            options.bind, options.port
        ))
    };
    let listener = std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(|e| listen_error(&e))?;
    // Pages go out in one piece: without this, Nagle's algorithm meets the browser's delayed
    // acknowledgement and responses stall 40 ms on loopback. Accepted connections inherit
    // the option from the listener on Linux.
    rustix::net::sockopt::set_tcp_nodelay(&listener, true).map_err(|e| listen_error(&e))?;
    let server = tiny_http::Server::from_listener(listener, None).map_err(|e| listen_error(&e))?;
    let server = Arc::new(server);
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| ServeError::Io("the server has no IP address".to_owned()))?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let (server, output, live, stop) = (
            Arc::clone(&server),
            output.clone(),
            Arc::clone(&live),
            Arc::clone(&stop),
        );
        std::thread::spawn(move || http::run(server, output, live, stop));
    }

    let (sender, receiver) = mpsc::channel();
    let watcher_sender = sender.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading a file is not changing it (the rebuild itself reads every source).
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            let _ = watcher_sender.send(Message::Changed(event.paths));
        }
    })
    .map_err(|e| ServeError::Io(format!("cannot watch the sources: {e}")))?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| ServeError::Io(format!("cannot watch {}: {e}", root.display())))?;
    for dir in SOURCE_DIRS {
        let dir = root.join(dir);
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| ServeError::Io(format!("cannot watch {}: {e}", dir.display())))?;
        }
    }
    {
        let sender = sender.clone();
        // Ctrl-C stops the loop between rebuilds, so no write is cut short.
        let _ = ctrlc::set_handler(move || {
            let _ = sender.send(Message::Stop);
        });
    }
    let url = format!("http://{address}/");
    report.line(&format!(
        "Serving {} at {url} (started in {} ms; Ctrl-C to stop)",
        output.display(),
        started.elapsed().as_millis()
    ));
    on_ready(&url);

    let mut session = Session {
        sources,
        lock,
        root,
        output,
        rebuilder,
        live: Arc::clone(&live),
        sender: sender.clone(),
        indexing: false,
        index_wanted: false,
    };
    while let Ok(message) = receiver.recv() {
        match message {
            Message::Stop => break,
            Message::Indexed(generation, result) => session.indexed(generation, result, report),
            Message::Changed(paths) => {
                watch_again(&mut watcher, &session.root, &paths, report);
                // Editors save in bursts (write a temporary file, rename it, touch the
                // folder): wait for a short quiet moment and take them all at once.
                let mut dirty = session.classify(&paths);
                let mut stop_after = false;
                // A finished index is written after this rebuild (which makes it stale, or
                // not); sending it back to the channel would have it received again at once.
                let mut indexed = None;
                let deadline = Instant::now() + Duration::from_millis(250);
                while let Ok(next) = receiver.recv_timeout(Duration::from_millis(15)) {
                    match next {
                        Message::Changed(paths) => {
                            watch_again(&mut watcher, &session.root, &paths, report);
                            dirty.merge(session.classify(&paths));
                        }
                        Message::Stop => stop_after = true,
                        Message::Indexed(generation, result) => {
                            indexed = Some((generation, result))
                        }
                    }
                    if Instant::now() > deadline {
                        break;
                    }
                }
                if stop_after {
                    break;
                }
                session.changed(dirty, report);
                if let Some((generation, result)) = indexed {
                    session.indexed(generation, result, report);
                }
            }
        }
    }
    stop.store(true, Ordering::SeqCst);
    server.unblock();
    drop(watcher);
    report.line("Stopped");
    Ok(())
}

/// The source folders, each watched recursively (the root itself only for its own files).
const SOURCE_DIRS: [&str; 3] = ["content", "themes", "static"];

/// Watches a source folder again when it appears at the root: created after the start, or
/// moved away and back (a checkout, a sync tool), it would otherwise go unwatched, its inotify
/// watches dropped with the folder that left.
fn watch_again(
    watcher: &mut impl Watcher,
    root: &std::path::Path,
    paths: &[PathBuf],
    report: &mut dyn Report,
) {
    for dir in SOURCE_DIRS.map(|d| root.join(d)) {
        if paths.contains(&dir) && dir.is_dir() {
            let _ = watcher.unwatch(&dir);
            if let Err(e) = watcher.watch(&dir, RecursiveMode::Recursive) {
                report.line(&format!("error: cannot watch {}: {e}", dir.display()));
            }
        }
    }
}

/// The rebuilding thread's state.
struct Session {
    sources: Sources,
    /// The output's lock, held while the session lasts.
    lock: OutputLock,
    root: PathBuf,
    output: PathBuf,
    /// None while the first build has errors.
    rebuilder: Option<Rebuilder>,
    live: Arc<http::Live>,
    sender: mpsc::Sender<Message>,
    /// Whether an index is being built.
    indexing: bool,
    /// Whether another is needed when it is done.
    index_wanted: bool,
}

impl Session {
    fn classify(&self, paths: &[PathBuf]) -> Dirty {
        let mut dirty = Dirty::default();
        for path in paths {
            dirty.merge(rebuild::classify(&self.root, &self.output, path));
        }
        dirty
    }

    /// Rebuilds after a change and tells open pages.
    fn changed(&mut self, dirty: Dirty, report: &mut dyn Report) {
        if dirty.is_clean() {
            return;
        }
        let Some(rebuilder) = self.rebuilder.as_mut() else {
            // No good build yet: try a whole one.
            match site::build_into(&self.sources, &self.output, &self.lock) {
                Ok((built, kept)) => {
                    for warning in &built.warnings {
                        report.line(warning.to_string().trim_end());
                    }
                    report.line(&format!(
                        "Built {} pages in {} ms",
                        built.pages,
                        built.elapsed.as_millis()
                    ));
                    self.rebuilder = Some(Rebuilder::new(kept, self.output.clone()));
                    self.live.set_site_ready(true);
                    self.live.clear_problems_quietly();
                    self.live.broadcast("reload", "{}");
                }
                Err(error) => report_failure(report, &self.live, &rebuild::problems(error)),
            }
            return;
        };
        match rebuilder.rebuild(dirty) {
            Ok(done) => {
                for warning in &done.warnings {
                    report.line(warning.to_string().trim_end());
                }
                let [load, model, render, write] = done.stages.map(|d| d.as_millis());
                report.line(&format!(
                    "Rebuilt in {} ms: {} pages rendered, {} files changed \
                     (load {load} · model {model} · render {render} · write {write} ms)",
                    done.elapsed.as_millis(),
                    done.rendered,
                    done.changed.len()
                ));
                if done.changed.is_empty() {
                    self.live.set_problems(None);
                } else {
                    self.live.clear_problems_quietly();
                    let changed = serde_json::json!({ "changed": done.changed });
                    self.live.broadcast("reload", &changed.to_string());
                }
                if done.reindex {
                    self.start_index();
                }
            }
            Err(problems) => report_failure(report, &self.live, &problems),
        }
    }

    /// Builds the search index on a thread of its own; one at a time, the latest last.
    fn start_index(&mut self) {
        if self.indexing {
            self.index_wanted = true;
            return;
        }
        let Some(rebuilder) = self.rebuilder.as_ref() else {
            return;
        };
        let (site, generation) = rebuilder.site();
        let sender = self.sender.clone();
        self.indexing = true;
        std::thread::spawn(move || {
            let result = crate::pipeline::index_files(&site).map_err(|e| e.to_string());
            let _ = sender.send(Message::Indexed(generation, result));
        });
    }

    /// Writes a finished index, unless the site changed meanwhile.
    fn indexed(
        &mut self,
        generation: u64,
        result: Result<crate::index::bundle::Files, String>,
        report: &mut dyn Report,
    ) {
        self.indexing = false;
        if let Some(rebuilder) = self.rebuilder.as_mut() {
            match result.map(|files| rebuilder.apply_index(generation, files)) {
                Ok(Ok(Some(changed))) if !changed.is_empty() => {
                    report.line("Search index updated");
                }
                Ok(Ok(_)) => {}
                Ok(Err(e)) => report.line(&format!("error: writing the search index: {e}")),
                Err(e) => report.line(&format!("error: building the search index: {e}")),
            }
        }
        if std::mem::take(&mut self.index_wanted) {
            self.start_index();
        }
    }
}

fn report_failure(report: &mut dyn Report, live: &http::Live, problems: &[Diagnostic]) {
    for problem in problems {
        report.line(problem.to_string().trim_end());
    }
    report.line(&format!(
        "The build failed with {} problem(s); the last good site stays served",
        problems.len()
    ));
    live.set_problems(Some(problems_json(problems)));
}
