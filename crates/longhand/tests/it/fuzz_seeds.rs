//! The fuzz targets' seed inputs (`crates/longhand/fuzz/seeds/<target>/`) through the same
//! properties as the targets, on a 256 KiB stack like `scripts/fuzz.sh` gives them. Building
//! the fuzz targets of this crate takes minutes, so `cargo test` runs this deterministic smoke
//! instead; inputs the fuzzer finds are added to the seeds and stay covered here.

use longhand::cli::config::FileConfig;
use longhand_core::formats::calendar_json::CalendarJson;
use longhand_core::formats::charter_json::CharterJson;
use std::path::PathBuf;

/// Every seed file of a target, as text.
fn seeds(target: &str) -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect()
}

/// Runs every seed of `target` through `property` on a small stack.
fn check_seeds(target: &'static str, property: fn(&str)) {
    let thread = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            for (path, text) in seeds(target) {
                eprintln!("{}", path.display());
                property(&text);
            }
        })
        .unwrap();
    thread.join().expect("a seed failed its target's property");
}

#[test]
fn render_markdown_seeds_render_without_scripts() {
    check_seeds("render_markdown", |text| {
        let html = longhand_core::render::to_html(text);
        assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    });
}

#[test]
fn member_calendar_json_seeds_read_back_what_they_write() {
    check_seeds("member_calendar_json", |text| {
        if let Ok(calendar) = CalendarJson::parse_text(text) {
            let written = CalendarJson::text_of(&calendar);
            assert!(CalendarJson::parse_text(&written).is_ok(), "{written}");
        }
    });
}

#[test]
fn charter_json_seeds_read_back_what_they_write() {
    check_seeds("charter_json", |text| {
        if let Ok(charter) = CharterJson::parse_text(text) {
            let written = CharterJson::text_of(&charter);
            assert!(CharterJson::parse_text(&written).is_ok(), "{written}");
        }
    });
}

#[test]
fn config_toml_seeds_parse_or_fail_cleanly() {
    check_seeds("config_toml", |text| {
        let _ = toml::from_str::<FileConfig>(text);
    });
}
