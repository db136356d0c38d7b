//! The fuzz targets' seed inputs (`fuzz/seeds/<target>/`) and the test fixtures, through the
//! targets' own properties (`fuzz/properties.rs`), on a 256 KiB stack like `scripts/fuzz.sh`
//! gives them. This is the fuzzing smoke `cargo test` runs: libFuzzer itself runs by hand
//! (`scripts/fuzz.sh`), and the inputs it finds are added to the seeds, so they stay covered
//! here. The proptests in `lint`, `adr` and `docfile` cover random input.

// The crate bans file reads so that its code stays pure; this test reads its inputs from
// disk, as a harness does, and hands the domain only text.
#![allow(clippy::disallowed_methods)]

#[path = "../fuzz/properties.rs"]
mod properties;

use std::path::{Path, PathBuf};

/// Every file under `dir`, recursively.
fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// The inputs of `target`: its seeds, and the fixtures every target reads too, as text.
fn inputs(target: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    files_under(&root.join("fuzz/seeds").join(target), &mut files);
    assert!(!files.is_empty(), "no seeds for {target}");
    files_under(&root.join("tests/fixtures"), &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let text = String::from_utf8(std::fs::read(&path).ok()?).ok()?;
            Some((path, text))
        })
        .collect()
}

/// Runs every input of `target` through `property` on a small stack.
fn check(target: &'static str, property: fn(&Path, &str)) {
    let thread = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            for (path, text) in inputs(target) {
                eprintln!("{}", path.display());
                property(&path, &text);
            }
        })
        .expect("a thread");
    if thread.join().is_err() {
        panic!("an input failed the {target} target's property: the last path printed");
    }
}

#[test]
fn lint_seeds_agree_with_the_nesting_budget() {
    check("lint_markdown", |_, text| properties::lint_markdown(text));
}

#[test]
fn front_matter_seeds_read_back_what_they_write() {
    check("front_matter", |_, text| properties::front_matter(text));
}

#[test]
fn adr_seeds_read_without_panicking() {
    check("adr_reader", |path, text| {
        let name = path.file_name().and_then(|n| n.to_str());
        properties::adr_reader(name.unwrap_or("0001-fuzz.md"), text);
    });
}

#[test]
fn search_query_seeds_keep_to_the_budgets() {
    check("search_query", |_, text| {
        properties::search_query(text);
        // Repeated past the input budget, so the cut is exercised too.
        properties::search_query(&text.repeat(1_000 / text.len().max(1) + 2));
    });
}
