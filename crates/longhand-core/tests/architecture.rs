//! The layers the compiler cannot see, checked on the source: which crate may depend on what,
//! and which module of the core may name which.
//!
//! Between crates the compiler does most of the work: `store` is private to the core, so the
//! web surface and the command line cannot name a query. What it cannot stop is a crate adding
//! a dependency that goes around the layers (the web crate taking `sqlx` and opening its own
//! connection, the domain crate taking `tokio`), or, inside the core, a low module reaching up
//! (`store` calling `ops`, `ops` calling the worker). These tests fail on either.

use std::path::{Path, PathBuf};

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the core crate sits in crates/")
        .to_path_buf()
}

/// The names in a manifest's `[dependencies]` table (not dev- or build-dependencies).
fn dependencies(krate: &str) -> Vec<String> {
    let path = crates_dir().join(krate).join("Cargo.toml");
    let text = std::fs::read_to_string(&path).expect("a manifest");
    let mut inside = false;
    let mut names = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if inside && let Some((name, _)) = line.split_once('=') {
            names.push(name.trim().trim_end_matches(".workspace").to_owned());
        }
    }
    names
}

fn check_dependencies(krate: &str, forbidden: &[&str], why: &str) {
    let found: Vec<String> = dependencies(krate)
        .into_iter()
        .filter(|name| forbidden.contains(&name.as_str()))
        .collect();
    assert!(found.is_empty(), "{krate} depends on {found:?}: {why}");
}

#[test]
fn the_domain_crate_depends_on_no_io_crate() {
    check_dependencies(
        "longhand-domain",
        &[
            "tokio",
            "sqlx",
            "axum",
            "reqwest",
            "hyper",
            "tower",
            "tower-http",
            "serde_json",
            "askama",
            "tracing",
            "longhand-core",
            "longhand-web",
            "longhand-ical",
        ],
        "the domain holds pure rules; IO belongs to longhand-core (DESIGN.md §3.1)",
    );
}

#[test]
fn only_the_core_talks_to_the_database() {
    let why = "only longhand-core opens connections and writes SQL; go through `ops`";
    check_dependencies("longhand-web", &["sqlx"], why);
    check_dependencies("longhand", &["sqlx"], why);
}

#[test]
fn the_core_knows_nothing_of_its_surfaces() {
    check_dependencies(
        "longhand-core",
        &[
            "longhand-web",
            "longhand",
            "axum",
            "askama",
            "tower-http",
            "clap",
        ],
        "the core is called by the web surface and the command line, never the reverse",
    );
    check_dependencies(
        "longhand-web",
        &["longhand", "clap"],
        "the web surface is started by the command line, never the reverse",
    );
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The places in the core's `files` that name a module of a higher layer, comments aside.
fn reaches_up(files: &[&str], higher: &[&str]) -> Vec<String> {
    let src = crates_dir().join("longhand-core/src");
    let mut found = Vec::new();
    for file in files {
        let path = src.join(file);
        let paths = if path.is_dir() {
            rust_files(&path)
        } else {
            vec![path.with_extension("rs")]
        };
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("a source file");
            for (number, line) in text.lines().enumerate() {
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                for module in higher {
                    if code.contains(&format!("crate::{module}")) {
                        let shown = path.strip_prefix(&src).unwrap_or(&path).display();
                        found.push(format!("{shown}:{}: {}", number + 1, code));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn plain_values_reach_no_layer_above_them() {
    let found = reaches_up(
        &[
            "views", "formats", "clock", "tz", "render", "diff", "wording", "outbound",
        ],
        &["store", "ops", "worker"],
    );
    assert!(
        found.is_empty(),
        "plain-value modules reach up:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_store_never_calls_ops_or_the_worker() {
    let found = reaches_up(&["store"], &["ops", "worker"]);
    assert!(
        found.is_empty(),
        "the store reaches up:\n{}",
        found.join("\n")
    );
}

#[test]
fn ops_describe_jobs_but_never_run_them() {
    let found = reaches_up(&["ops"], &["worker"]);
    assert!(
        found.is_empty(),
        "ops reach the worker:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_a_module_reaching_up() {
    // A check that can never fail proves nothing: the store's own files mention `crate::store`
    // on code lines, so asking whether `store` reaches `store` must find them.
    assert!(!reaches_up(&["store"], &["store"]).is_empty());
    assert!(dependencies("longhand-core").contains(&"sqlx".to_owned()));
}
