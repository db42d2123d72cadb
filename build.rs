//! Builds the browser search runtime (crates/bagdar-wasm) for `wasm32-unknown-unknown` from
//! source, so `bagdar` can ship it in every site it builds. The runtime is a workspace of its
//! own (its own Cargo.lock and size profiles), compiled by a nested cargo into its own target
//! folder (no lock shared with this build), with the size profile `wasm`, shrunk further with
//! `wasm-opt` when it is installed, and gzip-compressed here once, as every site ships it.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";

fn main() {
    for path in [
        "crates/bagdar-wasm",
        "crates/bagdar-search",
        "crates/bagdar-analysis",
        "crates/bagdar-script",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    println!("cargo:rerun-if-env-changed=BAGDAR_SKIP_WASM_OPT");
    println!("cargo:rerun-if-env-changed=BAGDAR_WASM_PREBUILT");
    // A runtime built earlier (the fuzzers build the library with another toolchain and
    // sanitizer flags, and must neither rebuild the runtime nor need a wasm target for it).
    if let Some(prebuilt) = env::var_os("BAGDAR_WASM_PREBUILT") {
        let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
            .join("bagdar_search.wasm");
        std::fs::copy(&prebuilt, &out)
            .unwrap_or_else(|e| panic!("BAGDAR_WASM_PREBUILT {}: {e}", prebuilt.to_string_lossy()));
        println!("cargo:rustc-env=BAGDAR_WASM={}", compress(&out).display());
        return;
    }
    let manifest_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let target_dir = manifest_dir.join("target").join("wasm-runtime");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());

    ensure_target();
    let mut command = Command::new(&cargo);
    command
        .current_dir(&manifest_dir)
        .args([
            "build",
            "--manifest-path",
            "crates/bagdar-wasm/Cargo.toml",
            "--lib",
            "--target",
            TARGET,
            "--profile",
            "wasm",
            "--locked",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        .arg("--config")
        .arg(remapped_paths(&manifest_dir))
        // The outer build's flags are for the host; the runtime gets its own from
        // .cargo/config.toml.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS");
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("could not run cargo to build the search runtime: {e}"));
    if !status.success() {
        panic!(
            "building the browser search runtime (crates/bagdar-wasm for {TARGET}) failed; \
             make sure the target is installed: rustup target add {TARGET}"
        );
    }
    let built = target_dir
        .join(TARGET)
        .join("wasm")
        .join("bagdar_wasm.wasm");
    let out =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bagdar_search.wasm");
    if !optimise(&built, &out) {
        std::fs::copy(&built, &out).unwrap_or_else(|e| panic!("copying {}: {e}", built.display()));
    }
    println!("cargo:rustc-env=BAGDAR_WASM={}", compress(&out).display());
}

/// The module gzip-compressed (at the best level: it is done once per build of `bagdar`),
/// beside it as `.gz`. The header has no time or name, so the bytes depend on the module alone.
fn compress(wasm: &Path) -> PathBuf {
    use std::io::Write;
    let bytes = std::fs::read(wasm).unwrap_or_else(|e| panic!("{}: {e}", wasm.display()));
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(&bytes)
        .unwrap_or_else(|e| panic!("compressing the runtime: {e}"));
    let compressed = encoder
        .finish()
        .unwrap_or_else(|e| panic!("compressing the runtime: {e}"));
    let out = wasm.with_extension("wasm.gz");
    std::fs::write(&out, compressed).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    out
}

/// Rust flags that write the source paths compiled into
/// the runtime (its panic locations) relative to the checkout and to cargo's home. Without
/// them the runtime every site ships names the folders of the machine that built it, and two
/// checkouts of the same commit build runtimes of different bytes and names.
fn remapped_paths(workspace: &Path) -> String {
    let mut flags = vec![format!(
        "--remap-path-prefix={}=bagdar",
        workspace.display()
    )];
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    if let Some(home) = cargo_home {
        flags.push(format!("--remap-path-prefix={}=cargo", home.display()));
    }
    let quoted: Vec<String> = flags
        .iter()
        .map(|flag| format!("\"{}\"", flag.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    format!("target.{TARGET}.rustflags=[{}]", quoted.join(", "))
}

/// Adds the wasm target with rustup when it is missing (rust-toolchain.toml names it, but
/// not every rustup installs listed targets on its own).
fn ensure_target() {
    let sysroot = Command::new(env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let installed = sysroot.is_some_and(|root| root.join("lib/rustlib").join(TARGET).is_dir());
    if !installed {
        let added = Command::new("rustup")
            .args(["target", "add", TARGET])
            .status()
            .is_ok_and(|s| s.success());
        if !added {
            println!("cargo:warning=the {TARGET} target is missing and rustup could not add it");
        }
    }
}

/// Runs `wasm-opt -Oz` in release builds when it is installed; true when it wrote `out`.
fn optimise(input: &Path, out: &Path) -> bool {
    let release = env::var("PROFILE").is_ok_and(|p| p == "release");
    if !release || env::var_os("BAGDAR_SKIP_WASM_OPT").is_some() {
        return false;
    }
    Command::new("wasm-opt")
        .arg("-Oz")
        .args([
            "--enable-bulk-memory",
            "--enable-sign-ext",
            "--enable-nontrapping-float-to-int",
            "--enable-mutable-globals",
        ])
        .arg(input)
        .arg("-o")
        .arg(out)
        .status()
        .is_ok_and(|s| s.success())
}
